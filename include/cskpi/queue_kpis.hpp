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

/// The counts of one queue over a period that service level and abandonment need.
/// A short abandon waited <= the short-abandon limit, a long abandon longer.
///
/// Example: `cskpi::QueueCounts{.answered = 90, .answered_within_target = 72, .long_abandons =
/// 10}`.
struct QueueCounts {
    std::uint64_t answered = 0;                     ///< Queued and not abandoned.
    std::uint64_t answered_within_target = 0;       ///< Answered with wait <= T.
    std::uint64_t short_abandons = 0;               ///< Abandoned with wait <= the short limit.
    std::uint64_t long_abandons = 0;                ///< Abandoned with wait > the short limit.
    std::uint64_t long_abandons_within_target = 0;  ///< Long abandons with wait <= T.
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

}  // namespace cskpi
