#include "cskpi/kpi_accumulator.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "batch_columns.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/detail/check.hpp"
#include "cskpi/error.hpp"
#include "cskpi/record_validation.hpp"
#include "grouped_rows.hpp"
#include "handle_total.hpp"
#include "summarize_parts.hpp"

namespace cskpi {

KpiAccumulator::KpiAccumulator(const ReportOptions& options)
    : conventions_{.csat_scale = options.csat,
                   .sl_seconds = options.service_level_seconds,
                   .short_abandon_seconds = options.short_abandon_seconds,
                   .abandon_mode = options.abandon_mode,
                   .fcr_mode = options.fcr_mode} {
    validate(options);
}

void KpiAccumulator::add(const Interaction& r) {
    if (auto issue = check_interaction(r, conventions_.csat_scale)) {
        throw InvalidArgument(issue->field,
                              "KpiAccumulator::add: record " + r.id + ": " + issue->message);
    }
    add(r, detail::prevalidated);
}

namespace {

// What KpiAccumulator reads of a record, from an Interaction ...
struct RecordFields {
    const Interaction& r;
    [[nodiscard]] bool abandoned() const noexcept { return r.abandoned; }
    [[nodiscard]] std::optional<double> handle() const noexcept {
        return detail::handle_total(r.handle_seconds, r.talk_seconds, r.hold_seconds,
                                    r.wrap_seconds);
    }
    [[nodiscard]] std::optional<double> wait() const noexcept { return r.wait_seconds; }
    [[nodiscard]] std::optional<int> csat() const noexcept { return r.csat; }
    [[nodiscard]] std::optional<int> nps() const noexcept { return r.nps; }
    [[nodiscard]] std::optional<int> ces() const noexcept { return r.ces; }
    [[nodiscard]] std::optional<double> first_response() const noexcept {
        return r.first_response_seconds;
    }
    [[nodiscard]] std::optional<double> resolution() const noexcept { return r.resolution_seconds; }
    [[nodiscard]] std::optional<bool> fcr() const noexcept { return r.first_contact_resolution; }
};

// ... and from a batch row.
struct RowFields {
    const detail::BatchColumns& c;
    std::size_t row;
    [[nodiscard]] bool abandoned() const noexcept {
        return c.has(row, detail::batch_flag::abandoned);
    }
    [[nodiscard]] std::optional<double> handle() const noexcept {
        return detail::present(c.handle[row]);  // the total, computed when appending
    }
    [[nodiscard]] std::optional<double> wait() const noexcept {
        return detail::present(c.wait[row]);
    }
    [[nodiscard]] std::optional<int> csat() const noexcept { return c.csat_at(row); }
    [[nodiscard]] std::optional<int> nps() const noexcept { return c.nps_at(row); }
    [[nodiscard]] std::optional<int> ces() const noexcept { return c.ces_at(row); }
    [[nodiscard]] std::optional<double> first_response() const noexcept {
        return detail::present(c.first_response[row]);
    }
    [[nodiscard]] std::optional<double> resolution() const noexcept {
        return detail::present(c.resolution[row]);
    }
    [[nodiscard]] std::optional<bool> fcr() const noexcept { return c.fcr_at(row); }
};

}  // namespace

void KpiAccumulator::add(const Interaction& r, detail::Prevalidated) {
    add_fields(RecordFields{r});
}

void KpiAccumulator::add(const InteractionBatch& batch) {
    detail::check_csat_scale(batch, conventions_.csat_scale, "KpiAccumulator::add");
    add(batch.columns(), 0, batch.size(), detail::prevalidated);
}

namespace {

// Which batch rows a call adds.
struct RowRange {
    std::size_t first;
    [[nodiscard]] std::size_t operator()(std::size_t i) const noexcept { return first + i; }
};

// A few rows take the row-by-row path; more take the column kernel (a grouped report's
// blocks go through add_grouped instead). Both give the same counts; the means agree within
// rounding.
constexpr std::size_t kKernelRows = 16;

}  // namespace

void KpiAccumulator::add(const detail::BatchColumns& columns, std::size_t first, std::size_t last,
                         detail::Prevalidated) {
    if (last - first >= kKernelRows) {
        add_rows(columns, last - first, RowRange{first});
        return;
    }
    for (std::size_t row = first; row < last; ++row) {
        add_fields(RowFields{columns, row});
    }
}

namespace {

// Branch-free helpers for the column kernel: GCC turns `?:` and `&&` on data into jumps,
// which mispredict on random presence; these compile to setcc and masks.

[[nodiscard]] inline bool present(double value) noexcept {
    return value == value;  // false only for NaN, the absent value
}

// The counts of `more` into `to`: for a kernel block and for a merge.
void add_queue_counts(QueueCounts& to, const QueueCounts& more) noexcept {
    to.answered += more.answered;
    to.answered_within_target += more.answered_within_target;
    to.short_abandons += more.short_abandons;
    to.long_abandons += more.long_abandons;
    to.long_abandons_within_target += more.long_abandons_within_target;
}

[[nodiscard]] inline std::uint64_t one_if(bool condition) noexcept {
    return static_cast<std::uint64_t>(condition);
}

// A contact's place in the queue counts (SPEC section 4), without a branch: queued when it has
// a wait; answered or left; within the service-level target; a long wait (past the
// short-abandon limit). NaN, the absent wait, compares false everywhere.
struct WaitClass {
    bool queued;
    bool answered;
    bool left;
    bool within_target;
    bool long_wait;
};
[[nodiscard]] inline WaitClass classify_wait(double wait, bool abandoned, double sl,
                                             double short_abandon) noexcept {
    const bool queued = present(wait);
    const bool answered = queued & !abandoned;
    const bool left = queued & abandoned;
    return {.queued = queued,
            .answered = answered,
            .left = left,
            .within_target = wait <= sl,
            .long_wait = !(wait <= short_abandon)};
}

// The values of one block of rows that go into one Mean or sample vector, in row order:
// written unconditionally, kept by advancing the count only when the row has one, so that
// collecting them needs no branch on data.
template <std::size_t Capacity>
struct Kept {
    std::array<double, Capacity> values;
    std::size_t count = 0;
    void offer(double value, bool keep) noexcept {
        values[count] = value;
        count += static_cast<std::size_t>(keep);
    }
    [[nodiscard]] std::span<const double> kept() const noexcept { return {values.data(), count}; }
};

// The answers of a block of rows in a rating column (0: no answer), as exact integer sums: no
// value is gathered one by one, and the loop vectorizes. Exact while a block's sums fit 64 bits:
// answers up to kMaxIntegerAnswer (a CSAT scale beyond that takes the Kept path).
constexpr std::int64_t kMaxIntegerAnswer = std::int64_t{1} << 20;

struct IntegerAnswers {
    std::uint64_t count = 0;
    std::uint64_t sum = 0;
    std::uint64_t squares = 0;

