#include "cskpi/kpi_accumulator.hpp"

#include <array>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/interaction_batch.hpp"
#include "random_records.hpp"
#include "report_fixtures.hpp"

TEST_CASE("every KPI of seven hand-checked contacts") {
    cskpi::KpiAccumulator acc;
    for (const auto& r : fixtures::seven_contacts()) {
        acc.add(r);
    }
    const cskpi::KpiSet k = acc.kpis();
    CHECK(k.contacts == 7);
    CHECK(k.handled == 4);
    // AHT: c1 100 + 20 + 30 = 150, c2 200 (total given), c6 60; c7 has no handle data.
    CHECK(k.aht_seconds.count() == 3);
    CHECK_THAT(*k.aht_seconds.value(), WithinAbs(410.0 / 3.0, 1e-12));
    // ASA over the answered queued contacts c1 (10 s) and c2 (30 s).
    CHECK(k.asa_seconds.count() == 2);
    CHECK(*k.asa_seconds.value() == 20.0);
    // Queued 5; answered 2 (1 within 20 s); short abandon c3; long abandons c4, c5 (c5 within 20
    // s).
    CHECK(k.service_level.numerator == 1);
    CHECK(k.service_level.denominator == 4);
    CHECK(*k.service_level.value == 25.0);
    CHECK(k.abandonment_rate.numerator == 2);
    CHECK(k.abandonment_rate.denominator == 4);
    CHECK(*k.abandonment_rate.value == 50.0);
    // CSAT answers 5, 3, 4: two of three satisfied, mean 4.
    CHECK(k.csat.satisfied.numerator == 2);
    CHECK_THAT(*k.csat.satisfied.value, WithinAbs(200.0 / 3.0, 1e-12));
    CHECK(*k.csat.answers.value() == 4.0);
    // NPS answers 10, 7, 3: one of each class, score 0, margin 1.96 sqrt((2/3) / 3) x 100.
    CHECK(k.nps.promoters == 1);
    CHECK(k.nps.passives == 1);
    CHECK(k.nps.detractors == 1);
    CHECK(*k.nps.value == 0.0);
    CHECK_THAT(*k.nps.margin95, WithinAbs(92.3941, 1e-3));
    // CES answers 6 and 2.
    CHECK(*k.ces.answers.value() == 4.0);
    CHECK(*k.ces.agree.value == 50.0);
    // First response 120, 60; resolution 3600, 7200.
    CHECK(k.first_response_seconds.count == 2);
    CHECK(*k.first_response_seconds.mean == 90.0);
    CHECK(*k.first_response_seconds.p50 == 90.0);
    CHECK_THAT(*k.first_response_seconds.p90, WithinAbs(114.0, 1e-12));
    CHECK_THAT(*k.resolution_seconds.p90, WithinAbs(6840.0, 1e-9));
    // FCR of modes case and window is counted by the report engine, not here.
    CHECK(k.fcr.denominator == 0);
    CHECK_FALSE(k.fcr.value);
}

TEST_CASE("service level in the other abandon modes, on the same contacts") {
    for (auto [mode, num, den] : {std::tuple{cskpi::AbandonMode::ignore, 1U, 2U},
                                  std::tuple{cskpi::AbandonMode::count_for, 2U, 4U}}) {
        cskpi::KpiAccumulator acc(cskpi::ReportOptions{.abandon_mode = mode});
        for (const auto& r : fixtures::seven_contacts()) {
            acc.add(r);
        }
        CHECK(acc.kpis().service_level.numerator == num);
        CHECK(acc.kpis().service_level.denominator == den);
    }
}

TEST_CASE("thresholds move contacts between classes") {
    // T = 10 s keeps c1 (10 s) within target; short limit 3 s keeps c3 short; limit 2 s makes it
    // long.
    cskpi::KpiAccumulator acc(
        cskpi::ReportOptions{.service_level_seconds = 10.0, .short_abandon_seconds = 2.0});
    for (const auto& r : fixtures::seven_contacts()) {
        acc.add(r);
    }
    const auto k = acc.kpis();
    CHECK(k.service_level.numerator == 1);
    CHECK(k.service_level.denominator == 5);  // 2 answered + 3 long abandons
    CHECK(k.abandonment_rate.numerator == 3);
    CHECK(k.abandonment_rate.denominator == 5);
}

