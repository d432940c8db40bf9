// InteractionBatch: records stored by column read back unchanged, and a batch added to a
// report gives the report of its records added one by one: counts, rates and quantiles to the
// last bit, means within rounding (the batch sums a block of values at a time).
#include "cskpi/interaction_batch.hpp"

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "random_records.hpp"
#include "report_fixtures.hpp"

namespace {

using cskpi::Interaction;
using cskpi::InteractionBatch;
using fixtures::check_identical;
using fixtures::check_reports;
using fixtures::check_same_record;
using fixtures::name;
using fixtures::random_records;

InteractionBatch batch_of(std::span<const Interaction> records) {
    InteractionBatch batch;
    batch.append(records);
    return batch;
}

// Every option the batch path treats apart: no grouping, one dimension (the array fast path),
// several dimensions, periods with an offset, each FCR mode, the customer dimension.
std::vector<cskpi::ReportOptions> all_options() {
    using cskpi::Dimension;
    return {
        {},
        {.group_by = {Dimension::agent_id}},
        {.group_by = {Dimension::agent_id}, .period = cskpi::Period::week},
        {.group_by = {Dimension::channel, Dimension::queue},
         .period = cskpi::Period::day,
         .utc_offset = cskpi::parse_utc_offset("+05:30"),
         .fcr_mode = cskpi::FcrMode::window},
        {.group_by = {Dimension::channel}, .fcr_mode = cskpi::FcrMode::window},
        {.group_by = {Dimension::team}, .fcr_mode = cskpi::FcrMode::flag},
        {.period = cskpi::Period::month, .fcr_mode = cskpi::FcrMode::flag},
        {.group_by = {Dimension::customer_id}, .abandon_mode = cskpi::AbandonMode::count_for},
        {.group_by = {Dimension::queue, Dimension::team, Dimension::agent_id},
         .csat = {7, 6},
         .service_level_seconds = 10.0,
         .short_abandon_seconds = 0.0},
    };
}

}  // namespace

TEST_CASE("an empty batch") {
    const InteractionBatch batch;
    CHECK(batch.empty());
    CHECK(batch.size() == 0);
    CHECK(batch.cases() == 0);
    CHECK(batch.memory_bytes() == 0);
    CHECK_THROWS_AS(batch.at(0), cskpi::InvalidArgument);
    for (const auto& options : all_options()) {
        cskpi::ReportAccumulator acc(options);
        acc.add(batch);
        CHECK(acc.records() == 0);
        check_identical(acc.report(), cskpi::ReportAccumulator(options).report());
    }
}

TEST_CASE("records read back unchanged, extreme values included") {
    auto records = random_records(41, 500);
    const auto t0 = fixtures::at(2026, 2, 1);
    records[0].answered_at = t0 + std::chrono::seconds{12};
    records[0].ended_at = t0 + std::chrono::seconds{300};
    records[0].direction = cskpi::Direction::outbound;
    records[0].revenue = -12.5;
    records[1].started_at = cskpi::Timestamp(std::chrono::milliseconds(
        std::numeric_limits<std::int64_t>::min()));  // the sentinel-free time column
    records[1].answered_at = cskpi::Timestamp{};     // epoch, present
    records[2].started_at =
        cskpi::Timestamp(std::chrono::milliseconds(std::numeric_limits<std::int64_t>::max()));
    records[2].wait_seconds = std::numeric_limits<double>::max();
    records[2].talk_seconds = -0.0;  // valid (>= 0), and kept as written
    records[3].nps = 0;              // 0 is an answer, not an absence
    records[3].csat = 1;
    records[3].ces = 1;
    records[4].customer_id = "";
    records[4].case_id = records[4].id;  // a case_id equal to the id is still a case_id
    records[5].id = std::string("with\0nul", 8);
    // The batch keeps the handle time the KPIs use, and which records gave handle_seconds.
    records[6].handle_seconds = 42.0;  // given alongside parts: kept, and not their sum
    records[6].talk_seconds = 100.0;
    records[7].handle_seconds = 0.0;  // given and zero
    records[8].handle_seconds.reset();
    records[8].talk_seconds.reset();
    records[8].hold_seconds = 12.5;  // parts only: no handle_seconds read back
    records[8].wrap_seconds.reset();
    const InteractionBatch batch = batch_of(records);
    REQUIRE(batch.size() == records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        check_same_record(batch.at(i), records[i]);
    }
    CHECK(std::signbit(*batch.at(2).talk_seconds));
    CHECK(batch.at(6).handle_seconds == 42.0);
    CHECK(batch.at(7).handle_seconds == 0.0);
    CHECK_FALSE(batch.at(8).handle_seconds);
    CHECK_THROWS_AS(batch.at(records.size()), cskpi::InvalidArgument);
}