    // n * sum(x^2) - sum(x)^2 is n times the squared deviations, exactly: at most 2^8 * 2^8 *
    // 2^40 for a block of 256 answers up to 2^20.
    [[nodiscard]] Mean mean() const {
        if (count == 0) {
            return {};
        }
        const auto n = static_cast<double>(count);
        return Mean::from_moments(count, static_cast<double>(sum),
                                  static_cast<double>(count * squares - sum * sum) / n);
    }
};

template <typename Answer, typename RowAt>
IntegerAnswers integer_answers(const std::vector<Answer>& column, std::size_t begin,
                               std::size_t end, RowAt row_at) noexcept {
    IntegerAnswers a;
    for (std::size_t i = begin; i < end; ++i) {
        const auto x = static_cast<std::uint64_t>(column[row_at(i)]);  // 0 adds nothing
        a.count += one_if(x != 0);
        a.sum += x;
        a.squares += x * x;
    }
    return a;
}

}  // namespace

// What add_fields does row by row, done a block at a time and a field at a time: counts and
// the values for the means are collected without a branch on the data (the row-by-row path
// mispredicts several branches a row, on random presence and classes), then each mean takes
// its block of values at once (Mean::add of a span: sums in a fixed order, no division per
// value), which agrees with the row-by-row path's Welford updates within rounding; counts,
// rates and the quantile samples agree to the last bit.
template <typename RowAt>
void KpiAccumulator::add_rows(const detail::BatchColumns& c, std::size_t count, RowAt row_at) {
    constexpr std::size_t kBlock = 256;
    Kept<kBlock> handle;
    Kept<kBlock> wait_answered;
    Kept<kBlock> csat;  // unless integer_csat
    Kept<kBlock> first_response;
    Kept<kBlock> resolution;
    const double sl = conventions_.sl_seconds;
    const double short_abandon = conventions_.short_abandon_seconds;
    const int csat_threshold = conventions_.csat_scale.threshold;
    const bool integer_csat = c.max_csat <= kMaxIntegerAnswer;
    for (std::size_t begin = 0; begin < count; begin += kBlock) {
        const std::size_t end = std::min(count, begin + kBlock);
        // One short loop per field: each keeps its counters in registers, and those without a
        // Kept vectorize.
        std::uint64_t abandoned = 0;
        std::uint64_t inquiries = 0;
        std::uint64_t resolved = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = row_at(i);
            const unsigned flags = c.flags[row];
            abandoned += one_if((flags & detail::batch_flag::abandoned) != 0);
            const bool has_fcr = (flags & detail::batch_flag::has_fcr) != 0;
            inquiries += one_if(has_fcr);
            resolved += one_if(has_fcr & ((flags & detail::batch_flag::fcr) != 0));
        }
        const auto rows = static_cast<std::uint64_t>(end - begin);
        contacts_ += rows;
        handled_ += rows - abandoned;
        if (conventions_.fcr_mode == FcrMode::flag) {
            fcr_inquiries_ += inquiries;
            fcr_resolved_ += resolved;
        }

        handle.count = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = row_at(i);
            const bool is_handled = (c.flags[row] & detail::batch_flag::abandoned) == 0;
            const double total = c.handle[row];  // detail::handle_total, computed when appending
            handle.offer(total, is_handled & present(total));
        }

