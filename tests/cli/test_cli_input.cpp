// How the command takes its input as a hostile or a new user gives it: pipes, FIFOs and
// /dev/stdin at the default thread count, content after a JSON array, inputs from which
// nothing is accepted, and record values that would reach the terminal raw.

#include <nlohmann/json.hpp>
#include <string>

#include "catch.hpp"
#include "cli_run.hpp"

namespace {

using cli_test::read_file;
using cli_test::Run;
using cli_test::run_cskpi;
using cli_test::work_dir;
using nlohmann::json;

// The input account of a JSON report.
json input_of(const Run& run) {
    INFO(run.err);
    REQUIRE(run.code == 0);
    return json::parse(run.out)["input"];
}

}  // namespace

TEST_CASE("input: pipes, FIFOs and /dev/stdin are read whole at the default thread count",
          "[cli][input]") {
    const Run file = run_cskpi("report interactions.ndjson");
    const json expected = json::parse(file.out);
    REQUIRE(expected["input"]["read"] == 12);

    // A pipe named by path: what process substitution, <(zcat ...), gives.
    const Run fd = run_cskpi("report /dev/fd/0", "cat interactions.ndjson |");
    CHECK(json::parse(fd.out)["overall"] == expected["overall"]);
    CHECK(input_of(fd)["read"] == 12);
    const Run dev_stdin = run_cskpi("report /dev/stdin --threads 2", "cat interactions.ndjson |");
    CHECK(input_of(dev_stdin)["read"] == 12);

    // A named FIFO, and a mapping from a FIFO, each opened exactly once (opening one twice
    // hangs or loses what the writer wrote before the second open).
    const std::string dir = work_dir().string();
    const std::string setup = "rm -f '" + dir + "/in' '" + dir + "/map'; mkfifo '" + dir +
                              "/in' '" + dir + "/map'; (cat interactions.ndjson > '" + dir +
                              "/in' &); (cat ../../../presets/canonical.json > '" + dir +
                              "/map' &); timeout 20";
    const Run fifo = run_cskpi("report '" + dir + "/in' --mapping '" + dir + "/map'", setup);
    CHECK(json::parse(fifo.out)["overall"] == expected["overall"]);
    CHECK(input_of(fifo)["read"] == 12);
}

TEST_CASE("input: content after a JSON array is rejected and counted", "[cli][input]") {
    const std::string dir = work_dir().string();
    const std::string setup =
        "head -3 interactions.ndjson | (echo '['; paste -sd, -; echo ']') > '" + dir +
        "/a.json' && cat '" + dir + "/a.json' '" + dir + "/a.json' |";
    const Run strict = run_cskpi("report --strict", setup);
    CHECK(strict.code == 1);
    CHECK(strict.out.empty());
    CHECK(strict.err.starts_with("cskpi: -[3]: not_json: content after the closing ']'"));
    const Run lenient = run_cskpi("report", setup);
    const json input = input_of(lenient);
    CHECK(input["read"] == 4);
    CHECK(input["accepted"] == 3);
    CHECK(input["rejected"] == 1);
    CHECK(input["errors"][0]["index"] == 3);
}

TEST_CASE("input: nothing accepted is exit 1, saying what the input looks like",
          "[cli][input][exit]") {
    const Run empty = run_cskpi("report < /dev/null");
    CHECK(empty.code == 1);
    CHECK(empty.out.empty());
    CHECK(empty.err == "cskpi: no records: - is empty\n");

    // An API list response without its preset.
    const Run list = run_cskpi("report ../../data/samples/satisfaction_ratings.list-response.json");
    CHECK(list.code == 1);
    CHECK(list.err.find("the records under \"satisfaction_ratings\": --preset "
                        "zendesk-satisfaction reads it") != std::string::npos);

    // CSV purchases without --csv.
    const Run csv = run_cskpi("clv cdnow.csv --calibration-end 1997-09-30");
    CHECK(csv.code == 1);
    CHECK(csv.out.empty());
    CHECK(csv.err.find("all 6920 records read from cdnow.csv were rejected; it looks like CSV: "
                       "--csv") != std::string::npos);
    // report reads CSV itself: purchase rows lack an interaction's fields.
    const Run csv_report = run_cskpi("report purchases.csv");
    CHECK(csv_report.code == 1);
    CHECK(csv_report.err.find("the most common reason (9 of the 10 listed): purchases.csv:2: id: "
                              "missing_field") != std::string::npos);

    // Otherwise the most common reason, with an example.
    const Run retention = run_cskpi("retention interactions-2.ndjson --preset canonical-purchase");
    CHECK(retention.code == 1);
    CHECK(retention.err.find("the most common reason (") != std::string::npos);

    // With --strict the first bad record still stops the run, as before.
    CHECK(run_cskpi("report --strict < /dev/null").code == 1);
}

