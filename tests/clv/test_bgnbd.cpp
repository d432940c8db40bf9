// BG/NBD (cskpi/clv/bgnbd.hpp): CDNOW estimates of Fader, Hardie & Lee (2005), closed forms,
// numerics at extremes, awkward data and argument checks.

#include "cskpi/clv/bgnbd.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "catch.hpp"
#include "cdnow.hpp"
#include "cskpi/error.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

namespace {

std::vector<Rfm> cdnow_rfm() {
    const auto rows = cdnow::rfm();
    return rfm_values(rows);
}

std::vector<Rfm> cdnow_csv_rfm() {
    std::vector<Rfm> out;
    for (const auto& r : cdnow::summary("cdnow_customers_summary.csv")) {
        out.push_back({r.x, r.t_x, r.T});
    }
    return out;
}

const BgNbdParams kPaper{0.2426, 4.414, 0.7929, 2.426};

}  // namespace

TEST_CASE("BG/NBD fit on CDNOW reproduces Fader, Hardie & Lee (2005)", "[clv][bgnbd][cdnow]") {
    for (const auto& data : {cdnow_rfm(), cdnow_csv_rfm()}) {
        const auto fit = BgNbd::fit(data);
        INFO(fit.report.message);
        REQUIRE(fit.report.converged);
        const auto& p = fit.model.params();
        // Published values have 4 significant digits: 0.1% is wider than their rounding.
        CHECK_THAT(p.r, WithinRel(kPaper.r, 1e-3));
        CHECK_THAT(p.alpha, WithinRel(kPaper.alpha, 1e-3));
        CHECK_THAT(p.a, WithinRel(kPaper.a, 1e-3));
        CHECK_THAT(p.b, WithinRel(kPaper.b, 1e-3));
        CHECK_THAT(fit.report.log_likelihood, WithinAbs(-9582.43, 0.01));
        CHECK(fit.report.observations == 2357.0);
        REQUIRE(fit.report.std_errors.has_value());
        REQUIRE(fit.report.std_errors->size() == 4);
        for (const double se : *fit.report.std_errors) {
            CHECK(se > 0.0);
            CHECK(std::isfinite(se));
        }
        CHECK_THAT(log_likelihood(fit.model, data), WithinAbs(fit.report.log_likelihood, 1e-6));
    }
}

TEST_CASE("BG/NBD predictions match Hardie's spreadsheet", "[clv][bgnbd][cdnow]") {
    const auto fit = BgNbd::fit(cdnow_rfm());
    // Conditional expectation of the paper's example customer (lifetimes' Excel check).
    CHECK_THAT(fit.model.conditional_expected_purchases(39.0, {2.0, 30.43, 38.86}),
               WithinAbs(1.226, 1e-3));
    const double times[] = {0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00};
    const double expected[] = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    for (int i = 0; i < 6; ++i) {
        CHECK_THAT(fit.model.expected_purchases(times[i]), WithinAbs(expected[i], 1e-3));
    }
}

TEST_CASE("BG/NBD closed-form properties", "[clv][bgnbd]") {
    const BgNbd model(kPaper);
    CHECK(model.name() == "bgnbd");
    CHECK(model.parameter_names() == std::vector<std::string_view>{"r", "alpha", "a", "b"});
    CHECK(model.parameter_values() == std::vector<double>{0.2426, 4.414, 0.7929, 2.426});
    // P(alive) = 1 with no repeat purchase; decreasing with time since the last purchase.
    CHECK(model.p_alive({0.0, 0.0, 38.86}) == 1.0);
    CHECK(model.p_alive({2.0, 38.86, 38.86}) > model.p_alive({2.0, 30.43, 38.86}));
    const double pa = model.p_alive({2.0, 30.43, 38.86});
    const double odds =
        (0.7929 / (2.426 + 1.0)) * std::pow((4.414 + 38.86) / (4.414 + 30.43), 2.2426);
    CHECK_THAT(pa, WithinRel(1.0 / (1.0 + odds), 1e-13));
    // Horizon 0: nothing expected.
    CHECK(model.conditional_expected_purchases(0.0, {2.0, 30.43, 38.86}) == 0.0);
    CHECK(model.expected_purchases(0.0) == 0.0);
    // The prior customer (x = 0, T = 0) expects E[X(t)].
    CHECK_THAT(model.conditional_expected_purchases(26.0, {0.0, 0.0, 0.0}),
               WithinRel(model.expected_purchases(26.0), 1e-13));
    // P(X(t) = n) sums to 1 and has mean E[X(t)].
    double total = 0.0, mean = 0.0;
    for (long long n = 0; n < 400; ++n) {
        const double pn = model.probability_of_purchases(n, 39.0);
        CHECK(pn >= 0.0);
        total += pn;
        mean += static_cast<double>(n) * pn;
    }
    CHECK_THAT(total, WithinAbs(1.0, 1e-12));
    CHECK_THAT(mean, WithinRel(model.expected_purchases(39.0), 1e-9));
    CHECK(model.probability_of_purchases(0, 0.0) == 1.0);
    CHECK(model.probability_of_purchases(3, 0.0) == 0.0);
}