TEST_CASE("cases() counts distinct cases: case_id, or the contact's own id") {
    const auto t = fixtures::at(2026, 1, 5);
    const std::vector<Interaction> records{
        {.id = "c1", .case_id = "k1", .started_at = t},
        {.id = "c2", .case_id = "k1", .started_at = t},
        {.id = "c3", .started_at = t},                   // its own case, "c3"
        {.id = "c4", .case_id = "c3", .started_at = t},  // the same case, by key
    };
    const InteractionBatch batch = batch_of(records);
    CHECK(batch.cases() == 2);
    CHECK(batch.at(2).case_id.empty());
    CHECK(batch.at(3).case_id == "c3");
}

TEST_CASE("invalid records are refused with the record and field named, nothing appended") {
    const auto t = fixtures::at(2026, 1, 5);
    InteractionBatch batch;
    batch.append(Interaction{.id = "ok", .started_at = t});
    const auto refused = [&](const Interaction& r, const std::string& field) {
        try {
            batch.append(r);
            FAIL("appended an invalid record");
        } catch (const cskpi::InvalidArgument& e) {
            CHECK(e.argument() == field);
            CHECK(std::string(e.what()).find("InteractionBatch::append") != std::string::npos);
        }
        CHECK(batch.size() == 1);
    };
    refused({.started_at = t}, "id");
    refused({.id = "w", .started_at = t, .wait_seconds = -1.0}, "wait_seconds");
    refused({.id = "n", .started_at = t, .talk_seconds = std::nan("")}, "talk_seconds");
    refused({.id = "i", .started_at = t, .handle_seconds = HUGE_VAL}, "handle_seconds");
    refused({.id = "c", .started_at = t, .csat = 0}, "csat");
    refused({.id = "p", .started_at = t, .nps = 11}, "nps");
    refused({.id = "e", .started_at = t, .ces = 8}, "ces");
    refused({.id = "r", .started_at = t, .revenue = std::nan("")}, "revenue");
    CHECK(batch.cases() == 1);
    // A span stops at the invalid record; the ones before it stay.
    const std::vector<Interaction> span{{.id = "a", .started_at = t},
                                        {.id = "b", .started_at = t, .nps = -1},
                                        {.id = "c", .started_at = t}};
    CHECK_THROWS_AS(batch.append(std::span(span)), cskpi::InvalidArgument);
    CHECK(batch.size() == 2);
    CHECK(batch.at(1).id == "a");
}

namespace {

// The batch's report against its records added one by one (check_reports); the batch's.
cskpi::Report check_batch_against_records(const InteractionBatch& batch,
                                          const std::vector<Interaction>& records,
                                          const cskpi::ReportOptions& options) {
    cskpi::ReportAccumulator one_by_one(options);
    for (const auto& r : records) {
        one_by_one.add(r);
    }
    cskpi::ReportAccumulator from_batch(options);
    from_batch.add(batch);
    CHECK(from_batch.records() == records.size());
    cskpi::Report report = from_batch.report();
    check_reports(report, one_by_one.report());
    return report;
}

}  // namespace

TEST_CASE("a batch gives the report of its records added one by one") {
    const auto records = random_records(20261202, 4000);
    const InteractionBatch batch = batch_of(records);
    for (const auto& options : all_options()) {
        check_batch_against_records(batch, records, options);
    }
}

