// CSV input: the RFC 4180 row parser (quoting, BOM, line ends, line numbers), rows mapped
// through the same mappings as JSON, text converted to numbers and flags, every rejection
// code and the accounting, and format detection.
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/json/reader.hpp"

using cskpi::Interaction;
using cskpi::json::InputFormat;
using cskpi::json::Mapping;
using cskpi::json::ReadOptions;

namespace {

struct Result {
    cskpi::InputSummary summary;
    std::vector<Interaction> records;
};

Result read_csv(const std::string& text, const Mapping& mapping = Mapping::canonical(),
                ReadOptions options = {}, const std::string& source = "in.csv") {
    if (source == "in.csv") {
        options.format = InputFormat::csv;
    }
    Result out;
    std::istringstream in(text);
    out.summary = cskpi::json::read_interactions(
        in, mapping, options, [&](Interaction&& r) { out.records.push_back(std::move(r)); },
        source);
    const auto& s = out.summary;
    CHECK(s.read == s.accepted + s.rejected + s.duplicates);
    CHECK(out.records.size() == s.accepted);
    return out;
}

Mapping parse_mapping(const char* text) {
    return Mapping::parse(nlohmann::json::parse(text));
}

const std::string kHeader = "id,started_at,agent_id,queue\n";

}  // namespace

TEST_CASE("csv: a canonical header needs no mapping", "[csv]") {
    const auto r = read_csv(
        "id,started_at,agent_id,channel,wait_seconds,talk_seconds,abandoned,csat,revenue\n"
        "a,2026-01-05T09:00:00Z,ann,phone,35,60.5,false,5,12.25\n"
        "b,2026-01-05T10:00:00Z,bob,chat,,,true,,\n");
    REQUIRE(r.summary.read == 2);
    REQUIRE(r.summary.accepted == 2);
    const Interaction& a = r.records[0];
    CHECK(a.id == "a");
    CHECK(a.agent_id == "ann");
    CHECK(a.channel == cskpi::Channel::phone);
    CHECK(a.wait_seconds == 35.0);
    CHECK(a.talk_seconds == 60.5);
    CHECK_FALSE(a.abandoned);
    CHECK(a.csat == 5);
    CHECK(a.revenue == 12.25);
    const Interaction& b = r.records[1];
    CHECK(b.channel == cskpi::Channel::chat);
    CHECK_FALSE(b.wait_seconds.has_value());  // an empty cell is absent
    CHECK_FALSE(b.talk_seconds.has_value());
    CHECK(b.abandoned);
    CHECK_FALSE(b.csat.has_value());
    CHECK_FALSE(b.revenue.has_value());
}

TEST_CASE("csv: quoting, embedded commas, quotes and newlines", "[csv]") {
    const auto r = read_csv(kHeader +
                            "\"a,1\",2026-01-05T09:00:00Z,\"say \"\"hi\"\"\",\"two\nlines\"\n"
                            "\"\",2026-01-05T09:00:00Z,x,y\n"  // line 4: empty id
                            "c,2026-01-05T09:00:00Z,\"\",q\n"
                            "d,bad-time,x,y\n");  // line 6
    REQUIRE(r.summary.read == 4);
    REQUIRE(r.summary.accepted == 2);
    CHECK(r.records[0].id == "a,1");
    CHECK(r.records[0].agent_id == "say \"hi\"");
    CHECK(r.records[0].queue == "two\nlines");
    CHECK(r.records[1].id == "c");
    CHECK(r.records[1].agent_id.empty());
    REQUIRE(r.summary.errors.size() == 2);
    CHECK(r.summary.errors[0].line == 4u);
    CHECK(r.summary.errors[0].field == "id");
    CHECK(r.summary.errors[0].code == "missing_field");
    CHECK(r.summary.errors[1].line == 6u);
    CHECK(r.summary.errors[1].field == "started_at");
    CHECK(r.summary.errors[1].code == "bad_timestamp");
    CHECK(r.summary.errors[1].file == "in.csv");
}

