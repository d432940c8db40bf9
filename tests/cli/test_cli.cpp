// Runs the cskpi command on the hand-written fixtures in data/ and checks what it prints, where
// and with which exit code. Each run's stdout and stderr go to files of their own, so the tests
// see exactly what a shell would.
//
// data/interactions.ndjson: 12 canonical contacts, line 11 with csat 9 (out of the 1..5 scale).
// data/interactions-2.ndjson: 3 lines, line 2 not JSON. data/purchases.ndjson: 12 purchases,
// line 7 without customer_id. data/huge-durations.ndjson: 5 handled phone contacts of 1e308 s
// talk each, whose sum overflows. The expected KPI values below are worked out by hand from them.

#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<pty.h>)
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#define CSKPI_CLI_HAVE_PTY 1
#endif

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cli_run.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/staffing.hpp"
#include "cskpi/version.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Catch::Matchers::WithinAbs;
using cli_test::read_file;
using cli_test::Run;
using cli_test::run_cskpi;
using cli_test::work_dir;

std::string expected(const std::string& name) {
    return read_file(fs::path(CSKPI_CLI_DATA) / "expected" / name);
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A larger clean canonical NDJSON file (about 200 bytes a record), written once per size.
fs::path generated(int records) {
    const fs::path path =
        fs::path(CSKPI_CLI_WORK) / ("generated-" + std::to_string(records) + ".ndjson");
    if (!fs::exists(path)) {
        fs::create_directories(path.parent_path());
        const fs::path tmp = path.string() + "." + std::to_string(::getpid());
        {
            std::ofstream out(tmp, std::ios::binary);
            for (int i = 0; i < records; ++i) {
                out << R"({"id":"g)" << i << R"(","customer_id":"u)" << i % 997
                    << R"(","case_id":"k)" << i / 2 << R"(","agent_id":"a)" << i % 13
                    << R"(","queue":"q)" << i % 3 << R"(","channel":"phone","started_at":"2026-0)"
                    << 1 + i % 9 << "-1" << i % 10 << "T" << 10 + i % 10
                    << R"(:00:00Z","wait_seconds":)" << i % 50 << R"(,"handle_seconds":)"
                    << 60 + i % 500 << R"(,"resolved":)" << (i % 3 != 0 ? "true" : "false")
                    << R"(,"csat":)" << 1 + i % 5 << "}\n";
            }
        }
        fs::rename(tmp, path);
    }
    return path;
}

const std::string rejected_line =
    "cskpi: 1 of 12 records rejected (first: interactions.ndjson:11: csat: out_of_range: csat = 9 "
    "is outside the scale 1..5)\n";

}  // namespace

TEST_CASE("report: JSON of the fixture, every KPI as worked out by hand", "[cli][report]") {
    const Run run = run_cskpi("report interactions.ndjson");
    REQUIRE(run.code == 0);
    CHECK(run.err == rejected_line);
    const json doc = json::parse(run.out);

    CHECK(doc["cskpi_version"] == cskpi::version_string);
    const json& input = doc["input"];
    CHECK(input["read"] == 12);
    CHECK(input["accepted"] == 11);
    CHECK(input["rejected"] == 1);
    CHECK(input["duplicates"] == 0);
    CHECK(input["errors_truncated"] == false);
    REQUIRE(input["errors"].size() == 1);
    CHECK(input["errors"][0] == json::parse(R"({"file": "interactions.ndjson", "line": 11,
        "field": "csat", "code": "out_of_range", "message": "csat = 9 is outside the scale 1..5"})"));

    CHECK(doc["options"] == json::parse(R"({"group_by": [], "period": null,
        "utc_offset": "+00:00", "csat_scale": 5, "csat_threshold": 4,
        "sl_threshold_seconds": 20.0, "short_abandon_seconds": 5.0, "abandon_mode": "against",
        "fcr_mode": "case", "fcr_window_seconds": 604800.0, "definitions": "standard"})"));

    const json& k = doc["overall"];
    CHECK(k["contacts"] == 11);
    CHECK(k["handled"] == 9);  // c04 and c05 abandoned
    // Cases with a handled contact: k1 k2 k5 k6 k7 k8 k9 k10; k2 (two contacts) and k8
    // (unresolved) are not first-contact resolutions.
    CHECK(k["fcr"]["numerator"] == 6);
    CHECK(k["fcr"]["denominator"] == 8);
    CHECK(k["fcr"]["value"] == 75.0);
    // Answers 5 2 4 3 5 4 5: five of seven >= 4, mean 4.
    CHECK(k["csat"]["numerator"] == 5);
    CHECK(k["csat"]["denominator"] == 7);
    CHECK_THAT(k["csat"]["value"].get<double>(), WithinAbs(500.0 / 7.0, 1e-9));
    CHECK_THAT(k["csat"]["mean"].get<double>(), WithinAbs(4.0, 1e-12));
    // 10 3 8 9 6 10: promoters 3, passive 1, detractors 2.
    CHECK(k["nps"]["promoters"] == 3);
    CHECK(k["nps"]["passives"] == 1);
    CHECK(k["nps"]["detractors"] == 2);
    CHECK_THAT(k["nps"]["value"].get<double>(), WithinAbs(100.0 / 6.0, 1e-9));
    // CES 6 7 4.
    CHECK(k["ces"]["count"] == 3);
    CHECK_THAT(k["ces"]["value"].get<double>(), WithinAbs(17.0 / 3.0, 1e-12));
    CHECK(k["ces"]["agree"]["numerator"] == 2);
    // Handle times 250 300 240 600 120 90 150 120 400.
    CHECK(k["aht_seconds"]["count"] == 9);
    CHECK_THAT(k["aht_seconds"]["sum"].get<double>(), WithinAbs(2270.0, 1e-9));
    // Waits of answered contacts 10 30 15 25 5 20 60.
    CHECK(k["asa_seconds"]["count"] == 7);
    CHECK_THAT(k["asa_seconds"]["sum"].get<double>(), WithinAbs(165.0, 1e-9));
    // Within 20 s: c01 c03 c09 c10, of 7 answered + 1 long abandon (c05; c04 is short).
    CHECK(k["service_level"]["numerator"] == 4);
    CHECK(k["service_level"]["denominator"] == 8);
    CHECK(k["abandonment_rate"]["numerator"] == 1);
    CHECK(k["abandonment_rate"]["denominator"] == 8);
    CHECK(k["first_response_seconds"] == json::parse(R"({"count": 2, "mean": 2700.0,
        "p50": 2700.0, "p90": 3420.0})"));
    CHECK(k["resolution_seconds"] == json::parse(R"({"count": 2, "mean": 46800.0,
        "p50": 46800.0, "p90": 78480.0})"));
    // Queued: every contact with a wait (all but c07 c08); answered 7; abandoned c04 (3 s:
    // short, within 20 s) and c05 (45 s); c01 alone held; longest wait 60 (c12).
    CHECK(k["queued"] == 9);
    CHECK(k["answered"] == 7);
    CHECK(k["abandoned"] == 2);
    CHECK(k["short_abandoned"] == 1);
    CHECK(k["abandoned_within_target"] == 1);
    CHECK(k["transferred_out"] == 0);
    CHECK(k["held"] == 1);
    CHECK(k["max_wait_seconds"] == 60.0);
    CHECK(k["abandon_time_seconds"]["sum"] == 48.0);
    // Talk 200 150 100; hold 20 (c01); wrap 30 and 20.
    CHECK(k["talk_seconds"]["value"] == 150.0);
    CHECK(k["hold_seconds"]["count"] == 1);
    CHECK(k["acw_seconds"]["value"] == 25.0);
    // Every handled contact answered CSAT, NPS or CES.
    CHECK(k["survey_response_rate"]["numerator"] == 9);
    CHECK(k["survey_response_rate"]["denominator"] == 9);
    CHECK(doc["groups"].empty());
}