TEST_CASE("a grouped batch over several blocks of rows gives its records' report") {
    // 20,000 rows: a grouped report takes a batch in blocks of 4,096 rows. By agent (6 groups,
    // many rows each a block), by customer (4,000 more on every other row: about one row each a
    // block), and by queue x channel x month.
    auto records = random_records(20261204, 20000);
    for (std::size_t i = 0; i < records.size(); i += 2) {
        records[i].customer_id = name('w', (i / 2 * 7919) % 4000);
    }
    const InteractionBatch batch = batch_of(records);
    using cskpi::Dimension;
    for (const cskpi::ReportOptions& options :
         {cskpi::ReportOptions{.group_by = {Dimension::agent_id}},
          cskpi::ReportOptions{.group_by = {Dimension::customer_id},
          .fcr_mode = cskpi::FcrMode::window},
          cskpi::ReportOptions{.group_by = {Dimension::queue, Dimension::channel},
          .period = cskpi::Period::month,
          .fcr_mode = cskpi::FcrMode::flag}}) {
        const cskpi::Report report = check_batch_against_records(batch, records, options);
        CHECK(report.groups.size() > 4);
    }
}

TEST_CASE("a grouped batch: the seven contacts ten times over by agent, every KPI by hand") {
    // 70 rows in one block, the agents interleaved: a1 has c1, c2 and c7, a2 has c3 to c6.
    std::vector<Interaction> records;
    for (int copy = 0; copy < 10; ++copy) {
        for (const auto& r : fixtures::seven_contacts()) {
            records.push_back(r);
        }
    }
    cskpi::ReportAccumulator acc(
        {.group_by = {cskpi::Dimension::agent_id}, .fcr_mode = cskpi::FcrMode::flag});
    acc.add(batch_of(records));
    const cskpi::Report report = acc.report();
    REQUIRE(report.groups.size() == 2);
    const cskpi::KpiSet& a1 = report.groups[0].kpis;
    CHECK(report.groups[0].key.values == std::vector<std::string>{"a1"});
    CHECK(a1.contacts == 30);
    CHECK(a1.handled == 30);
    // AHT: c1's parts 150 and c2's total 200, ten times each (c7 has no handle data): mean 175,
    // squared deviations 20 x 25^2 = 12,500.
    CHECK(a1.aht_seconds.count() == 20);
    CHECK(a1.aht_seconds.sum() == 3500.0);
    CHECK(*a1.aht_seconds.value() == 175.0);
    CHECK_THAT(*a1.aht_seconds.stddev(), WithinRel(std::sqrt(12500.0 / 19.0), 1e-14));
    // ASA: waits 10 and 30, ten times each: mean 20, squared deviations 20 x 10^2.
    CHECK(a1.asa_seconds.count() == 20);
    CHECK(*a1.asa_seconds.value() == 20.0);
    CHECK_THAT(*a1.asa_seconds.stddev(), WithinRel(std::sqrt(2000.0 / 19.0), 1e-14));
    CHECK(a1.service_level.numerator == 10);  // c1 within 20 s; no abandons
    CHECK(a1.service_level.denominator == 20);
    CHECK(a1.abandonment_rate.numerator == 0);
    CHECK(a1.abandonment_rate.denominator == 20);
    CHECK(a1.csat.answers.count() == 20);  // 5 and 3: mean 4, ten satisfied
    // A grouped batch's rows go into their groups one by one, as records do: the running mean
    // of alternating 5 and 3 is within rounding of 4.
    CHECK_THAT(*a1.csat.answers.value(), WithinRel(4.0, 1e-15));
    CHECK_THAT(*a1.csat.answers.stddev(), WithinRel(std::sqrt(20.0 / 19.0), 1e-14));
    CHECK(a1.csat.satisfied.numerator == 10);
    CHECK(a1.nps.promoters == 10);
    CHECK(a1.nps.passives == 10);
    CHECK(a1.nps.detractors == 0);
    CHECK(a1.ces.answers.count() == 10);  // c7's 2
    CHECK(*a1.ces.answers.value() == 2.0);
    CHECK(a1.ces.agree.numerator == 0);
    CHECK(a1.first_response_seconds.count == 10);
    CHECK(*a1.first_response_seconds.p50 == 60.0);
    CHECK(*a1.resolution_seconds.p90 == 7200.0);
    CHECK(a1.fcr.denominator == 0);  // no contact carries the flag

    const cskpi::KpiSet& a2 = report.groups[1].kpis;
    CHECK(a2.contacts == 40);
    CHECK(a2.handled == 10);  // c6
    CHECK(a2.aht_seconds.count() == 10);
    CHECK(*a2.aht_seconds.value() == 60.0);
    CHECK(*a2.aht_seconds.stddev() == 0.0);
    CHECK(a2.asa_seconds.count() == 0);  // c3 to c5 abandoned, c6 not queued
    // Queued 30: c3 a short abandon (3 s), c4 and c5 long ones, c5 within 20 s.
    CHECK(a2.service_level.numerator == 0);
    CHECK(a2.service_level.denominator == 20);
    CHECK(a2.abandonment_rate.numerator == 20);
    CHECK(a2.abandonment_rate.denominator == 20);
    CHECK(a2.csat.answers.count() == 10);
    CHECK(a2.csat.satisfied.numerator == 10);
    CHECK(a2.nps.detractors == 10);
    CHECK(*a2.ces.answers.value() == 6.0);
    CHECK(a2.ces.agree.numerator == 10);
    CHECK(*a2.first_response_seconds.p50 == 120.0);
    CHECK(*a2.resolution_seconds.mean == 3600.0);
    // The overall KPIs merge the two groups.
    CHECK(report.overall.contacts == 70);
    CHECK(report.overall.aht_seconds.count() == 30);
    CHECK_THAT(*report.overall.aht_seconds.value(), WithinRel(4100.0 / 30.0, 1e-14));
}

