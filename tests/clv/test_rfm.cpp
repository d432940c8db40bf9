// RFM summary (cskpi/clv/rfm.hpp) and time units (cskpi/clv/time_unit.hpp).

#include "cskpi/clv/rfm.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cdnow.hpp"
#include "cskpi/detail/state_bytes.hpp"
#include "cskpi/error.hpp"
#include "cskpi/retention_report.hpp"
#include "helpers.hpp"

using namespace cskpi::clv;

namespace {

double round_cents_half_up(double v) {
    return std::floor(v * 100.0 + 0.5 + 1e-9) / 100.0;
}

cskpi::Timestamp at(int y, unsigned m, unsigned d, int hour = 0) {
    return cdnow::date(y, m, d) + std::chrono::hours{hour};
}

using Bytes = std::vector<std::byte>;

// The rows of an accumulator against rfm_summary's: counts and times exact, amounts within the
// rounding of another summation order.
void check_same_rows(const std::vector<CustomerRfm>& got, const std::vector<CustomerRfm>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("customer " << want[i].customer_id);
        REQUIRE(got[i].customer_id == want[i].customer_id);
        CHECK(got[i].rfm.frequency == want[i].rfm.frequency);
        CHECK(got[i].rfm.recency == want[i].rfm.recency);
        CHECK(got[i].rfm.T == want[i].rfm.T);
        CHECK(got[i].holdout_frequency == want[i].holdout_frequency);
        CHECK_THAT(got[i].monetary_value, WithinRel(want[i].monetary_value, 1e-12));
        CHECK_THAT(got[i].holdout_spend, WithinRel(want[i].holdout_spend, 1e-12));
    }
}

// Identical rows, to the last bit.
void check_identical_rows(const std::vector<CustomerRfm>& got,
                          const std::vector<CustomerRfm>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("customer " << want[i].customer_id);
        CHECK(got[i].customer_id == want[i].customer_id);
        CHECK(got[i].rfm.frequency == want[i].rfm.frequency);
        CHECK(got[i].rfm.recency == want[i].rfm.recency);
        CHECK(got[i].rfm.T == want[i].rfm.T);
        CHECK(got[i].monetary_value == want[i].monetary_value);
        CHECK(got[i].holdout_frequency == want[i].holdout_frequency);
        CHECK(got[i].holdout_spend == want[i].holdout_spend);
    }
}

RfmAccumulator accumulate(std::span<const cskpi::Purchase> purchases, const RfmOptions& options) {
    RfmAccumulator acc(options);
    for (const cskpi::Purchase& p : purchases) {
        acc.add(p);
    }
    return acc;
}

// Purchases of `customers` customers over the days around `end`, some on the same day.
std::vector<cskpi::Purchase> random_purchases(std::mt19937_64& rng, std::size_t n, int customers,
                                              cskpi::Timestamp end) {
    std::uniform_int_distribution<int> customer(1, customers);
    std::uniform_int_distribution<long long> minute(-200 * 24 * 60, 80 * 24 * 60);
    std::uniform_real_distribution<double> amount(0.5, 250.0);
    std::vector<cskpi::Purchase> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string id = std::to_string(customer(rng));
        id.insert(id.begin(), 'c');
        out.push_back({std::move(id), end + std::chrono::minutes{minute(rng)},
                       std::round(amount(rng) * 100) / 100});
    }
    return out;
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

