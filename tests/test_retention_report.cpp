#include "cskpi/retention_report.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/retention.hpp"

using namespace std::chrono;
using cskpi::CohortTable;
using cskpi::Period;
using cskpi::RetentionAccumulator;
using cskpi::RetentionReport;

namespace {

cskpi::Timestamp at(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0, int ms = 0) {
    return cskpi::Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} +
                            seconds{s} + milliseconds{ms}};
}

cskpi::Interaction contact(std::string id, std::string customer, cskpi::Timestamp t) {
    cskpi::Interaction i;
    i.id = std::move(id);
    i.customer_id = std::move(customer);
    i.started_at = t;
    return i;
}

// Five months of 2026 with a gap in March:
//   Jan {a, b, d}   Feb {a, b, c}   Mar {}   Apr {a, c, e}   May {a, e, f}
// a: two contacts in January (count once), the last millisecond of February, the first
//    instant of April; b: 23:30 on January 31; c: midnight February 1, back in April after
//    the gap; f: one minute before June. One contact has no customer.
std::vector<cskpi::Interaction> five_months() {
    return {
        contact("1", "a", at(2026, 1, 5, 10)),
        contact("2", "a", at(2026, 1, 20, 10)),
        contact("3", "d", at(2026, 1, 15, 9)),
        contact("4", "b", at(2026, 1, 31, 23, 30)),
        contact("5", "c", at(2026, 2, 1)),
        contact("6", "b", at(2026, 2, 10, 12)),
        contact("7", "a", at(2026, 2, 28, 23, 59, 59, 999)),
        contact("8", "", at(2026, 2, 14, 8)),
        contact("9", "a", at(2026, 4, 1)),
        contact("10", "e", at(2026, 4, 2, 15)),
        contact("11", "c", at(2026, 4, 15, 11)),
        contact("12", "e", at(2026, 5, 3, 16)),
        contact("13", "a", at(2026, 5, 20, 10)),
        contact("14", "f", at(2026, 5, 31, 23, 59)),
    };
}

struct Row {
    const char* period;
    std::uint64_t start, retained, new_customers, end, first_time;
};

void check_periods(const RetentionReport& r, const std::vector<Row>& expected) {
    REQUIRE(r.periods.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const cskpi::RetentionPeriod& p = r.periods[i];
        const Row& e = expected[i];
        INFO("period " << e.period);
        CHECK(p.period == e.period);
        CHECK(p.start == e.start);
        CHECK(p.retained == e.retained);
        CHECK(p.new_customers == e.new_customers);
        CHECK(p.end == e.end);
        CHECK(p.first_time == e.first_time);
        CHECK(p.retention_rate == cskpi::retention_rate(e.retained, e.start));
        CHECK(p.churn_rate == cskpi::churn_rate(e.retained, e.start));
        // The textbook ((E - N) / S) x 100 form gives the same rate.
        CHECK(p.retention_rate == cskpi::retention_from_counts(e.start, e.end, e.new_customers));
        if (i > 0) {
            CHECK(p.index == r.periods[i - 1].index + 1);
        }
    }
}

using Percents = std::vector<std::optional<double>>;

// Lines and comma-separated fields (no quoting: cskpi's labels never need it).
std::vector<std::vector<std::string>> split_csv(const std::string& text) {
    std::vector<std::vector<std::string>> lines;
    std::vector<std::string> fields{std::string()};
    for (const char ch : text) {
        if (ch == '\n') {
            lines.push_back(std::move(fields));
            fields = {std::string()};
        } else if (ch == ',') {
            fields.emplace_back();
        } else {
            fields.back() += ch;
        }
    }
    return lines;
}

// A tiny seeded generator (SplitMix64, Steele, Lea & Flood 2014), so the generated data are
// the same with every standard library.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

struct Event {
    std::string customer;
    cskpi::Timestamp t;
};

// `count` events by up to 400 customers over 2025 (12 months), 2% without a customer; each
// customer is active in a random contiguous stretch of months so retention is not trivial.
std::vector<Event> generate(std::uint64_t seed, std::size_t count) {
    SplitMix64 rng{seed};
    const auto begin = sys_days{year{2025} / January / 1};
    std::vector<Event> events;
    events.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (rng.below(50) == 0) {
            events.push_back({"", cskpi::Timestamp{begin + days{rng.below(365)}}});
            continue;
        }
        const std::uint64_t c = rng.below(400);
        const std::uint64_t first_day = (c * 7919) % 300;
        const std::uint64_t span = 30 + (c * 104729) % 240;
        const std::uint64_t day_of_year = std::min<std::uint64_t>(364, first_day + rng.below(span));
        const auto ms = static_cast<std::int64_t>(rng.below(86'400'000));
        events.push_back({"cust-" + std::to_string(c),
                          cskpi::Timestamp{begin + days{day_of_year}} + milliseconds{ms}});
    }
    return events;
}

}  // namespace

