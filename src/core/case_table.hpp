#pragma once
// The state FCR mode `case` keeps: one compact entry per case with a handled contact.
//
// Every handled contact looks its case up in a table that, on a large input, is far bigger
// than the caches, and every case costs fresh memory, which is slow to fault in on a virtual
// machine (see paged_bytes.hpp). So the table is built for few bytes per case:
// - 8-byte probe slots (a hash tag and an entry number), probed linearly, at most half full,
//   homed by the hash's top bits so growing is one ordered pass; a lookup is usually one cache
//   line, which the caller can prefetch (`prefetch`);
// - 24-byte entries in insertion order, so recent cases (the ones repeat contacts touch)
//   stay in cache;
// - the case key and the first contact's id copied once into a string arena, each behind a
//   one-byte length (short ids).
// The bytes per case this comes to are stated once, in docs/performance.md. Storage is
// committed in large steps. Exact: keys are compared in full, never trusted to a hash.
// Internal: not part of the public API.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/records.hpp"
#include "group_order.hpp"
#include "intern_table.hpp"
#include "platform.hpp"
#include "string_arena.hpp"

namespace cskpi::detail {

/// One case: its first handled contact (by started_at, then id) and what FCR needs, in 24
/// bytes: the two arena offsets have 40 bits each (a terabyte of keys and ids).
struct CaseEntry {
    static constexpr std::uint64_t kMaxOffset = (std::uint64_t{1} << 40) - 1;

    std::int64_t first_at_ms;
    std::uint32_t group;  // the report group of the first handled contact
    std::uint32_t key_low;
    std::uint32_t first_id_low;
    std::uint8_t key_high;
    std::uint8_t first_id_high;
    std::uint8_t handled;  // handled contacts, saturating at 2 (FCR needs "one")
    std::uint8_t flags;

    /// The arena offset of the case key.
    [[nodiscard]] std::uint64_t key_at() const noexcept { return joined(key_low, key_high); }
    void set_key_at(std::uint64_t at) noexcept { split(at, key_low, key_high); }
    /// The arena offset of the first handled contact's id.
    [[nodiscard]] std::uint64_t first_id_at() const noexcept {
        return joined(first_id_low, first_id_high);
    }
    void set_first_id_at(std::uint64_t at) noexcept { split(at, first_id_low, first_id_high); }
    /// The first handled contact carries resolved = true.
    [[nodiscard]] bool first_resolved() const noexcept { return (flags & kFirstResolved) != 0; }
    void set_first_resolved(bool on) noexcept { set(kFirstResolved, on); }
    /// Some handled contact carries `resolved`.
    [[nodiscard]] bool has_resolution_flag() const noexcept {
        return (flags & kHasResolutionFlag) != 0;
    }
    void set_has_resolution_flag(bool on) noexcept { set(kHasResolutionFlag, on); }
    /// While a batch's cases fold straight into an adopted table (CaseTable::adopt_keys), the
    /// batch row of the first contact, in place of its id's offset until
    /// CaseTable::store_pending_ids stores the id.
    [[nodiscard]] std::uint32_t pending_row() const noexcept { return first_id_low; }
    void set_pending_row(std::uint32_t row) noexcept { first_id_low = row; }