TEST_CASE("report: groups by agent and month, sorted by key", "[cli][report]") {
    const Run run = run_cskpi("report interactions.ndjson --by agent_id --period month");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"]["group_by"] == json::parse(R"(["agent_id"])"));
    CHECK(doc["options"]["period"] == "month");
    std::vector<std::string> keys;
    std::uint64_t contacts = 0;
    for (const json& group : doc["groups"]) {
        keys.push_back(group["key"].dump());
        contacts += group["kpis"]["contacts"].get<std::uint64_t>();
    }
    CHECK(keys == std::vector<std::string>{
                      R"({"agent_id":null,"period":"2026-01"})",
                      R"({"agent_id":"a1","period":"2026-01"})",
                      R"({"agent_id":"a1","period":"2026-02"})",
                      R"({"agent_id":"a2","period":"2026-01"})",
                      R"({"agent_id":"a2","period":"2026-02"})",
                  });
    CHECK(contacts == 11);
    // a1 in February: c08 c09 c12; c09's case is unresolved.
    const json& a1_feb = doc["groups"][2]["kpis"];
    CHECK(a1_feb["fcr"]["numerator"] == 2);
    CHECK(a1_feb["fcr"]["denominator"] == 3);
}

TEST_CASE("report: options reach the report", "[cli][report]") {
    const Run run = run_cskpi(
        "report interactions.ndjson --fcr window --fcr-window 2w --csat-scale 5 "
        "--csat-threshold 5 --sl-threshold 30s --short-abandon 2s --abandon-mode ignore "
        "--utc-offset -05:00 --period day --by queue,channel --threads 1");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"] == json::parse(R"({"group_by": ["queue", "channel"], "period": "day",
        "utc_offset": "-05:00", "csat_scale": 5, "csat_threshold": 5,
        "sl_threshold_seconds": 30.0, "short_abandon_seconds": 2.0, "abandon_mode": "ignore",
        "fcr_mode": "window", "fcr_window_seconds": 1209600.0, "definitions": "standard"})"));
    // Top box: 5 5 5 of 7 answers.
    CHECK(doc["overall"]["csat"]["numerator"] == 3);
    // Ignore abandons: 7 answered, within 30 s all but c12 (60 s).
    CHECK(doc["overall"]["service_level"]["numerator"] == 6);
    CHECK(doc["overall"]["service_level"]["denominator"] == 7);
    // Both abandons are long at 2 s.
    CHECK(doc["overall"]["abandonment_rate"]["numerator"] == 2);
}

TEST_CASE("report: a sum that overflows is left out in every format", "[cli][report]") {
    const Run csv = run_cskpi("report huge-durations.ndjson --format csv");
    CHECK(csv.code == 0);
    // aht_seconds 1e+308 of 5 with its sum (infinite) an empty field, as JSON's null; so too
    // talk_seconds. All five queued (10 s) and answered, none abandoned, transferred or held;
    // no hold or wrap time; no survey answers: 0 of 5.
    CHECK(csv.out.substr(csv.out.find('\n') + 1) ==
          "overall,5,5,100,5,5,56.551753521682514,100,,0,0,,,,,0,0,0,0,,,0,0,,,0,0,,,1e+308,5,,0,"
          "10,5,50,0,100,5,5,56.551753521682514,100,0,0,5,0,43.44824647831748,0,,,,0,,,"
          ",5,5,0,0,0,0,0,0,0,0,0,0,10,,0,0,,1e+308,5,,0,,0,0,,,0,0,,0,0,5,0,43.44824647831748\n");
    const Run json = run_cskpi("report huge-durations.ndjson");
    CHECK(json.code == 0);
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["overall"]["aht_seconds"] ==
          nlohmann::json{{"value", 1e308}, {"count", 5}, {"sum", nullptr}, {"stddev", 0.0}});
    CHECK(doc["overall"]["talk_seconds"] ==
          nlohmann::json{{"value", 1e308}, {"count", 5}, {"sum", nullptr}, {"stddev", 0.0}});
    for (const char* format : {"csv", "table"}) {
        const Run run = run_cskpi(std::string("report huge-durations.ndjson --format ") + format);
        CHECK(run.out.find("inf") == std::string::npos);
    }
}

