#include "cskpi/json/report_json.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "catch.hpp"
#include "cskpi/version.hpp"
#include "report_fixtures.hpp"

using cskpi::Dimension;
using cskpi::ReportOptions;
using Json = nlohmann::ordered_json;

namespace {

// The keys of an object, in document order.
std::vector<std::string> keys(const Json& object) {
    REQUIRE(object.is_object());
    std::vector<std::string> names;
    for (const auto& item : object.items()) {
        names.push_back(item.key());
    }
    return names;
}

using Names = std::vector<std::string>;

const Names rate_keys{"value", "numerator", "denominator", "ci95"};
const Names mean_keys{"value", "count", "sum", "stddev"};
const Names dist_keys{"count", "mean", "p50", "p90"};

// The KPIS object has the documented keys, in the documented order (docs/output-formats.md,
// "JSON"), at every level.
void check_kpis_shape(const Json& k) {
    CHECK(keys(k) == Names{"contacts",
                           "handled",
                           "fcr",
                           "csat",
                           "nps",
                           "ces",
                           "aht_seconds",
                           "asa_seconds",
                           "service_level",
                           "abandonment_rate",
                           "first_response_seconds",
                           "resolution_seconds",
                           "queued",
                           "answered",
                           "abandoned",
                           "short_abandoned",
                           "abandoned_within_target",
                           "callback_requests",
                           "flowed_out",
                           "transferred_out",
                           "transferred_in",
                           "callbacks",
                           "outbound_handled",
                           "held",
                           "max_wait_seconds",
                           "abandon_time_seconds",
                           "talk_seconds",
                           "hold_seconds",
                           "acw_seconds",
                           "survey_response_rate"});
    for (const char* r : {"fcr", "service_level", "abandonment_rate", "survey_response_rate"}) {
        CHECK(keys(k[r]) == rate_keys);
    }
    CHECK(keys(k["csat"]) == Names{"value", "numerator", "denominator", "ci95", "mean"});
    CHECK(keys(k["nps"]) ==
          Names{"value", "promoters", "passives", "detractors", "responses", "margin95"});
    CHECK(keys(k["ces"]) == Names{"value", "count", "sum", "stddev", "agree"});
    CHECK(keys(k["ces"]["agree"]) == rate_keys);
    CHECK(keys(k["aht_seconds"]) == mean_keys);
    CHECK(keys(k["asa_seconds"]) == mean_keys);
    for (const char* m : {"abandon_time_seconds", "talk_seconds", "hold_seconds", "acw_seconds"}) {
        CHECK(keys(k[m]) == mean_keys);
    }
    CHECK(keys(k["first_response_seconds"]) == dist_keys);
    CHECK(keys(k["resolution_seconds"]) == dist_keys);
}

// A RATE as report_to_json must write it.
Json expected_rate(std::uint64_t numerator, std::uint64_t denominator) {
    const cskpi::Rate r = cskpi::make_rate(numerator, denominator);
    Json j = Json::object();
    j["value"] = r.value ? Json(*r.value) : Json(nullptr);
    j["numerator"] = numerator;
    j["denominator"] = denominator;
    j["ci95"] = r.ci95 ? Json::array({r.ci95->lower, r.ci95->upper}) : Json(nullptr);
    return j;
}

void check_no_nan(const Json& j) {
    for (int indent : {-1, 2}) {
        const std::string text = j.dump(indent);
        for (const char* bad : {"nan", "NaN", "inf", "Infinity"}) {
            CHECK(text.find(bad) == std::string::npos);
        }
    }
}

}  // namespace

TEST_CASE("report JSON of the seven contacts: document shape and key order") {
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    const cskpi::InputSummary input{.read = 7, .accepted = 7};
    const Json j = cskpi::report_to_json(report, input);
    CHECK(keys(j) == Names{"cskpi_version", "input", "options", "overall", "groups"});
    CHECK(j["cskpi_version"] == cskpi::version_string);
    CHECK(keys(j["input"]) == Names{"read", "accepted", "rejected", "duplicates", "errors",
                                    "errors_truncated", "fields"});
    CHECK(keys(j["options"]) == Names{"group_by", "period", "utc_offset", "csat_scale",
                                      "csat_threshold", "sl_threshold_seconds",
                                      "short_abandon_seconds", "abandon_mode", "fcr_mode",
                                      "fcr_window_seconds", "definitions"});
    check_kpis_shape(j["overall"]);
    CHECK(j["groups"] == Json::array());
    check_no_nan(j);
}

