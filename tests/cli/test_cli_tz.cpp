// Time zones and interval periods on the command line, and the staffing pipeline from an
// interval report. data/intervals.ndjson: 6 billing contacts around New York's 2026-11-01
// change back to standard time (06:00Z), one abandoned. Local times, from Python's zoneinfo
// (datetime.fromisoformat("2026-11-01T05:10").replace(tzinfo=timezone.utc)
//  .astimezone(ZoneInfo("America/New_York"))):
//   05:10Z, 05:20Z -> 01:10, 01:20 -04:00 (handle 180, 240 s)
//   05:40Z         -> 01:40 -04:00        (handle 300 s)
//   06:05Z, 06:15Z -> 01:05, 01:15 -05:00 (handle 120, 240 s)
//   06:50Z         -> 01:50 -05:00        (abandoned)
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cli_run.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/staffing.hpp"

namespace {

using cli_test::Run;
using cli_test::run_cskpi;
using nlohmann::json;

std::vector<std::string> periods_of(const json& report) {
    std::vector<std::string> periods;
    for (const json& group : report["groups"]) {
        periods.push_back(group["key"]["period"].get<std::string>());
    }
    return periods;
}

}  // namespace

TEST_CASE("report: 30-minute intervals in New York's repeated hour", "[cli][report][tz]") {
    const Run run =
        run_cskpi("report intervals.ndjson --period 30m --tz America/New_York --format json");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"]["period"] == "30m");
    CHECK(doc["options"]["time_zone"] == "America/New_York");
    CHECK(periods_of(doc) ==
          std::vector<std::string>{"2026-11-01T01:00-04:00", "2026-11-01T01:30-04:00",
                                   "2026-11-01T01:00-05:00", "2026-11-01T01:30-05:00"});
    CHECK(doc["groups"][0]["kpis"]["contacts"] == 2);
    CHECK(doc["groups"][0]["kpis"]["aht_seconds"]["value"] == 210.0);
    CHECK(doc["groups"][3]["kpis"]["contacts"] == 1);
    // The table and CSV show the same labels.
    const Run table = run_cskpi(
        "report intervals.ndjson --period 1h --tz America/New_York "
        "--format table");
    REQUIRE(table.code == 0);
    CHECK(table.out.find("2026-11-01T01:00-04:00") != std::string::npos);
    CHECK(table.out.find("2026-11-01T01:00-05:00") != std::string::npos);
    CHECK(table.out.find("in America/New_York") != std::string::npos);
    const Run csv = run_cskpi("report intervals.ndjson --period 15m --format csv");
    REQUIRE(csv.code == 0);
    CHECK(csv.out.find("2026-11-01T05:15+00:00") != std::string::npos);
}

TEST_CASE("report: days in a zone and intervals at a fixed offset", "[cli][report][tz]") {
    // Berlin: all six contacts fall on 2026-11-01 (06:50Z is 07:50 +01:00).
    const Run berlin = run_cskpi("report intervals.ndjson --period day --tz Europe/Berlin");
    REQUIRE(berlin.code == 0);
    CHECK(periods_of(json::parse(berlin.out)) == std::vector<std::string>{"2026-11-01"});
    // A fixed -05:00: 05:10Z is 00:10, 06:50Z is 01:50.
    const Run fixed = run_cskpi("report intervals.ndjson --period 1h --utc-offset -05:00");
    REQUIRE(fixed.code == 0);
    CHECK(periods_of(json::parse(fixed.out)) ==
          std::vector<std::string>{"2026-11-01T00:00-05:00", "2026-11-01T01:00-05:00"});
}

TEST_CASE("report and retention: an unknown zone is a usage error", "[cli][exit][tz]") {
    for (const std::string command : {"report", "retention"}) {
        const Run run = run_cskpi(command + " intervals.ndjson --tz Mars/Olympus_Mons");
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err.find("--tz: \"Mars/Olympus_Mons\" is not a time zone") != std::string::npos);
    }
}