        wait_answered.count = 0;
        QueueCounts queue{};
        std::uint64_t queued = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = row_at(i);
            const bool is_abandoned = (c.flags[row] & detail::batch_flag::abandoned) != 0;
            const double wait = c.wait[row];
            const auto [has_wait, answered, left, within_target, long_wait] =
                classify_wait(wait, is_abandoned, sl, short_abandon);
            queued += one_if(has_wait);
            queue.answered += one_if(answered);
            queue.answered_within_target += one_if(answered & within_target);
            queue.short_abandons += one_if(left & !long_wait);
            queue.long_abandons += one_if(left & long_wait);
            queue.long_abandons_within_target += one_if(left & long_wait & within_target);
            wait_answered.offer(wait, answered);
        }
        queued_ += queued;
        add_queue_counts(queue_, queue);

        std::uint64_t csat_satisfied = 0;
        if (integer_csat) {
            const IntegerAnswers answers = integer_answers(c.csat, begin, end, row_at);
            for (std::size_t i = begin; i < end; ++i) {
                const std::int32_t answer = c.csat[row_at(i)];  // 0: none
                csat_satisfied += one_if((answer != 0) & (answer >= csat_threshold));
            }
            csat_answers_.merge(answers.mean());
        } else {
            csat.count = 0;
            for (std::size_t i = begin; i < end; ++i) {
                const std::int32_t answer = c.csat[row_at(i)];  // 0: none
                csat_satisfied += one_if((answer != 0) & (answer >= csat_threshold));
                csat.offer(static_cast<double>(answer), answer != 0);
            }
            csat_answers_.add(csat.kept());
        }
        csat_satisfied_ += csat_satisfied;

        std::uint64_t promoters = 0;
        std::uint64_t passives = 0;
        std::uint64_t detractors = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = row_at(i);
            const int answer = c.nps[row];  // -1: none
            promoters += one_if(answer >= 9);
            passives += one_if((answer >= 7) & (answer < 9));
            detractors += one_if((answer >= 0) & (answer < 7));
        }
        promoters_ += promoters;
        passives_ += passives;
        detractors_ += detractors;

        std::uint64_t ces_agree = 0;
        for (std::size_t i = begin; i < end; ++i) {
            ces_agree += one_if(c.ces[row_at(i)] >= 5);  // 0: none
        }
        ces_agree_ += ces_agree;
        ces_answers_.merge(integer_answers(c.ces, begin, end, row_at).mean());  // 1 to 7

        first_response.count = 0;
        resolution.count = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = row_at(i);
            const double first_response_seconds = c.first_response[row];
            first_response.offer(first_response_seconds, present(first_response_seconds));
            const double resolution_seconds = c.resolution[row];
            resolution.offer(resolution_seconds, present(resolution_seconds));
        }

        handle_.add(handle.kept());
        wait_answered_.add(wait_answered.kept());
        first_response_.append(first_response.kept());
        resolution_.append(resolution.kept());
    }
}