TEST_CASE("report JSON of the seven contacts: every overall value") {
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    const Json j = cskpi::report_to_json(report, {});
    const Json& k = j["overall"];
    CHECK(k["contacts"] == 7);
    CHECK(k["handled"] == 4);
    // FCR: K1, K2 resolved on first contact; K6 took two. Exact doubles, exact text.
    CHECK(k["fcr"] == expected_rate(2, 3));
    CHECK_THAT(k["fcr"]["value"].get<double>(), WithinAbs(200.0 / 3.0, 1e-12));
    CHECK(k["fcr"].dump() == R"({"value":66.66666666666667,"numerator":2,"denominator":3,)"
                             R"("ci95":[20.76596008020477,93.85080552796038]})");
    // CSAT 5, 3, 4: two of three satisfied, mean 4.
    Json csat = expected_rate(2, 3);
    csat["mean"] = 4.0;
    CHECK(k["csat"] == csat);
    // NPS 10, 7, 3: one promoter, one passive, one detractor.
    CHECK(k["nps"]["value"] == 0.0);
    CHECK(k["nps"]["promoters"] == 1);
    CHECK(k["nps"]["passives"] == 1);
    CHECK(k["nps"]["detractors"] == 1);
    CHECK(k["nps"]["responses"] == 3);
    CHECK_THAT(k["nps"]["margin95"].get<double>(), WithinAbs(92.3941, 1e-3));
    // CES 6 and 2: mean 4, sample sd sqrt(8), one of two agree.
    CHECK(k["ces"]["value"] == 4.0);
    CHECK(k["ces"]["count"] == 2);
    CHECK(k["ces"]["sum"] == 8.0);
    CHECK(k["ces"]["stddev"] == *report.overall.ces.answers.stddev());
    CHECK_THAT(k["ces"]["stddev"].get<double>(), WithinAbs(std::sqrt(8.0), 1e-12));
    CHECK(k["ces"]["agree"] == expected_rate(1, 2));
    // AHT 150 + 200 + 60 over 3; ASA 10 and 30.
    CHECK(k["aht_seconds"]["count"] == 3);
    CHECK(k["aht_seconds"]["sum"] == 410.0);
    CHECK(k["aht_seconds"]["value"] == *report.overall.aht_seconds.value());
    CHECK_THAT(k["aht_seconds"]["value"].get<double>(), WithinAbs(410.0 / 3.0, 1e-12));
    CHECK(k["asa_seconds"] == Json{{"value", 20.0},
                                   {"count", 2},
                                   {"sum", 40.0},
                                   {"stddev", *report.overall.asa_seconds.stddev()}});
    CHECK(k["service_level"] == expected_rate(1, 4));
    CHECK(k["abandonment_rate"] == expected_rate(2, 4));
    CHECK(k["first_response_seconds"] ==
          Json{{"count", 2}, {"mean", 90.0}, {"p50", 90.0}, {"p90", 114.0}});
    CHECK(k["resolution_seconds"]["count"] == 2);
    CHECK(k["resolution_seconds"]["mean"] == 5400.0);
    CHECK(k["resolution_seconds"]["p50"] == 5400.0);
    CHECK_THAT(k["resolution_seconds"]["p90"].get<double>(), WithinAbs(6840.0, 1e-9));
    // Queued c1-c5 (waits 10 30 3 40 15); answered c1 c2; abandoned c3 (3 s: short, within
    // 20 s), c4 (40 s) and c5 (15 s: within 20 s). No callbacks, flow-outs, transfers or
    // outbound contacts; c1 alone handled with hold time.
    CHECK(k["queued"] == 5);
    CHECK(k["answered"] == 2);
    CHECK(k["abandoned"] == 3);
    CHECK(k["short_abandoned"] == 1);
    CHECK(k["abandoned_within_target"] == 2);
    for (const char* n : {"callback_requests", "flowed_out", "transferred_out", "transferred_in",
                          "callbacks", "outbound_handled"}) {
        CHECK(k[n] == 0);
    }
    CHECK(k["held"] == 1);
    CHECK(k["max_wait_seconds"] == 40.0);
    // Abandon waits 3 40 15: mean 58 / 3, sample sd sqrt(2138 / 6).
    CHECK(k["abandon_time_seconds"]["count"] == 3);
    CHECK(k["abandon_time_seconds"]["sum"] == 58.0);
    CHECK_THAT(k["abandon_time_seconds"]["value"].get<double>(), WithinAbs(58.0 / 3.0, 1e-12));
    CHECK_THAT(k["abandon_time_seconds"]["stddev"].get<double>(),
               WithinAbs(std::sqrt(2138.0 / 6.0), 1e-12));
    // Talk 100 (c1) and 60 (c6); hold 20 and wrap 30 of c1 alone.
    CHECK(k["talk_seconds"]["value"] == 80.0);
    CHECK(k["talk_seconds"]["count"] == 2);
    CHECK(k["talk_seconds"]["sum"] == 160.0);
    CHECK_THAT(k["talk_seconds"]["stddev"].get<double>(), WithinAbs(std::sqrt(800.0), 1e-12));
    CHECK(k["hold_seconds"] ==
          Json{{"value", 20.0}, {"count", 1}, {"sum", 20.0}, {"stddev", nullptr}});
    CHECK(k["acw_seconds"] ==
          Json{{"value", 30.0}, {"count", 1}, {"sum", 30.0}, {"stddev", nullptr}});
    // All four handled contacts (c1 c2 c6 c7) answered CSAT, NPS or CES.
    CHECK(k["survey_response_rate"] == expected_rate(4, 4));
    CHECK(k["survey_response_rate"]["value"] == 100.0);
}

