#include "case_table.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>

#include "cskpi/error.hpp"

namespace cskpi::detail {
namespace {

constexpr std::size_t kFirstSlots = std::size_t{1} << 10;

}  // namespace

std::uint64_t CaseTable::store(std::string_view s, const char* field) {
    const std::uint64_t at = arena_.store(s, field);
    if (at > CaseEntry::kMaxOffset) {
        throw InvalidArgument("ReportAccumulator::add", field, "a terabyte of case keys and ids",
                              "is more than one accumulator holds; split the input and merge");
    }
    return at;
}

const CaseEntry* CaseTable::first_candidate(std::uint64_t h) const noexcept {
    if (mask_ == 0) {
        return nullptr;
    }
    std::uint64_t slot = 0;
    std::memcpy(&slot, slot_bytes_.data() + home(h) * sizeof slot, sizeof slot);
    if (slot == 0 || (slot >> 32) != (h >> 32)) {
        return nullptr;
    }
    return entries() + ((slot & 0xFFFFFFFFU) - 1);
}

void CaseTable::prefetch_entry(std::uint64_t h) const noexcept {
    if (const CaseEntry* c = first_candidate(h)) {
        prefetch_read(c);
    }
}

void CaseTable::prefetch_key(std::uint64_t h) const noexcept {
    if (const CaseEntry* c = first_candidate(h)) {
        prefetch_read(arena_.address(c->key_at()));
    }
}

void CaseTable::index_entries() {
    grow(size_);  // no slots yet: sized for the entries, none to move
    // The keys are distinct (a dictionary's values), so each entry takes the first free slot
    // from its home without a compare. The keys are read in order; the slots are random, so
    // the home of the entry kAhead places on is loaded while this one is placed.
    constexpr std::size_t kAhead = 16;  // a power of two: the ring of hashes below
    std::array<std::uint64_t, kAhead> ahead{};
    const auto hash_of = [this](std::size_t e) { return hash(text(entries()[e].key_at())); };
    for (std::size_t e = 0; e < std::min(kAhead, size_); ++e) {
        ahead[e] = hash_of(e);
    }
    std::uint64_t* slot = slots();
    for (std::size_t e = 0; e < size_; ++e) {
        const std::uint64_t h = ahead[e % kAhead];
        if (e + kAhead < size_) {
            ahead[e % kAhead] = hash_of(e + kAhead);
            prefetch_write(slot + home(ahead[e % kAhead]));
        }
        std::size_t i = home(h);
        while (slot[i] != 0) {
            i = (i + 1) & mask_;
        }
        slot[i] = ((h >> 32) << 32) | (e + 1);
    }
}

CaseEntry& CaseTable::find_or_insert(std::string_view case_key, std::uint64_t h) {
    if (mask_ == 0 && size_ != 0) {
        index_entries();  // adopted: its slots are built on the first lookup
    }
    if ((size_ + 1) * 2 > mask_ + 1 || mask_ == 0) {
        grow();
    }
    const std::uint64_t tag = h >> 32;
    std::uint64_t* slot = slots();
    std::size_t i = home(h);
    while (slot[i] != 0) {
        if ((slot[i] >> 32) == tag) {
            CaseEntry& c = entries()[(slot[i] & 0xFFFFFFFFU) - 1];
            if (text(c.key_at()) == case_key) {
                return c;
            }
        }
        i = (i + 1) & mask_;
    }
    if (size_ >= kMaxCases) {
        throw InvalidArgument("ReportAccumulator::add", "case_id", "2 billion cases",
                              "is more than one accumulator holds; split the input and merge");
    }
    const std::uint64_t key_at = store(case_key, "case_id");
    entry_bytes_.reserve((size_ + 1) * sizeof(CaseEntry));
    slot[i] = (tag << 32) | (size_ + 1);
    CaseEntry& c = entries()[size_++];
    c = CaseEntry{};
    c.set_key_at(key_at);
    return c;
}

void CaseTable::grow(std::size_t cases) {
    // Homes are the top bits of the hash, which the slot's tag holds, so the entries move
    // to their new slots in one ordered pass over the old slots, without touching the
    // entries or hashing a key again.
    std::size_t count = mask_ == 0 ? kFirstSlots : (mask_ + 1) * 2;
    while (count / 2 < std::min(cases, kMaxCases) + 1) {  // at most half full
        count *= 2;
    }
    PagedBytes bigger;
    bigger.reserve(count * sizeof(std::uint64_t));
    std::swap(slot_bytes_, bigger);
    const std::size_t old_count = mask_ == 0 ? 0 : mask_ + 1;
    mask_ = count - 1;
    shift_ = 32 - static_cast<unsigned>(std::countr_zero(count));
    const auto* old = reinterpret_cast<const std::uint64_t*>(bigger.data());
    std::uint64_t* slot = slots();
    for (std::size_t k = 0; k < old_count; ++k) {
        if (old[k] != 0) {
            std::size_t i = static_cast<std::size_t>(old[k] >> 32) >> shift_;
            while (slot[i] != 0) {
                i = (i + 1) & mask_;
            }
            slot[i] = old[k];
        }
    }
}

void CaseTable::adopt_keys(const InternTable& keys) {
    if (keys.size() == 0) {
        return;
    }
    CaseTable adopted;  // built apart, so that a failure leaves this table as it was: empty
    adopted.entry_bytes_.reserve(keys.size() * sizeof(CaseEntry));
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
        CaseEntry& c = adopted.entries()[i];  // zero-filled: no handled contact
        c.set_key_at(adopted.store(keys.value(i), "case_id"));
        c.set_first_id_at(c.key_at());
    }
    adopted.size_ = keys.size();
    *this = std::move(adopted);
}