namespace {

// `value`, or 0 when not `keep` (NaN included), without a branch.
[[nodiscard]] inline double kept_or_zero(double value, bool keep) noexcept {
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(value) &
                                 (std::uint64_t{0} - one_if(keep)));
}

// Four counts of 0 or 1 as the 16-bit lanes of a word (GroupedRows::counts), and one back.
[[nodiscard]] inline std::uint64_t lanes(bool a, bool b, bool c, bool d) noexcept {
    return one_if(a) | (one_if(b) << 16U) | (one_if(c) << 32U) | (one_if(d) << 48U);
}
[[nodiscard]] inline std::uint64_t lane(std::uint64_t word, unsigned k) noexcept {
    return (word >> (16U * k)) & 0xFFFFU;
}

// The integer sums of a grouped block stay exact while count * squares < 2^64: 2^16 answers
// up to 2^15 give 2^62. A batch with a larger CSAT answer takes the row-by-row path.
constexpr std::int64_t kMaxGroupedIntegerAnswer = std::int64_t{1} << 15;

// The lanes: each count's word and lane in GroupedRows::counts.
enum CountLane : unsigned {
    kContacts = 0,
    kAbandoned,
    kFcrInquiries,
    kFcrResolved,
    kQueued,
    kAnswered,
    kAnsweredWithinTarget,
    kShortAbandons,
    kLongAbandons,
    kLongAbandonsWithinTarget,
    kCsatSatisfied,
    kPromoters,
    kPassives,
    kDetractors,
    kCesAgree,
    kCsatAnswers,
    kCesAnswers,
    kHandleValues,
};
[[nodiscard]] inline std::uint64_t count_of(const std::array<std::uint64_t, 5>& words,
                                            CountLane which) noexcept {
    return lane(words[which / 4U], which % 4U);
}

}  // namespace