TEST_CASE("report: the table and CSV renderings", "[cli][report]") {
    const Run table =
        run_cskpi("report interactions.ndjson --by agent_id --period month --format table");
    CHECK(table.code == 0);
    CHECK(table.out == expected("report-agent-month.table.txt"));
    CHECK(table.err == rejected_line);

    const Run csv = run_cskpi("report interactions.ndjson --by queue --format csv");
    CHECK(csv.code == 0);
    CHECK(csv.out == expected("report-queue.csv"));
    CHECK(csv.err == rejected_line);
}

TEST_CASE("report: stdin gives the same report as the file", "[cli][report]") {
    const Run file = run_cskpi("report interactions.ndjson --by agent_id");
    const Run piped = run_cskpi("report --by agent_id < interactions.ndjson");
    const Run dash = run_cskpi("report - --by agent_id < interactions.ndjson");
    REQUIRE(file.code == 0);
    REQUIRE(piped.code == 0);
    REQUIRE(dash.code == 0);
    json a = json::parse(file.out);
    json b = json::parse(piped.out);
    CHECK(b == json::parse(dash.out));
    CHECK(b["input"]["errors"][0]["file"] == "-");
    b["input"]["errors"][0]["file"] = "interactions.ndjson";
    CHECK(a == b);
    CHECK(piped.err ==
          "cskpi: 1 of 12 records rejected (first: -:11: csat: out_of_range: csat = 9 is outside "
          "the scale 1..5)\n");
}

TEST_CASE("report: several files make one report and one account", "[cli][report]") {
    const Run run = run_cskpi("report interactions.ndjson interactions-2.ndjson");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["input"]["read"] == 15);
    CHECK(doc["input"]["accepted"] == 13);
    CHECK(doc["input"]["rejected"] == 2);
    REQUIRE(doc["input"]["errors"].size() == 2);
    CHECK(doc["input"]["errors"][1]["file"] == "interactions-2.ndjson");
    CHECK(doc["input"]["errors"][1]["line"] == 2);
    CHECK(doc["input"]["errors"][1]["code"] == "not_json");
    CHECK(doc["input"]["errors_truncated"] == false);
    CHECK(doc["overall"]["contacts"] == 13);
    CHECK(run.err ==
          "cskpi: 2 of 15 records rejected (first: interactions.ndjson:11: csat: out_of_range: "
          "csat = 9 is outside the scale 1..5)\n");

    const Run limited =
        run_cskpi("report interactions.ndjson interactions-2.ndjson --max-errors 1");
    REQUIRE(limited.code == 0);
    const json input = json::parse(limited.out)["input"];
    CHECK(input["rejected"] == 2);
    CHECK(input["errors"].size() == 1);
    CHECK(input["errors_truncated"] == true);

    // Files and stdin mix.
    const Run mixed = run_cskpi("report interactions.ndjson - < interactions-2.ndjson");
    REQUIRE(mixed.code == 0);
    CHECK(json::parse(mixed.out)["overall"] == doc["overall"]);
}

TEST_CASE("report: strict mode stops at the first bad record with exit 1", "[cli][report][exit]") {
    const Run run = run_cskpi("report interactions.ndjson --strict");
    CHECK(run.code == 1);
    CHECK(run.out.empty());
    CHECK(run.err ==
          "cskpi: interactions.ndjson:11: csat: out_of_range: csat = 9 is outside the scale "
          "1..5\n");

    const Run piped = run_cskpi("report --strict --format table < interactions-2.ndjson");
    CHECK(piped.code == 1);
    CHECK(piped.out.empty());
    CHECK(piped.err.rfind("cskpi: -:2: not_json: ", 0) == 0);
    CHECK(lines(piped.err) == 1);

    // On a 10-point scale csat 9 is valid: the whole file passes strict mode.
    const Run ok =
        run_cskpi("report --strict --csat-scale 10 --csat-threshold 9 interactions.ndjson");
    CHECK(ok.code == 0);
    CHECK(ok.err.empty());
}

TEST_CASE("report: a file that cannot be read is exit 1, naming it", "[cli][report][exit]") {
    const Run missing = run_cskpi("report nosuch.ndjson");
    CHECK(missing.code == 1);
    CHECK(missing.out.empty());
    CHECK(missing.err == "cskpi: cannot read nosuch.ndjson: No such file or directory\n");

    // Checked before anything is read: no partial report.
    const Run second = run_cskpi("report interactions.ndjson nosuch.ndjson --format csv");
    CHECK(second.code == 1);
    CHECK(second.out.empty());
    CHECK(second.err == "cskpi: cannot read nosuch.ndjson: No such file or directory\n");

    const Run directory = run_cskpi("report expected");
    CHECK(directory.code == 1);
    CHECK(directory.err == "cskpi: cannot read expected: Is a directory\n");

    const Run mapping = run_cskpi("report interactions.ndjson --mapping nosuch.json");
    CHECK(mapping.code == 1);
    CHECK(mapping.err == "cskpi: cannot read mapping nosuch.json: No such file or directory\n");
}

