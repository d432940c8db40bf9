// Discounted CLV over a horizon (cskpi/clv/clv_value.hpp).

#include "cskpi/clv/clv_value.hpp"

#include <cmath>

#include "catch.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

TEST_CASE("CLV is the discounted sum of expected spend per period", "[clv][value]") {
    const BgNbd model({0.2426, 4.414, 0.7929, 2.426});
    const Rfm c{2.0, 30.43, 38.86};
    const double spend = 35.0;
    // Weekly model, monthly discounting at 1% over 12 months.
    const ClvOptions options{.model_unit = TimeUnit::week,
                             .horizon = 12.0,
                             .horizon_unit = TimeUnit::month,
                             .discount_period = TimeUnit::month,
                             .discount_rate = 0.01,
                             .margin = 0.3};
    const double month = 365.2425 / 12.0 / 7.0;  // weeks
    double expected = 0.0, previous = 0.0;
    for (int k = 1; k <= 12; ++k) {
        const double e = model.conditional_expected_purchases(k * month, c);
        expected += 0.3 * spend * (e - previous) / std::pow(1.01, k);
        previous = e;
    }
    CHECK_THAT(customer_lifetime_value(model, c, spend, options), WithinRel(expected, 1e-13));

    // Units convert exactly: a year horizon is 12 monthly periods; a daily model the same.
    ClvOptions yearly = options;
    yearly.horizon = 1.0;
    yearly.horizon_unit = TimeUnit::year;
    CHECK_THAT(customer_lifetime_value(model, c, spend, yearly), WithinRel(expected, 1e-13));
    const BgNbd daily({0.2426, 4.414 * 7.0, 0.7929, 2.426});  // alpha is a rate per time unit
    ClvOptions in_days = options;
    in_days.model_unit = TimeUnit::day;
    CHECK_THAT(customer_lifetime_value(daily, {2.0, 30.43 * 7.0, 38.86 * 7.0}, spend, in_days),
               WithinRel(expected, 1e-12));

    // No discounting: margin * spend * E[horizon].
    ClvOptions flat = options;
    flat.discount_rate = 0.0;
    CHECK_THAT(
        customer_lifetime_value(model, c, spend, flat),
        WithinRel(0.3 * spend * model.conditional_expected_purchases(12.0 * month, c), 1e-13));
    // A horizon shorter than one discount period values nothing.
    ClvOptions short_horizon = options;
    short_horizon.horizon = 10.0;
    short_horizon.horizon_unit = TimeUnit::day;
    CHECK(customer_lifetime_value(model, c, spend, short_horizon) == 0.0);
    // Weekly discounting over 52 weeks.
    ClvOptions weekly = options;
    weekly.horizon = 52.0;
    weekly.horizon_unit = TimeUnit::week;
    weekly.discount_period = TimeUnit::week;
    weekly.discount_rate = 0.002;
    double w_expected = 0.0;
    previous = 0.0;
    for (int k = 1; k <= 52; ++k) {
        const double e = model.conditional_expected_purchases(k, c);
        w_expected += 0.3 * spend * (e - previous) / std::pow(1.002, k);
        previous = e;
    }
    CHECK_THAT(customer_lifetime_value(model, c, spend, weekly), WithinRel(w_expected, 1e-12));
}

TEST_CASE("CLV for many customers with Gamma-Gamma spend", "[clv][value]") {
    const ParetoNbd model({0.5532, 10.58, 0.6062, 11.67});
    const GammaGamma spend_model({6.25, 3.74, 15.44});
    const std::vector<Rfm> customers{{0.0, 0.0, 38.86}, {2.0, 30.43, 38.86}, {10.0, 38.0, 38.5}};
    const std::vector<double> zbar{0.0, 22.35, 40.0};
    std::vector<double> spend;
    for (std::size_t i = 0; i < customers.size(); ++i) {
        spend.push_back(*spend_model.conditional_expected_spend({customers[i].frequency, zbar[i]}));
    }
    const auto values = customer_lifetime_value(model, customers, spend);
    REQUIRE(values.size() == 3);
    for (std::size_t i = 0; i < customers.size(); ++i) {
        CHECK(values[i] == customer_lifetime_value(model, customers[i], spend[i]));
        CHECK(values[i] > 0.0);
    }
    CHECK(values[2] > values[1]);
    CHECK(customer_lifetime_value(model, std::vector<Rfm>{}, std::vector<double>{}).empty());
}

TEST_CASE("CLV rejects invalid arguments", "[clv][value]") {
    const BgNbd model({0.2426, 4.414, 0.7929, 2.426});
    const Rfm c{2.0, 30.43, 38.86};
    CHECK(throws_naming([&] { (void)customer_lifetime_value(model, c, -1.0); }, "expected_spend",
                        "-1"));
    CHECK(throws_naming([&] { (void)customer_lifetime_value(model, c, 1.0, {.horizon = -2.0}); },
                        "horizon", "-2"));
    CHECK(throws_naming(
        [&] { (void)customer_lifetime_value(model, c, 1.0, {.discount_rate = -1.0}); },
        "discount_rate", "-1"));
    CHECK(throws_naming([&] { (void)customer_lifetime_value(model, c, 1.0, {.margin = NAN}); },
                        "margin", "nan"));
    const std::vector<Rfm> two{c, c};
    const std::vector<double> one{1.0};
    CHECK(throws_naming([&] { (void)customer_lifetime_value(model, two, one); },
                        "expected_spend.size()", "1"));
    CHECK(throws_naming(
        [&] {
            (void)customer_lifetime_value(model, {3.0, 5.0, 4.0}, 1.0);
        },
        "recency", "5"));
}
