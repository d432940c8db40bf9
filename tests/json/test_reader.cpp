#include "cskpi/json/reader.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi_generator/generator.hpp"

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
            const auto& a = streamed[0];
            const auto& b = std::get<Interaction>(memory);
            CHECK(a.id == b.id);
            CHECK(a.started_at == b.started_at);
            CHECK(a.customer_id == b.customer_id);
            CHECK(a.case_id == b.case_id);
            CHECK(a.channel == b.channel);
            CHECK(a.wait_seconds == b.wait_seconds);
            CHECK(a.talk_seconds == b.talk_seconds);
            CHECK(a.handle_seconds == b.handle_seconds);
            CHECK(a.abandoned == b.abandoned);
            CHECK(a.resolved == b.resolved);
            CHECK(a.csat == b.csat);
            CHECK(a.nps == b.nps);
            CHECK(a.first_response_seconds == b.first_response_seconds);
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
    const auto report = cskpi::make_report(r.records);
    CHECK(*report.overall.aht_seconds.value() == 465.0);
    CHECK(*report.overall.asa_seconds.value() == 346.0);
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
    CHECK(*m.records[1].first_contact_resolution);  // solved, 0 replies
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
