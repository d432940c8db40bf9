#include "cskpi/json/mapping.hpp"

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "catch.hpp"
#include "cskpi/json/reader.hpp"

using cskpi::json::Mapping;
using cskpi::json::MappingError;
using nlohmann::json;

namespace {

Mapping mapping(const char* text) {
    return Mapping::parse(json::parse(text));
}

cskpi::Interaction decode(const Mapping& m, const char* record) {
    auto r = cskpi::json::decode_interaction(json::parse(record), m);
    if (auto* e = std::get_if<cskpi::InputError>(&r)) {
        FAIL(e->field << ": " << e->code << ": " << e->message);
    }
    return std::get<cskpi::Interaction>(r);
}

cskpi::InputError reject(const Mapping& m, const char* record) {
    auto r = cskpi::json::decode_interaction(json::parse(record), m);
    REQUIRE(std::holds_alternative<cskpi::InputError>(r));
    return std::get<cskpi::InputError>(r);
}

}  // namespace

TEST_CASE("a mapping with a mistake is rejected when loaded, naming the problem") {
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "/a", "started_at": "/t", "agent": "/x"}})"),
                      Catch::Contains("fields.agent: unknown canonical field"));
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "a", "started_at": "/t"}})"),
                      "fields.id: \"a\" is not a JSON Pointer (it must start with '/')");
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "/a~2", "started_at": "/t"}})"),
                      Catch::Contains("'~' not followed by 0 or 1"));
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/a", "started_at": "/t", "talk_seconds": {"pointer": "/d", "unit": "sec"}}})"),
        "fields.talk_seconds.unit: unknown unit \"sec\" (ms, s, min, h)");
    CHECK_THROWS_WITH(
        mapping(R"({"fields": {"id": "/a", "started_at": {"pointer": "/t", "format": "iso"}}})"),
        Catch::Contains("fields.started_at.format: unknown format \"iso\""));
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "/a"}})"),
                      "fields.started_at: required but not mapped");
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/a", "started_at": "/t", "channel": {"pointer": "/c", "map": {"VOICE": "fax"}}}})"),
        Catch::Contains("fields.channel.map.VOICE: \"fax\" is not a channel"));
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/a", "started_at": "/t", "csat": {"pointer": "/s", "unit": "s"}}})"),
        "fields.csat.unit: csat is not a duration");
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "/a", "started_at": "/t"}, "dedupe": {}})"),
                      Catch::Contains("dedupe: must be an object with \"key\""));
    CHECK_THROWS_WITH(mapping(R"({"fields": {"id": "/a", "started_at": "/t"}, "extra": 1})"),
                      Catch::Contains("mapping: unknown member \"extra\""));
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/a", "started_at": "/t", "resolved": {"when": {"present": "/x", "absent": "/y"}}}})"),
        Catch::Contains("stand alone"));
    CHECK_THROWS_AS(Mapping::preset("salesforce"), MappingError);
    // Found by fuzz_mapping: a member of the wrong JSON type.
    CHECK_THROWS_WITH(mapping(R"({"name": 3333, "fields": {}})"), "name: must be a string");
    CHECK_THROWS_WITH(Mapping::load_file("/nonexistent/m.json"),
                      "/nonexistent/m.json: cannot open the mapping file");
}

TEST_CASE("pointers reach nested members and array elements; units convert") {
    const auto m = mapping(R"({"fields": {
        "id": "/meta/id", "started_at": "/t",
        "agent_id": "/agents/1/name",
        "talk_seconds": {"pointer": "/d/talk", "unit": "ms"},
        "hold_seconds": {"pointer": "/d/hold", "unit": "min"},
        "wrap_seconds": {"pointer": "/d/wrap", "unit": "h"},
        "queue": "/a~1b/c~0d"}})");
    const auto r = decode(m, R"({"t": "2026-01-01T00:00:00Z", "meta": {"id": 7},
        "agents": [{"name": "x"}, {"name": "y"}], "d": {"talk": 1500, "hold": 2, "wrap": 0.5},
        "a/b": {"c~d": "q1"}})");
    CHECK(r.id == "7");
    CHECK(r.agent_id == "y");
    CHECK(*r.talk_seconds == 1.5);
    CHECK(*r.hold_seconds == 120.0);
    CHECK(*r.wrap_seconds == 1800.0);
    CHECK(r.queue == "q1");
}

TEST_CASE("timestamp formats") {
    const auto m = mapping(R"({"fields": {"id": "/id",
        "started_at": {"pointer": "/s", "format": "epoch_s"},
        "answered_at": {"pointer": "/a", "format": "epoch_ms"},
        "ended_at": {"pointer": "/e", "format": "date"}}})");
    const auto r =
        decode(m, R"({"id": "x", "s": 1769903999.5, "a": 1769903999123, "e": "2026-01-31"})");
    CHECK(r.started_at.time_since_epoch().count() == 1769903999500);
    CHECK(r.answered_at->time_since_epoch().count() == 1769903999123);
    CHECK(r.ended_at->time_since_epoch().count() == 1769817600000);
    CHECK(reject(m, R"({"id": "x", "s": "2026-01-01T00:00:00Z"})").code == "wrong_type");
    CHECK(reject(m, R"({"id": "x", "s": 1, "e": "31/01/2026"})").code == "bad_timestamp");
}

