#include "cskpi/json/reader.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catch.hpp"
#include "cskpi_generator/generator.hpp"
#include "random_records.hpp"

using cskpi::Interaction;
using cskpi::json::Mapping;
using cskpi::json::ReadOptions;

namespace {

const char* const kGood = R"({"id":"a","started_at":"2026-01-05T09:00:00Z","talk_seconds":60})";

struct Result {
    cskpi::InputSummary summary;
    std::vector<Interaction> records;
};

Result read(const std::string& text, const ReadOptions& options = {},
            const Mapping& mapping = Mapping::canonical()) {
    Result out;
    std::istringstream in(text);
    out.summary = cskpi::json::read_interactions(
        in, mapping, options, [&](Interaction&& r) { out.records.push_back(std::move(r)); },
        "in.ndjson");
    const auto& s = out.summary;
    CHECK(s.read == s.accepted + s.rejected + s.duplicates);
    CHECK(out.records.size() == s.accepted);
    return out;
}

std::string data_file(const std::string& name) {
    return std::string(CSKPI_TEST_DATA_DIR) + "/" + name;
}

// Reads each line alone through the stream and through the in-memory path; both must give
// the same record or the same error.
void check_paths_agree(const std::string& line, const Mapping& mapping) {
    CAPTURE(line);
    const auto streamed = read(line, {}, mapping);
    const auto memory = cskpi::json::decode_interaction(nlohmann::json::parse(line), mapping);
    if (const auto* e = std::get_if<cskpi::InputError>(&memory)) {
        REQUIRE(streamed.summary.errors.size() == 1);
        CHECK(streamed.summary.errors[0].field == e->field);
        CHECK(streamed.summary.errors[0].code == e->code);
        CHECK(streamed.summary.errors[0].message == e->message);
    } else {
        REQUIRE(streamed.records.size() == 1);
        fixtures::check_same_record(streamed.records[0], std::get<Interaction>(memory));
    }
}

}  // namespace

TEST_CASE("NDJSON: blank lines, CRLF, a byte-order mark and no final newline") {
    const auto r = read("\xEF\xBB\xBF" + std::string(kGood) + "\r\n\r\n   \n" + kGood);
    CHECK(r.summary.read == 2);
    CHECK(r.summary.accepted == 2);
    CHECK(*r.records[1].talk_seconds == 60.0);
}

TEST_CASE("an empty input reads nothing") {
    CHECK(read("").summary.read == 0);
    CHECK(read("\n\n  \r\n").summary.read == 0);
    CHECK(read("\xEF\xBB\xBF").summary.read == 0);
}

TEST_CASE("bad lines are skipped and listed with line, field and code") {
    const std::string text = std::string(kGood) + "\n" +                          // 1
                             "{not json\n" +                                      // 2
                             "[1,2]\n" +                                          // 3
                             R"({"started_at":"2026-01-05T09:00:00Z"})" + "\n" +  // 4
                             R"({"id":"b","started_at":"2026-01-05T09:00:00Z","csat":7})" + "\n" +
                             "\xFF\xFE{}\n" +                               // 6
                             R"({"id":"c","started_at":"later"})" + "\n" +  // 7
                             kGood;                                         // 8
    const auto r = read(text);
    CHECK(r.summary.read == 8);
    CHECK(r.summary.accepted == 2);
    CHECK(r.summary.rejected == 6);
    REQUIRE(r.summary.errors.size() == 6);
    const auto& e = r.summary.errors;
    CHECK(*e[0].line == 2);
    CHECK(e[0].code == "not_json");
    CHECK(e[1].code == "not_object");
    CHECK(e[2].field == "id");
    CHECK(e[2].code == "missing_field");
    CHECK(e[3].field == "csat");
    CHECK(e[3].code == "out_of_range");
    CHECK(*e[3].line == 5);
    CHECK(e[4].code == "invalid_utf8");
    CHECK(e[5].code == "bad_timestamp");
    CHECK(e[5].file == "in.ndjson");
    CHECK(cskpi::json::describe(e[3]) ==
          "in.ndjson:5: csat: out_of_range: csat = 7 is outside the scale 1..5");
}

TEST_CASE("the error list keeps the first N and counts the rest") {
    std::string text;
    for (int i = 0; i < 10; ++i) {
        text += "oops\n";
    }
    const auto r = read(text, ReadOptions{.max_errors = 3});
    CHECK(r.summary.rejected == 10);
    CHECK(r.summary.errors.size() == 3);
    CHECK(r.summary.errors_truncated);
    CHECK_FALSE(read("oops\n").summary.errors_truncated);
}

TEST_CASE("strict mode stops at the first bad record with the same detail") {
    const std::string text = std::string(kGood) + "\n" + kGood + "\n{\"id\":1}\noops\n";
    try {
        read(text, ReadOptions{.strict = true});
        FAIL("no exception");
    } catch (const cskpi::json::RecordRejected& e) {
        CHECK(*e.error().line == 3);
        CHECK(e.error().field == "started_at");
        CHECK(std::string(e.what()) ==
              "in.ndjson:3: started_at: missing_field: started_at is required");
    }
}

TEST_CASE("a line of 10 MB is read, one over the limit is rejected without stopping") {
    const std::string big(10u << 20, 'x');
    const std::string line =
        R"({"id":"big","started_at":"2026-01-05T09:00:00Z","note":")" + big + R"("})";
    auto r = read(line + "\n" + kGood + "\n");
    CHECK(r.summary.accepted == 2);
    r = read(line + "\n" + kGood + "\n", ReadOptions{.max_record_bytes = 1u << 20});
    CHECK(r.summary.accepted == 1);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(r.summary.errors[0].code == "too_large");
    CHECK(*r.summary.errors[0].line == 1);
    CHECK(r.records[0].id == "a");
}

TEST_CASE("a deeply nested document is rejected, not a crash") {
    std::string deep = R"({"id":"d","started_at":"2026-01-05T09:00:00Z","x":)";
    deep += std::string(100000, '[') + std::string(100000, ']') + "}";
    const auto r = read(deep + "\n" + kGood);
    CHECK(r.summary.rejected == 1);
    CHECK(r.summary.errors[0].code == "not_json");
    CHECK(r.summary.accepted == 1);
}

TEST_CASE("a JSON array of records, with indexes in errors") {
    const std::string text = std::string("\n [") + kGood + ", {\"id\": 5}, \"text\", " + kGood +
                             " ,{\"id\":\"q\",\"started_at\":\"2026-01-01\",\"note\":\"a],[{\"}]\n";
    const auto r = read(text);
    CHECK(r.summary.read == 5);
    CHECK(r.summary.accepted == 3);
    REQUIRE(r.summary.errors.size() == 2);
    CHECK(*r.summary.errors[0].index == 1);
    CHECK_FALSE(r.summary.errors[0].line);
    CHECK(*r.summary.errors[1].index == 2);
    CHECK(r.summary.errors[1].code == "not_object");
    CHECK(read("[]").summary.read == 0);
    const auto truncated = read(std::string("[") + kGood + ", {\"id\":");
    CHECK(truncated.summary.accepted == 1);
    CHECK(truncated.summary.rejected == 1);
}

