#include "cskpi/interaction_batch.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "batch_columns.hpp"
#include "cskpi/error.hpp"
#include "cskpi/record_validation.hpp"
#include "engine_access.hpp"
#include "handle_total.hpp"

namespace cskpi {
namespace {

// Every CSAT answer from 1 up passes: the scale is the report's, checked when adding.
constexpr CsatScale kAnyScale{std::numeric_limits<int>::max(), 1};
constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxRows = std::numeric_limits<std::uint32_t>::max();

double coded(const std::optional<double>& value) noexcept {
    return value ? *value : kAbsent;
}

std::int64_t coded(const std::optional<Timestamp>& at) noexcept {
    return at ? at->time_since_epoch().count() : 0;
}

std::uint32_t flag_if(bool condition, std::uint32_t flag) noexcept {
    return condition ? flag : std::uint32_t{0};
}

std::uint32_t flags_of(const Interaction& r) noexcept {
    namespace f = detail::batch_flag;
    const auto resolved = r.resolved.value_or(false);
    const auto fcr = r.first_contact_resolution.value_or(false);
    return static_cast<std::uint32_t>(
        flag_if(r.abandoned, f::abandoned) | flag_if(r.resolved.has_value(), f::has_resolved) |
        flag_if(resolved, f::resolved) |
        flag_if(r.first_contact_resolution.has_value(), f::has_fcr) | flag_if(fcr, f::fcr) |
        flag_if(r.answered_at.has_value(), f::has_answered_at) |
        flag_if(r.ended_at.has_value(), f::has_ended_at) |
        flag_if(r.direction == Direction::outbound, f::outbound) |
        flag_if(!r.case_id.empty(), f::has_case_id) |
        flag_if(r.handle_seconds.has_value(), f::has_handle) |
        flag_if(r.callback_requested, f::callback_requested) |
        flag_if(r.flowed_out, f::flowed_out) | flag_if(r.handled.has_value(), f::has_handled) |
        flag_if(r.handled.value_or(false), f::handled_value) |
        flag_if(!r.is_handled(), f::unhandled) |
        ((static_cast<unsigned>(r.channel) & 7U) << f::channel_shift) |
        ((static_cast<unsigned>(r.transfer) & 3U) << f::transfer_shift) |
        ((static_cast<unsigned>(r.origin) & 3U) << f::origin_shift));
}

// The dictionaries' sizes before an append, to undo what it interned if it fails.
using DictionarySizes = std::array<std::size_t, 5>;

DictionarySizes sizes_of(const detail::BatchColumns& c) noexcept {
    DictionarySizes out{};
    const auto all = c.dictionaries();
    for (std::size_t d = 0; d < all.size(); ++d) {
        out[d] = all[d]->values().size();
    }
    return out;
}

// Cuts every column back to `rows` records, and the dictionaries back to `before`, after an
// append that failed part way.
void truncate_all(detail::BatchColumns& c, std::size_t rows, const DictionarySizes& before) {
    const auto all = c.dictionaries();
    for (std::size_t d = 0; d < all.size(); ++d) {
        while (all[d]->values().size() > before[d]) {
            all[d]->writable_values().pop_back();
        }
    }
    c.for_each_row_column([rows](auto& column) {
        if (column.size() > rows) {
            column.resize(rows);
        }
    });
    c.id_chars.resize(rows == 0 ? 0 : c.id_end[rows - 1]);
}

// The hashes of a record's case key and customer, the two dictionaries that grow to millions
// of values and miss the caches on every lookup: computed ahead, to prefetch with.
struct LargeKeyHashes {
    std::uint64_t case_key = 0;
    std::uint64_t customer = 0;
};

LargeKeyHashes hashes_of(const Interaction& r) noexcept {
    return {detail::InternTable::hash(r.case_key()), detail::InternTable::hash(r.customer_id)};
}

void push_all(detail::BatchColumns& c, const Interaction& r, const LargeKeyHashes& h) {
    c.started_at_ms.push_back(r.started_at.time_since_epoch().count());
    c.answered_at_ms.push_back(coded(r.answered_at));
    c.ended_at_ms.push_back(coded(r.ended_at));
    c.wait.push_back(coded(r.wait_seconds));
    c.talk.push_back(coded(r.talk_seconds));
    c.hold.push_back(coded(r.hold_seconds));
    c.wrap.push_back(coded(r.wrap_seconds));
    c.handle.push_back(coded(
        detail::handle_total(r.handle_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds)));
    c.first_response.push_back(coded(r.first_response_seconds));
    c.resolution.push_back(coded(r.resolution_seconds));
    c.revenue.push_back(coded(r.revenue));
    c.csat.push_back(r.csat.value_or(0));
    c.nps.push_back(static_cast<std::int8_t>(r.nps.value_or(-1)));
    c.ces.push_back(static_cast<std::int8_t>(r.ces.value_or(0)));
    c.flags.push_back(flags_of(r));
    c.id_chars.append(r.id);
    c.id_end.push_back(c.id_chars.size());
    c.customer.codes.push_back(c.customer.writable_values().intern(r.customer_id, h.customer));
    c.case_key.codes.push_back(c.case_key.writable_values().intern(r.case_key(), h.case_key));
    c.agent.codes.push_back(c.agent.writable_values().intern(r.agent_id));
    c.queue.codes.push_back(c.queue.writable_values().intern(r.queue));
    c.team.codes.push_back(c.team.writable_values().intern(r.team));
}

// What InteractionBatch::append does, given the record's hashes: check, then append to every
// column, or to none.
void append_hashed(detail::BatchColumns& c, const Interaction& r, const LargeKeyHashes& hashes) {
    auto issue = check_interaction(r, kAnyScale);
    if (!issue && r.csat && *r.csat < 1) {
        issue = RecordIssue{"csat", "out_of_range",
                            "csat = " + std::to_string(*r.csat) + " is below the lowest answer, 1"};
    }
    if (issue) {
        throw InvalidArgument(issue->field,
                              "InteractionBatch::append: record " + r.id + ": " + issue->message);
    }
    const std::size_t rows = c.size();
    if (rows >= kMaxRows) {
        throw InvalidArgument("InteractionBatch::append", "interaction", r.id,
                              "does not fit: a batch holds at most 2^32 - 1 records");
    }
    const DictionarySizes before = sizes_of(c);
    try {
        push_all(c, r, hashes);
    } catch (...) {
        truncate_all(c, rows, before);
        throw;
    }
    c.max_csat = std::max(c.max_csat, r.csat.value_or(0));
}

}  // namespace

InteractionBatch::InteractionBatch() = default;
InteractionBatch::~InteractionBatch() = default;
InteractionBatch::InteractionBatch(const InteractionBatch& other)
    : columns_(std::make_unique<detail::BatchColumns>(other.columns())) {}
InteractionBatch& InteractionBatch::operator=(const InteractionBatch& other) {
    if (this != &other) {
        columns_ = std::make_unique<detail::BatchColumns>(other.columns());
    }
    return *this;
}
// A moved-from batch holds no columns until it is appended to again: it reads as empty.
InteractionBatch::InteractionBatch(InteractionBatch&&) noexcept = default;
InteractionBatch& InteractionBatch::operator=(InteractionBatch&&) noexcept = default;

const detail::BatchColumns& InteractionBatch::columns() const noexcept {
    static const detail::BatchColumns none;
    return columns_ ? *columns_ : none;
}

detail::BatchColumns& InteractionBatch::writable_columns() {
    if (!columns_) {
        columns_ = std::make_unique<detail::BatchColumns>();
    }
    for (auto* d : columns_->dictionaries()) {
        d->make_writable();
    }
    return *columns_;
}

void InteractionBatch::append(const Interaction& r) {
    append_hashed(writable_columns(), r, hashes_of(r));
}

void InteractionBatch::append(std::span<const Interaction> rs) {
    detail::BatchColumns& c = writable_columns();
    reserve(size() + rs.size());
    // A software pipeline: the probe slots of the record kSlotsAhead on and the values those
    // slots name for the record kValuesAhead on are loaded while this one is appended.
    constexpr std::size_t kSlotsAhead = 16;
    constexpr std::size_t kValuesAhead = 8;
    constexpr std::size_t kRing = 32;  // a power of two above kSlotsAhead
    std::array<LargeKeyHashes, kRing> ring{};
    const auto load_slots = [&](std::size_t i) {
        ring[i % kRing] = hashes_of(rs[i]);
        c.case_key.values().prefetch(ring[i % kRing].case_key);
        c.customer.values().prefetch(ring[i % kRing].customer);
    };
    for (std::size_t i = 0; i < std::min(kSlotsAhead, rs.size()); ++i) {
        load_slots(i);
    }
    for (std::size_t i = 0; i < rs.size(); ++i) {
        if (i + kSlotsAhead < rs.size()) {
            load_slots(i + kSlotsAhead);
        }
        if (i + kValuesAhead < rs.size()) {
            const LargeKeyHashes& later = ring[(i + kValuesAhead) % kRing];
            c.case_key.values().prefetch_value(later.case_key);
            c.customer.values().prefetch_value(later.customer);
        }
        append_hashed(c, rs[i], ring[i % kRing]);
    }
}

std::size_t InteractionBatch::size() const noexcept {
    return columns().size();
}

std::size_t InteractionBatch::cases() const noexcept {
    return columns().case_key.values().size();
}

Interaction InteractionBatch::at(std::size_t row) const {
    const detail::BatchColumns& c = columns();
    if (row >= c.size()) {
        throw InvalidArgument("InteractionBatch::at", "row", std::to_string(row),
                              "is past the last record (size " + std::to_string(c.size()) + ")");
    }
    namespace f = detail::batch_flag;
    const auto time = [](std::int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); };
    Interaction r;
    r.id = c.id(row);
    r.customer_id = c.customer.at(row);
    if (c.has(row, f::has_case_id)) {
        r.case_id = c.case_key.at(row);
    }
    r.agent_id = c.agent.at(row);
    r.queue = c.queue.at(row);
    r.team = c.team.at(row);
    r.channel = c.channel(row);
    r.direction = c.has(row, f::outbound) ? Direction::outbound : Direction::inbound;
    r.started_at = time(c.started_at_ms[row]);
    if (c.has(row, f::has_answered_at)) {
        r.answered_at = time(c.answered_at_ms[row]);
    }
    if (c.has(row, f::has_ended_at)) {
        r.ended_at = time(c.ended_at_ms[row]);
    }
    r.wait_seconds = detail::present(c.wait[row]);
    r.talk_seconds = detail::present(c.talk[row]);
    r.hold_seconds = detail::present(c.hold[row]);
    r.wrap_seconds = detail::present(c.wrap[row]);
    if (c.has(row, f::has_handle)) {
        r.handle_seconds = c.handle[row];
    }
    r.abandoned = c.has(row, f::abandoned);
    r.callback_requested = c.has(row, f::callback_requested);
    r.flowed_out = c.has(row, f::flowed_out);
    r.handled = c.optional_flag(row, f::has_handled, f::handled_value);
    r.transfer = c.transfer(row);
    r.origin = c.origin(row);
    r.resolved = c.resolved_at(row);
    r.first_contact_resolution = c.fcr_at(row);
    r.first_response_seconds = detail::present(c.first_response[row]);
    r.resolution_seconds = detail::present(c.resolution[row]);
    r.csat = c.csat_at(row);
    r.nps = c.nps_at(row);
    r.ces = c.ces_at(row);
    r.revenue = detail::present(c.revenue[row]);
    return r;
}

