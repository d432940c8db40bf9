// Modified BG/NBD (cskpi/clv/mbgnbd.hpp).

#include "cskpi/clv/mbgnbd.hpp"

#include <boost/math/quadrature/tanh_sinh.hpp>

#include <cmath>

#include "catch.hpp"
#include "cdnow.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

TEST_CASE("MBG/NBD fit on CDNOW matches BTYDplus", "[clv][mbgnbd][cdnow]") {
    const auto data = rfm_values(cdnow::rfm());
    const auto fit = MbgNbd::fit(data);
    INFO(fit.report.message);
    REQUIRE(fit.report.converged);
    // BTYDplus / lifetimes reference, 3 decimals.
    const auto& p = fit.model.params();
    CHECK_THAT(p.r, WithinAbs(0.525, 1e-3));
    CHECK_THAT(p.alpha, WithinAbs(6.183, 1e-3));
    CHECK_THAT(p.a, WithinAbs(0.891, 1e-3));
    CHECK_THAT(p.b, WithinAbs(1.614, 1e-3));
    REQUIRE(fit.report.std_errors.has_value());
    CHECK_THAT(log_likelihood(fit.model, data), WithinAbs(fit.report.log_likelihood, 1e-6));
    // Its extra dropout after the first purchase fits CDNOW no better than BG/NBD's 4
    // parameters do (it is not nested), but the log-likelihoods are close.
    CHECK_THAT(fit.report.log_likelihood, WithinAbs(BgNbd::fit(data).report.log_likelihood, 20.0));
}

TEST_CASE("MBG/NBD closed-form properties", "[clv][mbgnbd]") {
    const MbgNbdParams params{0.525, 6.183, 0.891, 1.614};
    const MbgNbd model(params);
    CHECK(model.name() == "mbgnbd");
    // Unlike BG/NBD, a customer without repeats may be inactive.
    const double pa0 = model.p_alive({0.0, 0.0, 38.86});
    const double odds = params.a / params.b * std::pow((6.183 + 38.86) / 6.183, 0.525);
    CHECK_THAT(pa0, WithinRel(1.0 / (1.0 + odds), 1e-13));
    CHECK(pa0 < 1.0);
    CHECK(model.conditional_expected_purchases(0.0, {2.0, 30.43, 38.86}) == 0.0);
    // E[X(t)] = E_p[(1 - p) / p (1 - (alpha / (alpha + p t))^r)], p ~ Beta(a, b).
    for (const double t : {1.0, 39.0, 78.0}) {
        boost::math::quadrature::tanh_sinh<double> integrator;
        const double lbeta =
            std::lgamma(params.a) + std::lgamma(params.b) - std::lgamma(params.a + params.b);
        auto g = [&](double p, double q) {
            if (!(p > 0.0) || !(q > 0.0)) {
                return 0.0;
            }
            const double gain = -std::expm1(-params.r * std::log1p(p * t / params.alpha));
            return std::exp((params.a - 2.0) * std::log(p) + params.b * std::log(q) - lbeta) * gain;
        };
        const double expected =
            integrator.integrate([&](double p) { return g(p, 1.0 - p); }, 0.0, 0.5, 1e-13) +
            integrator.integrate([&](double u) { return g(1.0 - u, u); }, 0.0, 0.5, 1e-13);
        CHECK_THAT(model.expected_purchases(t), WithinRel(expected, 1e-9));
    }
    // The population customer (x = 0, T = 0) is alive with probability b / (a + b) after
    // the first purchase, and expects E[X(t)].
    CHECK_THAT(model.p_alive({0.0, 0.0, 0.0}), WithinRel(1.614 / (0.891 + 1.614), 1e-13));
    CHECK_THAT(model.conditional_expected_purchases(26.0, {0.0, 0.0, 0.0}),
               WithinRel(model.expected_purchases(26.0), 1e-12));
}

TEST_CASE("MBG/NBD extremes, awkward data and invalid arguments", "[clv][mbgnbd]") {
    const MbgNbd model({0.525, 6.183, 0.891, 1.614});
    for (const Rfm c : {Rfm{100000.0, 38.0, 38.0}, Rfm{100000.0, 1.0, 38.0}}) {
        CHECK(std::isfinite(model.log_likelihood(c)));
        const double e = model.conditional_expected_purchases(52.0, c);
        CHECK(std::isfinite(e));
        CHECK(e >= 0.0);
    }
    std::vector<Rfm> zeros(100, Rfm{0.0, 0.0, 20.0});
    const auto fit = MbgNbd::fit(zeros);
    CHECK_FALSE(fit.report.converged);
    CHECK(std::isfinite(fit.report.log_likelihood));
    CHECK(throws_naming([] { MbgNbd({1.0, 1.0, 1.0, 0.0}); }, "b", "0"));
    CHECK(throws_naming([&] { (void)model.p_alive({0.5, 0.0, 1.0}); }, "frequency", "0.5"));
}
