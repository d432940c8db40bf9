// Uses cskpi exactly as an application would: the core formulas, the JSON adapter with an
// installed preset and, from an installed package, a CLV model fit.
#include <cskpi/json.hpp>
#include <cstdio>
#include <sstream>
#if defined(CONSUMER_USES_CLV)
#include <cskpi/clv.hpp>
#include <string>
#include <vector>
#endif

int main() {
    const cskpi::Rate fcr = cskpi::fcr(850, 1000);
    std::printf("cskpi %s: FCR %.2f%%\n", cskpi::version_string, *fcr.value);
    std::istringstream in(R"({"id":"c-1","started_at":"2026-01-05T09:00:00Z","talk_seconds":60})");
    cskpi::ReportAccumulator acc;
    const auto summary = cskpi::json::read_interactions(
        in, cskpi::json::Mapping::canonical(), {}, [&](cskpi::Interaction&& r) { acc.add(r); });
    std::printf("read %llu, AHT %.0f s\n", static_cast<unsigned long long>(summary.read),
                *acc.report().overall.aht_seconds.value());
#if defined(CONSUMER_USES_CLV)
    const std::vector<cskpi::clv::Rfm> customers{{.frequency = 2, .recency = 30.43, .T = 38.86},
                                                 {.frequency = 0, .recency = 0, .T = 38.86},
                                                 {.frequency = 5, .recency = 35.0, .T = 38.86}};
    const auto fit = cskpi::clv::BgNbd::fit(customers);
    std::printf("%s: P(alive) %.3f\n", std::string(fit.model.name()).c_str(),
                fit.model.p_alive(customers[0]));
#endif
    return fcr.value && *fcr.value == 85.0 && summary.accepted == 1 ? 0 : 1;
}