TEST_CASE("a grouped batch whose sums overflow, or whose CSAT scale is beyond the integer sums") {
    using cskpi::Dimension;
    auto records = random_records(5, 3000);
    // Handle times near the largest double in one agent's rows: that block's sums overflow, so
    // its rows take the row-by-row path, and the report is its records' to the last bit.
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].agent_id == records[0].agent_id && i % 3 == 0) {
            records[i].handle_seconds = std::numeric_limits<double>::max() / 2;
        }
    }
    const cskpi::ReportOptions by_agent{.group_by = {Dimension::agent_id}};
    cskpi::ReportAccumulator from_batch(by_agent);
    from_batch.add(batch_of(records));
    check_identical(from_batch.report(), cskpi::make_report(records, by_agent));

    // Answers up to 60,000 on a 100,000-point scale: past 2^15, the row-by-row path again.
    auto rated = random_records(6, 3000);
    for (std::size_t i = 0; i < rated.size(); i += 4) {
        rated[i].csat = 60'000 - static_cast<int>(i);
    }
    const cskpi::ReportOptions wide{.group_by = {Dimension::queue}, .csat = {100'000, 50'000}};
    cskpi::ReportAccumulator wide_batch(wide);
    wide_batch.add(batch_of(rated));
    check_identical(wide_batch.report(), cskpi::make_report(rated, wide));
}

TEST_CASE("batches, records and merges mix: cases cross batches and shards") {
    const auto records = random_records(99, 3000);
    for (const auto& options : all_options()) {
        const cskpi::Report whole = cskpi::make_report(records, options);
        // Into one accumulator: a batch, records, a second batch (its cases partly known).
        cskpi::ReportAccumulator mixed(options);
        const auto all = std::span(records);
        mixed.add(batch_of(all.first(1000)));
        mixed.add(all.subspan(1000, 500));
        mixed.add(batch_of(all.subspan(1500, 1000)));
        cskpi::ReportAccumulator other(options);
        other.add(batch_of(all.subspan(2500)));
        mixed.merge(std::move(other));
        CHECK(mixed.records() == records.size());
        fixtures::check_reports(mixed.report(), whole);
    }
}

