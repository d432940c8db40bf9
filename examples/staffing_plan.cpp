// A day's staffing plan with Erlang C: for each half hour, the forecast contacts and the
// agents needed for 80% of calls answered within 20 s, at most 85% occupancy, with 30%
// shrinkage on top (breaks, training, absence).
#include <fmt/format.h>

#include <array>
#include <cskpi/staffing.hpp>

int main() {
    // Forecast contacts per 30 minutes from 08:00 to 18:00, a typical inbound day shape.
    constexpr std::array<double, 20> forecast{40,  85,  130, 160, 175, 170, 160, 150, 140, 150,
                                              165, 170, 160, 145, 130, 115, 100, 80,  60,  35};
    constexpr double interval = 30 * 60;
    constexpr double aht = 240;
    const cskpi::StaffingTarget target{.service_level_percent = 80,
                                       .target_seconds = 20,
                                       .max_occupancy_percent = 85,
                                       .shrinkage = 0.30};
    fmt::print("AHT {} s, target 80/20, occupancy <= 85%, shrinkage 30%\n\n", aht);
    fmt::print("{:<6} {:>8} {:>8} {:>7} {:>8} {:>9} {:>8} {:>10}\n", "start", "contacts", "erlangs",
               "agents", "P(wait)", "SL", "ASA", "scheduled");
    std::int64_t agent_hours_x2 = 0;
    for (std::size_t i = 0; i < forecast.size(); ++i) {
        const double traffic = cskpi::traffic_intensity(forecast[i], interval, aht);
        const cskpi::StaffingResult r = cskpi::plan_staffing(traffic, aht, target);
        agent_hours_x2 += r.agents_with_shrinkage;
        fmt::print("{:02}:{:02}  {:>8.0f} {:>8.2f} {:>7} {:>8.3f} {:>8.1f}% {:>6.1f} s {:>10}\n",
                   8 + i / 2, i % 2 * 30, forecast[i], r.traffic_erlangs, r.agents,
                   r.probability_wait, r.service_level, r.asa_seconds.value_or(0.0),
                   r.agents_with_shrinkage);
    }
    fmt::print("\nscheduled agent-hours for the day: {:.1f}\n",
               static_cast<double>(agent_hours_x2) / 2.0);
    return 0;
}