  private:
    static constexpr std::uint8_t kFirstResolved = 1;
    static constexpr std::uint8_t kHasResolutionFlag = 2;
    static std::uint64_t joined(std::uint32_t low, std::uint8_t high) noexcept {
        return low | (std::uint64_t{high} << 32);
    }
    static void split(std::uint64_t at, std::uint32_t& low, std::uint8_t& high) noexcept {
        low = static_cast<std::uint32_t>(at);
        high = static_cast<std::uint8_t>(at >> 32);
    }
    void set(std::uint8_t bit, bool on) noexcept {
        flags = static_cast<std::uint8_t>(on ? flags | bit : flags & ~bit);
    }
};
static_assert(sizeof(CaseEntry) == 24);

/// Where a contact falls against a case's first contact so far, in the order of docs/kpis.md,
/// "FCR modes" (started_at, then id): before it, a copy of it (same time and id), or after it.
/// `first_id()` gives the first contact's id, called only when the times tie.
enum class ContactOrder { earlier, copy, later };
template <typename FirstId>
[[nodiscard]] ContactOrder order_against_first(std::int64_t at, std::string_view id,
                                               std::int64_t first_at, FirstId first_id) {
    if (at != first_at) {
        return at < first_at ? ContactOrder::earlier : ContactOrder::later;
    }
    const std::string_view current = first_id();
    if (id == current) {
        return ContactOrder::copy;
    }
    return id < current ? ContactOrder::earlier : ContactOrder::later;
}

/// Some handled contacts of one case, reduced: the earliest of them, its group and resolution,
/// how many there were (saturating at 2), and whether one carried `resolved`. What folding
/// them into a table needs, whether they come from another table or from a batch.
struct CaseSummary {
    std::string_view key;
    std::int64_t first_at_ms;
    std::string_view first_id;
    std::uint32_t group;
    std::uint8_t handled;
    bool first_resolved;
    bool has_resolution_flag;
};

/// The one rule by which a case's reduction `c` takes in more of the case's handled contacts
/// (one contact, or another reduction), `x`: the earliest contact (by started_at, then id)
/// stays first, with its group and resolution; of copies of it (same time and id),
/// the one in the smaller group gives the case its group, and the resolution is theirs
/// or-ed, whatever order they come in (copies make two handled contacts, so the case is no
/// first-contact resolution either way); handled contacts saturate at 2. `Case` has fields
/// `handled` and `group` and CaseEntry's flag accessors; where its first contact is stored
/// is the caller's: `first_at()` and `first_id()` read it (`first_id` only when the times
/// tie), `take_first()` makes `x`'s first contact the case's.
template <typename Case, typename FirstAt, typename FirstId, typename TakeFirst>
void fold_into_case(Case& c, const CaseSummary& x, const GroupOrder& group_order, FirstAt first_at,
                    FirstId first_id, TakeFirst take_first) {
    bool first = c.handled == 0;  // no handled contact yet: a new case
    if (!first) {
        const auto order = order_against_first(x.first_at_ms, x.first_id, first_at(), first_id);
        first = order == ContactOrder::earlier;
        if (order == ContactOrder::copy) {
            c.set_first_resolved(c.first_resolved() || x.first_resolved);
            if (x.group != c.group && group_order.less(x.group, c.group)) {
                c.group = x.group;
            }
        }
    }
    if (first) {
        take_first();
        c.group = x.group;
        c.set_first_resolved(x.first_resolved);
    }
    c.handled = static_cast<std::uint8_t>(std::min(c.handled + x.handled, 2));
    c.set_has_resolution_flag(c.has_resolution_flag() || x.has_resolution_flag);
}

/// The first contact's id of an adopted case, from its pending row: the id, and whether it is
/// the case key itself (the contact had no case_id), whose stored copy then serves. (An id
/// equal to its case_id is stored again: the same text, for the same compares.)
struct PendingId {
    std::string_view id;
    bool is_key;
};

/// The handled contacts of every case, reduced to one CaseEntry per case; mergeable.
class CaseTable {
  public:
    /// The hash `add_contact` and `prefetch` take, computed once per record.
    [[nodiscard]] static std::uint64_t hash(std::string_view case_key) noexcept {
        return InternTable::hash(case_key);
    }

    /// Starts loading the probe slot of `hash`, so a later `add_contact` finds it in cache.
    void prefetch(std::uint64_t hash) const noexcept {
        if (mask_ != 0) {
            prefetch_read(slot_bytes_.data() + home(hash) * sizeof(std::uint64_t));
        }
    }

    /// Starts loading the entry the probe slot of `hash` points to, when that slot has
    /// already arrived in cache (after `prefetch`) and its tag matches.
    void prefetch_entry(std::uint64_t hash) const noexcept;

    /// Starts loading the case key of that entry (after `prefetch_entry`), for the compare.
    void prefetch_key(std::uint64_t hash) const noexcept;

    /// Records one handled contact of the case `case_key` (whose hash is `hash`).
    void add_contact(std::string_view case_key, std::uint64_t hash, Timestamp started_at,
                     std::string_view id, std::uint32_t group, std::optional<bool> resolved,
                     const GroupOrder& order);

    /// Adds the cases of `other`, whose group numbers translate through `group_of_other`.
    void merge(const CaseTable& other, std::span<const std::uint32_t> group_of_other,
               const GroupOrder& order);

    /// Folds in `summary_at(i)` (a CaseSummary) for each i below `count`, as adding their
    /// contacts would; summaries of no handled contact are skipped. On an empty table, the probe
    /// slots are sized for `count` cases first.
    template <typename SummaryAt>
    void add_cases(std::size_t count, SummaryAt summary_at, const GroupOrder& order);

    /// No case yet.
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    // Sizes an empty table's slots for `cases` cases at once, not doubling step by step (and
    // not again while still empty).
    void reserve(std::size_t cases) {
        if (size_ == 0 && (std::min(cases, kMaxCases) + 1) * 2 > mask_ + 1) {
            grow(cases);
        }
    }

    /// Makes this empty table hold one entry per value of `keys` (a batch's case dictionary),
    /// entry i for value i, none with a handled contact yet. The dictionary's values are
    /// distinct, so no key is probed for or compared, and the entries are written in one pass.
    /// The probe slots are built only on the first lookup (`index_entries`): a report over one
    /// batch never looks a case up, and so neither holds nor fills slots for its cases (a
    /// quarter of the table). The caller folds contacts into `entry(i)` with the first contact's
    /// batch row as a pending row, then stores the first ids with `store_pending_ids` (or, after a
    /// failure, `drop_pending_rows`). Leaves the table empty when it throws.
    ///
    ///     table.adopt_keys(batch_case_dictionary);
    ///     table.entry(code).set_pending_row(row);  // (through fold_into_case)
    ///     table.store_pending_ids([&](std::uint32_t row) { return PendingId{id, is_key}; });
    void adopt_keys(const InternTable& keys);

