// The holdout check (cskpi/clv/holdout.hpp, holdout_duration in cskpi/clv/rfm.hpp): actual
// holdout purchases counted by hand and on CDNOW, expected ones against an independent
// computation of the BG/NBD conditional expectation.

#include "cskpi/clv/holdout.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cdnow.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/rfm.hpp"
#include "cskpi/error.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;
using Catch::Matchers::WithinRel;

namespace {

cskpi::Timestamp at(int y, unsigned m, unsigned d, int hour = 0) {
    return cdnow::date(y, m, d) + std::chrono::hours{hour};
}

// Calibration to 2024-01-31, holdout to 2024-03-01: 29 February days and 1 March, 30 days.
const RfmOptions kSmall{
    .calibration_end = at(2024, 1, 31), .unit = TimeUnit::week, .holdout_end = at(2024, 3, 1)};

// By hand: "a" x = 1 and 2 holdout days (two purchases on 02-05 are one day); "b" x = 0 and
// none; "c" x = 2 and 1 (03-01 is the holdout end's day, 03-02 is after it); "d" buys only in
// the holdout, so it has no calibration history and is not compared.
std::vector<cskpi::Purchase> small_purchases() {
    return {
        {"a", at(2024, 1, 1), 5.0},  {"a", at(2024, 1, 1, 9), 1.0},  {"a", at(2024, 1, 10), 2.0},
        {"a", at(2024, 2, 5), 3.0},  {"a", at(2024, 2, 5, 20), 4.0}, {"a", at(2024, 2, 6), 1.0},
        {"b", at(2024, 1, 5), 7.0},  {"c", at(2024, 1, 2), 1.0},     {"c", at(2024, 1, 3), 1.0},
        {"c", at(2024, 1, 20), 1.0}, {"c", at(2024, 3, 1, 23), 1.0}, {"c", at(2024, 3, 2), 1.0},
        {"d", at(2024, 2, 10), 9.0},
    };
}

const BgNbd kModel(BgNbdParams{.r = 0.25, .alpha = 4.0, .a = 0.8, .b = 2.5});

}  // namespace

TEST_CASE("Holdout duration counts the days after the calibration end's day", "[clv][holdout]") {
    CHECK(holdout_duration(kSmall) == 30.0 / 7.0);
    RfmOptions days = kSmall;
    days.unit = TimeUnit::day;
    CHECK(holdout_duration(days) == 30.0);
    // Times of day do not matter: the periods are UTC calendar days.
    days.calibration_end = at(2024, 1, 31, 23);
    days.holdout_end = at(2024, 2, 1, 1);
    CHECK(holdout_duration(days) == 1.0);
    // The published CDNOW split: 273 days, 39 weeks.
    CHECK(holdout_duration({.calibration_end = at(1997, 9, 30),
                            .unit = TimeUnit::week,
                            .holdout_end = at(1998, 6, 30)}) == 39.0);
}

TEST_CASE("Holdout duration refuses a holdout that is not after the calibration",
          "[clv][holdout]") {
    RfmOptions options = kSmall;
    options.holdout_end.reset();
    CHECK(throws_naming([&] { (void)holdout_duration(options); }, "holdout_end", "(none)"));
    options.holdout_end = at(2024, 1, 31, 23);  // the calibration end's own day
    CHECK(throws_naming([&] { (void)holdout_duration(options); }, "the holdout's days", "0"));
    options.holdout_end = at(2024, 1, 20);
    CHECK(invalid_argument_message([&] { (void)holdout_duration(options); }) ==
          "holdout_duration: the holdout's days = -11 must be > 0: the holdout end must be on a "
          "day after the calibration end");
}

