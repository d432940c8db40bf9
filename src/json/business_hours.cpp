#include "cskpi/json/business_hours.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <string>
#include <string_view>

#include "cskpi/error.hpp"

namespace cskpi::json {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& member, const std::string& problem) {
    throw InvalidArgument("business_hours", fmt::format("{}: {}", member, problem));
}

// Digits of `text` from `at`, `count` of them, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count) {
    int value = -1;
    if (text.size() >= at + count) {
        const char* first = text.data() + at;
        const auto [end, ec] = std::from_chars(first, first + count, value);
        if (ec != std::errc{} || end != first + count) {
            return -1;
        }
    }
    return value;
}

// "HH:MM", 00:00 to 24:00, as seconds after midnight.
std::int32_t seconds_of_day(const json& value, const std::string& member) {
    const std::string text = value.is_string() ? value.get<std::string>() : std::string();
    const int h = text.size() == 5 && text[2] == ':' ? digits(text, 0, 2) : -1;
    const int m = digits(text, 3, 2);
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) {
        fail(member,
             fmt::format("{} is not a time \"HH:MM\" from \"00:00\" to \"24:00\"", value.dump()));
    }
    return (h * 60 + m) * 60;
}

std::vector<OpenInterval> day_hours(const json& day, const std::string& member) {
    if (!day.is_array()) {
        fail(member, "must be an array of [\"HH:MM\", \"HH:MM\"] intervals");
    }
    std::vector<OpenInterval> hours;
    for (std::size_t i = 0; i < day.size(); ++i) {
        const std::string at = fmt::format("{}[{}]", member, i);
        if (!day[i].is_array() || day[i].size() != 2) {
            fail(at, "must be [\"HH:MM\", \"HH:MM\"], the opening and closing times");
        }
        const OpenInterval open{seconds_of_day(day[i][0], at + "[0]"),
                                seconds_of_day(day[i][1], at + "[1]")};
        if (open.open_seconds >= open.close_seconds) {
            fail(at, "closes at or before it opens");
        }
        hours.push_back(open);
    }
    std::sort(hours.begin(), hours.end(), [](const OpenInterval& a, const OpenInterval& b) {
        return a.open_seconds < b.open_seconds;
    });
    for (std::size_t i = 1; i < hours.size(); ++i) {
        if (hours[i].open_seconds < hours[i - 1].close_seconds) {
            fail(member, "intervals overlap");
        }
    }
    return hours;
}

std::chrono::local_days holiday(const json& value, const std::string& member) {
    const std::string text = value.is_string() ? value.get<std::string>() : std::string();
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
    const std::chrono::year_month_day date{
        std::chrono::year{shaped ? digits(text, 0, 4) : 0},
        std::chrono::month{static_cast<unsigned>(shaped ? digits(text, 5, 2) : 0)},
        std::chrono::day{static_cast<unsigned>(shaped ? digits(text, 8, 2) : 0)}};
    if (!shaped || !date.ok() || digits(text, 0, 4) < 0) {
        fail(member, fmt::format("{} is not a date \"YYYY-MM-DD\"", value.dump()));
    }
    return std::chrono::local_days{date};
}

void read_hours(const json& hours, BusinessSchedule& schedule) {
    if (!hours.is_object()) {
        fail("hours", "must be an object from weekdays (mon..sun) to open intervals");
    }
    for (const auto& [name, day] : hours.items()) {
        const auto* weekday = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), name);
        if (weekday == kWeekdayNames.end()) {
            fail("hours." + name, "unknown weekday (mon, tue, wed, thu, fri, sat, sun)");
        }
        schedule.week[static_cast<std::size_t>(weekday - kWeekdayNames.begin())] =
            day_hours(day, "hours." + name);
    }
}

void read_holidays(const json& holidays, BusinessSchedule& schedule) {
    if (!holidays.is_array()) {
        fail("holidays", "must be an array of \"YYYY-MM-DD\" dates");
    }
    for (std::size_t i = 0; i < holidays.size(); ++i) {
        schedule.holidays.push_back(holiday(holidays[i], fmt::format("holidays[{}]", i)));
    }
    std::sort(schedule.holidays.begin(), schedule.holidays.end());
    schedule.holidays.erase(std::unique(schedule.holidays.begin(), schedule.holidays.end()),
                            schedule.holidays.end());
}

}  // namespace

BusinessSchedule parse_business_schedule(const json& doc) {
    if (!doc.is_object()) {
        fail("business hours", "must be a JSON object with time_zone, hours and holidays");
    }
    for (const auto& [key, value] : doc.items()) {
        if (key != "time_zone" && key != "hours" && key != "holidays") {
            fail(key, "unknown member (time_zone, hours, holidays)");
        }
    }
    if (!doc.contains("time_zone") || !doc.at("time_zone").is_string()) {
        fail("time_zone", "missing: an IANA time zone such as \"America/New_York\"");
    }
    BusinessSchedule schedule;
    try {
        schedule.zone = TimeZone{doc.at("time_zone").get<std::string>()};
    } catch (const InvalidArgument& e) {
        fail("time_zone", e.what());
    }
    if (!doc.contains("hours")) {
        fail("hours", "missing: the open intervals of each weekday");
    }
    read_hours(doc.at("hours"), schedule);
    if (doc.contains("holidays")) {
        read_holidays(doc.at("holidays"), schedule);
    }
    validate(schedule);
    return schedule;
}

BusinessSchedule load_business_schedule(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InvalidArgument(
            "business_hours",
            fmt::format("{}: cannot open the business hours file", path.string()));
    }
    return load_business_schedule(in, path.string());
}

BusinessSchedule load_business_schedule(std::istream& in, std::string_view name) {
    try {
        return parse_business_schedule(json::parse(in));
    } catch (const json::parse_error& e) {
        throw InvalidArgument("business_hours",
                              fmt::format("{}: not valid JSON: {}", name, e.what()));
    } catch (const InvalidArgument& e) {
        throw InvalidArgument("business_hours", fmt::format("{}: {}", name, e.what()));
    }
}

}  // namespace cskpi::json