TEST_CASE("csv: a BOM, CRLF line ends, blank lines and no final newline", "[csv]") {
    const auto r = read_csv(
        "\xEF\xBB\xBFid,started_at,agent_id\r\n"
        "a,2026-01-05T09:00:00Z,\"x\r\ny\"\r\n"
        "\r\n"
        "b,2026-01-05T09:00:00Z,z\r\n"
        "c,nope,z");
    CHECK(r.summary.read == 3);
    REQUIRE(r.summary.accepted == 2);
    CHECK(r.records[0].id == "a");  // the BOM is not part of the first column's name
    CHECK(r.records[0].agent_id == "x\r\ny");
    CHECK(r.records[1].agent_id == "z");
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(r.summary.errors[0].line == 6u);
    CHECK(r.summary.errors[0].code == "bad_timestamp");
}

TEST_CASE("csv: empty input and a header alone hold no records", "[csv]") {
    CHECK(read_csv("").summary.read == 0);
    CHECK(read_csv("\xEF\xBB\xBF").summary.read == 0);
    CHECK(read_csv("id,started_at\n").summary.read == 0);
    CHECK(read_csv("id,started_at").summary.read == 0);
    CHECK(read_csv("id,started_at\n\n\n").summary.read == 0);
}

TEST_CASE("csv: ragged rows, stray and unterminated quotes are bad_row", "[csv]") {
    const auto r = read_csv(kHeader +
                            "a,2026-01-05T09:00:00Z,x\n"            // 2: three cells
                            "b,2026-01-05T09:00:00Z,x,y,z\n"        // 3: five
                            "\"c\"d,2026-01-05T09:00:00Z,x,y\n"     // 4: text after a quote
                            "e,2026-01-05T09:00:00Z,x,y\n"          // 5: good
                            "\"f,2026-01-05T09:00:00Z,x,y\nmore");  // 6: no closing quote
    CHECK(r.summary.read == 5);
    CHECK(r.summary.accepted == 1);
    CHECK(r.summary.rejected == 4);
    REQUIRE(r.summary.errors.size() == 4);
    const std::vector<std::uint64_t> lines{2, 3, 4, 6};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(r.summary.errors[i].line == lines[i]);
        CHECK(r.summary.errors[i].code == "bad_row");
        CHECK(r.summary.errors[i].field.empty());
    }
    CHECK(r.summary.errors[0].message == "the row has 3 cells, the header 4 columns");
    CHECK(r.summary.errors[3].message == "the input ends inside a quoted cell (no closing quote)");
    CHECK(r.records[0].id == "e");
}

TEST_CASE("csv: text that does not convert is wrong_type; bounds as in JSON", "[csv]") {
    const auto r = read_csv(
        "id,started_at,wait_seconds,abandoned,csat,channel\n"
        "a,2026-01-05T09:00:00Z,soon,false,5,phone\n"  // 2
        "b,2026-01-05T09:00:00Z,1,maybe,5,phone\n"     // 3
        "c,2026-01-05T09:00:00Z,-4,false,5,phone\n"    // 4
        "d,2026-01-05T09:00:00Z,1,false,9,phone\n"     // 5
        "e,2026-01-05T09:00:00Z,1,false,4.5,phone\n"   // 6
        "f,2026-01-05T09:00:00Z,1,false,5,pigeon\n"    // 7
        "g,2026-01-05T09:00:00Z, 2.5e1 ,TRUE,1,sms\n"  // 8: good
        "h,2026-01-05T09:00:00Z,inf,0,1,sms\n");       // 9
    REQUIRE(r.summary.errors.size() == 7);
    const std::vector<std::pair<std::string, std::string>> want{
        {"wait_seconds", "wrong_type"},   {"abandoned", "wrong_type"},
        {"wait_seconds", "out_of_range"}, {"csat", "out_of_range"},
        {"csat", "wrong_type"},           {"channel", "bad_enum"},
        {"wait_seconds", "wrong_type"}};
    const std::vector<std::uint64_t> lines{2, 3, 4, 5, 6, 7, 9};
    for (std::size_t i = 0; i < want.size(); ++i) {
        CAPTURE(i);
        CHECK(r.summary.errors[i].line == lines[i]);
        CHECK(r.summary.errors[i].field == want[i].first);
        CHECK(r.summary.errors[i].code == want[i].second);
    }
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].wait_seconds == 25.0);
    CHECK(r.records[0].abandoned);
    CHECK(r.records[0].channel == cskpi::Channel::sms);
}