TEST_CASE("usage errors: one line on stderr, nothing on stdout, exit 2", "[cli][exit]") {
    struct Case {
        const char* args;
        const char* says;
    };
    const std::vector<Case> cases = {
        {"report interactions.ndjson --period fortnight",
         "cskpi: report: --period: \"fortnight\" is not day, week, month, 15m, 30m or 1h\n"},
        {"report interactions.ndjson --csat-threshold 9 --csat-scale 5",
         "cskpi: report: --csat-threshold: 9 is outside 1..5\n"},
        {"report interactions.ndjson --fcr-window 7x",
         "cskpi: report: --fcr-window: \"7x\": unknown unit \"x\" (use s, m, h, d, w, mo or y)\n"},
        {"report interactions.ndjson --sl-threshold 20",
         "cskpi: report: --sl-threshold: \"20\": a duration needs a unit (use s, m, h, d, w, mo or "
         "y, e.g. 20s)\n"},
        {"report interactions.ndjson --unknown",
         "cskpi: report: The following argument was not expected: --unknown (see cskpi report "
         "--help)\n"},
        {"report interactions.ndjson --by agent",
         "cskpi: report: --by: \"agent\" is not a dimension (agent_id, queue, team, channel, "
         "customer_id)\n"},
        {"report interactions.ndjson --by queue,queue",
         "cskpi: report: --by: queue is listed twice\n"},
        {"report interactions.ndjson --format xml",
         "cskpi: report: --format: \"xml\" is not json, table, csv or html\n"},
        {"report interactions.ndjson --sla reply=1h",
         "cskpi: report: --sla: \"reply=1h\" is not first_response=DURATION or "
         "resolution=DURATION\n"},
        {"report interactions.ndjson --definitions avaya",
         "cskpi: report: --definitions: \"avaya\" is not standard, amazon-connect, genesys or "
         "zendesk\n"},
        {"report interactions.ndjson --definitions genesys --genesys-sl abandons,overflow",
         "cskpi: report: --genesys-sl: \"overflow\" is not abandons, short-abandons, flow-outs "
         "or none\n"},
        {"report interactions.ndjson --fcr first",
         "cskpi: report: --fcr: \"first\" is not case, window or flag\n"},
        {"report interactions.ndjson --abandon-mode maybe",
         "cskpi: report: --abandon-mode: \"maybe\" is not against, ignore or for\n"},
        {"report interactions.ndjson --threads many",
         "cskpi: report: --threads: \"many\" is not a whole number\n"},
        {"report interactions.ndjson --max-errors -1",
         "cskpi: report: --max-errors: -1 is outside 0..2147483647\n"},
        {"report interactions.ndjson --utc-offset +25:00",
         "cskpi: report: --utc-offset: \"+25:00\" is not a UTC offset (+02:00, -05:30, +0200 or Z, "
         "under 24 hours)\n"},
        {"report interactions.ndjson --preset nosuch",
         "cskpi: report: --preset: unknown preset \"nosuch\" (amazon-connect, canonical, "
         "canonical-purchase, genesys-cloud, zendesk, zendesk-satisfaction)\n"},
        {"report interactions.ndjson --preset canonical --mapping m.json",
         "cskpi: report: --preset and --mapping cannot be used together\n"},
        {"report interactions.ndjson --preset canonical-purchase",
         "cskpi: report: mapping \"canonical-purchase\" makes purchases; cskpi report needs "
         "interaction records\n"},
        {"report - -", "cskpi: report: \"-\" (stdin) can be given only once\n"},
        {"", "cskpi: A subcommand is required (see cskpi --help)\n"},
        {"frobnicate",
         "cskpi: unknown command \"frobnicate\" (report, retention, staffing, clv, merge; see "
         "cskpi "
         "--help)\n"},
        {"retention purchases.ndjson --period fortnight",
         "cskpi: retention: --period: \"fortnight\" is not day, week, month, 15m, 30m or 1h\n"},
        {"staffing --interval 30m --aht 180s",
         "cskpi: staffing: --contacts is required (see cskpi staffing --help)\n"},
        {"staffing --contacts 100 --interval 30 --aht 180s",
         "cskpi: staffing: --interval: \"30\": a duration needs a unit (use s, m, h, d, w, mo or "
         "y, e.g. 30s)\n"},
        {"staffing --contacts 100 --interval 30m --aht 0s",
         "cskpi: staffing: --aht: \"0s\" must be longer than zero\n"},
        {"staffing --contacts -1 --interval 30m --aht 180s",
         "cskpi: staffing: --contacts: -1 cannot be negative\n"},
        {"staffing --contacts 100 --interval 30m --aht 180s --target 80",
         "cskpi: staffing: --target: \"80\" is not PERCENT/SECONDS (e.g. 80/20: 80% answered "
         "within 20 s)\n"},
        {"staffing --contacts 100 --interval 30m --aht 180s --target 100/20",
         "cskpi: staffing: --target: the service level 100 must be above 0 and below 100 "
         "percent\n"},
        {"staffing --contacts 100 --interval 30m --aht 180s --shrinkage 1",
         "cskpi: staffing: --shrinkage: 1 is outside [0, 1) (a fraction: 0.3, or a percentage: "
         "30%)\n"},
        {"staffing --contacts 100 --interval 30m --aht 180s --agents 14 --max-occupancy 85",
         "cskpi: staffing: --max-occupancy bounds the search for agents; it cannot be used with "
         "--agents\n"},
    };
    for (const Case& c : cases) {
        INFO("cskpi " << c.args);
        const Run run = run_cskpi(c.args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err == c.says);
    }
}

TEST_CASE("--help and --version print on stdout and exit 0", "[cli][exit]") {
    const Run version = run_cskpi("--version");
    CHECK(version.code == 0);
    CHECK(version.out == std::string("cskpi ") + cskpi::version_string + "\n");
    CHECK(version.err.empty());

    const Run help = run_cskpi("--help");
    CHECK(help.code == 0);
    CHECK(help.err.empty());
    for (const char* command : {"report", "retention", "staffing"}) {
        CHECK(help.out.find(command) != std::string::npos);
        const Run sub = run_cskpi(std::string(command) + " --help");
        INFO(command);
        CHECK(sub.code == 0);
        CHECK(sub.err.empty());
        CHECK(sub.out.find(std::string("Usage: cskpi ") + command) != std::string::npos);
        CHECK(sub.out.find("--format") != std::string::npos);
    }
}

