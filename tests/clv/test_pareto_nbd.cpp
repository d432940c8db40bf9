// Pareto/NBD (cskpi/clv/pareto_nbd.hpp): CDNOW estimates, the two hypergeometric branches,
// numerical integration checks and extremes.

#include "cskpi/clv/pareto_nbd.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <cmath>

#include "catch.hpp"
#include "cdnow.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

namespace {

const ParetoNbdParams kPaper{0.5532, 10.58, 0.6062, 11.67};

// The Pareto/NBD likelihood of Fader & Hardie (2005, eq. 16 before integration over tau):
// Gamma(r + x) alpha^r beta^s / Gamma(r) [f(T) + s int_{t_x}^T (alpha + tau)^-(r + x)
// (beta + tau)^-(s + 1) dtau], with the integral done by adaptive Gauss-Kronrod.
double integrated_log_likelihood(const ParetoNbdParams& p, const Rfm& c) {
    const double x = c.frequency;
    const double lead =
        std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) + p.s * std::log(p.beta);
    const double l0 = -(p.r + x) * std::log(p.alpha + c.T) - p.s * std::log(p.beta + c.T);
    // Substitute u = log(beta + tau), dtau = (beta + tau) du: smooth even for a tiny beta.
    // Scale the integrand by e^-l0 to keep it near 1.
    auto f = [&](double u) {
        const double tau = std::exp(u) - p.beta;
        return std::exp(-(p.r + x) * std::log(p.alpha + tau) - p.s * u - l0);
    };
    const double integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        f, std::log(p.beta + c.recency), std::log(p.beta + c.T), 15, 1e-14);
    return lead + l0 + std::log1p(p.s * integral);
}

}  // namespace

TEST_CASE("Pareto/NBD fit on CDNOW reproduces the published estimates", "[clv][pareto][cdnow]") {
    const auto rows = cdnow::rfm();
    const auto data = rfm_values(rows);
    const auto fit = ParetoNbd::fit(data);
    INFO(fit.report.message);
    REQUIRE(fit.report.converged);
    const auto& p = fit.model.params();
    CHECK_THAT(p.r, WithinRel(kPaper.r, 1e-3));
    CHECK_THAT(p.alpha, WithinRel(kPaper.alpha, 1e-3));
    CHECK_THAT(p.s, WithinRel(kPaper.s, 1e-3));
    CHECK_THAT(p.beta, WithinRel(kPaper.beta, 1e-3));
    CHECK_THAT(fit.report.log_likelihood, WithinAbs(-9594.97, 0.01));
    CHECK(fit.report.observations == 2357.0);
    REQUIRE(fit.report.std_errors.has_value());
    for (const double se : *fit.report.std_errors) {
        CHECK(se > 0.0);
    }
    CHECK_THAT(log_likelihood(fit.model, data), WithinAbs(fit.report.log_likelihood, 1e-6));
}

TEST_CASE("Pareto/NBD likelihood matches numerical integration in both branches", "[clv][pareto]") {
    const std::vector<Rfm> customers{{0.0, 0.0, 38.86}, {2.0, 30.43, 38.86}, {7.0, 5.0, 38.0},
                                     {1.0, 0.5, 27.0},  {30.0, 37.0, 38.0},  {3.0, 38.0, 38.0}};
    for (const ParetoNbdParams p :
         {kPaper, ParetoNbdParams{0.5532, 11.67, 0.6062, 10.58},
          ParetoNbdParams{2.0, 1.0, 0.3, 50.0}, ParetoNbdParams{0.3, 80.0, 1.5, 0.2},
          ParetoNbdParams{1.0, 5.0, 1.0, 5.0}}) {
        const ParetoNbd model(p);
        for (const Rfm& c : customers) {
            INFO("alpha = " << p.alpha << ", beta = " << p.beta << ", x = " << c.frequency);
            CHECK_THAT(model.log_likelihood(c), WithinAbs(integrated_log_likelihood(p, c), 1e-10));
        }
    }
}

TEST_CASE("Pareto/NBD branches alpha >= beta and alpha < beta agree at the boundary",
          "[clv][pareto]") {
    for (const Rfm c : {Rfm{0.0, 0.0, 38.86}, Rfm{2.0, 30.43, 38.86}, Rfm{100.0, 10.0, 38.0}}) {
        const ParetoNbd equal({0.55, 11.0, 0.6, 11.0});
        const ParetoNbd above({0.55, 11.0 * (1.0 + 1e-12), 0.6, 11.0});
        const ParetoNbd below({0.55, 11.0 * (1.0 - 1e-12), 0.6, 11.0});
        CHECK_THAT(above.log_likelihood(c), WithinAbs(equal.log_likelihood(c), 1e-9));
        CHECK_THAT(below.log_likelihood(c), WithinAbs(equal.log_likelihood(c), 1e-9));
        CHECK_THAT(above.p_alive(c), WithinAbs(below.p_alive(c), 1e-10));
    }
}

