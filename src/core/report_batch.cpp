// A batch reaches the report state: its dictionary codes map to groups and cases without a
// lookup per row.

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "batch_columns.hpp"
#include "engine_access.hpp"
#include "platform.hpp"
#include "report_state.hpp"

namespace cskpi {
namespace {

// A batch case's handled contacts so far, reduced by the case table's rule
// (detail::fold_into_case); its first contact is a row of the batch.
struct BatchCase {
    std::uint32_t first_row = 0;
    std::uint32_t group = 0;
    std::uint8_t handled = 0;
    bool first_resolved_ = false;
    bool has_resolution_flag_ = false;
    [[nodiscard]] bool first_resolved() const noexcept { return first_resolved_; }
    void set_first_resolved(bool on) noexcept { first_resolved_ = on; }
    [[nodiscard]] bool has_resolution_flag() const noexcept { return has_resolution_flag_; }
    void set_has_resolution_flag(bool on) noexcept { has_resolution_flag_ = on; }
};

// Row `row` of a batch as a handled contact in group `g`.
detail::CaseSummary batch_contact(const detail::BatchColumns& c, std::uint32_t row,
                                  std::uint32_t g) {
    const std::optional<bool> resolved = c.resolved_at(row);
    return {.key = {},
            .first_at_ms = c.started_at_ms[row],
            .first_id = c.id(row),
            .group = g,
            .handled = 1,
            .first_resolved = resolved.value_or(false),
            .has_resolution_flag = resolved.has_value()};
}

void reduce(BatchCase& b, const detail::BatchColumns& c, std::uint32_t row, std::uint32_t g,
            const detail::GroupOrder& group_order) {
    detail::fold_into_case(
        b, batch_contact(c, row, g), group_order, [&] { return c.started_at_ms[b.first_row]; },
        [&] { return c.id(b.first_row); }, [&] { b.first_row = row; });
}

// The same into an adopted case table's entry, whose first contact is a pending row.
void reduce(detail::CaseEntry& e, const detail::BatchColumns& c, std::uint32_t row, std::uint32_t g,
            const detail::GroupOrder& group_order) {
    detail::fold_into_case(
        e, batch_contact(c, row, g), group_order, [&] { return e.first_at_ms; },
        [&] { return c.id(e.pending_row()); },
        [&] {
            e.first_at_ms = c.started_at_ms[row];
            e.set_pending_row(row);
        });
}

}  // namespace

// The group of each row of a batch. Dictionary codes map to this state's value ids, and
// with one dimension and no period straight to groups, as rows first meet them: the
// values and groups come into being in the order adding the records one by one would
// make them, so the report (even the order means merge in) is the same.
class ReportAccumulator::State::BatchGrouping {
  public:
    BatchGrouping(State& state, const detail::BatchColumns& columns) : s_(state), c_(columns) {
        for (std::size_t d = 0; d < s_.options.group_by.size(); ++d) {
            value_of_code_[d].assign(dictionary_size(s_.options.group_by[d]), 0);
        }
        if (s_.options.group_by.size() == 1 && !s_.options.period) {
            group_of_code_.assign(value_of_code_[0].size(), 0);
        }
    }

    std::uint32_t of(std::size_t row) {
        const auto& dims = s_.options.group_by;
        if (dims.empty() && !s_.options.period) {
            return s_.groups.empty() ? s_.group_of(detail::PackedKey{}) : 0;
        }
        if (!group_of_code_.empty()) {
            std::uint32_t& g = group_of_code_[code(dims[0], row)];
            if (g == 0) {
                detail::PackedKey key;
                key.ids[0] = value_id(0, row);
                g = s_.group_of(key) + 1;
            }
            return g - 1;
        }
        detail::PackedKey key;
        for (std::size_t d = 0; d < dims.size(); ++d) {
            key.ids[d] = value_id(d, row);
        }
        if (s_.options.period) {
            key.period = period_index(Timestamp(std::chrono::milliseconds(c_.started_at_ms[row])),
                                      *s_.options.period, s_.zone);
        }
        return s_.group_of(key);
    }