    /// Entry `i` (in first-seen order; below the number of cases).
    [[nodiscard]] CaseEntry& entry(std::size_t i) noexcept { return entries()[i]; }

    /// Stores the first contact's id of every entry with a handled contact in place of its
    /// pending row; `id_of(row)` gives the PendingId of a batch row. When a store throws, the
    /// entries not stored yet are dropped (`drop_pending_rows`) before it propagates.
    template <typename IdOfRow>
    void store_pending_ids(IdOfRow id_of);

    /// Points the first id of every entry from `from` on that has a pending row at its key,
    /// in place of a row an exception left unstored: the table stays safe to read (such an
    /// entry's tie-break by id is then against its key), as add's basic guarantee promises.
    void drop_pending_rows(std::size_t from = 0) noexcept;

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

    // Visits each case with a handled contact as a CaseSummary (key and first id included).
    template <typename Visit>
    void for_each_case(Visit&& visit) const {
        for (std::size_t i = 0; i < size_; ++i) {
            const CaseEntry& c = entries()[i];
            if (c.handled != 0) {
                visit(CaseSummary{.key = text(c.key_at()),
                                  .first_at_ms = c.first_at_ms,
                                  .first_id = text(c.first_id_at()),
                                  .group = c.group,
                                  .handled = c.handled,
                                  .first_resolved = c.first_resolved(),
                                  .has_resolution_flag = c.has_resolution_flag()});
            }
        }
    }

  private:
    // Slots hold 32-bit tags that must carry the home index: at most 2^32 slots, half full.
    static constexpr std::size_t kMaxCases = (std::size_t{1} << 31) - 1;

    // Copies `s` into the arena; throws past the entries' 40-bit offsets.
    std::uint64_t store(std::string_view s, const char* field);
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
    // Folds into `c` (new when it has no handled contact yet) contacts of its case: the earliest of
    // them at `at` with `id`, in `group`, resolved or not, `handled` handled contacts in all, one
    // of them carrying `resolved` when `has_resolution_flag`. One contact when adding, another
    // table's entry when merging.
    void absorb(CaseEntry& c, const CaseSummary& x, const GroupOrder& order);
    // The entry of `case_key`; a new one (only its key set) when absent.
    CaseEntry& find_or_insert(std::string_view case_key, std::uint64_t hash);
    // Builds the probe slots of an adopted table's entries (which has none until a lookup).
    void index_entries();
    // Doubles the probe slots, or sizes them for `cases` on an empty table.
    void grow(std::size_t cases = 0);

    PagedBytes slot_bytes_;  // (tag << 32) | (entry + 1); 0 when empty
    std::size_t mask_ = 0;   // slot count - 1; 0: no slots (empty, or adopted and not indexed)
    unsigned shift_ = 32;    // 32 - log2(slot count)
    PagedBytes entry_bytes_;
    std::size_t size_ = 0;
    StringArena arena_;
};

template <typename SummaryAt>
void CaseTable::add_cases(std::size_t count, SummaryAt summary_at, const GroupOrder& order) {
    reserve(count);
    // The overlap of the report's add pipeline: the slot of the case kAhead places on is being
    // loaded while this one is folded in. (A growth midway only wastes the prefetches in
    // flight: the ring holds hashes, not slot positions.)
    constexpr std::size_t kAhead = 16;  // a power of two: the ring of hashes below
    std::array<std::uint64_t, kAhead> ahead{};
    for (std::size_t i = 0; i < std::min(kAhead, count); ++i) {
        ahead[i] = hash(summary_at(i).key);
        prefetch(ahead[i]);
    }
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t h = ahead[i % kAhead];
        if (i + kAhead < count) {
            ahead[i % kAhead] = hash(summary_at(i + kAhead).key);
            prefetch(ahead[i % kAhead]);
        }
        const CaseSummary s = summary_at(i);
        if (s.handled == 0) {
            continue;
        }
        CaseEntry& c = find_or_insert(s.key, h);
        absorb(c, s, order);
    }
}

template <typename IdOfRow>
void CaseTable::store_pending_ids(IdOfRow id_of) {
    std::size_t i = 0;
    try {
        for (; i < size_; ++i) {
            CaseEntry& c = entries()[i];
            if (c.handled != 0) {
                const PendingId first = id_of(c.pending_row());
                c.set_first_id_at(first.is_key ? c.key_at() : store(first.id, "id"));
            }
        }
    } catch (...) {
        drop_pending_rows(i);
        throw;
    }
}

}  // namespace cskpi::detail
