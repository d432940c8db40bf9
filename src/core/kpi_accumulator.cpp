#include "cskpi/kpi_accumulator.hpp"

#include <string>

#include "cskpi/error.hpp"
#include "cskpi/record_validation.hpp"
#include "summarize_in_place.hpp"

namespace cskpi {

KpiAccumulator::KpiAccumulator(const ReportOptions& options)
    : csat_scale_(options.csat),
      sl_seconds_(options.service_level_seconds),
      short_abandon_seconds_(options.short_abandon_seconds),
      abandon_mode_(options.abandon_mode),
      fcr_mode_(options.fcr_mode) {
    validate(options);
}

void KpiAccumulator::add(const Interaction& r) {
    if (auto issue = check_interaction(r, csat_scale_)) {
        throw InvalidArgument(issue->field,
                              "KpiAccumulator::add: record " + r.id + ": " + issue->message);
    }
    add(r, detail::prevalidated);
}

void KpiAccumulator::add(const Interaction& r, detail::Prevalidated) {
    ++contacts_;
    if (!r.abandoned) {
        ++handled_;
        if (const auto handle =
                handle_time(r.handle_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds)) {
            handle_.add(*handle);
        }
    }
    if (r.wait_seconds) {
        const double wait = *r.wait_seconds;
        ++queued_;
        if (!r.abandoned) {
            ++queue_.answered;
            queue_.answered_within_target += wait <= sl_seconds_ ? 1U : 0U;
            wait_answered_.add(wait);
        } else if (wait <= short_abandon_seconds_) {
            ++queue_.short_abandons;
        } else {
            ++queue_.long_abandons;
            queue_.long_abandons_within_target += wait <= sl_seconds_ ? 1U : 0U;
        }
    }
    if (r.csat) {
        csat_satisfied_ += *r.csat >= csat_scale_.threshold ? 1U : 0U;
        csat_answers_.add(*r.csat);
    }
    if (r.nps) {
        if (*r.nps >= 9) {
            ++promoters_;
        } else if (*r.nps >= 7) {
            ++passives_;
        } else {
            ++detractors_;
        }
    }
    if (r.ces) {
        ces_agree_ += *r.ces >= 5 ? 1U : 0U;
        ces_answers_.add(*r.ces);
    }
    if (r.first_response_seconds) {
        first_response_.push_back(*r.first_response_seconds);
    }
    if (r.resolution_seconds) {
        resolution_.push_back(*r.resolution_seconds);
    }
    if (fcr_mode_ == FcrMode::flag && r.first_contact_resolution) {
        add_inquiry(*r.first_contact_resolution);
    }
}

void KpiAccumulator::add_inquiry(bool resolved_first_contact) noexcept {
    ++fcr_inquiries_;
    fcr_resolved_ += resolved_first_contact ? 1U : 0U;
}

void KpiAccumulator::merge(const KpiAccumulator& o) {
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
    first_response_.append(o.first_response_.values());
    resolution_.append(o.resolution_.values());
}

KpiSet KpiAccumulator::kpis() const& {
    // A copy of the samples is selected in place: they were checked when added.
    return KpiAccumulator(*this).kpis();
}

KpiSet KpiAccumulator::kpis() && {
    KpiSet k;
    k.contacts = contacts_;
    k.handled = handled_;
    k.fcr = make_rate(fcr_resolved_, fcr_inquiries_);
    k.csat = CsatScore{make_rate(csat_satisfied_, csat_answers_.count()), csat_answers_};
    k.nps = nps(promoters_, passives_, detractors_);
    k.ces = CesScore{ces_answers_, make_rate(ces_agree_, ces_answers_.count())};
    k.aht_seconds = handle_;
    k.asa_seconds = wait_answered_;
    k.service_level = service_level(queue_, abandon_mode_);
    k.abandonment_rate = abandonment_rate(queue_.long_abandons, queued_, queue_.short_abandons);
    k.first_response_seconds = detail::summarize_in_place(first_response_.values());
    k.resolution_seconds = detail::summarize_in_place(resolution_.values());
    return k;
}

}  // namespace cskpi