  private:
    [[nodiscard]] const detail::DictionaryColumn& column(Dimension d) const noexcept {
        switch (d) {
            case Dimension::agent_id:
                return c_.agent;
            case Dimension::queue:
                return c_.queue;
            case Dimension::team:
                return c_.team;
            case Dimension::channel:
            case Dimension::customer_id:
                break;
        }
        return c_.customer;
    }
    [[nodiscard]] std::size_t dictionary_size(Dimension d) const noexcept {
        return d == Dimension::channel ? 8 : column(d).values().size();
    }
    // A channel's code is the enum's value.
    [[nodiscard]] std::uint32_t code(Dimension d, std::size_t row) const noexcept {
        if (d == Dimension::channel) {
            return static_cast<std::uint32_t>(c_.channel(row));
        }
        return column(d).codes[row];
    }
    std::uint32_t value_id(std::size_t d, std::size_t row) {
        const Dimension dim = s_.options.group_by[d];
        std::uint32_t& id = value_of_code_[d][code(dim, row)];
        if (id == 0) {
            const std::string_view text =
                dim == Dimension::channel ? to_string(c_.channel(row)) : column(dim).at(row);
            id = s_.intern(d, text) + 1;
        }
        return id - 1;
    }

    State& s_;
    const detail::BatchColumns& c_;
    std::array<std::vector<std::uint32_t>, detail::kMaxDimensions> value_of_code_{};  // id + 1
    std::vector<std::uint32_t> group_of_code_{};                                      // group + 1
};

// Adding one batch: rows in order, each row's KPIs into its group (all rows' at once, with one
// group); in FCR mode case each handled row into its batch case (codes index an array: the
// batch's cases are reduced without a lookup), then each batch case into the case table, one
// lookup per distinct case. Into an empty table, the batch's case dictionary becomes the table
// (adopt_keys) and the rows fold straight into its entries: no lookup at all. With one group
// and no case yet, the cases fold into a byte each over the batch's own case dictionary,
// shared (detail::SingleGroupCases).
class ReportAccumulator::State::BatchAdd {
  public:
    BatchAdd(State& state, const detail::BatchColumns& columns)
        : s_(state),
          c_(columns),
          grouping_(state, columns),
          order_(state),
          rows_(static_cast<std::uint32_t>(columns.size())),
          one_group_(state.one_group()),
          by_case_(state.options.fcr_mode == FcrMode::case_based),
          single_(by_case_ && one_group_ && state.cases.empty() && rows_ > 0),
          adopt_(by_case_ && !single_ && state.cases.empty()) {}

    void run() {
        if (single_) {
            single_cases_.adopt(c_.case_key.shared_values());
        }
        if (adopt_) {
            s_.cases.adopt_keys(c_.case_key.values());
        } else if (by_case_ && !single_) {
            batch_cases_.resize(c_.case_key.values().size());
        }
        try {
            add_rows();
        } catch (...) {
            if (adopt_) {
                s_.cases.drop_pending_rows();  // safe to read again (the basic guarantee of add)
            }
            throw;
        }
        if (!single_) {
            add_cases();
        }
    }

  private:
    void add_rows() {
        if (one_group_ && rows_ > 0) {
            detail::EngineAccess::add_rows(s_.groups[grouping_.of(0)].acc, c_, 0, rows_);
            s_.records += rows_;
        }
        if (single_) {
            single_cases_.add_rows(c_.case_key.codes, c_.flags);
            s_.single_group_cases = std::move(single_cases_);
            return;
        }
        const bool fcr_by_row = s_.options.fcr_mode != FcrMode::flag;
        if (one_group_ && !fcr_by_row) {
            return;
        }
        constexpr std::uint32_t kBlockRows = 4096;  // the block's columns stay in cache
        for (std::uint32_t begin = 0; begin < rows_; begin += std::min(kBlockRows, rows_ - begin)) {
            const std::uint32_t end = begin + std::min(kBlockRows, rows_ - begin);
            group_rows(begin, end);
            if (fcr_by_row) {
                fold_contacts(begin, end);
            }
        }
    }

