#pragma once
// Random records that exercise every KPI, and exact comparisons of records and reports:
// shared by the tests of the merge contract, of batches and of the JSON reader.

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/report.hpp"
#include "report_fixtures.hpp"

namespace fixtures {

using cskpi::Interaction;

// prefix + number; not `"r" + std::to_string(i)`, on which GCC 12 warns falsely (-Wrestrict).
inline std::string name(char prefix, std::size_t number) {
    std::string out(1, prefix);
    out += std::to_string(number);
    return out;
}

// Random records that exercise every KPI, repeat contacts across shards and equal times.
inline std::vector<Interaction> random_records(std::uint64_t seed, std::size_t n) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<std::uint64_t>(k)); };
    std::vector<Interaction> out;
    out.reserve(n);
    const auto t0 = fixtures::at(2026, 1, 25);
    for (std::size_t i = 0; i < n; ++i) {
        Interaction r;
        r.id = name('r', i);
        r.customer_id = pick(10) == 0 ? "" : name('u', static_cast<std::size_t>(pick(60)));
        r.case_id = pick(5) == 0 ? "" : name('k', static_cast<std::size_t>(pick(150)));
        r.agent_id = name('a', static_cast<std::size_t>(pick(6)));
        r.queue = pick(2) == 0 ? "sales" : "support";
        r.team = name('t', static_cast<std::size_t>(pick(3)));
        r.channel = static_cast<cskpi::Channel>(pick(7));
        // Whole minutes over three weeks, so equal start times occur.
        r.started_at = t0 + std::chrono::minutes{pick(30 * 24 * 60 / 10) * 10};
        r.abandoned = pick(8) == 0;
        if (pick(3) != 0) {
            r.wait_seconds = pick(60) * 0.5;
        }
        if (!r.abandoned && pick(4) != 0) {
            r.talk_seconds = 30.0 + pick(600);
            if (pick(2) == 0) {
                r.hold_seconds = pick(90);
            }
            r.wrap_seconds = pick(120) * 0.25;
        }
        if (pick(3) != 0) {
            r.resolved = pick(3) != 0;
        }
        if (pick(4) == 0) {
            r.first_contact_resolution = pick(2) == 0;
        }
        if (pick(5) == 0) {
            r.csat = 1 + pick(5);
        }
        if (pick(6) == 0) {
            r.nps = pick(11);
        }
        if (pick(7) == 0) {
            r.ces = 1 + pick(7);
        }
        if (pick(6) == 0) {
            r.first_response_seconds = pick(10000);
            r.resolution_seconds = pick(100000);
        }
        // How it ended: at most one queue exit, a handled flag only where it can hold.
        if (!r.abandoned && pick(10) == 0) {
            (pick(2) == 0 ? r.callback_requested : r.flowed_out) = true;
        }
        const bool left = r.abandoned || r.callback_requested || r.flowed_out;
        if (pick(5) == 0) {
            r.handled = !left && pick(4) != 0;
        }
        r.transfer = static_cast<cskpi::Transfer>(pick(8) < 5 ? 0 : pick(4));
        r.origin = static_cast<cskpi::Origin>(pick(6) < 4 ? 0 : pick(3));
        r.direction = pick(5) == 0 ? cskpi::Direction::outbound : cskpi::Direction::inbound;
        out.push_back(std::move(r));
    }
    return out;
}

inline void check_rate(const cskpi::Rate& a, const cskpi::Rate& b) {
    CHECK(a.numerator == b.numerator);
    CHECK(a.denominator == b.denominator);
    CHECK(a == b);  // same counts give bit-identical values and intervals
}

inline void check_mean(const cskpi::Mean& a, const cskpi::Mean& b) {
    REQUIRE(a.count() == b.count());
    CHECK(a.value().has_value() == b.value().has_value());
    if (a.value()) {
        CHECK_THAT(*a.value(), WithinRel(*b.value(), 1e-12));
        CHECK_THAT(a.sum(), WithinRel(b.sum(), 1e-12));
    }
    CHECK(a.stddev().has_value() == b.stddev().has_value());
    if (a.stddev()) {
        CHECK_THAT(*a.stddev(), WithinRel(*b.stddev(), 1e-9));
    }
}

// Counts and quantiles to the last bit; the mean, a sum in another order, within rounding.
inline void check_distribution(const cskpi::DistributionSummary& a,
                               const cskpi::DistributionSummary& b) {
    CHECK(a.count == b.count);
    CHECK(a.p50 == b.p50);
    CHECK(a.p90 == b.p90);
    REQUIRE(a.mean.has_value() == b.mean.has_value());
    if (a.mean) {
        CHECK_THAT(*a.mean, WithinRel(*b.mean, 1e-12));
    }
}

