// libFuzzer target: arbitrary bytes as a CSV input, through the canonical mapping and through
// a mapping with units, maps and conditions on named columns. Checks the accounting invariant
// on every input; crashes and sanitizer reports are the fuzzer's findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cskpi/json/reader.hpp"

namespace {

void read_as_csv(const std::string& text, const cskpi::json::Mapping& mapping) {
    std::istringstream in(text);
    cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
    const auto s = cskpi::json::read_interactions(
        in, mapping,
        {.max_errors = 4, .max_record_bytes = 1 << 12, .format = cskpi::json::InputFormat::csv},
        [&](cskpi::Interaction&& r) { acc.add(r); }, "fuzz.csv");
    if (s.read != s.accepted + s.rejected + s.duplicates || acc.records() != s.accepted) {
        std::abort();
    }
    (void)acc.report();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto canonical = cskpi::json::Mapping::canonical();
    static const auto mapped = cskpi::json::Mapping::parse(nlohmann::json::parse(R"({"fields": {
        "id": "/Contact ID",
        "started_at": {"pointer": "/Start", "format": "epoch_ms"},
        "agent_id": "/Agent",
        "talk_seconds": {"pointer": "/Talk", "unit": "min"},
        "channel": {"pointer": "/Medium", "map": {"VOICE": "phone", "1": "chat"},
                    "default": "other"},
        "abandoned": {"when": {"pointer": "/Agents", "eq": 0}},
        "resolved": {"when": {"pointer": "/Status", "eq": "done"}}},
      "dedupe": {"key": "/Contact ID", "keep_greatest": "/Version"}})"));
    const std::string text(reinterpret_cast<const char*>(data), size);
    read_as_csv(text, canonical);
    read_as_csv(text, mapped);
    return 0;
}
