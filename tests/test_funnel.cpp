#include "cskpi/funnel.hpp"

#include <cstdint>
#include <limits>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/rate.hpp"

using cskpi::binomial_control_limits;
using cskpi::funnel_position;
using cskpi::FunnelPosition;

// The expected limits are an independent computation of Spiegelhalter (2005), appendix A.1.1,
// with SciPy's binomial distribution:
//
//   python3 -c '
//   from scipy.stats import binom
//   def lim(p0, n, q):
//       r = binom.ppf(q, n, p0)
//       a = (binom.cdf(r, n, p0) - q) / (binom.cdf(r, n, p0) - binom.cdf(r - 1, n, p0))
//       return max(0.0, min(1.0, (r - a) / n)) * 100
//   for p0, n in [(0.8, 100), (0.8, 10), (0.5, 1), (0.9, 1000), (0.7132, 25000), (0.3, 3)]:
//       print(p0, n, ["%.15g" % lim(p0, n, q) for q in (0.025, 0.975, 0.001, 0.999)])'
struct Expected {
    double target_percent;
    std::uint64_t volume;
    double lower95, upper95, lower998, upper998;
};

TEST_CASE("funnel limits equal an independent binomial computation") {
    const Expected cases[] = {
        {80.0, 100, 71.3523914966408, 87.0257767284931, 66.3234148483357, 90.9021747435401},
        {80.0, 10, 47.0506117078993, 97.6716935634613, 30.2463960193452, 99.9068677425385},
        {50.0, 1, 0.0, 95.0, 0.0, 99.8},
        {90.0, 1000, 88.051707346949, 91.772134325534, 86.9082156053137, 92.7659153687364},
        {71.32, 25000, 70.7565663751714, 71.8778250654379, 70.4316663069892, 72.1994761853792},
        {30.0, 3, 0.0, 69.1358024691358, 0.0, 98.7654320987654},
    };
    for (const Expected& e : cases) {
        INFO("target " << e.target_percent << " volume " << e.volume);
        const auto narrow = binomial_control_limits(e.target_percent, e.volume, 0.95);
        const auto wide = binomial_control_limits(e.target_percent, e.volume, 0.998);
        CHECK_THAT(narrow.lower, WithinAbs(e.lower95, 1e-9));
        CHECK_THAT(narrow.upper, WithinAbs(e.upper95, 1e-9));
        CHECK_THAT(wide.lower, WithinAbs(e.lower998, 1e-9));
        CHECK_THAT(wide.upper, WithinAbs(e.upper998, 1e-9));
    }
}

TEST_CASE("funnel limits narrow as the volume grows") {
    double previous_width = 100.0;
    for (std::uint64_t volume : {10U, 100U, 1000U, 10000U, 1000000U}) {
        const auto limits = binomial_control_limits(75.0, volume, 0.95);
        CHECK(limits.lower < 75.0);
        CHECK(limits.upper > 75.0);
        CHECK(limits.upper - limits.lower < previous_width);
        previous_width = limits.upper - limits.lower;
    }
    // A billion cases: about 1.96 sqrt(0.75 0.25 / 1e9) = 0.00268 points either side.
    const auto huge = binomial_control_limits(75.0, 1'000'000'000, 0.95);
    CHECK_THAT(huge.lower, WithinAbs(75.0 - 0.002684, 2e-5));
    CHECK_THAT(huge.upper, WithinAbs(75.0 + 0.002684, 2e-5));
}

TEST_CASE("funnel limits of a 0 or 100 percent target are the target") {
    const auto none = binomial_control_limits(0.0, 50, 0.95);
    CHECK(none.lower == 0.0);
    CHECK(none.upper == 0.0);
    const auto all = binomial_control_limits(100.0, 50, 0.998);
    CHECK(all.lower == 100.0);
    CHECK(all.upper == 100.0);
}

TEST_CASE("funnel limits refuse invalid arguments") {
    CHECK_THROWS_AS(binomial_control_limits(80.0, 0, 0.95), cskpi::InvalidArgument);
    CHECK_THROWS_AS(binomial_control_limits(-0.1, 10, 0.95), cskpi::InvalidArgument);
    CHECK_THROWS_AS(binomial_control_limits(100.1, 10, 0.95), cskpi::InvalidArgument);
    CHECK_THROWS_AS(binomial_control_limits(std::numeric_limits<double>::quiet_NaN(), 10, 0.95),
                    cskpi::InvalidArgument);
    CHECK_THROWS_AS(binomial_control_limits(80.0, 10, 0.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(binomial_control_limits(80.0, 10, 1.0), cskpi::InvalidArgument);
}

TEST_CASE("funnel position places a rate against both limits") {
    // Limits at 80% and volume 100: 95% [71.35, 87.03], 99.8% [66.32, 90.90].
    CHECK(funnel_position(cskpi::make_rate(80, 100), 80.0) == FunnelPosition::inside);
    CHECK(funnel_position(cskpi::make_rate(72, 100), 80.0) == FunnelPosition::inside);
    CHECK(funnel_position(cskpi::make_rate(71, 100), 80.0) == FunnelPosition::below_95);
    CHECK(funnel_position(cskpi::make_rate(66, 100), 80.0) == FunnelPosition::below_99_8);
    CHECK(funnel_position(cskpi::make_rate(88, 100), 80.0) == FunnelPosition::above_95);
    CHECK(funnel_position(cskpi::make_rate(91, 100), 80.0) == FunnelPosition::above_99_8);
    CHECK(funnel_position(cskpi::make_rate(0, 0), 80.0) == FunnelPosition::inside);
}
