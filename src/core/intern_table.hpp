#pragma once
// Dense numbers for the values of a grouping dimension, and the report groups they form.
// Both tables are small (agents, queues, periods: thousands at most) and looked up once per
// record, so they are open-addressing arrays that stay in the first-level cache.
// Internal: not part of the public API.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cskpi::detail {

/// string -> dense id (0, 1, 2, ... in first-seen order) and back.
class InternTable {
  public:
    /// The id of `value`, a new one when it is first seen.
    std::uint32_t intern(std::string_view value) {
        if ((values_.size() + 1) * 2 > slots_.size()) {
            grow();
        }
        const std::uint64_t h = hash(value);
        const auto tag = h >> 32;
        std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);
        while (slots_[i] != 0) {
            if ((slots_[i] >> 32) == tag) {
                const auto id = static_cast<std::uint32_t>((slots_[i] & 0xFFFFFFFFU) - 1);
                if (values_[id] == value) {
                    return id;
                }
            }
            i = (i + 1) & (slots_.size() - 1);
        }
        const auto id = static_cast<std::uint32_t>(values_.size());
        values_.emplace_back(value);
        slots_[i] = (tag << 32) | (std::uint64_t{id} + 1);
        return id;
    }

    [[nodiscard]] const std::string& value(std::uint32_t id) const noexcept { return values_[id]; }
    [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }

    /// The bytes of storage held (slots, strings and their heap buffers beyond the
    /// small-string buffer).
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes =
            slots_.capacity() * sizeof(std::uint64_t) + values_.capacity() * sizeof(std::string);
        const std::size_t inline_capacity = std::string().capacity();
        for (const auto& v : values_) {
            bytes += v.capacity() > inline_capacity ? v.capacity() + 1 : 0;
        }
        return bytes;
    }

  private:
    static std::uint64_t hash(std::string_view value) noexcept {
        return static_cast<std::uint64_t>(std::hash<std::string_view>{}(value)) *
               0x9E3779B97F4A7C15ULL;
    }

    void grow() {
        std::vector<std::uint64_t> bigger(slots_.empty() ? 64 : slots_.size() * 2, 0);
        for (std::size_t id = 0; id < values_.size(); ++id) {
            const std::uint64_t h = hash(values_[id]);
            std::size_t i = static_cast<std::size_t>(h) & (bigger.size() - 1);
            while (bigger[i] != 0) {
                i = (i + 1) & (bigger.size() - 1);
            }
            bigger[i] = ((h >> 32) << 32) | (id + 1);
        }
        slots_.swap(bigger);
    }

    std::vector<std::uint64_t> slots_;  // (tag << 32) | (id + 1); 0 when empty
    std::vector<std::string> values_;
};

}  // namespace cskpi::detail
