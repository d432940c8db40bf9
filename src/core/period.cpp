#include "cskpi/period.hpp"

#include <fmt/format.h>

#include <cstdlib>

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

// The day a timestamp falls on at an offset, without forming timestamp + offset, which
// overflows within a day of the ends of the Timestamp range.
std::int64_t local_day(Timestamp at, UtcOffset offset) noexcept {
    const std::int64_t ms = at.time_since_epoch().count();
    const std::int64_t day = floor_div(ms, kMsPerDay);
    // The remainder, not ms - day * kMsPerDay: that product overflows at Timestamp::min().
    const std::int64_t remainder = ms % kMsPerDay;
    const std::int64_t ms_of_day = remainder < 0 ? remainder + kMsPerDay : remainder;
    return day + floor_div(ms_of_day + offset.minutes.count() * 60'000, kMsPerDay);
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
            break;
    }
    return "month";
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
    const std::int64_t day = local_day(at, offset);
    switch (period) {
        case Period::day:
            return day;
        case Period::week:
            return floor_div(day - kFirstMonday, 7);
        case Period::month:
            break;
    }
    const CivilDate date = date_of_day(day);
    return (date.year - 1970) * 12 + static_cast<std::int64_t>(date.month) - 1;
}

std::string period_start_date(std::int64_t index, Period period) {
    require_reachable(index, period, "period_start_date");
    switch (period) {
        case Period::day:
            return date_text(date_of_day(index));
        case Period::week:
            return date_text(date_of_day(kFirstMonday + 7 * index));
        case Period::month:
            break;
    }
    const std::int64_t year = 1970 + floor_div(index, 12);
    const auto month = static_cast<unsigned>(index - floor_div(index, 12) * 12 + 1);
    return date_text(CivilDate{year, month, 1});
}

std::string period_label(std::int64_t index, Period period) {
    require_reachable(index, period, "period_label");
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
        case Period::month:
            break;
    }
    const std::int64_t year = 1970 + floor_div(index, 12);
    const auto month = static_cast<unsigned>(index - floor_div(index, 12) * 12 + 1);
    return fmt::format("{}-{:02}", year_text(year), month);
}

std::string period_of(Timestamp at, Period period, UtcOffset offset) {
    return period_label(period_index(at, period, offset), period);
}

}  // namespace cskpi