TEST_CASE("retention: local days in a zone", "[cli][retention][tz]") {
    // u1 is active at 05:10Z and 06:05Z: one New York day, 2026-11-01.
    const Run run = run_cskpi("retention intervals.ndjson --period day --tz America/New_York");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["time_zone"] == "America/New_York");
    REQUIRE(doc["periods"].size() == 1);
    CHECK(doc["periods"][0]["period"] == "2026-11-01");
}

TEST_CASE("staffing: an interval report piped into --from-report", "[cli][staffing][tz]") {
    const Run run = run_cskpi(
        std::string(
            "report intervals.ndjson --period 30m --tz America/New_York --format json | '") +
        CSKPI_CLI_EXE + "' staffing --from-report - --target 80/20");
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    const json doc = json::parse(run.out);
    CHECK(doc["interval_seconds"] == 1800.0);
    REQUIRE(doc["intervals"].size() == 4);
    // Each interval's contacts and AHT; the abandoned-only interval takes the overall AHT,
    // (180 + 240 + 300 + 120 + 240) / 5 = 216 s.
    const std::vector<std::pair<double, double>> volume{{2, 210}, {1, 300}, {2, 180}, {1, 216}};
    for (std::size_t i = 0; i < volume.size(); ++i) {
        const json& row = doc["intervals"][i];
        CHECK(row["contacts"] == volume[i].first);
        CHECK(row["aht_seconds"] == volume[i].second);
        const double traffic = cskpi::traffic_intensity(volume[i].first, 1800.0, volume[i].second);
        const auto library = cskpi::staffing_to_json(
            cskpi::plan_staffing(traffic, volume[i].second, cskpi::StaffingTarget{}));
        CHECK(row["agents"] == library["agents"].get<std::int64_t>());
        CHECK(row["service_level"] == library["service_level"].get<double>());
    }
    CHECK(doc["intervals"][3]["period"] == "2026-11-01T01:30-05:00");
    // CSV: a header and one row per interval.
    const Run csv =
        run_cskpi("report intervals.ndjson --period 1h --format json | '" +
                  std::string(CSKPI_CLI_EXE) + "' staffing --from-report - --format csv");
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("period,group,contacts,aht_seconds,traffic_erlangs,agents,", 0) == 0);
}

TEST_CASE("staffing: --from-report needs an interval report and no volume options",
          "[cli][staffing][exit]") {
    const Run day = run_cskpi(std::string("report intervals.ndjson --period day | '") +
                              CSKPI_CLI_EXE + "' staffing --from-report -");
    CHECK(day.code == 2);
    CHECK(day.err.find("the report's period is day, not an interval") != std::string::npos);
    const Run both = run_cskpi("staffing --from-report - --contacts 10");
    CHECK(both.code == 2);
    CHECK(both.err.find("--contacts cannot be used with --from-report") != std::string::npos);
}

TEST_CASE("staffing: --from-report CSV quotes a group value as RFC 4180 does", "[cli][staffing]") {
    // One contact in a queue whose name holds a comma and a quote.
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / "cskpi-comma-queue.ndjson";
    std::ofstream(file) << R"({"id":"c1","queue":"sales, \"north\"",)"
                        << R"("started_at":"2026-03-02T09:10:00Z","talk_seconds":300})" << '\n';
    const Run csv =
        run_cskpi("report '" + file.string() + "' --by queue --period 1h --format json | '" +
                  std::string(CSKPI_CLI_EXE) + "' staffing --from-report - --format csv");
    std::filesystem::remove(file);
    REQUIRE(csv.code == 0);
    const std::string row = csv.out.substr(csv.out.find('\n') + 1);
    CHECK(row.rfind(R"(2026-03-02T09:00+00:00,"queue=sales, ""north""",1,300,)", 0) == 0);
}