TEST_CASE("five months with a gap, returning customers and repeat contacts") {
    const auto records = five_months();
    RetentionAccumulator acc;
    for (const auto& r : records) {
        acc.add(r);
    }
    CHECK(acc.records() == 13);
    CHECK(acc.skipped_without_customer() == 1);
    CHECK(acc.customers() == 6);
    CHECK(acc.customer_periods() == 12);  // a 4, b 2, c 2, d 1, e 2, f 1

    const RetentionReport r = acc.result();
    CHECK(r.period == Period::month);
    CHECK(r.records == 13);
    CHECK(r.skipped_without_customer == 1);
    CHECK(r.customers == 6);
    CHECK(r.customer_periods == 12);
    check_periods(r, {
                         // period     S  kept N  E  first
                         {"2026-01", 0, 0, 3, 3, 3},
                         {"2026-02", 3, 2, 1, 3, 1},
                         {"2026-03", 3, 0, 0, 0, 0},  // the gap month
                         {"2026-04", 0, 0, 3, 3, 1},  // a and c return, e is new
                         {"2026-05", 3, 2, 1, 3, 1},
                     });
    CHECK(r.periods[0].index == 672);                // months since January 1970
    CHECK_FALSE(r.periods[0].retention_rate.value);  // first period: undefined
    CHECK_FALSE(r.periods[0].churn_rate.value);
    CHECK_THAT(*r.periods[1].retention_rate.value, WithinAbs(200.0 / 3.0, 1e-12));
    CHECK_THAT(*r.periods[1].churn_rate.value, WithinAbs(100.0 / 3.0, 1e-12));
    CHECK(*r.periods[2].retention_rate.value == 0.0);  // everybody churned in the gap
    CHECK(*r.periods[2].churn_rate.value == 100.0);
    CHECK_FALSE(r.periods[3].retention_rate.value);  // S = 0 after the gap
    CHECK_THAT(*r.periods[4].retention_rate.value, WithinAbs(200.0 / 3.0, 1e-12));
}

TEST_CASE("cohort table") {
    const auto records = five_months();
    const RetentionReport r = cskpi::retention_report(records);
    REQUIRE(r.cohorts.size() == 5);
    const double third = 100.0 / 3.0;
    const double two_thirds = 200.0 / 3.0;

    CHECK(r.cohorts[0].cohort == "2026-01");  // a, b, d
    CHECK(r.cohorts[0].index == 672);
    CHECK(r.cohorts[0].size == 3);
    CHECK(r.cohorts[0].active == std::vector<std::uint64_t>{3, 2, 0, 1, 1});
    CHECK(r.cohorts[0].retention == Percents{100.0, two_thirds, 0.0, third, third});

    CHECK(r.cohorts[1].cohort == "2026-02");  // c
    CHECK(r.cohorts[1].size == 1);
    CHECK(r.cohorts[1].active == std::vector<std::uint64_t>{1, 0, 1, 0});
    CHECK(r.cohorts[1].retention == Percents{100.0, 0.0, 100.0, 0.0});

    CHECK(r.cohorts[2].cohort == "2026-03");  // nobody: all undefined
    CHECK(r.cohorts[2].size == 0);
    CHECK(r.cohorts[2].active == std::vector<std::uint64_t>{0, 0, 0});
    CHECK(r.cohorts[2].retention == Percents{std::nullopt, std::nullopt, std::nullopt});

    CHECK(r.cohorts[3].cohort == "2026-04");  // e
    CHECK(r.cohorts[3].retention == Percents{100.0, 100.0});

    CHECK(r.cohorts[4].cohort == "2026-05");  // f
    CHECK(r.cohorts[4].size == 1);
    CHECK(r.cohorts[4].retention == Percents{100.0});

    // The cohort cells are the same doubles as the matching Rate.
    CHECK(r.cohorts[0].retention[1] == cskpi::make_rate(2, 3).value);

    const RetentionReport without =
        cskpi::retention_report(records, Period::month, {}, CohortTable::omit);
    CHECK(without.cohorts.empty());
    CHECK(without.periods == r.periods);
}

