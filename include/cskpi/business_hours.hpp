#pragma once
/// \file
/// Business hours: a weekly schedule of open hours in a time zone, with holidays, and the
/// business time between two instants (docs/kpis.md, "Business hours").

#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cskpi/period.hpp"
#include "cskpi/records.hpp"

namespace cskpi {

/// The weekdays' short names, Monday first, as the business-hours file and the report's
/// options name them.
///
/// Example: `cskpi::kWeekdayNames[6]` is "sun".
inline constexpr std::array<std::string_view, 7> kWeekdayNames{"mon", "tue", "wed", "thu",
                                                               "fri", "sat", "sun"};

/// Open hours of one local day, in seconds after local midnight: [open, close), with
/// 0 <= open < close <= 86400 (close 86400 is midnight at the end of the day).
///
/// Example: `cskpi::OpenInterval{9 * 3600, 17 * 3600}` is 09:00 to 17:00.
struct OpenInterval {
    std::int32_t open_seconds = 0;
    std::int32_t close_seconds = 0;
    friend bool operator==(const OpenInterval&, const OpenInterval&) = default;
};

/// When a contact centre is open: the open intervals of each weekday (Monday first; several
/// a day, in order and apart, or none), in a time zone's local time, closed on holidays
/// (local dates). An instant is business time when its local date is not a holiday and its
/// local time of day is inside an open interval of its weekday.
///
/// Example:
/// ```
/// cskpi::BusinessSchedule office{.zone = cskpi::TimeZone{"America/New_York"}};
/// for (int day = 0; day < 5; ++day) office.week[day] = {{9 * 3600, 17 * 3600}};
/// office.holidays = {std::chrono::local_days{std::chrono::year{2026} / 12 / 25}};
/// ```
struct BusinessSchedule {
    TimeZone zone{};
    std::array<std::vector<OpenInterval>, 7> week{};  ///< Monday (0) to Sunday (6).
    std::vector<std::chrono::local_days> holidays{};  ///< In increasing order, no repeats.
    friend bool operator==(const BusinessSchedule&, const BusinessSchedule&) = default;
};

/// Throws InvalidArgument (argument "business_hours") for a schedule with an interval out of
/// 0..86400 seconds or empty, intervals of a day out of order or overlapping, holidays out of
/// order or repeated, or no open hours at all (business time would never pass).
///
/// Example: `cskpi::validate(cskpi::BusinessSchedule{})` throws: no open hours.
void validate(const BusinessSchedule& schedule);

/// The business seconds in [from, to): the elapsed time between them whose local time is
/// open. A local 09:00-17:00 day is 8 hours also on a 23- or 25-hour day; a daylight-saving
/// change inside the open hours counts elapsed time (an open 00:00-24:00 day is 23 or 25
/// hours then). Zero when to <= from. The work grows with the zone's offset changes and the
/// holidays in the span, not its length; instants are clamped to +-2^61 ms (about +-73
/// million years). Throws InvalidArgument when `validate` refuses the schedule.
///
/// Example: from Friday 16:00 to Monday 10:00 in a Monday-Friday 09:00-17:00 schedule is
/// 7200 seconds.
[[nodiscard]] double business_seconds_between(const BusinessSchedule& schedule, Timestamp from,
                                              Timestamp to);

}  // namespace cskpi