TEST_CASE("an empty accumulator has every KPI undefined") {
    const auto k = cskpi::KpiAccumulator{}.kpis();
    CHECK(k.contacts == 0);
    CHECK_FALSE(k.fcr.value);
    CHECK_FALSE(k.csat.satisfied.value);
    CHECK_FALSE(k.nps.value);
    CHECK_FALSE(k.aht_seconds.value());
    CHECK_FALSE(k.asa_seconds.value());
    CHECK_FALSE(k.service_level.value);
    CHECK_FALSE(k.abandonment_rate.value);
    CHECK_FALSE(k.first_response_seconds.p50);
}

TEST_CASE("flag-mode FCR counts the source's verdicts") {
    cskpi::KpiAccumulator acc(cskpi::ReportOptions{.fcr_mode = cskpi::FcrMode::flag});
    for (std::optional<bool> verdict :
         {std::optional{true}, std::optional{true}, std::optional{false}, std::optional<bool>{}}) {
        cskpi::Interaction r{.id = "x", .started_at = fixtures::at(2026, 1, 1)};
        r.first_contact_resolution = verdict;
        acc.add(r);
    }
    CHECK(acc.kpis().fcr.numerator == 2);
    CHECK(acc.kpis().fcr.denominator == 3);
}

TEST_CASE("invalid records are refused with the field named, and not counted") {
    cskpi::KpiAccumulator acc;
    cskpi::Interaction r{.id = "bad-1", .started_at = fixtures::at(2026, 1, 1), .csat = 9};
    CHECK_THROWS_WITH(acc.add(r),
                      "KpiAccumulator::add: record bad-1: csat = 9 is outside the scale 1..5");
    r.csat = 5;
    r.talk_seconds = -1.0;
    CHECK_THROWS_AS(acc.add(r), cskpi::InvalidArgument);
    CHECK(acc.contacts() == 0);
}

TEST_CASE("kpis(): quantiles by Hyndman & Fan definition 7, the state left as it was") {
    cskpi::KpiAccumulator acc;
    for (int i = 0; i < 1000; ++i) {
        cskpi::Interaction r;
        r.id = std::to_string(i);
        r.first_response_seconds = static_cast<double>((i * 37) % 1000);  // 0..999, shuffled
        r.resolution_seconds = static_cast<double>(i % 10);
        acc.add(r);
    }
    const cskpi::KpiSet kept = acc.kpis();
    CHECK(*kept.first_response_seconds.p50 == 499.5);
    CHECK_THAT(*kept.first_response_seconds.p90, WithinAbs(899.1, 1e-9));
    CHECK(*kept.first_response_seconds.mean == 499.5);
    CHECK(*kept.resolution_seconds.p50 == 4.5);
    CHECK(kept.resolution_seconds.count == 1000);
    // Selecting the quantiles reorders nothing: a second call gives the same answer.
    CHECK(*acc.kpis().first_response_seconds.p90 == *kept.first_response_seconds.p90);
}

TEST_CASE("merged_kpis: the KPIs of a merge, to the last bit, without copying the samples") {
    const auto records = fixtures::random_records(31, 3000);
    const cskpi::ReportOptions options{.csat = {7, 6}, .fcr_mode = cskpi::FcrMode::flag};
    std::vector<cskpi::KpiAccumulator> parts(3, cskpi::KpiAccumulator(options));
    for (std::size_t i = 0; i < records.size(); ++i) {
        parts[i % 7 == 0 ? 0 : i % 3].add(records[i]);
    }
    cskpi::KpiAccumulator merged(options);
    for (const auto& p : parts) {
        merged.merge(p);
    }
    const std::array<const cskpi::KpiAccumulator*, 3> all{&parts[0], &parts[1], &parts[2]};
    const cskpi::KpiSet k = cskpi::KpiAccumulator::merged_kpis(all);
    const cskpi::KpiSet expected = merged.kpis();
    fixtures::check_kpis(k, expected);
    fixtures::check_means_identical(k, expected);
    CHECK(k.first_response_seconds == expected.first_response_seconds);
    CHECK(k.resolution_seconds == expected.resolution_seconds);
    CHECK(k.first_response_seconds.count > 100);
    // One part is its own KPIs; none is refused.
    fixtures::check_kpis(cskpi::KpiAccumulator::merged_kpis(std::span(all).first(1)),
                         parts[0].kpis());
    CHECK_THROWS_AS(cskpi::KpiAccumulator::merged_kpis({}), cskpi::InvalidArgument);
}

