#pragma once
/// \file
/// The formula layer for contact outcomes: FCR, CSAT, CES and AHT on counts and sums.
/// Record-level accumulation builds on these; see docs/kpis.md for the definitions.

#include <cstdint>
#include <optional>
#include <span>

#include "cskpi/mean.hpp"
#include "cskpi/rate.hpp"

namespace cskpi {

/// First contact resolution: inquiries resolved on their first contact / inquiries x 100
/// (SQM Group, "First Call Resolution" definition; COPC CX Standard, FCR metric). Which
/// contacts form an inquiry is the report engine's concern (modes case, window, flag).
///
/// Example: `cskpi::fcr(850, 1000).value` is 85.0.
[[nodiscard]] Rate fcr(std::uint64_t resolved_first_contact, std::uint64_t inquiries);

/// A CSAT survey scale: answers 1..points; an answer >= threshold counts as satisfied.
/// The default 5 / 4 is the usual "top-2-box" CSAT (ACSI and most vendors' convention).
///
/// Example: `cskpi::CsatScale{.points = 10, .threshold = 8}`.
struct CsatScale {
    int points = 5;     ///< Highest answer; the lowest is 1.
    int threshold = 4;  ///< Lowest answer that counts as satisfied.
    friend bool operator==(const CsatScale&, const CsatScale&) = default;
};

/// Throws InvalidArgument unless points >= 2 and 1 <= threshold <= points.
///
/// Example: `cskpi::validate(cskpi::CsatScale{5, 9})` throws, naming threshold = 9.
void validate(const CsatScale& scale);

/// True when `answer` is satisfied on `scale`. Throws InvalidArgument when the answer is
/// outside 1..points or the scale is invalid.
///
/// Example: `cskpi::is_satisfied(4, {})` is true, `is_satisfied(3, {})` false.
[[nodiscard]] bool is_satisfied(int answer, const CsatScale& scale = {});

/// CSAT: satisfied responses / responses x 100 (ACSI; Zendesk and Amazon Connect use the
/// same share-of-satisfied definition).
///
/// Example: `cskpi::csat(750, 850).value` is 88.235...
[[nodiscard]] Rate csat(std::uint64_t satisfied, std::uint64_t responses);

/// CSAT as a share and as a mean answer, the form reports carry.
struct CsatScore {
    Rate satisfied{};  ///< Share of answers >= threshold.
    Mean answers{};    ///< Mean answer on the scale.
};

/// CSAT from raw answers. Throws InvalidArgument for an answer outside the scale.
///
/// Example: `cskpi::csat_from_answers(std::vector{5, 4, 2, 5}).satisfied.value` is 75.0.
[[nodiscard]] CsatScore csat_from_answers(std::span<const int> answers,
                                          const CsatScale& scale = {});

/// Customer Effort Score on a 1..points scale (default 7, Gartner's CES 2.0, "the company
/// made it easy for me to handle my issue"; Dixon, Freeman & Toman 2010, HBR): the mean
/// answer, and the share answering 5 or more ("agree" on the 7-point scale).
struct CesScore {
    Mean answers{};  ///< Mean answer.
    Rate agree{};    ///< Share of answers >= 5.
};

/// CES from raw answers. Throws InvalidArgument for an answer outside 1..points or
/// points < 5.
///
/// Example: `cskpi::ces_from_answers(std::vector{7, 5, 3}).answers.value()` is 5.0.
[[nodiscard]] CesScore ces_from_answers(std::span<const int> answers, int points = 7);

/// Handle time of one contact: `handle` when given, else talk + hold + wrap with a missing
/// part counted as 0; empty when none is given (the ICMI / COPC AHT definition: talk, hold
/// and after-call work). Throws InvalidArgument for a negative or non-finite part.
///
/// Example: `cskpi::handle_time(std::nullopt, 300.0, 60.0, std::nullopt)` is 360.0.
[[nodiscard]] std::optional<double> handle_time(std::optional<double> handle,
                                                std::optional<double> talk,
                                                std::optional<double> hold,
                                                std::optional<double> wrap);

/// Average handle time in seconds: total handle seconds / handled contacts with handle data;
/// empty when there are none.
///
/// Example: `cskpi::aht(24000.0, 1000)` is 24.0.
[[nodiscard]] std::optional<double> aht(double total_handle_seconds, std::uint64_t contacts);

/// AHT from its parts: (talk + hold + wrap) / contacts, all totals in seconds.
///
/// Example: `cskpi::aht(180000.0, 30000.0, 60000.0, 1000)` is 270.0.
[[nodiscard]] std::optional<double> aht(double total_talk_seconds, double total_hold_seconds,
                                        double total_wrap_seconds, std::uint64_t contacts);

}  // namespace cskpi
