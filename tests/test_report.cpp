#include "cskpi/report.hpp"

#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "report_fixtures.hpp"

using cskpi::Dimension;
using cskpi::FcrMode;
using cskpi::Interaction;
using cskpi::ReportOptions;
using fixtures::at;

TEST_CASE("overall report of the seven contacts, FCR mode case") {
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    CHECK(report.groups.empty());
    const auto& k = report.overall;
    CHECK(k.contacts == 7);
    // Inquiries: K1 and K2 (one handled, resolved contact each) and K6 (two handled
    // contacts). K3, K4 and c5 have no handled contact.
    CHECK(k.fcr.numerator == 2);
    CHECK(k.fcr.denominator == 3);
    CHECK_THAT(*k.aht_seconds.value(), WithinAbs(410.0 / 3.0, 1e-12));
}

TEST_CASE("grouped by agent, FCR attributed to the first handled contact's agent") {
    const auto report = cskpi::make_report(fixtures::seven_contacts(),
                                           ReportOptions{.group_by = {Dimension::agent_id}});
    REQUIRE(report.groups.size() == 2);
    const auto& a1 = report.groups[0];
    const auto& a2 = report.groups[1];
    CHECK(a1.key.values == std::vector<std::string>{"a1"});
    CHECK_FALSE(a1.key.period);
    CHECK(a2.key.values == std::vector<std::string>{"a2"});
    // a1: c1, c2, c7. K6's first handled contact (c6) is a2's, so a1 has K1 and K2 only.
    CHECK(a1.kpis.contacts == 3);
    CHECK(a1.kpis.fcr.numerator == 2);
    CHECK(a1.kpis.fcr.denominator == 2);
    CHECK(*a1.kpis.aht_seconds.value() == 175.0);
    CHECK(*a1.kpis.service_level.value == 50.0);
    // a2: c3, c4, c5 abandoned and c6: an all-abandoned queue for service level.
    CHECK(a2.kpis.contacts == 4);
    CHECK(a2.kpis.handled == 1);
    CHECK(a2.kpis.fcr.numerator == 0);
    CHECK(a2.kpis.fcr.denominator == 1);
    CHECK_FALSE(a2.kpis.asa_seconds.value());
    CHECK(*a2.kpis.service_level.value == 0.0);
    CHECK(*a2.kpis.abandonment_rate.value == 100.0);
    // The overall KPIs are those of all records, not of the groups' KPIs.
    CHECK(report.overall.fcr.denominator == 3);
    CHECK(report.overall.contacts == 7);
}

TEST_CASE("grouping by channel and by two dimensions sorts keys") {
    const auto by_channel = cskpi::make_report(fixtures::seven_contacts(),
                                               ReportOptions{.group_by = {Dimension::channel}});
    REQUIRE(by_channel.groups.size() == 3);
    CHECK(by_channel.groups[0].key.values[0] == "chat");
    CHECK(by_channel.groups[1].key.values[0] == "email");
    CHECK(by_channel.groups[2].key.values[0] == "phone");
    CHECK(by_channel.groups[1].kpis.contacts == 2);
    const auto two =
        cskpi::make_report(fixtures::seven_contacts(),
                           ReportOptions{.group_by = {Dimension::channel, Dimension::agent_id}});
    REQUIRE(two.groups.size() == 5);
    CHECK(two.groups[1].key.values == std::vector<std::string>{"email", "a1"});
    CHECK(two.groups[2].key.values == std::vector<std::string>{"email", "a2"});
}

TEST_CASE("a case split across agents and months counts once, in its first contact's group") {
    std::vector<Interaction> v{
        {.id = "b",
         .case_id = "K",
         .agent_id = "a2",
         .started_at = at(2026, 2, 1, 0, 10),
         .resolved = true},
        {.id = "a",
         .case_id = "K",
         .agent_id = "a1",
         .started_at = at(2026, 1, 31, 23, 50),
         .resolved = false},
    };
    const auto r = cskpi::make_report(
        v, ReportOptions{.group_by = {Dimension::agent_id}, .period = cskpi::Period::month});
    REQUIRE(r.groups.size() == 2);
    CHECK(r.groups[0].key.values[0] == "a1");
    CHECK(*r.groups[0].key.period == "2026-01");
    CHECK(r.groups[0].kpis.fcr.denominator == 1);
    CHECK(r.groups[0].kpis.fcr.numerator == 0);
    CHECK(*r.groups[1].key.period == "2026-02");
    CHECK(r.groups[1].kpis.fcr.denominator == 0);
    CHECK_FALSE(r.groups[1].kpis.fcr.value);
    // With a +02:00 offset both contacts fall on 1 February local time: one group per agent.
    const auto local =
        cskpi::make_report(v, ReportOptions{.group_by = {Dimension::agent_id},
                                            .period = cskpi::Period::month,
                                            .utc_offset = cskpi::parse_utc_offset("+02:00")});
    CHECK(*local.groups[0].key.period == "2026-02");
    CHECK(*local.groups[1].key.period == "2026-02");
}