TEST_CASE("Holdout counts of a small file are those counted by hand", "[clv][holdout]") {
    RfmAccumulator acc(kSmall);
    for (const cskpi::Purchase& p : small_purchases()) {
        acc.add(p);
    }
    const std::vector<CustomerRfm> rows = acc.summary();
    CHECK(acc.customers() == 4);  // "d" is held but has no calibration row
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].customer_id == "a");
    CHECK(rows[0].rfm.frequency == 1.0);
    CHECK(rows[0].holdout_frequency == 2.0);
    CHECK(rows[1].rfm.frequency == 0.0);
    CHECK(rows[1].holdout_frequency == 0.0);
    CHECK(rows[2].rfm.frequency == 2.0);
    CHECK(rows[2].holdout_frequency == 1.0);

    const double t = 30.0 / 7.0;
    const double ea = kModel.conditional_expected_purchases(t, rows[0].rfm);
    const double eb = kModel.conditional_expected_purchases(t, rows[1].rfm);
    const double ec = kModel.conditional_expected_purchases(t, rows[2].rfm);
    const HoldoutComparison c = compare_holdout(kModel, rows, {.duration = t, .groups = 2});
    CHECK(c.duration == t);
    CHECK(c.customers == 3);
    CHECK(c.actual_sum == 3.0);
    CHECK(c.expected_sum == eb + (ea + ec));
    REQUIRE(c.mean_absolute_error.has_value());
    CHECK(*c.mean_absolute_error ==
          (std::abs(ea - 2.0) + std::abs(eb - 0.0) + std::abs(ec - 1.0)) / 3.0);
    CHECK(c.aggregate_error == c.expected_sum - 3.0);
    REQUIRE(c.relative_aggregate_error.has_value());
    CHECK(*c.relative_aggregate_error == c.aggregate_error / 3.0);
    REQUIRE(c.groups.size() == 2);
    CHECK(c.groups[0].calibration_frequency == 0);
    CHECK_FALSE(c.groups[0].and_more);
    CHECK(c.groups[0].customers == 1);
    CHECK(c.groups[0].actual_sum == 0.0);
    CHECK(c.groups[0].expected_mean == eb);
    CHECK(c.groups[1].calibration_frequency == 1);  // x = 1 and x = 2
    CHECK(c.groups[1].and_more);
    CHECK(c.groups[1].customers == 2);
    CHECK(c.groups[1].actual_sum == 3.0);
    CHECK(c.groups[1].actual_mean == 1.5);
    CHECK(c.groups[1].expected_sum == ea + ec);
    CHECK(c.groups[1].expected_mean == (ea + ec) / 2.0);
}

TEST_CASE("Holdout tally returns the expected purchases and skips empty groups", "[clv][holdout]") {
    const std::vector<CustomerRfm> rows = rfm_summary(small_purchases(), kSmall);
    HoldoutTally tally(kModel, {.duration = 2.0});  // 8 groups: 0 .. 6 and 7+
    for (const CustomerRfm& row : rows) {
        CHECK(tally.add(row) == kModel.conditional_expected_purchases(2.0, row.rfm));
        CHECK(tally.expected(row) == kModel.conditional_expected_purchases(2.0, row.rfm));
    }
    const HoldoutComparison c = tally.result();
    REQUIRE(c.groups.size() == 3);  // x = 0, 1 and 2; the groups 3 .. 7+ have no customer
    CHECK(c.groups[0].calibration_frequency == 0);
    CHECK(c.groups[1].calibration_frequency == 1);
    CHECK(c.groups[2].calibration_frequency == 2);
    CHECK_FALSE(c.groups[2].and_more);
    CHECK(c.customers == 3);
}

TEST_CASE("Holdout without purchases has no relative error", "[clv][holdout]") {
    // Every purchase falls in the calibration period.
    const std::vector<cskpi::Purchase> purchases{
        {"a", at(2024, 1, 1), 1.0}, {"a", at(2024, 1, 9), 1.0}, {"b", at(2024, 1, 30), 1.0}};
    const std::vector<CustomerRfm> rows = rfm_summary(purchases, kSmall);
    const HoldoutComparison c = compare_holdout(kModel, rows, {.duration = 30.0 / 7.0});
    CHECK(c.customers == 2);
    CHECK(c.actual_sum == 0.0);
    CHECK(c.expected_sum > 0.0);
    CHECK(c.aggregate_error == c.expected_sum);
    CHECK_FALSE(c.relative_aggregate_error.has_value());
    REQUIRE(c.mean_absolute_error.has_value());
    CHECK(*c.mean_absolute_error == c.expected_sum / 2.0);
}

