#pragma once
/// \file
/// The formula layer for queues: ASA, service level (three abandon modes) and abandonment.

#include <cstdint>
#include <optional>
#include <string_view>

#include "cskpi/rate.hpp"

namespace cskpi {

/// Average speed of answer in seconds: total wait of answered contacts / answered contacts;
/// empty when none was answered (ICMI glossary; Amazon Connect "Average queue answer time").
///
/// Example: `cskpi::asa(3000.0, 100)` is 30.0.
[[nodiscard]] std::optional<double> asa(double total_wait_seconds_answered, std::uint64_t answered);

/// How abandoned contacts enter the service level (ICMI lists the variants; which one a
/// centre uses is policy, so cskpi makes it an option).
enum class AbandonMode {
    count_against,  ///< Long abandons join the denominator and never meet the target (default).
    ignore,         ///< Abandons are left out: answered within T / answered.
    count_for,      ///< Long abandons join the denominator; those within T meet the target.
};

/// The option name of a mode: "against", "ignore" or "for".
///
/// Example: `cskpi::to_string(cskpi::AbandonMode::count_for)` is "for".
[[nodiscard]] std::string_view to_string(AbandonMode mode) noexcept;

/// Parses "against", "ignore" or "for"; empty otherwise.
///
/// Example: `cskpi::parse_abandon_mode("ignore") == cskpi::AbandonMode::ignore`.
[[nodiscard]] std::optional<AbandonMode> parse_abandon_mode(std::string_view name) noexcept;

/// Whose definitions a report's rates follow (docs/kpis.md, "Definition profiles"): cskpi's
/// own (`standard`), or those of the dashboards of Amazon Connect, Genesys Cloud or Zendesk.
enum class Definitions { standard, amazon_connect, genesys, zendesk };

/// The profile's name: "standard", "amazon-connect", "genesys" or "zendesk".
///
/// Example: `cskpi::to_string(cskpi::Definitions::amazon_connect)` is "amazon-connect".
[[nodiscard]] std::string_view to_string(Definitions definitions) noexcept;

/// Parses a profile's name; empty otherwise.
///
/// Example: `cskpi::parse_definitions("genesys") == cskpi::Definitions::genesys`.
[[nodiscard]] std::optional<Definitions> parse_definitions(std::string_view name) noexcept;

/// The three switches of Genesys Cloud's service-level calculation (Admin, "Service Level
/// Calculations Options"): which contacts join the answered ones in the denominator.
/// Genesys does not publish their defaults; these give its base formula, answered within
/// target / (answered + abandoned).
///
/// Example: `cskpi::GenesysServiceLevel{.include_flow_outs = true}`.
struct GenesysServiceLevel {
    bool include_abandons = true;        ///< Abandons join the denominator ...
    bool include_short_abandons = true;  ///< ... short ones too.
    bool include_flow_outs = false;      ///< Flow-outs (callback requests among them) join it.
    friend bool operator==(const GenesysServiceLevel&, const GenesysServiceLevel&) = default;
};

/// The counts of one queue over a period that service level and abandonment need.
/// A short abandon waited <= the short-abandon limit, a long abandon longer.
///
/// Example: `cskpi::QueueCounts{.answered = 90, .answered_within_target = 72, .long_abandons =
/// 10}`.
struct QueueCounts {
    std::uint64_t answered = 0;                     ///< Queued and handled.
    std::uint64_t answered_within_target = 0;       ///< Answered with wait <= T.
    std::uint64_t short_abandons = 0;               ///< Abandoned with wait <= the short limit.
    std::uint64_t long_abandons = 0;                ///< Abandoned with wait > the short limit.
    std::uint64_t long_abandons_within_target = 0;  ///< Long abandons with wait <= T.
    std::uint64_t queued = 0;                       ///< Every contact with a queue wait.
    std::uint64_t abandons_within_target = 0;       ///< Abandons, short or long, with wait <= T.
    std::uint64_t callback_requests = 0;            ///< Left the queue asking for a callback.
    std::uint64_t callback_requests_within_target = 0;  ///< ... with wait <= T.
    std::uint64_t flow_outs = 0;  ///< Taken out of the queue unanswered by the system.
    friend bool operator==(const QueueCounts&, const QueueCounts&) = default;
};

/// Service level: contacts meeting the answer-time target T / contacts offered x 100, with
/// abandons per `mode` (docs/kpis.md, "Service level and abandons"): against: answered within
/// T / (answered + long abandons); ignore: answered within T / answered; for: (answered within
/// T + long abandons within T) / (answered + long abandons). Short abandons never count.
/// Throws InvalidArgument when a "within target" count exceeds its total.
///
/// Example: with the QueueCounts above, `service_level(c).value` is 72.0.
[[nodiscard]] Rate service_level(const QueueCounts& counts,
                                 AbandonMode mode = AbandonMode::count_against);

/// Abandonment rate: long abandons / (queued - short abandons) x 100 (ICMI; short abandons
/// are removed from both sides as likely misdials). Throws InvalidArgument when the
/// abandons exceed the queued contacts.
///
/// Example: `cskpi::abandonment_rate(8, 110, 10).value` is 8.0.
[[nodiscard]] Rate abandonment_rate(std::uint64_t long_abandons, std::uint64_t queued,
                                    std::uint64_t short_abandons);

/// Amazon Connect's "Service level X" (`SERVICE_LEVEL`): contacts removed from the queue
/// within T (answered, abandoned or a callback requested) / contacts queued x 100 (Amazon
/// Connect admin guide, "Historical metrics definitions"). Throws InvalidArgument when the
/// counts are inconsistent (more removed within T than queued).
///
/// Example: `cskpi::connect_service_level({.answered = 7, .answered_within_target = 6,
/// .long_abandons = 2, .queued = 10, .abandons_within_target = 1}).value` is 70.0.
[[nodiscard]] Rate connect_service_level(const QueueCounts& counts);

/// Abandonment as Amazon Connect (`ABANDONMENT_RATE`) and Genesys Cloud (Abandon %) define it:
/// contacts abandoned / contacts queued (offered) x 100. A callback request is not an abandon,
/// and no abandon is left out as short.
///
/// Example: `cskpi::abandoned_of_queued({.short_abandons = 1, .long_abandons = 2,
/// .queued = 10}).value` is 30.0.
[[nodiscard]] Rate abandoned_of_queued(const QueueCounts& counts);

/// Genesys Cloud's Service Level % (`oServiceLevel`): answered within T / (answered +
/// abandons when included, short ones only when they are included too, + flow-outs and
/// callback requests when included) x 100 (Genesys Cloud resource center, "Configure the
/// service level calculation"). Abandons within T never meet the target.
///
/// Example: `cskpi::genesys_service_level({.answered = 8, .answered_within_target = 6,
/// .long_abandons = 2, .queued = 10}, {}).value` is 60.0.
[[nodiscard]] Rate genesys_service_level(const QueueCounts& counts,
                                         const GenesysServiceLevel& switches);

}  // namespace cskpi
