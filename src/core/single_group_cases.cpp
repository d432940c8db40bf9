#include "single_group_cases.hpp"

#include <utility>

#include "batch_columns.hpp"
#include "platform.hpp"

namespace cskpi::detail {

void SingleGroupCases::adopt(std::shared_ptr<const InternTable> keys) {
    std::vector<std::uint8_t> state(keys ? keys->size() : 0, 0);
    state_ = std::move(state);
    keys_ = std::move(keys);
    unseen_from_ = 0;
}

void SingleGroupCases::add_rows(std::span<const std::uint32_t> codes,
                                std::span<const std::uint32_t> flags) noexcept {
    // Branch-free: whether a row is abandoned, or the first handled contact of its case, is
    // data, not a jump to mispredict.
    std::uint8_t* const state = state_.data();
    // A dictionary numbers its values as rows first meet them, so a code at or past
    // `unseen_from_` is a case no row has reached yet: its byte is 0 and is written without
    // being read. Only a repeat contact's case lies back in the state, beyond the inner
    // caches: its byte is loaded kAhead rows early.
    constexpr std::size_t kAhead = 32;
    std::uint32_t unseen_from = unseen_from_;
    for (std::size_t row = 0; row < codes.size(); ++row) {
        if (row + kAhead < codes.size() && codes[row + kAhead] < unseen_from) {
            prefetch_write(state + codes[row + kAhead]);
        }
        const unsigned f = flags[row];
        const std::uint32_t code = codes[row];
        const unsigned handled = (f & batch_flag::unhandled) == 0 ? 1U : 0U;
        const unsigned resolved = (f & batch_flag::resolved) != 0 ? kOnlyResolved : 0U;
        const unsigned flagged = (f & batch_flag::has_resolved) != 0 ? kHasResolutionFlag : 0U;
        std::uint8_t& s = state[code];
        if (code >= unseen_from) {
            unseen_from = code + 1;
            s = static_cast<std::uint8_t>(handled != 0 ? 1U | resolved | flagged : 0U);
            continue;
        }
        const unsigned count = s & kHandled;
        const unsigned first = handled & (count == 0 ? 1U : 0U);
        s = static_cast<std::uint8_t>((count + (handled & (count < 2 ? 1U : 0U))) |
                                      (first != 0 ? resolved : (s & kOnlyResolved)) |
                                      (s & kHasResolutionFlag) | (handled != 0 ? flagged : 0U));
    }
    unseen_from_ = unseen_from;
}

CaseSummary SingleGroupCases::summary(std::uint32_t code, std::uint32_t group) const noexcept {
    const std::uint8_t s = state_[code];
    const std::string_view key = keys_->value(code);
    return {.key = key,
            .first_at_ms = 0,
            .first_id = key,
            .group = group,
            .handled = static_cast<std::uint8_t>(s & kHandled),
            .first_resolved = (s & kOnlyResolved) != 0,
            .has_resolution_flag = (s & kHasResolutionFlag) != 0};
}

void SingleGroupCases::move_into(CaseTable& table) {
    if (empty()) {
        return;
    }
    table.adopt_keys(*keys_);  // entries of no handled contact, first id the key, time 0
    for (std::uint32_t code = 0; code < state_.size(); ++code) {
        const CaseSummary s = summary(code, 0);
        CaseEntry& e = table.entry(code);
        e.handled = s.handled;
        e.set_first_resolved(s.first_resolved);
        e.set_has_resolution_flag(s.has_resolution_flag);
    }
    keys_.reset();
    state_ = {};
    unseen_from_ = 0;
}

void SingleGroupCases::add_into(CaseTable& table, std::uint32_t group,
                                const GroupOrder& order) const {
    table.add_cases(
        state_.size(),
        [&](std::size_t code) { return summary(static_cast<std::uint32_t>(code), group); }, order);
}

InquiryCount SingleGroupCases::count() const noexcept {
    InquiryCount out;
    for (const std::uint8_t s : state_) {
        if ((s & kHasResolutionFlag) != 0) {
            out.add((s & kHandled) == 1 && (s & kOnlyResolved) != 0);
        }
    }
    return out;
}

std::size_t SingleGroupCases::memory_bytes() const noexcept {
    return state_.capacity() + (keys_ ? keys_->memory_bytes() : 0);
}

}  // namespace cskpi::detail