void InteractionBatch::reserve(std::size_t rows) {
    writable_columns().for_each_row_column([rows](auto& column) { column.reserve(rows); });
}

void InteractionBatch::clear() noexcept {
    columns_.reset();
}

std::size_t InteractionBatch::memory_bytes() const noexcept {
    if (!columns_) {
        return 0;
    }
    const detail::BatchColumns& c = *columns_;
    std::size_t bytes = sizeof(c) + c.id_chars.capacity();
    c.for_each_row_column(
        [&bytes](const auto& column) { bytes += column.capacity() * sizeof(column[0]); });
    for (const auto* d : c.dictionaries()) {
        bytes += d->values().memory_bytes();
    }
    return bytes;
}

namespace detail {

void check_csat_scale(const InteractionBatch& batch, const CsatScale& scale,
                      std::string_view function) {
    const BatchColumns& c = EngineAccess::columns(batch);
    if (c.max_csat <= scale.points) {
        return;
    }
    for (std::size_t row = 0; row < c.size(); ++row) {
        if (c.csat[row] > scale.points) {
            const Interaction r = batch.at(row);
            const auto issue = check_interaction(r, scale);
            throw InvalidArgument(issue->field, std::string(function) + ": record " + r.id +
                                                    " (batch row " + std::to_string(row) +
                                                    "): " + issue->message);
        }
    }
}

}  // namespace detail
}  // namespace cskpi
