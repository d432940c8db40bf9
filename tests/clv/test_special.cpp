// Special functions behind the CLV models (cskpi/clv/detail/special.hpp): the Gauss
// hypergeometric function 2F1 and the BG/NBD expectation series.

#include "cskpi/clv/detail/special.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>

#include <cmath>

#include "catch.hpp"

using namespace cskpi::clv::detail;

namespace {

// E_p[(1 - (1 + p t / A)^-R) / p], p ~ Beta(a, b), by numerical integration.
double integrated_expectation(double a, double b, double R, double A, double t) {
    boost::math::quadrature::tanh_sinh<double> integrator;
    const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    // Integrand with p and q = 1 - p given separately, so both end points stay exact.
    auto g = [&](double p, double q) {
        const double gain = -std::expm1(-R * std::log1p(p * t / A));
        if (!(p > 0.0) || !(q > 0.0) || !(gain > 0.0)) {
            return 0.0;
        }
        return std::exp((a - 2.0) * std::log(p) + (b - 1.0) * std::log(q) - log_beta +
                        std::log(gain));
    };
    const double low =
        integrator.integrate([&](double p) { return g(p, 1.0 - p); }, 0.0, 0.5, 1e-13);
    const double high =
        integrator.integrate([&](double u) { return g(1.0 - u, u); }, 0.0, 0.5, 1e-13);
    return low + high;
}

}  // namespace

TEST_CASE("2F1(1, b; c; z) matches closed forms", "[clv][special]") {
    // 2F1(1, 1; 2; z) = -log(1 - z) / z
    for (const double z : {0.0, 1e-8, 0.1, 0.5, 0.75, 0.76, 0.9, 0.99, 0.999999}) {
        INFO("z = " << z);
        const double expected = z == 0.0 ? 1.0 : -std::log1p(-z) / z;
        // Near z = 1 the continued fraction runs long; rounding grows to ~1e-11.
        const double tolerance = z > 0.99 ? 1e-10 : 1e-13;
        CHECK_THAT(log_hyp2f1_1bc(1.0, 2.0, z), WithinAbs(std::log(expected), tolerance));
    }
    // 2F1(1, b; b; z) = 1 / (1 - z)
    for (const double z : {0.3, 0.8, 0.95, 0.9999}) {
        CHECK_THAT(log_hyp2f1_1bc(2.5, 2.5, z), WithinAbs(-std::log1p(-z), 1e-12));
    }
    // 2F1(1/2, 1/2; 3/2; z^2) = asin(z) / z
    for (const double z : {0.2, 0.7, 0.95}) {
        CHECK_THAT(log_hyp2f1_series(0.5, 0.5, 1.5, z * z),
                   WithinAbs(std::log(std::asin(z) / z), 1e-13));
    }
}

TEST_CASE("2F1(1, b; c; z) near z = 1 (connection formula)", "[clv][special]") {
    // References: mpmath 1.3 hyp2f1 at 40 digits.
    struct Case {
        double b, c, w, log_value;
    };
    for (const Case k :
         {Case{0.5, 1.8, 1e-10, 0.9799762665805438}, Case{1.6062, 1.8, 1e-8, 15.03758310496386},
          Case{2.0, 2.5, 1e-10, 12.369960546041343},
          Case{0.5, 2.5, 1e-8, 0.40546501907328353},       // d = 1
          Case{2.0, 3.0, 1e-8, 3.550805250092865},         // d = 0
          Case{1.6062, 2.6062, 1e-10, 3.579232363007584},  // d = 0
          Case{1.0, 3.0001, 1e-10, 0.6930971821095039},    // d near 1
          Case{0.5, 100001.0, 1e-8, 5.000012450040916e-06}}) {
        INFO("b = " << k.b << ", c = " << k.c << ", w = " << k.w);
        CHECK_THAT(log_hyp2f1_1bc(k.b, k.c, 1.0 - k.w, k.w), WithinAbs(k.log_value, 1e-11));
    }
    // 2F1(1, 1; 2; z) = -log(w) / z and 2F1(1, b; b; z) = 1 / w with w = 1 - z exact.
    for (const double w : {1e-4, 1e-9, 1e-15, 1e-26}) {
        // d = 0 is a pole interpolated around; its error grows with log(w)^4 (w >= e^-60 in fits).
        const double tolerance = w < 1e-20 ? 1e-9 : 1e-11;
        CHECK_THAT(log_hyp2f1_1bc(1.0, 2.0, 1.0 - w, w),
                   WithinRel(std::log(-std::log(w) / (1.0 - w)), tolerance));
        CHECK_THAT(log_hyp2f1_1bc(2.5, 2.5, 1.0 - w, w), WithinRel(-std::log(w), 1e-11));
    }
}

TEST_CASE("2F1 continued fraction agrees with the series", "[clv][special]") {
    struct Case {
        double b, c;
    };
    for (const Case k : {Case{0.5, 1.7}, Case{1.6062, 2.8}, Case{1.6, 100001.0},
                         Case{100000.55, 100002.16}, Case{0.3, 0.8}, Case{1.6, 1.85}}) {
        for (const double z : {0.76, 0.9, 0.99, 0.999}) {
            INFO("b = " << k.b << ", c = " << k.c << ", z = " << z);
            const double reference = log_hyp2f1_series(1.0, k.b, k.c, z);
            CHECK_THAT(log_hyp2f1_1bc(k.b, k.c, z), WithinAbs(reference, 1e-11));
        }
    }
}

TEST_CASE("BG/NBD expectation series matches numerical integration", "[clv][special]") {
    struct Case {
        double a, b, R, A, t;
    };
    for (const Case k :
         {Case{0.7929, 2.426, 0.2426, 4.414, 39.0}, Case{0.7929, 4.426, 2.2426, 43.27, 39.0},
          Case{2.5, 0.4, 1.3, 2.0, 10.0}, Case{1.0, 3.0, 0.5, 1.0, 5.0},
          Case{1.0 + 1e-12, 3.0, 0.5, 1.0, 5.0}, Case{0.3, 0.2, 0.5, 1.0, 50.0},
          Case{5.0, 50.0, 20.0, 30.0, 0.01}, Case{0.8, 100002.4, 100000.24, 34.0, 52.0}}) {
        INFO("a = " << k.a << ", b = " << k.b << ", R = " << k.R << ", A = " << k.A
                    << ", t = " << k.t);
        const double expected = integrated_expectation(k.a, k.b, k.R, k.A, k.t);
        CHECK_THAT(active_expected_purchases(k.a, k.b, k.R, k.A, k.t), WithinRel(expected, 1e-9));
    }
    CHECK(active_expected_purchases(0.8, 2.4, 0.24, 4.4, 0.0) == 0.0);
}
