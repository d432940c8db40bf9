#include "cskpi/clv/time_unit.hpp"

#include <chrono>

namespace cskpi::clv {

std::string_view to_string(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::day:
            return "day";
        case TimeUnit::week:
            return "week";
        case TimeUnit::month:
            return "month";
        case TimeUnit::year:
            return "year";
    }
    return "day";
}

std::optional<TimeUnit> parse_time_unit(std::string_view name) noexcept {
    if (name == "day" || name == "d") {
        return TimeUnit::day;
    }
    if (name == "week" || name == "w") {
        return TimeUnit::week;
    }
    if (name == "month" || name == "mo") {
        return TimeUnit::month;
    }
    if (name == "year" || name == "y") {
        return TimeUnit::year;
    }
    return std::nullopt;
}

double duration_between(Timestamp from, Timestamp to, TimeUnit unit) noexcept {
    const double ms = static_cast<double>((to - from).count());
    return ms / (86400000.0 * days_per(unit));
}

}  // namespace cskpi::clv
