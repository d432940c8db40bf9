#include "cskpi/business_hours.hpp"

#include <chrono>
#include <limits>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "report_fixtures.hpp"

using namespace std::chrono;
using cskpi::business_seconds_between;
using cskpi::BusinessSchedule;
using cskpi::OpenInterval;
using fixtures::at;

namespace {

constexpr std::int32_t hour = 3600;

// The schedules of tests/data/business_hours_reference.py, which gives the expected values.
BusinessSchedule new_york() {
    BusinessSchedule s{.zone = cskpi::TimeZone{"America/New_York"}};
    for (std::size_t d = 0; d < 5; ++d) {
        s.week[d] = {OpenInterval{9 * hour, 17 * hour}};
    }
    s.holidays = {local_days{year{2026} / 11 / 26}, local_days{year{2026} / 12 / 25}};
    return s;
}

BusinessSchedule berlin() {
    BusinessSchedule s{.zone = cskpi::TimeZone{"Europe/Berlin"}};
    for (std::size_t d = 0; d < 5; ++d) {
        s.week[d] = {OpenInterval{8 * hour, 12 * hour}, OpenInterval{13 * hour, 17 * hour}};
    }
    s.holidays = {local_days{year{2026} / 12 / 25}};
    return s;
}

BusinessSchedule sunday_only(const char* zone, OpenInterval hours) {
    BusinessSchedule s{.zone = cskpi::TimeZone{zone}};
    s.week[6] = {hours};
    return s;
}

}  // namespace

// Expected values from an independent computation with Python's zoneinfo, a minute at a time:
//   python3 tests/data/business_hours_reference.py
TEST_CASE("business seconds match zoneinfo in New York") {
    const BusinessSchedule ny = new_york();
    // same day: 10:30 to 15:15 EDT, all open: 4h45m.
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 14, 30), at(2026, 6, 3, 19, 15)) == 17100);
    // overnight: Wed 16:00 EDT to Thu 11:00: 1h + 2h.
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 20), at(2026, 6, 4, 15)) == 10800);
    // weekend: Fri 16:00 to Mon 10:00: 1h + 1h.
    CHECK(business_seconds_between(ny, at(2026, 6, 5, 20), at(2026, 6, 8, 14)) == 7200);
    // holiday: Wed 15:00 EST to Fri 10:00 over Thanksgiving: 2h + 0 + 1h.
    CHECK(business_seconds_between(ny, at(2026, 11, 25, 20), at(2026, 11, 27, 15)) == 10800);
    // before opening: 06:00 to 10:00 counts from 09:00.
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 10), at(2026, 6, 3, 14)) == 3600);
    // after closing: 16:00 to 19:00 counts until 17:00.
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 20), at(2026, 6, 3, 23)) == 3600);
    CHECK(business_seconds_between(ny, at(2026, 6, 6, 12), at(2026, 6, 7, 12)) == 0);
    // US daylight saving starts Sunday 2026-03-08, ends Sunday 2026-11-01: 9-17 stays 8h.
    CHECK(business_seconds_between(ny, at(2026, 3, 6, 20), at(2026, 3, 9, 14)) == 10800);
    CHECK(business_seconds_between(ny, at(2026, 10, 30, 20), at(2026, 11, 2, 15)) == 7200);
    CHECK(business_seconds_between(ny, at(2026, 10, 20, 13, 7), at(2026, 11, 30, 22, 41)) ==
          834780);
}

TEST_CASE("a daylight-saving change inside open hours counts elapsed time") {
    const auto all_day = OpenInterval{0, 24 * hour};
    const BusinessSchedule ny = sunday_only("America/New_York", all_day);
    CHECK(business_seconds_between(ny, at(2026, 3, 7, 12), at(2026, 3, 9, 12)) == 82800);
    CHECK(business_seconds_between(ny, at(2026, 10, 31, 12), at(2026, 11, 2, 12)) == 90000);
    // 01:00-03:00: one hour when 02:00 jumps to 03:00; three when 01:00-02:00 repeats.
    const BusinessSchedule early = sunday_only("America/New_York", {1 * hour, 3 * hour});
    CHECK(business_seconds_between(early, at(2026, 3, 8), at(2026, 3, 8, 12)) == 3600);
    CHECK(business_seconds_between(early, at(2026, 11, 1), at(2026, 11, 1, 12)) == 10800);
    const BusinessSchedule de = sunday_only("Europe/Berlin", all_day);
    CHECK(business_seconds_between(de, at(2026, 3, 28, 12), at(2026, 3, 30, 12)) == 82800);
    CHECK(business_seconds_between(de, at(2026, 10, 24, 12), at(2026, 10, 26, 12)) == 90000);
}

