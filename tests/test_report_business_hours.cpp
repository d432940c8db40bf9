#include <chrono>
#include <span>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/business_hours.hpp"
#include "cskpi/error.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "report_fixtures.hpp"

using namespace std::chrono;
using cskpi::Dimension;
using cskpi::Interaction;
using cskpi::ReportOptions;
using cskpi::SlaBasis;
using fixtures::at;

namespace {

// Monday to Friday 09:00-17:00 in New York, closed on Thanksgiving 2026-11-26.
cskpi::BusinessSchedule office() {
    cskpi::BusinessSchedule s{.zone = cskpi::TimeZone{"America/New_York"}};
    for (std::size_t d = 0; d < 5; ++d) {
        s.week[d] = {cskpi::OpenInterval{9 * 3600, 17 * 3600}};
    }
    s.holidays = {local_days{year{2026} / 11 / 26}};
    return s;
}

// Business times by hand (EDT is UTC-4 in June, EST UTC-5 in November):
// t1 starts Fri 2026-06-05 16:00 EDT; first response 60 h later, Mon 04:00 (1 h: Fri 16-17);
//    resolution 70 h later, Mon 14:00 (1 h + Mon 9-14 = 6 h = 21600 s).
// t2 starts Wed 2026-06-03 10:00 EDT: 1800 s and 7200 s, all open.
// t3 starts Wed 2026-11-25 16:00 EST; first response 36 h later, Fri 04:00: Wed 16-17 only,
//    Thanksgiving closed (3600 s); no resolution.
// t4 starts Sat 2026-06-06 12:00 EDT, outside hours; first response 47 h later, Mon 11:00:
//    counted from the Monday opening, 2 h = 7200 s.
std::vector<Interaction> tickets() {
    return {
        Interaction{.id = "t1",
                    .agent_id = "a1",
                    .started_at = at(2026, 6, 5, 20),
                    .first_response_seconds = 216000.0,
                    .resolution_seconds = 252000.0},
        Interaction{.id = "t2",
                    .agent_id = "a1",
                    .started_at = at(2026, 6, 3, 14),
                    .first_response_seconds = 1800.0,
                    .resolution_seconds = 7200.0},
        Interaction{.id = "t3",
                    .agent_id = "a2",
                    .started_at = at(2026, 11, 25, 21),
                    .first_response_seconds = 129600.0},
        Interaction{.id = "t4",
                    .agent_id = "a2",
                    .started_at = at(2026, 6, 6, 16),
                    .first_response_seconds = 169200.0},
    };
}

ReportOptions business_sla() {
    return ReportOptions{.group_by = {Dimension::agent_id},
                         .first_response_target_seconds = 3600.0,
                         .resolution_target_seconds = 4.0 * 3600,
                         .business_hours = office(),
                         .sla_basis = SlaBasis::business};
}

}  // namespace

TEST_CASE("business-hours times and SLA attainment by agent") {
    const auto records = tickets();
    const cskpi::Report report = cskpi::make_report(records, business_sla());
    REQUIRE(report.groups.size() == 2);
    const cskpi::KpiSet& a1 = report.groups[0].kpis;
    const cskpi::KpiSet& a2 = report.groups[1].kpis;
    REQUIRE(a1.first_response_business_seconds);
    CHECK(a1.first_response_business_seconds->mean == 2700.0);  // (3600 + 1800) / 2
    CHECK(a1.resolution_business_seconds->mean == 14400.0);     // (21600 + 7200) / 2
    CHECK(a1.first_response_seconds.mean == 108900.0);          // calendar: (216000 + 1800) / 2
    // a1: both first responses within 1 business hour; one resolution of two within 4.
    CHECK(a1.first_response_sla->numerator == 2);
    CHECK(a1.first_response_sla->denominator == 2);
    CHECK(a1.resolution_sla->numerator == 1);
    CHECK(*a1.resolution_sla->value == 50.0);
    // a2: 3600 s within, 7200 s not: 1 of 2; no resolutions: undefined.
    CHECK(a2.first_response_business_seconds->mean == 5400.0);
    CHECK(a2.first_response_sla->numerator == 1);
    CHECK(a2.first_response_sla->denominator == 2);
    CHECK(a2.resolution_business_seconds->count == 0);
    CHECK_FALSE(a2.resolution_sla->value);
    // Wilson 95% interval of 1/2, z = 1.959964: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) /
    // (1 + z^2/n) with p = 0.5, n = 2: (1.460365 -+ 1.184265) / 2.920729, as
    // python3 -c "from math import sqrt; z=1.959963984540054; n=2; p=.5;
    //   print((p+z*z/(2*n)-z*sqrt(p*(1-p)/n+z*z/(4*n*n)))/(1+z*z/n)*100)" gives: 9.453121%.
    REQUIRE(a2.first_response_sla->ci95);
    CHECK_THAT(a2.first_response_sla->ci95->lower, Catch::Matchers::WithinAbs(9.453121, 1e-6));
    CHECK_THAT(a2.first_response_sla->ci95->upper, Catch::Matchers::WithinAbs(90.546879, 1e-6));
    // On the calendar basis the same targets measure elapsed time: a1 1 of 2 (1800 s).
    ReportOptions calendar = business_sla();
    calendar.sla_basis = SlaBasis::calendar;
    const cskpi::Report elapsed = cskpi::make_report(records, calendar);
    CHECK(elapsed.groups[0].kpis.first_response_sla->numerator == 1);
    CHECK(elapsed.groups[0].kpis.first_response_business_seconds->mean == 2700.0);
    // A batch (20 rows: the column path of blocks of rows) gives the same as records one by
    // one: five copies of each ticket, same means and attainment rates, counts five-fold.
    std::vector<Interaction> many;
    for (int copy = 0; copy < 5; ++copy) {
        for (Interaction r : records) {
            r.id.push_back('-');
            r.id.push_back(static_cast<char>('0' + copy));
            many.push_back(r);
        }
    }
    cskpi::InteractionBatch batch;
    batch.append(std::span<const Interaction>(many));
    cskpi::ReportAccumulator batched(business_sla());
    batched.add(batch);
    const cskpi::KpiSet b2 = batched.report().groups[1].kpis;
    CHECK(b2.first_response_business_seconds->mean == 5400.0);
    CHECK(b2.first_response_business_seconds->count == 10);
    CHECK(b2.first_response_sla->numerator == 5);
    CHECK(b2.first_response_sla->denominator == 10);
}

