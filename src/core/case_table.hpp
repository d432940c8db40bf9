#pragma once
// The state FCR mode `case` keeps: one compact entry per case with a handled contact.
//
// Every handled contact looks its case up in a table that, on a large input, is far bigger
// than the caches, and every case costs fresh memory, which is slow to fault in on a virtual
// machine (see paged_bytes.hpp). So the table is built for few bytes per case:
// - 8-byte probe slots (a hash tag and an entry number), probed linearly, at most half full,
//   homed by the hash's top bits so growing is one ordered pass; a lookup is usually one cache
//   line, which the caller can prefetch (`prefetch`);
// - 32-byte entries in insertion order, so recent cases (the ones repeat contacts touch)
//   stay in cache;
// - the case key and the first contact's id copied once into a string arena, each behind a
//   4-byte length.
// About 80 bytes per case in all, in storage committed in large steps. Exact: keys are
// compared in full, never trusted to a hash.
// Internal: not part of the public API.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/records.hpp"
#include "string_arena.hpp"

namespace cskpi::detail {

/// One case: its first handled contact (by started_at, then id) and what FCR needs.
struct CaseEntry {
    std::int64_t first_at_ms;
    std::uint64_t key_at;       // arena offset of the case key
    std::uint64_t first_id_at;  // arena offset of the first handled contact's id
    std::uint32_t group;        // the report group of the first handled contact
    std::uint8_t handled;       // handled contacts, saturating at 2 (FCR needs "one")
    bool first_resolved;        // the first handled contact carries resolved = true
    bool has_resolution_flag;   // some handled contact carries `resolved`
};
static_assert(sizeof(CaseEntry) == 32);

/// The handled contacts of every case, reduced to one CaseEntry per case; mergeable.
class CaseTable {
  public:
    /// The hash `add_contact` and `prefetch` take, computed once per record.
    [[nodiscard]] static std::uint64_t hash(std::string_view case_key) noexcept;

    /// Starts loading the probe slot of `hash`, so a later `add_contact` finds it in cache.
    void prefetch(std::uint64_t hash) const noexcept;

    /// Starts loading the entry the probe slot of `hash` points to, when that slot has
    /// already arrived in cache (after `prefetch`) and its tag matches.
    void prefetch_entry(std::uint64_t hash) const noexcept;

    /// Starts loading the case key of that entry (after `prefetch_entry`), for the compare.
    void prefetch_key(std::uint64_t hash) const noexcept;

    /// Records one handled contact of the case `case_key` (whose hash is `hash`).
    void add_contact(std::string_view case_key, std::uint64_t hash, Timestamp started_at,
                     std::string_view id, std::uint32_t group, std::optional<bool> resolved);

    /// Adds the cases of `other`, whose group numbers translate through `group_of_other`.
    void merge(const CaseTable& other, std::span<const std::uint32_t> group_of_other);

    /// The bytes of storage held: probe slots, entries and string arena (capacities).
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return slot_bytes_.capacity() + entry_bytes_.capacity() + arena_.memory_bytes();
    }

    /// Calls `visit(const CaseEntry&)` for every case, in first-seen order.
    template <typename Visit>
    void for_each(Visit&& visit) const {
        for (std::size_t i = 0; i < size_; ++i) {
            visit(entries()[i]);
        }
    }

  private:
    // The text of a key or id offset of an entry.
    [[nodiscard]] std::string_view text(std::uint64_t at) const noexcept { return arena_.text(at); }
    [[nodiscard]] CaseEntry* entries() noexcept {
        return reinterpret_cast<CaseEntry*>(entry_bytes_.data());
    }
    [[nodiscard]] const CaseEntry* entries() const noexcept {
        return reinterpret_cast<const CaseEntry*>(entry_bytes_.data());
    }
    [[nodiscard]] std::uint64_t* slots() noexcept {
        return reinterpret_cast<std::uint64_t*>(slot_bytes_.data());
    }
    // The probe start: the top bits of the hash (see grow()).
    [[nodiscard]] std::size_t home(std::uint64_t hash) const noexcept {
        return static_cast<std::size_t>(hash >> 32) >> shift_;
    }
    // The entry the home slot of `hash` points to when its tag matches, else null: the
    // likely entry of the case, for the prefetch stages.
    [[nodiscard]] const CaseEntry* first_candidate(std::uint64_t hash) const noexcept;
    // Folds into `c` (new when `inserted`) contacts of its case: the earliest of them at `at`
    // with `id`, in `group`, resolved or not, `handled` handled contacts in all, one of them
    // carrying `resolved` when `has_resolution_flag`. One contact when adding, another
    // table's entry when merging.
    void absorb(CaseEntry& c, bool inserted, std::string_view case_key, std::int64_t at,
                std::string_view id, std::uint32_t group, bool resolved, std::uint8_t handled,
                bool has_resolution_flag);
    // The entry of `case_key`; a new one (only its key set) when absent.
    CaseEntry& find_or_insert(std::string_view case_key, std::uint64_t hash, bool& inserted);
    void grow();

    PagedBytes slot_bytes_;  // (tag << 32) | (entry + 1); 0 when empty
    std::size_t mask_ = 0;   // slot count - 1
    unsigned shift_ = 32;    // 32 - log2(slot count)
    PagedBytes entry_bytes_;
    std::size_t size_ = 0;
    StringArena arena_;
};

}  // namespace cskpi::detail