TEST_CASE("enum maps, defaults and constant values") {
    const auto m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
        "channel": {"pointer": "/c", "map": {"VOICE": "phone", "CHAT": "chat"}, "default": "other"},
        "csat": {"pointer": "/score", "map": {"good": 5, "bad": 1, "offered": null}},
        "direction": {"value": "outbound"},
        "resolved": {"pointer": "/done", "map": {"Y": true, "N": false}}}})");
    auto r =
        decode(m, R"({"id": "1", "t": "2026-01-01", "c": "VOICE", "score": "good", "done": "Y"})");
    CHECK(r.channel == cskpi::Channel::phone);
    CHECK(*r.csat == 5);
    CHECK(r.direction == cskpi::Direction::outbound);
    CHECK(*r.resolved);
    r = decode(m, R"({"id": "1", "t": "2026-01-01", "c": "SMS", "score": "offered"})");
    CHECK(r.channel == cskpi::Channel::other);
    CHECK_FALSE(r.csat);
    CHECK_FALSE(r.resolved);
    const auto e = reject(m, R"({"id": "1", "t": "2026-01-01", "score": "meh"})");
    CHECK(e.field == "csat");
    CHECK(e.code == "bad_enum");
}

TEST_CASE("presence tests and comparisons make flags") {
    const auto m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
        "abandoned": {"when": {"all": [{"present": "/Queue"}, {"absent": "/Agent"}]}},
        "first_contact_resolution": {"when": {"any": [{"pointer": "/replies", "le": 1},
                                                      {"pointer": "/tag", "eq": "fcr"}]}}}})");
    auto r = decode(m, R"({"id": "1", "t": "2026-01-01", "Queue": {"Name": "q"}, "replies": 3})");
    CHECK(r.abandoned);
    CHECK_FALSE(*r.first_contact_resolution);
    r = decode(m, R"({"id": "1", "t": "2026-01-01", "Queue": {}, "Agent": {}, "tag": "fcr"})");
    CHECK_FALSE(r.abandoned);
    CHECK(*r.first_contact_resolution);
    r = decode(m, R"({"id": "1", "t": "2026-01-01", "Agent": null, "replies": 0})");
    CHECK_FALSE(r.abandoned);  // no Queue
    CHECK(*r.first_contact_resolution);
}

TEST_CASE("every error code of a record") {
    const auto m = Mapping::canonical();
    CHECK(reject(m, R"({"started_at": "2026-01-01T00:00:00Z"})").code == "missing_field");
    CHECK(reject(m, R"({"id": "x"})").field == "started_at");
    CHECK(reject(m, R"({"id": ["x"], "started_at": "2026-01-01"})").code == "wrong_type");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "talk_seconds": "60"})").code ==
          "wrong_type");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "abandoned": "yes"})").code ==
          "wrong_type");
    const auto neg = reject(m, R"({"id": "x", "started_at": "2026-01-01", "wait_seconds": -1})");
    CHECK(neg.field == "wait_seconds");
    CHECK(neg.code == "out_of_range");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "csat": 6})").code ==
          "out_of_range");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "nps": 11})").field == "nps");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "ces": 0})").field == "ces");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "csat": 4.5})").code ==
          "wrong_type");
    CHECK(reject(m, R"({"id": "x", "started_at": "Monday"})").code == "bad_timestamp");
    CHECK(reject(m, R"({"id": "x", "started_at": "2026-01-01", "channel": "fax"})").code ==
          "bad_enum");
    CHECK(reject(m, R"([1, 2])").code == "not_object");
    // A custom CSAT scale moves the range check.
    auto r = cskpi::json::decode_interaction(
        json::parse(R"({"id": "x", "started_at": "2026-01-01", "csat": 9})"), m, {10, 8});
    CHECK(std::holds_alternative<cskpi::Interaction>(r));
}

TEST_CASE("the canonical mapping reads every canonical field") {
    const auto r = decode(Mapping::canonical(), R"({"id": "c-1", "customer_id": "u", "case_id": "k",
        "agent_id": "a", "queue": "q", "team": "t", "channel": "chat", "direction": "outbound",
        "started_at": "2026-01-05T09:00:00.250Z", "answered_at": "2026-01-05T09:00:12Z",
        "ended_at": "2026-01-05T09:05:00Z", "wait_seconds": 12, "talk_seconds": 200.5,
        "hold_seconds": 30, "wrap_seconds": 20, "handle_seconds": 250.5, "abandoned": false,
        "resolved": true, "first_contact_resolution": true, "first_response_seconds": 60,
        "resolution_seconds": 3600, "csat": 5, "nps": 9, "ces": 6, "revenue": 19.99,
        "unknown": {"ignored": [1, 2, 3]}})");
    CHECK(r.id == "c-1");
    CHECK(r.customer_id == "u");
    CHECK(r.case_id == "k");
    CHECK(r.team == "t");
    CHECK(r.channel == cskpi::Channel::chat);
    CHECK(r.direction == cskpi::Direction::outbound);
    CHECK(r.started_at.time_since_epoch().count() % 1000 == 250);
    CHECK(*r.wait_seconds == 12.0);
    CHECK(*r.talk_seconds == 200.5);
    CHECK(*r.handle_seconds == 250.5);
    CHECK_FALSE(r.abandoned);
    CHECK(*r.resolved);
    CHECK(*r.first_contact_resolution);
    CHECK(*r.resolution_seconds == 3600.0);
    CHECK(*r.nps == 9);
    CHECK(*r.ces == 6);
    CHECK(*r.revenue == 19.99);
    CHECK(Mapping::canonical().name() == "canonical");
    CHECK(Mapping::preset("canonical").kind() == cskpi::json::RecordKind::interaction);
}