TEST_CASE("after a JSON array's closing bracket only whitespace may follow") {
    const std::string array = std::string("[") + kGood + "," + kGood + "]";
    // Two arrays one after the other: the second is one more, rejected element, not read.
    const auto twice = read(array + "\n" + array + "\n");
    CHECK(twice.summary.read == 3);
    CHECK(twice.summary.accepted == 2);
    REQUIRE(twice.summary.errors.size() == 1);
    const cskpi::InputError& e = twice.summary.errors[0];
    CHECK(*e.index == 2);
    CHECK_FALSE(e.line);
    CHECK(e.code == "not_json");
    CHECK(e.message == "content after the closing ']' of the JSON array, at byte " +
                           std::to_string(array.size() + 1) +
                           ": only whitespace may follow it (one array, or NDJSON: one record "
                           "a line)");
    CHECK(read(array + " [").summary.rejected == 1);
    CHECK(read(array + " \n\t\r\n").summary.rejected == 0);
    // An empty array followed by NDJSON: index 0, not the index before it.
    const auto empty = read(std::string("[]\n") + kGood + "\n" + kGood + "\n");
    CHECK(empty.summary.read == 1);
    REQUIRE(empty.summary.errors.size() == 1);
    CHECK(*empty.summary.errors[0].index == 0);
    // In strict mode it stops the read.
    CHECK_THROWS_AS(read(array + array, {.strict = true}), cskpi::json::RecordRejected);
    // Past a read chunk (1 MiB): the offset counts the bytes already dropped.
    std::string big = "[";
    while (big.size() < (std::size_t{3} << 20)) {
        big += kGood;
        big += ',';
    }
    big.back() = ']';
    const auto far = read(big + "  x");
    REQUIRE(far.summary.errors.size() == 1);
    CHECK(far.summary.errors[0].message.find("at byte " + std::to_string(big.size() + 2) + ":") !=
          std::string::npos);
}

TEST_CASE("empty array elements and an unterminated array are rejected, each counted once") {
    const auto trailing_comma = read(std::string("[") + kGood + ",]");
    CHECK(trailing_comma.summary.read == 2);
    CHECK(trailing_comma.summary.accepted == 1);
    REQUIRE(trailing_comma.summary.errors.size() == 1);
    CHECK(*trailing_comma.summary.errors[0].index == 1);
    CHECK(trailing_comma.summary.errors[0].message ==
          "empty array element (a comma before ']' or after another comma)");
    const auto double_comma = read(std::string("[") + kGood + ",," + kGood + "]");
    CHECK(double_comma.summary.read == 3);
    CHECK(*double_comma.summary.errors.at(0).index == 1);
    // A stray '}' makes its element bad, once.
    const auto stray = read(std::string("[") + kGood + "}," + kGood + "]");
    CHECK(stray.summary.read == 2);
    CHECK(stray.summary.rejected == 1);
    CHECK(stray.summary.errors.at(0).code == "not_json");
    const auto open = read(std::string("[") + kGood);
    CHECK(open.summary.read == 1);
    CHECK(open.summary.errors.at(0).message ==
          "the input ends inside the JSON array (no closing ']')");
    CHECK(*open.summary.errors.at(0).index == 0);
    CHECK(read("[").summary.read == 1);
    // An element over the record limit is too_large, however little of the buffer it takes.
    const std::string padded = R"({"id":"p","started_at":"2026-01-05T09:00:00Z","note":")" +
                               std::string(200, 'x') + R"("})";
    const auto large = read("[" + padded + "," + kGood + "]", {.max_record_bytes = 100});
    CHECK(large.summary.read == 2);
    CHECK(large.summary.accepted == 1);
    REQUIRE(large.summary.errors.size() == 1);
    CHECK(large.summary.errors[0].code == "too_large");
    CHECK(*large.summary.errors[0].index == 0);
}

TEST_CASE("the dirty generator: every line accounted for, each kind rejected") {
    std::ifstream in(data_file("generated/interactions_seed7_n200_dirty5.ndjson"),
                     std::ios::binary);
    REQUIRE(in);
    cskpi::InputSummary s = cskpi::json::read_interactions(
        in, Mapping::canonical(), {}, [](Interaction&&) {}, "dirty");
    CHECK(s.read == 200);
    CHECK(s.rejected == 10);  // tests/data/generated/README.md lists the 10 malformed lines
    CHECK(s.accepted == 190);
    std::vector<std::uint64_t> lines;
    for (const auto& e : s.errors) {
        lines.push_back(*e.line);
    }
    CHECK(lines == std::vector<std::uint64_t>{23, 34, 41, 45, 155, 157, 163, 183, 195, 196});
}

TEST_CASE("differential: the in-memory path gives the streaming path's records") {
    std::ifstream in(data_file("generated/interactions_seed7_n200_dirty5.ndjson"),
                     std::ios::binary);
    std::string line;
    std::uint64_t compared = 0;
    while (std::getline(in, line)) {
        std::istringstream one(line);
        std::vector<Interaction> streamed;
        const auto s = cskpi::json::read_interactions(
            one, Mapping::canonical(), {}, [&](Interaction&& r) { streamed.push_back(r); });
        const auto parsed = nlohmann::json::parse(line, nullptr, false);
        if (parsed.is_discarded()) {
            CHECK(s.rejected == 1);
            CHECK(s.errors[0].code == "not_json");
            continue;
        }
        const auto memory = cskpi::json::decode_interaction(parsed, Mapping::canonical());
        if (const auto* e = std::get_if<cskpi::InputError>(&memory)) {
            REQUIRE(s.errors.size() == 1);
            CHECK(s.errors[0].code == e->code);
            CHECK(s.errors[0].field == e->field);
            CHECK(s.errors[0].message == e->message);
        } else {
            REQUIRE(streamed.size() == 1);
            fixtures::check_same_record(streamed[0], std::get<Interaction>(memory));
            ++compared;
        }
    }
    CHECK(compared == 190);
}

TEST_CASE("accumulate_file on two threads equals one thread, errors on their true lines") {
    // A file big enough to be split: 40,000 records (about 11 MB) with 1% malformed lines.
    const std::string path = std::string(CSKPI_TEST_BINARY_DIR) + "/reader-threads.ndjson";
    {
        std::ofstream out(path, std::ios::binary);
        cskpi::generator::GeneratorOptions g;
        g.seed = 11;
        g.records = 40'000;
        g.dirty_fraction = 0.01;
        cskpi::generator::write_interactions_ndjson(g, out);
    }
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::agent_id}};
    cskpi::ReportAccumulator one(options);
    cskpi::ReportAccumulator two(options);
    const auto s1 = cskpi::json::accumulate_file(path, Mapping::canonical(), {.threads = 1}, one);
    const auto s2 = cskpi::json::accumulate_file(path, Mapping::canonical(), {.threads = 2}, two);
    CHECK(s1.read == 40'000);
    CHECK(s1 == s2);
    const auto r1 = one.report();
    const auto r2 = two.report();
    CHECK(r1.overall.fcr == r2.overall.fcr);
    CHECK(r1.overall.service_level == r2.overall.service_level);
    CHECK(r1.groups.size() == r2.groups.size());
    CHECK_THROWS_AS(
        cskpi::json::accumulate_file("/nonexistent/x.ndjson", Mapping::canonical(), {}, one),
        cskpi::json::InputFileError);
}

TEST_CASE("accumulate_file reads a FIFO once, as a stream, at any thread count") {
    const std::string path = std::string(CSKPI_TEST_BINARY_DIR) + "/reader-fifo";
    std::filesystem::remove(path);
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += kGood;
        text += '\n';
    }
    std::thread writer([&] {
        std::ofstream out(path, std::ios::binary);
        out << text;
    });
    cskpi::ReportAccumulator acc(cskpi::ReportOptions{});
    const auto s = cskpi::json::accumulate_file(path, Mapping::canonical(), {.threads = 0}, acc);
    writer.join();
    std::filesystem::remove(path);
    CHECK(s.read == 100);
    CHECK(s.accepted == 100);
    CHECK(acc.report().overall.contacts == 100);
}