TEST_CASE("FCR case mode from a batch: order, ties and copies as docs/kpis.md says") {
    const auto t = fixtures::at(2026, 3, 2, 9);
    using std::chrono::minutes;
    // k1: two handled contacts at the same time; "a" is first by id (agent A1), unresolved
    //     with a resolved later one: not FCR, attributed to A1.
    // k2: one handled contact, resolved, after an abandoned one: FCR, to A2.
    // k3: the same contact twice (a copy), resolved in the second copy only: two handled
    //     contacts, so not FCR, wherever the copies fall.
    // k4: one handled contact without a resolution flag: unknown, left out.
    const std::vector<Interaction> records{
        {.id = "b", .case_id = "k1", .agent_id = "A9", .started_at = t, .resolved = true},
        {.id = "a", .case_id = "k1", .agent_id = "A1", .started_at = t, .resolved = false},
        {.id = "x", .case_id = "k2", .agent_id = "A7", .started_at = t, .abandoned = true},
        {.id = "y",
         .case_id = "k2",
         .agent_id = "A2",
         .started_at = t + minutes{5},
         .resolved = true},
        {.id = "z", .case_id = "k3", .agent_id = "A1", .started_at = t, .resolved = false},
        {.id = "z", .case_id = "k3", .agent_id = "A1", .started_at = t, .resolved = true},
        {.id = "w", .case_id = "k4", .agent_id = "A2", .started_at = t},
    };
    cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
    acc.add(batch_of(records));
    const cskpi::Report report = acc.report();
    CHECK(report.overall.fcr.denominator == 3);  // k1, k2, k3
    CHECK(report.overall.fcr.numerator == 1);    // k2
    REQUIRE(report.groups.size() == 4);          // A1, A2, A7, A9
    CHECK(report.groups[0].key.values[0] == "A1");
    CHECK(report.groups[0].kpis.fcr.denominator == 2);
    CHECK(report.groups[0].kpis.fcr.numerator == 0);
    CHECK(report.groups[1].kpis.fcr.denominator == 1);
    CHECK(report.groups[1].kpis.fcr.numerator == 1);
    CHECK(report.groups[2].kpis.fcr.denominator == 0);
    CHECK(report.groups[3].kpis.fcr.denominator == 0);
}

TEST_CASE("FCR case mode without grouping: a byte per case, in any order, through every path") {
    const auto t = fixtures::at(2026, 3, 2, 9);
    using std::chrono::minutes;
    // k1: two handled contacts at the same time, resolved and not: an inquiry, not FCR.
    // k2: an abandoned contact, then one handled and resolved: FCR.
    // k3: the same contact twice (a copy), resolved in one: two handled contacts, not FCR.
    // k4: one handled contact without a resolution flag: unknown, left out.
    // k5: only an abandoned contact, carrying resolved: no handled contact, left out.
    // k6: a handled contact without the flag, then one resolved: an inquiry, not FCR.
    // k7: one handled contact, not resolved: an inquiry, not FCR.
    // k8: one handled contact, resolved, then an abandoned one: FCR.
    // Inquiries k1, k2, k3, k6, k7, k8; FCR k2, k8.
    const std::vector<Interaction> records{
        {.id = "b", .case_id = "k1", .started_at = t, .resolved = true},
        {.id = "a", .case_id = "k1", .started_at = t, .resolved = false},
        {.id = "x", .case_id = "k2", .started_at = t, .abandoned = true},
        {.id = "y", .case_id = "k2", .started_at = t + minutes{5}, .resolved = true},
        {.id = "z", .case_id = "k3", .started_at = t, .resolved = false},
        {.id = "z", .case_id = "k3", .started_at = t, .resolved = true},
        {.id = "w", .case_id = "k4", .started_at = t},
        {.id = "v", .case_id = "k5", .started_at = t, .abandoned = true, .resolved = true},
        {.id = "e1", .case_id = "k6", .started_at = t},
        {.id = "e2", .case_id = "k6", .started_at = t + minutes{9}, .resolved = true},
        {.id = "f1", .case_id = "k7", .started_at = t, .resolved = false},
        {.id = "g1", .case_id = "k8", .started_at = t, .resolved = true},
        {.id = "g2",
         .case_id = "k8",
         .started_at = t + minutes{1},
         .abandoned = true,
         .resolved = false},
    };
    const auto fcr = [](const cskpi::ReportAccumulator& acc) {
        const cskpi::Rate rate = acc.report().overall.fcr;
        return std::pair{rate.numerator, rate.denominator};
    };
    const std::pair expected{std::uint64_t{2}, std::uint64_t{6}};
    const auto all = std::span(records);
    const auto front = all.first(6);
    const auto back = all.subspan(6);

    const auto from_batch = [](std::span<const Interaction> part) {
        cskpi::ReportAccumulator acc;
        acc.add(batch_of(part));
        return acc;
    };

    const cskpi::ReportAccumulator one_batch = from_batch(records);
    CHECK(fcr(one_batch) == expected);
    const std::vector<Interaction> reversed(records.rbegin(), records.rend());
    const cskpi::ReportAccumulator reversed_batch = from_batch(reversed);
    CHECK(fcr(reversed_batch) == expected);
    check_identical(reversed_batch.report(), one_batch.report());

    // A first batch, then records, or a second batch (the cases move into a case table).
    cskpi::ReportAccumulator then_records = from_batch(front);
    then_records.add(back);
    CHECK(fcr(then_records) == expected);
    cskpi::ReportAccumulator two_batches = from_batch(front);
    two_batches.add(batch_of(back));
    CHECK(fcr(two_batches) == expected);
    cskpi::ReportAccumulator records_then_batch;
    records_then_batch.add(front);
    records_then_batch.add(batch_of(back));
    CHECK(fcr(records_then_batch) == expected);

    // Merges: into an empty report (which then shares the dictionary), batch into batch,
    // batch into a case table, a case table into a batch's cases, and a move.
    const std::pair front_only{std::uint64_t{1}, std::uint64_t{3}};  // k2 of k1, k2, k3
    const cskpi::ReportAccumulator first_half = from_batch(front);
    const cskpi::ReportAccumulator second_half = from_batch(back);
    cskpi::ReportAccumulator empty_then_merged;
    empty_then_merged.merge(first_half);
    empty_then_merged.merge(second_half);
    CHECK(fcr(empty_then_merged) == expected);
    CHECK(fcr(first_half) == front_only);
    cskpi::ReportAccumulator shared;
    shared.merge(first_half);
    shared.add(back);  // the shared cases move into a table of its own; first_half unchanged
    CHECK(fcr(shared) == expected);
    CHECK(fcr(first_half) == front_only);
    cskpi::ReportAccumulator table_side;
    table_side.add(front);
    table_side.merge(second_half);
    CHECK(fcr(table_side) == expected);
    cskpi::ReportAccumulator batch_side = from_batch(back);
    batch_side.merge(first_half);
    CHECK(fcr(batch_side) == expected);
    cskpi::ReportAccumulator moved_into = from_batch(front);
    moved_into.merge(from_batch(back));
    CHECK(fcr(moved_into) == expected);
}

