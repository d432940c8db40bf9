#pragma once
/// \file
/// `NpsScore`: Net Promoter Score from promoter, passive and detractor counts.

#include <cstdint>
#include <optional>

namespace cskpi {

/// Net Promoter Score: %promoters (answers 9-10) - %detractors (0-6), in points from -100
/// to +100; passives (7-8) stay in the denominator (Reichheld 2003, "The One Number You
/// Need to Grow", Harvard Business Review).
///
/// `margin95` is the 95% margin of error in points, z √((p + d - (p - d)²) / n) x 100 with
/// p and d the promoter and detractor shares: the standard error of the mean of a variable
/// scored +1 / 0 / -1. `value` and `margin95` are empty when there are no responses.
///
/// Example: `cskpi::nps(650, 250, 100).value` is 55.0.
struct NpsScore {
    std::uint64_t promoters = 0;
    std::uint64_t passives = 0;
    std::uint64_t detractors = 0;
    std::uint64_t responses = 0;       ///< promoters + passives + detractors.
    std::optional<double> value{};     ///< Points, -100 to +100.
    std::optional<double> margin95{};  ///< Points.
    friend bool operator==(const NpsScore&, const NpsScore&) = default;
};

/// NPS from counts of each answer class. Throws InvalidArgument if the total overflows.
///
/// Example: `cskpi::nps(650, 250, 100).margin95` is about 4.15 points.
[[nodiscard]] NpsScore nps(std::uint64_t promoters, std::uint64_t passives,
                           std::uint64_t detractors);

/// The class of one 0-10 answer: +1 promoter (9-10), 0 passive (7-8), -1 detractor (0-6).
/// Throws InvalidArgument when the answer is outside 0-10.
///
/// Example: `cskpi::nps_class(9)` is 1.
[[nodiscard]] int nps_class(int answer);

}  // namespace cskpi