namespace {

std::string repeat(const std::string& text, std::size_t times) {
    std::string out;
    out.reserve(text.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += text;
    }
    return out;
}

// A mapping whose id is at /a/a/.../a, `segments` deep.
std::string deep_id_mapping(std::size_t segments) {
    return R"({"fields": {"id": ")" + repeat("/a", segments) + R"(", "started_at": "/t"}})";
}

// A mapping whose `abandoned` is a presence test inside `levels - 1` nested `all` lists.
std::string deep_when_mapping(std::size_t levels) {
    return R"({"fields": {"id": "/id", "started_at": "/t", "abandoned": {"when": )" +
           repeat(R"({"all": [)", levels - 1) + R"({"present": "/q"})" + repeat("]}", levels - 1) +
           "}}}";
}

}  // namespace

TEST_CASE("a JSON Pointer has at most 1023 segments") {
    CHECK(cskpi::json::MappingLimits::pointer_segments == 1023);
    const std::string too_long =
        "fields.id: the JSON Pointer has more than 1023 segments, more than a record can nest";
    CHECK_THROWS_WITH(mapping(deep_id_mapping(1024).c_str()), too_long);
    // Far past the limit it is refused the same way, not by overflowing the stack.
    CHECK_THROWS_WITH(mapping(deep_id_mapping(100000).c_str()), too_long);
    CHECK_THROWS_WITH(
        mapping((R"({"fields": {"id": "/id", "started_at": "/t"}, "records_at": ")" +
                 repeat("/a", 1024) + R"("})")
                    .c_str()),
        "records_at: the JSON Pointer has more than 1023 segments, more than a record can nest");

    // At the limit the pointer reaches a value nested as deep as a record may nest (1024
    // levels, the record the first), in memory and from a stream.
    const Mapping m = mapping(deep_id_mapping(1023).c_str());
    const std::string record = R"({"t": "2026-01-01", )" + repeat(R"("a": {)", 1022) +
                               R"("a": "deep")" + repeat("}", 1022) + "}";
    CHECK(decode(m, record.c_str()).id == "deep");
    std::istringstream in(record + "\n");
    std::vector<cskpi::Interaction> read;
    const auto summary = cskpi::json::read_interactions(
        in, m, {}, [&](cskpi::Interaction&& r) { read.push_back(std::move(r)); }, "deep");
    CHECK(summary.accepted == 1);
    REQUIRE(read.size() == 1);
    CHECK(read[0].id == "deep");
}

TEST_CASE("a mapping's pointers have at most 65536 distinct prefixes in all") {
    CHECK(cskpi::json::MappingLimits::pointer_prefixes == 65536);
    // 64 pointers of 1023 segments apart from their first, plus one of 64 segments: 65536
    // prefixes; id and started_at reuse two of them.
    const auto with_conditions = [](const std::string& last) {
        std::string list;
        for (std::size_t i = 0; i < 64; ++i) {
            list += std::string(R"({"present": "/p)") + std::to_string(i) + repeat("/a", 1022) +
                    R"("}, )";
        }
        list += R"({"present": "/q)" + repeat("/a", 63) + R"("}, )";
        return R"({"fields": {"id": "/p0", "started_at": "/p1", "abandoned": {"when": {"any": [)" +
               list + R"({"present": ")" + last + R"("}]}}}})";
    };
    const Mapping m = mapping(with_conditions("/q").c_str());
    CHECK(decode(m, R"({"p0": "x", "p1": "2026-01-01"})").id == "x");
    CHECK_THROWS_WITH(mapping(with_conditions("/r").c_str()),
                      "fields.abandoned.when.any[65].present: the mapping's JSON Pointers have "
                      "more than 65536 distinct prefixes in all");
}

TEST_CASE("a when condition nests at most 32 levels") {
    CHECK(cskpi::json::MappingLimits::condition_depth == 32);
    const Mapping m = mapping(deep_when_mapping(32).c_str());
    CHECK(decode(m, R"({"id": "1", "t": "2026-01-01", "q": 1})").abandoned);
    CHECK_FALSE(decode(m, R"({"id": "1", "t": "2026-01-01"})").abandoned);
    const std::string too_deep = "fields.abandoned.when: conditions nest more than 32 levels deep";
    CHECK_THROWS_WITH(mapping(deep_when_mapping(33).c_str()), too_deep);
    // Far past the limit it is refused the same way, not by overflowing the stack.
    CHECK_THROWS_WITH(mapping(deep_when_mapping(20000).c_str()), too_deep);
}

TEST_CASE("a mapping has at most 10000 conditions in all") {
    CHECK(cskpi::json::MappingLimits::conditions == 10000);
    // An `any` of n presence tests is n + 1 conditions.
    const auto with_conditions = [](std::size_t n) {
        return R"({"fields": {"id": "/id", "started_at": "/t", "abandoned": {"when": {"any": [)" +
               repeat(R"({"present": "/q"}, )", n - 1) + R"({"present": "/r"}]}}}})";
    };
    const Mapping m = mapping(with_conditions(9999).c_str());
    CHECK(decode(m, R"({"id": "1", "t": "2026-01-01", "r": 1})").abandoned);
    CHECK_THROWS_WITH(mapping(with_conditions(10000).c_str()),
                      "fields.abandoned.when.any[9999]: more than 10000 conditions in the mapping");
}

