#pragma once
// An open-addressing hash map from strings to values for the report engine's large tables
// (one entry per case): entries live in one vector in insertion order, and the probe array
// holds a hash tag next to each entry index, so a lookup touches the probe array once and an
// entry only when the tags match. No node allocations. Internal: not part of the public API.

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cskpi::detail {

template <typename Value>
class FlatStringMap {
  public:
    using Entry = std::pair<std::string, Value>;

    /// The entry of `key`, inserted with `make()` when absent; `inserted` says which.
    template <typename Make>
    Entry& find_or_insert(std::string_view key, Make&& make, bool& inserted) {
        if ((entries_.size() + 1) * 2 > slots_.size()) {
            grow();
        }
        const std::uint64_t h = hash(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32) | 1U;  // 0 marks an empty slot
        std::size_t i = static_cast<std::size_t>(h) & mask_;
        while (true) {
            Slot& s = slots_[i];
            if (s.tag == 0) {
                s.tag = tag;
                s.index = static_cast<std::uint32_t>(entries_.size());
                entries_.emplace_back(std::string(key), make());
                inserted = true;
                return entries_.back();
            }
            if (s.tag == tag && entries_[s.index].first == key) {
                inserted = false;
                return entries_[s.index];
            }
            i = (i + 1) & mask_;
        }
    }

    [[nodiscard]] const std::deque<Entry>& entries() const noexcept { return entries_; }
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

  private:
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t index = 0;
    };

    static std::uint64_t hash(std::string_view key) noexcept {
        // std::hash spreads the bits; one more multiply keeps the low bits (the probe start)
        // and the high bits (the tag) independent.
        return static_cast<std::uint64_t>(std::hash<std::string_view>{}(key)) *
               0x9E3779B97F4A7C15ULL;
    }

    void grow() {
        const std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (std::size_t e = 0; e < entries_.size(); ++e) {
            const std::uint64_t h = hash(entries_[e].first);
            std::size_t i = static_cast<std::size_t>(h) & mask_;
            while (slots_[i].tag != 0) {
                i = (i + 1) & mask_;
            }
            slots_[i] =
                Slot{static_cast<std::uint32_t>(h >> 32) | 1U, static_cast<std::uint32_t>(e)};
        }
    }

    std::vector<Slot> slots_;
    std::deque<Entry> entries_;  // a deque: growing never moves the entries
    std::size_t mask_ = 0;
};

}  // namespace cskpi::detail
