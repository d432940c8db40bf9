#pragma once
// Strings kept by the report engine's large tables (case keys, contact ids): appended once
// into one growing buffer, each behind its length (one byte below 255, else five), and named
// by their offset. No allocation or 32-byte std::string per string, and the bytes sit in
// PagedBytes storage, committed in large steps. Internal: not part of the public API.

#include <cstddef>
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
        const std::size_t prefix = size < kLongString ? 1 : 1 + sizeof size;
        const std::uint64_t at = used_;
        bytes_.reserve(at + prefix + size);
        std::byte* out = bytes_.data() + at;
        if (size < kLongString) {
            out[0] = static_cast<std::byte>(size);
        } else {
            out[0] = static_cast<std::byte>(kLongString);
            std::memcpy(out + 1, &size, sizeof size);
        }
        if (size != 0) {
            std::memcpy(out + prefix, s.data(), size);
        }
        used_ = at + prefix + size;
        return at;
    }

    /// The string stored at `at`.
    [[nodiscard]] std::string_view text(std::uint64_t at) const noexcept {
        const std::byte* in = bytes_.data() + at;
        std::uint32_t size = std::to_integer<std::uint32_t>(in[0]);
        std::size_t prefix = 1;
        if (size == kLongString) {
            std::memcpy(&size, in + 1, sizeof size);
            prefix += sizeof size;
        }
        return {reinterpret_cast<const char*>(in + prefix), size};
    }

    /// Where the string at `at` starts in memory, for a prefetch.
    [[nodiscard]] const std::byte* address(std::uint64_t at) const noexcept {
        return bytes_.data() + at;
    }

    /// The bytes of storage held.
    [[nodiscard]] std::size_t memory_bytes() const noexcept { return bytes_.capacity(); }

  private:
    // Lengths below this take one byte; longer strings this byte and a 4-byte length.
    static constexpr std::uint32_t kLongString = 255;

    PagedBytes bytes_;
    std::uint64_t used_ = 0;
};

}  // namespace cskpi::detail