TEST_CASE("a value nested deep in a mapping is named, not dumped") {
    const std::string deep = repeat("[", 100000) + repeat("]", 100000);
    CHECK_THROWS_WITH(mapping((R"({"record": )" + deep + R"(, "fields": {}})").c_str()),
                      R"(record: [...] is not "interaction" or "purchase")");
    CHECK_THROWS_WITH(
        mapping(
            (R"({"fields": {"id": "/id", "started_at": "/t", "talk_seconds": {"pointer": "/d", "unit": )" +
             deep + "}}}")
                .c_str()),
        R"(fields.talk_seconds.unit: unknown unit "[...]" (ms, s, min, h))");
    CHECK_THROWS_WITH(
        mapping((R"({"fields": {"id": "/id", "started_at": {"pointer": "/t", "format": {"x": )" +
                 deep + "}}}}")
                    .c_str()),
        R"(fields.started_at.format: unknown format "{...}" (rfc3339, epoch_s, epoch_ms, date, or a pattern such as "%Y-%m-%d %H:%M:%S"))");
    CHECK_THROWS_WITH(
        mapping(
            (R"({"fields": {"id": "/id", "started_at": "/t", "csat": {"pointer": "/s", "map": {"good": )" +
             deep + "}}}}")
                .c_str()),
        "fields.csat.map.good: [...] is not a valid value for csat");
    CHECK_THROWS_WITH(
        mapping(
            (R"({"fields": {"id": "/id", "started_at": "/t"}, "dedupe": {"key": "/id", "format": )" +
             deep + "}}")
                .c_str()),
        "dedupe.format: unknown format \"[...]\" (rfc3339, epoch_s, epoch_ms)");
}

namespace {

// A mapping of the required fields plus `field` as `spec`.
std::string with_field(const std::string& field, const std::string& spec) {
    return R"({"fields": {"id": "/id", "started_at": "/t", ")" + field + R"(": )" + spec + "}}";
}

}  // namespace

TEST_CASE("choose: mistakes are rejected when loaded, naming the place") {
    const auto error = [](const std::string& field, const std::string& spec) {
        try {
            mapping(with_field(field, spec).c_str());
        } catch (const MappingError& e) {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    CHECK(
        error("queue", R"({"choose": []})") ==
        R"(fields.queue.choose: must be a non-empty array of {"when": condition, "value": value})");
    CHECK(
        error("queue", R"({"choose": {"when": {"present": "/q"}, "value": "a"}})") ==
        R"(fields.queue.choose: must be a non-empty array of {"when": condition, "value": value})");
    CHECK(error("queue", R"({"choose": [{"when": {"present": "/q"}, "value": "a"}, "b"]})") ==
          R"(fields.queue.choose[1]: must be an object {"when": condition, "value": value})");
    CHECK(error("queue", R"({"choose": [{"value": "a"}]})") ==
          R"(fields.queue.choose[0]: missing "when")");
    CHECK(error("queue", R"({"choose": [{"when": {"present": "/q"}}]})") ==
          R"(fields.queue.choose[0]: missing "value")");
    CHECK(
        error("queue", R"({"choose": [{"when": {"present": "/q"}, "value": "a", "then": "b"}]})") ==
        R"(fields.queue.choose[0]: unknown member "then" (when, value))");
    CHECK(error("queue", R"({"choose": [{"when": {"present": "/q"}, "value": "a"}],
                             "pointer": "/q"})") ==
          R"(fields.queue: needs exactly one of "pointer", "when", "value", "choose" or "each")");
    CHECK(
        error("abandoned", R"({"choose": [{"when": {"present": "/q"}, "value": true}],
                                 "when": {"present": "/q"}})") ==
        R"(fields.abandoned: needs exactly one of "pointer", "when", "value", "choose" or "each")");
    CHECK(error("queue", R"({"choose": [{"when": {"present": "/q"}, "value": "a"}],
                             "map": {"x": "y"}})") ==
          R"(fields.queue: "map" and "choose" exclude each other)");
    CHECK(
        error("queue", R"({"chose": []})") ==
        R"(fields.queue: unknown member "chose" (pointer, unit, format, map, default, when, value, choose, from_text, zone, each with first, last, sum or count))");
    // Values are checked as `value` and `default` constants are.
    CHECK(error("direction", R"({"choose": [{"when": {"present": "/a"}, "value": "inbound"},
                                            {"when": {"present": "/b"}, "value": "sideways"}]})") ==
          R"(fields.direction.choose[1].value: "sideways" is not a direction (inbound, outbound))");
    CHECK(
        error("channel", R"({"choose": [{"when": {"present": "/a"}, "value": "fax"}]})") ==
        R"(fields.channel.choose[0].value: "fax" is not a channel (phone, email, chat, social, sms, self_service, other))");
    CHECK(error("answered_at", R"({"choose": [{"when": {"present": "/a"}, "value": "soon"}]})") ==
          R"(fields.answered_at.choose[0].value: "soon" is not an RFC 3339 timestamp)");
    CHECK(error("talk_seconds", R"({"choose": [{"when": {"present": "/a"}, "value": "60"}]})") ==
          R"(fields.talk_seconds.choose[0].value: "60" is not a valid value for talk_seconds)");
    CHECK(error("csat", R"({"choose": [{"when": {"present": "/a"}, "value": 4.5}]})") ==
          R"(fields.csat.choose[0].value: csat takes whole numbers)");
    CHECK(error("resolved", R"({"choose": [{"when": {"present": "/a"}, "value": 1}]})") ==
          R"(fields.resolved.choose[0].value: 1 is not a valid value for resolved)");
    CHECK(error("queue", R"({"choose": [{"when": {"present": "/a"}, "value": "a"}],
                             "default": 3})") ==
          R"(fields.queue.default: 3 is not a valid value for queue)");
    // Conditions are checked as `when` conditions are.
    CHECK(
        error("queue", R"({"choose": [{"when": {"present": "/a"}, "value": "a"},
                                        {"when": {"present": "a"}, "value": "b"}]})") ==
        R"(fields.queue.choose[1].when.present: "a" is not a JSON Pointer (it must start with '/'))");
    CHECK(error("queue", R"({"choose": [{"when": {}, "value": "a"}]})") ==
          R"(fields.queue.choose[0].when: a condition is an object such as {"present": "/Queue"})");
}