TEST_CASE("a batch of the seven contacts ten times over: every KPI by hand, column by column") {
    // 70 rows: more than the 16 from which a batch takes the column kernel.
    std::vector<cskpi::Interaction> records;
    for (int copy = 0; copy < 10; ++copy) {
        for (const auto& r : fixtures::seven_contacts()) {
            records.push_back(r);
        }
    }
    cskpi::InteractionBatch batch;
    batch.append(std::span(records));
    cskpi::KpiAccumulator acc;
    acc.add(batch);
    const cskpi::KpiSet k = acc.kpis();
    CHECK(k.contacts == 70);
    CHECK(k.handled == 40);
    CHECK(k.aht_seconds.count() == 30);  // c1's parts 150, c2's total 200, c6 60; not c7
    CHECK_THAT(*k.aht_seconds.value(), WithinAbs(410.0 / 3.0, 1e-12));
    CHECK(k.aht_seconds.sum() == 4100.0);
    CHECK(k.asa_seconds.count() == 20);
    CHECK(*k.asa_seconds.value() == 20.0);
    CHECK(k.service_level.numerator == 10);
    CHECK(k.service_level.denominator == 40);
    CHECK(k.abandonment_rate.numerator == 20);
    CHECK(k.abandonment_rate.denominator == 40);
    CHECK(k.csat.satisfied.numerator == 20);
    CHECK(k.csat.answers.count() == 30);
    CHECK_THAT(*k.csat.answers.value(), WithinAbs(4.0, 1e-12));  // Welford rounds
    CHECK(k.nps.promoters == 10);
    CHECK(k.nps.passives == 10);
    CHECK(k.nps.detractors == 10);
    CHECK_THAT(*k.ces.answers.value(), WithinAbs(4.0, 1e-12));
    CHECK(k.ces.agree.numerator == 10);
    CHECK(k.ces.agree.denominator == 20);
    CHECK(k.first_response_seconds.count == 20);
    CHECK(*k.first_response_seconds.p50 == 90.0);
    CHECK(k.resolution_seconds.count == 20);
    CHECK(k.fcr.denominator == 0);
}