TEST_CASE("a report shares a batch's case dictionary: the batch can change or go") {
    const auto t = fixtures::at(2026, 3, 3, 9);
    cskpi::ReportAccumulator acc;
    {
        InteractionBatch batch;
        batch.append(Interaction{.id = "a", .case_id = "k1", .started_at = t, .resolved = true});
        acc.add(batch);
        // Appending copies the dictionary first: the report keeps the one it took.
        batch.append(Interaction{.id = "b", .case_id = "k1", .started_at = t, .resolved = true});
        batch.append(Interaction{.id = "c", .case_id = "k2", .started_at = t, .resolved = true});
        CHECK(batch.cases() == 2);
        cskpi::ReportAccumulator later;
        later.add(batch);
        CHECK(later.report().overall.fcr.numerator == 1);  // k2
        CHECK(later.report().overall.fcr.denominator == 2);
        const InteractionBatch copy = batch;  // copies share it too
        batch.clear();
        cskpi::ReportAccumulator from_copy;
        from_copy.add(copy);
        check_identical(from_copy.report(), later.report());
    }  // the batch is gone; the report holds the dictionary
    CHECK(acc.report().overall.fcr.numerator == 1);
    CHECK(acc.report().overall.fcr.denominator == 1);
    acc.add(Interaction{.id = "d", .case_id = "k1", .started_at = t, .resolved = true});
    CHECK(acc.report().overall.fcr.numerator == 0);
    CHECK(acc.report().overall.fcr.denominator == 1);
}