TEST_CASE("csv: a mapping with columns, units, maps, conditions and defaults", "[csv]") {
    const Mapping m = parse_mapping(R"json({"fields": {
        "id": "/Contact ID",
        "started_at": {"pointer": "/Start", "format": "epoch_ms"},
        "agent_id": "/Agent",
        "talk_seconds": {"pointer": "/Talk (min)", "unit": "min"},
        "channel": {"pointer": "/Medium", "map": {"VOICE": "phone", "1": "chat"},
                    "default": "other"},
        "abandoned": {"when": {"pointer": "/Agent Count", "eq": 0}},
        "resolved": {"when": {"pointer": "/Status", "eq": "done"}},
        "queue": {"pointer": "/Queue", "default": "main"}
      },
      "dedupe": {"key": "/Contact ID", "keep_greatest": "/Version"}})json");
    const auto r = read_csv(
        "Contact ID,Start,Agent,Talk (min),Medium,Agent Count,Status,Queue,Version\n"
        "a,1767603600000,ann,1.5,VOICE,1,done,,1\n"
        "b,1767603600000,,2,1,0,open,vip,1\n"
        "a,1767603600000,ann,3,VOICE,1,done,,2\n"
        "c,1767603600000,ann,3,FAX,1,done,,1\n"
        "d,2026-01-05,ann,3,VOICE,1,done,,1\n",
        m);
    CHECK(r.summary.read == 5);
    CHECK(r.summary.duplicates == 1);
    CHECK(r.summary.accepted == 3);
    CHECK(r.summary.rejected == 1);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(r.summary.errors[0].line == 6u);
    CHECK(r.summary.errors[0].field == "started_at");
    CHECK(r.summary.errors[0].code == "wrong_type");
    REQUIRE(r.records.size() == 3);
    const Interaction& a = r.records[0];
    CHECK(a.id == "a");
    CHECK(a.talk_seconds == 180.0);  // the later copy, with the greater version
    CHECK(a.channel == cskpi::Channel::phone);
    CHECK_FALSE(a.abandoned);
    CHECK(a.resolved == true);
    CHECK(a.queue == "main");
    CHECK(a.started_at.time_since_epoch() == std::chrono::seconds(1767603600));
    const Interaction& b = r.records[1];
    CHECK(b.talk_seconds == 120.0);
    CHECK(b.channel == cskpi::Channel::chat);
    CHECK(b.abandoned);
    CHECK(b.resolved == false);
    CHECK(b.queue == "vip");
    CHECK(r.records[2].channel == cskpi::Channel::other);  // unmatched: the default
}

TEST_CASE("csv: a map without a default rejects unknown text as bad_enum", "[csv]") {
    const Mapping m = parse_mapping(R"({"fields": {"id": "/id", "started_at": "/at",
        "channel": {"pointer": "/ch", "map": {"V": "phone"}}}})");
    const auto r = read_csv("id,at,ch\na,2026-01-05T09:00:00Z,W\n", m);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(r.summary.errors[0].field == "channel");
    CHECK(r.summary.errors[0].code == "bad_enum");
}