TEST_CASE("a UTC offset moves records across month boundaries") {
    const auto records = five_months();
    SECTION("+02:00") {
        // b's 23:30 on Jan 31 is in February, a's last millisecond of February in March and
        // f's 23:59 on May 31 in June; the March gap disappears.
        const RetentionReport r =
            cskpi::retention_report(records, Period::month, cskpi::parse_utc_offset("+02:00"));
        CHECK(r.utc_offset.minutes.count() == 120);
        check_periods(r, {
                             {"2026-01", 0, 0, 2, 2, 2},  // a, d
                             {"2026-02", 2, 0, 2, 2, 2},  // b, c
                             {"2026-03", 2, 0, 1, 1, 0},  // a returns
                             {"2026-04", 1, 1, 2, 3, 1},  // a, c, e
                             {"2026-05", 3, 2, 0, 2, 0},  // a, e
                             {"2026-06", 2, 0, 1, 1, 1},  // f
                         });
        CHECK(*r.periods[3].retention_rate.value == 100.0);
        REQUIRE(r.cohorts.size() == 6);
        CHECK(r.cohorts[0].retention == Percents{100.0, 0.0, 50.0, 50.0, 50.0, 0.0});
        CHECK(r.cohorts[1].retention == Percents{100.0, 0.0, 50.0, 0.0, 0.0});
    }
    SECTION("-05:00") {
        // c's midnight UTC on Feb 1 is in January, a's midnight UTC on Apr 1 in March.
        const RetentionReport r =
            cskpi::retention_report(records, Period::month, cskpi::parse_utc_offset("-05:00"));
        check_periods(r, {
                             {"2026-01", 0, 0, 4, 4, 4},  // a, b, c, d
                             {"2026-02", 4, 2, 0, 2, 0},  // a, b
                             {"2026-03", 2, 1, 0, 1, 0},  // a
                             {"2026-04", 1, 0, 2, 2, 1},  // c, e
                             {"2026-05", 2, 1, 2, 3, 1},  // a, e, f
                         });
    }
    SECTION("month-end boundaries in UTC") {
        RetentionAccumulator acc;
        acc.add("x", at(2026, 1, 31, 23, 59, 59, 999));
        acc.add("x", at(2026, 2, 1));
        acc.add("y", at(2024, 2, 29, 23, 59, 59, 999));  // leap day
        acc.add("y", at(2024, 3, 1));
        const RetentionReport r = acc.result(CohortTable::omit);
        REQUIRE(r.periods.size() == 25);  // 2024-02 to 2026-02
        CHECK(r.periods.front().period == "2024-02");
        CHECK(r.periods[1].period == "2024-03");
        CHECK(r.periods[1].retained == 1);
        CHECK(r.periods.back().period == "2026-02");
        CHECK(r.periods.back().retained == 1);
        CHECK(*r.periods.back().retention_rate.value == 100.0);
    }
}

TEST_CASE("ISO week periods across New Year") {
    RetentionAccumulator acc{Period::week};
    acc.add("x", at(2025, 12, 28, 23));    // Sunday: 2025-W52
    acc.add("x", at(2025, 12, 29));        // Monday: 2026-W01
    acc.add("x", at(2026, 1, 4, 23, 59));  // Sunday: still 2026-W01, counted once
    acc.add("y", at(2025, 12, 29));        // 2026-W01
    acc.add("y", at(2026, 1, 5));          // 2026-W02
    acc.add("z", at(2026, 1, 11, 12));     // Sunday: 2026-W02
    const RetentionReport r = acc.result();
    CHECK(r.period == Period::week);
    check_periods(r, {
                         {"2025-W52", 0, 0, 1, 1, 1},
                         {"2026-W01", 1, 1, 1, 2, 1},
                         {"2026-W02", 2, 1, 1, 2, 1},
                     });
    CHECK(*r.periods[1].retention_rate.value == 100.0);
    CHECK(*r.periods[2].retention_rate.value == 50.0);
    REQUIRE(r.cohorts.size() == 3);
    CHECK(r.cohorts[0].retention == Percents{100.0, 100.0, 0.0});
    CHECK(r.cohorts[1].retention == Percents{100.0, 100.0});
    CHECK(r.cohorts[2].retention == Percents{100.0});
}