TEST_CASE("field coverage: how many accepted records held each optional mapped field") {
    const Mapping mapping = Mapping::parse(nlohmann::json::parse(R"({
        "fields": {"id": "/id", "started_at": "/at", "agent_id": "/agent_name",
                   "queue": "/queue", "csat": "/csat"}})"));
    const std::string text = R"({"id":"a","at":"2026-01-05T09:00:00Z","queue":"q","csat":4}
{"id":"b","at":"2026-01-05T09:00:00Z","queue":null,"agent":"x"}
{"id":"c","at":"2026-01-05T09:00:00Z","queue":"q"}
{"id":"d"}
)";
    const auto r = read(text, {}, mapping);
    CHECK(r.summary.accepted == 3);
    // Required fields (id, started_at) are in every accepted record and not listed; a null
    // is not a value; the rejected record "d" counts for nothing.
    CHECK(r.summary.fields == std::vector<cskpi::FieldCoverage>{{"agent_id", "/agent_name", 0},
                                                                {"queue", "/queue", 2},
                                                                {"csat", "/csat", 1}});
    // The in-memory path counts the same.
    cskpi::InputSummary memory = cskpi::json::read_interactions(
        nlohmann::json::array(
            {nlohmann::json::parse(R"({"id":"a","at":"2026-01-05","queue":"q"})")}),
        mapping, {}, [](Interaction&&) {});
    CHECK(memory.fields.at(1).found == 1);
    // Merged parts add up, field by field.
    cskpi::InputSummary total;
    cskpi::merge(total, r.summary, 100);
    cskpi::merge(total, r.summary, 100);
    CHECK(total.fields.at(1) == cskpi::FieldCoverage{"queue", "/queue", 4});
    CHECK(total.read == 8);
    CHECK(total.errors.size() == 2);
    cskpi::InputSummary capped;
    cskpi::merge(capped, r.summary, 0);
    CHECK(capped.errors.empty());
    CHECK(capped.errors_truncated);
}

TEST_CASE("Amazon Connect preset on the sample contact record") {
    std::ifstream in(data_file("samples/ctr-inbound-voice-hold-acw-transfer.json"),
                     std::ios::binary);
    const auto r = [&] {
        Result out;
        out.summary =
            cskpi::json::read_interactions(in, Mapping::preset("amazon-connect"), {},
                                           [&](Interaction&& i) { out.records.push_back(i); });
        return out;
    }();
    REQUIRE(r.records.size() == 1);
    const auto& c = r.records[0];
    CHECK(c.id == "6fe40d2a-1a89-4d73-bfcf-5d9c33894f47");
    CHECK(c.customer_id == "+190011112222");
    CHECK(c.agent_id == "agent.one");
    CHECK(c.queue == "TCC Refrig AC LLA");
    CHECK(c.channel == cskpi::Channel::phone);
    CHECK(*c.wait_seconds == 346.0);
    CHECK(*c.talk_seconds + *c.hold_seconds + *c.wrap_seconds == 465.0);
    CHECK_FALSE(c.abandoned);
    CHECK(c.is_handled());
    CHECK(c.transfer == cskpi::Transfer::external);
    CHECK(c.origin == cskpi::Origin::direct);
    CHECK(c.resolved == false);  // transferred out: not resolved by this contact
    const auto report = cskpi::make_report(r.records);
    CHECK(*report.overall.aht_seconds.value() == 465.0);
    CHECK(*report.overall.asa_seconds.value() == 346.0);
    CHECK(report.overall.answered == 1);
    CHECK(report.overall.transferred_out == 1);
    CHECK(report.overall.abandoned == 0);
}

