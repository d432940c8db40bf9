#pragma once
/// \file
/// Calendar periods (day, ISO week, month) and intervals (15 minutes, 30 minutes, 1 hour) in
/// UTC, a fixed UTC offset or an IANA time zone, for grouping and retention.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cskpi/records.hpp"

namespace cskpi {

/// A calendar period length. Weeks are ISO 8601 weeks (Monday to Sunday; week 1 holds the
/// year's first Thursday), months are calendar months. The intervals (15 and 30 minutes, one
/// hour) are spans of elapsed time that start on the local clock's quarter, half or whole hour.
enum class Period { day, week, month, minutes_15, minutes_30, hour };

/// Whether a period is an interval (15m, 30m, 1h) rather than a calendar period.
[[nodiscard]] constexpr bool is_interval(Period period) noexcept {
    return period == Period::minutes_15 || period == Period::minutes_30 || period == Period::hour;
}

/// The option name: "day", "week", "month", "15m", "30m" or "1h".
///
/// Example: `cskpi::to_string(cskpi::Period::week)` is "week".
[[nodiscard]] std::string_view to_string(Period period) noexcept;

/// Parses "day", "week", "month", "15m", "30m" or "1h"; empty otherwise.
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

/// Where local periods are taken: a fixed UTC offset (the default, UTC), or an IANA time zone
/// from the system's tz database (/usr/share/zoneinfo), whose offset follows daylight saving.
/// Cheap to copy; zones are looked up once, on construction.
///
/// Example: `cskpi::TimeZone{"Europe/Berlin"}.offset_at(t)` is +01:00 or +02:00.
class TimeZone {
  public:
    /// UTC.
    TimeZone() = default;
    /// A fixed offset (implicit: every function taking a TimeZone takes a UtcOffset too).
    TimeZone(UtcOffset offset) noexcept : offset_(offset) {}  // NOLINT(google-explicit-constructor)
    /// An IANA zone such as "America/New_York". Throws InvalidArgument (argument "time_zone")
    /// for a name the tz database does not know.
    explicit TimeZone(std::string_view name);
    /// The zone name, or empty for a fixed offset.
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    /// The fixed offset (for a named zone, UTC: unused).
    [[nodiscard]] UtcOffset fixed_offset() const noexcept { return offset_; }
    /// The offset from UTC at an instant, in seconds (historic local mean times have seconds).
    [[nodiscard]] std::int64_t offset_seconds_at(Timestamp at) const noexcept;
    /// The offset at an instant, as `offset_seconds_at` gives it, and the first instant after
    /// `at` at which it may change (the next daylight-saving or rule change; the largest
    /// Timestamp for a fixed offset or after the last change the zone is followed to).
    ///
    /// Example: `zone.offset_span_at(t).until` is the zone's next transition after t.
    struct OffsetSpan {
        std::int64_t offset_seconds;
        Timestamp until;
    };
    [[nodiscard]] OffsetSpan offset_span_at(Timestamp at) const noexcept;
    /// The offset from UTC, in seconds, of a wall-clock time read in this zone, given as
    /// milliseconds since 1970-01-01T00:00 on that clock: UTC is `local_ms` minus it. A time
    /// the clocks skip (02:30 on 2025-03-09 in America/New_York) takes the offset before the
    /// change, so it reads as the instant 03:30 EDT; a time they repeat (01:30 on
    /// 2025-11-02) is the first one, in the offset before the change (EDT). This is the rule
    /// of Python's zoneinfo for fold = 0 and of RFC 5545 for DATE-TIME values.
    ///
    /// Example: `TimeZone{"America/New_York"}.offset_seconds_of_local(local)` is -14400 in July.
    [[nodiscard]] std::int64_t offset_seconds_of_local(std::int64_t local_ms) const noexcept;
    friend bool operator==(const TimeZone& a, const TimeZone& b) noexcept {
        return a.offset_ == b.offset_ && a.name_ == b.name_;
    }

  private:
    UtcOffset offset_{};
    std::string name_{};
    const void* zone_ = nullptr;  // the tz database's zone; it lives as long as the program
};

/// The zone of a name, or the fixed offset when the name is empty. Throws like TimeZone.
///
/// Example: `cskpi::make_time_zone("", cskpi::parse_utc_offset("+02:00"))`.
[[nodiscard]] TimeZone make_time_zone(std::string_view name, UtcOffset offset);

/// A period as a consecutive integer: days since 1970-01-01, ISO weeks since the week of
/// Monday 1969-12-29, or months since January 1970, in local time at `offset`. Consecutive
/// periods have consecutive indexes, which retention relies on.
///
/// Example: `cskpi::period_index(t, cskpi::Period::month, {})` is 673 for any t in 2026-02.
/// Intervals are numbered in elapsed time, from 1970-01-01T00:00Z shifted by the part of the
/// local offset that is not a whole number of intervals, so that they start on the local
/// clock's quarter, half or whole hour: interval n starts at n * length - shift (UTC). The
/// repeated hour of a daylight-saving change thus holds two intervals of each start time.
[[nodiscard]] std::int64_t period_index(Timestamp at, Period period, UtcOffset offset) noexcept;

/// The same in a time zone: days, weeks and months of local dates, intervals as above.
///
/// Example: `period_index(t, Period::day, TimeZone{"America/New_York"})`.
[[nodiscard]] std::int64_t period_index(Timestamp at, Period period, const TimeZone& zone) noexcept;

/// The label of a period index in a zone: `period_label(index, period)` for calendar periods;
/// for intervals, the local start time and its offset, "2026-03-08T01:45-05:00" (the two
/// intervals of a repeated hour differ by offset). Throws like `period_label`.
///
/// Example: `period_label(period_index(t, Period::hour, zone), Period::hour, zone)`.
[[nodiscard]] std::string period_label(std::int64_t index, Period period, const TimeZone& zone);

/// The label of a period index: "2026-01-31" (day), "2026-W05" (ISO week, with the ISO
/// week-numbering year, which differs from the calendar year around New Year), "2026-01"
/// (month). Years are proleptic Gregorian with at least four digits, astronomically numbered
/// outside 0001..9999: "10000-01", "0000-02-29" (1 BC), "-0001-12" (2 BC). Throws
/// InvalidArgument (argument "index") for an index that `period_index` cannot return.
///
/// Intervals are labelled in UTC: "2026-03-08T06:45+00:00".
///
/// Example: `cskpi::period_label(cskpi::period_index(t, Period::week, {}), Period::week)`.
[[nodiscard]] std::string period_label(std::int64_t index, Period period);

/// The local date (at the offset) on which a period starts, as "YYYY-MM-DD" (years as in
/// `period_label`); for an interval, its UTC date. Throws InvalidArgument like `period_label`.
///
/// Example: the ISO week "2026-W01" starts on "2025-12-29".
[[nodiscard]] std::string period_start_date(std::int64_t index, Period period);

/// The label of the period holding `at`: `period_label(period_index(at, period, offset), period)`.
///
/// Example: `cskpi::period_of(t, cskpi::Period::day, cskpi::parse_utc_offset("+02:00"))`.
[[nodiscard]] std::string period_of(Timestamp at, Period period, UtcOffset offset);

/// The same in a time zone.
///
/// Example: `cskpi::period_of(t, cskpi::Period::minutes_30, cskpi::TimeZone{"Europe/Berlin"})`.
[[nodiscard]] std::string period_of(Timestamp at, Period period, const TimeZone& zone);

}  // namespace cskpi
