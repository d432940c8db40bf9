// libFuzzer target: arbitrary bytes as an NDJSON / JSON-array input through the canonical
// mapping. Checks the accounting invariant on every input; crashes and sanitizer reports are
// the fuzzer's findings.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cskpi/json/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto mapping = cskpi::json::Mapping::canonical();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
    const auto s = cskpi::json::read_interactions(
        in, mapping, {.max_errors = 4, .max_record_bytes = 1 << 16},
        [&](cskpi::Interaction&& r) { acc.add(r); }, "fuzz");
    if (s.read != s.accepted + s.rejected + s.duplicates || acc.records() != s.accepted) {
        std::abort();
    }
    (void)acc.report();
    return 0;
}