TEST_CASE("BG/NBD at extreme frequencies stays finite", "[clv][bgnbd]") {
    const BgNbd model(kPaper);
    for (const Rfm c : {Rfm{100000.0, 38.0, 38.0}, Rfm{100000.0, 1.0, 38.0},
                        Rfm{100000.0, 38.0 - 1e-9, 38.0}, Rfm{1.0, 1e-12, 1e6}}) {
        INFO("x = " << c.frequency << ", t_x = " << c.recency << ", T = " << c.T);
        const double ll = model.log_likelihood(c);
        const double pa = model.p_alive(c);
        const double e = model.conditional_expected_purchases(52.0, c);
        CHECK(std::isfinite(ll));
        CHECK(pa >= 0.0);
        CHECK(pa <= 1.0);
        CHECK(std::isfinite(e));
        CHECK(e >= 0.0);
    }
    // Recency = T: alive with near certainty, ~ (r + x) / (alpha + T) purchases per week.
    const Rfm heavy{100000.0, 38.0, 38.0};
    CHECK(model.p_alive(heavy) > 0.99999);
    const double rate = (0.2426 + 100000.0) / (4.414 + 38.0);
    CHECK_THAT(model.conditional_expected_purchases(1.0, heavy), WithinRel(rate, 0.01));
    // Long gap after many purchases: surely gone, not NaN.
    CHECK(model.p_alive({100000.0, 1.0, 38.0}) == 0.0);
    CHECK(model.conditional_expected_purchases(52.0, {100000.0, 1.0, 38.0}) == 0.0);
}

TEST_CASE("BG/NBD fit with weights equals the expanded data", "[clv][bgnbd]") {
    const auto data = cdnow_rfm();
    std::map<std::tuple<double, double, double>, double> counts;
    for (const auto& c : data) {
        counts[{c.frequency, c.recency, c.T}] += 1.0;
    }
    std::vector<Rfm> unique;
    std::vector<double> weights;
    for (const auto& [key, n] : counts) {
        unique.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key)});
        weights.push_back(n);
    }
    REQUIRE(unique.size() < data.size());
    const auto full = BgNbd::fit(data);
    const auto weighted = BgNbd::fit(unique, {.weights = weights});
    CHECK(weighted.report.converged);
    CHECK(weighted.report.observations == 2357.0);
    CHECK_THAT(weighted.report.log_likelihood, WithinAbs(full.report.log_likelihood, 1e-6));
    CHECK_THAT(weighted.model.params().r, WithinRel(full.model.params().r, 1e-5));
    CHECK_THAT(weighted.model.params().b, WithinRel(full.model.params().b, 1e-5));
}

TEST_CASE("BG/NBD penalty shrinks the log-parameters", "[clv][bgnbd]") {
    const auto data = cdnow_rfm();
    const auto plain = BgNbd::fit(data);
    const auto penalised = BgNbd::fit(data, {.penalty = 50.0});
    auto norm = [](const BgNbdParams& p) {
        return std::pow(std::log(p.r), 2) + std::pow(std::log(p.alpha), 2) +
               std::pow(std::log(p.a), 2) + std::pow(std::log(p.b), 2);
    };
    CHECK(penalised.report.converged);
    CHECK(norm(penalised.model.params()) < norm(plain.model.params()));
    CHECK(penalised.report.log_likelihood < plain.report.log_likelihood);
}