TEST_CASE("choose: the first condition that holds gives the value, else the default") {
    const auto m = mapping(with_field("queue", R"({"choose": [
        {"when": {"pointer": "/via", "eq": "transfer"}, "value": "external"},
        {"when": {"present": "/group"}, "value": "queue"},
        {"when": {"present": "/unassigned"}, "value": null},
        {"when": {"present": "/any"}, "value": "never"}], "default": "none"})")
                               .c_str());
    const auto queue = [&](const char* extra) {
        return decode(m, (std::string(R"({"id": "1", "t": "2026-01-01")") + extra + "}").c_str())
            .queue;
    };
    CHECK(queue(R"(, "via": "transfer", "group": 1, "any": 1)") == "external");
    CHECK(queue(R"(, "via": "web", "group": 1, "any": 1)") == "queue");
    CHECK(queue(R"(, "group": null, "unassigned": true, "any": 1)").empty());  // null: absent
    CHECK(queue(R"(, "any": 1)") == "never");
    CHECK(queue("") == "none");
    // Without a default, or with a null one, no match leaves the field absent.
    for (const char* tail : {"}", R"(, "default": null})"}) {
        const auto optional = mapping(
            with_field(
                "resolution_seconds",
                std::string(R"({"choose": [{"when": {"present": "/x"}, "value": 2}])") + tail)
                .c_str());
        CHECK(*decode(optional, R"({"id": "1", "t": "2026-01-01", "x": 0})").resolution_seconds ==
              2.0);
        CHECK_FALSE(decode(optional, R"({"id": "1", "t": "2026-01-01"})").resolution_seconds);
    }
}

TEST_CASE("choose: every kind of field") {
    const auto m = mapping(R"({"fields": {
        "id": {"choose": [{"when": {"present": "/key"}, "value": "k"}], "default": null},
        "started_at": {"choose": [{"when": {"pointer": "/n", "ge": 0},
                                   "value": "2026-01-02T03:04:05Z"}]},
        "channel": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": "chat"}],
                    "default": "email"},
        "direction": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": "outbound"}]},
        "answered_at": {"choose": [{"when": {"pointer": "/n", "eq": 1},
                                    "value": "2026-01-02T03:05:00+01:00"}],
                        "format": "epoch_s"},
        "talk_seconds": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": 2}],
                         "unit": "min"},
        "abandoned": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": true}]},
        "first_contact_resolution": {"choose": [
            {"when": {"absent": "/solved_at"}, "value": null},
            {"when": {"pointer": "/replies", "le": 1}, "value": true}], "default": false},
        "csat": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": 4}]},
        "revenue": {"choose": [{"when": {"pointer": "/n", "eq": 1}, "value": -2.5}]}}})");
    auto r = decode(m, R"({"key": 0, "n": 1, "solved_at": "x", "replies": 1})");
    CHECK(r.id == "k");
    CHECK(r.started_at.time_since_epoch().count() == 1767323045000);
    CHECK(r.channel == cskpi::Channel::chat);
    CHECK(r.direction == cskpi::Direction::outbound);
    CHECK(r.answered_at->time_since_epoch().count() == 1767319500000);  // RFC 3339 always
    CHECK(*r.talk_seconds == 120.0);
    CHECK(r.abandoned);
    CHECK(*r.first_contact_resolution);
    CHECK(*r.csat == 4);
    CHECK(*r.revenue == -2.5);
    r = decode(m, R"({"key": 0, "n": 2, "solved_at": "x", "replies": 2})");
    CHECK(r.channel == cskpi::Channel::email);
    CHECK(r.direction == cskpi::Direction::inbound);
    CHECK_FALSE(r.answered_at);
    CHECK_FALSE(r.talk_seconds);
    CHECK_FALSE(r.abandoned);
    CHECK_FALSE(*r.first_contact_resolution);  // solved, more than one reply
    CHECK_FALSE(r.csat);
    CHECK_FALSE(r.revenue);
    CHECK_FALSE(decode(m, R"({"key": 0, "n": 2, "replies": 0})").first_contact_resolution);
    // A required field that comes out absent is missing, by no match or a null value.
    auto e = reject(m, R"({"n": 1})");
    CHECK(e.field == "id");
    CHECK(e.code == "missing_field");
    CHECK(e.message == "id is required");
    e = reject(m, R"({"key": 0, "n": -1})");
    CHECK(e.field == "started_at");
    CHECK(e.code == "missing_field");
    const auto null_start = mapping(R"({"fields": {"id": "/id", "started_at": {
        "choose": [{"when": {"present": "/x"}, "value": null}],
        "default": "2026-01-01T00:00:00Z"}}})");
    CHECK(reject(null_start, R"({"id": "1", "x": 1})").code == "missing_field");
    CHECK(decode(null_start, R"({"id": "1"})").started_at.time_since_epoch().count() ==
          1767225600000);
    // A value the record check refuses is reported as from a pointer.
    const auto big = mapping(
        with_field("csat", R"({"choose": [{"when": {"present": "/x"}, "value": 9}]})").c_str());
    CHECK(reject(big, R"({"id": "1", "t": "2026-01-01", "x": 1})").code == "out_of_range");
}

TEST_CASE("a null default leaves a required field missing, not at the epoch") {
    const auto m =
        mapping(R"({"fields": {"id": "/id", "started_at": {"pointer": "/t", "default": null}}})");
    const auto e = reject(m, R"({"id": "1"})");
    CHECK(e.field == "started_at");
    CHECK(e.code == "missing_field");
}