TEST_CASE("the genesys-cloud preset reads a conversation details query response") {
    std::ifstream in(data_file("samples/genesys-cloud-conversations.json"), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const Mapping m = Mapping::preset("genesys-cloud");
    CHECK(m.definitions() == cskpi::Definitions::genesys);
    const auto r = read(text.str(), {}, m);
    CHECK(r.summary.read == 4);
    CHECK(r.summary.accepted == 4);
    REQUIRE(r.records.size() == 4);
    using Catch::Matchers::WithinAbs;
    // Answered from Sales after tAcd 12000 ms; tTalk 240000, tHeld 30000, tAcw 45000 ms.
    const Interaction& answered = r.records[0];
    CHECK(answered.id == "a1f4c2d8-1111-4e2a-9b3c-5d6e7f809101");
    CHECK(answered.customer_id == "tel:+13175550101");
    CHECK(answered.agent_id == "3a1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    CHECK(answered.queue == "Sales");
    CHECK(answered.channel == cskpi::Channel::phone);
    CHECK(answered.direction == cskpi::Direction::inbound);
    CHECK_THAT(*answered.wait_seconds, WithinAbs(12.0, 1e-9));
    CHECK_THAT(*answered.talk_seconds, WithinAbs(240.0, 1e-9));
    CHECK_THAT(*answered.hold_seconds, WithinAbs(30.0, 1e-9));
    CHECK_THAT(*answered.wrap_seconds, WithinAbs(45.0, 1e-9));
    CHECK(answered.handled == true);
    CHECK_FALSE(answered.abandoned);
    CHECK(answered.transfer == cskpi::Transfer::none);
    CHECK(answered.resolved == true);
    // The first interact segment of the agent: 09:00:30, 30 s after the start.
    REQUIRE(answered.answered_at);
    CHECK((*answered.answered_at - answered.started_at) == std::chrono::seconds(30));
    // Abandoned in queue after 40 s: no agent, no talk, not resolved.
    const Interaction& abandoned = r.records[1];
    CHECK(abandoned.abandoned);
    CHECK(abandoned.handled == false);
    CHECK(abandoned.agent_id.empty());
    CHECK_THAT(*abandoned.wait_seconds, WithinAbs(40.0, 1e-9));
    CHECK_FALSE(abandoned.talk_seconds);
    CHECK_FALSE(abandoned.answered_at);
    CHECK(abandoned.resolved == false);
    // Blind transfer from Bob (Sales) to Cara (Support): sums over both legs.
    const Interaction& transferred = r.records[2];
    CHECK(transferred.agent_id == "7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f");  // the first agent
    CHECK(transferred.queue == "Sales");                                    // the first queue
    CHECK(transferred.transfer == cskpi::Transfer::queue);
    CHECK_THAT(*transferred.wait_seconds, WithinAbs(33.0, 1e-9));   // 18000 + 15000 ms
    CHECK_THAT(*transferred.talk_seconds, WithinAbs(180.0, 1e-9));  // 60000 + 120000 ms
    CHECK_THAT(*transferred.hold_seconds, WithinAbs(20.0, 1e-9));   // Cara's hold
    CHECK_THAT(*transferred.wrap_seconds, WithinAbs(40.0, 1e-9));   // 10000 + 30000 ms
    CHECK(transferred.resolved == false);
    // Never held: no tHeld metric, so no hold time.
    CHECK_FALSE(r.records[3].hold_seconds);
}

TEST_CASE("Amazon Connect de-duplication keeps the newest copy") {
    std::ifstream in(data_file("samples/ctr-inbound-voice-hold-acw-transfer.json"),
                     std::ios::binary);
    auto record = nlohmann::json::parse(in);
    auto older = record;
    older["LastUpdateTimestamp"] = "2022-01-05T17:40:00Z";
    older["Agent"]["AfterContactWorkDuration"] = 1;
    auto abandoned = record;
    abandoned["ContactId"] = "other";
    abandoned.erase("Agent");
    abandoned.erase("TransferredToEndpoint");  // else an in-queue flow sent it on: a flow-out
    const std::string text =
        older.dump() + "\n" + record.dump() + "\n" + older.dump() + "\n" + abandoned.dump() + "\n";
    const auto r = read(text, {}, Mapping::preset("amazon-connect"));
    CHECK(r.summary.read == 4);
    CHECK(r.summary.duplicates == 2);
    CHECK(r.summary.accepted == 2);
    const auto kept = std::find_if(r.records.begin(), r.records.end(),
                                   [](const auto& i) { return i.id != "other"; });
    CHECK(*kept->wrap_seconds == 5.0);
    const auto gone = std::find_if(r.records.begin(), r.records.end(),
                                   [](const auto& i) { return i.id == "other"; });
    CHECK(gone->abandoned);
    CHECK_FALSE(gone->is_handled());
}

TEST_CASE("Zendesk presets on the API's examples") {
    std::ifstream metrics(data_file("samples/ticket_metrics.list-response.json"), std::ios::binary);
    Result m;
    m.summary = cskpi::json::read_interactions(metrics, Mapping::preset("zendesk"), {},
                                               [&](Interaction&& i) { m.records.push_back(i); });
    REQUIRE(m.records.size() == 2);
    CHECK(m.records[0].case_id == "1517");
    CHECK(*m.records[0].first_response_seconds == 16 * 60.0);
    CHECK(*m.records[0].first_contact_resolution);  // solved, 1 reply
    // Solved with no agent reply: not one-touch under Zendesk's current rule (exactly one).
    CHECK_FALSE(*m.records[1].first_contact_resolution);
    std::ifstream one(data_file("samples/ticket_metric.example.json"), std::ios::binary);
    Result single;
    single.summary = cskpi::json::read_interactions(
        one, Mapping::preset("zendesk"), {}, [&](Interaction&& i) { single.records.push_back(i); });
    REQUIRE(single.records.size() == 1);
    CHECK(*single.records[0].resolution_seconds == 2391 * 60.0);
    CHECK_FALSE(*single.records[0].first_contact_resolution);  // 322 replies
    std::ifstream ratings(data_file("samples/satisfaction_ratings.list-response.json"),
                          std::ios::binary);
    Result s;
    s.summary = cskpi::json::read_interactions(ratings, Mapping::preset("zendesk-satisfaction"), {},
                                               [&](Interaction&& i) { s.records.push_back(i); });
    REQUIRE(s.records.size() == 2);
    CHECK(*s.records[0].csat == 5);
    CHECK(s.records[0].agent_id == "135");
    const auto report = cskpi::make_report(s.records);
    CHECK(*report.overall.csat.satisfied.value == 100.0);
}

TEST_CASE("in-memory arrays carry indexes; purchases through their mapping") {
    const auto doc = nlohmann::json::parse(std::string("[") + kGood + ", {\"id\": \"x\"}]");
    std::vector<Interaction> got;
    const auto s = cskpi::json::read_interactions(doc, Mapping::canonical(), {},
                                                  [&](Interaction&& r) { got.push_back(r); });
    CHECK(s.accepted == 1);
    CHECK(*s.errors[0].index == 1);
    std::istringstream purchases(R"({"customer_id":"00001","at":"1997-01-01","amount":11.77})");
    std::vector<cskpi::Purchase> bought;
    cskpi::json::read_purchases(purchases, Mapping::canonical(cskpi::json::RecordKind::purchase),
                                {}, [&](cskpi::Purchase&& p) { bought.push_back(p); });
    REQUIRE(bought.size() == 1);
    CHECK(bought[0].amount == 11.77);
    std::istringstream wrong(kGood);
    CHECK_THROWS_AS(
        cskpi::json::read_purchases(wrong, Mapping::canonical(), {}, [](cskpi::Purchase&&) {}),
        cskpi::json::MappingError);
}

TEST_CASE("every canonical field, valid and invalid, on the stream and in memory") {
    const std::string full =
        R"({"id":"i-1","customer_id":"c-1","case_id":"k-1","agent_id":"a-1","queue":"billing",)"
        R"("team":"t-1","channel":"chat","direction":"outbound",)"
        R"("started_at":"2026-01-05T09:00:00Z","answered_at":"2026-01-05T10:00:20.25+01:00",)"
        R"("ended_at":"2026-01-05 09:10:00.1239z","wait_seconds":20.5,"talk_seconds":300,)"
        R"("hold_seconds":0,"wrap_seconds":1e1,"handle_seconds":330.5,"abandoned":false,)"
        R"("resolved":true,"first_contact_resolution":false,"first_response_seconds":60,)"
        R"("resolution_seconds":3600,"csat":4.0,"nps":-0.0,"ces":7,"revenue":-12.5})";
    const auto r = read(full);
    REQUIRE(r.records.size() == 1);
    const Interaction& x = r.records[0];
    const auto at = [](std::int64_t ms) { return cskpi::Timestamp{std::chrono::milliseconds{ms}}; };
    CHECK(x.id == "i-1");
    CHECK(x.customer_id == "c-1");
    CHECK(x.case_id == "k-1");
    CHECK(x.agent_id == "a-1");
    CHECK(x.queue == "billing");
    CHECK(x.team == "t-1");
    CHECK(x.channel == cskpi::Channel::chat);
    CHECK(x.direction == cskpi::Direction::outbound);
    CHECK(x.started_at == at(1767603600000));
    CHECK(x.answered_at == at(1767603620250));
    CHECK(x.ended_at == at(1767604200123));
    CHECK(x.wait_seconds == 20.5);
    CHECK(x.talk_seconds == 300.0);
    CHECK(x.hold_seconds == 0.0);
    CHECK(x.wrap_seconds == 10.0);
    CHECK(x.handle_seconds == 330.5);
    CHECK_FALSE(x.abandoned);
    CHECK(x.resolved == true);
    CHECK(x.first_contact_resolution == false);
    CHECK(x.first_response_seconds == 60.0);
    CHECK(x.resolution_seconds == 3600.0);
    CHECK(x.csat == 4);
    CHECK(x.nps == 0);
    CHECK(x.ces == 7);
    CHECK(x.revenue == -12.5);
    check_paths_agree(full, Mapping::canonical());

    // Each of these fails on one field; the first failing field in mapping order is named.
    const std::string head = R"({"id":"i-2","started_at":"2026-01-05T09:00:00Z",)";
    const std::pair<std::string, std::pair<const char*, const char*>> bad[] = {
        {R"("csat":4.5})", {"csat", "wrong_type"}},
        {R"("nps":2000000})", {"nps", "out_of_range"}},
        {R"("ces":"7"})", {"ces", "wrong_type"}},
        {R"("direction":"sideways"})", {"direction", "bad_enum"}},
        {R"("direction":1})", {"direction", "wrong_type"}},
        {R"("channel":"fax"})", {"channel", "bad_enum"}},
        {R"("answered_at":"2026-02-30T00:00:00Z"})", {"answered_at", "bad_timestamp"}},
        {R"("ended_at":1767603600})", {"ended_at", "wrong_type"}},
        {R"("revenue":"12"})", {"revenue", "wrong_type"}},
        {R"("talk_seconds":-1})", {"talk_seconds", "out_of_range"}},
        {R"("resolved":"yes"})", {"resolved", "wrong_type"}},
        {R"("csat":1.5,"direction":"up"})", {"direction", "bad_enum"}},
        {R"("ended_at":"x","answered_at":"y"})", {"answered_at", "bad_timestamp"}},
    };
    for (const auto& [tail, expected] : bad) {
        const std::string line = head + tail;
        CAPTURE(line);
        const auto b = read(line);
        REQUIRE(b.summary.errors.size() == 1);
        CHECK(b.summary.errors[0].field == expected.first);
        CHECK(b.summary.errors[0].code == expected.second);
        check_paths_agree(line, Mapping::canonical());
    }
    // Names that share length and first and last four bytes with mapped ones are not them.
    const std::string lookalikes =
        head + R"("wait_xeconds":5,"talk_secondss":6,"hold-seconds":7,"csaT":1,"nps ":2,"ce":3,)"
               R"("first_contact_resolutio\u006e":true,"first_contact_resolutiox":false})";
    const auto l = read(lookalikes);
    REQUIRE(l.records.size() == 1);
    CHECK_FALSE(l.records[0].wait_seconds);
    CHECK_FALSE(l.records[0].talk_seconds);
    CHECK_FALSE(l.records[0].hold_seconds);
    CHECK_FALSE(l.records[0].csat);
    CHECK_FALSE(l.records[0].nps);
    CHECK_FALSE(l.records[0].ces);
    CHECK(l.records[0].first_contact_resolution == true);
    check_paths_agree(lookalikes, Mapping::canonical());
    // Null is absent; a whole number written as a fraction is still whole.
    check_paths_agree(head + R"("csat":null,"nps":9.0,"direction":null,"revenue":0})",
                      Mapping::canonical());
}

TEST_CASE("member names a hash cannot tell apart, an empty name, short and escaped names") {
    // The two long names agree on length and on their first and last four bytes; "" is the
    // empty name. The nested object's names are short and distinct.
    const auto mapping = Mapping::parse(nlohmann::json::parse(R"({"fields": {
        "id": "/abcd-1-wxyz", "agent_id": "/abcd-2-wxyz", "queue": "/", "started_at": "/s",
        "case_id": "/n/k", "customer_id": "/n/cu", "team": "/n/tea"}})"));
    const std::string lines[] = {
        R"({"abcd-1-wxyz":"i-1","abcd-2-wxyz":"a-1","":"q-1","s":"2026-01-05T09:00:00Z",)"
        R"("n":{"tea":"t-1","cu":"c-1","k":"k-1","x":[1],"te":2,"kk":3,"":4}})",
        R"({"s":"2026-01-05T09:00:00Z","\u0061bcd-2-wxyz":"a-2","abcd-1-wxy\u007a":"i-2",)"
        R"("":"q-2","abcd-3-wxyz":1,"n":{"\u006b":"k-2"},"abcd-2-wxyz":"a-3"})",
    };
    const auto r = read(lines[0] + "\n" + lines[1], {}, mapping);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].id == "i-1");
    CHECK(r.records[0].agent_id == "a-1");
    CHECK(r.records[0].queue == "q-1");
    CHECK(r.records[0].case_id == "k-1");
    CHECK(r.records[0].customer_id == "c-1");
    CHECK(r.records[0].team == "t-1");
    CHECK(r.records[1].id == "i-2");
    CHECK(r.records[1].agent_id == "a-3");  // the last of a repeated name
    CHECK(r.records[1].queue == "q-2");
    CHECK(r.records[1].case_id == "k-2");
    CHECK(r.records[1].customer_id.empty());
    for (const auto& line : lines) {
        check_paths_agree(line, mapping);
    }
}