TEST_CASE("business seconds match zoneinfo in Berlin") {
    const BusinessSchedule de = berlin();
    // EU daylight saving starts 2026-03-29 and ends 2026-10-25, both Sundays.
    CHECK(business_seconds_between(de, at(2026, 3, 27, 15), at(2026, 3, 30, 9)) == 14400);
    CHECK(business_seconds_between(de, at(2026, 10, 23, 15), at(2026, 10, 26, 10)) == 10800);
    // Tue 1 Dec from 11:30 CET: 0.5h + 4h; Wed 2 to Mon 28 Dec: 18 weekdays (Friday 25 Dec a
    // holiday) of 8h = 144h; Tue 29 Dec until 12:45: 4h (lunch closed). 152.5h = 549000 s.
    CHECK(business_seconds_between(de, at(2026, 12, 1, 10, 30), at(2026, 12, 29, 11, 45)) ==
          549000);
}

TEST_CASE("empty and reversed spans have no business time") {
    const BusinessSchedule ny = new_york();
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 15), at(2026, 6, 3, 15)) == 0);
    CHECK(business_seconds_between(ny, at(2026, 6, 3, 16), at(2026, 6, 3, 15)) == 0);
}

TEST_CASE("huge spans take bounded work and stay exact per week") {
    // A fixed offset has no changes: 52 weeks * 5 days * 8 h whatever the year.
    BusinessSchedule utc;
    for (std::size_t d = 0; d < 5; ++d) {
        utc.week[d] = {OpenInterval{9 * hour, 17 * hour}};
    }
    // 2026-01-05 is a Monday.
    CHECK(business_seconds_between(utc, at(2026, 1, 5), at(2026, 1, 5) + weeks{52}) ==
          52.0 * 5 * 8 * 3600);
    const cskpi::Timestamp lowest{milliseconds{std::numeric_limits<std::int64_t>::min()}};
    const cskpi::Timestamp highest{milliseconds{std::numeric_limits<std::int64_t>::max()}};
    const double all = business_seconds_between(utc, lowest, highest);
    // Clamped to +-2^61 ms: 2^62 ms of which 40 of every 168 hours are open.
    CHECK_THAT(all, Catch::Matchers::WithinRel(0x1p62 / 1000 * 40 / 168, 1e-9));
    // A named zone crosses each of its offset changes once: over a millennium still fast.
    CHECK(business_seconds_between(new_york(), at(2000, 1, 3), at(3000, 1, 3)) > 0);
}

TEST_CASE("schedules without open hours or with bad intervals are refused") {
    const auto t = at(2026, 6, 3);
    CHECK_THROWS_AS(business_seconds_between(BusinessSchedule{}, t, t + hours{1}),
                    cskpi::InvalidArgument);
    BusinessSchedule s = new_york();
    s.week[0] = {OpenInterval{9 * hour, 12 * hour}, OpenInterval{11 * hour, 17 * hour}};
    CHECK_THROWS_WITH(cskpi::validate(s), Catch::Matchers::Contains("overlaps"));
    s.week[0] = {OpenInterval{17 * hour, 9 * hour}};
    CHECK_THROWS_AS(cskpi::validate(s), cskpi::InvalidArgument);
    s.week[0] = {OpenInterval{0, 25 * hour}};
    CHECK_THROWS_AS(cskpi::validate(s), cskpi::InvalidArgument);
    s = new_york();
    s.holidays = {local_days{year{2026} / 12 / 25}, local_days{year{2026} / 12 / 25}};
    CHECK_THROWS_WITH(cskpi::validate(s), Catch::Matchers::Contains("holidays"));
}