// A grouped block a column at a time, as add_rows does for one group: the counts of every row
// go into its group's slot with a few adds and no branch on the data, the answers into exact
// integer sums, and the handle times and answered waits into per-slot block means by the
// corrected two-pass algorithm (Chan, Golub & LeVeque 1983, eq. 1.7), a second pass over the
// block's columns while they are in cache. Then each slot's partial KPIs merge into its group
// once a block. Counts, rates and quantile samples are the row-by-row path's to the last bit,
// the means within rounding; where a block's sums overflow (values near the largest double),
// its rows take the row-by-row path.
void KpiAccumulator::add_grouped(const detail::BatchColumns& c, std::size_t first,
                                 std::span<const std::uint32_t> group_of_row,
                                 std::span<KpiAccumulator* const> accumulators,
                                 detail::GroupedRows& s, detail::Prevalidated) {
    const std::size_t rows = group_of_row.size();
    detail::require(rows < (std::size_t{1} << 16U), "KpiAccumulator::add_grouped", "rows", rows,
                    "must be at most 65,535");
    // The slots of the previous call (reset here, not at its end: it may have thrown).
    for (const std::uint32_t g : s.group_of_slot) {
        s.slot_of_group[g] = 0;
    }
    s.group_of_slot.clear();
    const auto row_by_row = [&] {
        for (std::size_t i = 0; i < rows; ++i) {
            accumulators[group_of_row[i]]->add_fields(RowFields{c, first + i});
        }
    };
    if (rows == 0) {
        return;
    }
    if (c.max_csat > kMaxGroupedIntegerAnswer) {
        row_by_row();
        return;
    }
    const Conventions& conventions = accumulators[group_of_row[0]]->conventions_;
    if (s.slot_of_group.size() < accumulators.size()) {
        s.slot_of_group.resize(accumulators.size(), 0);
    }
    s.slot_of_row.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        std::uint32_t& slot = s.slot_of_group[group_of_row[i]];
        if (slot == 0) {
            s.group_of_slot.push_back(group_of_row[i]);
            slot = static_cast<std::uint32_t>(s.group_of_slot.size());
        }
        s.slot_of_row[i] = slot - 1;
    }
    const std::size_t slots = s.group_of_slot.size();
    s.counts.assign(slots, {});
    s.answer_sums.assign(slots, {});
    s.sums.assign(slots, {});
    s.means.resize(slots);
    s.deviations.assign(slots, {});

    const double sl = conventions.sl_seconds;
    const double short_abandon = conventions.short_abandon_seconds;
    const int csat_threshold = conventions.csat_scale.threshold;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t row = first + i;
        const std::uint32_t slot = s.slot_of_row[i];
        const unsigned flags = c.flags[row];
        const bool abandoned = (flags & detail::batch_flag::abandoned) != 0;
        const bool has_fcr = (flags & detail::batch_flag::has_fcr) != 0;
        const bool fcr = (flags & detail::batch_flag::fcr) != 0;
        const double wait = c.wait[row];
        const auto [has_wait, answered, left, within_target, long_wait] =
            classify_wait(wait, abandoned, sl, short_abandon);
        const double handle = c.handle[row];
        const bool has_handle = !abandoned & present(handle);
        const std::int32_t csat = c.csat[row];  // 0: none
        const int nps = c.nps[row];             // -1: none
        const int ces = c.ces[row];             // 0: none
        auto& counts = s.counts[slot];
        counts[0] += lanes(true, abandoned, has_fcr, has_fcr & fcr);
        counts[1] += lanes(has_wait, answered, answered & within_target, left & !long_wait);
        counts[2] += lanes(left & long_wait, left & long_wait & within_target,
                           (csat != 0) & (csat >= csat_threshold), nps >= 9);
        counts[3] += lanes((nps >= 7) & (nps < 9), (nps >= 0) & (nps < 7), ces >= 5, csat != 0);
        counts[4] += lanes(ces != 0, has_handle, false, false);
        const auto csat_value = static_cast<std::uint64_t>(csat);
        const auto ces_value = static_cast<std::uint64_t>(ces);
        auto& answers = s.answer_sums[slot];
        answers[0] += csat_value;
        answers[1] += csat_value * csat_value;
        answers[2] += ces_value;
        answers[3] += ces_value * ces_value;
        s.sums[slot][0] += kept_or_zero(handle, has_handle);
        s.sums[slot][1] += kept_or_zero(wait, answered);
    }
    for (std::size_t slot = 0; slot < slots; ++slot) {
        const auto handles = static_cast<double>(count_of(s.counts[slot], kHandleValues));
        const auto waits = static_cast<double>(count_of(s.counts[slot], kAnswered));
        s.means[slot] = {handles > 0 ? s.sums[slot][0] / handles : 0.0,
                         waits > 0 ? s.sums[slot][1] / waits : 0.0};
    }
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t row = first + i;
        const std::uint32_t slot = s.slot_of_row[i];
        const bool abandoned = (c.flags[row] & detail::batch_flag::abandoned) != 0;
        const double handle = c.handle[row];
        const double wait = c.wait[row];
        const double handle_deviation =
            kept_or_zero(handle - s.means[slot][0], !abandoned & present(handle));
        const double wait_deviation =
            kept_or_zero(wait - s.means[slot][1], !abandoned & present(wait));
        auto& deviations = s.deviations[slot];
        deviations[0] += handle_deviation;
        deviations[1] += wait_deviation;
        deviations[2] += handle_deviation * handle_deviation;
        deviations[3] += wait_deviation * wait_deviation;
    }
    // Each mean's block partial: count, sum, squared deviations less the correction term.
    const auto partial = [&s](std::size_t slot, unsigned which, std::uint64_t count) {
        if (count == 0) {
            return Mean{};
        }
        const auto n = static_cast<double>(count);
        const double deviations = s.deviations[slot][which];
        const double correction = deviations * (deviations / n);
        return Mean::from_moments(count, s.sums[slot][which],
                                  std::max(0.0, s.deviations[slot][2 + which] - correction));
    };
    bool finite = true;
    for (std::size_t slot = 0; slot < slots; ++slot) {
        const std::array values{count_of(s.counts[slot], kHandleValues),
                                count_of(s.counts[slot], kAnswered)};
        for (unsigned which = 0; which < 2; ++which) {
            const double deviations = s.deviations[slot][which];
            const double n = std::max(1.0, static_cast<double>(values[which]));
            finite = finite && std::isfinite(s.sums[slot][which]) &&
                     std::isfinite(s.deviations[slot][2 + which]) &&
                     std::isfinite(deviations * (deviations / n));
        }
    }
    if (!finite) {
        row_by_row();
        return;
    }
    for (std::size_t i = 0; i < rows; ++i) {
        const std::size_t row = first + i;
        KpiAccumulator& to = *accumulators[group_of_row[i]];
        const double first_response_seconds = c.first_response[row];
        to.first_response_.push_back_if(first_response_seconds, present(first_response_seconds));
        const double resolution_seconds = c.resolution[row];
        to.resolution_.push_back_if(resolution_seconds, present(resolution_seconds));
    }
    for (std::size_t slot = 0; slot < slots; ++slot) {
        KpiAccumulator& to = *accumulators[s.group_of_slot[slot]];
        const auto& counts = s.counts[slot];
        const auto count = [&counts](CountLane which) { return count_of(counts, which); };
        to.contacts_ += count(kContacts);
        to.handled_ += count(kContacts) - count(kAbandoned);
        if (conventions.fcr_mode == FcrMode::flag) {
            to.fcr_inquiries_ += count(kFcrInquiries);
            to.fcr_resolved_ += count(kFcrResolved);
        }
        to.queued_ += count(kQueued);
        add_queue_counts(to.queue_,
                         {.answered = count(kAnswered),
                          .answered_within_target = count(kAnsweredWithinTarget),
                          .short_abandons = count(kShortAbandons),
                          .long_abandons = count(kLongAbandons),
                          .long_abandons_within_target = count(kLongAbandonsWithinTarget)});
        to.csat_satisfied_ += count(kCsatSatisfied);
        to.promoters_ += count(kPromoters);
        to.passives_ += count(kPassives);
        to.detractors_ += count(kDetractors);
        to.ces_agree_ += count(kCesAgree);
        const auto& answers = s.answer_sums[slot];
        to.csat_answers_.merge(
            IntegerAnswers{.count = count(kCsatAnswers), .sum = answers[0], .squares = answers[1]}
                .mean());
        to.ces_answers_.merge(
            IntegerAnswers{.count = count(kCesAnswers), .sum = answers[2], .squares = answers[3]}
                .mean());
        to.handle_.merge(partial(slot, 0, count(kHandleValues)));
        to.wait_answered_.merge(partial(slot, 1, count(kAnswered)));
    }
}