void CaseTable::drop_pending_rows(std::size_t from) noexcept {
    for (std::size_t i = from; i < size_; ++i) {
        CaseEntry& c = entries()[i];
        if (c.handled != 0) {
            c.set_first_id_at(c.key_at());
        }
    }
}

void CaseTable::absorb(CaseEntry& c, const CaseSummary& x, const GroupOrder& order) {
    // An entry without a handled contact is new (or was left so by a failed store below).
    fold_into_case(
        c, x, order, [&] { return c.first_at_ms; }, [&] { return text(c.first_id_at()); },
        [&] {
            // The id is stored only now: `c` stays valid, the arena grows apart from the
            // entries. A contact that is its own case shares the key's copy.
            c.set_first_id_at(x.first_id == x.key ? c.key_at() : store(x.first_id, "id"));
            c.first_at_ms = x.first_at_ms;
        });
}

void CaseTable::add_contact(std::string_view case_key, std::uint64_t h, Timestamp started_at,
                            std::string_view id, std::uint32_t group, std::optional<bool> resolved,
                            const GroupOrder& order) {
    CaseEntry& c = find_or_insert(case_key, h);
    absorb(c,
           CaseSummary{.key = case_key,
                       .first_at_ms = started_at.time_since_epoch().count(),
                       .first_id = id,
                       .group = group,
                       .handled = 1,
                       .first_resolved = resolved.value_or(false),
                       .has_resolution_flag = resolved.has_value()},
           order);
}

void CaseTable::merge(const CaseTable& other, std::span<const std::uint32_t> group_of_other,
                      const GroupOrder& order) {
    add_cases(
        other.size_,
        [&](std::size_t i) {
            const CaseEntry& theirs = other.entries()[i];
            if (theirs.handled == 0) {
                // An adopted case with only abandoned contacts: skipped, and its group (none
                // was given it) not looked up.
                CaseSummary none{};
                none.key = other.text(theirs.key_at());
                return none;
            }
            return CaseSummary{.key = other.text(theirs.key_at()),
                               .first_at_ms = theirs.first_at_ms,
                               .first_id = other.text(theirs.first_id_at()),
                               .group = group_of_other[theirs.group],
                               .handled = theirs.handled,
                               .first_resolved = theirs.first_resolved(),
                               .has_resolution_flag = theirs.has_resolution_flag()};
        },
        order);
}

}  // namespace cskpi::detail
