// The formula layer on the worked examples of the KPI literature: each KPI from its counts,
// with the interval cskpi reports alongside it.
#include <fmt/format.h>

#include <cskpi/cskpi.hpp>
#include <optional>
#include <string>

namespace {

std::string percent(const cskpi::Rate& rate) {
    if (!rate.value) {
        return "undefined";
    }
    return fmt::format("{:6.2f}%  (95% CI {:.2f} to {:.2f})", *rate.value, rate.ci95->lower,
                       rate.ci95->upper);
}

}  // namespace

int main() {
    fmt::print("cskpi {}: worked examples\n\n", cskpi::version_string);
    fmt::print("{:<34} {}\n", "KPI", "value");
    fmt::print("{:-<34} {:-<40}\n", "", "");

    fmt::print("{:<34} {}\n", "FCR, 850 of 1,000 inquiries", percent(cskpi::fcr(850, 1000)));
    fmt::print("{:<34} {}\n", "CSAT, 750 of 850 respondents", percent(cskpi::csat(750, 850)));

    const cskpi::NpsScore nps = cskpi::nps(650, 250, 100);
    fmt::print("{:<34} {:+.1f} points (margin ±{:.2f})\n", "NPS, 650 / 250 / 100 of 1,000",
               *nps.value, *nps.margin95);

    fmt::print("{:<34} {:.1f} s\n", "AHT, 24,000 s over 1,000 contacts",
               *cskpi::aht(24000.0, 1000));

    const cskpi::QueueCounts queue{.answered = 90,
                                   .answered_within_target = 72,
                                   .short_abandons = 6,
                                   .long_abandons = 10,
                                   .long_abandons_within_target = 4};
    fmt::print("{:<34} {}\n", "Service level, 72 of 90 + 10", percent(cskpi::service_level(queue)));
    fmt::print("{:<34} {}\n", "Abandonment, 10 of 106 - 6",
               percent(cskpi::abandonment_rate(queue.long_abandons, 106, queue.short_abandons)));
    fmt::print("{:<34} {}\n", "Retention, (180 - 20) / 200",
               percent(cskpi::retention_from_counts(200, 180, 20)));
    fmt::print("{:<34} {:.2f}\n", "CLV, margin 100, r 0.8, d 0.1",
               cskpi::margin_multiple_clv(100.0, 0.8, 0.1));
    return 0;
}