TEST_CASE("RfmAccumulator: the summary is rfm_summary's, for purchases in any order",
          "[clv][rfm][accumulator]") {
    const std::vector<cskpi::Purchase> p{
        {"b", at(2024, 1, 15, 23), 4.0},   // repeat day 2 (input not sorted)
        {"b", at(2024, 1, 1, 9), 10.0},    // first day of b
        {"b", at(2024, 2, 2), 100.0},      // holdout
        {"b", at(2024, 1, 1, 17), 5.0},    // same day as the first: same period
        {"b", at(2024, 3, 2), 1000.0},     // after the holdout end: ignored
        {"b", at(2024, 1, 8, 0), 20.0},    // repeat day 1
        {"b", at(2024, 1, 15, 1), 6.0},    // same day as the first in the list
        {"b", at(2024, 2, 2, 5), 1.0},     // holdout, same day
        {"a", at(2024, 1, 31, 23), 7.0},   // on the calibration end day: in calibration
        {"c", at(2024, 2, 10), 3.0},       // only after the end: held, but not in the summary
        {"d", at(2024, 2, 10), 3.0},       // holdout first ...
        {"d", at(2023, 12, 30, 12), 2.5},  // ... then a calibration purchase arrives
        {"d", at(2023, 12, 1), 1.25},      // and an earlier one, which makes the first a repeat
        {"e", at(2024, 4, 1), 9.0},        // only after the holdout end: never held
    };
    for (const RfmOptions& options :
         {RfmOptions{.calibration_end = at(2024, 1, 31),
         .unit = TimeUnit::day,
         .holdout_end = at(2024, 2, 29)},
          RfmOptions{.calibration_end = at(2024, 1, 31), .unit = TimeUnit::week},
          RfmOptions{.calibration_end = at(2024, 1, 10, 12), .unit = TimeUnit::month}}) {
        const RfmAccumulator acc = accumulate(p, options);
        check_same_rows(acc.summary(), rfm_summary(p, options));
        CHECK(acc.customers() == (options.holdout_end ? 4U : 5U));
        std::vector<cskpi::Purchase> reversed(p.rbegin(), p.rend());
        check_same_rows(accumulate(reversed, options).summary(), rfm_summary(p, options));
    }
    const RfmOptions daily{
        .calibration_end = at(2024, 1, 31), .unit = TimeUnit::day, .holdout_end = at(2024, 2, 29)};
    const auto rows = accumulate(p, daily).summary();
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].customer_id == "b");
    CHECK(rows[1].rfm.frequency == 2.0);
    CHECK(rows[1].monetary_value == 15.0);
    CHECK(rows[1].holdout_frequency == 1.0);
    CHECK(rows[1].holdout_spend == 101.0);
    CHECK(rows[2].customer_id == "d");
    CHECK(rows[2].rfm.frequency == 1.0);
    CHECK(rows[2].monetary_value == 2.5);
    CHECK(rows[2].holdout_spend == 3.0);
    CHECK(RfmAccumulator(daily).summary().empty());
    CHECK(RfmAccumulator(daily).customers() == 0);
}