TEST_CASE("choose conditions count toward the mapping's limits") {
    // An `any` of n presence tests is n + 1 conditions; a `when` field holds one more.
    const auto with_choices = [](std::size_t n) {
        return R"({"fields": {"id": "/id", "started_at": "/t", "resolved": {"when": {"present": "/q"}},
            "csat": {"choose": [{"when": {"present": "/a"}, "value": 1},
                                {"when": {"any": [)" +
               repeat(R"({"present": "/q"}, )", n - 1) + R"({"present": "/r"}]}, "value": 2}]}}})";
    };
    const Mapping m = mapping(with_choices(9997).c_str());
    CHECK(*decode(m, R"({"id": "1", "t": "2026-01-01", "r": 1})").csat == 2);
    CHECK_THROWS_WITH(
        mapping(with_choices(9998).c_str()),
        "fields.csat.choose[1].when.any[9997]: more than 10000 conditions in the mapping");
    const auto deep = [](std::size_t levels) {
        return R"({"fields": {"id": "/id", "started_at": "/t", "queue": {"choose": [
            {"when": {"present": "/a"}, "value": "a"}, {"when": )" +
               repeat(R"({"all": [)", levels - 1) + R"({"present": "/q"})" +
               repeat("]}", levels - 1) + R"(, "value": "q"}]}}})";
    };
    CHECK(decode(mapping(deep(32).c_str()), R"({"id": "1", "t": "2026-01-01", "q": 1})").queue ==
          "q");
    CHECK_THROWS_WITH(mapping(deep(33).c_str()),
                      "fields.queue.choose[1].when: conditions nest more than 32 levels deep");
    CHECK_THROWS_WITH(mapping(deep(20000).c_str()),
                      "fields.queue.choose[1].when: conditions nest more than 32 levels deep");
}

namespace {

// A conversation as Genesys Cloud's analytics lists it, cut down to what the walks read.
constexpr const char* kConversation = R"({
  "id": "c1", "t": "2026-01-05T09:00:00Z",
  "participants": [
    {"purpose": "customer", "sessions": [{"mediaType": "voice", "metrics": [
      {"name": "nOffered", "value": 1}]}]},
    {"purpose": "acd", "sessions": [{"metrics": [{"name": "tAcd", "value": 20500}]}]},
    {"purpose": "agent", "userId": "ann", "sessions": [
      {"segments": [{"segmentType": "interact"}, {"segmentType": "hold"},
                    {"segmentType": "interact"}, {"segmentType": "hold"},
                    {"segmentType": "wrapup", "wrapUpCode": "sale"}],
       "metrics": [{"name": "tHeld", "value": 15000}, {"name": "tHeld", "value": 5250},
                   {"name": "tTalk", "value": 180000}]}]},
    {"purpose": "agent", "userId": "bob", "sessions": [{"metrics": []}]}
  ]
})";

}  // namespace

TEST_CASE("each: first, last, sum and count over nested arrays") {
    const auto m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
      "agent_id": {"each": ["/participants", {"pointer": "/purpose", "eq": "agent"}],
                   "first": "/userId"},
      "team": {"each": ["/participants", {"pointer": "/purpose", "eq": "agent"}],
               "last": "/userId"},
      "queue": {"each": ["/participants", "/sessions", "/segments",
                         {"present": "/wrapUpCode"}], "last": "/wrapUpCode"},
      "wait_seconds": {"each": ["/participants", "/sessions", "/metrics",
                                {"pointer": "/name", "eq": "tAcd"}], "sum": "/value", "unit": "ms"},
      "hold_seconds": {"each": ["/participants", "/sessions", "/metrics",
                                {"pointer": "/name", "eq": "tHeld"}], "sum": "/value", "unit": "ms"},
      "csat": {"each": ["/participants", "/sessions", "/segments",
                        {"pointer": "/segmentType", "eq": "hold"}], "count": true},
      "talk_seconds": {"each": ["/participants", "/sessions", "/metrics",
                                {"pointer": "/name", "eq": "tAbandon"}], "sum": "/value",
                       "unit": "ms", "default": 0}}})");
    const auto r = decode(m, kConversation);
    CHECK(r.agent_id == "ann");  // the first agent participant
    CHECK(r.team == "bob");      // the last one
    CHECK(r.queue == "sale");    // the one segment with a wrap-up code
    CHECK_THAT(*r.wait_seconds, Catch::Matchers::WithinAbs(20.5, 1e-9));  // 20500 ms
    // Two tHeld metrics: 15000 + 5250 = 20250 ms = 20.25 s.
    CHECK_THAT(*r.hold_seconds, Catch::Matchers::WithinAbs(20.25, 1e-9));
    CHECK(r.csat == 2);  // two hold segments counted
    // No tAbandon metric: a sum of no values is missing, so the default applies.
    CHECK(r.talk_seconds == 0.0);
}

