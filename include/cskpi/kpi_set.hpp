#pragma once
/// \file
/// `KpiSet`: every KPI of docs/kpis.md for one group of records (or all of them).

#include <cstdint>

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
    std::uint64_t handled = 0;   ///< Records not abandoned.
    Rate fcr{};                  ///< First contact resolution, in the report's FCR mode.
    CsatScore csat{};            ///< Share satisfied and mean answer.
    NpsScore nps{};
    CesScore ces{};           ///< Mean answer and share answering 5 or more.
    Mean aht_seconds{};       ///< Handle time of handled contacts with handle data.
    Mean asa_seconds{};       ///< Wait of answered contacts.
    Rate service_level{};     ///< Answered within T, abandons per the report's mode.
    Rate abandonment_rate{};  ///< Long abandons / (queued - short abandons).
    DistributionSummary first_response_seconds{};
    DistributionSummary resolution_seconds{};
};

}  // namespace cskpi