TEST_CASE("staffing: the published Erlang C example", "[cli][staffing]") {
    // 100 contacts per 30 minutes with an AHT of 3 minutes is 10 Erlangs; 80% within 20 s needs
    // 14 agents, who answer 88.8% within 20 s (Koole 2013; the library's test values).
    const Run run = run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --target 80/20");
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    const json doc = json::parse(run.out);
    std::vector<std::string> keys;
    for (const auto& [key, value] : doc.items()) {
        keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"agents", "agents_with_shrinkage", "asa_seconds",
                                           "occupancy", "probability_wait", "service_level",
                                           "traffic_erlangs"});
    CHECK(doc["traffic_erlangs"] == 10.0);
    CHECK(doc["agents"] == 14);
    CHECK_THAT(doc["service_level"].get<double>(), WithinAbs(88.8, 0.05));
    CHECK_THAT(doc["probability_wait"].get<double>(), WithinAbs(0.174, 0.0005));
    CHECK_THAT(doc["asa_seconds"].get<double>(), WithinAbs(7.84, 0.005));
    CHECK_THAT(doc["occupancy"].get<double>(), WithinAbs(71.43, 0.005));
    CHECK(doc["agents_with_shrinkage"] == 14);
    // Exactly the library's figures.
    const auto library = cskpi::staffing_to_json(cskpi::plan_staffing(10.0, 180.0, {}));
    CHECK(doc == json::parse(library.dump()));

    // The same target in other notations.
    CHECK(run_cskpi("staffing --contacts 100 --interval 0.5h --aht 3m --target 80%/20s").out ==
          run.out);
    CHECK(run_cskpi("staffing --contacts 100 --interval 30m --aht 180s").out == run.out);

    const Run shrinkage = run_cskpi(
        "staffing --contacts 100 --interval 30m --aht 180s --target 80/20 --shrinkage 0.3");
    REQUIRE(shrinkage.code == 0);
    CHECK(json::parse(shrinkage.out)["agents_with_shrinkage"] == 20);
    CHECK(run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --shrinkage 30%").out ==
          shrinkage.out);

    const Run fifteen = run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --agents 15");
    REQUIRE(fifteen.code == 0);
    const json f = json::parse(fifteen.out);
    CHECK(f["agents"] == 15);
    CHECK_THAT(f["service_level"].get<double>(), WithinAbs(94.1, 0.05));
    CHECK(f ==
          json::parse(
              cskpi::staffing_to_json(cskpi::evaluate_staffing(10.0, 180.0, 15, 20.0)).dump()));

    // Too few agents: the queue is unstable and the ASA undefined.
    const json unstable =
        json::parse(run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --agents 9").out);
    CHECK(unstable["asa_seconds"].is_null());
    CHECK(unstable["service_level"] == 0.0);
    const Run unstable_table =
        run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --agents 9 --format table");
    CHECK(unstable_table.out.find("\nasa_seconds               n/a\n") != std::string::npos);

    // An occupancy cap raises the agents.
    const json capped = json::parse(
        run_cskpi("staffing --contacts 100 --interval 30m --aht 180s --max-occupancy 65").out);
    CHECK(capped["agents"] == 16);
}

TEST_CASE("staffing: traffic past the limit names the options", "[cli][staffing]") {
    const Run contacts = run_cskpi("staffing --contacts 1e12 --interval 30m --aht 180s");
    CHECK(contacts.code == 2);
    CHECK(contacts.out.empty());
    CHECK(contacts.err ==
          "cskpi: staffing: --contacts 1e12 with --aht 180s per --interval 30m is 1e+11 erlangs "
          "of traffic (contacts x AHT / interval), beyond the limit of 1e+07 erlangs: lower "
          "--contacts or --aht, or lengthen --interval\n");
    const Run aht = run_cskpi("staffing --contacts 100 --interval 30m --aht 1e308s");
    CHECK(aht.code == 2);
    CHECK(aht.err ==
          "cskpi: staffing: --contacts 100 with --aht 1e308s per --interval 30m is 5.55556e+306 "
          "erlangs of traffic (contacts x AHT / interval), beyond the limit of 1e+07 erlangs: "
          "lower --contacts or --aht, or lengthen --interval\n");
    const Run both = run_cskpi("staffing --contacts 1e308 --interval 1s --aht 1e308s");
    CHECK(both.err.find("cskpi: staffing: --contacts 1e308 with --aht 1e308s per --interval 1s "
                        "is more than 1.8e308 erlangs of traffic") == 0);
    const Run year = run_cskpi("staffing --contacts 100 --interval 30m --aht 1e308y");
    CHECK(year.code == 2);
    CHECK(year.err ==
          "cskpi: staffing: --aht: \"1e308y\" is outside the durations a number can "
          "hold (0 to 1.8e308 s)\n");
    // At the limit: 1e7 erlangs are computed.
    const Run limit = run_cskpi("staffing --contacts 1e7 --interval 1s --aht 1s --agents 10000001");
    CHECK(limit.code == 0);
    CHECK(json::parse(limit.out)["traffic_erlangs"] == 1e7);
    // Scientific notation is a number like any other.
    CHECK(run_cskpi("staffing --contacts 1e2 --interval 1.8e3s --aht 1.8e2s").out ==
          run_cskpi("staffing --contacts 100 --interval 30m --aht 180s").out);
}

TEST_CASE("staffing: table and CSV", "[cli][staffing]") {
    const std::string args =
        "staffing --contacts 100 --interval 30m --aht 180s --target 80/20 --shrinkage 0.3";
    const Run table = run_cskpi(args + " --format table");
    CHECK(table.code == 0);
    CHECK(table.out == expected("staffing.table.txt"));
    const Run csv = run_cskpi(args + " --format csv");
    CHECK(csv.code == 0);
    CHECK(csv.out == expected("staffing.csv"));
}