TEST_CASE("records_at reaches the record array at any depth of a list response") {
    const auto read_at = [](const std::string& pointer, const std::string& wrapper) {
        const Mapping m = Mapping::parse(nlohmann::json{
            {"fields", {{"id", "/id"}, {"started_at", "/t"}}}, {"records_at", pointer}});
        const auto streamed = read(wrapper, {}, m);
        std::vector<Interaction> got;
        const auto memory = cskpi::json::read_interactions(
            nlohmann::json::parse(wrapper), m, {}, [&](Interaction&& r) { got.push_back(r); });
        CHECK(memory.accepted == streamed.summary.accepted);
        CHECK(got.size() == streamed.records.size());
        return streamed;
    };
    const auto two = read_at("/data/conversations", R"({"data": {"conversations": [
        {"id": "1", "t": "2026-01-01"}, {"id": "2", "t": "2026-01-02"}]}, "totalHits": 2})");
    CHECK(two.summary.read == 2);
    CHECK(two.summary.accepted == 2);
    REQUIRE(two.records.size() == 2);
    CHECK(two.records[1].id == "2");
    // Through an array index: the second page of a saved list of pages.
    const auto paged = read_at("/pages/1/entities", R"({"pages": [{"entities": []},
        {"entities": [{"id": "3", "t": "2026-01-03"}]}]})");
    CHECK(paged.summary.accepted == 1);
    REQUIRE(paged.records.size() == 1);
    CHECK(paged.records[0].id == "3");
    // A wrapper without the pointer is read as a record, as any other input.
    const auto plain = read_at("/data/conversations", R"({"id": "4", "t": "2026-01-04"})");
    CHECK(plain.summary.accepted == 1);
    // An empty list response: nothing read, nothing rejected.
    const auto empty = read_at("/data/conversations", R"({"data": {"conversations": []}})");
    CHECK(empty.summary.read == 0);
    CHECK(empty.summary.rejected == 0);
}

TEST_CASE("records_at holding anything but an array is one rejected record saying so") {
    const Mapping m = Mapping::parse(nlohmann::json::parse(
        R"({"fields": {"id": "/id", "started_at": "/t"}, "records_at": "/tickets"})"));
    const auto check = [&](const std::string& wrapper, const std::string& message) {
        CAPTURE(wrapper);
        const auto streamed = read(wrapper, {}, m);
        std::vector<Interaction> got;
        const auto memory = cskpi::json::read_interactions(
            nlohmann::json::parse(wrapper), m, {}, [&](Interaction&& r) { got.push_back(r); });
        for (const auto& s : {streamed.summary, memory}) {
            CHECK(s.read == 1);
            CHECK(s.rejected == 1);
            REQUIRE(s.errors.size() == 1);
            CHECK(s.errors[0].field == "");
            CHECK(s.errors[0].code == "wrong_type");
            CHECK(s.errors[0].message == message);
        }
        CHECK(got.empty());
    };
    // Even an object that would make a valid record: the mapping expects a list response.
    check(R"({"tickets": {"id": "1", "t": "2026-01-01"}})",
          R"(the value at records_at "/tickets" is an object, not an array of records)");
    check(R"({"tickets": {"count": 0}})",
          R"(the value at records_at "/tickets" is an object, not an array of records)");
    check(R"({"tickets": "none"})",
          R"(the value at records_at "/tickets" is a string, not an array of records)");
    check(R"({"tickets": null})",
          R"(the value at records_at "/tickets" is null, not an array of records)");
    // An array there is read as before.
    const auto listed = read(R"({"tickets": [{"id": "1", "t": "2026-01-01"}]})", {}, m);
    CHECK(listed.summary.accepted == 1);
    REQUIRE(listed.records.size() == 1);
    CHECK(listed.records[0].id == "1");
}

namespace {

// One canonical record with `members` added (or overriding nothing: names must be new), read
// through both paths, which must agree; the streamed result.
Result one_record(const std::string& members, const Mapping& mapping = Mapping::canonical()) {
    const std::string line = R"({"started_at":"2026-01-05T09:00:00Z")" +
                             (members.empty() ? std::string() : "," + members) + "}";
    check_paths_agree(line, mapping);
    return read(line, {}, mapping);
}

std::string accepted_id(const std::string& id) {
    const auto r = one_record(R"("id":)" + id);
    REQUIRE(r.records.size() == 1);
    return r.records[0].id;
}

std::string error_of(const std::string& members, const Mapping& mapping = Mapping::canonical()) {
    const auto r = one_record(members, mapping);
    REQUIRE(r.summary.errors.size() == 1);
    const auto& e = r.summary.errors[0];
    return e.field + ": " + e.code + ": " + e.message;
}

}  // namespace

