#include "cskpi/period.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "cskpi/detail/check.hpp"

namespace cskpi {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::int64_t kMsPerDay = 86'400'000;

// Floor division for negative timestamps (before 1970).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// 1970-01-01 is a Thursday, so the Monday of its ISO week is day -3.
constexpr std::int64_t kFirstMonday = -3;

std::chrono::year_month_day date_of_day(std::int64_t day) {
    return std::chrono::year_month_day{sys_days{days{day}}};
}

std::string date_text(std::chrono::year_month_day ymd) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace

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
    const std::int64_t local_ms = at.time_since_epoch().count() + offset.minutes.count() * 60'000;
    const std::int64_t day = floor_div(local_ms, kMsPerDay);
    switch (period) {
        case Period::day:
            return day;
        case Period::week:
            return floor_div(day - kFirstMonday, 7);
        case Period::month:
            break;
    }
    const auto ymd = date_of_day(day);
    return (static_cast<std::int64_t>(static_cast<int>(ymd.year())) - 1970) * 12 +
           static_cast<std::int64_t>(static_cast<unsigned>(ymd.month())) - 1;
}

std::string period_start_date(std::int64_t index, Period period) {
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
    return fmt::format("{:04}-{:02}-01", year, month);
}

std::string period_label(std::int64_t index, Period period) {
    switch (period) {
        case Period::day:
            return period_start_date(index, period);
        case Period::week: {
            // The ISO week-numbering year is the calendar year of the week's Thursday.
            const std::int64_t thursday = kFirstMonday + 7 * index + 3;
            const auto year = date_of_day(thursday).year();
            const std::int64_t jan1 =
                sys_days{year / std::chrono::January / 1}.time_since_epoch().count();
            const std::int64_t week = (thursday - jan1) / 7 + 1;
            return fmt::format("{:04}-W{:02}", static_cast<int>(year), week);
        }
        case Period::month:
            break;
    }
    return period_start_date(index, period).substr(0, 7);
}

std::string period_of(Timestamp at, Period period, UtcOffset offset) {
    return period_label(period_index(at, period, offset), period);
}

}  // namespace cskpi
