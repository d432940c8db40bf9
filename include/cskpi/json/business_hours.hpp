#pragma once
/// \file
/// Business-hours schedules from a small JSON file (docs/cli.md, "Business hours file").

#include <filesystem>
#include <istream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cskpi/business_hours.hpp"

namespace cskpi::json {

/// The schedule a JSON document describes:
/// `{"time_zone": "America/New_York", "hours": {"mon": [["09:00", "17:00"]], "sat": []},
/// "holidays": ["2026-12-25"]}`. Weekdays are mon..sun (one missing is closed), times
/// "HH:MM" from "00:00" to "24:00", holidays "YYYY-MM-DD" local dates in any order. Throws
/// InvalidArgument (argument "business_hours") naming the member for an unknown member or
/// weekday, a bad time or date, intervals that overlap, an unknown zone, or no open hours.
///
/// Example: `parse_business_schedule(nlohmann::json::parse(text)).zone.name()`.
[[nodiscard]] BusinessSchedule parse_business_schedule(const nlohmann::json& doc);

/// The schedule a stream holds; errors as `parse_business_schedule`, prefixed by `name`
/// (the file's, for the message).
///
/// Example: `cskpi::json::load_business_schedule(std::cin, "stdin")`.
[[nodiscard]] BusinessSchedule load_business_schedule(std::istream& in, std::string_view name);

/// The schedule in a file; errors as `parse_business_schedule`, prefixed by the file name.
///
/// Example: `cskpi::json::load_business_schedule("office-hours.json")`.
[[nodiscard]] BusinessSchedule load_business_schedule(const std::filesystem::path& path);

}  // namespace cskpi::json
