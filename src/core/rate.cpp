#include "cskpi/rate.hpp"

#include <algorithm>
#include <cmath>

#include "cskpi/detail/check.hpp"

namespace cskpi {

std::optional<Interval> wilson_interval(std::uint64_t successes, std::uint64_t trials, double z) {
    detail::require(successes <= trials, "wilson_interval", "successes", successes,
                    "exceeds trials");
    detail::require(std::isfinite(z) && z > 0.0, "wilson_interval", "z", z,
                    "must be a finite number > 0");
    if (trials == 0) {
        return std::nullopt;
    }
    const auto n = static_cast<double>(trials);
    const double p = static_cast<double>(successes) / n;
    const double z2 = z * z;
    const double scale = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / scale;
    const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / scale;
    // At p = 0 or 1 one bound is exactly 0 or 1 in exact arithmetic; rounding must not push it out.
    const double lower = successes == 0 ? 0.0 : std::clamp(centre - half, 0.0, 1.0);
    const double upper = successes == trials ? 1.0 : std::clamp(centre + half, 0.0, 1.0);
    return Interval{lower, upper};
}

Rate make_rate(std::uint64_t numerator, std::uint64_t denominator) {
    detail::require(numerator <= denominator, "make_rate", "numerator", numerator,
                    "exceeds denominator = " + detail::value_text(denominator));
    Rate rate{numerator, denominator, std::nullopt, std::nullopt};
    if (denominator > 0) {
        rate.value = 100.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
        const Interval ci = *wilson_interval(numerator, denominator);
        rate.ci95 = Interval{100.0 * ci.lower, 100.0 * ci.upper};
    }
    return rate;
}

Rate complement(const Rate& rate) {
    return make_rate(rate.denominator - std::min(rate.numerator, rate.denominator),
                     rate.denominator);
}

}  // namespace cskpi
