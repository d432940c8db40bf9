#pragma once
// Strings kept by the report engine's large tables (case keys, contact ids): appended once
// into one growing buffer, each behind a 4-byte length, and named by their offset. No
// allocation or 32-byte std::string per string, and the bytes sit in PagedBytes storage,
// committed in large steps. Internal: not part of the public API.

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/error.hpp"

namespace cskpi::detail {

/// Append-only strings named by offset.
class StringArena {
  public:
    /// Copies `s` in and returns its offset. Throws InvalidArgument naming `field` for a
    /// string of 4 GiB or more.
    std::uint64_t store(std::string_view s, const char* field) {
        if (s.size() > std::numeric_limits<std::uint32_t>::max()) {
            throw InvalidArgument("ReportAccumulator::add", field, "a string of 4 GiB or more",
                                  "is too long for the report's tables");
        }
        const auto size = static_cast<std::uint32_t>(s.size());
        const std::uint64_t at = used_;
        bytes_.reserve(at + sizeof size + size);
        std::memcpy(bytes_.data() + at, &size, sizeof size);
        if (size != 0) {
            std::memcpy(bytes_.data() + at + sizeof size, s.data(), size);
        }
        used_ = at + sizeof size + size;
        return at;
    }

    /// The string stored at `at`.
    [[nodiscard]] std::string_view text(std::uint64_t at) const noexcept {
        std::uint32_t size = 0;
        std::memcpy(&size, bytes_.data() + at, sizeof size);
        return {reinterpret_cast<const char*>(bytes_.data() + at + sizeof size), size};
    }

    /// Where the string at `at` starts in memory, for a prefetch.
    [[nodiscard]] const std::byte* address(std::uint64_t at) const noexcept {
        return bytes_.data() + at;
    }

    /// The bytes of storage held.
    [[nodiscard]] std::size_t memory_bytes() const noexcept { return bytes_.capacity(); }

  private:
    PagedBytes bytes_;
    std::uint64_t used_ = 0;
};

}  // namespace cskpi::detail
