#pragma once
/// \file
/// Calendar periods (day, ISO week, month) in UTC or a fixed UTC offset, for grouping and
/// retention.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cskpi/records.hpp"

namespace cskpi {

/// A calendar period length. Weeks are ISO 8601 weeks (Monday to Sunday; week 1 holds the
/// year's first Thursday), months are calendar months.
enum class Period { day, week, month };

/// The option name: "day", "week" or "month".
///
/// Example: `cskpi::to_string(cskpi::Period::week)` is "week".
[[nodiscard]] std::string_view to_string(Period period) noexcept;

/// Parses "day", "week" or "month"; empty otherwise.
///
/// Example: `cskpi::parse_period("fortnight")` is empty.
[[nodiscard]] std::optional<Period> parse_period(std::string_view name) noexcept;

/// A fixed offset from UTC, in whole minutes, -23:59 to +23:59.
///
/// Example: `cskpi::UtcOffset{std::chrono::minutes{120}}` is +02:00.
struct UtcOffset {
    std::chrono::minutes minutes{0};
    friend bool operator==(const UtcOffset&, const UtcOffset&) = default;
};

/// Parses "+02:00", "-05:30", "Z" or "+0200". Throws InvalidArgument (argument "utc_offset")
/// for anything else or an offset of 24 hours or more.
///
/// Example: `cskpi::parse_utc_offset("+05:30").minutes.count()` is 330.
[[nodiscard]] UtcOffset parse_utc_offset(std::string_view text);

/// "+02:00" style text; "Z"-free so it can be echoed in reports: `to_string(UtcOffset{})` is
/// "+00:00".
[[nodiscard]] std::string to_string(UtcOffset offset);

/// A period as a consecutive integer: days since 1970-01-01, ISO weeks since the week of
/// Monday 1969-12-29, or months since January 1970, in local time at `offset`. Consecutive
/// periods have consecutive indexes, which retention relies on.
///
/// Example: `cskpi::period_index(t, cskpi::Period::month, {})` is 673 for any t in 2026-02.
[[nodiscard]] std::int64_t period_index(Timestamp at, Period period, UtcOffset offset) noexcept;

/// The label of a period index: "2026-01-31" (day), "2026-W05" (ISO week, with the ISO
/// week-numbering year, which differs from the calendar year around New Year), "2026-01"
/// (month). Years are proleptic Gregorian with at least four digits, astronomically numbered
/// outside 0001..9999: "10000-01", "0000-02-29" (1 BC), "-0001-12" (2 BC). Throws
/// InvalidArgument (argument "index") for an index that `period_index` cannot return.
///
/// Example: `cskpi::period_label(cskpi::period_index(t, Period::week, {}), Period::week)`.
[[nodiscard]] std::string period_label(std::int64_t index, Period period);

/// The local date (at the offset) on which a period starts, as "YYYY-MM-DD" (years as in
/// `period_label`). Throws InvalidArgument like `period_label`.
///
/// Example: the ISO week "2026-W01" starts on "2025-12-29".
[[nodiscard]] std::string period_start_date(std::int64_t index, Period period);

/// The label of the period holding `at`: `period_label(period_index(at, period, offset), period)`.
///
/// Example: `cskpi::period_of(t, cskpi::Period::day, cskpi::parse_utc_offset("+02:00"))`.
[[nodiscard]] std::string period_of(Timestamp at, Period period, UtcOffset offset);

}  // namespace cskpi