TEST_CASE("report JSON: an empty report writes null for every undefined value") {
    const auto report = cskpi::make_report({});
    const Json j = cskpi::report_to_json(report, {});
    const Json& k = j["overall"];
    check_kpis_shape(k);
    CHECK(k["contacts"] == 0);
    const Json undefined_rate{
        {"value", nullptr}, {"numerator", 0}, {"denominator", 0}, {"ci95", nullptr}};
    for (const char* r : {"fcr", "service_level", "abandonment_rate"}) {
        CHECK(k[r] == undefined_rate);
    }
    CHECK(k["ces"]["agree"] == undefined_rate);
    CHECK(k["csat"]["value"].is_null());
    CHECK(k["csat"]["mean"].is_null());
    CHECK(k["nps"] == Json{{"value", nullptr},
                           {"promoters", 0},
                           {"passives", 0},
                           {"detractors", 0},
                           {"responses", 0},
                           {"margin95", nullptr}});
    // A mean of no values: undefined value and spread, count 0, sum 0.
    const Json empty_mean{{"value", nullptr}, {"count", 0}, {"sum", 0.0}, {"stddev", nullptr}};
    CHECK(k["ces"]["value"].is_null());
    CHECK(k["aht_seconds"] == empty_mean);
    CHECK(k["asa_seconds"] == empty_mean);
    const Json empty_dist{{"count", 0}, {"mean", nullptr}, {"p50", nullptr}, {"p90", nullptr}};
    CHECK(k["first_response_seconds"] == empty_dist);
    CHECK(k["resolution_seconds"] == empty_dist);
    for (const char* n :
         {"queued", "answered", "abandoned", "short_abandoned", "abandoned_within_target",
          "callback_requests", "flowed_out", "transferred_out", "transferred_in", "callbacks",
          "outbound_handled", "held"}) {
        CHECK(k[n] == 0);
    }
    CHECK(k["max_wait_seconds"].is_null());
    for (const char* m : {"abandon_time_seconds", "talk_seconds", "hold_seconds", "acw_seconds"}) {
        CHECK(k[m] == empty_mean);
    }
    CHECK(k["survey_response_rate"] == undefined_rate);
    CHECK(j["groups"] == Json::array());
    CHECK(j["input"] == Json{{"read", 0},
                             {"accepted", 0},
                             {"rejected", 0},
                             {"duplicates", 0},
                             {"errors", Json::array()},
                             {"errors_truncated", false},
                             {"fields", Json::object()}});
    check_no_nan(j);
}