TEST_CASE("retention: purchases by month with cohorts", "[cli][retention]") {
    const Run run = run_cskpi("retention purchases.ndjson --preset canonical-purchase --cohorts");
    REQUIRE(run.code == 0);
    CHECK(run.err ==
          "cskpi: 1 of 12 records rejected (first: purchases.ndjson:7: customer_id: "
          "missing_field: customer_id is required)\n");
    const json doc = json::parse(run.out);
    CHECK(doc["input"]["read"] == 12);
    CHECK(doc["input"]["rejected"] == 1);
    CHECK(doc["period"] == "month");
    CHECK(doc["customers"] == 5);
    // Jan {p1 p2 p3}, Feb {p1 p2 p4}, Mar {p1 p4 p5}, Apr {p1 p3}.
    const json& periods = doc["periods"];
    REQUIRE(periods.size() == 4);
    CHECK(periods[0]["period"] == "2026-01");
    CHECK(periods[0]["retention_rate"]["value"].is_null());
    const std::vector<std::array<int, 4>> start_retained_new_end = {
        {0, 0, 3, 3}, {3, 2, 1, 3}, {3, 2, 1, 3}, {3, 1, 1, 2}};
    for (std::size_t i = 0; i < periods.size(); ++i) {
        INFO(periods[i]["period"]);
        CHECK(periods[i]["start"] == start_retained_new_end[i][0]);
        CHECK(periods[i]["retained"] == start_retained_new_end[i][1]);
        CHECK(periods[i]["new"] == start_retained_new_end[i][2]);
        CHECK(periods[i]["end"] == start_retained_new_end[i][3]);
    }
    CHECK_THAT(periods[3]["retention_rate"]["value"].get<double>(), WithinAbs(100.0 / 3.0, 1e-9));
    CHECK_THAT(periods[3]["churn_rate"]["value"].get<double>(), WithinAbs(200.0 / 3.0, 1e-9));
    const json& cohorts = doc["cohorts"];
    REQUIRE(cohorts.size() == 4);
    CHECK(cohorts[0]["cohort"] == "2026-01");
    CHECK(cohorts[0]["size"] == 3);
    REQUIRE(cohorts[0]["retention"].size() == 4);
    CHECK_THAT(cohorts[0]["retention"][3].get<double>(), WithinAbs(200.0 / 3.0, 1e-9));
    CHECK(cohorts[3]["size"] == 0);
    CHECK(cohorts[3]["retention"][0].is_null());

    // Without --cohorts the table is left out.
    CHECK(json::parse(
              run_cskpi("retention purchases.ndjson --preset canonical-purchase").out)["cohorts"]
              .empty());
}

TEST_CASE("retention: table and CSV", "[cli][retention]") {
    const std::string args = "retention purchases.ndjson --preset canonical-purchase";
    CHECK(run_cskpi(args + " --cohorts --format table").out ==
          expected("retention-purchases.table.txt"));
    CHECK(run_cskpi(args + " --format csv").out == expected("retention-purchases.csv"));
    CHECK(run_cskpi(args + " --cohorts --format csv").out ==
          expected("retention-purchases-cohorts.csv"));
}

TEST_CASE("retention: interactions, weekly, at an offset, strict", "[cli][retention]") {
    const Run run = run_cskpi("retention interactions.ndjson --period week --utc-offset +02:00");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["period"] == "week");
    CHECK(doc["utc_offset"] == "+02:00");
    CHECK(doc["records"] == 11);
    CHECK(doc["customers"] == 6);
    CHECK(doc["periods"][0]["period"] == "2026-W02");

    const Run strict = run_cskpi("retention purchases.ndjson --preset canonical-purchase --strict");
    CHECK(strict.code == 1);
    CHECK(strict.out.empty());
    CHECK(strict.err ==
          "cskpi: purchases.ndjson:7: customer_id: missing_field: customer_id is required\n");
}

// Writes canonical purchases, one per (customer, date), to a file of a fresh work directory.
fs::path purchases_on(const std::vector<std::pair<std::string, std::string>>& bought) {
    const fs::path path = work_dir() / "purchases.ndjson";
    std::ofstream out(path);
    for (const auto& [customer, date] : bought) {
        out << R"({"customer_id":")" << customer << R"(","at":")" << date << R"(","amount":1})"
            << '\n';
    }
    return path;
}

