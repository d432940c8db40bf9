#include "window_contacts.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

#include "cskpi/error.hpp"

namespace cskpi::detail {
namespace {

constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << 62) - 1;

std::uint64_t resolution_bits(std::optional<bool> resolved) noexcept {
    return resolved ? (*resolved ? 2U : 1U) : 0U;
}

}  // namespace

void WindowContacts::append(const Contact& c) {
    // Contacts are numbered in 32 bits when the report buckets them.
    if (size_ >= std::numeric_limits<std::uint32_t>::max()) {
        throw InvalidArgument("ReportAccumulator::add", "customer_id", "4 billion contacts",
                              "is more than one accumulator holds in FCR mode window; split the "
                              "input and merge");
    }
    contact_bytes_.reserve((size_ + 1) * sizeof(Contact));
    std::memcpy(contact_bytes_.data() + size_ * sizeof(Contact), &c, sizeof c);
    ++size_;
}

void WindowContacts::add(std::string_view customer, Timestamp started_at, std::string_view id,
                         std::uint32_t group, std::optional<bool> resolved) {
    const std::uint64_t id_at = ids_.store(id, "id");
    append(Contact{started_at.time_since_epoch().count(),
                   id_at | resolution_bits(resolved) << kResolutionShift,
                   customers_.intern(customer), group});
}

void WindowContacts::merge(const WindowContacts& other,
                           std::span<const std::uint32_t> group_of_other) {
    // Their customer numbers, translated once each.
    std::vector<std::uint32_t> customer_of_other(other.customers_.size());
    for (std::uint32_t k = 0; k < customer_of_other.size(); ++k) {
        customer_of_other[k] = customers_.intern(other.customers_.value(k));
    }
    for (std::size_t i = 0; i < other.size_; ++i) {
        const Contact& theirs = other.contacts()[i];
        const std::uint64_t id_at =
            ids_.store(other.ids_.text(theirs.id_and_resolution & kOffsetMask), "id");
        append(Contact{theirs.at_ms, id_at | (theirs.id_and_resolution & ~kOffsetMask),
                       customer_of_other[theirs.customer], group_of_other[theirs.group]});
    }
}

void WindowContacts::count(std::chrono::milliseconds window,
                           const std::function<void(std::uint32_t, bool)>& inquiry,
                           const GroupOrder& group_order) const {
    // Bucket the contact numbers by customer (a counting sort: two passes, no comparisons).
    const std::size_t n_customers = customers_.size();
    std::vector<std::uint32_t> start(n_customers + 1, 0);
    for (std::size_t i = 0; i < size_; ++i) {
        ++start[contacts()[i].customer + 1];
    }
    for (std::size_t k = 0; k < n_customers; ++k) {
        start[k + 1] += start[k];
    }
    std::vector<std::uint32_t> order(size_);
    {
        std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
        for (std::size_t i = 0; i < size_; ++i) {
            order[next[contacts()[i].customer]++] = static_cast<std::uint32_t>(i);
        }
    }
    // The order within a customer (docs/kpis.md, "FCR modes"): started_at, then id; then the
    // resolution and the group's key, so that even copies of one contact come out in the same
    // order however the input was split.
    const auto earlier = [this, &group_order](std::uint32_t a, std::uint32_t b) {
        const Contact& x = contacts()[a];
        const Contact& y = contacts()[b];
        if (x.at_ms != y.at_ms) {
            return x.at_ms < y.at_ms;
        }
        const std::string_view xid = ids_.text(x.id_and_resolution & kOffsetMask);
        const std::string_view yid = ids_.text(y.id_and_resolution & kOffsetMask);
        const std::uint64_t xres = x.id_and_resolution >> kResolutionShift;
        const std::uint64_t yres = y.id_and_resolution >> kResolutionShift;
        if (std::tie(xid, xres) != std::tie(yid, yres)) {
            return std::tie(xid, xres) < std::tie(yid, yres);
        }
        return x.group != y.group && group_order.less(x.group, y.group);
    };
    // The gap from an earlier contact to a later one, exact for any two times (as unsigned,
    // no overflow), against the window.
    const auto within = [window_ms = static_cast<std::uint64_t>(window.count())](
                            std::int64_t earlier_ms, std::int64_t later_ms) {
        return static_cast<std::uint64_t>(later_ms) - static_cast<std::uint64_t>(earlier_ms) <=
               window_ms;
    };
    for (std::size_t k = 0; k < n_customers; ++k) {
        const auto first = order.begin() + start[k];
        const auto last = order.begin() + start[k + 1];
        std::sort(first, last, earlier);
        for (auto it = first; it != last; ++it) {
            const Contact& c = contacts()[*it];
            const bool repeat = it != first && within(contacts()[*(it - 1)].at_ms, c.at_ms);
            const std::uint64_t resolution = c.id_and_resolution >> kResolutionShift;
            if (repeat || resolution == 0) {
                continue;
            }
            const bool followed = it + 1 != last && within(c.at_ms, contacts()[*(it + 1)].at_ms);
            inquiry(c.group, resolution == 2 && !followed);
        }
    }
}

}  // namespace cskpi::detail