    // The groups of rows begin to end, and with more than one group their KPIs.
    void group_rows(std::uint32_t begin, std::uint32_t end) {
        group_of_row_.resize(end - begin);
        for (std::uint32_t row = begin; row < end; ++row) {
            group_of_row_[row - begin] = grouping_.of(row);
        }
        if (!one_group_) {
            for (std::uint32_t row = begin; row < end; ++row) {
                detail::EngineAccess::add_rows(s_.groups[group_of_row_[row - begin]].acc, c_, row,
                                               row + 1);
            }
            s_.records += end - begin;
        }
    }

    // Each handled row of begin to end into its case (mode case) or the window contacts.
    void fold_contacts(std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t row = begin; row < end; ++row) {
            prefetch_case(row);
            if (c_.has(row, detail::batch_flag::unhandled)) {
                continue;
            }
            const std::uint32_t g = group_of_row_[row - begin];
            if (adopt_) {
                reduce(s_.cases.entry(c_.case_key.codes[row]), c_, row, g, order_);
            } else if (by_case_) {
                reduce(batch_cases_[c_.case_key.codes[row]], c_, row, g, order_);
            } else {
                s_.add_window_contact(c_.customer.at(row),
                                      Timestamp(std::chrono::milliseconds(c_.started_at_ms[row])),
                                      c_.id(row), g, c_.resolved_at(row));
            }
        }
    }

    // A repeat contact's batch case, and the start of that case's first contact, lie far back
    // in arrays beyond the caches: both are loaded ahead, in two stages (an adopted entry holds
    // the start itself).
    void prefetch_case(std::uint32_t row) const noexcept {
        constexpr std::size_t kCaseAhead = 32;
        constexpr std::size_t kFirstAhead = 16;
        if (row + kCaseAhead >= rows_) {
            return;
        }
        if (adopt_) {
            detail::prefetch_read(&s_.cases.entry(c_.case_key.codes[row + kCaseAhead]));
        } else if (by_case_) {
            detail::prefetch_read(&batch_cases_[c_.case_key.codes[row + kCaseAhead]]);
            const BatchCase& b = batch_cases_[c_.case_key.codes[row + kFirstAhead]];
            if (b.handled != 0) {
                detail::prefetch_read(&c_.started_at_ms[b.first_row]);
            }
        }
    }

    // The batch's cases into the case table: an adopted table's pending first ids stored, or
    // each batch case looked up once.
    void add_cases() {
        if (adopt_) {
            s_.cases.store_pending_ids([this](std::uint32_t row) {
                return detail::PendingId{.id = c_.id(row),
                                         .is_key = !c_.has(row, detail::batch_flag::has_case_id)};
            });
        }
        s_.cases.add_cases(
            batch_cases_.size(),
            [this](std::size_t code) {
                const BatchCase& b = batch_cases_[code];
                detail::CaseSummary summary{};  // handled 0: skipped (its first_row names no row)
                summary.key = c_.case_key.values().value(static_cast<std::uint32_t>(code));
                if (b.handled != 0) {
                    summary.first_at_ms = c_.started_at_ms[b.first_row];
                    summary.first_id = c_.id(b.first_row);
                    summary.group = b.group;
                    summary.handled = b.handled;
                    summary.first_resolved = b.first_resolved();
                    summary.has_resolution_flag = b.has_resolution_flag();
                }
                return summary;
            },
            order_);
    }

    State& s_;
    const detail::BatchColumns& c_;
    BatchGrouping grouping_;
    const KeyOrder order_;
    const std::uint32_t rows_;
    const bool one_group_;
    const bool by_case_;
    const bool single_;  // one group and no case yet: SingleGroupCases
    const bool adopt_;   // no case yet: the batch's case dictionary becomes the case table
    detail::SingleGroupCases single_cases_;
    std::vector<BatchCase> batch_cases_;
    std::vector<std::uint32_t> group_of_row_;
};

void ReportAccumulator::State::add(const InteractionBatch& batch) {
    const detail::BatchColumns& c = detail::EngineAccess::columns(batch);
    detail::check_csat_scale(batch, options.csat, "ReportAccumulator::add");
    settle_cases();
    BatchAdd(*this, c).run();
}

}  // namespace cskpi