TEST_CASE("retention: a table past the limits is refused, saying how large", "[cli][retention]") {
    const fs::path outlier = purchases_on({{"a", "1970-01-01"}, {"b", "2026-01-01"}});
    const Run cohorts = run_cskpi("retention '" + outlier.string() +
                                  "' --preset canonical-purchase --period day --cohorts");
    CHECK(cohorts.code == 1);
    CHECK(cohorts.out.empty());
    CHECK(cohorts.err ==
          "cskpi: the cohort table would have 20,455 cohorts and 209,213,740 cells (day periods "
          "1970-01-01 to 2026-01-01); the limit is 10,000,000 cells: use a longer --period, "
          "leave out --cohorts or filter the input\n");

    const fs::path extremes = purchases_on({{"a", "0001-01-01"}, {"b", "9999-12-31"}});
    const Run days =
        run_cskpi("retention '" + extremes.string() + "' --preset canonical-purchase --period day");
    CHECK(days.code == 1);
    CHECK(days.out.empty());
    CHECK(days.err ==
          "cskpi: the period table would have 3,652,059 rows (day periods 0001-01-01 to "
          "9999-12-31); the limit is 200,000 rows: use a longer --period or filter the input\n");
    const Run months = run_cskpi("retention '" + extremes.string() +
                                 "' --preset canonical-purchase --cohorts --format csv");
    CHECK(months.code == 1);
    CHECK(months.err ==
          "cskpi: the cohort table would have 119,988 cohorts and 7,198,620,066 cells (month "
          "periods 0001-01 to 9999-12); the limit is 10,000,000 cells: leave out --cohorts or "
          "filter the input\n");
    const Run rows =
        run_cskpi("retention '" + extremes.string() + "' --preset canonical-purchase --format csv");
    CHECK(rows.code == 0);
    CHECK(lines(rows.out) == 1 + 119'988);
    fs::remove_all(outlier.parent_path());
    fs::remove_all(extremes.parent_path());
}

TEST_CASE("retention: a cohort table just within the limit is built", "[cli][retention]") {
    // 4,471 months, 1700-01 to 2072-07: 9,997,156 cells.
    const fs::path input = purchases_on({{"a", "1700-01-15"}, {"b", "2072-07-15"}});
    const Run run = run_cskpi("retention '" + input.string() +
                              "' --preset canonical-purchase --cohorts --format csv");
    CHECK(run.code == 0);
    CHECK(run.err.empty());
    REQUIRE(lines(run.out) == 1 + 4'471);
    CHECK(run.out.substr(0, 40) == "cohort,size,offset_0,offset_1,offset_2,o");
    CHECK(run.out.find("\n1700-01,1,100,0,0,") != std::string::npos);
    const std::string last_row = "2072-07,1,100" + std::string(4'470, ',') + "\n";
    CHECK(run.out.substr(run.out.size() - last_row.size()) == last_row);
    fs::remove_all(input.parent_path());
}

TEST_CASE("no progress output when stderr is not a terminal", "[cli][progress]") {
    // The bar would show at once (delay 0) and the input takes a while to read, so any output
    // on a non-terminal stderr would be caught here: stderr goes to a file and stays empty.
    const fs::path big = generated(50000);
    for (const char* threads : {"1", "2"}) {
        INFO("threads " << threads);
        const Run run = run_cskpi(
            "report '" + big.string() + "' --threads " + threads + " --by agent_id --format csv",
            "CSKPI_PROGRESS_DELAY_MS=0");
        CHECK(run.code == 0);
        CHECK(run.err.empty());
        CHECK(lines(run.out) > 2);
    }
    const Run piped =
        run_cskpi("report --format csv < '" + big.string() + "'", "CSKPI_PROGRESS_DELAY_MS=0");
    CHECK(piped.code == 0);
    CHECK(piped.err.empty());
    CHECK(piped.out.find('\r') == std::string::npos);
    const Run clean = run_cskpi("staffing --contacts 100 --interval 30m --aht 180s");
    CHECK(clean.err.empty());
}

#ifdef CSKPI_CLI_HAVE_PTY
TEST_CASE("progress on a terminal: drawn on stderr, erased at the end, stdout clean",
          "[cli][progress]") {
    const fs::path big = generated(50000);
    const fs::path dir = work_dir();
    const std::string out = (dir / "out").string();
    int master = -1;
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 400;  // wide enough for the whole line, file path included
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The child: stderr (and stdin) on the terminal, stdout to a file.
        const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, STDOUT_FILENO);
        ::setenv("CSKPI_PROGRESS_DELAY_MS", "0", 1);
        ::execl(CSKPI_CLI_EXE, "cskpi", "report", big.c_str(), "--threads", "1", "--format", "csv",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::string terminal;
    char buffer[4096];
    while (true) {
        pollfd p{master, POLLIN, 0};
        if (::poll(&p, 1, 30000) <= 0) {
            break;
        }
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0) {
            break;  // EIO once the child has exited
        }
        terminal.append(buffer, static_cast<std::size_t>(n));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    INFO(terminal);
    CHECK(terminal.find('\r') != std::string::npos);
    CHECK(terminal.find(big.filename().string()) != std::string::npos);
    CHECK(terminal.find(" of ") != std::string::npos);
    // The line is erased at the end.
    CHECK(terminal.size() >= 4);
    CHECK(terminal.substr(terminal.size() - 4) == "\r\033[K");
    const std::string csv = read_file(out);
    CHECK(csv.rfind("scope,", 0) == 0);
    CHECK(csv.find('\r') == std::string::npos);
    CHECK(csv.find('[') == std::string::npos);
    fs::remove_all(dir);
}
#endif

TEST_CASE("mapping limits: a mapping too deep is a usage error, not a crash", "[cli][exit]") {
    const fs::path dir = work_dir();
    const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    };
    std::string pointer;
    for (int i = 0; i < 100000; ++i) {
        pointer += "/a";
    }
    const std::string long_pointer =
        write("pointer.json", R"({"fields": {"id": ")" + pointer + R"(", "started_at": "/t"}})");
    std::string open;
    std::string close;
    for (int i = 1; i < 20000; ++i) {
        open += R"({"all": [)";
        close += "]}";
    }
    const std::string deep_when = write(
        "when.json", R"({"fields": {"id": "/id", "started_at": "/t", "abandoned": {"when": )" +
                         open + R"({"present": "/q"})" + close + "}}}");

    const Run pointer_run =
        run_cskpi("report interactions.ndjson --mapping '" + long_pointer + "'");
    CHECK(pointer_run.code == 2);
    CHECK(pointer_run.out.empty());
    CHECK(pointer_run.err == "cskpi: report: --mapping: " + long_pointer +
                                 ": fields.id: the JSON Pointer has more than 1023 segments, "
                                 "more than a record can nest\n");
    const Run when_run = run_cskpi("report interactions.ndjson --mapping '" + deep_when + "'");
    CHECK(when_run.code == 2);
    CHECK(when_run.out.empty());
    CHECK(when_run.err ==
          "cskpi: report: --mapping: " + deep_when +
              ": fields.abandoned.when: conditions nest more than 32 levels deep\n");
    fs::remove_all(dir);
}

TEST_CASE("report: the genesys-cloud preset reads a conversation details response",
          "[cli][report]") {
    const Run run = run_cskpi(
        "report ../../data/samples/genesys-cloud-conversations.json --preset genesys-cloud");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"]["definitions"] == "genesys");
    CHECK(doc["options"]["fcr_mode"] == "window");
    const json& k = doc["overall"];
    // Four conversations, all queued: answered (wait 12 s, talk 240, hold 30, wrap-up 45),
    // abandoned after 40 s, blind-transferred (wait 18 + 15 = 33 s, talk 60 + 120 = 180,
    // hold 20, wrap-up 10 + 30 = 40) and answered (wait 5 s, talk 90, wrap-up 20).
    CHECK(k["contacts"] == 4);
    CHECK(k["queued"] == 4);
    CHECK(k["handled"] == 3);
    CHECK(k["answered"] == 3);
    CHECK(k["abandoned"] == 1);
    CHECK(k["transferred_out"] == 1);
    CHECK(k["held"] == 2);
    CHECK(k["max_wait_seconds"] == 40.0);
    // AHT = (315 + 240 + 110) / 3 = 665 / 3 s.
    CHECK_THAT(k["aht_seconds"]["value"].get<double>(), WithinAbs(665.0 / 3.0, 1e-9));
    // ASA = (12 + 33 + 5) / 3 = 50 / 3 s.
    CHECK_THAT(k["asa_seconds"]["value"].get<double>(), WithinAbs(50.0 / 3.0, 1e-9));
    // Hold, Genesys's tHeld: handled contacts that were held, (30 + 20) / 2 = 25 s.
    CHECK_THAT(k["hold_seconds"]["value"].get<double>(), WithinAbs(25.0, 1e-9));
    // Abandon %: abandoned / offered = 1 / 4.
    CHECK(k["abandonment_rate"]["numerator"] == 1);
    CHECK(k["abandonment_rate"]["denominator"] == 4);
    // Service level (20 s): answered within 20 s (12 and 5; not 33) / (answered 3 +
    // abandoned 1, a 40 s abandon being no short one) = 2 / 4.
    CHECK(k["service_level"]["numerator"] == 2);
    CHECK(k["service_level"]["denominator"] == 4);
    // FCR, window mode: three handled inquiries from three customers; the transferred one
    // is not resolved, so 2 / 3.
    CHECK(k["fcr"]["numerator"] == 2);
    CHECK(k["fcr"]["denominator"] == 3);
}

TEST_CASE("report: a vendor preset brings its definitions and --definitions or --fcr override them",
          "[cli][report]") {
    const std::string ctr = "../../data/samples/ctr-inbound-voice-hold-acw-transfer.json";
    const Run connect = run_cskpi("report " + ctr + " --preset amazon-connect");
    REQUIRE(connect.code == 0);
    const json doc = json::parse(connect.out);
    CHECK(doc["options"]["definitions"] == "amazon-connect");
    CHECK(doc["options"]["fcr_mode"] == "window");  // Connect records carry no resolution
    const json& k = doc["overall"];
    // The sample: answered after 346 s in queue, then transferred to an external number.
    CHECK(k["handled"] == 1);
    CHECK(k["answered"] == 1);
    CHECK(k["abandoned"] == 0);
    CHECK(k["transferred_out"] == 1);
    CHECK(k["max_wait_seconds"] == 346.0);
    CHECK(k["aht_seconds"]["value"] == 465.0);
    // SERVICE_LEVEL 20: removed from the queue within 20 s (none) / queued (1).
    CHECK(k["service_level"]["numerator"] == 0);
    CHECK(k["service_level"]["denominator"] == 1);
    // Window FCR: resolved = handled and not transferred, so the one inquiry is not resolved.
    CHECK(k["fcr"]["numerator"] == 0);
    CHECK(k["fcr"]["denominator"] == 1);

    const Run standard =
        run_cskpi("report " + ctr + " --preset amazon-connect --definitions standard --fcr flag");
    REQUIRE(standard.code == 0);
    const json other = json::parse(standard.out);
    CHECK(other["options"]["definitions"] == "standard");
    CHECK(other["options"]["fcr_mode"] == "flag");
    // Standard: answered within 20 s (0) / (answered 1 + long abandons 0).
    CHECK(other["overall"]["service_level"]["denominator"] == 1);
    CHECK(other["overall"]["fcr"]["denominator"] == 0);

    const Run genesys = run_cskpi(
        "report interactions.ndjson --definitions genesys --genesys-sl "
        "abandons,flow-outs");
    REQUIRE(genesys.code == 0);
    const json g = json::parse(genesys.out)["options"];
    CHECK(g["fcr_mode"] == "window");
    CHECK(g["genesys_sl"] ==
          json{{"abandons", true}, {"short_abandons", false}, {"flow_outs", true}});
}

TEST_CASE("report: --sla reports attainment rates in JSON, CSV and the table", "[cli][report]") {
    const Run run = run_cskpi("report interactions.ndjson --sla first_response=1m,resolution=2h");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc["options"]["first_response_target_seconds"] == 60.0);
    CHECK(doc["options"]["resolution_target_seconds"] == 7200.0);
    const json& k = doc["overall"];
    // Every first response and resolution sampled is in the attainment's denominator.
    CHECK(k["first_response_sla"]["denominator"] == k["first_response_seconds"]["count"]);
    CHECK(k["resolution_sla"]["denominator"] == k["resolution_seconds"]["count"]);
    CHECK(k["first_response_sla"]["numerator"] <= k["first_response_sla"]["denominator"]);
    const Run without = run_cskpi("report interactions.ndjson");
    CHECK_FALSE(json::parse(without.out)["overall"].contains("first_response_sla"));
    const Run csv = run_cskpi("report interactions.ndjson --sla resolution=2h --format csv");
    REQUIRE(csv.code == 0);
    const std::string header = csv.out.substr(0, csv.out.find('\n'));
    CHECK(header.find(",resolution_sla,resolution_sla_numerator,") != std::string::npos);
    CHECK(header.find("first_response_sla") == std::string::npos);
    const Run table = run_cskpi(
        "report interactions.ndjson --sla first_response=1m --format table --columns all");
    CHECK(table.out.find("; sla first response 60 s, resolution none") != std::string::npos);
    CHECK(table.out.find("  frt_sla\n") != std::string::npos);
}