TEST_CASE("input: control characters from records never reach the terminal raw", "[cli][input]") {
    const Run run = run_cskpi(
        "report",
        R"(printf '{"id":"a","started_at":"2026-01-01T00:00:00Z","channel":"\\u001b[31mX\302\233"}\n' |)");
    CHECK(run.code == 1);
    CHECK(run.err.find('\x1b') == std::string::npos);
    CHECK(run.err.find("\xC2\x9B") == std::string::npos);
    CHECK(run.err.find(R"("\x1b[31mX\u009b")") != std::string::npos);
}

TEST_CASE("input: a mapped field no record has is warned of, with --mapping", "[cli][input]") {
    const std::string dir = work_dir().string();
    const std::string setup =
        "printf '%s' '{\"fields\": {\"id\": \"/id\", \"started_at\": "
        "\"/started_at\", \"agent_id\": \"/agent_name\"}}' > '" +
        dir + "/m.json' &&";
    const Run run = run_cskpi("report interactions.ndjson --mapping '" + dir + "/m.json'", setup);
    CHECK(run.code == 0);
    CHECK(run.err.find("cskpi: agent_id: mapped from /agent_name, found in 0 of 12 records\n") !=
          std::string::npos);
    CHECK(json::parse(run.out)["input"]["fields"] ==
          json::parse(R"({"agent_id": {"from": "/agent_name", "found": 0}})"));
    // A preset's fields that the data lacks are the data's, not a mistake: no warning.
    const Run preset = run_cskpi("report interactions.ndjson");
    CHECK(preset.err.find("mapped from") == std::string::npos);
}

TEST_CASE("input: pretty-printed and concatenated objects, and --dedupe across exports",
          "[cli][input]") {
    // One object as `jq .` prints it, then two concatenated on one line (a Firehose
    // delivery), the second a later copy of "b": read 3, accepted 3 without --dedupe.
    const std::string setup =
        R"(printf '{\n  "id": "a",\n  "started_at": "2026-01-01T00:00:00Z"\n}\n)"
        R"({"id":"b","started_at":"2026-01-01T00:00:00Z"}{"id":"b","started_at":"2026-01-01T00:00:00Z"}' |)";
    const json plain = input_of(run_cskpi("report", setup));
    CHECK(plain["read"] == 3);
    CHECK(plain["accepted"] == 3);
    const json deduplicated = input_of(run_cskpi("report --dedupe", setup));
    CHECK(deduplicated["read"] == 3);
    CHECK(deduplicated["accepted"] == 2);
    CHECK(deduplicated["duplicates"] == 1);

    // The same export read twice: each file has 12 records, 11 accepted and 1 rejected
    // (line 11); across the files the 11 accepted ids are each counted once, so the KPIs are
    // the one file's and read 24 = accepted 11 + rejected 2 + duplicates 11.
    const Run once = run_cskpi("report interactions.ndjson");
    const Run twice = run_cskpi("report interactions.ndjson interactions.ndjson --dedupe");
    const json input = input_of(twice);
    CHECK(input["read"] == 24);
    CHECK(input["accepted"] == 11);
    CHECK(input["rejected"] == 2);
    CHECK(input["duplicates"] == 11);
    CHECK(json::parse(twice.out)["overall"] == json::parse(once.out)["overall"]);
    const Run retention =
        run_cskpi("retention interactions.ndjson interactions.ndjson --dedupe --period month");
    CHECK(input_of(retention)["duplicates"] == 11);

    // Canonical CSV too: the second row of "b" replaces the first (talk 30, not 20), so the
    // mean talk time is (10 + 30) / 2 = 20 s over 2 contacts.
    const std::string rows = R"(printf 'id,started_at,talk_seconds\nb,2026-01-01T00:00:00Z,20\n)"
                             R"(a,2026-01-01T00:00:00Z,10\nb,2026-01-01T00:00:00Z,30\n' |)";
    const json csv_input = input_of(run_cskpi("report --dedupe", rows));
    CHECK(csv_input["read"] == 3);
    CHECK(csv_input["accepted"] == 2);
    CHECK(csv_input["duplicates"] == 1);
    // talk_seconds mean, count and sum in the CSV report.
    CHECK(run_cskpi("report --dedupe --format csv", rows).out.find(",20,2,40,") !=
          std::string::npos);

    // Only canonical records have a known id.
    const Run mapped = run_cskpi("report interactions.ndjson --dedupe --preset amazon-connect");
    CHECK(mapped.code == 2);
    CHECK(mapped.err.find("--dedupe is for canonical interaction records") != std::string::npos);
}