TEST_CASE("the JSON types each kind of canonical field accepts, as docs/mapping.md lists") {
    // Text: a string as it is, or an integer as its decimal text.
    CHECK(accepted_id(R"("c-7")") == "c-7");
    CHECK(accepted_id("7") == "7");
    CHECK(accepted_id("-7") == "-7");
    CHECK(accepted_id("9223372036854775807") == "9223372036854775807");
    const std::string not_text = "id: wrong_type: id: expected a string, got a number";
    CHECK(error_of(R"("id":9223372036854775808)") == not_text);
    CHECK(error_of(R"("id":7.5)") == not_text);
    CHECK(error_of(R"("id":7.0)") == not_text);
    CHECK(error_of(R"("id":7e0)") == not_text);
    CHECK(error_of(R"("id":true)") == "id: wrong_type: id: expected a string, got a boolean");
    CHECK(error_of(R"("id":{"n":7})") == "id: wrong_type: id: expected a string, got an object");
    CHECK(error_of(R"("id":null)") == "id: missing_field: id is required");
    CHECK(error_of(R"("id":"")") == "id: missing_field: id is required");
    auto r = one_record(R"("id":"a","agent_id":12,"queue":null)");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].agent_id == "12");
    CHECK(r.records[0].queue.empty());

    // Channel and direction: their lower-case names only.
    CHECK(error_of(R"("id":"a","channel":"Phone")") ==
          "channel: bad_enum: channel: \"Phone\" is not phone, email, chat, social, sms, "
          "self_service or other");
    CHECK(error_of(R"("id":"a","channel":1)") ==
          "channel: wrong_type: channel: expected a string, got a number");
    CHECK(error_of(R"("id":"a","direction":"in")") ==
          "direction: bad_enum: direction: \"in\" is not inbound or outbound");

    // RFC 3339 timestamps: T, t or a space, Z or z or an offset, any fraction (kept to the
    // millisecond), or a plain date at midnight UTC.
    r = one_record(R"("id":"a","answered_at":"2026-01-05 09:00:01.123987+01:00",)"
                   R"("ended_at":"2026-01-05t09:00:02z")");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].answered_at->time_since_epoch().count() == 1767600001123);
    CHECK(r.records[0].ended_at->time_since_epoch().count() == 1767603602000);
    r = one_record(R"("id":"a","ended_at":"2026-01-06")");
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].ended_at->time_since_epoch().count() == 1767657600000);
    CHECK(error_of(R"("id":"a","ended_at":1767657600)") ==
          "ended_at: wrong_type: ended_at: expected a timestamp string, got a number");
    CHECK(error_of(R"("id":"a","ended_at":"2026-01-06T10:00:00")") ==
          "ended_at: bad_timestamp: ended_at: \"2026-01-06T10:00:00\" is not an RFC 3339 "
          "timestamp");

    // Durations, scores and revenue: JSON numbers; scores whole (5.0 is 5).
    CHECK(error_of(R"("id":"a","talk_seconds":true)") ==
          "talk_seconds: wrong_type: talk_seconds: expected a number, got a boolean");
    r = one_record(R"("id":"a","csat":5.0,"revenue":-3.5)");
    REQUIRE(r.records.size() == 1);
    CHECK(*r.records[0].csat == 5);
    CHECK(*r.records[0].revenue == -3.5);
    CHECK(error_of(R"("id":"a","csat":"5")") ==
          "csat: wrong_type: csat: expected a number, got a string");
    CHECK(error_of(R"("id":"a","revenue":"3")") ==
          "revenue: wrong_type: revenue: expected a number, got a string");

    // Flags: JSON true and false only; null is unknown (abandoned: false).
    CHECK(error_of(R"("id":"a","resolved":"true")") ==
          "resolved: wrong_type: resolved: expected true or false, got a string");
    CHECK(error_of(R"("id":"a","resolved":1)") ==
          "resolved: wrong_type: resolved: expected true or false, got a number");
    r = one_record(R"("id":"a","resolved":null,"abandoned":null)");
    REQUIRE(r.records.size() == 1);
    CHECK_FALSE(r.records[0].resolved.has_value());
    CHECK_FALSE(r.records[0].abandoned);
}

TEST_CASE("epoch and date timestamps: numbers and date strings") {
    const Mapping m = Mapping::parse(nlohmann::json::parse(R"({"fields": {"id": "/id",
        "started_at": {"pointer": "/s", "format": "epoch_s"},
        "answered_at": {"pointer": "/a", "format": "epoch_ms"},
        "ended_at": {"pointer": "/e", "format": "date"}}})"));
    const auto r =
        read(R"({"id":"a","s":1767603600.0004,"a":1767603600123.6,"e":"20260106"})", {}, m);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].started_at.time_since_epoch().count() == 1767603600000);
    CHECK(r.records[0].answered_at->time_since_epoch().count() == 1767603600124);
    CHECK(r.records[0].ended_at->time_since_epoch().count() == 1767657600000);
    const auto error = [&](const std::string& line) {
        check_paths_agree(line, m);
        const auto e = read(line, {}, m).summary.errors;
        REQUIRE(e.size() == 1);
        return e[0].field + ": " + e[0].code + ": " + e[0].message;
    };
    CHECK(error(R"({"id":"a","s":"1767603600"})") ==
          "started_at: wrong_type: started_at: expected epoch seconds as a number, got a string");
    CHECK(error(R"({"id":"a","s":1e300})") ==
          "started_at: bad_timestamp: started_at: 1e+300 is outside years 1 to 9999");
    CHECK(error(R"({"id":"a","s":0,"e":"2026-1-6"})") ==
          "ended_at: bad_timestamp: ended_at: \"2026-1-6\" is not a date (YYYY-MM-DD)");
}

TEST_CASE("an offset that moves a timestamp outside years 1 to 9999 rejects the record") {
    const auto error = [](const std::string& line, const Mapping& m) {
        const auto e = read(line, {}, m).summary.errors;
        REQUIRE(e.size() == 1);
        return e[0].field + ": " + e[0].code + ": " + e[0].message;
    };
    const Mapping canonical = Mapping::canonical();
    const std::string early = R"({"id":"a","started_at":"0001-01-01T00:30:00+01:00"})";
    check_paths_agree(early, canonical);
    CHECK(error(early, canonical) ==
          "started_at: bad_timestamp: started_at: \"0001-01-01T00:30:00+01:00\" is outside "
          "years 1 to 9999 in UTC");
    const std::string late =
        R"({"id":"a","started_at":"2026-01-05T09:00:00Z","ended_at":"9999-12-31T23:59:59-00:01"})";
    check_paths_agree(late, canonical);
    CHECK(error(late, canonical) ==
          "ended_at: bad_timestamp: ended_at: \"9999-12-31T23:59:59-00:01\" is outside years 1 "
          "to 9999 in UTC");
    // The last and first instants in UTC are records like any other.
    const auto edges = read(
        R"({"id":"a","started_at":"0001-01-01T01:00:00+01:00","ended_at":"9999-12-31T23:59:59.999-00:00"})",
        {}, canonical);
    REQUIRE(edges.records.size() == 1);
    CHECK(edges.records[0].started_at.time_since_epoch().count() == -62'135'596'800'000);
    CHECK(edges.records[0].ended_at->time_since_epoch().count() == 253'402'300'799'999);

    std::istringstream purchases(
        R"({"customer_id":"c","at":"9999-12-31T23:00:00-02:00","amount":1})");
    const auto summary = cskpi::json::read_purchases(
        purchases, Mapping::canonical(cskpi::json::RecordKind::purchase), {},
        [](cskpi::Purchase&&) {});
    REQUIRE(summary.errors.size() == 1);
    CHECK(summary.errors[0].field == "at");
    CHECK(summary.errors[0].code == "bad_timestamp");
    CHECK(summary.errors[0].message ==
          "at: \"9999-12-31T23:00:00-02:00\" is outside years 1 to 9999 in UTC");
}

