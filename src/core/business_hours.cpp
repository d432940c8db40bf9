#include "cskpi/business_hours.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "business_time.hpp"
#include "cskpi/error.hpp"

namespace cskpi {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMsPerWeek = 7 * kMsPerDay;
constexpr std::int32_t kSecondsPerDay = 86'400;
// 1970-01-01 was a Thursday: local day 0 has weekday 3 (Monday 0), and day -3 was a Monday.
constexpr std::int64_t kFirstMondayMs = -3 * kMsPerDay;
// Instants are clamped here so that local times and week counts cannot overflow.
constexpr std::int64_t kLimitMs = std::int64_t{1} << 61;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

[[noreturn]] void refuse(const std::string& problem) {
    throw InvalidArgument("business_hours", "business_hours: " + problem);
}

// The open milliseconds of a day's intervals before `ms_into_day` (0..kMsPerDay).
std::int64_t open_before(const std::vector<OpenInterval>& day, std::int64_t ms_into_day) noexcept {
    std::int64_t open = 0;
    for (const OpenInterval& i : day) {
        const std::int64_t from = std::int64_t{i.open_seconds} * 1000;
        const std::int64_t to = std::int64_t{i.close_seconds} * 1000;
        open += std::clamp(ms_into_day, from, to) - from;
    }
    return open;
}

// The weekly schedule as sums, to count open time in a span of local time without walking it.
struct WeekSums {
    std::array<std::int64_t, 8> before_day{};  // open ms of the days before Monday + i

    explicit WeekSums(const BusinessSchedule& s) noexcept {
        for (std::size_t d = 0; d < 7; ++d) {
            before_day[d + 1] = before_day[d] + open_before(s.week[d], kMsPerDay);
        }
    }
    // Open ms of local time [monday, monday + offset), `monday` a Monday's midnight.
    [[nodiscard]] std::int64_t open_since_monday(const BusinessSchedule& s,
                                                 std::int64_t offset) const noexcept {
        const std::int64_t weeks = offset / kMsPerWeek;
        const std::int64_t in_week = offset % kMsPerWeek;
        const auto day = static_cast<std::size_t>(in_week / kMsPerDay);
        return weeks * before_day[7] + before_day[day] +
               open_before(s.week[day], in_week % kMsPerDay);
    }
};

std::size_t weekday_of(std::int64_t local_day) noexcept {
    return static_cast<std::size_t>(local_day + 3 - floor_div(local_day + 3, 7) * 7);
}

// Open ms of local time [a, b) at a fixed offset: the weekly schedule's, less the holidays'.
std::int64_t open_local(const BusinessSchedule& s, const WeekSums& sums, std::int64_t a,
                        std::int64_t b) {
    const std::int64_t monday =
        kFirstMondayMs + floor_div(a - kFirstMondayMs, kMsPerWeek) * kMsPerWeek;
    std::int64_t open =
        sums.open_since_monday(s, b - monday) - sums.open_since_monday(s, a - monday);
    const std::chrono::local_days first{std::chrono::days{floor_div(a, kMsPerDay)}};
    const std::chrono::local_days last{std::chrono::days{floor_div(b - 1, kMsPerDay)}};
    for (auto h = std::lower_bound(s.holidays.begin(), s.holidays.end(), first);
         h != s.holidays.end() && *h <= last; ++h) {
        const std::int64_t day = h->time_since_epoch().count();
        const std::int64_t start = day * kMsPerDay;
        const auto& hours = s.week[weekday_of(day)];
        open -= open_before(hours, std::min(b, start + kMsPerDay) - start) -
                open_before(hours, std::max(a, start) - start);
    }
    return open;
}

void validate_day(const std::vector<OpenInterval>& day, std::size_t weekday) {
    std::int32_t previous_close = -1;
    for (const OpenInterval& i : day) {
        if (i.open_seconds < 0 || i.close_seconds > kSecondsPerDay ||
            i.open_seconds >= i.close_seconds) {
            refuse(
                fmt::format("weekday {} (Monday 0): interval {}..{} s is not within "
                            "0..86400 s with open before close",
                            weekday, i.open_seconds, i.close_seconds));
        }
        if (i.open_seconds < previous_close) {
            refuse(
                fmt::format("weekday {} (Monday 0): interval {}..{} s overlaps or precedes "
                            "the one before it",
                            weekday, i.open_seconds, i.close_seconds));
        }
        previous_close = i.close_seconds;
    }
}

}  // namespace

void validate(const BusinessSchedule& schedule) {
    bool any_open = false;
    for (std::size_t d = 0; d < 7; ++d) {
        validate_day(schedule.week[d], d);
        any_open = any_open || !schedule.week[d].empty();
    }
    if (!any_open) {
        refuse("no open hours on any weekday: business time would never pass");
    }
    const auto& h = schedule.holidays;
    if (std::adjacent_find(h.begin(), h.end(), std::greater_equal<>()) != h.end()) {
        refuse("holidays must be in increasing order without repeats");
    }
}

double business_seconds_between(const BusinessSchedule& schedule, Timestamp from, Timestamp to) {
    validate(schedule);
    return detail::business_seconds_unchecked(schedule, from, to);
}

namespace detail {

double business_duration(const BusinessSchedule& schedule, std::int64_t started_at_ms,
                         double seconds) noexcept {
    if (seconds != seconds) {
        return seconds;  // NaN: absent
    }
    // Durations are validated finite and non-negative; the clamp keeps the end representable.
    const double end_ms = std::min(static_cast<double>(started_at_ms) + seconds * 1000.0,
                                   static_cast<double>(kLimitMs));
    const auto at = [](std::int64_t ms) { return Timestamp{std::chrono::milliseconds{ms}}; };
    return business_seconds_unchecked(schedule, at(started_at_ms),
                                      at(static_cast<std::int64_t>(std::llround(end_ms))));
}

double business_seconds_unchecked(const BusinessSchedule& schedule, Timestamp from,
                                  Timestamp to) noexcept {
    const auto clamped = [](Timestamp t) {
        return Timestamp{std::chrono::milliseconds{
            std::clamp<std::int64_t>(t.time_since_epoch().count(), -kLimitMs, kLimitMs)}};
    };
    Timestamp at = clamped(from);
    const Timestamp end = clamped(to);
    const WeekSums sums(schedule);
    // Between two offset changes local time runs at a fixed offset from UTC, so each such
    // stretch is counted in local time; the changes a span crosses bound the work.
    double open_ms = 0;
    while (at < end) {
        const TimeZone::OffsetSpan span = schedule.zone.offset_span_at(at);
        const Timestamp stretch_end = std::min(end, span.until);
        const std::int64_t offset_ms = span.offset_seconds * 1000;
        open_ms += static_cast<double>(
            open_local(schedule, sums, at.time_since_epoch().count() + offset_ms,
                       stretch_end.time_since_epoch().count() + offset_ms));
        at = stretch_end;
    }
    return open_ms / 1000.0;
}

}  // namespace detail

}  // namespace cskpi
