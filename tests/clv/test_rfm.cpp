// RFM summary (cskpi/clv/rfm.hpp) and time units (cskpi/clv/time_unit.hpp).

#include "cskpi/clv/rfm.hpp"

#include <cmath>
#include <limits>
#include <numeric>

#include "catch.hpp"
#include "cdnow.hpp"
#include "cskpi/error.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

namespace {

double round_cents_half_up(double v) {
    return std::floor(v * 100.0 + 0.5 + 1e-9) / 100.0;
}

cskpi::Timestamp at(int y, unsigned m, unsigned d, int hour = 0) {
    return cdnow::date(y, m, d) + std::chrono::hours{hour};
}

}  // namespace

TEST_CASE("time units convert exactly", "[clv][rfm]") {
    CHECK(days_per(TimeUnit::day) == 1.0);
    CHECK(days_per(TimeUnit::week) == 7.0);
    CHECK(days_per(TimeUnit::month) == 365.2425 / 12.0);
    CHECK(days_per(TimeUnit::year) == 365.2425);
    CHECK_THAT(convert(1.0, TimeUnit::month, TimeUnit::week), WithinRel(4.348125, 1e-15));
    CHECK_THAT(convert(12.0, TimeUnit::month, TimeUnit::year), WithinRel(1.0, 1e-15));
    CHECK(duration_between(at(1997, 1, 1), at(1997, 1, 8), TimeUnit::week) == 1.0);
    CHECK(duration_between(at(1997, 1, 8), at(1997, 1, 1), TimeUnit::day) == -7.0);
    CHECK(parse_time_unit("mo") == TimeUnit::month);
    CHECK(parse_time_unit("week") == TimeUnit::week);
    CHECK_FALSE(parse_time_unit("fortnight").has_value());
    CHECK(to_string(TimeUnit::year) == "year");
}

TEST_CASE("RFM summary of CDNOW equals the lifetimes summary files", "[clv][rfm][cdnow]") {
    const auto rows = cdnow::rfm();
    const auto expected = cdnow::summary("cdnow_customers_summary.csv");
    const auto with_money = cdnow::summary("cdnow_customers_summary_with_transactions.csv");
    REQUIRE(rows.size() == 2357);
    REQUIRE(expected.size() == 2357);
    REQUIRE(with_money.size() == 2357);
    double sum_x = 0.0;
    int zeros = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("customer " << rows[i].customer_id);
        REQUIRE(std::stoi(rows[i].customer_id) == std::stoi(expected[i].id));
        CHECK(rows[i].rfm.frequency == expected[i].x);
        CHECK(std::round(rows[i].rfm.recency * 100.0) / 100.0 == expected[i].t_x);
        CHECK(std::round(rows[i].rfm.T * 100.0) / 100.0 == expected[i].T);
        CHECK(with_money[i].x == expected[i].x);
        CHECK_THAT(round_cents_half_up(rows[i].monetary_value),
                   WithinAbs(with_money[i].zbar, 1e-9));
        // Exact, unrounded times: whole days divided by 7.
        const double days = rows[i].rfm.T * 7.0;
        CHECK_THAT(days, WithinAbs(std::round(days), 1e-9));
        sum_x += rows[i].rfm.frequency;
        zeros += rows[i].rfm.frequency == 0.0 ? 1 : 0;
    }
    CHECK(sum_x == 2457.0);
    CHECK(zeros == 1411);
}

TEST_CASE("CDNOW holdout counts the purchases after the calibration end", "[clv][rfm][cdnow]") {
    const auto purchases = cdnow::purchases();
    const auto rows = cdnow::rfm();
    double expected_spend = 0.0;
    for (const auto& p : purchases) {
        if (p.at > cdnow::calibration_end()) {
            expected_spend += p.amount;
        }
    }
    double spend = 0.0, periods = 0.0;
    for (const auto& r : rows) {
        spend += r.holdout_spend;
        periods += r.holdout_frequency;
    }
    CHECK_THAT(spend, WithinRel(expected_spend, 1e-12));
    CHECK(periods > 0.0);
    CHECK(periods <= 1959.0);  // 1,959 holdout transactions; same-day ones count once
}