TEST_CASE("BG/NBD on awkward data", "[clv][bgnbd]") {
    SECTION("every customer without repeat purchases: boundary, not NaN") {
        std::vector<Rfm> data;
        for (int i = 0; i < 500; ++i) {
            data.push_back({0.0, 0.0, 10.0 + i % 30});
        }
        const auto fit = BgNbd::fit(data);
        CHECK_FALSE(fit.report.converged);
        CHECK(fit.report.message.find("no repeat purchases") != std::string::npos);
        CHECK(std::isfinite(fit.report.log_likelihood));
        CHECK(fit.report.log_likelihood <= 0.0);
        for (const double v : fit.model.parameter_values()) {
            CHECK(std::isfinite(v));
            CHECK(v > 0.0);
        }
    }
    SECTION("one huge buyer among CDNOW customers") {
        auto data = cdnow_rfm();
        data.push_back({100000.0, 38.5, 38.5});
        const auto fit = BgNbd::fit(data);
        INFO(fit.report.message);
        CHECK(fit.report.converged);
        CHECK(std::isfinite(fit.report.log_likelihood));
        CHECK(fit.model.p_alive(data.back()) > 0.9);
    }
    SECTION("empty data") {
        const auto fit = BgNbd::fit({});
        CHECK_FALSE(fit.report.converged);
        CHECK(fit.report.observations == 0.0);
        CHECK(fit.report.log_likelihood == 0.0);
    }
    SECTION("zero weights only") {
        const std::vector<Rfm> data{{1.0, 2.0, 3.0}};
        const std::vector<double> w{0.0};
        CHECK_FALSE(BgNbd::fit(data, {.weights = w}).report.converged);
    }
}

TEST_CASE("BG/NBD rejects invalid arguments", "[clv][bgnbd]") {
    CHECK(throws_naming([] { BgNbd({-1.0, 1.0, 1.0, 1.0}); }, "r", "-1"));
    CHECK(throws_naming([] { BgNbd({1.0, 0.0, 1.0, 1.0}); }, "alpha", "0"));
    CHECK(throws_naming([] { BgNbd({1.0, 1.0, std::nan(""), 1.0}); }, "a", "nan"));
    CHECK(throws_naming([] { BgNbd({1.0, 1.0, 1.0, INFINITY}); }, "b", "inf"));
    const BgNbd model(kPaper);
    CHECK(throws_naming([&] { (void)model.p_alive({1.5, 1.0, 2.0}); }, "frequency", "1.5"));
    CHECK(throws_naming([&] { (void)model.p_alive({-1.0, 0.0, 2.0}); }, "frequency", "-1"));
    CHECK(throws_naming([&] { (void)model.p_alive({1.0, 3.0, 2.0}); }, "recency", "3"));
    CHECK(throws_naming([&] { (void)model.p_alive({0.0, 1.0, 2.0}); }, "recency", "1"));
    CHECK(throws_naming([&] { (void)model.p_alive({1.0, 1.0, -2.0}); }, "T", "-2"));
    CHECK(throws_naming([&] { (void)model.expected_purchases(-1.0); }, "t", "-1"));
    CHECK(throws_naming([&] { (void)model.conditional_expected_purchases(-2.0, {}); }, "t", "-2"));
    CHECK(throws_naming([&] { (void)model.probability_of_purchases(-1, 1.0); }, "n", "-1"));
    const std::vector<Rfm> data{{1.0, 1.0, 2.0}, {0.0, 0.0, 2.0}};
    const std::vector<double> short_w{1.0};
    const std::vector<double> negative_w{1.0, -3.0};
    CHECK(throws_naming([&] { (void)BgNbd::fit(data, {.weights = short_w}); }, "weights", "1"));
    CHECK(throws_naming([&] { (void)BgNbd::fit(data, {.weights = negative_w}); }, "weights[1]",
                        "-3"));
    CHECK(throws_naming([&] { (void)BgNbd::fit(data, {.penalty = -1.0}); }, "penalty", "-1"));
    const std::vector<Rfm> bad{{1.0, 1.0, 2.0}, {2.0, 5.0, 4.0}};
    CHECK(throws_naming([&] { (void)BgNbd::fit(bad); }, "recency", "5"));
}