TEST_CASE("enum maps look values up by their text: strings, integers, other numbers, flags") {
    const Mapping m = Mapping::parse(nlohmann::json::parse(R"({"fields": {"id": "/id",
        "started_at": "/t",
        "queue": {"pointer": "/q", "map": {"7": "seven", "7.5": "seven and a half",
                                           "true": "yes", "x": "ex", "1e+21": "big"}}}})"));
    const auto queue = [&](const std::string& value) {
        const std::string line = R"({"id":"a","t":"2026-01-05","q":)" + value + "}";
        check_paths_agree(line, m);
        const auto r = read(line, {}, m);
        REQUIRE(r.records.size() == 1);
        return r.records[0].queue;
    };
    CHECK(queue("7") == "seven");
    CHECK(queue("7.5") == "seven and a half");
    CHECK(queue("7.0") == "seven");
    CHECK(queue("1e21") == "big");
    CHECK(queue("true") == "yes");
    CHECK(queue(R"("x")") == "ex");
    const std::string line = R"({"id":"a","t":"2026-01-05","q":[7]})";
    check_paths_agree(line, m);
    const auto e = read(line, {}, m).summary.errors;
    REQUIRE(e.size() == 1);
    CHECK(e[0].code == "wrong_type");
    CHECK(e[0].message == "queue: expected a value to look up in its map, got an array");
}

TEST_CASE("field coverage counts fields read through a map") {
    const Mapping m = Mapping::parse(nlohmann::json::parse(R"({"fields": {"id": "/id",
        "started_at": "/t", "agent_id": "/a",
        "channel": {"pointer": "/c", "map": {"VOICE": "phone"}, "default": "other"},
        "queue": {"pointer": "/q", "map": {"1": "first"}}}})"));
    const auto r = read(R"({"id":"1","t":"2026-01-05","a":"x","c":"VOICE","q":1}
{"id":"2","t":"2026-01-05","c":"SMS"}
{"id":"3","t":"2026-01-05","c":null}
)",
                        {}, m);
    CHECK(r.summary.accepted == 3);
    CHECK(r.summary.fields == std::vector<cskpi::FieldCoverage>{
                                  {"agent_id", "/a", 1}, {"queue", "/q", 1}, {"channel", "/c", 2}});
}

TEST_CASE("choose: the stream and the in-memory path agree, and it is not in the coverage") {
    const Mapping mapping = Mapping::parse(nlohmann::json::parse(R"({"fields": {
        "id": {"choose": [{"when": {"present": "/key"}, "value": "k"}]},
        "started_at": {"choose": [{"when": {"pointer": "/n", "ge": 0},
                                   "value": "2026-01-02T03:04:05Z"}], "default": null},
        "queue": {"choose": [{"when": {"pointer": "/via", "eq": "transfer"}, "value": "external"},
                             {"when": {"present": "/group"}, "value": "queue"}]},
        "agent_id": "/agent",
        "channel": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": "chat"}],
                    "default": "email"},
        "direction": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": "outbound"}]},
        "ended_at": {"choose": [{"when": {"absent": "/solved_at"}, "value": null},
                                {"when": {"pointer": "/n", "gt": 0},
                                 "value": "2026-01-02T04:00:00Z"}]},
        "talk_seconds": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": 2}],
                         "unit": "min"},
        "abandoned": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": true}]},
        "first_contact_resolution": {"choose": [
            {"when": {"absent": "/solved_at"}, "value": null},
            {"when": {"pointer": "/replies", "le": 1}, "value": true}], "default": false},
        "csat": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": 4},
                            {"when": {"pointer": "/n", "eq": 3}, "value": 9}]},
        "revenue": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": -2.5}]}}})"));
    const std::vector<std::string> lines{
        R"({"key": 1, "n": 1, "solved_at": "x", "replies": 1, "via": "transfer", "group": 2})",
        R"({"key": 1, "n": 2, "solved_at": null, "replies": 0, "via": "web", "group": 2})",
        R"({"key": 1, "n": 2, "solved_at": "x", "replies": 5, "agent": "a"})",
        R"({"key": null, "n": 1})",
        R"({"key": 1, "n": -1})",
        R"({"key": 1, "n": 3})",
    };
    for (const auto& line : lines) {
        check_paths_agree(line, mapping);
    }
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    const auto r = read(text, {}, mapping);
    CHECK(r.summary.accepted == 3);
    CHECK(r.records.at(0).queue == "external");
    CHECK(r.records.at(1).queue == "queue");
    CHECK_FALSE(r.records.at(1).first_contact_resolution);
    CHECK_FALSE(*r.records.at(2).first_contact_resolution);
    // Only the field read from a pointer is listed, as for `when` fields.
    CHECK(r.summary.fields == std::vector<cskpi::FieldCoverage>{{"agent_id", "/agent", 1}});
}

TEST_CASE("canonical outcome fields: read, defaulted, and refused when bad or conflicting") {
    const std::string text =
        R"({"id": "a", "started_at": "2026-01-05T10:00:00Z", "wait_seconds": 30, "talk_seconds": 90, "transfer": "external", "origin": "callback"})"
        "\n"
        R"({"id": "b", "started_at": "2026-01-05T10:01:00Z", "wait_seconds": 12, "callback_requested": true})"
        "\n"
        R"({"id": "c", "started_at": "2026-01-05T10:02:00Z", "handled": false, "flowed_out": null})"
        "\n"
        R"({"id": "d", "started_at": "2026-01-05T10:03:00Z", "transfer": "voicemail"})"
        "\n"
        R"({"id": "e", "started_at": "2026-01-05T10:04:00Z", "abandoned": true, "flowed_out": true})"
        "\n"
        R"({"id": "f", "started_at": "2026-01-05T10:05:00Z", "handled": 1})"
        "\n";
    const auto r = read(text);
    CHECK(r.summary.read == 6);
    CHECK(r.summary.accepted == 3);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].transfer == cskpi::Transfer::external);
    CHECK(r.records[0].origin == cskpi::Origin::callback);
    CHECK_FALSE(r.records[0].handled.has_value());
    CHECK(r.records[0].is_handled());
    CHECK(r.records[1].callback_requested);
    CHECK_FALSE(r.records[1].is_handled());
    CHECK(r.records[2].handled == false);
    CHECK_FALSE(r.records[2].flowed_out);
    CHECK(r.records[2].transfer == cskpi::Transfer::none);
    CHECK(r.records[2].origin == cskpi::Origin::direct);
    REQUIRE(r.summary.errors.size() == 3);
    CHECK(r.summary.errors[0].line == 4);
    CHECK(r.summary.errors[0].field == "transfer");
    CHECK(r.summary.errors[0].code == "bad_enum");
    CHECK(r.summary.errors[0].message ==
          "transfer: \"voicemail\" is not none, queue, agent or external");
    CHECK(r.summary.errors[1].line == 5);
    CHECK(r.summary.errors[1].field == "abandoned");
    CHECK(r.summary.errors[1].code == "conflict");
    CHECK(r.summary.errors[2].line == 6);
    CHECK(r.summary.errors[2].field == "handled");
    CHECK(r.summary.errors[2].code == "wrong_type");
}

