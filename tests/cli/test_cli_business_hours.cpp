// `cskpi report --business-hours FILE --sla ... --sla-basis business`. data/business-hours.json:
// Monday to Friday 09:00-17:00 in New York, closed on 2026-11-26 (Thanksgiving).
// data/tickets-business-hours.ndjson, business times by hand (EDT UTC-4, EST UTC-5):
//   t1 (a1) Fri 06-05 16:00 EDT, first response 60 h later (Mon 04:00): 1 h (Fri 16-17);
//      resolution 70 h later (Mon 14:00): 1 h + 5 h = 21600 s.
//   t2 (a1) Wed 06-03 10:00 EDT: first response 1800 s, resolution 7200 s, all open.
//   t3 (a2) Wed 11-25 16:00 EST, first response 36 h later (Fri 04:00): 1 h, the holiday
//      closed.
//   t4 (a2) Sat 06-06 12:00 EDT, outside hours; first response 47 h later (Mon 11:00):
//      counted from Monday's opening, 2 h = 7200 s.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "catch.hpp"
#include "cli_run.hpp"

namespace {

using cli_test::Run;
using cli_test::run_cskpi;
using nlohmann::json;

const std::string kReport =
    "report --preset canonical tickets-business-hours.ndjson --business-hours "
    "business-hours.json ";

}  // namespace

TEST_CASE("report: business-hours times and SLA attainment by agent", "[cli][report]") {
    const Run run = run_cskpi(kReport +
                              "--by agent_id --sla first_response=1h,resolution=4h --sla-basis "
                              "business");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"]["sla_basis"] == "business");
    CHECK(doc["options"]["business_hours"]["time_zone"] == "America/New_York");
    CHECK(doc["options"]["business_hours"]["holidays"] == json{"2026-11-26"});
    const json& a1 = doc["groups"][0]["kpis"];
    const json& a2 = doc["groups"][1]["kpis"];
    CHECK(a1["first_response_business_seconds"]["mean"] == 2700.0);  // (3600 + 1800) / 2
    CHECK(a1["resolution_business_seconds"]["mean"] == 14400.0);     // (21600 + 7200) / 2
    CHECK(a1["first_response_sla"]["numerator"] == 2);               // 3600, 1800 <= 3600
    CHECK(a1["resolution_sla"]["numerator"] == 1);                   // 7200 <= 14400 < 21600
    CHECK(a1["resolution_sla"]["denominator"] == 2);
    CHECK(a2["first_response_business_seconds"]["mean"] == 5400.0);  // (3600 + 7200) / 2
    CHECK(a2["first_response_sla"]["numerator"] == 1);
    CHECK(a2["first_response_sla"]["denominator"] == 2);
    // On the calendar basis only t2's 1800 s first response is within the hour.
    const Run calendar = run_cskpi(kReport + "--sla first_response=1h");
    REQUIRE(calendar.code == 0);
    const json overall = json::parse(calendar.out)["overall"];
    CHECK(overall["first_response_sla"]["numerator"] == 1);
    CHECK(overall["first_response_business_seconds"]["count"] == 4);
    // Without a schedule: no business keys.
    const Run plain = run_cskpi("report --preset canonical tickets-business-hours.ndjson");
    CHECK_FALSE(json::parse(plain.out)["overall"].contains("first_response_business_seconds"));
}

TEST_CASE("report: business-hours columns in CSV and the table", "[cli][report]") {
    const Run csv = run_cskpi(kReport + "--format csv");
    REQUIRE(csv.code == 0);
    const std::string header = csv.out.substr(0, csv.out.find('\n'));
    CHECK(header.find(",first_response_business_seconds_count,first_response_business_seconds_"
                      "mean,") != std::string::npos);
    // overall first responses in business seconds: 3600, 1800, 3600, 7200: mean 4050, p50 3600.
    const std::string overall = csv.out.substr(csv.out.find('\n') + 1);
    CHECK(overall.find(",4,4050,3600,") != std::string::npos);
    const Run table = run_cskpi(kReport +
                                "--sla first_response=1h --sla-basis business "
                                "--format table --columns all");
    REQUIRE(table.code == 0);
    CHECK(table.out.find("; sla first response 3600 s, resolution none (business); business "
                         "hours in America/New_York") != std::string::npos);
    CHECK(table.out.find("  frt_sla  frt_bh_p50  frt_bh_p90  res_bh_p50  res_bh_p90\n") !=
          std::string::npos);
}

TEST_CASE("report: bad --business-hours and --sla-basis", "[cli][report]") {
    const Run overlap = run_cskpi(
        "report --preset canonical tickets-business-hours.ndjson --business-hours "
        "business-hours-overlap.json");
    CHECK(overlap.code == 2);
    CHECK(overlap.err ==
          "cskpi: report: --business-hours: business-hours-overlap.json: hours.mon: intervals "
          "overlap\n");
    const Run missing = run_cskpi(
        "report --preset canonical tickets-business-hours.ndjson --business-hours nowhere.json");
    CHECK(missing.code == 1);
    CHECK(missing.err ==
          "cskpi: cannot read business hours nowhere.json: No such file or directory\n");
    const Run basis = run_cskpi(kReport + "--sla-basis office");
    CHECK(basis.code == 2);
    CHECK(basis.err == "cskpi: report: --sla-basis: \"office\" is not calendar or business\n");
    const Run unscheduled =
        run_cskpi("report --preset canonical tickets-business-hours.ndjson --sla-basis business");
    CHECK(unscheduled.code == 2);
    CHECK(unscheduled.err == "cskpi: report: --sla-basis: business needs --business-hours FILE\n");
}

TEST_CASE("merge: saved states keep the schedule and refuse another", "[cli][merge]") {
    const std::filesystem::path dir = cli_test::work_dir();
    const std::string one = (dir / "one.state").string();
    const std::string two = (dir / "two.state").string();
    REQUIRE(run_cskpi(kReport + "--save-state '" + one + "'").code == 0);
    REQUIRE(run_cskpi("report --preset canonical tickets-business-hours.ndjson --save-state '" +
                      two + "'")
                .code == 0);
    const Run merged = run_cskpi("merge '" + one + "' '" + one + "'");
    REQUIRE(merged.code == 0);
    // Twice each ticket: 8 first responses, the same mean.
    const json overall = json::parse(merged.out)["overall"];
    CHECK(overall["first_response_business_seconds"]["count"] == 8);
    CHECK(overall["first_response_business_seconds"]["mean"] == 4050.0);
    const Run refused = run_cskpi("merge '" + one + "' '" + two + "'");
    CHECK(refused.code == 1);
    CHECK(refused.err.find("business hours none") != std::string::npos);
    std::filesystem::remove_all(dir);
}
