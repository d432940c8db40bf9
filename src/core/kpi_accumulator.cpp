#include "cskpi/kpi_accumulator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "batch_columns.hpp"
#include "business_time.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/detail/check.hpp"
#include "cskpi/error.hpp"
#include "cskpi/record_validation.hpp"
#include "engine_access.hpp"
#include "handle_total.hpp"
#include "kpi_rows.hpp"
#include "nps_classes.hpp"
#include "summarize_parts.hpp"

namespace cskpi {

KpiAccumulator::KpiAccumulator(const ReportOptions& options)
    : conventions_{
          .csat_scale = options.csat,
          .sl_seconds = options.service_level_seconds,
          .short_abandon_seconds = options.short_abandon_seconds,
          .abandon_mode = options.abandon_mode,
          .fcr_mode = options.fcr_mode,
          .definitions = options.definitions,
          .genesys = options.genesys,
          .first_response_target = options.first_response_target_seconds,
          .resolution_target = options.resolution_target_seconds,
          .business_hours = {options.business_hours
                                 ? std::make_shared<const BusinessSchedule>(*options.business_hours)
                                 : nullptr},
          .sla_basis = options.sla_basis} {
    validate(options);
}

using detail::rows::BatchRow;
using detail::rows::kNone;
using detail::rows::one_if;
using detail::rows::present;
using detail::rows::RecordRow;

struct KpiAccumulator::Contribution {
    std::array<std::uint64_t, count_kinds> counts;  // each 0 or 1
    double handle;                                  // NaN: none (abandoned, or no handle data)
    double wait_answered;                           // NaN unless answered from the queue
    int csat;                                       // 0: no answer
    int ces;                                        // 0: no answer
    double first_response;                          // NaN: none
    double resolution;                              // NaN: none
    double first_response_business;                 // NaN: none, or no business hours
    double resolution_business;                     // NaN: none, or no business hours
    double wait_queued;                             // NaN unless queued (for the longest)
    double abandon_wait;                            // NaN unless abandoned from the queue
    double talk;                                    // NaN unless handled with talk data
    double hold;                                    // NaN unless handled with hold data
    double acw;                                     // NaN unless handled with wrap data
};

// The one definition of what a record adds to every KPI (docs/kpis.md), written without a
// branch on the data, so that the column loop below runs it over a block of rows as fast as
// a loop written field by field. NaN, the absent duration, compares false everywhere: an
// absent wait is not queued, and so in no queue count.
template <typename Row>
KpiAccumulator::Contribution KpiAccumulator::contribution(const Row& r,
                                                          const Conventions& k) noexcept {
    const bool abandoned = r.abandoned();
    const bool handled = r.handled();
    const double wait = r.wait();
    const bool queued_contact = present(wait);
    const bool answered_contact = queued_contact & handled;
    const bool left = queued_contact & abandoned;
    const bool asked_callback = queued_contact && r.callback_requested();
    const bool flowed_out = r.flowed_out();
    const bool outbound = r.outbound();
    const bool within_target = wait <= k.sl_seconds;
    const bool long_wait = !(wait <= k.short_abandon_seconds);
    const int csat = r.csat();
    const int nps = r.nps();
    const int ces = r.ces();
    const int fcr = r.fcr();
    const double hold = r.hold();
    // Amazon Connect and Genesys average hold over the contacts put on hold.
    const bool hold_over_held =
        (k.definitions == Definitions::amazon_connect) | (k.definitions == Definitions::genesys);
    // FCR by the source's verdict in mode flag; the other modes count inquiries across
    // groups, in ReportAccumulator, and add them with add_inquiry.
    const bool fcr_verdict = (k.fcr_mode == FcrMode::flag) & (fcr >= 0);
    Contribution c;
    c.counts[contacts_count] = 1;
    c.counts[handled_count] = one_if(handled);
    c.counts[fcr_inquiries] = one_if(fcr_verdict);
    c.counts[fcr_resolved] = one_if(fcr_verdict & (fcr == 1));
    c.counts[queued] = one_if(queued_contact);
    c.counts[answered] = one_if(answered_contact);
    c.counts[answered_within_target] = one_if(answered_contact & within_target);
    c.counts[short_abandons] = one_if(left & !long_wait);
    c.counts[long_abandons] = one_if(left & long_wait);
    c.counts[long_abandons_within_target] = one_if(left & long_wait & within_target);
    c.counts[abandons_within_target] = one_if(left & within_target);
    c.counts[callback_requests] = one_if(asked_callback);
    c.counts[callback_requests_within_target] = one_if(asked_callback & within_target);
    c.counts[flow_outs] = one_if(queued_contact & flowed_out);
    c.counts[transferred_out] = one_if(r.transfer() != Transfer::none);
    c.counts[transferred_in] = one_if(r.origin() == Origin::transfer);
    c.counts[callbacks] = one_if(r.origin() == Origin::callback);
    c.counts[outbound_handled] = one_if(handled & outbound & (r.origin() != Origin::callback));
    c.counts[held] = one_if(handled & (hold > 0));
    c.counts[survey_responses] = one_if(handled & ((csat != 0) | (nps >= 0) | (ces != 0)));
    c.counts[csat_satisfied] = one_if((csat != 0) & (csat >= k.csat_scale.threshold));
    c.counts[promoters] = one_if(nps >= detail::kLowestPromoter);
    c.counts[passives] =
        one_if((nps > detail::kHighestDetractor) & (nps < detail::kLowestPromoter));
    c.counts[detractors] = one_if((nps >= 0) & (nps <= detail::kHighestDetractor));
    c.counts[ces_agree] = one_if(ces >= 5);
    c.handle = handled ? r.handle() : kNone;
    c.wait_answered = answered_contact ? wait : kNone;
    c.csat = csat;
    c.ces = ces;
    c.first_response = r.first_response();
    c.resolution = r.resolution();
    // The schedule is one per report: a branch every row takes the same way.
    c.first_response_business = kNone;
    c.resolution_business = kNone;
    if (k.business_hours) {
        c.first_response_business =
            detail::business_duration(*k.business_hours, r.started_at_ms(), c.first_response);
        c.resolution_business =
            detail::business_duration(*k.business_hours, r.started_at_ms(), c.resolution);
    }
    c.wait_queued = wait;
    c.abandon_wait = left ? wait : kNone;
    c.talk = handled ? r.talk() : kNone;
    c.hold = handled & (!hold_over_held | (hold > 0)) ? hold : kNone;
    c.acw = handled ? r.wrap() : kNone;
    return c;
}

namespace {

// The longest of two waits, NaN being none.
[[nodiscard]] inline double longest(double a, double b) noexcept {
    return std::fmax(a, b);
}

}  // namespace

void KpiAccumulator::add(const Contribution& c) {
    for (std::size_t i = 0; i < count_kinds; ++i) {
        counts_[i] += c.counts[i];
    }
    if (present(c.handle)) {
        handle_.add(c.handle);
    }
    if (present(c.wait_answered)) {
        wait_answered_.add(c.wait_answered);
    }
    if (c.csat != 0) {
        csat_answers_.add(c.csat);
    }
    if (c.ces != 0) {
        ces_answers_.add(c.ces);
    }
    if (present(c.first_response)) {
        first_response_.push_back(c.first_response);
    }
    if (present(c.resolution)) {
        resolution_.push_back(c.resolution);
    }
    if (present(c.first_response_business)) {
        first_response_business_.push_back(c.first_response_business);
    }
    if (present(c.resolution_business)) {
        resolution_business_.push_back(c.resolution_business);
    }
    for (const auto& [mean, value] :
         {std::pair{&abandon_wait_, c.abandon_wait}, std::pair{&talk_, c.talk},
          std::pair{&hold_, c.hold}, std::pair{&acw_, c.acw}}) {
        if (present(value)) {
            mean->add(value);
        }
    }
    max_wait_ = longest(max_wait_, c.wait_queued);
}

void KpiAccumulator::add(const Interaction& r) {
    if (auto issue = check_interaction(r, conventions_.csat_scale)) {
        throw InvalidArgument(issue->field,
                              "KpiAccumulator::add: record " + r.id + ": " + issue->message);
    }
    add_checked(r);
}

void KpiAccumulator::add_checked(const Interaction& r) {
    add(contribution(RecordRow{r}, conventions_));
}

void KpiAccumulator::add(const InteractionBatch& batch) {
    detail::check_csat_scale(batch, conventions_.csat_scale, "KpiAccumulator::add");
    add_rows(detail::EngineAccess::columns(batch), 0, batch.size());
}

namespace {

// A few rows take the row-by-row path; more a block at a time.
constexpr std::size_t kBlockFrom = 16;

// Rating answers summed exactly as integers while a block's sums fit 64 bits: n * sum(x^2) -
// sum(x)^2 is n times the squared deviations, at most 2^8 * 2^8 * 2^40 for a block of 256
// answers up to 2^20. A batch with a higher CSAT answer is added row by row.
constexpr std::int32_t kMaxBlockAnswer = std::int32_t{1} << 20;

struct IntegerAnswers {
    std::uint64_t count = 0;
    std::uint64_t sum = 0;
    std::uint64_t squares = 0;

