#pragma once
/// \file
/// Time units of the CLV models. Every model time (recency, T, a horizon) is a number of these
/// units, converted exactly: a week is 7 days, a month 365.2425 / 12 days, a year 365.2425 days.

#include <optional>
#include <string_view>

#include "cskpi/records.hpp"

namespace cskpi::clv {

/// The unit in which RFM times and model horizons are expressed.
enum class TimeUnit { day, week, month, year };

/// Length of one unit in days: 1, 7, 365.2425 / 12 (= 30.436875) or 365.2425.
///
/// Example: `days_per(TimeUnit::week) == 7.0`.
[[nodiscard]] constexpr double days_per(TimeUnit unit) noexcept {
    switch (unit) {
        case TimeUnit::day:
            return 1.0;
        case TimeUnit::week:
            return 7.0;
        case TimeUnit::month:
            return 365.2425 / 12.0;
        case TimeUnit::year:
            return 365.2425;
    }
    return 1.0;
}

/// Converts `value` from one unit to another exactly, e.g. 12 months are 365.2425 / 7 weeks.
///
/// Example: `convert(1.0, TimeUnit::month, TimeUnit::week)` is 4.348125.
[[nodiscard]] constexpr double convert(double value, TimeUnit from, TimeUnit to) noexcept {
    return value * days_per(from) / days_per(to);
}

/// The name of a unit: "day", "week", "month" or "year".
[[nodiscard]] std::string_view to_string(TimeUnit unit) noexcept;

/// Parses "day", "week", "month", "year" (also "d", "w", "mo", "y"); empty otherwise.
[[nodiscard]] std::optional<TimeUnit> parse_time_unit(std::string_view name) noexcept;

/// The time from `from` to `to` in `unit`, exactly (negative when `to` is earlier).
///
/// Example: one week between 1997-01-01 and 1997-01-08 gives 1.0 in weeks and 7.0 in days.
[[nodiscard]] double duration_between(Timestamp from, Timestamp to, TimeUnit unit) noexcept;

}  // namespace cskpi::clv