TEST_CASE("a batch into an empty report becomes its case table; later contacts find the cases") {
    // The first batch's case dictionary is adopted as the case table (no lookups); records
    // added after it must find those cases, their first contacts' times and ids intact.
    const auto t = fixtures::at(2026, 5, 4, 9);
    using std::chrono::hours;
    // k1: only abandoned in the batch, handled later in A2, resolved: FCR, to A2.
    // k2: resolved in the batch (A1), a second handled contact a day later: not FCR, to A1.
    // k3: at t+1h, id "m" in the batch (A1); later a contact at the same time with id "l"
    //     (A3), first by id ("l" < "m", though not < "k3"): not FCR, to A3.
    // u:  a contact that is its own case (id "u"), resolved, in A1: FCR, to A1.
    const std::vector<Interaction> batch_records{
        {.id = "p", .case_id = "k1", .agent_id = "A1", .started_at = t, .abandoned = true},
        {.id = "r", .case_id = "k2", .agent_id = "A1", .started_at = t, .resolved = true},
        {.id = "m",
         .case_id = "k3",
         .agent_id = "A1",
         .started_at = t + hours{1},
         .resolved = true},
        {.id = "u", .agent_id = "A1", .started_at = t, .resolved = true},
    };
    const std::vector<Interaction> later{
        {.id = "q",
         .case_id = "k1",
         .agent_id = "A2",
         .started_at = t + hours{2},
         .resolved = true},
        {.id = "s",
         .case_id = "k2",
         .agent_id = "A3",
         .started_at = t + hours{24},
         .resolved = true},
        {.id = "l",
         .case_id = "k3",
         .agent_id = "A3",
         .started_at = t + hours{1},
         .resolved = false},
    };
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::agent_id}};
    const auto check = [](const cskpi::Report& report) {
        CHECK(report.overall.fcr.numerator == 2);
        CHECK(report.overall.fcr.denominator == 4);
        REQUIRE(report.groups.size() == 3);
        CHECK(report.groups[0].kpis.fcr.numerator == 1);  // A1: k2, u
        CHECK(report.groups[0].kpis.fcr.denominator == 2);
        CHECK(report.groups[1].kpis.fcr.numerator == 1);  // A2: k1
        CHECK(report.groups[1].kpis.fcr.denominator == 1);
        CHECK(report.groups[2].kpis.fcr.numerator == 0);  // A3: k3
        CHECK(report.groups[2].kpis.fcr.denominator == 1);
    };
    cskpi::ReportAccumulator one_by_one(options);
    for (const auto* part : {&batch_records, &later}) {
        for (const auto& r : *part) {
            one_by_one.add(r);
        }
    }
    check(one_by_one.report());
    // The batch adopted, then records; then a second batch into the adopted table.
    cskpi::ReportAccumulator adopted(options);
    adopted.add(batch_of(batch_records));
    cskpi::ReportAccumulator twice(options);
    twice.add(batch_of(batch_records));
    adopted.add(std::span(later));
    check(adopted.report());
    check_reports(adopted.report(), one_by_one.report());
    twice.add(batch_of(later));
    check_reports(twice.report(), one_by_one.report());
    // The adopted table merged into a report that already has the later contacts, and back.
    cskpi::ReportAccumulator from_batch(options);
    from_batch.add(batch_of(batch_records));
    cskpi::ReportAccumulator records_first(options);
    records_first.add(std::span(later));
    cskpi::ReportAccumulator reverse(options);
    reverse.add(std::span(later));
    records_first.merge(from_batch);
    check(records_first.report());
    from_batch.merge(reverse);
    check(from_batch.report());
}

