#include "cskpi/funnel.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>

#include "cskpi/detail/check.hpp"

namespace cskpi {
namespace {

using Binomial = boost::math::binomial_distribution<double>;

// The smallest count r with P(R <= r) >= q. Boost's quantile lands on or next to it; the two
// loops settle the rounding either way.
double lower_quantile_count(const Binomial& binomial, double q) {
    using boost::math::cdf;
    const double n = binomial.trials();
    double r = std::floor(boost::math::quantile(binomial, q));
    r = std::clamp(r, 0.0, n);
    while (r > 0.0 && cdf(binomial, r - 1.0) >= q) {
        r -= 1.0;
    }
    while (r < n && cdf(binomial, r) < q) {
        r += 1.0;
    }
    return r;
}

// Spiegelhalter (2005), appendix A.1.1: the quantile count interpolated between r - 1 and r,
// as a proportion of the volume.
double interpolated_limit(const Binomial& binomial, double q) {
    const double r = lower_quantile_count(binomial, q);
    const double at_r = boost::math::cdf(binomial, r);
    const double step = boost::math::pdf(binomial, r);
    const double a = step > 0.0 ? (at_r - q) / step : 0.0;
    return std::clamp((r - a) / binomial.trials(), 0.0, 1.0);
}

}  // namespace

ControlLimits binomial_control_limits(double target_percent, std::uint64_t volume,
                                      double coverage) {
    detail::require(volume > 0, "binomial_control_limits", "volume", volume, "must be > 0");
    detail::require(
        std::isfinite(target_percent) && target_percent >= 0.0 && target_percent <= 100.0,
        "binomial_control_limits", "target_percent", target_percent, "must be in [0, 100]");
    detail::require(coverage > 0.0 && coverage < 1.0, "binomial_control_limits", "coverage",
                    coverage, "must be strictly between 0 and 1");
    if (target_percent == 0.0 || target_percent == 100.0) {
        return ControlLimits{target_percent, target_percent};
    }
    const Binomial binomial(static_cast<double>(volume), target_percent / 100.0);
    const double tail = (1.0 - coverage) / 2.0;
    return ControlLimits{100.0 * interpolated_limit(binomial, tail),
                         100.0 * interpolated_limit(binomial, 1.0 - tail)};
}

FunnelPosition funnel_position(const Rate& rate, double target_percent) {
    if (rate.denominator == 0 || !rate.value) {
        return FunnelPosition::inside;
    }
    const ControlLimits wide = binomial_control_limits(target_percent, rate.denominator, 0.998);
    if (*rate.value > wide.upper) {
        return FunnelPosition::above_99_8;
    }
    if (*rate.value < wide.lower) {
        return FunnelPosition::below_99_8;
    }
    const ControlLimits narrow = binomial_control_limits(target_percent, rate.denominator, 0.95);
    if (*rate.value > narrow.upper) {
        return FunnelPosition::above_95;
    }
    if (*rate.value < narrow.lower) {
        return FunnelPosition::below_95;
    }
    return FunnelPosition::inside;
}

}  // namespace cskpi
