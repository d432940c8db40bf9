#include "cskpi/kpi_accumulator.hpp"

#include <array>
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
        return detail::handle_total(detail::present(c.handle[row]), detail::present(c.talk[row]),
                                    detail::present(c.hold[row]), detail::present(c.wrap[row]));
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

void KpiAccumulator::add(const detail::BatchColumns& columns, std::size_t first, std::size_t last,
                         detail::Prevalidated) {
    for (std::size_t row = first; row < last; ++row) {
        add_fields(RowFields{columns, row});
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
    queue_.answered += o.queue_.answered;
    queue_.answered_within_target += o.queue_.answered_within_target;
    queue_.short_abandons += o.queue_.short_abandons;
    queue_.long_abandons += o.queue_.long_abandons;
    queue_.long_abandons_within_target += o.queue_.long_abandons_within_target;
    queued_ += o.queued_;
}

void KpiAccumulator::merge(const KpiAccumulator& o) {
    merge_counts(o);
    first_response_.append(o.first_response_.values());
    resolution_.append(o.resolution_.values());
}

KpiSet KpiAccumulator::kpis() const& {
    const std::array first_response{first_response_.values()};
    const std::array resolution{resolution_.values()};
    return kpis(first_response, resolution);
}

KpiSet KpiAccumulator::kpis() && {
    return kpis();
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