TEST_CASE("csv: a row over max_record_bytes is too_large and the next row reads", "[csv]") {
    ReadOptions options;
    options.max_record_bytes = 40;
    const auto r = read_csv(kHeader + "a,2026-01-05T09:00:00Z,x,\"" + std::string(100, 'y') +
                                "\n\"\nb,2026-01-05T09:00:00Z,x,y\n",
                            Mapping::canonical(), options);
    CHECK(r.summary.read == 2);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(r.summary.errors[0].code == "too_large");
    CHECK(r.summary.errors[0].line == 2u);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].id == "b");
}

TEST_CASE("csv: strict mode stops at the first bad row", "[csv]") {
    ReadOptions options;
    options.strict = true;
    try {
        (void)read_csv(kHeader + "a,2026-01-05T09:00:00Z,x\n", Mapping::canonical(), options);
        FAIL("no exception");
    } catch (const cskpi::json::RecordRejected& e) {
        CHECK(e.error().code == "bad_row");
        CHECK(e.error().line == 2u);
    }
}

TEST_CASE("csv: automatic format by extension, then content", "[csv]") {
    ReadOptions options;
    options.format = InputFormat::automatic;
    const std::string csv = kHeader + "a,2026-01-05T09:00:00Z,x,y\n";
    const std::string ndjson = R"({"id":"a","started_at":"2026-01-05T09:00:00Z"})"
                               "\n";
    CHECK(read_csv(csv, Mapping::canonical(), options, "calls.CSV").summary.accepted == 1);
    CHECK(read_csv(csv, Mapping::canonical(), options, "-").summary.accepted == 1);
    CHECK(read_csv("\xEF\xBB\xBF" + csv, Mapping::canonical(), options, "").summary.accepted == 1);
    CHECK(read_csv(ndjson, Mapping::canonical(), options, "-").summary.accepted == 1);
    CHECK(read_csv("\n  [" + ndjson + "]", Mapping::canonical(), options, "").summary.accepted ==
          1);
    // The extension wins over the content: a .ndjson file of CSV is bad JSON.
    const auto wrong = read_csv(csv, Mapping::canonical(), options, "calls.ndjson");
    CHECK(wrong.summary.accepted == 0);
    CHECK(wrong.summary.errors.at(0).code == "not_json");
    // The default is JSON.
    CHECK(read_csv(csv, Mapping::canonical(), {}, "x").summary.accepted == 0);
}

TEST_CASE("csv: purchases read through a purchase mapping", "[csv]") {
    std::istringstream in("customer_id,at,amount\nc1,2026-01-05,12.5\nc2,2026-13-06,3\n");
    std::vector<cskpi::Purchase> got;
    const auto s = cskpi::json::read_purchases(
        in, Mapping::canonical(cskpi::json::RecordKind::purchase), {.format = InputFormat::csv},
        [&](cskpi::Purchase&& p) { got.push_back(std::move(p)); }, "p.csv");
    CHECK(s.read == 2);
    REQUIRE(got.size() == 1);
    CHECK(got[0].customer_id == "c1");
    CHECK(got[0].amount == 12.5);
    REQUIRE(s.errors.size() == 1);
    CHECK(s.errors[0].line == 3u);
    CHECK(s.errors[0].field == "at");
    CHECK(s.errors[0].code == "bad_timestamp");
}