TEST_CASE("FCR mode case: unknown resolution, abandoned contacts and ties") {
    std::vector<Interaction> v{
        // U: no handled contact carries `resolved`, so it is unknown and left out.
        {.id = "u1", .case_id = "U", .started_at = at(2026, 3, 1)},
        {.id = "u2",
         .case_id = "U",
         .started_at = at(2026, 3, 1, 1),
         .abandoned = true,
         .resolved = true},
        // A: an abandoned attempt, then one handled, resolved contact: resolved first time.
        {.id = "a1", .case_id = "A", .started_at = at(2026, 3, 1), .abandoned = true},
        {.id = "a2", .case_id = "A", .started_at = at(2026, 3, 1, 1), .resolved = true},
        // T: two handled contacts at the same instant; not FCR whatever the flags.
        {.id = "t2", .case_id = "T", .started_at = at(2026, 3, 2), .resolved = true},
        {.id = "t1", .case_id = "T", .started_at = at(2026, 3, 2)},
        // N: one handled contact, explicitly not resolved.
        {.id = "n1", .case_id = "N", .started_at = at(2026, 3, 3), .resolved = false},
        // No case_id: the contact is its own case.
        {.id = "solo", .started_at = at(2026, 3, 3), .resolved = true},
    };
    const auto k = cskpi::make_report(v).overall;
    CHECK(k.fcr.numerator == 2);    // A, solo
    CHECK(k.fcr.denominator == 4);  // A, T, N, solo
}

TEST_CASE("FCR mode case: ties on time go to the smaller id") {
    std::vector<Interaction> v{
        {.id = "z",
         .case_id = "K",
         .agent_id = "late",
         .started_at = at(2026, 3, 2),
         .resolved = true},
        {.id = "m",
         .case_id = "K",
         .agent_id = "early",
         .started_at = at(2026, 3, 2),
         .abandoned = false},
    };
    const auto r = cskpi::make_report(v, ReportOptions{.group_by = {Dimension::agent_id}});
    CHECK(r.groups[0].key.values[0] == "early");
    CHECK(r.groups[0].kpis.fcr.denominator == 1);
    CHECK(r.groups[1].kpis.fcr.denominator == 0);
}

TEST_CASE("FCR mode window: repeat contacts just inside and just outside the window") {
    const auto t0 = at(2026, 4, 1, 12);
    const auto week = std::chrono::days{7};
    std::vector<Interaction> v{
        // X: the repeat comes exactly 7 days later, inside the (inclusive) window.
        {.id = "x1", .customer_id = "X", .started_at = t0, .resolved = true},
        {.id = "x2", .customer_id = "X", .started_at = t0 + week, .resolved = true},
        // Y: the repeat comes 1 ms after the window: two inquiries, both resolved.
        {.id = "y1", .customer_id = "Y", .started_at = t0, .resolved = true},
        {.id = "y2",
         .customer_id = "Y",
         .started_at = t0 + week + std::chrono::milliseconds{1},
         .resolved = true},
        // Z: the inquiry has no resolution flag: unknown; its repeat is no inquiry.
        {.id = "z1", .customer_id = "Z", .started_at = t0},
        {.id = "z2", .customer_id = "Z", .started_at = t0 + std::chrono::days{3}, .resolved = true},
        // W: an abandoned follow-up does not count as a repeat contact.
        {.id = "w1", .customer_id = "W", .started_at = t0, .resolved = true},
        {.id = "w2",
         .customer_id = "W",
         .started_at = t0 + std::chrono::days{1},
         .abandoned = true},
        // No customer: its own inquiry.
        {.id = "anon", .started_at = t0, .resolved = true},
    };
    const auto k = cskpi::make_report(v, ReportOptions{.fcr_mode = FcrMode::window}).overall;
    CHECK(k.fcr.denominator == 5);  // x1, y1, y2, w1, anon
    CHECK(k.fcr.numerator == 4);    // all but x1
    const auto wide = cskpi::make_report(
        v, ReportOptions{.fcr_mode = FcrMode::window, .fcr_window = std::chrono::days{8}});
    CHECK(wide.overall.fcr.denominator == 4);  // y2 becomes a repeat of y1
    CHECK(wide.overall.fcr.numerator == 2);    // w1 and anon
}