    void add(int answer) noexcept {  // 0: none, adds nothing
        const auto x = static_cast<std::uint64_t>(answer);
        count += one_if(x != 0);
        sum += x;
        squares += x * x;
    }

    [[nodiscard]] Mean mean() const {
        if (count == 0) {
            return {};
        }
        const auto n = static_cast<double>(count);
        return Mean::from_moments(count, static_cast<double>(sum),
                                  static_cast<double>(count * squares - sum * sum) / n);
    }
};

// The values of one block of rows that go into one Mean or sample vector, in row order:
// written unconditionally, kept by advancing the count only when present, so that collecting
// them needs no branch on data.
template <std::size_t Capacity>
struct Kept {
    std::array<double, Capacity> values;
    std::size_t count = 0;
    void offer(double value) noexcept {
        values[count] = value;
        count += static_cast<std::size_t>(present(value));
    }
    [[nodiscard]] std::span<const double> kept() const noexcept { return {values.data(), count}; }
};

}  // namespace

void KpiAccumulator::add_rows(const detail::BatchColumns& columns, std::size_t first,
                              std::size_t last) {
    if (last - first >= kBlockFrom && columns.max_csat <= kMaxBlockAnswer) {
        add_block_rows(columns, first, last);
        return;
    }
    for (std::size_t row = first; row < last; ++row) {
        add(contribution(BatchRow{columns, row}, conventions_));
    }
}

// The contributions of a block of rows at a time, summed without a branch on the data (adding
// them one by one mispredicts on random presence and classes): counts in registers, ratings
// as exact integer sums, and each mean's values of the block at once (Mean::add of a span:
// sums in a fixed order, no division per value), which agrees with adding one by one within
// rounding; counts, rates and quantile samples agree to the last bit.
void KpiAccumulator::add_block_rows(const detail::BatchColumns& columns, std::size_t first,
                                    std::size_t last) {
    constexpr std::size_t kBlock = 256;
    Kept<kBlock> handle;
    Kept<kBlock> wait_answered;
    Kept<kBlock> first_response;
    Kept<kBlock> resolution;
    Kept<kBlock> first_response_business;
    Kept<kBlock> resolution_business;
    std::array<Kept<kBlock>, 4> parts;  // abandon waits, talk, hold, after-contact work
    for (std::size_t begin = first; begin < last; begin += kBlock) {
        const std::size_t end = std::min(last, begin + kBlock);
        std::array<std::uint64_t, count_kinds> counts{};
        IntegerAnswers csat;
        IntegerAnswers ces;
        double max_wait = kNone;
        handle.count = wait_answered.count = first_response.count = resolution.count = 0;
        first_response_business.count = resolution_business.count = 0;
        for (Kept<kBlock>& part : parts) {
            part.count = 0;
        }
        for (std::size_t row = begin; row < end; ++row) {
            const Contribution c = contribution(BatchRow{columns, row}, conventions_);
            for (std::size_t i = 0; i < count_kinds; ++i) {
                counts[i] += c.counts[i];
            }
            csat.add(c.csat);
            ces.add(c.ces);
            handle.offer(c.handle);
            wait_answered.offer(c.wait_answered);
            first_response.offer(c.first_response);
            resolution.offer(c.resolution);
            first_response_business.offer(c.first_response_business);
            resolution_business.offer(c.resolution_business);
            parts[0].offer(c.abandon_wait);
            parts[1].offer(c.talk);
            parts[2].offer(c.hold);
            parts[3].offer(c.acw);
            max_wait = longest(max_wait, c.wait_queued);
        }
        for (std::size_t i = 0; i < count_kinds; ++i) {
            counts_[i] += counts[i];
        }
        csat_answers_.merge(csat.mean());
        ces_answers_.merge(ces.mean());
        handle_.add(handle.kept());
        wait_answered_.add(wait_answered.kept());
        first_response_.append(first_response.kept());
        resolution_.append(resolution.kept());
        first_response_business_.append(first_response_business.kept());
        resolution_business_.append(resolution_business.kept());
        abandon_wait_.add(parts[0].kept());
        talk_.add(parts[1].kept());
        hold_.add(parts[2].kept());
        acw_.add(parts[3].kept());
        max_wait_ = longest(max_wait_, max_wait);
    }
}

void KpiAccumulator::add_inquiry(bool resolved_first_contact) noexcept {
    ++counts_[fcr_inquiries];
    counts_[fcr_resolved] += one_if(resolved_first_contact);
}

void KpiAccumulator::merge_counts(const KpiAccumulator& o) {
    for (std::size_t i = 0; i < count_kinds; ++i) {
        counts_[i] += o.counts_[i];
    }
    csat_answers_.merge(o.csat_answers_);
    ces_answers_.merge(o.ces_answers_);
    handle_.merge(o.handle_);
    wait_answered_.merge(o.wait_answered_);
    abandon_wait_.merge(o.abandon_wait_);
    talk_.merge(o.talk_);
    hold_.merge(o.hold_);
    acw_.merge(o.acw_);
    max_wait_ = longest(max_wait_, o.max_wait_);
}

void KpiAccumulator::merge(const KpiAccumulator& o) {
    if (!(conventions_ == o.conventions_)) {
        throw InvalidArgument("KpiAccumulator::merge", "other", "accumulator",
                              "was built with different KPI options");
    }
    merge_counts(o);
    first_response_.append(o.first_response_.values());
    resolution_.append(o.resolution_.values());
    first_response_business_.append(o.first_response_business_.values());
    resolution_business_.append(o.resolution_business_.values());
}

KpiSet KpiAccumulator::kpis() const {
    SampleParts samples;
    samples.add(*this);
    return kpis(samples);
}

KpiSet KpiAccumulator::merged_kpis(std::span<const KpiAccumulator* const> parts) {
    detail::require(!parts.empty(), "KpiAccumulator::merged_kpis", "parts", parts.size(),
                    "must hold at least one accumulator");
    KpiAccumulator all;
    all.conventions_ = parts[0]->conventions_;
    SampleParts samples;
    for (const KpiAccumulator* part : parts) {
        all.merge_counts(*part);
        samples.add(*part);
    }
    return all.kpis(samples);
}

void KpiAccumulator::SampleParts::add(const KpiAccumulator& part) {
    first_response.push_back(part.first_response_.values());
    resolution.push_back(part.resolution_.values());
    first_response_business.push_back(part.first_response_business_.values());
    resolution_business.push_back(part.resolution_business_.values());
}

}  // namespace cskpi