TEST_CASE("report JSON: grouped keys name each dimension, null when empty, then the period") {
    auto records = fixtures::seven_contacts();
    records[6].agent_id = "";  // c7 without an agent
    records[0].queue = "billing";
    const auto report = cskpi::make_report(
        records, ReportOptions{.group_by = {Dimension::queue, Dimension::agent_id},
                               .period = cskpi::Period::month});
    const Json j = cskpi::report_to_json(report, {});
    const Json& groups = j["groups"];
    REQUIRE(groups.size() == report.groups.size());
    REQUIRE(groups.size() == 4);
    // Sorted by key: ("", ""), ("", "a1"), ("", "a2"), ("billing", "a1").
    CHECK(groups[0]["key"].dump() == R"({"queue":null,"agent_id":null,"period":"2026-01"})");
    CHECK(groups[1]["key"].dump() == R"({"queue":null,"agent_id":"a1","period":"2026-01"})");
    CHECK(groups[2]["key"].dump() == R"({"queue":null,"agent_id":"a2","period":"2026-01"})");
    CHECK(groups[3]["key"].dump() == R"({"queue":"billing","agent_id":"a1","period":"2026-01"})");
    for (std::size_t g = 0; g < groups.size(); ++g) {
        CHECK(keys(groups[g]) == Names{"key", "kpis"});
        check_kpis_shape(groups[g]["kpis"]);
        CHECK(groups[g]["kpis"]["contacts"] == report.groups[g].kpis.contacts);
    }
    // c7 alone: handled, no inquiry of its own (K6 belongs to c6's group).
    CHECK(groups[0]["kpis"]["contacts"] == 1);
    CHECK(groups[0]["kpis"]["fcr"]["value"].is_null());
    CHECK(groups[0]["kpis"]["ces"]["value"] == 2.0);
    CHECK(groups[0]["kpis"]["ces"]["stddev"].is_null());
    CHECK(groups[0]["kpis"]["queued"] == 0);
    CHECK(groups[0]["kpis"]["max_wait_seconds"].is_null());
    CHECK(groups[0]["kpis"]["survey_response_rate"] == expected_rate(1, 1));
    // a2: c3, c4, c5 abandoned and c6: no ASA, FCR 0 of 1.
    CHECK(groups[2]["kpis"]["asa_seconds"]["value"].is_null());
    CHECK(groups[2]["kpis"]["fcr"] == expected_rate(0, 1));
    CHECK(groups[2]["kpis"]["abandonment_rate"] == expected_rate(2, 2));
    // a2's outcomes: c3 c4 c5 queued and abandoned (c3 short; c3 and c5 within 20 s), the
    // longest wait c4's 40 s, mean abandon wait 58 / 3; c6's talk 60 and survey answers.
    CHECK(groups[2]["kpis"]["queued"] == 3);
    CHECK(groups[2]["kpis"]["answered"] == 0);
    CHECK(groups[2]["kpis"]["abandoned"] == 3);
    CHECK(groups[2]["kpis"]["short_abandoned"] == 1);
    CHECK(groups[2]["kpis"]["abandoned_within_target"] == 2);
    CHECK(groups[2]["kpis"]["max_wait_seconds"] == 40.0);
    CHECK(groups[2]["kpis"]["abandon_time_seconds"]["sum"] == 58.0);
    CHECK(groups[2]["kpis"]["talk_seconds"]["value"] == 60.0);
    CHECK(groups[2]["kpis"]["hold_seconds"]["count"] == 0);
    CHECK(groups[2]["kpis"]["survey_response_rate"] == expected_rate(1, 1));
    // billing / a1 is c1 alone: queued, answered, held.
    CHECK(groups[3]["kpis"]["answered"] == 1);
    CHECK(groups[3]["kpis"]["held"] == 1);
    CHECK(groups[3]["kpis"]["max_wait_seconds"] == 10.0);
    CHECK(groups[3]["kpis"]["acw_seconds"]["value"] == 30.0);
    // A period-only report has just the period in its keys.
    const auto by_day =
        cskpi::make_report(fixtures::seven_contacts(), ReportOptions{.period = cskpi::Period::day});
    const Json d = cskpi::report_to_json(by_day, {});
    REQUIRE(d["groups"].size() == 2);
    CHECK(d["groups"][1]["key"] == Json{{"period", "2026-01-06"}});
    CHECK(d["options"]["group_by"] == Json::array());
    check_no_nan(j);
}