TEST_CASE("FCR mode window: order within a customer, extreme times, copies, attribution") {
    const auto t0 = at(2026, 4, 1, 12);
    const auto far_past = cskpi::Timestamp{std::chrono::milliseconds{-(std::int64_t{1} << 62)}};
    const auto far_future = cskpi::Timestamp{std::chrono::milliseconds{std::int64_t{1} << 62}};
    std::vector<Interaction> v{
        // P: added late first, early second; equal times order by id, so "p-a" leads and
        // "p-b" (same millisecond) is its repeat. One inquiry, by agent a1, followed: not
        // resolved on first contact.
        {.id = "p-b", .customer_id = "P", .agent_id = "a2", .started_at = t0, .resolved = true},
        {.id = "p-a", .customer_id = "P", .agent_id = "a1", .started_at = t0, .resolved = true},
        // Q: contacts 2^63 ms apart, far beyond any window (the gap does not overflow): two
        // inquiries, both resolved.
        {.id = "q1",
         .customer_id = "Q",
         .agent_id = "a1",
         .started_at = far_past,
         .resolved = true},
        {.id = "q2",
         .customer_id = "Q",
         .agent_id = "a2",
         .started_at = far_future,
         .resolved = true},
        // R: the same contact twice, once without a resolution: the copy with the flag sorts
        // after it (unknown first), so the inquiry is unknown and left out; its copy is a
        // repeat.
        {.id = "r1", .customer_id = "R", .agent_id = "a1", .started_at = t0, .resolved = true},
        {.id = "r1", .customer_id = "R", .agent_id = "a1", .started_at = t0},
    };
    const ReportOptions options{.group_by = {Dimension::agent_id}, .fcr_mode = FcrMode::window};
    const auto r = cskpi::make_report(v, options);
    CHECK(r.overall.fcr.denominator == 3);  // p-a, q1, q2
    CHECK(r.overall.fcr.numerator == 2);    // q1, q2
    REQUIRE(r.groups.size() == 2);
    CHECK(r.groups[0].kpis.fcr.denominator == 2);  // a1: p-a, q1
    CHECK(r.groups[0].kpis.fcr.numerator == 1);
    CHECK(r.groups[1].kpis.fcr.denominator == 1);  // a2: q2
    CHECK(r.groups[1].kpis.fcr.numerator == 1);
    // The same in the reverse order of adding.
    std::vector<Interaction> reversed(v.rbegin(), v.rend());
    const auto back = cskpi::make_report(reversed, options);
    CHECK(back.overall.fcr.denominator == 3);
    CHECK(back.overall.fcr.numerator == 2);
    CHECK(back.groups[0].kpis.fcr.denominator == 2);
    CHECK(back.groups[1].kpis.fcr.numerator == 1);
}

TEST_CASE("FCR mode flag in a report") {
    std::vector<Interaction> v{
        {.id = "1", .started_at = at(2026, 1, 1), .first_contact_resolution = true},
        {.id = "2", .started_at = at(2026, 1, 1), .first_contact_resolution = false},
        {.id = "3", .started_at = at(2026, 1, 1)},
    };
    const auto k = cskpi::make_report(v, ReportOptions{.fcr_mode = FcrMode::flag}).overall;
    CHECK(k.fcr.numerator == 1);
    CHECK(k.fcr.denominator == 2);
}