// Every field of two KPI sets, as a merge or another path may give them.
inline void check_kpis(const cskpi::KpiSet& a, const cskpi::KpiSet& b) {
    CHECK(a.contacts == b.contacts);
    CHECK(a.handled == b.handled);
    check_rate(a.fcr, b.fcr);
    check_rate(a.csat.satisfied, b.csat.satisfied);
    check_mean(a.csat.answers, b.csat.answers);
    CHECK(a.nps == b.nps);
    check_mean(a.ces.answers, b.ces.answers);
    check_rate(a.ces.agree, b.ces.agree);
    check_mean(a.aht_seconds, b.aht_seconds);
    check_mean(a.asa_seconds, b.asa_seconds);
    check_rate(a.service_level, b.service_level);
    check_rate(a.abandonment_rate, b.abandonment_rate);
    check_distribution(a.first_response_seconds, b.first_response_seconds);
    check_distribution(a.resolution_seconds, b.resolution_seconds);
    CHECK(a.queued == b.queued);
    CHECK(a.answered == b.answered);
    CHECK(a.abandoned == b.abandoned);
    CHECK(a.short_abandoned == b.short_abandoned);
    CHECK(a.abandoned_within_target == b.abandoned_within_target);
    CHECK(a.callback_requests == b.callback_requests);
    CHECK(a.flowed_out == b.flowed_out);
    CHECK(a.transferred_out == b.transferred_out);
    CHECK(a.transferred_in == b.transferred_in);
    CHECK(a.callbacks == b.callbacks);
    CHECK(a.outbound_handled == b.outbound_handled);
    CHECK(a.held == b.held);
    CHECK(a.max_wait_seconds == b.max_wait_seconds);
    check_mean(a.abandon_time_seconds, b.abandon_time_seconds);
    check_mean(a.talk_seconds, b.talk_seconds);
    check_mean(a.hold_seconds, b.hold_seconds);
    check_mean(a.acw_seconds, b.acw_seconds);
    check_rate(a.survey_response_rate, b.survey_response_rate);
}

inline void check_reports(const cskpi::Report& a, const cskpi::Report& b) {
    check_kpis(a.overall, b.overall);
    REQUIRE(a.groups.size() == b.groups.size());
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        CHECK(a.groups[g].key == b.groups[g].key);
        check_kpis(a.groups[g].kpis, b.groups[g].kpis);
    }
}

// Every field of two records equal.
inline void check_same_record(const cskpi::Interaction& a, const cskpi::Interaction& b) {
    CHECK(a.id == b.id);
    CHECK(a.customer_id == b.customer_id);
    CHECK(a.case_id == b.case_id);
    CHECK(a.agent_id == b.agent_id);
    CHECK(a.queue == b.queue);
    CHECK(a.team == b.team);
    CHECK(a.channel == b.channel);
    CHECK(a.direction == b.direction);
    CHECK(a.started_at == b.started_at);
    CHECK(a.answered_at == b.answered_at);
    CHECK(a.ended_at == b.ended_at);
    CHECK(a.wait_seconds == b.wait_seconds);
    CHECK(a.talk_seconds == b.talk_seconds);
    CHECK(a.hold_seconds == b.hold_seconds);
    CHECK(a.wrap_seconds == b.wrap_seconds);
    CHECK(a.handle_seconds == b.handle_seconds);
    CHECK(a.abandoned == b.abandoned);
    CHECK(a.callback_requested == b.callback_requested);
    CHECK(a.flowed_out == b.flowed_out);
    CHECK(a.handled == b.handled);
    CHECK(a.transfer == b.transfer);
    CHECK(a.origin == b.origin);
    CHECK(a.resolved == b.resolved);
    CHECK(a.first_contact_resolution == b.first_contact_resolution);
    CHECK(a.first_response_seconds == b.first_response_seconds);
    CHECK(a.resolution_seconds == b.resolution_seconds);
    CHECK(a.csat == b.csat);
    CHECK(a.nps == b.nps);
    CHECK(a.ces == b.ces);
    CHECK(a.revenue == b.revenue);
}

// The same report to the last bit, means and deviations included: what adding the same rows
// by the same path promises (a batch whole or copied, records one by one or as a span). A batch
// against its records one by one agrees only within rounding in the means (check_kpis).
inline void check_means_identical(const cskpi::KpiSet& a, const cskpi::KpiSet& b) {
    for (const auto& [x, y] :
         {std::pair{&a.csat.answers, &b.csat.answers}, std::pair{&a.ces.answers, &b.ces.answers},
          std::pair{&a.aht_seconds, &b.aht_seconds}, std::pair{&a.asa_seconds, &b.asa_seconds}}) {
        CHECK(x->count() == y->count());
        CHECK(x->sum() == y->sum());
        CHECK(x->value() == y->value());
        CHECK(x->stddev() == y->stddev());
    }
}

inline void check_identical(const cskpi::Report& a, const cskpi::Report& b) {
    check_reports(a, b);
    check_means_identical(a.overall, b.overall);
    for (std::size_t g = 0; g < std::min(a.groups.size(), b.groups.size()); ++g) {
        check_means_identical(a.groups[g].kpis, b.groups[g].kpis);
    }
}

// Option sets that between them reach every grouping path and FCR state: no grouping, one
// dimension with a period, two dimensions with a day period at an offset in mode window, mode
// flag, grouping by customer with another abandon mode, 30-minute intervals in a time zone.
inline const std::vector<cskpi::ReportOptions>& merge_option_sets() {
    using cskpi::Dimension;
    static const std::vector<cskpi::ReportOptions> options{
        {},
        {.group_by = {Dimension::agent_id}, .period = cskpi::Period::week},
        {.group_by = {Dimension::channel, Dimension::queue},
         .period = cskpi::Period::day,
         .utc_offset = cskpi::parse_utc_offset("+05:30"),
         .fcr_mode = cskpi::FcrMode::window},
        {.group_by = {Dimension::team}, .fcr_mode = cskpi::FcrMode::flag},
        {.group_by = {Dimension::customer_id}, .abandon_mode = cskpi::AbandonMode::count_for},
        {.group_by = {Dimension::queue}, .definitions = cskpi::Definitions::amazon_connect},
        {.fcr_mode = cskpi::FcrMode::window,
         .definitions = cskpi::Definitions::genesys,
         .genesys = {.include_short_abandons = false, .include_flow_outs = true}},
        {.group_by = {Dimension::queue},
         .period = cskpi::Period::minutes_30,
         .time_zone = "America/New_York"},
    };
    return options;
}

}  // namespace fixtures