template <typename Record>
void KpiAccumulator::add_fields(const Record& r) {
    ++contacts_;
    if (!r.abandoned()) {
        ++handled_;
        if (const auto handle = r.handle()) {
            handle_.add(*handle);
        }
    }
    if (const auto wait_seconds = r.wait()) {
        const double wait = *wait_seconds;
        ++queued_;
        if (!r.abandoned()) {
            ++queue_.answered;
            queue_.answered_within_target += wait <= conventions_.sl_seconds ? 1U : 0U;
            wait_answered_.add(wait);
        } else if (wait <= conventions_.short_abandon_seconds) {
            ++queue_.short_abandons;
        } else {
            ++queue_.long_abandons;
            queue_.long_abandons_within_target += wait <= conventions_.sl_seconds ? 1U : 0U;
        }
    }
    if (const auto csat = r.csat()) {
        csat_satisfied_ += *csat >= conventions_.csat_scale.threshold ? 1U : 0U;
        csat_answers_.add(*csat);
    }
    if (const auto nps = r.nps()) {
        if (*nps >= 9) {
            ++promoters_;
        } else if (*nps >= 7) {
            ++passives_;
        } else {
            ++detractors_;
        }
    }
    if (const auto ces = r.ces()) {
        ces_agree_ += *ces >= 5 ? 1U : 0U;
        ces_answers_.add(*ces);
    }
    if (const auto first_response = r.first_response()) {
        first_response_.push_back(*first_response);
    }
    if (const auto resolution = r.resolution()) {
        resolution_.push_back(*resolution);
    }
    if (conventions_.fcr_mode == FcrMode::flag) {
        if (const auto verdict = r.fcr()) {
            add_inquiry(*verdict);
        }
    }
}