TEST_CASE("periods: ISO week 53 and day groups") {
    std::vector<Interaction> v{
        {.id = "1", .started_at = at(2020, 12, 31, 23, 59)},
        {.id = "2", .started_at = at(2021, 1, 3, 12)},
        {.id = "3", .started_at = at(2021, 1, 4)},
    };
    const auto weeks = cskpi::make_report(v, ReportOptions{.period = cskpi::Period::week});
    REQUIRE(weeks.groups.size() == 2);
    CHECK(*weeks.groups[0].key.period == "2020-W53");
    CHECK(weeks.groups[0].kpis.contacts == 2);
    CHECK(*weeks.groups[1].key.period == "2021-W01");
    CHECK(weeks.groups[0].key.values.empty());
    const auto days =
        cskpi::make_report(v, ReportOptions{.period = cskpi::Period::day,
                                            .utc_offset = cskpi::parse_utc_offset("+01:00")});
    REQUIRE(days.groups.size() == 3);
    CHECK(*days.groups[0].key.period == "2021-01-01");
}

TEST_CASE("empty input and a missing dimension value") {
    const auto empty = cskpi::make_report({}, ReportOptions{.group_by = {Dimension::queue}});
    CHECK(empty.groups.empty());
    CHECK(empty.overall.contacts == 0);
    CHECK_FALSE(empty.overall.fcr.value);
    std::vector<Interaction> v{{.id = "1", .queue = "", .started_at = at(2026, 1, 1)},
                               {.id = "2", .queue = "billing", .started_at = at(2026, 1, 1)}};
    const auto r = cskpi::make_report(v, ReportOptions{.group_by = {Dimension::queue}});
    REQUIRE(r.groups.size() == 2);
    CHECK(r.groups[0].key.values[0].empty());
}

TEST_CASE("report accumulator errors") {
    CHECK_THROWS_AS(cskpi::ReportAccumulator(ReportOptions{.csat = {5, 9}}),
                    cskpi::InvalidArgument);
    CHECK_THROWS_AS(
        cskpi::ReportAccumulator(ReportOptions{.group_by = {Dimension::team, Dimension::team}}),
        cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::ReportAccumulator(ReportOptions{.fcr_window = std::chrono::days{0}}),
                    cskpi::InvalidArgument);
    cskpi::ReportAccumulator a;
    cskpi::ReportAccumulator b(ReportOptions{.group_by = {Dimension::team}});
    CHECK_THROWS_AS(a.merge(b), cskpi::InvalidArgument);
    CHECK_THROWS_WITH(a.add(Interaction{.id = "r9", .nps = 11}),
                      "ReportAccumulator::add: record r9: nps = 11 is outside the range 0..10");
    CHECK_THROWS_AS(a.add(Interaction{}), cskpi::InvalidArgument);  // no id
    CHECK(a.records() == 0);
}

TEST_CASE("SLA attainment: the share of first responses and resolutions within their targets") {
    // The seven contacts have first responses of 60 and 120 s and resolutions of 3600 and
    // 7200 s (tests/report_fixtures.hpp).
    const auto none = cskpi::make_report(fixtures::seven_contacts());
    CHECK_FALSE(none.overall.first_response_sla);  // no target, no rate
    CHECK_FALSE(none.overall.resolution_sla);
    const auto report = cskpi::make_report(
        fixtures::seven_contacts(),
        ReportOptions{.first_response_target_seconds = 90.0, .resolution_target_seconds = 7200.0});
    REQUIRE(report.overall.first_response_sla);
    CHECK(report.overall.first_response_sla->numerator == 1);  // 60 s within 90 s, 120 s not
    CHECK(report.overall.first_response_sla->denominator == 2);
    CHECK(*report.overall.first_response_sla->value == 50.0);
    REQUIRE(report.overall.resolution_sla);
    CHECK(report.overall.resolution_sla->numerator == 2);  // the target is inclusive: 7200 s
    CHECK(*report.overall.resolution_sla->value == 100.0);
    // A group without first responses has an undefined attainment.
    const auto empty = cskpi::make_report({}, ReportOptions{.first_response_target_seconds = 1.0});
    REQUIRE(empty.overall.first_response_sla);
    CHECK_FALSE(empty.overall.first_response_sla->value);
    CHECK_FALSE(empty.overall.resolution_sla);
    CHECK_THROWS_AS(cskpi::validate(ReportOptions{.resolution_target_seconds = -1.0}),
                    cskpi::InvalidArgument);
    // States made with different targets do not merge.
    cskpi::ReportAccumulator a(ReportOptions{.first_response_target_seconds = 90.0});
    const cskpi::ReportAccumulator b(ReportOptions{.first_response_target_seconds = 60.0});
    CHECK_THROWS_WITH(a.merge(b),
                      Catch::Matchers::Contains("first response target 60 s, not 90 s"));
}