TEST_CASE("report JSON: options echo the effective values, defaults and others") {
    const Json defaults = cskpi::report_to_json(cskpi::make_report({}), {})["options"];
    CHECK(defaults.dump() ==
          R"({"group_by":[],"period":null,"utc_offset":"+00:00","csat_scale":5,)"
          R"("csat_threshold":4,"sl_threshold_seconds":20.0,"short_abandon_seconds":5.0,)"
          R"("abandon_mode":"against","fcr_mode":"case","fcr_window_seconds":604800.0,)"
          R"("definitions":"standard"})");
    const ReportOptions options{.group_by = {Dimension::team, Dimension::channel},
                                .period = cskpi::Period::week,
                                .utc_offset = cskpi::parse_utc_offset("+02:00"),
                                .csat = {.points = 10, .threshold = 8},
                                .service_level_seconds = 30.0,
                                .short_abandon_seconds = 2.5,
                                .abandon_mode = cskpi::AbandonMode::count_for,
                                .fcr_mode = cskpi::FcrMode::window,
                                .fcr_window = std::chrono::hours{36}};
    const Json o = cskpi::report_to_json(cskpi::make_report({}, options), {})["options"];
    CHECK(o == Json{{"group_by", {"team", "channel"}},
                    {"period", "week"},
                    {"utc_offset", "+02:00"},
                    {"csat_scale", 10},
                    {"csat_threshold", 8},
                    {"sl_threshold_seconds", 30.0},
                    {"short_abandon_seconds", 2.5},
                    {"abandon_mode", "for"},
                    {"fcr_mode", "window"},
                    {"fcr_window_seconds", 129600.0},
                    {"definitions", "standard"}});
    const ReportOptions other{.utc_offset = cskpi::parse_utc_offset("-05:30"),
                              .abandon_mode = cskpi::AbandonMode::ignore,
                              .fcr_mode = cskpi::FcrMode::flag,
                              .fcr_window = std::chrono::milliseconds{1500}};
    const Json p = cskpi::report_to_json(cskpi::make_report({}, other), {})["options"];
    CHECK(p["utc_offset"] == "-05:30");
    CHECK(p["abandon_mode"] == "ignore");
    CHECK(p["fcr_mode"] == "flag");
    CHECK(p["fcr_window_seconds"] == 1.5);
    // Genesys's switches are echoed with its profile only.
    const ReportOptions genesys{
        .definitions = cskpi::Definitions::genesys,
        .genesys = {.include_short_abandons = false, .include_flow_outs = true}};
    const Json g = cskpi::report_to_json(cskpi::make_report({}, genesys), {})["options"];
    CHECK(g["definitions"] == "genesys");
    CHECK(g["genesys_sl"] ==
          Json{{"abandons", true}, {"short_abandons", false}, {"flow_outs", true}});
    CHECK_FALSE(p.contains("genesys_sl"));
}