TEST_CASE("day periods and purchases") {
    const std::vector<cskpi::Purchase> purchases{
        {.customer_id = "p", .at = at(2026, 3, 1, 8), .amount = 10.0},
        {.customer_id = "p", .at = at(2026, 3, 2, 8), .amount = 5.0},
        {.customer_id = "q", .at = at(2026, 3, 2, 9), .amount = 7.0},
        {.customer_id = "", .at = at(2026, 3, 2, 9), .amount = 1.0},
    };
    const RetentionReport r = cskpi::retention_report(purchases, Period::day);
    check_periods(r, {
                         {"2026-03-01", 0, 0, 1, 1, 1},
                         {"2026-03-02", 1, 1, 1, 2, 1},
                     });
    CHECK(r.skipped_without_customer == 1);
    CHECK(r.records == 3);
}

TEST_CASE("empty accumulator and customer-less records") {
    RetentionAccumulator acc;
    CHECK(acc.period() == Period::month);
    CHECK(acc.utc_offset() == cskpi::UtcOffset{});
    RetentionReport r = acc.result();
    CHECK(r.periods.empty());
    CHECK(r.cohorts.empty());
    CHECK(r.records == 0);
    CHECK(r.skipped_without_customer == 0);
    CHECK(r.customers == 0);

    acc.add(contact("i-1", "", at(2026, 1, 1)));
    acc.add(cskpi::Purchase{.customer_id = "", .at = at(2026, 1, 2), .amount = 3.0});
    CHECK(acc.skipped_without_customer() == 2);
    CHECK(acc.records() == 0);
    r = acc.result();
    CHECK(r.periods.empty());
    CHECK(r.skipped_without_customer == 2);

    CHECK(cskpi::to_csv(r) ==
          "period,start,retained,new,first_time,end,retention_rate,retention_ci95_low,"
          "retention_ci95_high,churn_rate\n");
    CHECK(cskpi::cohorts_to_csv(r) == "cohort,size\n");
    CHECK(cskpi::to_table(r) ==
          "retention by month at UTC+00:00: 0 records, 2 skipped without customer_id, 0 "
          "customers, 0 customer-periods\n\n"
          "period  start  retained  new  first_time  end  retention_%  ci95_low  ci95_high  "
          "churn_%\n");
}

TEST_CASE("invalid options and mismatched merges throw") {
    CHECK_THROWS_AS(RetentionAccumulator(Period::month, cskpi::UtcOffset{minutes{24 * 60}}),
                    cskpi::InvalidArgument);
    RetentionAccumulator monthly;
    CHECK_THROWS_WITH(monthly.merge(RetentionAccumulator{Period::week}),
                      "RetentionAccumulator::merge: other.period = week differs from this "
                      "accumulator's period month");
    CHECK_THROWS_AS(
        monthly.merge(RetentionAccumulator{Period::month, cskpi::parse_utc_offset("+01:00")}),
        cskpi::InvalidArgument);
}

TEST_CASE("merging with itself and with empty accumulators") {
    RetentionAccumulator acc;
    for (const auto& r : five_months()) {
        acc.add(r);
    }
    const RetentionReport before = acc.result();
    acc.merge(RetentionAccumulator{});
    CHECK(acc.result() == before);

    RetentionAccumulator empty;
    empty.merge(acc);
    CHECK(empty == acc);

    // Like adding the same records again: pairs unchanged, record counts doubled.
    acc.merge(acc);
    const RetentionReport twice = acc.result();
    CHECK(twice.periods == before.periods);
    CHECK(twice.cohorts == before.cohorts);
    CHECK(twice.records == 2 * before.records);
    CHECK(twice.skipped_without_customer == 2 * before.skipped_without_customer);
}