TEST_CASE("Holdout in one group puts everybody in it", "[clv][holdout]") {
    const std::vector<CustomerRfm> rows = rfm_summary(small_purchases(), kSmall);
    const HoldoutComparison c = compare_holdout(kModel, rows, {.duration = 1.0, .groups = 1});
    REQUIRE(c.groups.size() == 1);
    CHECK(c.groups[0].calibration_frequency == 0);
    CHECK(c.groups[0].and_more);
    CHECK(c.groups[0].customers == 3);
    CHECK(c.groups[0].actual_sum == 3.0);
    CHECK(c.groups[0].actual_mean == 1.0);
    // A frequency far beyond any group index goes to the last group.
    HoldoutTally tally(kModel, {.duration = 1.0, .groups = 3});
    (void)tally.add({.customer_id = "x", .rfm = {.frequency = 100000, .recency = 1.0, .T = 2.0}});
    REQUIRE(tally.result().groups.size() == 1);
    CHECK(tally.result().groups[0].calibration_frequency == 2);
    CHECK(tally.result().groups[0].and_more);
}

TEST_CASE("Holdout of no customers is empty", "[clv][holdout]") {
    // Only a customer first seen in the holdout: nobody to compare.
    const std::vector<CustomerRfm> rows =
        rfm_summary(std::vector<cskpi::Purchase>{{"d", at(2024, 2, 10), 1.0}}, kSmall);
    CHECK(rows.empty());
    const HoldoutComparison c = compare_holdout(kModel, rows, {.duration = 1.0});
    CHECK(c.customers == 0);
    CHECK(c.groups.empty());
    CHECK_FALSE(c.mean_absolute_error.has_value());
    CHECK_FALSE(c.relative_aggregate_error.has_value());
    CHECK(c.aggregate_error == 0.0);
}

TEST_CASE("Holdout tally refuses bad options and rows", "[clv][holdout]") {
    CHECK(
        throws_naming([] { HoldoutTally(kModel, {.duration = -1.0}); }, "options.duration", "-1"));
    CHECK(throws_naming(
        [] { HoldoutTally(kModel, {.duration = std::numeric_limits<double>::quiet_NaN()}); },
        "options.duration", "nan"));
    CHECK(throws_naming([] { HoldoutTally(kModel, {.duration = 1.0, .groups = 0}); },
                        "options.groups", "0"));
    CHECK(throws_naming([] { HoldoutTally(kModel, {.duration = 1.0, .groups = 1'000'001}); },
                        "options.groups", "1000001"));
    HoldoutTally tally(kModel, {.duration = 1.0});
    CustomerRfm row{.customer_id = "x", .rfm = {.frequency = 1.5, .recency = 1.0, .T = 2.0}};
    CHECK(throws_naming([&] { (void)tally.add(row); }, "frequency", "1.5"));
    row.rfm.frequency = 1.0;
    row.holdout_frequency = -1.0;
    CHECK(throws_naming([&] { (void)tally.add(row); }, "row.holdout_frequency", "-1"));
    CHECK(tally.result().customers == 0);
}