void KpiAccumulator::add_inquiry(bool resolved_first_contact) noexcept {
    ++fcr_inquiries_;
    fcr_resolved_ += resolved_first_contact ? 1U : 0U;
}

void KpiAccumulator::merge_counts(const KpiAccumulator& o) {
    contacts_ += o.contacts_;
    handled_ += o.handled_;
    fcr_inquiries_ += o.fcr_inquiries_;
    fcr_resolved_ += o.fcr_resolved_;
    csat_satisfied_ += o.csat_satisfied_;
    csat_answers_.merge(o.csat_answers_);
    promoters_ += o.promoters_;
    passives_ += o.passives_;
    detractors_ += o.detractors_;
    ces_answers_.merge(o.ces_answers_);
    ces_agree_ += o.ces_agree_;
    handle_.merge(o.handle_);
    wait_answered_.merge(o.wait_answered_);
    add_queue_counts(queue_, o.queue_);
    queued_ += o.queued_;
}

void KpiAccumulator::merge(const KpiAccumulator& o) {
    merge_counts(o);
    first_response_.append(o.first_response_.values());
    resolution_.append(o.resolution_.values());
}

KpiSet KpiAccumulator::kpis() const {
    const std::array first_response{first_response_.values()};
    const std::array resolution{resolution_.values()};
    return kpis(first_response, resolution);
}

KpiSet KpiAccumulator::merged_kpis(std::span<const KpiAccumulator* const> parts) {
    detail::require(!parts.empty(), "KpiAccumulator::merged_kpis", "parts", parts.size(),
                    "must hold at least one accumulator");
    KpiAccumulator all;
    all.conventions_ = parts[0]->conventions_;
    std::vector<std::span<const double>> first_response;
    std::vector<std::span<const double>> resolution;
    for (const KpiAccumulator* part : parts) {
        all.merge_counts(*part);
        first_response.push_back(part->first_response_.values());
        resolution.push_back(part->resolution_.values());
    }
    return all.kpis(first_response, resolution);
}

KpiSet KpiAccumulator::kpis(std::span<const std::span<const double>> first_response,
                            std::span<const std::span<const double>> resolution) const {
    KpiSet k;
    k.contacts = contacts_;
    k.handled = handled_;
    k.fcr = make_rate(fcr_resolved_, fcr_inquiries_);
    k.csat = CsatScore{make_rate(csat_satisfied_, csat_answers_.count()), csat_answers_};
    k.nps = nps(promoters_, passives_, detractors_);
    k.ces = CesScore{ces_answers_, make_rate(ces_agree_, ces_answers_.count())};
    k.aht_seconds = handle_;
    k.asa_seconds = wait_answered_;
    k.service_level = service_level(queue_, conventions_.abandon_mode);
    k.abandonment_rate = abandonment_rate(queue_.long_abandons, queued_, queue_.short_abandons);
    k.first_response_seconds = detail::summarize_parts(first_response);
    k.resolution_seconds = detail::summarize_parts(resolution);
    return k;
}

}  // namespace cskpi
