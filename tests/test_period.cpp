#include "cskpi/period.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/report_options.hpp"
#include "cskpi/retention_report.hpp"

using namespace std::chrono;
using cskpi::Period;
using cskpi::period_of;

namespace {
cskpi::Timestamp at(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
    return cskpi::Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min}};
}
const cskpi::UtcOffset utc{};
}  // namespace

TEST_CASE("day, month and ISO week labels") {
    CHECK(period_of(at(2026, 1, 31, 23, 59), Period::day, utc) == "2026-01-31");
    CHECK(period_of(at(2026, 1, 31, 23, 59), Period::month, utc) == "2026-01");
    CHECK(period_of(at(2026, 2, 1), Period::month, utc) == "2026-02");
    CHECK(period_of(at(2026, 2, 1), Period::week, utc) == "2026-W05");  // a Sunday
    CHECK(period_of(at(2026, 2, 2), Period::week, utc) == "2026-W06");  // the next Monday
}

TEST_CASE("ISO week 53 and week-numbering years") {
    CHECK(period_of(at(2020, 12, 31), Period::week, utc) == "2020-W53");
    CHECK(period_of(at(2021, 1, 3), Period::week, utc) == "2020-W53");
    CHECK(period_of(at(2021, 1, 4), Period::week, utc) == "2021-W01");
    CHECK(period_of(at(2025, 12, 29), Period::week, utc) == "2026-W01");
    const auto w = cskpi::period_index(at(2026, 1, 1), Period::week, utc);
    CHECK(cskpi::period_start_date(w, Period::week) == "2025-12-29");
    CHECK(period_of(at(1969, 12, 31), Period::week, utc) == "1970-W01");
}

TEST_CASE("a UTC offset moves a contact across midnight and month end") {
    const auto t = at(2026, 1, 31, 23, 30);
    CHECK(period_of(t, Period::day, cskpi::parse_utc_offset("+02:00")) == "2026-02-01");
    CHECK(period_of(t, Period::month, cskpi::parse_utc_offset("+02:00")) == "2026-02");
    CHECK(period_of(at(2026, 2, 1, 1), Period::day, cskpi::parse_utc_offset("-05:30")) ==
          "2026-01-31");
}

TEST_CASE("period indexes are consecutive") {
    const auto jan = cskpi::period_index(at(2026, 1, 15), Period::month, utc);
    CHECK(jan == 56 * 12);
    CHECK(cskpi::period_index(at(2026, 2, 1), Period::month, utc) == jan + 1);
    CHECK(cskpi::period_label(jan - 1, Period::month) == "2025-12");
    CHECK(cskpi::period_index(at(1970, 1, 1), Period::day, utc) == 0);
    CHECK(cskpi::period_index(at(1969, 12, 31, 23, 59), Period::day, utc) == -1);
    CHECK(cskpi::period_start_date(jan, Period::month) == "2026-01-01");
}

TEST_CASE("UTC offsets parse and print") {
    CHECK(cskpi::parse_utc_offset("+05:30").minutes.count() == 330);
    CHECK(cskpi::parse_utc_offset("-0800").minutes.count() == -480);
    CHECK(cskpi::parse_utc_offset("Z").minutes.count() == 0);
    CHECK(cskpi::to_string(cskpi::parse_utc_offset("-05:30")) == "-05:30");
    CHECK(cskpi::to_string(cskpi::UtcOffset{}) == "+00:00");
    CHECK_THROWS_AS(cskpi::parse_utc_offset("+24:00"), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::parse_utc_offset("02:00"), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::parse_utc_offset("+2:00"), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::parse_utc_offset(""), cskpi::InvalidArgument);
    CHECK_THROWS_WITH(
        cskpi::parse_utc_offset("+1:000"),
        "parse_utc_offset: utc_offset = +1:000 is not an offset like +02:00, -05:30 or Z");
}

TEST_CASE("period names") {
    CHECK(cskpi::parse_period("week") == Period::week);
    CHECK_FALSE(cskpi::parse_period("fortnight"));
    CHECK(cskpi::to_string(Period::month) == "month");
}

