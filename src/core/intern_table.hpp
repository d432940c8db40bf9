#pragma once
// Dense numbers for distinct strings: the values of a report's grouping dimensions (agents,
// queues: thousands at most, cache resident), a window report's customers, and the
// dictionaries of an InteractionBatch's text columns (cases and customers: millions, so
// lookups can be prefetched). Open addressing, linear probing, at most half full.
// Internal: not part of the public API.

#include <bit>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/error.hpp"
#include "platform.hpp"

namespace cskpi::detail {

/// string -> dense id (0, 1, 2, ... in first-seen order) and back.
class InternTable {
  public:
    /// The hash `intern` and `prefetch` take (the case table's: computed once, used by both).
    [[nodiscard]] static std::uint64_t hash(std::string_view value) noexcept {
        return static_cast<std::uint64_t>(std::hash<std::string_view>{}(value)) *
               0x9E3779B97F4A7C15ULL;
    }

    /// The id of `value`, a new one when it is first seen.
    std::uint32_t intern(std::string_view value) { return intern(value, hash(value)); }

    /// The same, with `value`'s hash computed ahead (to prefetch with).
    std::uint32_t intern(std::string_view value, std::uint64_t h) {
        if ((values_.size() + 1) * 2 > slots_.size()) {
            grow();
        }
        const auto tag = h >> 32;
        std::size_t i = home(h);
        while (slots_[i] != 0) {
            if ((slots_[i] >> 32) == tag) {
                const auto id = static_cast<std::uint32_t>((slots_[i] & 0xFFFFFFFFU) - 1);
                if (values_[id] == value) {
                    return id;
                }
            }
            i = (i + 1) & (slots_.size() - 1);
        }
        if (values_.size() >= kMaxValues) {
            throw InvalidArgument("InternTable", "value", "2^31 distinct values",
                                  "is more than one column or dimension holds");
        }
        const auto id = static_cast<std::uint32_t>(values_.size());
        values_.emplace_back(value);
        slots_[i] = (tag << 32) | (std::uint64_t{id} + 1);
        return id;
    }

    /// Starts loading the probe slot of `h`: a table of millions of values (cases, customers)
    /// misses the caches on every lookup.
    void prefetch(std::uint64_t h) const noexcept {
        if (!slots_.empty()) {
            prefetch_read(&slots_[home(h)]);
        }
    }

    /// Starts loading the value the probe slot of `h` names, once that slot is in cache (after
    /// `prefetch`) and its tag matches: the compare's miss.
    void prefetch_value(std::uint64_t h) const noexcept {
        if (slots_.empty()) {
            return;
        }
        // The first few slots of the probe sequence (at most half the slots are taken, so
        // the value is rarely further on).
        std::size_t i = home(h);
        for (int probe = 0; probe < 4; ++probe) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                return;
            }
            if ((slot >> 32) == (h >> 32)) {
                prefetch_read(&values_[(slot & 0xFFFFFFFFU) - 1]);
                return;
            }
            i = (i + 1) & (slots_.size() - 1);
        }
    }

    /// Removes the value interned last (when an append that interned it fails part way).
    /// Safe with linear probing: no value was placed after it, so no probe passes its slot.
    void pop_back() noexcept {
        if (values_.empty()) {
            return;
        }
        const std::uint64_t last = values_.size();  // its slot holds id + 1
        std::size_t i = home(hash(values_.back()));
        while ((slots_[i] & 0xFFFFFFFFU) != last) {
            i = (i + 1) & (slots_.size() - 1);
        }
        slots_[i] = 0;
        values_.pop_back();
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
    // Slots hold 32-bit tags that must carry the home index: at most 2^32 slots, half full.
    static constexpr std::size_t kMaxValues = (std::size_t{1} << 31) - 1;

    // The probe start: the top bits of the hash, which the slot's tag holds, so growing is
    // one ordered pass over the old slots that hashes no value again.
    [[nodiscard]] std::size_t home(std::uint64_t h) const noexcept {
        return static_cast<std::size_t>(h >> 32) >> shift_;
    }

    void grow() {
        std::vector<std::uint64_t> bigger(slots_.empty() ? 64 : slots_.size() * 2, 0);
        shift_ = 32 - static_cast<unsigned>(std::countr_zero(bigger.size()));
        for (const std::uint64_t slot : slots_) {
            if (slot != 0) {
                std::size_t i = static_cast<std::size_t>(slot >> 32) >> shift_;
                while (bigger[i] != 0) {
                    i = (i + 1) & (bigger.size() - 1);
                }
                bigger[i] = slot;
            }
        }
        slots_.swap(bigger);
    }

    std::vector<std::uint64_t> slots_;  // (tag << 32) | (id + 1); 0 when empty
    unsigned shift_ = 32;               // 32 - log2(slot count)
    std::vector<std::string> values_;
};

}  // namespace cskpi::detail