TEST_CASE("text table and CSV") {
    const RetentionReport r = cskpi::retention_report(five_months());
    CHECK(cskpi::to_table(r) ==
          "retention by month at UTC+00:00: 13 records, 1 skipped without customer_id, 6 "
          "customers, 12 customer-periods\n"
          "\n"
          "period   start  retained  new  first_time  end  retention_%  ci95_low  ci95_high  "
          "churn_%\n"
          "2026-01      0         0    3           3    3          n/a       n/a        n/a  "
          "    n/a\n"
          "2026-02      3         2    1           1    3        66.67     20.77      93.85  "
          "  33.33\n"
          "2026-03      3         0    0           0    0         0.00      0.00      56.15  "
          " 100.00\n"
          "2026-04      0         0    3           1    3          n/a       n/a        n/a  "
          "    n/a\n"
          "2026-05      3         2    1           1    3        66.67     20.77      93.85  "
          "  33.33\n"
          "\n"
          "cohorts: percent of each cohort active k periods after its first period\n"
          "\n"
          "cohort   size       0       1       2      3      4\n"
          "2026-01     3  100.00   66.67    0.00  33.33  33.33\n"
          "2026-02     1  100.00    0.00  100.00   0.00\n"
          "2026-03     0     n/a     n/a     n/a\n"
          "2026-04     1  100.00  100.00\n"
          "2026-05     1  100.00\n");

    // The CSV: exact text except the Wilson bounds, which are checked as numbers (hand values
    // to 4 digits, and reading back as exactly the report's doubles).
    const std::vector<std::vector<std::string>> csv = split_csv(cskpi::to_csv(r));
    const std::vector<std::vector<std::string>> expected{
        {"period", "start", "retained", "new", "first_time", "end", "retention_rate",
         "retention_ci95_low", "retention_ci95_high", "churn_rate"},
        {"2026-01", "0", "0", "3", "3", "3", "", "", "", ""},
        {"2026-02", "3", "2", "1", "1", "3", "66.66666666666667", "~20.77", "~93.85",
         "33.333333333333336"},
        {"2026-03", "3", "0", "0", "0", "0", "0", "0", "~56.15", "100"},
        {"2026-04", "0", "0", "3", "1", "3", "", "", "", ""},
        {"2026-05", "3", "2", "1", "1", "3", "66.66666666666667", "~20.77", "~93.85",
         "33.333333333333336"},
    };
    REQUIRE(csv.size() == expected.size());
    for (std::size_t i = 0; i < csv.size(); ++i) {
        REQUIRE(csv[i].size() == expected[i].size());
        for (std::size_t j = 0; j < csv[i].size(); ++j) {
            INFO("line " << i << " field " << j << ": " << csv[i][j]);
            if (expected[i][j].starts_with('~')) {
                const double value = std::stod(csv[i][j]);
                CHECK_THAT(value, WithinAbs(std::stod(expected[i][j].substr(1)), 0.005));
                const auto& ci = *r.periods[i - 1].retention_rate.ci95;
                CHECK(value == (j == 7 ? ci.lower : ci.upper));
            } else {
                CHECK(csv[i][j] == expected[i][j]);
            }
        }
    }

    CHECK(cskpi::cohorts_to_csv(r) ==
          "cohort,size,offset_0,offset_1,offset_2,offset_3,offset_4\n"
          "2026-01,3,100,66.66666666666667,0,33.333333333333336,33.333333333333336\n"
          "2026-02,1,100,0,100,0,\n"
          "2026-03,0,,,,,\n"
          "2026-04,1,100,100,,,\n"
          "2026-05,1,100,,,,\n");
}

TEST_CASE("merge property: any sharding, any merge order, same report") {
    for (const std::uint64_t seed : {1ULL, 2ULL, 3ULL, 20260131ULL}) {
        const std::vector<Event> events = generate(seed, 5000);
        for (const Period period : {Period::month, Period::week}) {
            const cskpi::UtcOffset offset =
                cskpi::parse_utc_offset(seed % 2 == 0 ? "+05:30" : "-03:00");
            RetentionAccumulator whole{period, offset};
            for (const Event& e : events) {
                whole.add(e.customer, e.t);
            }
            const RetentionReport expected = whole.result();
            REQUIRE(expected.records + expected.skipped_without_customer == events.size());
            if (period == Period::month) {
                REQUIRE(expected.periods.size() >= 12);  // the offset may reach into 2024/2026
            }

            SplitMix64 rng{seed * 7 + static_cast<std::uint64_t>(period)};
            for (int trial = 0; trial < 5; ++trial) {
                const std::size_t shards = 1 + rng.below(9);
                std::vector<RetentionAccumulator> parts(shards,
                                                        RetentionAccumulator{period, offset});
                for (const Event& e : events) {
                    parts[rng.below(shards)].add(e.customer, e.t);
                }
                // Merge in a random order into a fresh accumulator ...
                std::vector<std::size_t> order(shards);
                for (std::size_t i = 0; i < shards; ++i) {
                    order[i] = i;
                }
                for (std::size_t i = shards; i > 1; --i) {
                    std::swap(order[i - 1], order[rng.below(i)]);
                }
                RetentionAccumulator merged{period, offset};
                for (const std::size_t i : order) {
                    merged.merge(parts[i]);
                }
                INFO("seed " << seed << " period " << cskpi::to_string(period) << " shards "
                             << shards);
                CHECK(merged == whole);
                CHECK(merged.result() == expected);
                // ... and pairwise as a tree, right to left.
                while (parts.size() > 1) {
                    std::vector<RetentionAccumulator> next;
                    for (std::size_t i = parts.size(); i >= 2; i -= 2) {
                        parts[i - 1].merge(parts[i - 2]);
                        next.push_back(std::move(parts[i - 1]));
                    }
                    if (parts.size() % 2 == 1) {
                        next.push_back(std::move(parts[0]));
                    }
                    parts = std::move(next);
                }
                CHECK(parts[0].result() == expected);
                CHECK(cskpi::to_csv(parts[0].result()) == cskpi::to_csv(expected));
            }
        }
    }
}