TEST_CASE("labels of years past 9999 and before 0001 keep every digit") {
    CHECK(period_of(at(9999, 12, 31, 23), Period::month, cskpi::parse_utc_offset("+02:00")) ==
          "10000-01");
    CHECK(period_of(at(9999, 12, 31, 23), Period::day, cskpi::parse_utc_offset("+02:00")) ==
          "10000-01-01");
    // 10000-01-01 is a Saturday: its week's Thursday is in 9999.
    CHECK(period_of(at(10000, 1, 1), Period::week, utc) == "9999-W52");
    CHECK(period_of(at(32767, 12, 31), Period::month, utc) == "32767-12");
    CHECK(period_of(at(32767, 12, 31), Period::day, utc) == "32767-12-31");
    CHECK(period_of(at(32767, 12, 31), Period::week, utc) == "32767-W52");
    // Astronomical years: 0000 is 1 BC, -0001 is 2 BC; year 0 is a leap year.
    CHECK(period_of(at(0, 2, 29), Period::day, utc) == "0000-02-29");
    CHECK(period_of(at(0, 2, 29), Period::week, utc) == "0000-W09");
    CHECK(period_of(at(-1, 12, 31), Period::month, utc) == "-0001-12");
    CHECK(cskpi::period_start_date(cskpi::period_index(at(10000, 5, 9), Period::month, utc),
                                   Period::month) == "10000-05-01");
}

