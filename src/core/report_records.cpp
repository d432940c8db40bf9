// Records reach the report state one at a time or as a span.

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "cskpi/error.hpp"
#include "cskpi/record_validation.hpp"
#include "engine_access.hpp"
#include "report_state.hpp"

namespace cskpi {
namespace {

std::string_view dimension_value(const Interaction& r, Dimension d) noexcept {
    switch (d) {
        case Dimension::agent_id:
            return r.agent_id;
        case Dimension::queue:
            return r.queue;
        case Dimension::team:
            return r.team;
        case Dimension::channel:
            return to_string(r.channel);
        case Dimension::customer_id:
            break;
    }
    return r.customer_id;
}

void check(const ReportOptions& options, const Interaction& r) {
    if (auto issue = check_interaction(r, options.csat)) {
        throw InvalidArgument(issue->field,
                              "ReportAccumulator::add: record " + r.id + ": " + issue->message);
    }
}

}  // namespace

std::uint32_t ReportAccumulator::State::group_of(const Interaction& r) {
    if (options.group_by.empty() && !options.period) {
        return groups.empty() ? group_of(detail::PackedKey{}) : 0;
    }
    detail::PackedKey key;
    for (std::size_t d = 0; d < options.group_by.size(); ++d) {
        key.ids[d] = intern(d, dimension_value(r, options.group_by[d]));
    }
    if (options.period) {
        key.period = period_index(r.started_at, *options.period, zone);
    }
    return group_of(key);
}

// Everything but FCR modes case and window, which need all the contacts of an inquiry.
std::uint32_t ReportAccumulator::State::add_to_group(const Interaction& r) {
    check(options, r);
    const std::uint32_t g = group_of(r);
    detail::EngineAccess::add_checked(groups[g].acc, r);
    ++records;
    return g;
}

void ReportAccumulator::State::add_window_contact(std::string_view customer_id,
                                                  Timestamp started_at, std::string_view id,
                                                  std::uint32_t g, std::optional<bool> resolved) {
    if (customer_id.empty()) {
        if (resolved) {
            groups[g].acc.add_inquiry(*resolved);
        }
    } else {
        window_contacts.add(customer_id, started_at, id, g, resolved);
    }
}

void ReportAccumulator::State::add(const Interaction& r) {
    settle_cases();
    const std::uint32_t g = add_to_group(r);
    if (!r.is_handled()) {
        return;
    }
    if (options.fcr_mode == FcrMode::case_based) {
        const std::string_view key = r.case_key();
        cases.add_contact(key, detail::CaseTable::hash(key), r.started_at, r.id, g, r.resolved,
                          KeyOrder(*this));
    } else if (options.fcr_mode == FcrMode::window) {
        add_window_contact(r.customer_id, r.started_at, r.id, g, r.resolved);
    }
}

// In mode case, a software pipeline over blocks of records, so the cache misses of a
// large case table overlap instead of being waited for one by one: while block b is
// processed, the case keys block b + 1 will compare, the entries of block b + 2 and the
// probe slots of block b + 3 are already being loaded.
void ReportAccumulator::State::add(std::span<const Interaction> rs) {
    settle_cases();
    if (options.fcr_mode != FcrMode::case_based) {
        for (const auto& r : rs) {
            add(r);
        }
        return;
    }
    constexpr std::size_t kBlock = 16;
    const std::size_t blocks = (rs.size() + kBlock - 1) / kBlock;
    std::array<std::array<std::uint64_t, kBlock>, 4> hashes{};
    const auto block = [&](std::size_t b) {
        return rs.subspan(b * kBlock, std::min(kBlock, rs.size() - b * kBlock));
    };
    // Calls stage(record, its hash's slot) for each record of block b, if there is one.
    const auto each_in = [&](std::size_t b, auto stage) {
        if (b < blocks) {
            const auto part = block(b);
            for (std::size_t i = 0; i < part.size(); ++i) {
                stage(part[i], hashes[b % 4][i]);
            }
        }
    };
    const auto hash_block = [&](std::size_t b) {
        each_in(b, [&](const Interaction& r, std::uint64_t& h) {
            h = detail::CaseTable::hash(r.case_key());
            cases.prefetch(h);
        });
    };
    const auto touch_entries = [&](std::size_t b) {
        each_in(b, [&](const Interaction&, std::uint64_t h) { cases.prefetch_entry(h); });
    };
    const auto touch_keys = [&](std::size_t b) {
        each_in(b, [&](const Interaction&, std::uint64_t h) { cases.prefetch_key(h); });
    };
    const KeyOrder order(*this);
    hash_block(0);
    hash_block(1);
    hash_block(2);
    touch_entries(0);
    touch_entries(1);
    touch_keys(0);
    for (std::size_t b = 0; b < blocks; ++b) {
        hash_block(b + 3);
        touch_entries(b + 2);
        touch_keys(b + 1);
        each_in(b, [&](const Interaction& r, std::uint64_t h) {
            const std::uint32_t g = add_to_group(r);
            if (r.is_handled()) {
                cases.add_contact(r.case_key(), h, r.started_at, r.id, g, r.resolved, order);
            }
        });
    }
}

}  // namespace cskpi