namespace {

long long day_of(cskpi::Timestamp t) {
    return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

// The rows computed the plain way, from every customer's days and their summed amounts: the
// reference the accumulator, which keeps only three sums and the days, must equal.
std::vector<CustomerRfm> reference_rows(std::span<const cskpi::Purchase> purchases,
                                        const RfmOptions& options) {
    const long long end = day_of(options.calibration_end);
    const long long holdout_end =
        options.holdout_end ? day_of(*options.holdout_end) : std::numeric_limits<long long>::max();
    std::map<std::string, std::map<long long, double>> calibration;
    std::map<std::string, std::map<long long, double>> holdout;
    for (const cskpi::Purchase& p : purchases) {
        const long long day = day_of(p.at);
        if (day <= end) {
            calibration[p.customer_id][day] += p.amount;
        } else if (day <= holdout_end) {
            holdout[p.customer_id][day] += p.amount;
        }
    }
    std::vector<CustomerRfm> rows;
    const double unit = days_per(options.unit);
    for (const auto& [id, days] : calibration) {
        CustomerRfm row;
        row.customer_id = id;
        const long long first = days.begin()->first;
        row.rfm.frequency = static_cast<double>(days.size() - 1);
        row.rfm.recency = static_cast<double>(days.rbegin()->first - first) / unit;
        row.rfm.T = static_cast<double>(end - first) / unit;
        double repeat = 0.0;
        for (auto it = std::next(days.begin()); it != days.end(); ++it) {
            repeat += it->second;
        }
        row.monetary_value = days.size() > 1 ? repeat / row.rfm.frequency : 0.0;
        if (const auto h = holdout.find(id); h != holdout.end()) {
            row.holdout_frequency = static_cast<double>(h->second.size());
            for (const auto& [day, amount] : h->second) {
                row.holdout_spend += amount;
            }
        }
        rows.push_back(row);
    }
    return rows;
}

// The rows of `purchases` as given, shuffled and reversed, and split between two shards (one
// of them through bytes) merged either way round.
std::vector<std::vector<CustomerRfm>> rows_in_every_order(std::vector<cskpi::Purchase> purchases,
                                                          const RfmOptions& options) {
    std::vector<std::vector<CustomerRfm>> out;
    out.push_back(accumulate(purchases, options).summary());
    std::vector<cskpi::Purchase> shuffled = purchases;
    std::mt19937_64 rng(26);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    out.push_back(accumulate(shuffled, options).summary());
    const std::vector<cskpi::Purchase> reversed(purchases.rbegin(), purchases.rend());
    out.push_back(accumulate(reversed, options).summary());
    RfmAccumulator odd(options);
    RfmAccumulator even(options);
    for (std::size_t i = 0; i < shuffled.size(); ++i) {
        (i % 2 == 0 ? even : odd).add(shuffled[i]);
    }
    RfmAccumulator one = RfmAccumulator::from_bytes(odd.to_bytes());
    one.merge(even);
    out.push_back(one.summary());
    RfmAccumulator other = even;
    other.merge(RfmAccumulator::from_bytes(odd.to_bytes()));
    out.push_back(RfmAccumulator::from_bytes(other.to_bytes()).summary());
    return out;
}

}  // namespace

TEST_CASE("RfmAccumulator: the same purchases in any order or shards give the same rows",
          "[clv][rfm][accumulator]") {
    const RfmOptions options{
        .calibration_end = at(2024, 1, 31), .unit = TimeUnit::day, .holdout_end = at(2024, 3, 1)};
    const std::vector<cskpi::Purchase> p{
        {"a", at(2024, 1, 10, 8), 1.0},   // a's first day so far
        {"a", at(2024, 1, 10, 20), 2.0},  // the same day
        {"a", at(2024, 1, 20), 4.0},      // a repeat day
        {"b", at(2024, 1, 5), 0.5},       // b buys on one day only, twice
        {"a", at(2024, 2, 5), 16.0},      // holdout
        {"a", at(2024, 1, 10, 23), 8.0},  // the first day again, late
        {"c", at(2024, 2, 20), 3.0},      // c: holdout first ...
        {"b", at(2024, 1, 5, 22), 0.25},  // b's same day
        {"a", at(2024, 2, 5, 1), 32.0},   // the holdout day again
        {"c", at(2024, 1, 30), 6.0},      // ... then calibration
        {"a", at(2024, 1, 15), 0.125},    // a day between two held ones
        {"a", at(2024, 3, 2), 1000.0},    // after the holdout end: ignored
        {"a", at(2024, 1, 2), 64.0},      // an earlier first day, last: 10 January is a repeat
    };
    const std::vector<CustomerRfm> want = reference_rows(p, options);
    REQUIRE(want.size() == 3);
    CHECK(want[0].rfm.frequency == 3.0);  // a: 2, 10, 15 and 20 January
    CHECK(want[0].rfm.recency == 18.0);
    CHECK(want[0].rfm.T == 29.0);
    CHECK(want[0].monetary_value == (11.0 + 0.125 + 4.0) / 3.0);
    CHECK(want[0].holdout_frequency == 1.0);
    CHECK(want[0].holdout_spend == 48.0);
    CHECK(want[1].rfm.frequency == 0.0);  // b
    CHECK(want[1].monetary_value == 0.0);
    CHECK(want[2].rfm.T == 1.0);  // c
    CHECK(want[2].holdout_spend == 3.0);
    for (const auto& rows : rows_in_every_order(p, options)) {
        check_same_rows(rows, want);
    }

    // Many customers with many days, some the same, around a weekly calibration end.
    std::mt19937_64 rng(2026);
    const cskpi::Timestamp end = at(2025, 6, 30, 18);
    const auto purchases = random_purchases(rng, 6000, 150, end);
    for (const RfmOptions& o : {RfmOptions{.calibration_end = end, .unit = TimeUnit::week},
                                RfmOptions{.calibration_end = end,
                                .unit = TimeUnit::month,
                                .holdout_end = end + std::chrono::days{30}}}) {
        const std::vector<CustomerRfm> reference = reference_rows(purchases, o);
        REQUIRE(reference.size() > 140);
        for (const auto& rows : rows_in_every_order(purchases, o)) {
            check_same_rows(rows, reference);
        }
    }
}

TEST_CASE(
    "RfmAccumulator: random shards, merged in any order and through bytes, give the "
    "summary of all",
    "[clv][rfm][accumulator]") {
    std::mt19937_64 rng(20260305);
    const cskpi::Timestamp end = at(2025, 6, 30, 18);
    const auto purchases = random_purchases(rng, 4000, 300, end);
    for (const RfmOptions& options : {RfmOptions{.calibration_end = end,
                                     .unit = TimeUnit::week,
                                     .holdout_end = end + std::chrono::days{40}},
                                      RfmOptions{.calibration_end = end, .unit = TimeUnit::day}}) {
        const auto want = rfm_summary(purchases, options);
        REQUIRE(want.size() > 250);
        check_same_rows(accumulate(purchases, options).summary(), want);

        constexpr std::size_t kShards = 9;
        std::vector<RfmAccumulator> shards(kShards, RfmAccumulator(options));
        std::uniform_int_distribution<std::size_t> shard(0, kShards - 1);
        for (const cskpi::Purchase& p : purchases) {
            shards[shard(rng)].add(p);
        }
        std::shuffle(shards.begin(), shards.end(), rng);
        RfmAccumulator total(options);
        for (std::size_t i = 0; i < shards.size(); ++i) {
            if (i % 2 == 0) {
                total.merge(RfmAccumulator::from_bytes(shards[i].to_bytes()));
            } else {
                total.merge(shards[i]);
            }
        }
        check_same_rows(total.summary(), want);
        check_same_rows(RfmAccumulator::from_bytes(total.to_bytes()).summary(), want);

        // A tree: pairs merged, then the pairs.
        std::shuffle(shards.begin(), shards.end(), rng);
        while (shards.size() > 1) {
            std::vector<RfmAccumulator> next;
            for (std::size_t i = 0; i + 1 < shards.size(); i += 2) {
                RfmAccumulator pair = RfmAccumulator::from_bytes(shards[i + 1].to_bytes());
                pair.merge(shards[i]);
                next.push_back(std::move(pair));
            }
            if (shards.size() % 2 == 1) {
                next.push_back(shards.back());
            }
            shards = std::move(next);
        }
        check_same_rows(shards[0].summary(), want);
        CHECK(shards[0].customers() == total.customers());
    }
}

TEST_CASE("RfmAccumulator: merging with itself doubles the amounts, keeps the days",
          "[clv][rfm][accumulator]") {
    const RfmOptions options{.calibration_end = at(2024, 1, 31), .unit = TimeUnit::day};
    const std::vector<cskpi::Purchase> p{
        {"a", at(2024, 1, 1), 1.0}, {"a", at(2024, 1, 3), 2.0}, {"a", at(2024, 2, 3), 4.0}};
    RfmAccumulator acc = accumulate(p, options);
    acc.merge(acc);
    const auto rows = acc.summary();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].rfm.frequency == 1.0);
    CHECK(rows[0].monetary_value == 4.0);
    CHECK(rows[0].holdout_frequency == 1.0);
    CHECK(rows[0].holdout_spend == 8.0);
}