TEST_CASE("a large batch: 200,000 cases, one batch and two, counted exactly") {
    // Case k: one handled contact, resolved when k is even; every third case a second handled
    // contact a day later. Resolved on first contact: even k not divisible by 3, 66,666.
    constexpr std::size_t kCases = 200'000;
    const auto t0 = fixtures::at(2026, 3, 1);
    std::vector<Interaction> records;
    for (std::size_t k = 0; k < kCases; ++k) {
        Interaction first{.id = name('c', k),
                          .case_id = name('k', k),
                          .started_at = t0 + std::chrono::seconds{static_cast<long>(k)},
                          .resolved = k % 2 == 0};
        records.push_back(first);
        if (k % 3 == 0) {
            first.id = name('d', k);
            first.started_at += std::chrono::hours{24};
            records.push_back(first);
        }
    }
    // Without grouping (a byte per case over the batch's dictionary, then a case table) and
    // by agent (a case table throughout).
    for (const cskpi::ReportOptions& options :
         {cskpi::ReportOptions{}, cskpi::ReportOptions{.group_by = {cskpi::Dimension::agent_id}}}) {
        cskpi::ReportAccumulator whole(options);
        whole.add(batch_of(records));
        CHECK(whole.report().overall.fcr.numerator == 66'666);
        CHECK(whole.report().overall.fcr.denominator == kCases);
        // Two batches: the second folds into a table that already holds 100,000+ cases.
        cskpi::ReportAccumulator halves(options);
        const std::size_t half = records.size() / 2;
        halves.add(batch_of(std::span(records).first(half)));
        halves.add(batch_of(std::span(records).subspan(half)));
        CHECK(halves.report().overall.fcr.numerator == 66'666);
        CHECK(halves.report().overall.fcr.denominator == kCases);
        if (!options.group_by.empty()) {
            // The same state but for the probe slots: one batch never looks a case up, so its
            // table has none; the second batch's lookups index all 200,000 cases, at most half
            // full: 2^19 slots of 8 bytes.
            CHECK(halves.memory_bytes() - whole.memory_bytes() == (std::size_t{1} << 19) * 8);
        }
    }
}

TEST_CASE("a CSAT answer above the report's scale is refused for the whole batch") {
    const auto t = fixtures::at(2026, 1, 5);
    std::vector<Interaction> records(5);
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i] = {.id = name('c', i), .started_at = t, .csat = 5};
    }
    records[3].csat = 7;  // fine on a 7-point scale, not on the default 5
    const InteractionBatch batch = batch_of(records);
    cskpi::ReportAccumulator five;
    try {
        five.add(batch);
        FAIL("added a CSAT answer above the scale");
    } catch (const cskpi::InvalidArgument& e) {
        CHECK(e.argument() == "csat");
        CHECK(std::string(e.what()).find("record c3 (batch row 3)") != std::string::npos);
    }
    CHECK(five.records() == 0);
    cskpi::KpiAccumulator kpis;
    CHECK_THROWS_AS(kpis.add(batch), cskpi::InvalidArgument);
    CHECK(kpis.contacts() == 0);
    cskpi::ReportAccumulator seven({.csat = {7, 6}});
    seven.add(batch);
    CHECK(seven.report().overall.csat.satisfied.numerator == 1);
    CHECK(seven.report().overall.csat.satisfied.denominator == 5);
}

TEST_CASE("copies, moves and clear") {
    const auto records = random_records(8, 50);
    InteractionBatch batch = batch_of(records);
    const InteractionBatch copy = batch;
    REQUIRE(copy.size() == 50);
    check_same_record(copy.at(49), records[49]);
    InteractionBatch moved = std::move(batch);
    CHECK(moved.size() == 50);
    CHECK(batch.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is defined
    batch.append(records[0]);
    CHECK(batch.size() == 1);
    check_same_record(batch.at(0), records[0]);
    moved.clear();
    CHECK(moved.empty());
    CHECK(moved.cases() == 0);
    CHECK(moved.memory_bytes() == 0);
}

TEST_CASE("a batch holds a record in far less than an Interaction") {
    const auto records = random_records(5, 20'000);
    const InteractionBatch batch = batch_of(records);
    // Columns: 8 doubles, 3 times, 5 codes, an id end, answers and flags (139 bytes), the
    // id's characters, and the dictionaries; vectors grow in doubling steps.
    CHECK(batch.memory_bytes() >= records.size() * 139);
    CHECK(batch.memory_bytes() <= records.size() * 320);
    CHECK(sizeof(Interaction) * records.size() > batch.memory_bytes());
}

TEST_CASE("batches of abandoned contacts only: the case state stays as the first left it") {
    // Their cases have no handled contact: the first batch's case dictionary becomes the case
    // state (one case, no handled contact), the second moves it into the case table, and later
    // batches add nothing to it.
    const auto t = fixtures::at(2026, 4, 1);
    InteractionBatch abandoned;
    abandoned.append(
        Interaction{.id = "a", .started_at = t, .wait_seconds = 40.0, .abandoned = true});
    cskpi::ReportAccumulator acc;
    acc.add(abandoned);
    CHECK(acc.report().overall.fcr.denominator == 0);
    acc.add(abandoned);
    const std::size_t after_two = acc.memory_bytes();
    for (int i = 0; i < 39; ++i) {
        acc.add(abandoned);
    }
    CHECK(acc.memory_bytes() == after_two);
    CHECK(acc.records() == 41);
    CHECK(acc.report().overall.fcr.denominator == 0);
    CHECK(acc.report().overall.abandonment_rate.numerator == 41);
}