// CDNOW, calibration to 1997-09-30, holdout to 1998-06-30 (39 weeks). The reference numbers
// were printed by an independent script that reads CDNOW_sample.txt and evaluates FHL 2005
// eq. 10 with scipy's hyp2f1, with the parameters of our fit below:
//
//   /usr/bin/python3 tests/clv/holdout_reference.py tests/data/cdnow/CDNOW_sample.txt
//       0.2425945219896021 4.413601976732204 0.7929220320779695 2.4259068044201078
//   (one line)
//
//   duration_weeks 39.0
//   group 0 1411 334 317.5982166467778
//   group 1 439 306 229.65458383381178
//   group 2 214 298 223.44470064766912
//   group 3 100 156 152.02795028252157
//   group 4 62 157 134.15967869845008
//   group 5 38 112 100.84614297963334
//   group 6 29 112 101.61722596637243
//   group 7 64 407 394.0601901919367
//   customers 2357 actual 1882 expected 1653.408689247173
//   mae 0.7854542357864056
//   first_seen_in_holdout 0
//   customer_0001 1.2259944499237325
//
// (group x customers actual expected; group 7 is 7+). The actual total is also the count of
// distinct (customer, day) pairs in the holdout:
//   awk '$3>19970930 && $3<=19980630 {print $2, $3}' CDNOW_sample.txt | sort -u | wc -l  -> 1882
TEST_CASE("CDNOW holdout matches an independent BG/NBD computation", "[clv][holdout][cdnow]") {
    const RfmOptions options{.calibration_end = cdnow::calibration_end(),
                             .unit = TimeUnit::week,
                             .holdout_end = cdnow::date(1998, 6, 30)};
    RfmAccumulator acc(options);
    for (const cskpi::Purchase& p : cdnow::purchases()) {
        acc.add(p);
    }
    const std::vector<CustomerRfm> rows = acc.summary();
    CHECK(acc.customers() == rows.size());  // nobody is first seen in the holdout

    const BgNbdParams p{.r = 0.2425945219896021,
                        .alpha = 4.413601976732204,
                        .a = 0.7929220320779695,
                        .b = 2.4259068044201078};
    // The parameters above are those the calibration fit gives.
    const auto fit = BgNbd::fit(rfm_values(rows));
    REQUIRE(fit.report.converged);
    CHECK_THAT(fit.model.params().r, WithinRel(p.r, 1e-9));
    CHECK_THAT(fit.model.params().alpha, WithinRel(p.alpha, 1e-9));
    CHECK_THAT(fit.model.params().a, WithinRel(p.a, 1e-9));
    CHECK_THAT(fit.model.params().b, WithinRel(p.b, 1e-9));

    const BgNbd model(p);
    const HoldoutComparison c =
        compare_holdout(model, rows, {.duration = holdout_duration(options)});
    CHECK(c.duration == 39.0);
    CHECK(c.customers == 2357);
    CHECK(c.actual_sum == 1882.0);
    CHECK_THAT(c.expected_sum, WithinRel(1653.408689247173, 1e-9));
    REQUIRE(c.mean_absolute_error.has_value());
    CHECK_THAT(*c.mean_absolute_error, WithinRel(0.7854542357864056, 1e-9));
    CHECK_THAT(c.aggregate_error, WithinRel(1653.408689247173 - 1882.0, 1e-9));
    REQUIRE(c.relative_aggregate_error.has_value());
    CHECK_THAT(*c.relative_aggregate_error, WithinRel((1653.408689247173 - 1882.0) / 1882.0, 1e-9));

    struct Reference {
        std::size_t customers;
        double actual;
        double expected;
    };
    const std::vector<Reference> reference{
        {1411, 334, 317.5982166467778}, {439, 306, 229.65458383381178},
        {214, 298, 223.44470064766912}, {100, 156, 152.02795028252157},
        {62, 157, 134.15967869845008},  {38, 112, 100.84614297963334},
        {29, 112, 101.61722596637243},  {64, 407, 394.0601901919367},
    };
    REQUIRE(c.groups.size() == reference.size());
    for (std::size_t i = 0; i < reference.size(); ++i) {
        INFO("calibration frequency " << i);
        CHECK(c.groups[i].calibration_frequency == i);
        CHECK(c.groups[i].and_more == (i == 7));
        CHECK(c.groups[i].customers == reference[i].customers);
        CHECK(c.groups[i].actual_sum == reference[i].actual);
        CHECK_THAT(c.groups[i].expected_sum, WithinRel(reference[i].expected, 1e-9));
        CHECK_THAT(
            c.groups[i].expected_mean,
            WithinRel(reference[i].expected / static_cast<double>(reference[i].customers), 1e-9));
    }
    // Hardie's spreadsheet value for customer 0001 (x = 2, t_x = 30.43, T = 38.86): 1.226.
    REQUIRE(rows[0].customer_id == "0001");
    CHECK_THAT(HoldoutTally(model, {.duration = 39.0}).expected(rows[0]),
               WithinRel(1.2259944499237325, 1e-12));
}