TEST_CASE("a table past the limits is refused before it is built, saying how large") {
    RetentionAccumulator daily{Period::day};
    daily.add("a", at(1970, 1, 1));
    daily.add("b", at(2026, 1, 1));
    try {
        (void)daily.result();
        FAIL("no exception");
    } catch (const cskpi::RetentionTooLarge& e) {
        CHECK(std::string(e.what()) ==
              "RetentionAccumulator::result: the cohort table would have 20,455 cohorts and "
              "209,213,740 cells (day periods 1970-01-01 to 2026-01-01); the limit is "
              "10,000,000 cells: use a longer period, CohortTable::omit or fewer dates");
        CHECK(e.table() == cskpi::RetentionTooLarge::Table::cohorts);
        CHECK(e.periods() == 20'455);
        CHECK(e.cells() == 209'213'740);
        CHECK(e.limit() == cskpi::max_cohort_cells);
    }
    // The period rows alone are well within their limit.
    CHECK(daily.result(CohortTable::omit).periods.size() == 20'455);

    RetentionAccumulator extremes{Period::day};
    extremes.add("a", at(1, 1, 1));
    extremes.add("b", at(9999, 12, 31, 23, 59));
    CHECK_THROWS_WITH(extremes.result(CohortTable::omit),
                      "RetentionAccumulator::result: the period table would have 3,652,059 rows "
                      "(day periods 0001-01-01 to 9999-12-31); the limit is 200,000 rows: use a "
                      "longer period or fewer dates");
    CHECK_THROWS_AS(extremes.result(), cskpi::RetentionTooLarge);
    // Every month of years 1 to 9999 is within the limit.
    RetentionAccumulator monthly{Period::month};
    monthly.add("a", at(1, 1, 1));
    monthly.add("b", at(9999, 12, 31));
    CHECK(monthly.result(CohortTable::omit).periods.size() == 119'988);
}

TEST_CASE("tables just within the limits are built") {
    // 200,000 days from 1970-01-01: the last is day 199,999.
    RetentionAccumulator days{Period::day};
    days.add("a", at(1970, 1, 1));
    days.add("b", cskpi::Timestamp{sys_days{std::chrono::days{199'999}}});
    const RetentionReport rows = days.result(CohortTable::omit);
    REQUIRE(rows.periods.size() == cskpi::max_retention_periods);
    CHECK(rows.periods.back().period == "2517-07-31");
    CHECK(rows.periods.back().end == 1);
    days.add("c", cskpi::Timestamp{sys_days{std::chrono::days{200'000}}});
    CHECK_THROWS_AS(days.result(CohortTable::omit), cskpi::RetentionTooLarge);

    // 4,471 months make 9,997,156 cohort cells; 4,472 would make 10,001,628.
    RetentionAccumulator months{Period::month};
    months.add("a", at(1700, 1, 15));
    months.add("b", at(2072, 7, 15));
    const RetentionReport cohorts = months.result();
    REQUIRE(cohorts.cohorts.size() == 4'471);
    CHECK(cohorts.cohorts.front().retention.size() == 4'471);
    CHECK(cohorts.cohorts.back().cohort == "2072-07");
    CHECK(cohorts.cohorts.back().active == std::vector<std::uint64_t>{1});
    months.add("c", at(2072, 8, 1));
    try {
        (void)months.result();
        FAIL("no exception");
    } catch (const cskpi::RetentionTooLarge& e) {
        CHECK(e.periods() == 4'472);
        CHECK(e.cells() == 10'001'628);
    }
}

TEST_CASE("counts with thousands separators") {
    CHECK(cskpi::grouped_count(0) == "0");
    CHECK(cskpi::grouped_count(999) == "999");
    CHECK(cskpi::grouped_count(1000) == "1,000");
    CHECK(cskpi::grouped_count(18'446'744'073'709'551'615ULL) == "18,446,744,073,709,551,615");
}
