// Gamma-Gamma spend model (cskpi/clv/gamma_gamma.hpp).

#include "cskpi/clv/gamma_gamma.hpp"

#include <cmath>

#include "catch.hpp"
#include "cdnow.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

namespace {

std::vector<SpendObservation> cdnow_spend() {
    std::vector<SpendObservation> out;
    for (const auto& r : cdnow::rfm()) {
        out.push_back({r.rfm.frequency, r.monetary_value});
    }
    return out;
}

std::vector<SpendObservation> cdnow_csv_spend() {
    std::vector<SpendObservation> out;
    for (const auto& r : cdnow::summary("cdnow_customers_summary_with_transactions.csv")) {
        out.push_back({r.x, r.zbar});
    }
    return out;
}

}  // namespace

TEST_CASE("Gamma-Gamma fit on CDNOW reproduces Fader, Hardie & Lee (2005)", "[clv][gg][cdnow]") {
    for (const auto& data : {cdnow_spend(), cdnow_csv_spend()}) {
        const auto fit = GammaGamma::fit(data);
        INFO(fit.report.message);
        REQUIRE(fit.report.converged);
        CHECK(fit.report.observations == 946.0);  // customers with x = 0 are skipped
        const auto& p = fit.model.params();
        CHECK_THAT(p.p, WithinRel(6.249, 1e-3));
        CHECK_THAT(p.q, WithinRel(3.745, 1e-3));
        CHECK_THAT(p.gamma, WithinRel(15.45, 1e-3));
        REQUIRE(fit.report.std_errors.has_value());
        CHECK(fit.report.std_errors->size() == 3);
        double ll = 0.0;
        for (const auto& c : data) {
            if (c.frequency > 0) {
                ll += fit.model.log_likelihood(c);
            }
        }
        CHECK_THAT(ll, WithinAbs(fit.report.log_likelihood, 1e-6));
    }
}

TEST_CASE("Gamma-Gamma expected spend", "[clv][gg]") {
    const GammaGamma model({6.25, 3.74, 15.44});
    CHECK(model.parameter_names() == std::vector<std::string_view>{"p", "q", "gamma"});
    const double mean = 6.25 * 15.44 / 2.74;
    REQUIRE(model.expected_spend().has_value());
    CHECK_THAT(*model.expected_spend(), WithinRel(mean, 1e-14));
    // x = 0: the population mean; otherwise a weighted mean of it and z-bar.
    CHECK_THAT(*model.conditional_expected_spend({0.0, 0.0}), WithinRel(mean, 1e-14));
    const double x = 2.0, zbar = 22.35;
    const double w = 6.25 * x / (6.25 * x + 3.74 - 1.0);
    CHECK_THAT(*model.conditional_expected_spend({x, zbar}),
               WithinRel((1.0 - w) * mean + w * zbar, 1e-13));
    // Large frequency: tends to z-bar.
    CHECK_THAT(*model.conditional_expected_spend({100000.0, 50.0}), WithinRel(50.0, 1e-4));
    CHECK(std::isfinite(model.log_likelihood({100000.0, 50.0})));
    // Undefined means are empty, never infinite.
    const GammaGamma heavy_tail({0.5, 0.8, 10.0});
    CHECK_FALSE(heavy_tail.expected_spend().has_value());
    CHECK_FALSE(heavy_tail.conditional_expected_spend({0.0, 0.0}).has_value());
    CHECK(heavy_tail.conditional_expected_spend({1.0, 10.0}).has_value());
}

TEST_CASE("Gamma-Gamma density integrates to one", "[clv][gg]") {
    // The density of z-bar given x = 3, integrated over z-bar by a fine midpoint rule on log z.
    const GammaGamma model({6.25, 3.74, 15.44});
    double total = 0.0;
    const double lo = std::log(1e-3), hi = std::log(1e5);
    const int n = 200000;
    const double h = (hi - lo) / n;
    for (int i = 0; i < n; ++i) {
        const double z = std::exp(lo + (i + 0.5) * h);
        total += std::exp(model.log_likelihood({3.0, z})) * z * h;
    }
    CHECK_THAT(total, WithinAbs(1.0, 1e-6));
}

TEST_CASE("Gamma-Gamma awkward data and invalid arguments", "[clv][gg]") {
    const auto empty = GammaGamma::fit({});
    CHECK_FALSE(empty.report.converged);
    const std::vector<SpendObservation> no_repeats{{0.0, 0.0}, {0.0, 0.0}};
    CHECK(GammaGamma::fit(no_repeats).report.observations == 0.0);
    // Identical spend everywhere: no spread to estimate, so no interior optimum.
    std::vector<SpendObservation> same(200, SpendObservation{2.0, 10.0});
    const auto flat = GammaGamma::fit(same);
    CHECK_FALSE(flat.report.converged);
    for (const double v : flat.model.parameter_values()) {
        CHECK(std::isfinite(v));
    }

    CHECK(throws_naming([] { GammaGamma({0.0, 1.0, 1.0}); }, "p", "0"));
    CHECK(throws_naming([] { GammaGamma({1.0, -2.0, 1.0}); }, "q", "-2"));
    CHECK(throws_naming([] { GammaGamma({1.0, 1.0, NAN}); }, "gamma", "nan"));
    const std::vector<SpendObservation> zero_spend{{2.0, 0.0}};
    CHECK(throws_naming([&] { (void)GammaGamma::fit(zero_spend); }, "monetary_value", "0"));
    const std::vector<SpendObservation> fractional{{2.5, 3.0}};
    CHECK(throws_naming([&] { (void)GammaGamma::fit(fractional); }, "frequency", "2.5"));
    const GammaGamma model({6.25, 3.74, 15.44});
    CHECK(throws_naming(
        [&] {
            (void)model.conditional_expected_spend({1.0, -5.0});
        },
        "monetary_value", "-5"));
    CHECK(throws_naming([&] { (void)model.log_likelihood({0.0, 5.0}); }, "frequency", "0"));
}