TEST_CASE("Pareto/NBD predictions", "[clv][pareto]") {
    const ParetoNbd model(kPaper);
    CHECK(model.name() == "pareto_nbd");
    CHECK(model.parameter_names() == std::vector<std::string_view>{"r", "alpha", "s", "beta"});
    // E[X(t)] = E[lambda] int_0^t P(alive at tau) dtau = r / alpha int_0^t (beta / (beta + tau))^s.
    for (const double t : {1.0, 39.0, 78.0, 520.0}) {
        const double integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [](double tau) { return std::pow(11.67 / (11.67 + tau), 0.6062); }, 0.0, t, 15, 1e-14);
        CHECK_THAT(model.expected_purchases(t), WithinRel(0.5532 / 10.58 * integral, 1e-12));
    }
    const ParetoNbd s_one({0.5, 10.0, 1.0, 12.0});
    CHECK_THAT(s_one.expected_purchases(10.0),
               WithinRel(0.5 * 12.0 / 10.0 * std::log1p(10.0 / 12.0), 1e-12));
    CHECK(model.expected_purchases(0.0) == 0.0);
    const Rfm c{2.0, 30.43, 38.86};
    CHECK(model.conditional_expected_purchases(0.0, c) == 0.0);
    const double pa = model.p_alive(c);
    CHECK(pa > 0.0);
    CHECK(pa < 1.0);
    // Purchased at T: surely alive.
    CHECK_THAT(model.p_alive({3.0, 38.86, 38.86}), WithinAbs(1.0, 1e-15));
    // Conditional expectation = P(alive) times the active customer's expectation.
    const double active = (0.5532 + 2.0) / (10.58 + 38.86) * (11.67 + 38.86) / (0.6062 - 1.0) *
                          (1.0 - std::pow((11.67 + 38.86) / (11.67 + 38.86 + 52.0), 0.6062 - 1.0));
    CHECK_THAT(model.conditional_expected_purchases(52.0, c), WithinRel(pa * active, 1e-12));
}

TEST_CASE("Pareto/NBD at extreme frequencies stays finite", "[clv][pareto]") {
    for (const ParetoNbdParams p : {kPaper, ParetoNbdParams{0.5532, 11.67, 0.6062, 10.58}}) {
        const ParetoNbd model(p);
        for (const Rfm c : {Rfm{100000.0, 38.0, 38.0}, Rfm{100000.0, 1.0, 38.0},
                            Rfm{100000.0, 37.9, 38.0}, Rfm{0.0, 0.0, 1e6}}) {
            INFO("alpha = " << p.alpha << ", x = " << c.frequency << ", t_x = " << c.recency);
            const double ll = model.log_likelihood(c);
            CHECK(std::isfinite(ll));
            const double pa = model.p_alive(c);
            CHECK(pa >= 0.0);
            CHECK(pa <= 1.0);
            const double e = model.conditional_expected_purchases(52.0, c);
            CHECK(std::isfinite(e));
            CHECK(e >= 0.0);
        }
        CHECK(model.p_alive({100000.0, 1.0, 38.0}) < 1e-100);
    }
    // z close to 1: a tiny beta next to a large alpha.
    const ParetoNbd skewed({0.5, 1e4, 0.3, 1e-6});
    for (const Rfm c : {Rfm{0.0, 0.0, 10.0}, Rfm{5.0, 2.0, 10.0}}) {
        CHECK_THAT(skewed.log_likelihood(c),
                   WithinAbs(integrated_log_likelihood({0.5, 1e4, 0.3, 1e-6}, c), 1e-8));
    }
}

TEST_CASE("Pareto/NBD awkward data and invalid arguments", "[clv][pareto]") {
    std::vector<Rfm> zeros;
    for (int i = 0; i < 300; ++i) {
        zeros.push_back({0.0, 0.0, 5.0 + i % 20});
    }
    const auto fit = ParetoNbd::fit(zeros);
    CHECK_FALSE(fit.report.converged);
    CHECK(fit.report.message.find("no repeat purchases") != std::string::npos);
    CHECK(std::isfinite(fit.report.log_likelihood));
    CHECK_FALSE(ParetoNbd::fit({}).report.converged);
    CHECK(throws_naming([] { ParetoNbd({1.0, 1.0, 0.0, 1.0}); }, "s", "0"));
    CHECK(throws_naming([] { ParetoNbd({1.0, 1.0, 1.0, -4.0}); }, "beta", "-4"));
    const ParetoNbd model(kPaper);
    CHECK(throws_naming([&] { (void)model.p_alive({1.0, 2.0, 1.0}); }, "recency", "2"));
    CHECK(throws_naming([&] { (void)model.expected_purchases(-3.0); }, "t", "-3"));
}
