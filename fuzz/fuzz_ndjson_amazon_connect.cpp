// libFuzzer target: arbitrary bytes through the amazon-connect preset (nested pointers,
// enum maps, presence conditions and de-duplication).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "cskpi/json/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto mapping = cskpi::json::Mapping::preset("amazon-connect");
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::uint64_t seen = 0;
    const auto s = cskpi::json::read_interactions(
        in, mapping, {.max_errors = 4, .max_record_bytes = 1 << 16},
        [&](cskpi::Interaction&&) { ++seen; }, "fuzz");
    if (s.read != s.accepted + s.rejected + s.duplicates || seen != s.accepted) {
        std::abort();
    }
    return 0;
}
