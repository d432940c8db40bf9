#pragma once
/// \file
/// `KpiSet`: every KPI of docs/kpis.md for one group of records (or all of them).

#include <cstdint>
#include <optional>

#include "cskpi/contact_kpis.hpp"
#include "cskpi/distribution.hpp"
#include "cskpi/mean.hpp"
#include "cskpi/nps.hpp"
#include "cskpi/rate.hpp"

namespace cskpi {

/// The KPIs of one group, as a report carries them (docs/output-formats.md, "JSON", key for
/// key). Undefined values are empty optionals inside each member.
///
/// Example: `report.overall.fcr.value`, `report.overall.aht_seconds.value()`.
struct KpiSet {
    std::uint64_t contacts = 0;  ///< Records in the group.
    std::uint64_t handled = 0;   ///< Contacts an agent handled (`Interaction::is_handled`).
    Rate fcr{};                  ///< First contact resolution, in the report's FCR mode.
    CsatScore csat{};            ///< Share satisfied and mean answer.
    NpsScore nps{};
    CesScore ces{};           ///< Mean answer and share answering 5 or more.
    Mean aht_seconds{};       ///< Handle time of handled contacts with handle data.
    Mean asa_seconds{};       ///< Wait of answered contacts.
    Rate service_level{};     ///< Per the report's definitions profile.
    Rate abandonment_rate{};  ///< Per the report's definitions profile.
    DistributionSummary first_response_seconds{};
    DistributionSummary resolution_seconds{};
    /// The same in business seconds (docs/kpis.md, "Business hours"); empty without a
    /// business-hours schedule.
    std::optional<DistributionSummary> first_response_business_seconds{};
    std::optional<DistributionSummary> resolution_business_seconds{};
    std::uint64_t queued = 0;                   ///< Contacts with a queue wait (offered).
    std::uint64_t answered = 0;                 ///< Queued and handled.
    std::uint64_t abandoned = 0;                ///< Queued and abandoned, short ones included.
    std::uint64_t short_abandoned = 0;          ///< Abandoned within the short-abandon cut.
    std::uint64_t abandoned_within_target = 0;  ///< Abandoned within the target T.
    std::uint64_t callback_requests = 0;        ///< Left the queue asking for a callback.
    std::uint64_t flowed_out = 0;               ///< Taken out of the queue by the system.
    std::uint64_t transferred_out = 0;          ///< Transferred to a queue, agent or number.
    std::uint64_t transferred_in = 0;           ///< Started by a transfer.
    std::uint64_t callbacks = 0;                ///< Callbacks the customers asked for.
    std::uint64_t outbound_handled = 0;  ///< Handled outbound contacts, callbacks not included.
    std::uint64_t held = 0;              ///< Handled contacts put on hold (hold time > 0).
    std::optional<double> max_wait_seconds{};  ///< Longest queue wait; empty when none queued.
    Mean abandon_time_seconds{};               ///< Queue wait of abandoned contacts.
    Mean talk_seconds{};                       ///< Talk time of handled contacts.
    Mean hold_seconds{};                       ///< Hold time of handled contacts, per the profile.
    Mean acw_seconds{};                        ///< After-contact work of handled contacts.
    Rate survey_response_rate{};               ///< Handled contacts with a survey answer / handled.
    /// First responses within the SLA target / first responses; empty without a target.
    std::optional<Rate> first_response_sla{};
    /// Resolutions within the SLA target / resolutions; empty without a target.
    std::optional<Rate> resolution_sla{};
};

}  // namespace cskpi