TEST_CASE("RfmAccumulator: a state read back is identical, damaged bytes are refused",
          "[clv][rfm][accumulator][state]") {
    std::mt19937_64 rng(7);
    const cskpi::Timestamp end = at(2025, 6, 30);
    const RfmOptions options{.calibration_end = end,
                             .unit = TimeUnit::month,
                             .holdout_end = end + std::chrono::days{30}};
    const RfmAccumulator big = accumulate(random_purchases(rng, 2000, 150, end), options);
    const RfmAccumulator back = RfmAccumulator::from_bytes(big.to_bytes());
    check_identical_rows(back.summary(), big.summary());
    CHECK(back.customers() == big.customers());
    CHECK(back.to_bytes() == big.to_bytes());  // customers in id order: the bytes are canonical
    CHECK(back.options().unit == TimeUnit::month);
    CHECK(back.options().holdout_end == options.holdout_end);
    const RfmAccumulator empty(RfmOptions{.calibration_end = end});
    CHECK(RfmAccumulator::from_bytes(empty.to_bytes()).customers() == 0);
    CHECK_FALSE(RfmAccumulator::from_bytes(empty.to_bytes()).options().holdout_end.has_value());

    const RfmAccumulator small = accumulate(random_purchases(rng, 12, 3, end), options);
    const Bytes good = small.to_bytes();
    SECTION("every truncation") {
        for (std::size_t n = 0; n < good.size(); ++n) {
            CHECK_THROWS_AS(RfmAccumulator::from_bytes(std::span(good).first(n)),
                            cskpi::StateFormatError);
        }
    }
    SECTION("every single-byte change") {
        for (std::size_t i = 0; i < good.size(); ++i) {
            Bytes bad = good;
            bad[i] ^= std::byte{0x5A};
            CHECK_THROWS_AS(RfmAccumulator::from_bytes(bad), cskpi::StateFormatError);
        }
    }
    SECTION("another kind") {
        cskpi::RetentionAccumulator retention;
        retention.add("a", end);
        CHECK_THROWS_WITH(RfmAccumulator::from_bytes(retention.to_bytes()),
                          "state bytes: at byte 10: a saved RetentionAccumulator, not a "
                          "RfmAccumulator");
        CHECK_THROWS_WITH(cskpi::RetentionAccumulator::from_bytes(good),
                          "state bytes: at byte 10: a saved RfmAccumulator, not a "
                          "RetentionAccumulator");
    }
}

