// The KPIs of a KpiAccumulator's state: each KpiSet field from the counts, means and samples,
// service level and abandonment by the definitions profile.

#include <algorithm>
#include <optional>
#include <span>

#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/nps.hpp"
#include "cskpi/queue_kpis.hpp"
#include "kpi_rows.hpp"
#include "summarize_parts.hpp"

namespace cskpi {
namespace {

// SLA attainment: the sampled times within the target / the sampled times.
std::optional<Rate> attainment(std::span<const std::span<const double>> parts,
                               std::optional<double> target) {
    if (!target) {
        return std::nullopt;
    }
    std::uint64_t within = 0;
    std::uint64_t all = 0;
    for (const std::span<const double> part : parts) {
        all += part.size();
        within += static_cast<std::uint64_t>(
            std::count_if(part.begin(), part.end(), [&](double t) { return t <= *target; }));
    }
    return make_rate(within, all);
}

}  // namespace

KpiSet KpiAccumulator::kpis(const SampleParts& samples) const {
    const auto& n = counts_;
    KpiSet k;
    k.contacts = n[contacts_count];
    k.handled = n[handled_count];
    k.fcr = make_rate(n[fcr_resolved], n[fcr_inquiries]);
    k.csat = CsatScore{make_rate(n[csat_satisfied], csat_answers_.count()), csat_answers_};
    k.nps = nps(n[promoters], n[passives], n[detractors]);
    k.ces = CesScore{ces_answers_, make_rate(n[ces_agree], ces_answers_.count())};
    k.aht_seconds = handle_;
    k.asa_seconds = wait_answered_;
    set_queue_rates(k);
    k.first_response_seconds = detail::summarize_parts(samples.first_response);
    k.resolution_seconds = detail::summarize_parts(samples.resolution);
    const bool business = static_cast<bool>(conventions_.business_hours);
    if (business) {
        k.first_response_business_seconds =
            detail::summarize_parts(samples.first_response_business);
        k.resolution_business_seconds = detail::summarize_parts(samples.resolution_business);
    }
    k.queued = n[queued];
    k.answered = n[answered];
    k.abandoned = n[short_abandons] + n[long_abandons];
    k.short_abandoned = n[short_abandons];
    k.abandoned_within_target = n[abandons_within_target];
    k.callback_requests = n[callback_requests];
    k.flowed_out = n[flow_outs];
    k.transferred_out = n[transferred_out];
    k.transferred_in = n[transferred_in];
    k.callbacks = n[callbacks];
    k.outbound_handled = n[outbound_handled];
    k.held = n[held];
    if (detail::rows::present(max_wait_)) {
        k.max_wait_seconds = max_wait_;
    }
    k.abandon_time_seconds = abandon_wait_;
    k.talk_seconds = talk_;
    k.hold_seconds = hold_;
    k.acw_seconds = acw_;
    k.survey_response_rate = make_rate(n[survey_responses], n[handled_count]);
    // Every record with a time has its business time too, so either basis has the same
    // denominator.
    const bool on_business = business && conventions_.sla_basis == SlaBasis::business;
    k.first_response_sla =
        attainment(on_business ? samples.first_response_business : samples.first_response,
                   conventions_.first_response_target);
    k.resolution_sla = attainment(on_business ? samples.resolution_business : samples.resolution,
                                  conventions_.resolution_target);
    return k;
}

// Service level and abandonment by the definitions profile (docs/kpis.md, "Definition
// profiles"); Zendesk's tickets do not queue, so its profile keeps the standard formulas.
void KpiAccumulator::set_queue_rates(KpiSet& k) const {
    const auto& n = counts_;
    const QueueCounts queue{.answered = n[answered],
                            .answered_within_target = n[answered_within_target],
                            .short_abandons = n[short_abandons],
                            .long_abandons = n[long_abandons],
                            .long_abandons_within_target = n[long_abandons_within_target],
                            .queued = n[queued],
                            .abandons_within_target = n[abandons_within_target],
                            .callback_requests = n[callback_requests],
                            .callback_requests_within_target = n[callback_requests_within_target],
                            .flow_outs = n[flow_outs]};
    switch (conventions_.definitions) {
        case Definitions::amazon_connect:
            k.service_level = connect_service_level(queue);
            k.abandonment_rate = abandoned_of_queued(queue);
            return;
        case Definitions::genesys:
            k.service_level = genesys_service_level(queue, conventions_.genesys);
            k.abandonment_rate = abandoned_of_queued(queue);
            return;
        case Definitions::standard:
        case Definitions::zendesk:
            break;
    }
    k.service_level = service_level(queue, conventions_.abandon_mode);
    k.abandonment_rate = abandonment_rate(n[long_abandons], n[queued], n[short_abandons]);
}

}  // namespace cskpi