TEST_CASE("each: the bulk path gives the same values as the in-memory one") {
    const auto m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
      "agent_id": {"each": ["/participants", {"pointer": "/purpose", "eq": "agent"}],
                   "first": "/userId"},
      "hold_seconds": {"each": ["/participants", "/sessions", "/metrics",
                                {"pointer": "/name", "eq": "tHeld"}], "sum": "/value", "unit": "ms"},
      "abandoned": {"when": {"exists": {"each": ["/participants", "/sessions", "/metrics",
                                                 {"pointer": "/name", "eq": "tAbandon"}]}}},
      "handled": {"when": {"exists": {"each": ["/participants",
                                               {"pointer": "/purpose", "eq": "agent"}]}}}}})");
    std::string line = json::parse(kConversation).dump();
    std::istringstream in(line + "\n" + line + "\n");
    std::vector<cskpi::Interaction> got;
    const auto summary = cskpi::json::read_interactions(
        in, m, {}, [&](cskpi::Interaction&& i) { got.push_back(std::move(i)); });
    REQUIRE(summary.accepted == 2);
    for (const auto& r : got) {
        CHECK(r.agent_id == "ann");
        CHECK_THAT(*r.hold_seconds, Catch::Matchers::WithinAbs(20.25, 1e-9));
        CHECK_FALSE(r.abandoned);
        CHECK(r.handled == true);
    }
    const auto one = decode(m, kConversation);
    CHECK(one.agent_id == "ann");
    CHECK(one.handled == true);
}

TEST_CASE("each: steps that find nothing, wrong types and array indexes") {
    const auto m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
      "agent_id": {"each": ["/people", "/0"], "first": "/name"},
      "hold_seconds": {"each": ["/holds"], "sum": "/ms", "unit": "ms"},
      "csat": {"each": ["/holds"], "count": true}}})");
    // An array of arrays: "/0" takes the first element of each inner array.
    auto r = decode(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z",
      "people": [[{"name": "x"}, {"name": "y"}], [{"name": "z"}]], "holds": {"ms": 1500}})");
    CHECK(r.agent_id == "x");
    // An object where an array was expected is one element.
    CHECK_THAT(*r.hold_seconds, Catch::Matchers::WithinAbs(1.5, 1e-9));
    CHECK(r.csat == 1);
    // Nothing to walk: no agent, no hold, a count of 0 (which csat, 1 to 5, rejects).
    const auto e = reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "people": "none"})");
    CHECK(e.field == "csat");
    CHECK(e.code == "out_of_range");
    // Null values are skipped; a string cannot be added up.
    auto bad = reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z",
      "holds": [{"ms": null}, {"ms": 1000}, {"ms": "2000"}]})");
    CHECK(bad.field == "hold_seconds");
    CHECK(bad.code == "wrong_type");
    CHECK(bad.message == "hold_seconds: expected a number, got a string");
}

TEST_CASE("each: mistakes are rejected when loaded, naming the place") {
    const auto error = [](const std::string& field) {
        try {
            mapping(
                ("{\"fields\": {\"id\": \"/id\", \"started_at\": \"/t\", " + field + "}}").c_str());
        } catch (const MappingError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(error(R"("queue": {"each": ["/a"]})") ==
          R"(fields.queue: an "each" takes exactly one of "first", "last", "sum" or "count")");
    CHECK(error(R"("queue": {"each": ["/a"], "first": "/b", "last": "/c"})") ==
          R"(fields.queue: an "each" takes exactly one of "first", "last", "sum" or "count")");
    CHECK(error(R"("queue": {"each": [], "first": "/b"})") ==
          "fields.queue.each: must be a non-empty array of JSON Pointers and conditions");
    CHECK(error(R"("queue": {"each": [3], "first": "/b"})") ==
          "fields.queue.each[0]: a step is a JSON Pointer string or a condition object");
    CHECK(error(R"("queue": {"each": ["a"], "first": "/b"})") ==
          R"(fields.queue.each[0]: "a" is not a JSON Pointer (it must start with '/'))");
    CHECK(error(R"("queue": {"each": ["/a", {"pointer": "/x", "eq": []}], "first": "/b"})") ==
          "fields.queue.each[1].eq: compares with a number (or, for eq / ne, a string or bool)");
    CHECK(error(R"("csat": {"each": ["/a"], "count": 1})") == "fields.csat.count: takes true");
    CHECK(error(R"("queue": {"first": "/b"})") ==
          R"(fields.queue: "first" reduces an "each" walk, which is missing)");
    CHECK(error(R"("queue": {"each": ["/a"], "first": "/b", "pointer": "/q"})") ==
          R"(fields.queue: needs exactly one of "pointer", "when", "value", "choose" or "each")");
    CHECK(error(R"("handled": {"when": {"exists": {"each": ["/a"], "count": true}}})") ==
          R"(fields.handled.when: "exists" stands alone and takes {"each": [steps]})");
    CHECK(
        error(
            R"("handled": {"when": {"exists": {"each": ["/a", {"exists": {"each": ["/b"]}}]}}})") ==
        R"(fields.handled.when.exists.each[1].exists: an "each" step's condition cannot hold another "each")");
}

TEST_CASE("each: walks have at most 32 steps and a mapping at most 256 walks") {
    json steps = json::array();
    for (int i = 0; i < 33; ++i) {
        steps.push_back("/a");
    }
    json doc{
        {"fields",
         {{"id", "/id"}, {"started_at", "/t"}, {"queue", {{"each", steps}, {"first", "/b"}}}}}};
    CHECK_THROWS_WITH(Mapping::parse(doc), "fields.queue.each: more than 32 steps in one walk");
    steps.erase(steps.begin());
    doc["fields"]["queue"]["each"] = steps;
    CHECK_NOTHROW(Mapping::parse(doc));
    json any = json::array();
    for (int i = 0; i < 257; ++i) {
        any.push_back({{"exists", {{"each", json::array({"/a"})}}}});
    }
    doc["fields"]["handled"] = {{"when", {{"any", any}}}};
    CHECK_THROWS_WITH(Mapping::parse(doc),
                      "fields.handled.when.any[255].exists: more than 256 \"each\" walks in the "
                      "mapping");
}

TEST_CASE("from_text reads numbers written as strings; bad text is wrong_type") {
    const Mapping m = mapping(R"({"fields": {"id": "/id", "started_at": "/t",
        "wait_seconds": {"pointer": "/wait", "from_text": true},
        "talk_seconds": {"pointer": "/talk", "unit": "min", "from_text": true},
        "csat": {"pointer": "/csat", "from_text": true},
        "revenue": {"pointer": "/rev", "from_text": true}}})");
    const auto r = decode(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "wait": "35",
        "talk": " 1.5 ", "csat": "4", "rev": "-2.25"})");
    CHECK(r.wait_seconds == 35.0);
    CHECK(r.talk_seconds == 90.0);  // 1.5 min * 60
    CHECK(r.csat == 4);
    CHECK(r.revenue == -2.25);
    // A JSON number is still a number; blank text is absent.
    const auto plain = decode(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "wait": 7,
        "csat": "", "talk": "  "})");
    CHECK(plain.wait_seconds == 7.0);
    CHECK_FALSE(plain.csat);
    CHECK_FALSE(plain.talk_seconds);
    const auto bad = reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "wait": "35s"})");
    CHECK(bad.field == "wait_seconds");
    CHECK(bad.code == "wrong_type");
    CHECK(bad.message == "wait_seconds: \"35s\" is not a number");
    CHECK(reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "wait": "-1"})").code ==
          "out_of_range");
    CHECK(reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "csat": "4.5"})").code ==
          "wrong_type");
    CHECK(reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "csat": "9"})").code ==
          "out_of_range");
    CHECK(reject(m, R"({"id": "a", "t": "2026-01-01T00:00:00Z", "wait": "1e999"})").code ==
          "wrong_type");
    // Without from_text a string stays a wrong type.
    CHECK(reject(mapping(R"({"fields": {"id": "/id", "started_at": "/t", "csat": "/csat"}})"),
                 R"({"id": "a", "t": "2026-01-01T00:00:00Z", "csat": "4"})")
              .code == "wrong_type");
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/id", "started_at": "/t", "queue": {"pointer": "/q", "from_text": true}}})"),
        "fields.queue.from_text: queue is not a number field (a duration, score or amount)");
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/id", "started_at": "/t", "csat": {"pointer": "/c", "from_text": "yes"}}})"),
        "fields.csat.from_text: must be true or false, not \"yes\"");
}

