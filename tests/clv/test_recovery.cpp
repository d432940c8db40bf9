// Parameter recovery: simulate 100,000 customers from known parameters with a seeded
// generator and check that maximum likelihood recovers them within 3 standard errors.

#include <cmath>
#include <random>

#include "catch.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/mbgnbd.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "simulate.hpp"

using namespace cskpi::clv;

namespace {

constexpr std::size_t kCustomers = 100000;

void check_recovered(const FitReport& report, const std::vector<double>& estimate,
                     const std::vector<double>& truth) {
    INFO(report.message);
    REQUIRE(report.converged);
    REQUIRE(report.std_errors.has_value());
    for (std::size_t k = 0; k < truth.size(); ++k) {
        const double se = (*report.std_errors)[k];
        INFO("parameter " << k << ": estimate " << estimate[k] << ", truth " << truth[k]
                          << ", standard error " << se);
        CHECK(se > 0.0);
        CHECK(std::abs(estimate[k] - truth[k]) <= 3.0 * se);
    }
}

}  // namespace

TEST_CASE("BG/NBD recovers simulated parameters", "[clv][recovery][bgnbd]") {
    std::mt19937_64 rng(20240601);
    const auto T = simulate::observation_lengths(rng, kCustomers, 26.0, 39.0);
    const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
    const auto data = simulate::bgnbd(rng, T, truth[0], truth[1], truth[2], truth[3]);
    const auto fit = BgNbd::fit(data);
    check_recovered(fit.report, fit.model.parameter_values(), truth);
}

TEST_CASE("MBG/NBD recovers simulated parameters", "[clv][recovery][mbgnbd]") {
    std::mt19937_64 rng(7);
    const auto T = simulate::observation_lengths(rng, kCustomers, 26.0, 39.0);
    const std::vector<double> truth{0.5, 5.0, 0.8, 2.5};
    const auto data = simulate::bgnbd(rng, T, truth[0], truth[1], truth[2], truth[3], true);
    const auto fit = MbgNbd::fit(data);
    check_recovered(fit.report, fit.model.parameter_values(), truth);
}

TEST_CASE("Pareto/NBD recovers simulated parameters", "[clv][recovery][pareto]") {
    std::mt19937_64 rng(1987);
    const auto T = simulate::observation_lengths(rng, kCustomers, 26.0, 39.0);
    const std::vector<double> truth{0.55, 10.0, 0.6, 12.0};
    const auto data = simulate::pareto_nbd(rng, T, truth[0], truth[1], truth[2], truth[3]);
    const auto fit = ParetoNbd::fit(data);
    check_recovered(fit.report, fit.model.parameter_values(), truth);
}
