// `cskpi report` and `cskpi retention` on CSV: the same contacts as CSV and as NDJSON give
// the same report, by extension, by content on stdin, and with --input-format.

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "catch.hpp"
#include "cli_run.hpp"

namespace {

using cli_test::Run;
using cli_test::run_cskpi;
using cli_test::work_dir;
using nlohmann::json;

const char* const kCsv =
    "\xEF\xBB\xBFid,customer_id,started_at,agent_id,queue,channel,wait_seconds,talk_seconds,"
    "abandoned,csat\r\n"
    "c1,k1,2026-01-05T09:00:00Z,ann,\"sales, east\",phone,35,120,false,5\r\n"
    "c2,k2,2026-01-05T09:10:00Z,bob,\"sales, east\",phone,90,,true,\r\n"
    "c3,k1,2026-01-06T10:00:00Z,ann,\"say \"\"hi\"\"\",chat,5,300.5,false,3\r\n"
    "c4,k3,2026-02-02T11:00:00Z,,support,email,,,false,\r\n"
    "c5,k3,2026-02-03T11:00:00Z,bob,support,phone,12,60,false,4\r\n";

const char* const kNdjson =
    R"({"id":"c1","customer_id":"k1","started_at":"2026-01-05T09:00:00Z","agent_id":"ann","queue":"sales, east","channel":"phone","wait_seconds":35,"talk_seconds":120,"abandoned":false,"csat":5}
{"id":"c2","customer_id":"k2","started_at":"2026-01-05T09:10:00Z","agent_id":"bob","queue":"sales, east","channel":"phone","wait_seconds":90,"abandoned":true}
{"id":"c3","customer_id":"k1","started_at":"2026-01-06T10:00:00Z","agent_id":"ann","queue":"say \"hi\"","channel":"chat","wait_seconds":5,"talk_seconds":300.5,"abandoned":false,"csat":3}
{"id":"c4","customer_id":"k3","started_at":"2026-02-02T11:00:00Z","queue":"support","channel":"email","abandoned":false}
{"id":"c5","customer_id":"k3","started_at":"2026-02-03T11:00:00Z","agent_id":"bob","queue":"support","channel":"phone","wait_seconds":12,"talk_seconds":60,"abandoned":false,"csat":4}
)";

struct Files {
    std::string csv;
    std::string ndjson;
    std::string plain;  // the CSV without an extension
};

Files write_files() {
    const std::string dir = work_dir().string();
    Files f{dir + "/contacts.csv", dir + "/contacts.ndjson", dir + "/contacts"};
    std::ofstream(f.csv, std::ios::binary) << kCsv;
    std::ofstream(f.ndjson, std::ios::binary) << kNdjson;
    std::ofstream(f.plain, std::ios::binary) << kCsv;
    return f;
}

// The report without its input account, which names the file.
json body(const Run& run) {
    INFO(run.err);
    REQUIRE(run.code == 0);
    json j = json::parse(run.out);
    CHECK(j["input"]["read"] == 5);
    CHECK(j["input"]["accepted"] == 5);
    j.erase("input");
    return j;
}

}  // namespace

TEST_CASE("csv: report of CSV equals the report of the same NDJSON", "[cli][csv]") {
    const Files f = write_files();
    const json expected = body(run_cskpi("report --by queue,agent_id '" + f.ndjson + "'"));
    CHECK(body(run_cskpi("report --by queue,agent_id '" + f.csv + "'")) == expected);
    CHECK(body(run_cskpi("report --by queue,agent_id '" + f.plain + "'")) == expected);
    CHECK(body(run_cskpi("report --by queue,agent_id", "cat '" + f.csv + "' |")) == expected);
    CHECK(body(run_cskpi("report --by queue,agent_id --input-format csv -",
                         "cat '" + f.csv + "' |")) == expected);
    CHECK(body(run_cskpi("report --by queue,agent_id --threads 2 '" + f.csv + "'")) == expected);
}

TEST_CASE("csv: retention of CSV equals retention of the same NDJSON", "[cli][csv]") {
    const Files f = write_files();
    const Run csv = run_cskpi("retention --period month '" + f.csv + "'");
    const Run ndjson = run_cskpi("retention --period month '" + f.ndjson + "'");
    INFO(csv.err);
    REQUIRE(csv.code == 0);
    REQUIRE(ndjson.code == 0);
    json a = json::parse(csv.out);
    json b = json::parse(ndjson.out);
    a.erase("input");
    b.erase("input");
    CHECK(a == b);
}

TEST_CASE("csv: --input-format is checked and bad rows are listed", "[cli][csv]") {
    const Files f = write_files();
    const Run bad = run_cskpi("report --input-format xml '" + f.csv + "'");
    CHECK(bad.code == 2);
    CHECK(bad.err.find("--input-format") != std::string::npos);
    // Read as JSON, the CSV is rejected line by line.
    const Run as_json = run_cskpi("report --input-format ndjson '" + f.csv + "'");
    CHECK(as_json.code != 0);
    const std::string dir = work_dir().string();
    std::ofstream(dir + "/ragged.csv", std::ios::binary)
        << "id,started_at\na,2026-01-05T09:00:00Z\nb\n\"c,2026\n";
    const Run ragged = run_cskpi("report '" + dir + "/ragged.csv'");
    INFO(ragged.err);
    REQUIRE(ragged.code == 0);
    const json input = json::parse(ragged.out)["input"];
    CHECK(input["read"] == 3);
    CHECK(input["accepted"] == 1);
    CHECK(input["rejected"] == 2);
    CHECK(input["errors"][0]["line"] == 3);
    CHECK(input["errors"][0]["code"] == "bad_row");
    CHECK(input["errors"][1]["line"] == 4);
    CHECK(input["errors"][1]["code"] == "bad_row");
}
