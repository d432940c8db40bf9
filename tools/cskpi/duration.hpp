#pragma once
/// \file
/// Durations on the command line: a number and a unit, e.g. "20s", "30m", "1.5h", "7d".

#include <string_view>

namespace cskpi::cli {

/// Seconds in each unit a duration may carry (docs/cli.md, "Common to all commands"): s,
/// m (minutes), h, d, w, mo (a month of 365.2425 / 12 days, the mean Gregorian month) and
/// y (365.2425 days).
inline constexpr double seconds_per_minute = 60.0;
inline constexpr double seconds_per_hour = 3600.0;
inline constexpr double seconds_per_day = 86400.0;
inline constexpr double seconds_per_week = 7.0 * seconds_per_day;
inline constexpr double seconds_per_year = 365.2425 * seconds_per_day;  ///< 31,556,952 s.
inline constexpr double seconds_per_month = seconds_per_year / 12.0;    ///< 2,629,746 s.

/// Parses a duration: a non-negative decimal number (a fraction allowed, no sign, no
/// exponent) immediately followed by one of the units s, m, h, d, w, mo, y. Returns seconds.
/// Throws UsageError with a one-line message for anything else: a missing or unknown unit,
/// a negative or non-finite number, text around it.
///
/// Example: `parse_duration("7d")` is 604800.0; `parse_duration("1.5h")` is 5400.0;
/// `parse_duration("7x")` throws (`"7x": unknown unit "x" (use s, m, h, d, w, mo or y)`).
[[nodiscard]] double parse_duration(std::string_view text);

}  // namespace cskpi::cli