TEST_CASE("a batch adds what its records add one by one, at every block edge") {
    // Counts, rates and quantiles to the last bit; the means within rounding (check_kpis), as
    // the kernel sums a block of values at a time (Mean::add of a span).
    auto records = fixtures::random_records(20261203, 1200);
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (i % 5 == 0) {
            records[i].handle_seconds = 0.75 * static_cast<double>(i);  // a total besides parts
        }
        if (i % 11 == 0) {
            records[i].talk_seconds = 1e150;  // huge, and on abandoned contacts too
        }
        if (i % 13 == 0) {
            records[i].wait_seconds = 20.0;  // exactly at the service-level target
        }
    }
    cskpi::InteractionBatch batch;
    batch.append(std::span(records));
    const std::vector<cskpi::ReportOptions> conventions{
        {},
        {.csat = {7, 6},
         .service_level_seconds = 0.0,
         .short_abandon_seconds = 0.0,
         .fcr_mode = cskpi::FcrMode::flag},
        {.service_level_seconds = 25.0,
         .short_abandon_seconds = 20.0,
         .abandon_mode = cskpi::AbandonMode::count_for,
         .fcr_mode = cskpi::FcrMode::flag},
    };
    // Row counts around the kernel's threshold (16) and its blocks (256), and the whole batch.
    for (const std::size_t rows : {1U, 15U, 16U, 17U, 255U, 256U, 257U, 513U, 1200U}) {
        for (const auto& options : conventions) {
            cskpi::KpiAccumulator one_by_one(options);
            cskpi::InteractionBatch part;
            for (std::size_t i = 0; i < rows; ++i) {
                one_by_one.add(records[i]);
                part.append(records[i]);
            }
            cskpi::KpiAccumulator from_batch(options);
            from_batch.add(part);
            const cskpi::KpiSet a = from_batch.kpis();
            const cskpi::KpiSet b = one_by_one.kpis();
            fixtures::check_kpis(a, b);
            CHECK(a.service_level == b.service_level);
            CHECK(a.resolution_seconds.p50 == b.resolution_seconds.p50);
        }
    }
    // Into an accumulator that already holds records: the kernel continues its state.
    cskpi::KpiAccumulator one_by_one;
    cskpi::KpiAccumulator mixed;
    for (std::size_t i = 0; i < 100; ++i) {
        one_by_one.add(records[i]);
        mixed.add(records[i]);
    }
    cskpi::InteractionBatch rest;
    for (std::size_t i = 100; i < records.size(); ++i) {
        one_by_one.add(records[i]);
        rest.append(records[i]);
    }
    mixed.add(rest);
    fixtures::check_kpis(mixed.kpis(), one_by_one.kpis());
}

TEST_CASE("a batch's CSAT and CES answers: exact integer sums; a scale too large for them") {
    // 40 answers, 1 to 5 eight times each: sum 120, mean 3, sum of squares 8 * 55 = 440, so
    // squared deviations 440 - 120^2 / 40 = 80.
    std::vector<cskpi::Interaction> small;
    for (int k = 0; k < 40; ++k) {
        small.push_back({.id = fixtures::name('s', static_cast<std::size_t>(k)),
                         .csat = 1 + k % 5,
                         .ces = 1 + k % 5});
    }
    cskpi::InteractionBatch batch;
    batch.append(std::span(small));
    cskpi::KpiAccumulator acc;
    acc.add(batch);
    const cskpi::KpiSet k = acc.kpis();
    CHECK(k.csat.answers.count() == 40);
    CHECK(k.csat.answers.sum() == 120.0);
    CHECK(*k.csat.answers.value() == 3.0);
    CHECK_THAT(*k.csat.answers.stddev(), WithinRel(std::sqrt(80.0 / 39.0), 1e-15));
    CHECK(k.csat.satisfied.numerator == 16);  // 4 and 5, threshold 4
    CHECK(*k.ces.answers.value() == 3.0);
    CHECK_THAT(*k.ces.answers.stddev(), WithinRel(std::sqrt(80.0 / 39.0), 1e-15));
    CHECK(k.ces.agree.numerator == 8);  // 5 and above

    // Answers 2,000,000 + k on a 3,000,000-point scale, past the integer sums' range: mean
    // 2,000,019.5, squared deviations sum((k - 19.5)^2) = 40 (40^2 - 1) / 12 = 5330.
    const cskpi::ReportOptions huge{.csat = {3'000'000, 2'000'030}};
    std::vector<cskpi::Interaction> large;
    for (int j = 0; j < 40; ++j) {
        large.push_back(
            {.id = fixtures::name('l', static_cast<std::size_t>(j)), .csat = 2'000'000 + j});
    }
    cskpi::InteractionBatch large_batch;
    large_batch.append(std::span(large));
    cskpi::KpiAccumulator on_huge_scale(huge);
    on_huge_scale.add(large_batch);
    const cskpi::KpiSet h = on_huge_scale.kpis();
    CHECK(h.csat.answers.count() == 40);
    CHECK_THAT(*h.csat.answers.value(), WithinRel(2'000'019.5, 1e-15));
    CHECK_THAT(*h.csat.answers.stddev(), WithinRel(std::sqrt(5330.0 / 39.0), 1e-9));
    CHECK(h.csat.satisfied.numerator == 10);  // j >= 30
}
