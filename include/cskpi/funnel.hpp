#pragma once
/// \file
/// Funnel-plot control limits: how far a group's rate may stray from a target by chance alone,
/// given the group's volume. The standard picture for "which agents are really below the team"
/// (Spiegelhalter 2005, "Funnel plots for comparing institutional performance", Statistics in
/// Medicine 24:1185-1202).

#include <cstdint>

#include "cskpi/rate.hpp"

namespace cskpi {

/// The limits of a funnel plot at one volume, in percent: a group of that volume whose rate
/// lies outside [lower, upper] differs from the target more than chance explains at the
/// chosen coverage.
///
/// Example: `binomial_control_limits(80.0, 100, 0.95)` is about [71.35, 87.03].
using ControlLimits = Interval;

/// The exact binomial control limits around a target rate for a group of `volume` cases.
///
/// With target proportion p0 = `target_percent` / 100 and the lower and upper tail
/// probabilities q = (1 - coverage) / 2 and 1 - q, each limit is the binomial quantile r (the
/// smallest count with P(R <= r) >= q for R ~ Binomial(volume, p0)) interpolated as
/// Spiegelhalter (2005, appendix A.1.1) does so that the limits are smooth in the volume:
/// (r - a) / volume with a = (P(R <= r) - q) / (P(R <= r) - P(R <= r - 1)), clamped to
/// [0, 100] percent. 95% and 99.8% coverage are the usual "2 and 3 sigma" limits. A target of
/// 0% or 100% leaves no room for chance: both limits are the target.
///
/// Throws InvalidArgument when `volume` is 0, `target_percent` is outside [0, 100] or not
/// finite, or `coverage` is not strictly between 0 and 1.
///
/// Example: `cskpi::binomial_control_limits(80.0, 100, 0.998).lower` is about 66.32.
[[nodiscard]] ControlLimits binomial_control_limits(double target_percent, std::uint64_t volume,
                                                    double coverage);

/// Where a group's rate falls against the funnel's limits.
enum class FunnelPosition {
    inside,      ///< Within the 95% limits.
    above_95,    ///< Above the 95% upper limit, within the 99.8% one.
    below_95,    ///< Below the 95% lower limit, within the 99.8% one.
    above_99_8,  ///< Above the 99.8% upper limit.
    below_99_8,  ///< Below the 99.8% lower limit.
};

/// Where `rate` (a group's numerator of denominator) falls against the 95% and 99.8% limits
/// around `target_percent` at its volume. A rate with no denominator is inside.
///
/// Example: 55 of 100 against 80% is `FunnelPosition::below_99_8`.
[[nodiscard]] FunnelPosition funnel_position(const Rate& rate, double target_percent);

}  // namespace cskpi