TEST_CASE("RFM summary conventions", "[clv][rfm]") {
    std::vector<cskpi::Purchase> p{
        {"b", at(2024, 1, 1, 9), 10.0},   // first day of b
        {"b", at(2024, 1, 1, 17), 5.0},   // same day: same period
        {"b", at(2024, 1, 8, 0), 20.0},   // repeat day 1
        {"b", at(2024, 1, 15, 23), 4.0},  // repeat day 2
        {"b", at(2024, 1, 15, 1), 6.0},   // same day as the previous one (input not sorted)
        {"b", at(2024, 2, 2), 100.0},     // holdout
        {"b", at(2024, 2, 2, 5), 1.0},    // holdout, same day
        {"b", at(2024, 3, 2), 1000.0},    // after the holdout end
        {"a", at(2024, 1, 31, 23), 7.0},  // on the calibration end day: in calibration
        {"c", at(2024, 2, 10), 3.0},      // only after the end: absent
    };
    const RfmOptions options{
        .calibration_end = at(2024, 1, 31), .unit = TimeUnit::day, .holdout_end = at(2024, 2, 29)};
    const auto rows = rfm_summary(p, options);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].customer_id == "a");
    CHECK(rows[0].rfm.frequency == 0.0);
    CHECK(rows[0].rfm.recency == 0.0);
    CHECK(rows[0].rfm.T == 0.0);
    CHECK(rows[0].monetary_value == 0.0);
    CHECK(rows[1].customer_id == "b");
    CHECK(rows[1].rfm.frequency == 2.0);
    CHECK(rows[1].rfm.recency == 14.0);
    CHECK(rows[1].rfm.T == 30.0);
    CHECK(rows[1].monetary_value == 15.0);  // (20 + (4 + 6)) / 2
    CHECK(rows[1].holdout_frequency == 1.0);
    CHECK(rows[1].holdout_spend == 101.0);

    const auto weekly =
        rfm_summary(p, {.calibration_end = at(2024, 1, 31), .unit = TimeUnit::week});
    CHECK(weekly[1].rfm.recency == 2.0);
    CHECK(weekly[1].rfm.T == 30.0 / 7.0);
    CHECK(weekly[1].holdout_frequency == 2.0);  // no holdout end: every later purchase
    CHECK(weekly[1].holdout_spend == 1101.0);
    const auto monthly =
        rfm_summary(p, {.calibration_end = at(2024, 1, 31), .unit = TimeUnit::month});
    CHECK(monthly[1].rfm.T == 30.0 / (365.2425 / 12.0));

    const auto values = rfm_values(rows);
    REQUIRE(values.size() == 2);
    CHECK(values[1].frequency == 2.0);
}

TEST_CASE("RFM summary: empty input and invalid purchases", "[clv][rfm]") {
    CHECK(rfm_summary({}, {.calibration_end = at(2024, 1, 1)}).empty());
    std::vector<cskpi::Purchase> no_id{{"", at(2024, 1, 1), 1.0}};
    CHECK_THROWS_AS(rfm_summary(no_id, {.calibration_end = at(2024, 1, 1)}),
                    cskpi::InvalidArgument);
    std::vector<cskpi::Purchase> nan{
        {"a", at(2024, 1, 1), std::numeric_limits<double>::quiet_NaN()}};
    CHECK(throws_naming([&] { (void)rfm_summary(nan, {.calibration_end = at(2024, 1, 1)}); },
                        "purchases[0].amount", "nan"));
}

TEST_CASE("RFM summary: a customer whose purchases sum past the largest double is named",
          "[clv][rfm]") {
    const double big = std::numeric_limits<double>::max() / 1.5;
    std::vector<cskpi::Purchase> repeat{{"a", at(2024, 1, 1), 1.0},
                                        {"b", at(2024, 1, 1), 5.0},
                                        {"b", at(2024, 1, 2), big},
                                        {"b", at(2024, 1, 3), big}};
    CHECK_THROWS_WITH(rfm_summary(repeat, {.calibration_end = at(2024, 2, 1)}),
                      "rfm_summary: customer \"b\": the repeat purchases sum beyond the largest "
                      "finite number");
    std::vector<cskpi::Purchase> holdout{
        {"c", at(2024, 1, 1), 1.0}, {"c", at(2024, 3, 2), big}, {"c", at(2024, 3, 3), big}};
    CHECK_THROWS_WITH(rfm_summary(holdout, {.calibration_end = at(2024, 2, 1)}),
                      "rfm_summary: customer \"c\": the holdout purchases sum beyond the largest "
                      "finite number");
    // One such amount alone is a finite total.
    holdout.pop_back();
    CHECK(rfm_summary(holdout, {.calibration_end = at(2024, 2, 1)}).at(0).holdout_spend == big);
}
