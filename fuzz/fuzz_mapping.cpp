// libFuzzer target: arbitrary bytes as a mapping document. Loading either succeeds or throws
// MappingError; a loaded mapping then decodes a fixed record without crashing.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cskpi/json/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
    if (doc.is_discarded()) {
        return 0;
    }
    try {
        const auto mapping = cskpi::json::Mapping::parse(doc);
        static const auto record = nlohmann::json::parse(
            R"({"id":"a","started_at":"2026-01-05T09:00:00Z","a":{"b":[1,{"c":"x"}]},"n":5,"t":true})");
        (void)cskpi::json::decode_interaction(record, mapping);
    } catch (const cskpi::json::MappingError&) {
    }
    return 0;
}