namespace {

// A kind 4 payload: options calibration end at day 100 (ms), unit week, holdout to day 130,
// then what `body` writes.
template <typename Body>
Bytes rfm_state(Body body) {
    cskpi::detail::ByteWriter out(cskpi::detail::StateKind::rfm_summary);
    out.svarint(100LL * 86'400'000 + 5);
    out.u8(1);
    out.u8(1);
    out.svarint(130LL * 86'400'000);
    body(out);
    return std::move(out).finish();
}

std::string refusal(const Bytes& b) {
    try {
        (void)RfmAccumulator::from_bytes(b);
    } catch (const cskpi::StateFormatError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("RfmAccumulator: payloads that pass the checksum but are not states are refused",
          "[clv][rfm][accumulator][state]") {
    using W = cskpi::detail::ByteWriter;
    // One customer "a": calibration days 90 and 95, first day 5.0, repeat 6.0; holdout day 120;
    // 7.0.
    const auto customer = [](W& out, std::string_view id) {
        out.text(id);
        out.varint(2);
        out.svarint(90);
        out.varint(5);
        out.f64(5.0);
        out.f64(6.0);
        out.varint(1);
        out.svarint(120);
        out.f64(7.0);
    };
    const Bytes fine = rfm_state([&](W& out) {
        out.varint(1);
        customer(out, "a");
    });
    const auto rows = RfmAccumulator::from_bytes(fine).summary();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].rfm.frequency == 1.0);
    CHECK(rows[0].rfm.recency == 5.0 / 7.0);
    CHECK(rows[0].rfm.T == 10.0 / 7.0);
    CHECK(rows[0].monetary_value == 6.0);
    CHECK(rows[0].holdout_frequency == 1.0);
    CHECK(rows[0].holdout_spend == 7.0);

    using Catch::Matchers::Contains;
    CHECK_THAT(refusal(rfm_state([](W& out) {
                   out.varint(1);
                   out.text("a");
                   out.varint(0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("has no purchase day"));
    CHECK_THAT(refusal(rfm_state([&](W& out) {
                   out.varint(2);
                   customer(out, "a");
                   customer(out, "a");
               })),
               Contains("the customer \"a\" repeats"));
    CHECK_THAT(refusal(rfm_state([&](W& out) {
                   out.varint(1);
                   customer(out, "");
               })),
               Contains("a customer id is empty"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // a calibration day after the end's day
                   out.varint(1);
                   out.text("a");
                   out.varint(1);
                   out.svarint(101);
                   out.f64(1.0);
                   out.f64(0.0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("a calibration day 101 is outside"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // days not strictly ascending
                   out.varint(1);
                   out.text("a");
                   out.varint(2);
                   out.svarint(90);
                   out.varint(0);
                   out.f64(1.0);
                   out.f64(1.0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("a gap of 0 days"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // a gap past the end's day
                   out.varint(1);
                   out.text("a");
                   out.varint(2);
                   out.svarint(90);
                   out.varint(11);
                   out.f64(1.0);
                   out.f64(1.0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("a gap of 11 days"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // a holdout day in the calibration period
                   out.varint(1);
                   out.text("a");
                   out.varint(0);
                   out.varint(1);
                   out.svarint(100);
                   out.f64(1.0);
               })),
               Contains("a holdout day 100 is outside 101 to 130"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // a holdout day after the holdout end
                   out.varint(1);
                   out.text("a");
                   out.varint(0);
                   out.varint(2);
                   out.svarint(125);
                   out.varint(6);
                   out.f64(1.0);
               })),
               Contains("a gap of 6 days"));
    CHECK_THAT(refusal(rfm_state([](W& out) {
                   out.varint(1);
                   out.text("a");
                   out.varint(1);
                   out.svarint(90);
                   out.f64(std::numeric_limits<double>::infinity());
                   out.f64(0.0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("the first day's amount is inf, not a finite number"));
    CHECK_THAT(refusal(rfm_state([](W& out) {
                   out.varint(1);
                   out.text("a");
                   out.varint(2);
                   out.svarint(90);
                   out.varint(1);
                   out.f64(1.0);
                   out.f64(std::numeric_limits<double>::quiet_NaN());
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("the repeat amount is nan, not a finite number"));
    CHECK_THAT(refusal(rfm_state([](W& out) {  // a repeat amount without a repeat day
                   out.varint(1);
                   out.text("a");
                   out.varint(1);
                   out.svarint(90);
                   out.f64(1.0);
                   out.f64(2.0);
                   out.varint(0);
                   out.f64(0.0);
               })),
               Contains("has a repeat amount of 2 but one calibration day"));
    CHECK_THAT(refusal(rfm_state([](W& out) {
                   out.varint(1);
                   out.text("a");
                   out.varint(1);
                   out.svarint(90);
                   out.f64(1.0);
                   out.f64(0.0);
                   out.varint(0);
                   out.f64(2.0);
               })),
               Contains("but no holdout day"));
    CHECK_THAT(refusal(rfm_state([](W& out) { out.varint(1'000'000); })),
               Contains("more than the 0 bytes left can hold"));
    CHECK_THAT(refusal(rfm_state([](W& out) {
                   out.varint(0);
                   out.u8(0);
               })),
               Contains("1 bytes follow the end of the state"));
    cskpi::detail::ByteWriter unit(cskpi::detail::StateKind::rfm_summary);
    unit.svarint(0);
    unit.u8(4);
    CHECK_THAT(refusal(std::move(unit).finish()), Contains("the time unit is 4"));
}

TEST_CASE("RfmAccumulator: invalid purchases and merges of other options throw",
          "[clv][rfm][accumulator]") {
    const RfmOptions options{.calibration_end = at(2024, 1, 31), .unit = TimeUnit::week};
    RfmAccumulator acc(options);
    CHECK(throws_naming(
        [&] {
            acc.add({"", at(2024, 1, 1), 1.0});
        },
        "RfmAccumulator::add: purchase.customer_id", "\"\""));
    CHECK(throws_naming(
        [&] {
            acc.add({"a", at(2024, 1, 1), std::numeric_limits<double>::quiet_NaN()});
        },
        "RfmAccumulator::add: purchase.amount", "nan"));
    CHECK(acc.customers() == 0);

    RfmOptions other_end = options;
    other_end.calibration_end += std::chrono::milliseconds{1};
    RfmOptions other_unit = options;
    other_unit.unit = TimeUnit::day;
    RfmOptions other_holdout = options;
    other_holdout.holdout_end = at(2024, 3, 1);
    CHECK(throws_naming([&] { acc.merge(RfmAccumulator(other_end)); },
                        "other.options.calibration_end", "differs"));
    CHECK(
        throws_naming([&] { acc.merge(RfmAccumulator(other_unit)); }, "other.options.unit", "day"));
    CHECK(throws_naming([&] { acc.merge(RfmAccumulator(other_holdout)); },
                        "other.options.holdout_end", "none"));
    acc.merge(RfmAccumulator(options));

    // Sums past the largest double: named by summary() as by rfm_summary, refused by to_bytes.
    const double big = std::numeric_limits<double>::max() / 1.5;
    const std::vector<cskpi::Purchase> repeat{
        {"b", at(2024, 1, 1), 5.0}, {"b", at(2024, 1, 2), big}, {"b", at(2024, 1, 3), big}};
    const RfmAccumulator overflow = accumulate(repeat, options);
    CHECK_THROWS_WITH(overflow.summary(),
                      "RfmAccumulator::summary: customer \"b\": the repeat purchases sum beyond "
                      "the largest finite number");
    const std::vector<cskpi::Purchase> same_day{{"b", at(2024, 1, 2), big},
                                                {"b", at(2024, 1, 2, 3), big}};
    CHECK_THROWS_AS(accumulate(same_day, options).to_bytes(), cskpi::InvalidArgument);
}
