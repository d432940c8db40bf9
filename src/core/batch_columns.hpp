#pragma once
// The columns of an InteractionBatch, read by the report engine. One vector per field, indexed
// by row; absent optional values are sentinels the record checks rule out as values (NaN for
// durations and revenue, 0 for CSAT and CES answers, -1 for NPS), or flag bits. Text fields the
// engine groups or cases by are dictionary codes; contact ids are one run of characters.
// Internal: not part of the public API.

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/contact_kpis.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/records.hpp"
#include "intern_table.hpp"

namespace cskpi::detail {

/// The bits of BatchColumns::flags.
namespace batch_flag {
inline constexpr std::uint32_t abandoned = 1U << 0;
inline constexpr std::uint32_t has_resolved = 1U << 1;
inline constexpr std::uint32_t resolved = 1U << 2;
inline constexpr std::uint32_t has_fcr = 1U << 3;
inline constexpr std::uint32_t fcr = 1U << 4;
inline constexpr std::uint32_t has_answered_at = 1U << 5;
inline constexpr std::uint32_t has_ended_at = 1U << 6;
inline constexpr std::uint32_t outbound = 1U << 7;
inline constexpr std::uint32_t has_case_id = 1U << 8;  // else the case is the contact's own id
inline constexpr unsigned channel_shift = 9;           // bits 9 to 11: Channel
inline constexpr std::uint32_t has_handle = 1U << 12;  // handle_seconds given (see handle)
inline constexpr std::uint32_t callback_requested = 1U << 13;
inline constexpr std::uint32_t flowed_out = 1U << 14;
inline constexpr std::uint32_t has_handled = 1U << 15;  // the record's own `handled` given
inline constexpr std::uint32_t handled_value = 1U << 16;
inline constexpr std::uint32_t unhandled = 1U << 17;  // !Interaction::is_handled()
inline constexpr unsigned transfer_shift = 18;        // bits 18 and 19: Transfer
inline constexpr unsigned origin_shift = 20;          // bits 20 and 21: Origin
}  // namespace batch_flag

/// A text column as numbers into a dictionary of its distinct values (first-seen order).
///
/// The dictionary is held by shared ownership: copies of the batch share it, and so does a
/// report that takes a batch's case dictionary as its case keys (detail::SingleGroupCases)
/// instead of copying millions of keys. It is copied on write: `make_writable` before any
/// change, so a sharer never sees it change.
struct DictionaryColumn {
    std::vector<std::uint32_t> codes;

    [[nodiscard]] const InternTable& values() const noexcept {
        static const InternTable none;
        return values_ ? *values_ : none;
    }
    /// The dictionary, shared (null while the column has never been written).
    [[nodiscard]] std::shared_ptr<const InternTable> shared_values() const noexcept {
        return values_;
    }
    /// Makes the dictionary this column's own, copying it if it is shared: before any write,
    /// so that a write itself cannot fail half way for want of a copy.
    void make_writable() {
        if (!values_) {
            values_ = std::make_shared<InternTable>();
        } else if (values_.use_count() > 1) {
            values_ = std::make_shared<InternTable>(*values_);
        }
    }
    /// The dictionary to write to, after `make_writable`.
    [[nodiscard]] InternTable& writable_values() noexcept { return *values_; }

    [[nodiscard]] std::string_view at(std::size_t row) const noexcept {
        return values().value(codes[row]);
    }

  private:
    std::shared_ptr<InternTable> values_;
};

struct BatchColumns {
    std::vector<std::int64_t> started_at_ms;
    std::vector<std::int64_t> answered_at_ms;  // 0 without has_answered_at
    std::vector<std::int64_t> ended_at_ms;     // 0 without has_ended_at
    std::vector<double> wait;
    std::vector<double> talk;
    std::vector<double> hold;
    std::vector<double> wrap;
    // The handle time the KPIs use (detail::handle_total: handle_seconds, else the sum of the
    // parts given), computed once when appending; the record's own handle_seconds only with
    // batch_flag::has_handle.
    std::vector<double> handle;
    std::vector<double> first_response;
    std::vector<double> resolution;
    std::vector<double> revenue;
    std::vector<std::int32_t> csat;
    std::vector<std::int8_t> nps;
    std::vector<std::int8_t> ces;
    std::vector<std::uint32_t> flags;
    std::vector<std::uint64_t> id_end;  // row i's id is id_chars[id_end[i - 1], id_end[i])
    std::string id_chars;
    DictionaryColumn customer;
    DictionaryColumn case_key;  // case_id, or the contact's own id without one
    DictionaryColumn agent;
    DictionaryColumn queue;
    DictionaryColumn team;
    std::int32_t max_csat = 0;  // the highest CSAT answer, checked against a report's scale

