#pragma once
/// \file
/// `ReportOptions`: how a KPI report groups records and which KPI conventions it applies.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/business_hours.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/period.hpp"
#include "cskpi/queue_kpis.hpp"

namespace cskpi {

/// A record field a report can group by.
enum class Dimension { agent_id, queue, team, channel, customer_id };

/// The field name: "agent_id", "queue", "team", "channel" or "customer_id".
///
/// Example: `cskpi::to_string(cskpi::Dimension::queue)` is "queue".
[[nodiscard]] std::string_view to_string(Dimension dimension) noexcept;

/// Parses a field name; empty when it is not a dimension.
///
/// Example: `cskpi::parse_dimension("team") == cskpi::Dimension::team`.
[[nodiscard]] std::optional<Dimension> parse_dimension(std::string_view name) noexcept;

/// How first contact resolution finds inquiries (docs/kpis.md, "FCR modes").
enum class FcrMode {
    case_based,  ///< "case": an inquiry is a case; FCR = one handled contact, and it resolved.
    window,      ///< "window": no repeat handled contact by the customer within the window.
    flag,        ///< "flag": the source's own first_contact_resolution verdict.
};

/// The option name: "case", "window" or "flag".
///
/// Example: `cskpi::to_string(cskpi::FcrMode::case_based)` is "case".
[[nodiscard]] std::string_view to_string(FcrMode mode) noexcept;

/// Parses "case", "window" or "flag"; empty otherwise.
///
/// Example: `cskpi::parse_fcr_mode("window") == cskpi::FcrMode::window`.
[[nodiscard]] std::optional<FcrMode> parse_fcr_mode(std::string_view name) noexcept;

/// The FCR mode a definitions profile reads its sources with (docs/kpis.md, "Definition
/// profiles"): `case` for standard, `window` for Amazon Connect and Genesys (their records
/// carry no resolution, so a contact resolves when the customer makes no handled contact
/// in the window after it), `flag` for Zendesk (one-touch tickets over solved tickets).
///
/// Example: `cskpi::default_fcr_mode(cskpi::Definitions::zendesk) == cskpi::FcrMode::flag`.
[[nodiscard]] FcrMode default_fcr_mode(Definitions definitions) noexcept;

/// The clock SLA targets are measured on: elapsed calendar time, or business time in the
/// report's business-hours schedule.
enum class SlaBasis { calendar, business };

/// The option name: "calendar" or "business".
///
/// Example: `cskpi::to_string(cskpi::SlaBasis::business)` is "business".
[[nodiscard]] std::string_view to_string(SlaBasis basis) noexcept;

/// Parses "calendar" or "business"; empty otherwise.
///
/// Example: `cskpi::parse_sla_basis("business") == cskpi::SlaBasis::business`.
[[nodiscard]] std::optional<SlaBasis> parse_sla_basis(std::string_view name) noexcept;

/// Everything that shapes a report. The defaults are those of docs/kpis.md, "KPI definitions".
///
/// Example:
/// ```
/// cskpi::ReportOptions options;
/// options.group_by = {cskpi::Dimension::agent_id};
/// options.period = cskpi::Period::week;
/// ```
struct ReportOptions {
    std::vector<Dimension> group_by{};  ///< Empty: only the overall KPIs.
    std::optional<Period> period{};     ///< Also group by day, ISO week or month.
    UtcOffset utc_offset{};             ///< Where periods start; UTC by default.
    /// An IANA time zone ("America/New_York") whose local days, weeks, months and intervals
    /// periods follow, daylight saving included; empty: `utc_offset` applies.
    std::string time_zone{};
    CsatScale csat{};                     ///< Scale 5, threshold 4.
    double service_level_seconds = 20.0;  ///< Answer-time target T.
    double short_abandon_seconds = 5.0;   ///< Abandons at or under this wait are short.
    AbandonMode abandon_mode = AbandonMode::count_against;
    FcrMode fcr_mode = FcrMode::case_based;
    /// Whose definitions service level, abandonment and hold time follow; with `standard`
    /// the abandon mode and short-abandon cut apply.
    Definitions definitions = Definitions::standard;
    GenesysServiceLevel genesys{};  ///< With Definitions::genesys.
    /// SLA targets on first response and resolution times (calendar seconds): the report
    /// gives the share of each within its target; empty: not reported.
    std::optional<double> first_response_target_seconds{};
    std::optional<double> resolution_target_seconds{};
    /// Open hours: with them the report also gives first response and resolution times in
    /// business seconds (docs/kpis.md, "Business hours"); empty: not reported.
    std::optional<BusinessSchedule> business_hours{};
    /// What the SLA targets measure; `business` needs `business_hours`.
    SlaBasis sla_basis = SlaBasis::calendar;
    std::chrono::milliseconds fcr_window = std::chrono::days{7};  ///< For FcrMode::window.
    friend bool operator==(const ReportOptions&, const ReportOptions&) = default;
};

/// Throws InvalidArgument for an option out of its domain: an invalid CSAT scale, a negative
/// or non-finite time, a non-positive FCR window, a dimension listed twice, a time zone the
/// tz database does not know (argument "time_zone"), a business-hours schedule `validate`
/// refuses, an SLA basis of business without a schedule (argument "sla_basis").
///
/// Example: `cskpi::validate(ReportOptions{.service_level_seconds = -1})` throws.
void validate(const ReportOptions& options);

}  // namespace cskpi
