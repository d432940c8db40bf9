#pragma once
/// \file
/// Timestamp text and numbers as sources write them, parsed into cskpi::Timestamp (UTC ms).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cskpi/period.hpp"
#include "cskpi/records.hpp"

namespace cskpi::json {

/// How a source writes a timestamp.
enum class TimeFormat {
    rfc3339,   ///< "2026-01-31T23:59:59.123Z", "2026-01-31T23:59:59+02:00"; also a plain date.
    epoch_s,   ///< Seconds since 1970-01-01 UTC, a JSON number (fractions allowed).
    epoch_ms,  ///< Milliseconds since 1970-01-01 UTC, a JSON number.
    date,      ///< "2026-01-31" (midnight UTC), also "20260131".
};

/// Parses RFC 3339 date-time text with `Z` or a ±hh:mm offset and an optional fraction of
/// any length (truncated to milliseconds), a space allowed for `T` (RFC 3339 section 5.6
/// note), or a plain "YYYY-MM-DD" date (midnight UTC). Empty when the text is not one, or
/// names an impossible date or time (month 13, 30 February, hour 24).
///
/// Example: `cskpi::json::parse_rfc3339("2026-01-31T23:59:59.5+02:00")` is 21:59:59.500 UTC.
[[nodiscard]] std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

/// Parses a calendar date "YYYY-MM-DD" or "YYYYMMDD" as midnight UTC; empty otherwise.
///
/// Example: `cskpi::json::parse_date("19970101")`.
[[nodiscard]] std::optional<Timestamp> parse_date(std::string_view text) noexcept;

/// A number of seconds or milliseconds since the epoch as a Timestamp (rounded to the nearest
/// millisecond); empty when it is not finite or is outside years 0001-9999.
///
/// Example: `cskpi::json::from_epoch(1769904000.0, cskpi::json::TimeFormat::epoch_s)`.
[[nodiscard]] std::optional<Timestamp> from_epoch(double value, TimeFormat format) noexcept;

/// Whether `at` is within 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, the years records
/// may have. `parse_rfc3339` can return an instant just outside them, from a time zone offset
/// on the first or last day ("0001-01-01T00:30:00+01:00").
///
/// Example: `cskpi::json::within_years_1_to_9999(*cskpi::json::parse_rfc3339(text))`.
[[nodiscard]] bool within_years_1_to_9999(Timestamp at) noexcept;

/// Why `pattern` cannot lay out timestamps for parse_with_pattern, or "" when it can. A
/// pattern is literal text and directives: %Y (four-digit year), %m (month, 1 or 2 digits),
/// %b (Jan..Dec, any case), %d (day), %H (hour 0-23), %I (hour 1-12, with %p: AM or PM, any
/// case), %M (minute), %S (second), %f (fraction of a second, 1 to 9 digits, truncated to
/// milliseconds), %z (Z, +hh:mm or +hhmm, overriding the zone) and %% (a '%'). Year, month
/// and day are required, each directive at most once; hours, minutes and seconds left out
/// are 0.
///
/// Example: `time_pattern_problem("%Y-%m-%d %q")` names the unknown directive %q.
[[nodiscard]] std::string time_pattern_problem(std::string_view pattern);

/// Parses `text` laid out exactly as `pattern` (see time_pattern_problem), a local time in
/// `zone` unless it has %z (TimeZone::offset_seconds_of_local says which instant a skipped
/// or repeated local time is). Empty when the text does not match or names an impossible
/// date or time.
///
/// Example: `parse_with_pattern("03/03/2025 8:02 AM", "%m/%d/%Y %I:%M %p",
/// TimeZone{"America/New_York"})` is 2025-03-03T13:02:00Z.
[[nodiscard]] std::optional<Timestamp> parse_with_pattern(std::string_view text,
                                                          std::string_view pattern,
                                                          const TimeZone& zone) noexcept;

/// "2026-01-31T23:59:59.123Z" (the fraction only when non-zero): the canonical text form.
///
/// Example: `cskpi::json::format_rfc3339(t)`.
[[nodiscard]] std::string format_rfc3339(Timestamp at);

}  // namespace cskpi::json