TEST_CASE("pretty-printed objects are read whole, with their index and first line in errors") {
    // One object as `jq .` prints it: four lines, one record.
    const std::string pretty =
        "{\n  \"id\": \"a\",\n  \"started_at\": \"2026-01-05T09:00:00Z\",\n  \"talk_seconds\": "
        "60\n}\n";
    const auto one = read(pretty);
    CHECK(one.summary.read == 1);
    REQUIRE(one.summary.accepted == 1);
    CHECK(one.records[0].id == "a");
    CHECK(one.records[0].talk_seconds == 60.0);
    // A stream of them: the second (index 1, lines 6..9) lacks started_at; the third starts
    // on line 11 after a blank line.
    const std::string bad = "{\n  \"id\": \"b\",\n  \"x\": \"{\\\"}\"\n}\n";
    const auto stream = read(pretty + "  " + bad + "\n" + pretty);
    CHECK(stream.summary.read == 3);
    CHECK(stream.summary.accepted == 2);
    REQUIRE(stream.summary.errors.size() == 1);
    const cskpi::InputError& e = stream.summary.errors[0];
    CHECK(*e.index == 1);
    CHECK(*e.line == 6);
    CHECK(e.code == "missing_field");
    CHECK(cskpi::json::describe(e) ==
          "in.ndjson:6[1]: started_at: missing_field: started_at is required");
    // Cut inside the last object: one more rejected record, saying so.
    const auto cut = read(pretty + "{\n  \"id\": \"c\",\n");
    CHECK(cut.summary.read == 2);
    REQUIRE(cut.summary.errors.size() == 1);
    CHECK(*cut.summary.errors[0].line == 6);
    CHECK(cut.summary.errors[0].message ==
          "the input ends inside this record (a '{' or '[' is not closed)");
    CHECK_THROWS_AS(read(pretty + "{\n", {.strict = true}), cskpi::json::RecordRejected);
    // A record left open does not swallow the records after it: it ends where a line begins
    // with '{' after a line ending with '}' (its last '}' is missing), or after a line break
    // inside a string (a quote is missing). Each bad record is counted on its own line.
    const std::string no_brace = "{\n  \"id\": \"d\",\n  \"x\": {\"y\": 1}\n";
    const std::string no_quote = "{\"id\": \"e\n";
    const auto open = read(pretty + no_brace + pretty + no_quote + pretty);
    CHECK(open.summary.read == 5);
    CHECK(open.summary.accepted == 3);
    REQUIRE(open.summary.errors.size() == 2);
    CHECK(*open.summary.errors[0].line == 6);
    CHECK(*open.summary.errors[0].index == 1);
    CHECK(open.summary.errors[0].message ==
          "this record is not closed (a '{', '[' or '\"' is left open) before the next one "
          "begins on a line of its own");
    CHECK(*open.summary.errors[1].line == 14);
    CHECK(*open.summary.errors[1].index == 3);
    // Neither happens in valid JSON, so a value that begins a line of its own stays in its
    // record: here an object after a ':'.
    const auto nested = read(pretty + "{\"id\": \"f\", \"started_at\":\n{\"a\": 1}}\n" + pretty);
    CHECK(nested.summary.read == 3);
    REQUIRE(nested.summary.errors.size() == 1);
    CHECK(nested.summary.errors[0].code == "wrong_type");
}

TEST_CASE("concatenated objects (a Firehose delivery) are several records on one line") {
    // kGood, a bad record, kGood, all on line 1 with no separator; then on line 2 a stray
    // ',' between two records: the ',' is one rejected record of its own (index 4).
    const std::string text =
        std::string(kGood) + R"({"id":"b"})" + kGood + "\n" + kGood + "," + kGood;
    const auto r = read(text);
    CHECK(r.summary.read == 6);
    CHECK(r.summary.accepted == 4);
    REQUIRE(r.summary.errors.size() == 2);
    CHECK(*r.summary.errors[0].index == 1);
    CHECK(*r.summary.errors[0].line == 1);
    CHECK(r.summary.errors[0].code == "missing_field");
    CHECK(*r.summary.errors[1].index == 4);
    CHECK(*r.summary.errors[1].line == 2);
    CHECK(r.summary.errors[1].code == "not_json");
    // One object a line stays NDJSON: errors carry the line alone.
    const auto ndjson = read(std::string(kGood) + "\n{\"id\":\"b\"}{\"id\":\"c\"}\n");
    CHECK(ndjson.summary.read == 2);
    REQUIRE(ndjson.summary.errors.size() == 1);
    CHECK(*ndjson.summary.errors[0].line == 2);
    CHECK_FALSE(ndjson.summary.errors[0].index);
    // A first line that never closes is NDJSON too: each bad line is rejected on its own.
    const auto open_first = read(std::string("{\"id\":\n") + kGood + "\n");
    CHECK(open_first.summary.read == 2);
    CHECK(open_first.summary.accepted == 1);
    // Past a read chunk (1 MiB) and with a record larger than the limit in the middle.
    std::string big;
    std::size_t count = 0;
    while (big.size() < (std::size_t{3} << 20)) {
        big += kGood;
        ++count;
    }
    const std::string huge = "{\"id\":\"" + std::string(2000, 'x') + "\"}";
    const auto far = read(big + huge + big, {.max_record_bytes = 1000});
    CHECK(far.summary.read == 2 * count + 1);
    CHECK(far.summary.accepted == 2 * count);
    REQUIRE(far.summary.errors.size() == 1);
    CHECK(far.summary.errors[0].code == "too_large");
    CHECK(*far.summary.errors[0].index == count);
}

TEST_CASE("accumulate_file reads a large object stream whole on any number of threads") {
    // 30,000 pretty-printed records, about 11 MB: more than two threads' minimum share, but an
    // object stream is never split, so the account and the error's line are the one-thread
    // ones. Record 7 (lines 36..40 at five lines a record) lacks started_at.
    const std::string path = std::string(CSKPI_TEST_BINARY_DIR) + "/reader-objects.json";
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 30'000; ++i) {
            out << "{\n  \"id\": \"r" << i << "\",\n  \"queue\": \"" << std::string(300, 'q')
                << "\",\n"
                << (i == 7 ? "  \"x\": 1\n" : "  \"started_at\": \"2026-01-05T09:00:00Z\"\n")
                << "}\n";
        }
    }
    cskpi::ReportAccumulator two(cskpi::ReportOptions{});
    const auto s = cskpi::json::accumulate_file(path, Mapping::canonical(), {.threads = 2}, two);
    CHECK(s.read == 30'000);
    CHECK(s.accepted == 29'999);
    REQUIRE(s.errors.size() == 1);
    CHECK(*s.errors[0].index == 7);
    CHECK(*s.errors[0].line == 36);
}

TEST_CASE("a byte-order mark before a first line longer than a read chunk stays NDJSON") {
    // Line 1 is one record of about 1.5 MiB (past the 1 MiB chunk, so telling NDJSON from an
    // object stream reads on), line 2 lacks started_at: 2 read, 1 accepted, line 2 rejected.
    const std::string long_line = R"({"id":"a","started_at":"2026-01-05T09:00:00Z","queue":")" +
                                  std::string(std::size_t{3} << 19, 'q') + "\"}";
    const auto r = read("\xEF\xBB\xBF" + long_line + "\n{\"id\":\"b\"}\n");
    CHECK(r.summary.read == 2);
    CHECK(r.summary.accepted == 1);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(*r.summary.errors[0].line == 2);
    CHECK_FALSE(r.summary.errors[0].index);
}