TEST_CASE("report JSON: the input account and its errors") {
    cskpi::InputSummary input{.read = 10, .accepted = 6, .rejected = 3, .duplicates = 1};
    input.errors = {
        {.file = "calls.ndjson",
         .line = 17,
         .field = "csat",
         .code = "out_of_range",
         .message = "csat = 9 is outside the scale 1..5"},
        {.index = 4, .field = "started_at", .code = "bad_timestamp", .message = "not RFC 3339"},
        {.file = "-", .line = 3, .code = "not_json", .message = "unexpected end of input"},
    };
    input.errors_truncated = true;
    input.fields = {{"agent_id", "/agent_name", 0}, {"queue", "/q", 6}};
    const Json j = cskpi::report_to_json(cskpi::make_report({}), input)["input"];
    CHECK(j.dump() ==
          R"({"read":10,"accepted":6,"rejected":3,"duplicates":1,"errors":[)"
          R"({"file":"calls.ndjson","line":17,"field":"csat","code":"out_of_range",)"
          R"("message":"csat = 9 is outside the scale 1..5"},)"
          R"({"index":4,"field":"started_at","code":"bad_timestamp","message":"not RFC 3339"},)"
          R"({"file":"-","line":3,"field":null,"code":"not_json",)"
          R"("message":"unexpected end of input"}],"errors_truncated":true,)"
          R"("fields":{"agent_id":{"from":"/agent_name","found":0},)"
          R"("queue":{"from":"/q","found":6}}})");
}

TEST_CASE("report JSON never holds NaN or infinity, even from a hand-made report") {
    cskpi::Report report;
    report.overall.fcr = {.numerator = 1,
                          .denominator = 2,
                          .value = std::numeric_limits<double>::quiet_NaN(),
                          .ci95 = cskpi::Interval{-std::numeric_limits<double>::infinity(),
                                                  std::numeric_limits<double>::infinity()}};
    report.overall.nps.value = std::numeric_limits<double>::infinity();
    report.overall.first_response_seconds.p90 = std::numeric_limits<double>::quiet_NaN();
    report.groups.push_back({.key = {}, .kpis = report.overall});
    const Json j = cskpi::report_to_json(report, {});
    CHECK(j["overall"]["fcr"] == Json{{"value", nullptr},
                                      {"numerator", 1},
                                      {"denominator", 2},
                                      {"ci95", {nullptr, nullptr}}});
    CHECK(j["overall"]["nps"]["value"].is_null());
    CHECK(j["groups"][0]["kpis"]["first_response_seconds"]["p90"].is_null());
    CHECK(j["groups"][0]["key"] == Json::object());
    check_no_nan(j);
}

TEST_CASE("staffing JSON: the documented keys in order") {
    const cskpi::StaffingResult planned = cskpi::plan_staffing(10.0, 180, {.shrinkage = 0.3});
    const Json j = cskpi::staffing_to_json(planned);
    CHECK(keys(j) == Names{"traffic_erlangs", "agents", "probability_wait", "service_level",
                           "asa_seconds", "occupancy", "agents_with_shrinkage"});
    CHECK(j["traffic_erlangs"] == 10.0);
    CHECK(j["agents"] == 14);
    CHECK(j["probability_wait"] == planned.probability_wait);
    CHECK(j["service_level"] == planned.service_level);
    CHECK(j["asa_seconds"] == *planned.asa_seconds);
    CHECK(j["occupancy"] == planned.occupancy);
    CHECK(j["agents_with_shrinkage"] == 20);
    // An unstable queue has no ASA.
    const Json unstable = cskpi::staffing_to_json(cskpi::evaluate_staffing(10.0, 180, 10, 20));
    CHECK(unstable["asa_seconds"].is_null());
    CHECK(unstable["probability_wait"] == 1.0);
    CHECK(unstable["service_level"] == 0.0);
    CHECK(unstable["occupancy"] == 100.0);
    check_no_nan(unstable);
}