TEST_CASE("without a schedule there are no business times") {
    const cskpi::Report report = cskpi::make_report(tickets(), {});
    CHECK_FALSE(report.overall.first_response_business_seconds);
    CHECK_FALSE(report.overall.resolution_business_seconds);
    CHECK_THROWS_AS(cskpi::validate(ReportOptions{.sla_basis = SlaBasis::business}),
                    cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::validate(ReportOptions{.business_hours = cskpi::BusinessSchedule{}}),
                    cskpi::InvalidArgument);  // no open hours
}

TEST_CASE("saved states carry the schedule and refuse merging another") {
    const auto records = tickets();
    cskpi::ReportAccumulator first(business_sla());
    first.add(std::span<const Interaction>(records).first(2));
    cskpi::ReportAccumulator second(business_sla());
    second.add(std::span<const Interaction>(records).subspan(2));
    cskpi::ReportAccumulator total = cskpi::ReportAccumulator::from_bytes(first.to_bytes());
    total.merge(cskpi::ReportAccumulator::from_bytes(second.to_bytes()));
    const cskpi::Report merged = total.report();
    const cskpi::Report whole = cskpi::make_report(records, business_sla());
    for (std::size_t g = 0; g < 2; ++g) {
        const cskpi::KpiSet& m = merged.groups[g].kpis;
        const cskpi::KpiSet& w = whole.groups[g].kpis;
        CHECK(m.first_response_business_seconds == w.first_response_business_seconds);
        CHECK(m.resolution_business_seconds == w.resolution_business_seconds);
        CHECK(m.first_response_sla == w.first_response_sla);
        CHECK(m.resolution_sla == w.resolution_sla);
    }
    CHECK(total.report().options == business_sla());
    ReportOptions later = business_sla();
    later.business_hours->week[0] = {cskpi::OpenInterval{10 * 3600, 18 * 3600}};
    cskpi::ReportAccumulator other(later);
    CHECK_THROWS_WITH(total.merge(other), Catch::Matchers::Contains("business hours"));
    ReportOptions calendar = business_sla();
    calendar.sla_basis = SlaBasis::calendar;
    CHECK_THROWS_WITH(total.merge(cskpi::ReportAccumulator(calendar)),
                      Catch::Matchers::Contains("sla_basis calendar, not business"));
    // A KpiAccumulator's own state keeps its business samples too.
    cskpi::KpiAccumulator kpis(business_sla());
    for (const Interaction& r : records) {
        kpis.add(r);
    }
    const cskpi::KpiSet back = cskpi::KpiAccumulator::from_bytes(kpis.to_bytes()).kpis();
    CHECK(back.first_response_business_seconds == kpis.kpis().first_response_business_seconds);
    CHECK(back.resolution_sla == kpis.kpis().resolution_sla);
    CHECK(back.resolution_sla->numerator == 1);  // 21600 s over 4 h, 7200 s within
    CHECK(back.resolution_sla->denominator == 2);
}

TEST_CASE("a huge first response takes bounded work and misses the target") {
    // 1e308 s ends far past the last instant counted (2^61 ms after 1970): clamped there; the
    // business time is then about 40/168 of the ~73 million years, finite and over any target.
    const std::vector<Interaction> huge{Interaction{.id = "h1",
                                                    .agent_id = "a1",
                                                    .started_at = at(2026, 6, 3, 14),
                                                    .first_response_seconds = 1e308}};
    const cskpi::Report report = cskpi::make_report(huge, business_sla());
    const auto& business = report.overall.first_response_business_seconds;
    REQUIRE(business);
    REQUIRE(business->mean);
    CHECK_THAT(*business->mean, Catch::Matchers::WithinRel(0x1p61 / 1000 * 40 / 168, 1e-3));
    CHECK(report.overall.first_response_sla->numerator == 0);
    CHECK(report.overall.first_response_sla->denominator == 1);
}
