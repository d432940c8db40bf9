#include "cskpi/json/business_hours.hpp"

#include <chrono>
#include <sstream>
#include <string>

#include "catch.hpp"
#include "cskpi/error.hpp"

using namespace std::chrono;
using Catch::Matchers::Contains;
using cskpi::json::load_business_schedule;
using cskpi::json::parse_business_schedule;

namespace {

cskpi::BusinessSchedule parse(const std::string& text) {
    return parse_business_schedule(nlohmann::json::parse(text));
}

// The message a document's loading fails with, named "office.json".
std::string failure(const std::string& text) {
    std::istringstream in(text);
    try {
        (void)load_business_schedule(in, "office.json");
    } catch (const cskpi::InvalidArgument& e) {
        return e.what();
    }
    return "loaded";
}

}  // namespace

TEST_CASE("a business-hours file: zone, weekdays, split days, holidays in any order") {
    const cskpi::BusinessSchedule s = parse(R"({"time_zone": "Europe/Berlin",
        "hours": {"mon": [["13:00", "17:00"], ["08:00", "12:00"]], "sat": [], "sun": [["00:00", "24:00"]]},
        "holidays": ["2027-01-01", "2026-12-25", "2026-12-25"]})");
    CHECK(s.zone.name() == "Europe/Berlin");
    // Monday's intervals sorted: 08:00 = 28800 s, 12:00 = 43200 s, 13:00, 17:00.
    CHECK(s.week[0] == std::vector<cskpi::OpenInterval>{{28800, 43200}, {46800, 61200}});
    CHECK(s.week[1].empty());  // a weekday not given is closed
    CHECK(s.week[6] == std::vector<cskpi::OpenInterval>{{0, 86400}});
    // Sorted, the repeat dropped.
    CHECK(s.holidays == std::vector<local_days>{local_days{year{2026} / 12 / 25},
                                                local_days{year{2027} / 1 / 1}});
}

TEST_CASE("bad business-hours files name the file and the member") {
    CHECK(failure(R"({"time_zone": "America/New_York", "hours": {"mon": [["09:00", "25:00"]]}})") ==
          "office.json: hours.mon[0][1]: \"25:00\" is not a time \"HH:MM\" from \"00:00\" to "
          "\"24:00\"");
    CHECK(failure(R"({"time_zone": "America/New_York",
                      "hours": {"mon": [["09:00", "12:00"], ["11:00", "17:00"]]}})") ==
          "office.json: hours.mon: intervals overlap");
    CHECK(failure(R"({"time_zone": "America/New_York", "hours": {"monday": []}})") ==
          "office.json: hours.monday: unknown weekday (mon, tue, wed, thu, fri, sat, sun)");
    CHECK_THAT(failure(R"({"time_zone": "Mars/Olympus", "hours": {"mon": [["09:00", "17:00"]]}})"),
               Contains("office.json: time_zone: ") && Contains("Mars/Olympus"));
    CHECK(failure(R"({"time_zone": "UTC", "hours": {"mon": [["17:00", "09:00"]]}})") ==
          "office.json: hours.mon[0]: closes at or before it opens");
    CHECK(failure(R"({"time_zone": "UTC", "hours": {"mon": [["9:00", "17:00"]]}})") ==
          "office.json: hours.mon[0][0]: \"9:00\" is not a time \"HH:MM\" from \"00:00\" to "
          "\"24:00\"");
    CHECK(failure(R"({"time_zone": "UTC", "hours": {"mon": [["09:00", "17:00"]]},
                      "holidays": ["2026-02-30"]})") ==
          "office.json: holidays[0]: \"2026-02-30\" is not a date \"YYYY-MM-DD\"");
    CHECK(failure(R"({"time_zone": "UTC", "hours": {"sat": []}})") ==
          "office.json: business_hours: no open hours on any weekday: business time would never "
          "pass");
    CHECK(failure(R"({"time_zone": "UTC", "hours": {}, "holiday": []})") ==
          "office.json: holiday: unknown member (time_zone, hours, holidays)");
    CHECK(failure(R"({"hours": {"mon": [["09:00", "17:00"]]}})") ==
          "office.json: time_zone: missing: an IANA time zone such as \"America/New_York\"");
    CHECK_THAT(failure("{\"time_zone\": "), Contains("office.json: not valid JSON"));
    CHECK(failure("[]") ==
          "office.json: business hours: must be a JSON object with time_zone, hours and holidays");
}