TEST_CASE("timestamp format patterns in a named zone") {
    const Mapping m = mapping(R"({"fields": {"id": "/id",
        "started_at": {"pointer": "/created", "format": "%Y-%m-%d %H:%M:%S",
                       "zone": "America/New_York"},
        "ended_at": {"pointer": "/ended", "format": "%m/%d/%Y %I:%M %p"}}})");
    // 2025-03-03 08:02:11 in New York (EST) is 1741006931 (Python zoneinfo); 8:02 PM UTC on
    // 3 March 2025 is 1741032120.
    const auto r = decode(m, R"({"id": "a", "created": "2025-03-03 08:02:11",
        "ended": "03/03/2025 8:02 PM"})");
    CHECK(r.started_at.time_since_epoch().count() == 1741006931000);
    CHECK(r.ended_at->time_since_epoch().count() == 1741032120000);
    const auto bad = reject(m, R"({"id": "a", "created": "2025-03-03T08:02:11Z"})");
    CHECK(bad.field == "started_at");
    CHECK(bad.code == "bad_timestamp");
    CHECK(bad.message ==
          "started_at: \"2025-03-03T08:02:11Z\" does not match the format \"%Y-%m-%d %H:%M:%S\"");
    CHECK(reject(m, R"({"id": "a", "created": 1741006931})").code == "wrong_type");
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/id", "started_at": {"pointer": "/t", "format": "%Y-%m-%d", "zone": "Mars/Olympus"}}})"),
        Catch::Contains("fields.started_at.zone: \"Mars/Olympus\" is not a time zone"));
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/id", "started_at": {"pointer": "/t", "format": "rfc3339", "zone": "UTC"}}})"),
        "fields.started_at.zone: applies to a \"format\" pattern with % directives");
    CHECK_THROWS_WITH(
        mapping(
            R"({"fields": {"id": "/id", "started_at": {"pointer": "/t", "format": "%Y-%m-%d %x"}}})"),
        Catch::Contains("fields.started_at.format: \"%Y-%m-%d %x\" has %x"));
}

TEST_CASE("canonical_deduplicated keeps the later copy of each id") {
    // Two overlapping exports in one stream: a, b, then b again (talk 90) and c. Read 4,
    // accepted 3 (a, b with talk 90, c), 1 duplicate.
    std::istringstream in(
        R"({"id":"a","started_at":"2026-01-01T00:00:00Z","talk_seconds":10}
{"id":"b","started_at":"2026-01-01T00:00:00Z","talk_seconds":20}
{"id":"b","started_at":"2026-01-01T00:00:00Z","talk_seconds":90}
{"id":"c","started_at":"2026-01-01T00:00:00Z"}
)");
    std::vector<cskpi::Interaction> kept;
    const auto summary = cskpi::json::read_interactions(
        in, Mapping::canonical_deduplicated(), {},
        [&](cskpi::Interaction&& r) { kept.push_back(std::move(r)); });
    CHECK(summary.read == 4);
    CHECK(summary.accepted == 3);
    CHECK(summary.duplicates == 1);
    REQUIRE(kept.size() == 3);
    CHECK(kept[1].id == "b");
    CHECK(kept[1].talk_seconds == 90.0);
    CHECK(Mapping::canonical_deduplicated().name() == "canonical");
}