TEST_CASE("csv: rows across the reader's 1 MiB chunks read the same", "[csv]") {
    // The reader takes 3 bytes, then 1 MiB at a time: sweep the tricky rows (a quoted line
    // break, doubled quotes, CRLF, a CR alone) over the chunk boundary one byte at a time.
    const std::string filler = "p,2026-01-05T09:00:00Z,x,y\r\n";
    const std::size_t boundary = 3 + (std::size_t{1} << 20);
    const std::string tricky =
        "\"q,1\",2026-01-05T09:00:00Z,\"a\"\"b\r\nc\",y\r\n"
        "u,2026-01-05T09:00:00Z,x,\"z\"\r"
        "w,2026-01-05T09:00:00Z,,\n"
        "bad,2026-01-05T09:00:00Z,x\n";
    std::string base = kHeader;
    while (base.size() + filler.size() < boundary - tricky.size() - 8) {
        base += filler;
    }
    const std::uint64_t base_rows = (base.size() - kHeader.size()) / filler.size();
    for (std::size_t pad = 0; pad < tricky.size() + 16; ++pad) {
        CAPTURE(pad);
        const std::string text =
            base + "pad," + "2026-01-05T09:00:00Z," + std::string(pad, 'x') + ",y\n" + tricky;
        const auto r = read_csv(text);
        REQUIRE(r.summary.read == base_rows + 5);
        REQUIRE(r.summary.accepted == base_rows + 4);
        const Interaction& q = r.records[base_rows + 1];
        CHECK(q.id == "q,1");
        CHECK(q.agent_id == "a\"b\r\nc");
        CHECK(r.records[base_rows + 2].queue == "z");
        CHECK(r.records[base_rows + 3].id == "w");
        REQUIRE(r.summary.errors.size() == 1);
        CHECK(r.summary.errors[0].code == "bad_row");
        CHECK(r.summary.errors[0].line == 1 + base_rows + 1 + 2 + 1 + 1 + 1);
    }
}

TEST_CASE("csv: an each walk finds nothing in a row, which holds no arrays", "[csv]") {
    const Mapping m = parse_mapping(R"({"fields": {"id": "/id", "started_at": "/started_at",
        "agent_id": {"each": ["/agent_id"], "first": ""},
        "wait_seconds": {"each": ["/queue"], "count": true},
        "hold_seconds": {"each": ["/queue"], "sum": "", "default": 7},
        "handled": {"when": {"exists": {"each": ["/agent_id"]}}}}})");
    const auto r = read_csv(kHeader + "1,2026-01-05T09:00:00Z,ann,sales\n", m);
    REQUIRE(r.records.size() == 1);
    CHECK(r.records[0].agent_id.empty());
    CHECK(r.records[0].wait_seconds == 0.0);  // a count of no matches
    CHECK(r.records[0].hold_seconds == 7.0);  // a sum of nothing takes the default
    CHECK(r.records[0].handled == false);
}

TEST_CASE("csv: timestamp patterns in a zone and from_text work as for JSON", "[csv]") {
    const Mapping m = parse_mapping(R"({"fields": {"id": "/Contact ID",
        "started_at": {"pointer": "/Created", "format": "%m/%d/%Y %I:%M %p",
                       "zone": "America/New_York"},
        "wait_seconds": {"pointer": "/Wait", "from_text": true}}})");
    // 03/03/2025 8:02 AM in New York (EST, -05:00) is 13:02Z, 1741006920 s (Python zoneinfo:
    // int(datetime(2025,3,3,8,2,tzinfo=ZoneInfo("America/New_York")).timestamp())); the
    // repeated hour's 1:30 AM on 11/02/2025 is the first, EDT: 05:30Z, 1762061400 s.
    const auto r = read_csv(
        "Contact ID,Created,Wait\n"
        "a,03/03/2025 8:02 AM,35\n"
        "b,11/02/2025 1:30 AM,\n"
        "c,2025-03-03 08:02,4\n",
        m);
    CHECK(r.summary.read == 3);
    REQUIRE(r.summary.accepted == 2);
    CHECK(r.records[0].started_at.time_since_epoch().count() == 1741006920000);
    CHECK(r.records[0].wait_seconds == 35.0);
    CHECK(r.records[1].started_at.time_since_epoch().count() == 1762061400000);
    CHECK_FALSE(r.records[1].wait_seconds);
    REQUIRE(r.summary.errors.size() == 1);
    CHECK(*r.summary.errors[0].line == 4);
    CHECK(r.summary.errors[0].code == "bad_timestamp");
    CHECK(r.summary.errors[0].message ==
          "started_at: \"2025-03-03 08:02\" does not match the format \"%m/%d/%Y %I:%M %p\"");
}