TEST_CASE("retention JSON: periods with RATEs, cohorts with null for an empty cohort") {
    // Jan {a, b, d}, Feb {a, b, c}, Mar {}, Apr {a}.
    std::vector<cskpi::Purchase> purchases{
        {.customer_id = "a", .at = fixtures::at(2026, 1, 5)},
        {.customer_id = "b", .at = fixtures::at(2026, 1, 6)},
        {.customer_id = "d", .at = fixtures::at(2026, 1, 7)},
        {.customer_id = "a", .at = fixtures::at(2026, 2, 5)},
        {.customer_id = "b", .at = fixtures::at(2026, 2, 6)},
        {.customer_id = "c", .at = fixtures::at(2026, 2, 7)},
        {.customer_id = "a", .at = fixtures::at(2026, 4, 1)},
        {.customer_id = "", .at = fixtures::at(2026, 4, 2)},
    };
    const auto report = cskpi::retention_report(purchases);
    const Json j = cskpi::retention_to_json(report);
    CHECK(keys(j) == Names{"period", "utc_offset", "records", "skipped_without_customer",
                           "customers", "customer_periods", "periods", "cohorts"});
    CHECK(j["period"] == "month");
    CHECK(j["utc_offset"] == "+00:00");
    CHECK(j["records"] == 7);
    CHECK(j["skipped_without_customer"] == 1);
    CHECK(j["customers"] == 4);
    CHECK(j["customer_periods"] == 7);
    REQUIRE(j["periods"].size() == 4);
    const Json& feb = j["periods"][1];
    CHECK(keys(feb) == Names{"period", "start", "retained", "new", "first_time", "end",
                             "retention_rate", "churn_rate"});
    CHECK(feb["period"] == "2026-02");
    CHECK(feb["start"] == 3);
    CHECK(feb["retained"] == 2);
    CHECK(feb["new"] == 1);
    CHECK(feb["first_time"] == 1);
    CHECK(feb["end"] == 3);
    CHECK(feb["retention_rate"] == expected_rate(2, 3));
    CHECK(feb["churn_rate"]["value"] == *cskpi::complement(cskpi::make_rate(2, 3)).value);
    CHECK(feb["churn_rate"]["numerator"] == 1);
    CHECK(keys(feb["churn_rate"]) == rate_keys);
    // January has no previous period; April follows the empty March: both undefined.
    CHECK(j["periods"][0]["retention_rate"]["value"].is_null());
    CHECK(j["periods"][0]["churn_rate"]["ci95"].is_null());
    CHECK(j["periods"][3]["start"] == 0);
    CHECK(j["periods"][3]["retention_rate"]["value"].is_null());
    REQUIRE(j["cohorts"].size() == 4);
    CHECK(keys(j["cohorts"][0]) == Names{"cohort", "size", "retention"});
    CHECK(j["cohorts"][0]["cohort"] == "2026-01");
    CHECK(j["cohorts"][0]["size"] == 3);
    const Json& jan = j["cohorts"][0]["retention"];
    REQUIRE(jan.size() == 4);
    CHECK(jan[0] == 100.0);
    CHECK(jan[1] == *report.cohorts[0].retention[1]);
    CHECK_THAT(jan[1].get<double>(), WithinAbs(200.0 / 3.0, 1e-12));
    CHECK(jan[2] == 0.0);
    CHECK_THAT(jan[3].get<double>(), WithinAbs(100.0 / 3.0, 1e-12));
    // March: nobody first active, so every retention entry is undefined.
    CHECK(j["cohorts"][2]["size"] == 0);
    for (const Json& value : j["cohorts"][2]["retention"]) {
        CHECK(value.is_null());
    }
    check_no_nan(j);
    // Without cohorts, and with nothing counted.
    const Json none = cskpi::retention_to_json(
        cskpi::retention_report(purchases, cskpi::Period::month, {}, cskpi::CohortTable::omit));
    CHECK(none["cohorts"] == Json::array());
    const Json empty = cskpi::retention_to_json(cskpi::RetentionReport{});
    CHECK(empty["periods"] == Json::array());
    CHECK(empty["customers"] == 0);
}

