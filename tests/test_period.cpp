#include "cskpi/period.hpp"

#include <chrono>
#include <cstdint>
#include <limits>

#include "catch.hpp"
#include "cskpi/error.hpp"

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
