#pragma once
// The state FCR mode `window` keeps: every handled contact that has a customer, since an
// inquiry is decided by the customer's contacts just before and after it, which may arrive
// in any order and from any shard.
//
// One 24-byte entry per contact in one array (time, the contact id's offset in a string
// arena with the resolution in its top bits, the interned customer, the report group): no
// std::string or vector per contact, one string per customer in the intern table. When the
// report is made the contacts are bucketed by customer in one counting pass and each
// customer's few contacts sorted by time, then id, then resolution (so copies of one contact
// come out in the same order however the input was split). Internal: not part of the public
// API.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/records.hpp"
#include "group_order.hpp"
#include "intern_table.hpp"
#include "string_arena.hpp"

namespace cskpi::detail {

/// The handled contacts of every customer, for FCR mode window; mergeable.
class WindowContacts {
  public:
    /// Records one handled contact of `customer` (not empty).
    void add(std::string_view customer, Timestamp started_at, std::string_view id,
             std::uint32_t group, std::optional<bool> resolved);

    /// Adds the contacts of `other`, whose group numbers translate through `group_of_other`.
    void merge(const WindowContacts& other, std::span<const std::uint32_t> group_of_other);

    /// Calls `inquiry(group, resolved_on_first_contact)` for every inquiry of FCR mode window
    /// (docs/kpis.md, "FCR modes") whose resolution is known: a contact with no contact of the
    /// same customer in the `window` before it; resolved on first contact when it carries
    /// resolved = true and no contact follows within the window. Copies of one contact in
    /// different groups order by `order`, so the inquiry goes to the smaller group.
    void count(std::chrono::milliseconds window,
               const std::function<void(std::uint32_t, bool)>& inquiry,
               const GroupOrder& order) const;

    /// The bytes of storage held: entries, id arena, customer table.
    // The customers, numbered from 0 as for_each names them.
    [[nodiscard]] const InternTable& customers() const noexcept { return customers_; }

    // Visits each contact as (customer number, start in ms, id, group, resolution: 0 none,
    // 1 not resolved, 2 resolved).
    template <typename Visit>
    void for_each(Visit&& visit) const {
        for (std::size_t i = 0; i < size_; ++i) {
            const Contact& c = contacts()[i];
            visit(c.customer, c.at_ms,
                  ids_.text(c.id_and_resolution & ((std::uint64_t{1} << kResolutionShift) - 1)),
                  c.group, static_cast<std::uint8_t>(c.id_and_resolution >> kResolutionShift));
        }
    }

    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return contact_bytes_.capacity() + ids_.memory_bytes() + customers_.memory_bytes();
    }

  private:
    struct Contact {
        std::int64_t at_ms;
        std::uint64_t id_and_resolution;  // arena offset | resolution << kResolutionShift
        std::uint32_t customer;
        std::uint32_t group;
    };
    static_assert(sizeof(Contact) == 24);
    // Resolution in the top two bits: 0 unknown, 1 not resolved, 2 resolved.
    static constexpr unsigned kResolutionShift = 62;

    [[nodiscard]] const Contact* contacts() const noexcept {
        return reinterpret_cast<const Contact*>(contact_bytes_.data());
    }
    void append(const Contact& c);

    InternTable customers_;
    PagedBytes contact_bytes_;
    std::size_t size_ = 0;
    StringArena ids_;
};

}  // namespace cskpi::detail