namespace {

// What dump() printed for the CLI before write_report_json: the bytes it must keep.
std::string dumped(const cskpi::Report& report, const cskpi::InputSummary& input) {
    return cskpi::report_to_json(report, input)
               .dump(2, ' ', false, Json::error_handler_t::replace) +
           "\n";
}

// Everything write_report_json handed its sink, and the size of each piece.
struct Streamed {
    std::string text;
    std::vector<std::size_t> sizes;
};

Streamed streamed(const cskpi::Report& report, const cskpi::InputSummary& input) {
    Streamed out;
    cskpi::write_report_json(
        [&out](std::string_view piece) {
            out.sizes.push_back(piece.size());
            out.text.append(piece);
        },
        report, input);
    return out;
}

}  // namespace

TEST_CASE("write_report_json prints the bytes of report_to_json's dump(2)") {
    cskpi::InputSummary input{.read = 9, .accepted = 7, .rejected = 2};
    input.errors = {{.file = "a \"b\".ndjson",
                     .line = 3,
                     .field = "csat",
                     .code = "out_of_range",
                     .message = "csat = 9 is outside the scale 1..5"},
                    {.index = 4, .code = "not_an_object", .message = "tab\there, é, \x01"}};
    input.errors_truncated = true;

    SECTION("the seven contacts by agent and month") {
        const auto report =
            cskpi::make_report(fixtures::seven_contacts(),
                               ReportOptions{.group_by = {Dimension::agent_id, Dimension::queue},
                                             .period = cskpi::Period::month});
        CHECK(streamed(report, input).text == dumped(report, input));
    }
    SECTION("an empty report: empty arrays and objects, null everywhere") {
        const cskpi::Report report;
        const std::string text = streamed(report, {}).text;
        CHECK(text == dumped(report, {}));
        CHECK(text.find("\"errors\": [],") != std::string::npos);
        CHECK(text.find("\"groups\": []\n}\n") != std::string::npos);
    }
    SECTION("keys needing escapes, UTF-8, invalid UTF-8 and non-finite values") {
        cskpi::Report report;
        report.options.group_by = {Dimension::customer_id};
        report.overall.nps.value = std::numeric_limits<double>::infinity();
        report.overall.fcr = {.numerator = 1,
                              .denominator = 2,
                              .value = std::numeric_limits<double>::quiet_NaN(),
                              .ci95 = cskpi::Interval{0.5, 1e20}};
        for (const char* id : {"a\"b\\c", "ü-é 😀", "\x7f\x1f", "bad \xff\xfe", ""}) {
            report.groups.push_back({.key = {.values = {id}}, .kpis = report.overall});
        }
        report.groups.push_back({.key = {}, .kpis = {}});
        const std::string text = streamed(report, input).text;
        CHECK(text == dumped(report, input));
        CHECK(text.find("\"customer_id\": \"bad \xef\xbf\xbd\xef\xbf\xbd\"") != std::string::npos);
        CHECK(text.find("\"customer_id\": null") != std::string::npos);
        CHECK(text.find("inf") == std::string::npos);
    }
}

TEST_CASE("write_report_json hands its sink bounded pieces, however many groups") {
    cskpi::Report report = cskpi::make_report(fixtures::seven_contacts(),
                                              ReportOptions{.group_by = {Dimension::customer_id}});
    const cskpi::ReportGroup model = report.groups.front();
    report.groups.assign(2000, model);
    const Streamed out = streamed(report, {});
    CHECK(out.text == dumped(report, {}));
    // About 3.3 KB a group: 6.7 MB in pieces of a little over 64 KiB, the last one shorter.
    CHECK(out.sizes.size() == out.text.size() / (64 * 1024) + 1);
    for (std::size_t i = 0; i + 1 < out.sizes.size(); ++i) {
        CHECK(out.sizes[i] >= 64 * 1024);
        CHECK(out.sizes[i] < 64 * 1024 + 64);
    }
}

TEST_CASE("write_report_json: an exception from the sink stops the writing and propagates") {
    cskpi::Report report;
    report.groups.assign(2000, cskpi::ReportGroup{});
    std::size_t calls = 0;
    const cskpi::TextSink failing = [&calls](std::string_view) {
        ++calls;
        throw std::bad_alloc();
    };
    CHECK_THROWS_AS(cskpi::write_report_json(failing, report, {}), std::bad_alloc);
    CHECK(calls == 1);
}