    [[nodiscard]] std::size_t size() const noexcept { return started_at_ms.size(); }

    [[nodiscard]] std::string_view id(std::size_t row) const noexcept {
        const std::uint64_t begin = row == 0 ? 0 : id_end[row - 1];
        return std::string_view(id_chars).substr(begin, id_end[row] - begin);
    }

    [[nodiscard]] Channel channel(std::size_t row) const noexcept {
        return static_cast<Channel>((flags[row] >> batch_flag::channel_shift) & 7U);
    }

    [[nodiscard]] Transfer transfer(std::size_t row) const noexcept {
        return static_cast<Transfer>((flags[row] >> batch_flag::transfer_shift) & 3U);
    }

    [[nodiscard]] Origin origin(std::size_t row) const noexcept {
        return static_cast<Origin>((flags[row] >> batch_flag::origin_shift) & 3U);
    }

    [[nodiscard]] bool has(std::size_t row, std::uint32_t flag) const noexcept {
        return (flags[row] & flag) != 0;
    }

    // The optional fields back from their codes (interaction_batch.cpp writes them).
    [[nodiscard]] std::optional<bool> optional_flag(std::size_t row, std::uint32_t present_bit,
                                                    std::uint32_t value_bit) const noexcept {
        if (!has(row, present_bit)) {
            return std::nullopt;
        }
        return has(row, value_bit);
    }
    [[nodiscard]] std::optional<bool> resolved_at(std::size_t row) const noexcept {
        return optional_flag(row, batch_flag::has_resolved, batch_flag::resolved);
    }
    [[nodiscard]] std::optional<bool> fcr_at(std::size_t row) const noexcept {
        return optional_flag(row, batch_flag::has_fcr, batch_flag::fcr);
    }
    [[nodiscard]] std::optional<int> csat_at(std::size_t row) const noexcept {
        return csat[row] != 0 ? std::optional<int>(csat[row]) : std::nullopt;
    }
    [[nodiscard]] std::optional<int> nps_at(std::size_t row) const noexcept {
        return nps[row] >= 0 ? std::optional<int>(nps[row]) : std::nullopt;
    }
    [[nodiscard]] std::optional<int> ces_at(std::size_t row) const noexcept {
        return ces[row] != 0 ? std::optional<int>(ces[row]) : std::nullopt;
    }

    /// The five dictionary columns.
    [[nodiscard]] std::array<DictionaryColumn*, 5> dictionaries() noexcept {
        return {&customer, &case_key, &agent, &queue, &team};
    }
    [[nodiscard]] std::array<const DictionaryColumn*, 5> dictionaries() const noexcept {
        return {&customer, &case_key, &agent, &queue, &team};
    }

    /// Calls `f(column)` for every vector with one element per row (all but the id
    /// characters and the dictionaries' values), so that reserving, cutting back and measuring
    /// treat them alike.
    template <typename F>
    void for_each_row_column(F&& f) {
        each_row_column(*this, f);
    }
    template <typename F>
    void for_each_row_column(F&& f) const {
        each_row_column(*this, f);
    }

  private:
    template <typename Self, typename F>
    static void each_row_column(Self& c, F& f) {
        f(c.started_at_ms);
        f(c.answered_at_ms);
        f(c.ended_at_ms);
        for (auto* v : {&c.wait, &c.talk, &c.hold, &c.wrap, &c.handle, &c.first_response,
                        &c.resolution, &c.revenue}) {
            f(*v);
        }
        f(c.csat);
        f(c.nps);
        f(c.ces);
        f(c.flags);
        f(c.id_end);
        for (auto* d : c.dictionaries()) {
            f(d->codes);
        }
    }
};

/// Throws InvalidArgument, naming `function`, the first record of `batch` whose CSAT answer is
/// above `scale` and the field, with check_interaction's message.
void check_csat_scale(const InteractionBatch& batch, const CsatScale& scale,
                      std::string_view function);

/// A NaN-coded column value as an optional.
[[nodiscard]] inline std::optional<double> present(double value) noexcept {
    if (std::isnan(value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace cskpi::detail
