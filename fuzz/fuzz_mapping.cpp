// libFuzzer target: arbitrary bytes as a mapping document. Loading either succeeds or throws
// MappingError; a loaded mapping then decodes fixed records without crashing, both in memory
// and from a stream (whose reader builds its own tables over the mapping's pointer trie),
// which must account for every record.
// One record nests as deep as a record may, so that pointers at the length limit match; the
// other has arrays of objects and arrays for `each` walks to fan out over. The stream holds
// NDJSON lines and then an object stream (pretty-printed and concatenated).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "cskpi/json/reader.hpp"

namespace {

std::string deep_record() {
    std::string open;
    std::string close;
    for (std::size_t i = 1; i < cskpi::json::MappingLimits::pointer_segments; ++i) {
        open += R"("a":{)";
        close += '}';
    }
    return R"({"id":"d","started_at":"2026-01-05T09:00:00Z","customer_id":"c","at":"2026-01-05",)" +
           open + R"("a":"x")" + close + "}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded()) {
        return 0;
    }
    // "s", "d", "w" and "z" are what exports write: a number as text and local timestamps,
    // for from_text and format patterns (the one at "d" in New York's skipped hour).
    static const std::string flat =
        R"({"id":"a","started_at":"2026-01-05T09:00:00Z","a":{"b":[1,{"c":"x"}]},"n":5,"t":true,)"
        R"("p":[{"k":"x","s":[{"v":1},{"v":"2"},{"v":null}]},{"k":"y","s":{"v":2.5}},[[3]]],)"
        R"("s":"35","d":"2025-03-09 02:30:00","w":"03/03/2025 8:02 AM",)"
        R"("z":"02 Nov 2025 01:30:00.5-04:00"})";
    static const std::string deep = deep_record();
    static const auto flat_json = nlohmann::json::parse(flat);
    static const auto deep_json = nlohmann::json::parse(deep);
    try {
        const auto mapping = cskpi::json::Mapping::parse(doc);
        (void)cskpi::json::decode_interaction(flat_json, mapping);
        (void)cskpi::json::decode_interaction(deep_json, mapping);
        // NDJSON; then the same records pretty-printed and concatenated, an object stream.
        const std::pair<std::string, std::uint64_t> inputs[] = {
            {flat + "\n" + deep + "\n", 2}, {flat_json.dump(2) + flat + deep, 3}};
        for (const auto& [text, records] : inputs) {
            std::istringstream in(text);
            const cskpi::json::ReadOptions options{.max_errors = 4};
            const auto s = mapping.kind() == cskpi::json::RecordKind::interaction
                               ? cskpi::json::read_interactions(
                                     in, mapping, options, [](cskpi::Interaction&&) {}, "fuzz")
                               : cskpi::json::read_purchases(
                                     in, mapping, options, [](cskpi::Purchase&&) {}, "fuzz");
            if (s.read != s.accepted + s.rejected + s.duplicates || s.read != records) {
                std::abort();
            }
        }
    } catch (const cskpi::json::MappingError&) {
    }
    return 0;
}