TEST_CASE("labels at the ends of the Timestamp range") {
    const auto lowest = cskpi::Timestamp::min();
    const auto highest = cskpi::Timestamp::max();
    CHECK(period_of(lowest, Period::day, utc) == "-292275055-05-16");
    CHECK(period_of(lowest, Period::month, utc) == "-292275055-05");
    CHECK(period_of(lowest, Period::week, utc) == "-292275055-W19");
    CHECK(period_of(highest, Period::day, utc) == "292278994-08-17");
    CHECK(period_of(highest, Period::month, utc) == "292278994-08");
    CHECK(period_of(highest, Period::week, utc) == "292278994-W33");
    // An offset moves them a day further, without overflowing the milliseconds.
    const auto east = cskpi::parse_utc_offset("+23:59");
    const auto west = cskpi::parse_utc_offset("-23:59");
    CHECK(period_of(highest, Period::day, east) == "292278994-08-18");
    CHECK(period_of(lowest, Period::day, west) == "-292275055-05-15");
    CHECK(cskpi::period_index(lowest, Period::month, utc) == -3'507'324'296);
    CHECK(cskpi::period_index(highest, Period::month, utc) == 3'507'324'295);
    CHECK(cskpi::period_index(lowest, Period::week, west) == -15'250'284'453);
}

TEST_CASE("an index no timestamp has is refused") {
    CHECK_THROWS_WITH(cskpi::period_label(std::numeric_limits<std::int64_t>::max(), Period::day),
                      "period_label: index = 9223372036854775807 is outside -106751991169 to "
                      "106751991168, the day indexes of timestamps");
    CHECK_THROWS_AS(cskpi::period_start_date(-3'507'324'297, Period::month),
                    cskpi::InvalidArgument);
    CHECK(cskpi::period_start_date(-3'507'324'296, Period::month) == "-292275055-05-01");
}

// Time zones and intervals across both daylight-saving changes of 2026 in two zones. The
// expected local times come from Python's zoneinfo, independently of the date/tz library:
//   python3 -c 'from zoneinfo import ZoneInfo; from datetime import datetime, timezone as tz
//   for z, t in [("America/New_York", "2026-03-08T06:59"), ...]:
//       print(z, t, datetime.fromisoformat(t).replace(tzinfo=tz.utc).astimezone(ZoneInfo(z)))'
// which prints, for the instants used below (UTC -> local):
//   America/New_York 2026-03-08T04:59Z 2026-03-07T23:59:00-05:00
//   America/New_York 2026-03-08T05:00Z 2026-03-08T00:00:00-05:00
//   America/New_York 2026-03-08T06:59Z 2026-03-08T01:59:00-05:00
//   America/New_York 2026-03-08T07:00Z 2026-03-08T03:00:00-04:00
//   America/New_York 2026-03-09T03:59Z 2026-03-08T23:59:00-04:00
//   America/New_York 2026-03-09T04:00Z 2026-03-09T00:00:00-04:00
//   America/New_York 2026-11-01T03:59Z 2026-10-31T23:59:00-04:00
//   America/New_York 2026-11-01T04:00Z 2026-11-01T00:00:00-04:00
//   America/New_York 2026-11-01T05:30Z 2026-11-01T01:30:00-04:00
//   America/New_York 2026-11-01T06:30Z 2026-11-01T01:30:00-05:00
//   America/New_York 2026-11-02T04:59Z 2026-11-01T23:59:00-05:00
//   America/New_York 2026-11-02T05:00Z 2026-11-02T00:00:00-05:00
//   Europe/Berlin 2026-03-28T22:59Z 2026-03-28T23:59:00+01:00
//   Europe/Berlin 2026-03-28T23:00Z 2026-03-29T00:00:00+01:00
//   Europe/Berlin 2026-03-29T00:59Z 2026-03-29T01:59:00+01:00
//   Europe/Berlin 2026-03-29T01:00Z 2026-03-29T03:00:00+02:00
//   Europe/Berlin 2026-03-29T21:59Z 2026-03-29T23:59:00+02:00
//   Europe/Berlin 2026-03-29T22:00Z 2026-03-30T00:00:00+02:00
//   Europe/Berlin 2026-10-24T21:59Z 2026-10-24T23:59:00+02:00
//   Europe/Berlin 2026-10-24T22:00Z 2026-10-25T00:00:00+02:00
//   Europe/Berlin 2026-10-25T00:30Z 2026-10-25T02:30:00+02:00
//   Europe/Berlin 2026-10-25T01:30Z 2026-10-25T02:30:00+01:00
//   Europe/Berlin 2026-10-25T22:59Z 2026-10-25T23:59:00+01:00
//   Europe/Berlin 2026-10-25T23:00Z 2026-10-26T00:00:00+01:00
// (datetime.date(2026, 3, 29).isocalendar() is week 13, 2026-03-30 week 14.)

TEST_CASE("a time zone's 23-hour and 25-hour days") {
    const cskpi::TimeZone ny{"America/New_York"};
    const cskpi::TimeZone berlin{"Europe/Berlin"};
    // New York, 2026-03-08: 05:00Z to 04:00Z the next day, 23 hours.
    CHECK(period_of(at(2026, 3, 8, 4, 59), Period::day, ny) == "2026-03-07");
    CHECK(period_of(at(2026, 3, 8, 5, 0), Period::day, ny) == "2026-03-08");
    CHECK(period_of(at(2026, 3, 9, 3, 59), Period::day, ny) == "2026-03-08");
    CHECK(period_of(at(2026, 3, 9, 4, 0), Period::day, ny) == "2026-03-09");
    // New York, 2026-11-01: 04:00Z to 05:00Z the next day, 25 hours.
    CHECK(period_of(at(2026, 11, 1, 3, 59), Period::day, ny) == "2026-10-31");
    CHECK(period_of(at(2026, 11, 1, 3, 59), Period::month, ny) == "2026-10");
    CHECK(period_of(at(2026, 11, 1, 4, 0), Period::day, ny) == "2026-11-01");
    CHECK(period_of(at(2026, 11, 1, 4, 0), Period::month, ny) == "2026-11");
    CHECK(period_of(at(2026, 11, 2, 4, 59), Period::day, ny) == "2026-11-01");
    CHECK(period_of(at(2026, 11, 2, 5, 0), Period::day, ny) == "2026-11-02");
    // Berlin, 2026-03-29: 23:00Z the day before to 22:00Z, 23 hours; a Sunday.
    CHECK(period_of(at(2026, 3, 28, 22, 59), Period::day, berlin) == "2026-03-28");
    CHECK(period_of(at(2026, 3, 28, 23, 0), Period::day, berlin) == "2026-03-29");
    CHECK(period_of(at(2026, 3, 29, 21, 59), Period::day, berlin) == "2026-03-29");
    CHECK(period_of(at(2026, 3, 29, 21, 59), Period::week, berlin) == "2026-W13");
    CHECK(period_of(at(2026, 3, 29, 22, 0), Period::day, berlin) == "2026-03-30");
    CHECK(period_of(at(2026, 3, 29, 22, 0), Period::week, berlin) == "2026-W14");
    // Berlin, 2026-10-25: 22:00Z the day before to 23:00Z, 25 hours.
    CHECK(period_of(at(2026, 10, 24, 21, 59), Period::day, berlin) == "2026-10-24");
    CHECK(period_of(at(2026, 10, 24, 22, 0), Period::day, berlin) == "2026-10-25");
    CHECK(period_of(at(2026, 10, 25, 22, 59), Period::day, berlin) == "2026-10-25");
    CHECK(period_of(at(2026, 10, 25, 23, 0), Period::day, berlin) == "2026-10-26");
    // The day indexes stay consecutive through both changes.
    CHECK(cskpi::period_index(at(2026, 3, 9, 4, 0), Period::day, ny) ==
          cskpi::period_index(at(2026, 3, 8, 5, 0), Period::day, ny) + 1);
}

TEST_CASE("intervals across the skipped hour") {
    const cskpi::TimeZone ny{"America/New_York"};
    const cskpi::TimeZone berlin{"Europe/Berlin"};
    const auto before = cskpi::period_index(at(2026, 3, 8, 6, 59), Period::minutes_15, ny);
    const auto after = cskpi::period_index(at(2026, 3, 8, 7, 0), Period::minutes_15, ny);
    CHECK(after == before + 1);  // 01:45 EST is followed by 03:00 EDT: no 02:xx interval
    CHECK(cskpi::period_label(before, Period::minutes_15, ny) == "2026-03-08T01:45-05:00");
    CHECK(cskpi::period_label(after, Period::minutes_15, ny) == "2026-03-08T03:00-04:00");
    CHECK(period_of(at(2026, 3, 29, 0, 59), Period::minutes_30, berlin) ==
          "2026-03-29T01:30+01:00");
    CHECK(period_of(at(2026, 3, 29, 1, 0), Period::minutes_30, berlin) == "2026-03-29T03:00+02:00");
    CHECK(period_of(at(2026, 3, 29, 1, 0), Period::hour, berlin) == "2026-03-29T03:00+02:00");
    // Indexes are UTC interval numbers for these whole-hour offsets.
    CHECK(after == (sys_days{year{2026} / 3 / 8} + hours{7}).time_since_epoch() / minutes{15});
}

TEST_CASE("the repeated hour holds two intervals apart by offset") {
    const cskpi::TimeZone ny{"America/New_York"};
    const cskpi::TimeZone berlin{"Europe/Berlin"};
    const auto first = cskpi::period_index(at(2026, 11, 1, 5, 30), Period::minutes_30, ny);
    const auto second = cskpi::period_index(at(2026, 11, 1, 6, 30), Period::minutes_30, ny);
    CHECK(second == first + 2);
    CHECK(cskpi::period_label(first, Period::minutes_30, ny) == "2026-11-01T01:30-04:00");
    CHECK(cskpi::period_label(second, Period::minutes_30, ny) == "2026-11-01T01:30-05:00");
    CHECK(cskpi::period_label(first + 1, Period::minutes_30, ny) == "2026-11-01T01:00-05:00");
    CHECK(period_of(at(2026, 11, 1, 5, 30), Period::hour, ny) == "2026-11-01T01:00-04:00");
    CHECK(period_of(at(2026, 11, 1, 6, 30), Period::hour, ny) == "2026-11-01T01:00-05:00");
    CHECK(period_of(at(2026, 10, 25, 0, 30), Period::minutes_15, berlin) ==
          "2026-10-25T02:30+02:00");
    CHECK(period_of(at(2026, 10, 25, 1, 30), Period::minutes_15, berlin) ==
          "2026-10-25T02:30+01:00");
    CHECK(period_of(at(2026, 10, 24, 21, 59), Period::hour, berlin) == "2026-10-24T23:00+02:00");
    CHECK(period_of(at(2026, 10, 24, 22, 0), Period::hour, berlin) == "2026-10-25T00:00+02:00");
}

TEST_CASE("interval boundaries and fixed offsets") {
    const auto t = at(2026, 3, 8, 6, 59);
    CHECK(period_of(t, Period::minutes_15, utc) == "2026-03-08T06:45+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 0), Period::minutes_15, utc) == "2026-03-08T07:00+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 14), Period::minutes_15, utc) == "2026-03-08T07:00+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 15), Period::minutes_15, utc) == "2026-03-08T07:15+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 29), Period::minutes_30, utc) == "2026-03-08T07:00+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 30), Period::minutes_30, utc) == "2026-03-08T07:30+00:00");
    CHECK(period_of(at(2026, 3, 8, 7, 59), Period::hour, utc) == "2026-03-08T07:00+00:00");
    CHECK(period_of(t, Period::hour, cskpi::parse_utc_offset("-05:00")) ==
          "2026-03-08T01:00-05:00");
    // A half-hour offset: hours start on the local clock's hour, at half past in UTC.
    CHECK(period_of(t, Period::hour, cskpi::parse_utc_offset("+05:30")) ==
          "2026-03-08T12:00+05:30");
    CHECK(period_of(at(1969, 12, 31, 23, 59), Period::minutes_15, utc) == "1969-12-31T23:45+00:00");
    CHECK(cskpi::period_index(at(1969, 12, 31, 23, 59), Period::minutes_15, utc) == -1);
    CHECK(cskpi::period_label(0, Period::hour) == "1970-01-01T00:00+00:00");
    CHECK(cskpi::to_string(Period::minutes_30) == "30m");
    CHECK(cskpi::parse_period("1h") == Period::hour);
    CHECK(cskpi::parse_period("15m") == Period::minutes_15);
    CHECK_FALSE(cskpi::parse_period("45m"));
    const auto lowest = cskpi::period_index(cskpi::Timestamp::min(), Period::minutes_15, utc);
    CHECK_NOTHROW(cskpi::period_label(lowest, Period::minutes_15));
    const auto highest = cskpi::period_index(cskpi::Timestamp::max(), Period::hour, utc);
    CHECK_NOTHROW(cskpi::period_label(highest, Period::hour));
    CHECK_THROWS_AS(cskpi::period_label(highest + 1, Period::hour), cskpi::InvalidArgument);
}

TEST_CASE("an unknown time zone is refused") {
    CHECK_THROWS_AS(cskpi::TimeZone{"Mars/Olympus_Mons"}, cskpi::InvalidArgument);
    CHECK(cskpi::make_time_zone("", cskpi::parse_utc_offset("+02:00")).name().empty());
    CHECK(cskpi::make_time_zone("Europe/Berlin", {}).name() == "Europe/Berlin");
    CHECK(cskpi::TimeZone{"Europe/Berlin"} == cskpi::TimeZone{"Europe/Berlin"});
    CHECK_FALSE(cskpi::TimeZone{"Europe/Berlin"} == cskpi::TimeZone{});
}

TEST_CASE("report options refuse an unknown time zone") {
    cskpi::ReportOptions options;
    options.time_zone = "America/New_Yrok";
    std::string message;
    try {
        cskpi::validate(options);
    } catch (const cskpi::InvalidArgument& e) {
        message = e.what();
    }
    CHECK(message.find("time_zone") != std::string::npos);
    CHECK(message.find("America/New_Yrok") != std::string::npos);
    options.time_zone = "America/New_York";
    CHECK_NOTHROW(cskpi::validate(options));
}

TEST_CASE("retention takes local days in a time zone") {
    // 2026-11-01T03:59Z is 23:59 on 10-31 in New York, 04:00Z is midnight on 11-01 (zoneinfo).
    cskpi::RetentionAccumulator acc(Period::day, cskpi::TimeZone{"America/New_York"});
    acc.add("c-1", at(2026, 11, 1, 3, 59));
    acc.add("c-1", at(2026, 11, 1, 4, 0));
    const cskpi::RetentionReport report = acc.result();
    REQUIRE(report.periods.size() == 2);
    CHECK(report.periods[0].period == "2026-10-31");
    CHECK(report.periods[1].period == "2026-11-01");
    CHECK(report.time_zone == "America/New_York");
}

TEST_CASE("a zone's offset holds until its next change") {
    const cskpi::TimeZone ny{"America/New_York"};
    // Summer time from 2026-03-08T07:00Z (02:00 EST) to 2026-11-01T06:00Z (02:00 EDT).
    const auto summer = ny.offset_span_at(at(2026, 6, 1));
    CHECK(summer.offset_seconds == -4 * 3600);
    CHECK(summer.until == at(2026, 11, 1, 6));
    const auto winter = ny.offset_span_at(at(2026, 11, 1, 6));
    CHECK(winter.offset_seconds == -5 * 3600);
    CHECK(winter.until == at(2027, 3, 14, 7));
    // A fixed offset never changes; past 2500 a zone keeps its offset there.
    const cskpi::TimeZone plus_two{cskpi::parse_utc_offset("+02:00")};
    CHECK(plus_two.offset_span_at(at(2026, 1, 1)).until == cskpi::Timestamp::max());
    CHECK(ny.offset_span_at(at(2600, 1, 1)).until == cskpi::Timestamp::max());
    CHECK(ny.offset_span_at(at(2600, 7, 1)).offset_seconds == -5 * 3600);
}
