#include "cskpi/period.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <exception>

#include "cskpi/detail/check.hpp"
#include "period_range.hpp"

namespace cskpi {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Floor division for negative timestamps (before 1970).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// 1970-01-01 is a Thursday, so the Monday of its ISO week is day -3.
constexpr std::int64_t kFirstMonday = -3;

// A proleptic Gregorian date with a 64-bit year: std::chrono::year stops at +-32767, far short
// of the days a Timestamp can reach.
struct CivilDate {
    std::int64_t year;
    unsigned month;
    unsigned day;
};

// Days since 1970-01-01 to a date and back (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"), in 64-bit arithmetic, which cannot overflow for the days period_index returns.
CivilDate date_of_day(std::int64_t day) noexcept {
    const std::int64_t z = day + 719'468;
    const std::int64_t era = floor_div(z, 146'097);
    const std::int64_t doe = z - era * 146'097;
    const std::int64_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const auto d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    return CivilDate{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::int64_t day_of_date(std::int64_t year, unsigned month, unsigned day) noexcept {
    const std::int64_t y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146'097 + doe - 719'468;
}

// Four digits at least, as ISO 8601 writes years; a year before year 0 (1 BC) takes a minus
// sign, so every label sorts and reads unambiguously.
std::string year_text(std::int64_t year) {
    return year < 0 ? fmt::format("-{:04}", -year) : fmt::format("{:04}", year);
}

std::string date_text(CivilDate date) {
    return fmt::format("{}-{:02}-{:02}", year_text(date.year), date.month, date.day);
}

// The length of an interval period in milliseconds.
constexpr std::int64_t interval_ms(Period period) noexcept {
    switch (period) {
        case Period::minutes_15:
            return 15 * 60'000;
        case Period::minutes_30:
            return 30 * 60'000;
        default:
            break;
    }
    return 60 * 60'000;
}

// The part of an offset that is not a whole number of intervals, in [0, length).
constexpr std::int64_t interval_shift(std::int64_t offset_ms, std::int64_t length) noexcept {
    const std::int64_t r = offset_ms % length;
    return r < 0 ? r + length : r;
}

// Indexes that keep `index * length - shift` and its local time within 64 bits: period_index
// clamps to them (only the few intervals at the ends of the Timestamp range are affected).
detail::PeriodRange interval_range(Period period) noexcept {
    const std::int64_t length = interval_ms(period);
    return {floor_div(Timestamp::min().time_since_epoch().count(), length) + 2,
            floor_div(Timestamp::max().time_since_epoch().count(), length) - 2};
}

// The interval holding `ms` when local time is `offset_ms` ahead of UTC.
std::int64_t interval_index(std::int64_t ms, Period period, std::int64_t offset_ms) noexcept {
    const std::int64_t length = interval_ms(period);
    const std::int64_t shift = interval_shift(offset_ms, length);
    // floor((ms + shift) / length) without forming ms + shift, which can overflow.
    const std::int64_t remainder = ms % length;
    const std::int64_t index =
        floor_div(ms, length) + ((remainder < 0 ? remainder + length : remainder) + shift) / length;
    const detail::PeriodRange range = interval_range(period);
    return std::clamp(index, range.lowest, range.highest);
}

// The local day of a millisecond count at an offset in milliseconds, without forming
// ms + offset, which overflows within a day of the ends of the Timestamp range.
std::int64_t local_day_ms(std::int64_t ms, std::int64_t offset_ms) noexcept {
    const std::int64_t day = floor_div(ms, kMsPerDay);
    // The remainder, not ms - day * kMsPerDay: that product overflows at Timestamp::min().
    const std::int64_t remainder = ms % kMsPerDay;
    const std::int64_t ms_of_day = remainder < 0 ? remainder + kMsPerDay : remainder;
    return day + floor_div(ms_of_day + offset_ms, kMsPerDay);
}

// The period a millisecond count falls in at an offset in milliseconds: the one rule behind
// both period_index overloads (a fixed offset, or a zone's offset at that instant).
std::int64_t index_at(std::int64_t ms, Period period, std::int64_t offset_ms) noexcept {
    if (is_interval(period)) {
        return interval_index(ms, period, offset_ms);
    }
    const std::int64_t day = local_day_ms(ms, offset_ms);
    switch (period) {
        case Period::day:
            return day;
        case Period::week:
            return floor_div(day - kFirstMonday, 7);
        default:
            break;
    }
    const CivilDate date = date_of_day(day);
    return (date.year - 1970) * 12 + static_cast<std::int64_t>(date.month) - 1;
}

// "2026-03-08T01:45-05:00": the local time of `start_ms` at an offset, with the offset.
std::string interval_text(std::int64_t start_ms, std::int64_t offset_ms) {
    const std::int64_t day = local_day_ms(start_ms, offset_ms);
    const std::int64_t remainder = start_ms % kMsPerDay;
    const std::int64_t ms_of_day = remainder < 0 ? remainder + kMsPerDay : remainder;
    const std::int64_t local =
        ms_of_day + offset_ms - (day - floor_div(start_ms, kMsPerDay)) * kMsPerDay;
    const std::int64_t minute = local / 60'000;
    const std::int64_t offset_minutes = floor_div(offset_ms, 60'000);
    const std::int64_t magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    return fmt::format("{}T{:02}:{:02}{}{:02}:{:02}", date_text(date_of_day(day)), minute / 60,
                       minute % 60, offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

// Rejects an index no timestamp can have, whose date arithmetic could overflow.
void require_reachable(std::int64_t index, Period period, std::string_view function) {
    const detail::PeriodRange range = detail::reachable_periods(period);
    if (!range.contains(index)) {
        throw InvalidArgument(function, "index", std::to_string(index),
                              fmt::format("is outside {} to {}, the {} indexes of timestamps",
                                          range.lowest, range.highest, to_string(period)));
    }
}

}  // namespace

detail::PeriodRange detail::reachable_periods(Period period) noexcept {
    if (is_interval(period)) {
        return interval_range(period);
    }
    constexpr UtcOffset kWest{std::chrono::minutes{-(24 * 60 - 1)}};
    constexpr UtcOffset kEast{std::chrono::minutes{24 * 60 - 1}};
    return {period_index(Timestamp::min(), period, kWest),
            period_index(Timestamp::max(), period, kEast)};
}

std::string_view to_string(Period period) noexcept {
    switch (period) {
        case Period::day:
            return "day";
        case Period::week:
            return "week";
        case Period::month:
            return "month";
        case Period::minutes_15:
            return "15m";
        case Period::minutes_30:
            return "30m";
        case Period::hour:
            break;
    }
    return "1h";
}

std::optional<Period> parse_period(std::string_view name) noexcept {
    if (name == "day") {
        return Period::day;
    }
    if (name == "week") {
        return Period::week;
    }
    if (name == "month") {
        return Period::month;
    }
    if (name == "15m") {
        return Period::minutes_15;
    }
    if (name == "30m") {
        return Period::minutes_30;
    }
    if (name == "1h") {
        return Period::hour;
    }
    return std::nullopt;
}

UtcOffset parse_utc_offset(std::string_view text) {
    const auto fail = [&] {
        throw InvalidArgument("parse_utc_offset", "utc_offset", std::string(text),
                              "is not an offset like +02:00, -05:30 or Z");
    };
    if (text == "Z" || text == "z") {
        return UtcOffset{};
    }
    const bool colon = text.size() == 6 && text[3] == ':';
    if ((!colon && text.size() != 5) || (text[0] != '+' && text[0] != '-')) {
        fail();
    }
    const auto digit = [&](std::size_t i) {
        if (text[i] < '0' || text[i] > '9') {
            fail();
        }
        return text[i] - '0';
    };
    const int hours = digit(1) * 10 + digit(2);
    const std::size_t m = colon ? 4 : 3;
    const int minutes = digit(m) * 10 + digit(m + 1);
    if (hours > 23 || minutes > 59) {
        fail();
    }
    const int total = hours * 60 + minutes;
    return UtcOffset{std::chrono::minutes{text[0] == '-' ? -total : total}};
}

std::string to_string(UtcOffset offset) {
    const auto total = offset.minutes.count();
    const auto magnitude = std::llabs(static_cast<long long>(total));
    return fmt::format("{}{:02}:{:02}", total < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

std::int64_t period_index(Timestamp at, Period period, UtcOffset offset) noexcept {
    return index_at(at.time_since_epoch().count(), period,
                    std::int64_t{offset.minutes.count()} * 60'000);
}

std::string period_start_date(std::int64_t index, Period period) {
    require_reachable(index, period, "period_start_date");
    if (is_interval(period)) {
        return date_text(date_of_day(floor_div(index * interval_ms(period), kMsPerDay)));
    }
    switch (period) {
        case Period::day:
            return date_text(date_of_day(index));
        case Period::week:
            return date_text(date_of_day(kFirstMonday + 7 * index));
        default:
            break;
    }
    const std::int64_t year = 1970 + floor_div(index, 12);
    const auto month = static_cast<unsigned>(index - floor_div(index, 12) * 12 + 1);
    return date_text(CivilDate{year, month, 1});
}

std::string period_label(std::int64_t index, Period period) {
    require_reachable(index, period, "period_label");
    if (is_interval(period)) {
        return interval_text(index * interval_ms(period), 0);
    }
    switch (period) {
        case Period::day:
            return date_text(date_of_day(index));
        case Period::week: {
            // The ISO week-numbering year is the calendar year of the week's Thursday.
            const std::int64_t thursday = kFirstMonday + 7 * index + 3;
            const std::int64_t year = date_of_day(thursday).year;
            const std::int64_t week = (thursday - day_of_date(year, 1, 1)) / 7 + 1;
            return fmt::format("{}-W{:02}", year_text(year), week);
        }
        default:
            break;
    }
    const std::int64_t year = 1970 + floor_div(index, 12);
    const auto month = static_cast<unsigned>(index - floor_div(index, 12) * 12 + 1);
    return fmt::format("{}-{:02}", year_text(year), month);
}

std::string period_of(Timestamp at, Period period, UtcOffset offset) {
    return period_label(period_index(at, period, TimeZone{offset}), period, TimeZone{offset});
}

TimeZone::TimeZone(std::string_view name) : name_(name) {
    try {
        zone_ = date::locate_zone(name);
    } catch (const std::exception& e) {
        throw InvalidArgument("TimeZone", "time_zone", std::string(name),
                              fmt::format("is not a time zone of the tz database ({})", e.what()));
    }
}

TimeZone make_time_zone(std::string_view name, UtcOffset offset) {
    return name.empty() ? TimeZone{offset} : TimeZone{name};
}

// The tz database's dates stop at year 32767: instants beyond 1800..2500 take the offset at
// the nearer end, which is a zone's local mean time before and its last rule after.
constexpr std::int64_t kEarliestZoneSecond = -5'364'662'400;  // 1800-01-01T00:00Z
constexpr std::int64_t kLatestZoneSecond = 16'725'225'600;    // 2500-01-01T00:00Z

std::int64_t TimeZone::offset_seconds_at(Timestamp at) const noexcept {
    return offset_span_at(at).offset_seconds;
}

TimeZone::OffsetSpan TimeZone::offset_span_at(Timestamp at) const noexcept {
    constexpr Timestamp kNever = Timestamp::max();
    if (zone_ == nullptr) {
        return {std::int64_t{offset_.minutes.count()} * 60, kNever};
    }
    const std::int64_t second = floor_div(at.time_since_epoch().count(), 1000);
    const std::int64_t seconds = std::clamp(second, kEarliestZoneSecond, kLatestZoneSecond);
    const auto* zone = static_cast<const date::time_zone*>(zone_);
    const date::sys_info info = zone->get_info(date::sys_seconds{std::chrono::seconds{seconds}});
    const auto instant = [](std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; };
    if (second < kEarliestZoneSecond) {
        return {info.offset.count(), instant(kEarliestZoneSecond)};
    }
    if (second >= kLatestZoneSecond) {
        return {info.offset.count(), kNever};
    }
    const std::int64_t until =
        std::min<std::int64_t>(info.end.time_since_epoch().count(), kLatestZoneSecond);
    return {info.offset.count(), instant(until)};
}

std::int64_t TimeZone::offset_seconds_of_local(std::int64_t local_ms) const noexcept {
    if (zone_ == nullptr) {
        return std::int64_t{offset_.minutes.count()} * 60;
    }
    // For a skipped or repeated local time get_info's `first` is the period before the change.
    const std::int64_t seconds =
        std::clamp(floor_div(local_ms, 1000), kEarliestZoneSecond, kLatestZoneSecond);
    const auto* zone = static_cast<const date::time_zone*>(zone_);
    const date::local_seconds when{std::chrono::seconds{seconds}};
    return zone->get_info(when).first.offset.count();
}

std::int64_t period_index(Timestamp at, Period period, const TimeZone& zone) noexcept {
    return index_at(at.time_since_epoch().count(), period, zone.offset_seconds_at(at) * 1000);
}

std::string period_label(std::int64_t index, Period period, const TimeZone& zone) {
    if (!is_interval(period)) {
        return period_label(index, period);
    }
    require_reachable(index, period, "period_label");
    const std::int64_t length = interval_ms(period);
    // The shift of period_index, from the offset at the unshifted start; then the offset in
    // force at the interval's start names its local time.
    const std::int64_t unshifted = index * length;
    const auto at = [](std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); };
    const std::int64_t start =
        unshifted - interval_shift(zone.offset_seconds_at(at(unshifted)) * 1000, length);
    return interval_text(start, zone.offset_seconds_at(at(start)) * 1000);
}

std::string period_of(Timestamp at, Period period, const TimeZone& zone) {
    return period_label(period_index(at, period, zone), period, zone);
}

}  // namespace cskpi
