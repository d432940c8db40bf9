// Cross-check of the report engine against an independent computation of the same definitions
// (docs/kpis.md): DuckDB SQL (../shared/peers/duckdb_report) over the generator's 100,000 records,
// kept as fixtures with the commands that made them in tests/data/generated/README.md.
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "catch.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/report.hpp"
#include "cskpi_generator/generator.hpp"

namespace {

using nlohmann::json;

json fixture(const char* name) {
    std::ifstream in(std::string(CSKPI_TEST_DATA_DIR) + "/generated/" + name);
    REQUIRE(in);
    return json::parse(in);
}

void check_value(const json& expected, std::optional<double> actual) {
    if (expected.is_null()) {
        CHECK_FALSE(actual);
    } else {
        REQUIRE(actual);
        CHECK_THAT(*actual, WithinRel(expected.get<double>(), 1e-12) ||
                                WithinAbs(expected.get<double>(), 1e-12));
    }
}

void check_rate(const json& e, const cskpi::Rate& r) {
    CHECK(r.numerator == e.at("numerator").get<std::uint64_t>());
    CHECK(r.denominator == e.at("denominator").get<std::uint64_t>());
    check_value(e.at("value"), r.value);
}

void check_mean(const json& e, const cskpi::Mean& m) {
    CHECK(m.count() == e.at("count").get<std::uint64_t>());
    check_value(e.at("value"), m.value());
}

void check_kpis(const json& e, const cskpi::KpiSet& k, bool with_fcr = true) {
    CHECK(k.contacts == e.at("contacts").get<std::uint64_t>());
    CHECK(k.handled == e.at("handled").get<std::uint64_t>());
    if (with_fcr) {
        check_rate(e.at("fcr"), k.fcr);
    }
    check_rate(e.at("csat"), k.csat.satisfied);
    check_value(e.at("csat").at("mean"), k.csat.answers.value());
    const json& nps = e.at("nps");
    CHECK(k.nps.promoters == nps.at("promoters").get<std::uint64_t>());
    CHECK(k.nps.passives == nps.at("passives").get<std::uint64_t>());
    CHECK(k.nps.detractors == nps.at("detractors").get<std::uint64_t>());
    check_value(nps.at("value"), k.nps.value);
    check_mean(e.at("ces"), k.ces.answers);
    check_mean(e.at("aht_seconds"), k.aht_seconds);
    check_mean(e.at("asa_seconds"), k.asa_seconds);
    check_rate(e.at("service_level"), k.service_level);
    check_rate(e.at("abandonment_rate"), k.abandonment_rate);
}

std::vector<cskpi::Interaction> generated() {
    cskpi::generator::GeneratorOptions options;
    options.seed = 42;
    options.records = 100'000;
    return cskpi::generator::generate_interactions(options);
}

// Each group of the by-agent report against the peer's.
void check_by_agent(const cskpi::Report& report) {
    const json groups = fixture("duckdb_by_agent_id.json").at("groups");
    REQUIRE(report.groups.size() == groups.size());
    // DuckDB sorts NULL (no agent: abandoned contacts) last; cskpi's "" sorts first.
    for (const auto& g : groups) {
        const json& key = g.at("key").at("agent_id");
        const std::string agent = key.is_null() ? "" : key.get<std::string>();
        const auto it = std::find_if(report.groups.begin(), report.groups.end(),
                                     [&](const auto& mine) { return mine.key.values[0] == agent; });
        REQUIRE(it != report.groups.end());
        CAPTURE(agent);
        check_kpis(g.at("kpis"), it->kpis, false);
    }
}

// The report of the records added as a span, or as an InteractionBatch.
cskpi::Report report_of(const std::vector<cskpi::Interaction>& records,
                        const cskpi::ReportOptions& options, bool as_batch) {
    if (!as_batch) {
        return cskpi::make_report(records, options);
    }
    cskpi::InteractionBatch batch;
    batch.append(std::span(records));
    cskpi::ReportAccumulator acc(options);
    acc.add(batch);
    return acc.report();
}

}  // namespace

TEST_CASE("100,000 generated records: overall KPIs equal DuckDB's") {
    const auto records = generated();
    for (const bool as_batch : {false, true}) {
        CAPTURE(as_batch);
        const auto report = report_of(records, {}, as_batch);
        check_kpis(fixture("duckdb_overall.json").at("overall"), report.overall);
    }
}

TEST_CASE("100,000 generated records by agent_id equal DuckDB's, group by group") {
    const auto records = generated();
    for (const bool as_batch : {false, true}) {
        CAPTURE(as_batch);
        check_by_agent(report_of(records, {.group_by = {cskpi::Dimension::agent_id}}, as_batch));
    }
}

// cskpi attributes a case to the agent of its first handled contact, even when that contact has no
// agent (self-service). The peer's SQL uses DuckDB's arg_min, which skips NULL values, so it
// attributes such cases to the first handled contact that has an agent. This recomputes the peer's
// attribution independently and checks the peer's per-agent FCR counts exactly, then checks cskpi's
// own attribution against the same independent pass.
TEST_CASE("per-agent FCR: the peer's NULL-skipping attribution, recomputed, matches exactly") {
    const auto records = generated();
    struct Case {
        std::vector<const cskpi::Interaction*> handled;
    };
    std::map<std::string, Case> cases;
    for (const auto& r : records) {
        if (!r.abandoned) {
            cases[std::string(r.case_key())].handled.push_back(&r);
        }
    }
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> peer;  // agent -> (num, den)
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> spec;
    for (auto& [key, c] : cases) {
        auto& h = c.handled;
        std::sort(h.begin(), h.end(), [](const auto* a, const auto* b) {
            return std::tie(a->started_at, a->id) < std::tie(b->started_at, b->id);
        });
        const bool known =
            std::any_of(h.begin(), h.end(), [](const auto* r) { return r->resolved.has_value(); });
        if (!known) {
            continue;
        }
        const bool fcr = h.size() == 1 && h[0]->resolved.value_or(false);
        std::string peer_agent;
        for (const auto* r : h) {
            if (!r->agent_id.empty()) {
                peer_agent = r->agent_id;
                break;
            }
        }
        peer[peer_agent].first += fcr ? 1U : 0U;
        ++peer[peer_agent].second;
        spec[h[0]->agent_id].first += fcr ? 1U : 0U;
        ++spec[h[0]->agent_id].second;
    }
    const json groups = fixture("duckdb_by_agent_id.json").at("groups");
    for (const auto& g : groups) {
        const json& key = g.at("key").at("agent_id");
        const std::string agent = key.is_null() ? "" : key.get<std::string>();
        CAPTURE(agent);
        const json& fcr = g.at("kpis").at("fcr");
        if (agent.empty()) {
            // Cases with no agent at all land in the peer's NULL group, which its final
            // `left join ... using (grp)` cannot match (NULL = NULL is not true in SQL).
            CHECK(fcr.at("denominator").get<std::uint64_t>() == 0);
            CHECK(peer[agent].second > 0);
            continue;
        }
        CHECK(peer[agent].first == fcr.at("numerator").get<std::uint64_t>());
        CHECK(peer[agent].second == fcr.at("denominator").get<std::uint64_t>());
    }
    const auto report = cskpi::make_report(records, {.group_by = {cskpi::Dimension::agent_id}});
    for (const auto& g : report.groups) {
        CAPTURE(g.key.values[0]);
        CHECK(g.kpis.fcr.numerator == spec[g.key.values[0]].first);
        CHECK(g.kpis.fcr.denominator == spec[g.key.values[0]].second);
    }
}
