#include "cskpi/report_format.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "report_fixtures.hpp"

using cskpi::Dimension;
using cskpi::ReportOptions;

namespace {

using Table = std::vector<std::vector<std::string>>;

// An RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes and line
// breaks. Every line must end with "\n".
Table parse_csv(const std::string& text) {
    Table rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            REQUIRE(field.empty());  // quotes only open a field
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());
    REQUIRE(row.empty());
    return rows;
}

// Each data row of a CSV as a map from column name to field.
std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
    const Table rows = parse_csv(text);
    REQUIRE_FALSE(rows.empty());
    std::vector<std::map<std::string, std::string>> records;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        std::map<std::string, std::string> record;
        for (std::size_t c = 0; c < rows[0].size(); ++c) {
            record[rows[0][c]] = rows[r][c];
        }
        records.push_back(std::move(record));
    }
    return records;
}

// The CSV text of a value, as to_csv must write it: empty when undefined, else a decimal
// that reads back as the same double.
void check_number(const std::string& field, const std::optional<double>& value) {
    INFO("field \"" << field << "\"");
    if (!value) {
        CHECK(field.empty());
        return;
    }
    REQUIRE_FALSE(field.empty());
    CHECK(std::stod(field) == *value);
}

void check_count(const std::string& field, std::uint64_t value) {
    CHECK(field == std::to_string(value));
}

void check_rate(const std::map<std::string, std::string>& rec, const std::string& name,
                const cskpi::Rate& rate) {
    INFO(name);
    check_number(rec.at(name), rate.value);
    check_count(rec.at(name + "_numerator"), rate.numerator);
    check_count(rec.at(name + "_denominator"), rate.denominator);
    check_number(rec.at(name + "_ci95_low"),
                 rate.ci95 ? std::optional<double>(rate.ci95->lower) : std::nullopt);
    check_number(rec.at(name + "_ci95_high"),
                 rate.ci95 ? std::optional<double>(rate.ci95->upper) : std::nullopt);
}

void check_mean(const std::map<std::string, std::string>& rec, const std::string& name,
                const cskpi::Mean& mean) {
    INFO(name);
    check_number(rec.at(name), mean.value());
    check_count(rec.at(name + "_count"), mean.count());
    check_number(rec.at(name + "_sum"), mean.sum());
    check_number(rec.at(name + "_stddev"), mean.stddev());
}

void check_distribution(const std::map<std::string, std::string>& rec, const std::string& name,
                        const cskpi::DistributionSummary& d) {
    INFO(name);
    check_count(rec.at(name + "_count"), d.count);
    check_number(rec.at(name + "_mean"), d.mean);
    check_number(rec.at(name + "_p50"), d.p50);
    check_number(rec.at(name + "_p90"), d.p90);
}

// Every KPI column of a CSV record against the KpiSet it came from.
void check_kpis(const std::map<std::string, std::string>& rec, const cskpi::KpiSet& k) {
    check_count(rec.at("contacts"), k.contacts);
    check_count(rec.at("handled"), k.handled);
    check_rate(rec, "fcr", k.fcr);
    check_rate(rec, "csat", k.csat.satisfied);
    check_number(rec.at("csat_mean"), k.csat.answers.value());
    check_number(rec.at("nps"), k.nps.value);
    check_count(rec.at("nps_promoters"), k.nps.promoters);
    check_count(rec.at("nps_passives"), k.nps.passives);
    check_count(rec.at("nps_detractors"), k.nps.detractors);
    check_count(rec.at("nps_responses"), k.nps.responses);
    check_number(rec.at("nps_margin95"), k.nps.margin95);
    check_mean(rec, "ces", k.ces.answers);
    check_rate(rec, "ces_agree", k.ces.agree);
    check_mean(rec, "aht_seconds", k.aht_seconds);
    check_mean(rec, "asa_seconds", k.asa_seconds);
    check_rate(rec, "service_level", k.service_level);
    check_rate(rec, "abandonment_rate", k.abandonment_rate);
    check_distribution(rec, "first_response_seconds", k.first_response_seconds);
    check_distribution(rec, "resolution_seconds", k.resolution_seconds);
    check_count(rec.at("queued"), k.queued);
    check_count(rec.at("answered"), k.answered);
    check_count(rec.at("abandoned"), k.abandoned);
    check_count(rec.at("short_abandoned"), k.short_abandoned);
    check_count(rec.at("abandoned_within_target"), k.abandoned_within_target);
    check_count(rec.at("callback_requests"), k.callback_requests);
    check_count(rec.at("flowed_out"), k.flowed_out);
    check_count(rec.at("transferred_out"), k.transferred_out);
    check_count(rec.at("transferred_in"), k.transferred_in);
    check_count(rec.at("callbacks"), k.callbacks);
    check_count(rec.at("outbound_handled"), k.outbound_handled);
    check_count(rec.at("held"), k.held);
    check_number(rec.at("max_wait_seconds"), k.max_wait_seconds);
    check_mean(rec, "abandon_time_seconds", k.abandon_time_seconds);
    check_mean(rec, "talk_seconds", k.talk_seconds);
    check_mean(rec, "hold_seconds", k.hold_seconds);
    check_mean(rec, "acw_seconds", k.acw_seconds);
    check_rate(rec, "survey_response_rate", k.survey_response_rate);
}

const char* const kpi_header =
    "contacts,handled,fcr,fcr_numerator,fcr_denominator,fcr_ci95_low,fcr_ci95_high,csat,"
    "csat_numerator,csat_denominator,csat_ci95_low,csat_ci95_high,csat_mean,nps,nps_promoters,"
    "nps_passives,nps_detractors,nps_responses,nps_margin95,ces,ces_count,ces_sum,ces_stddev,"
    "ces_agree,ces_agree_numerator,ces_agree_denominator,ces_agree_ci95_low,ces_agree_ci95_high,"
    "aht_seconds,aht_seconds_count,aht_seconds_sum,aht_seconds_stddev,asa_seconds,"
    "asa_seconds_count,asa_seconds_sum,asa_seconds_stddev,service_level,service_level_numerator,"
    "service_level_denominator,service_level_ci95_low,service_level_ci95_high,abandonment_rate,"
    "abandonment_rate_numerator,abandonment_rate_denominator,abandonment_rate_ci95_low,"
    "abandonment_rate_ci95_high,first_response_seconds_count,first_response_seconds_mean,"
    "first_response_seconds_p50,first_response_seconds_p90,resolution_seconds_count,"
    "resolution_seconds_mean,resolution_seconds_p50,resolution_seconds_p90,queued,answered,"
    "abandoned,short_abandoned,abandoned_within_target,callback_requests,flowed_out,"
    "transferred_out,transferred_in,callbacks,outbound_handled,held,max_wait_seconds,"
    "abandon_time_seconds,abandon_time_seconds_count,abandon_time_seconds_sum,"
    "abandon_time_seconds_stddev,talk_seconds,talk_seconds_count,talk_seconds_sum,"
    "talk_seconds_stddev,hold_seconds,hold_seconds_count,hold_seconds_sum,hold_seconds_stddev,"
    "acw_seconds,acw_seconds_count,acw_seconds_sum,acw_seconds_stddev,survey_response_rate,"
    "survey_response_rate_numerator,survey_response_rate_denominator,"
    "survey_response_rate_ci95_low,survey_response_rate_ci95_high";

}  // namespace

namespace {

// The table's lines after the options line and the blank line.
std::string body(const std::string& table) {
    return table.substr(table.find("\n\n") + 2);
}

}  // namespace

TEST_CASE("table of the seven contacts: the default columns") {
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    // FCR 2 of 3 inquiries, CSAT 2 of 3 satisfied, AHT 410 / 3 = 136.67 s (2:17), ASA 20 s,
    // service level 1 of 4, abandonment 2 of 4. The options line is broken at a "; " so that
    // no line passes 120 columns.
    CHECK(cskpi::to_table(report) ==
          "definitions standard; fcr mode case; csat satisfied >= 4 of 5; service level within 20 "
          "s, abandons against;\n"
          "short abandon <= 5 s\n"
          "\n"
          "scope    contacts        fcr       csat   aht   asa         sl    abandon\n"
          "overall         7  66.7% (3)  66.7% (3)  2:17  0:20  25.0% (4)  50.0% (4)\n");
}

TEST_CASE("table grouped by agent and month: key columns and n/a for missing values") {
    auto records = fixtures::seven_contacts();
    records[6].agent_id = "";  // c7 loses its agent: a group with an empty key value
    const auto report = cskpi::make_report(
        records, ReportOptions{.group_by = {Dimension::agent_id}, .period = cskpi::Period::month});
    REQUIRE(report.groups.size() == 3);
    // c7 alone has no rate and no handle or wait time: every KPI but contacts is n/a, as its
    // empty agent is. a2's one handled contact (c6) was never queued: no ASA.
    CHECK(
        cskpi::to_table(report) ==
        "definitions standard; fcr mode case; csat satisfied >= 4 of 5; service level within 20 "
        "s, abandons against;\n"
        "short abandon <= 5 s; periods by month at UTC+00:00\n"
        "\n"
        "agent_id  period   contacts         fcr        csat   aht   asa         sl     abandon\n"
        "overall                   7   66.7% (3)   66.7% (3)  2:17  0:20  25.0% (4)   50.0% (4)\n"
        "n/a       2026-01         1         n/a         n/a   n/a   n/a        n/a         n/a\n"
        "a1        2026-01         2  100.0% (2)   50.0% (2)  2:55  0:20  50.0% (2)    0.0% (2)\n"
        "a2        2026-01         4    0.0% (1)  100.0% (1)  1:00   n/a   0.0% (2)  100.0% (2)\n");
}

TEST_CASE("table with all columns: every KPI in its cell kind") {
    auto records = fixtures::seven_contacts();
    records[6].agent_id = "";
    const auto report =
        cskpi::make_report(records, ReportOptions{.group_by = {Dimension::agent_id}});
    // Counts as integers, rates and NPS with their n, means of answers with two decimals,
    // durations as m:ss or h:mm:ss (resolution 5400 s is 1:30:00). No SLA target and no
    // business hours: "all" leaves their columns out.
    CHECK(body(cskpi::to_table(report, {.columns = {"all"}})) ==
          "agent_id  contacts  handled         fcr        csat  csat_mean         nps   ces"
          "   ces_agree   aht   asa         sl     abandon  frt_p50  frt_p90  res_p50  res_p90"
          "  queued  answered  abandoned  short_abandoned  abandoned_in_target  callback_requests"
          "  flowed_out  xfer_out  xfer_in  callbacks  outbound  held  max_wait  abandon_time"
          "  talk  hold   acw      survey\n"
          "overall          7        4   66.7% (3)   66.7% (3)       4.00     0.0 (3)  4.00"
          "   50.0% (2)  2:17  0:20  25.0% (4)   50.0% (4)     1:30     1:54  1:30:00  1:54:00"
          "       5         2          3                1                    2                  0"
          "           0         0        0          0         0     1      0:40          0:19"
          "  1:20  0:20  0:30  100.0% (4)\n"
          "n/a              1        1         n/a         n/a        n/a         n/a  2.00"
          "    0.0% (1)   n/a   n/a        n/a         n/a     1:00     1:00  2:00:00  2:00:00"
          "       0         0          0                0                    0                  0"
          "           0         0        0          0         0     0       n/a           n/a"
          "   n/a   n/a   n/a  100.0% (1)\n"
          "a1               2        2  100.0% (2)   50.0% (2)       4.00    50.0 (2)   n/a"
          "         n/a  2:55  0:20  50.0% (2)    0.0% (2)      n/a      n/a      n/a      n/a"
          "       2         2          0                0                    0                  0"
          "           0         0        0          0         0     1      0:30           n/a"
          "  1:40  0:20  0:30  100.0% (2)\n"
          "a2               4        1    0.0% (1)  100.0% (1)       4.00  -100.0 (1)  6.00"
          "  100.0% (1)  1:00   n/a   0.0% (2)  100.0% (2)     2:00     2:00  1:00:00  1:00:00"
          "       3         0          3                1                    2                  0"
          "           0         0        0          0         0     0      0:40          0:19"
          "  1:00   n/a   n/a  100.0% (1)\n");
}

TEST_CASE("table columns: the names and the default set") {
    const std::vector<std::string_view> names = cskpi::table_column_names();
    REQUIRE(names.size() == 40);
    CHECK(names.front() == "contacts");
    CHECK(names[11] == "abandon");
    CHECK(names.back() == "res_bh_p90");
    CHECK(cskpi::default_table_columns() ==
          std::vector<std::string_view>{"contacts", "fcr", "csat", "aht", "asa", "sl", "abandon"});
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    // Named ones come in the order given, even one the report lacks (no SLA target: n/a).
    CHECK(body(cskpi::to_table(report, {.columns = {"abandon", "contacts", "frt_sla"}})) ==
          "scope      abandon  contacts  frt_sla\n"
          "overall  50.0% (4)         7      n/a\n");
}

TEST_CASE("table refuses a column or sort name it does not know and lists the valid ones") {
    const std::string valid =
        "contacts, handled, fcr, csat, csat_mean, nps, ces, ces_agree, aht, asa, sl, abandon, "
        "frt_p50, frt_p90, res_p50, res_p90, queued, answered, abandoned, short_abandoned, "
        "abandoned_in_target, callback_requests, flowed_out, xfer_out, xfer_in, callbacks, "
        "outbound, held, max_wait, abandon_time, talk, hold, acw, survey, frt_sla, res_sla, "
        "frt_bh_p50, frt_bh_p90, res_bh_p50, res_bh_p90";
    CHECK_THROWS_WITH(cskpi::check_table_column("fcr%", true),
                      "\"fcr%\" is not a table column: use all, " + valid);
    CHECK_THROWS_WITH(cskpi::check_table_column("all", false),
                      "\"all\" is not a table column: use " + valid);
    CHECK_NOTHROW(cskpi::check_table_column("all", true));
    CHECK_NOTHROW(cskpi::check_table_column("res_bh_p90", false));
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    CHECK_THROWS_AS(cskpi::to_table(report, {.columns = {"fcr", "bogus"}}), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::to_table(report, {.sort_by = "all"}), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::to_table(report, {.sort_by = "FCR"}), cskpi::InvalidArgument);
}

namespace {

// Four groups whose AHT is 300, undefined, 60 and 300 s, in that report order.
cskpi::Report four_handle_times() {
    cskpi::Report report = cskpi::make_report(fixtures::seven_contacts(),
                                              ReportOptions{.group_by = {Dimension::agent_id}});
    const cskpi::ReportGroup model = report.groups.front();
    report.groups.clear();
    const std::vector<std::optional<double>> aht{300.0, std::nullopt, 60.0, 300.0};
    // Keys made in two steps: GCC 12 warns (-Wrestrict) about "g" + std::to_string(...) here.
    for (std::size_t i = 0; i < aht.size(); ++i) {
        cskpi::ReportGroup group = model;
        group.key.values = {std::string(1, 'g')};
        group.key.values.front() += std::to_string(i + 1);
        group.kpis.aht_seconds = {};
        if (aht[i]) {
            group.kpis.aht_seconds.add(*aht[i]);
        }
        report.groups.push_back(std::move(group));
    }
    return report;
}

}  // namespace

TEST_CASE("table sorted by a column: highest first or lowest first with undefined last") {
    const cskpi::Report report = four_handle_times();
    // Ties (g1 and g4) keep the report's order in either direction.
    CHECK(body(cskpi::to_table(report, {.columns = {"aht"}, .sort_by = "aht"})) ==
          "agent_id   aht\n"
          "overall   2:17\n"
          "g1        5:00\n"
          "g4        5:00\n"
          "g3        1:00\n"
          "g2         n/a\n");
    CHECK(body(cskpi::to_table(
              report,
              {.columns = {"aht"}, .sort_by = "aht", .order = cskpi::SortOrder::ascending})) ==
          "agent_id   aht\n"
          "overall   2:17\n"
          "g3        1:00\n"
          "g1        5:00\n"
          "g4        5:00\n"
          "g2         n/a\n");
}

TEST_CASE("table top N: the first N groups after sorting and a line for the rest") {
    const cskpi::Report report = four_handle_times();
    CHECK(body(cskpi::to_table(report, {.columns = {"aht"}, .sort_by = "aht", .top = 2})) ==
          "agent_id   aht\n"
          "overall   2:17\n"
          "g1        5:00\n"
          "g4        5:00\n"
          "2 of 4 groups not shown\n");
    // Without a sort the report's order; the widths are those of the rows shown.
    CHECK(body(cskpi::to_table(report, {.columns = {"aht"}, .top = 1})) ==
          "agent_id   aht\n"
          "overall   2:17\n"
          "g1        5:00\n"
          "3 of 4 groups not shown\n");
    CHECK(body(cskpi::to_table(report, {.columns = {"aht"}, .top = 0})) ==
          "agent_id   aht\n"
          "overall   2:17\n"
          "4 of 4 groups not shown\n");
    CHECK(cskpi::to_table(report, {.top = 4}) == cskpi::to_table(report));
    CHECK(cskpi::to_table(report, {.top = 1000}) == cskpi::to_table(report));
}

TEST_CASE("table cuts a long key to 24 columns with a ~ and counts UTF-8 characters once") {
    cskpi::Report report = four_handle_times();
    report.groups.resize(2);
    report.groups[0].key.values = {std::string(30, 'x')};
    std::string accents;
    for (int i = 0; i < 30; ++i) {
        accents += "\xC3\xA9";  // U+00E9, two bytes
    }
    report.groups[1].key.values = {accents};
    std::string cut_accents;
    for (int i = 0; i < 23; ++i) {
        cut_accents += "\xC3\xA9";
    }
    CHECK(body(cskpi::to_table(report, {.columns = {"contacts"}})) ==
          "agent_id                  contacts\n"
          "overall                          7\n"
          "xxxxxxxxxxxxxxxxxxxxxxx~         3\n" +
              cut_accents + "~         3\n");
    // 24 characters exactly stay whole.
    report.groups.resize(1);
    report.groups[0].key.values = {std::string(24, 'y')};
    CHECK(body(cskpi::to_table(report, {.columns = {"contacts"}})) ==
          "agent_id                  contacts\n"
          "overall                          7\n"
          "yyyyyyyyyyyyyyyyyyyyyyyy         3\n");
}

TEST_CASE("table with the default columns fits 120 columns at its documented limits") {
    // A 40-character key, denominators of 99,999, rates of 100 % and durations of 99 hours.
    cskpi::Report report = four_handle_times();
    report.groups.resize(1);
    report.groups[0].key.values = {std::string(40, 'k')};
    for (cskpi::KpiSet* k : {&report.overall, &report.groups[0].kpis}) {
        k->contacts = 99'999;
        for (cskpi::Rate* r :
             {&k->fcr, &k->csat.satisfied, &k->service_level, &k->abandonment_rate}) {
            *r = {.numerator = 99'999, .denominator = 99'999, .value = 100.0};
        }
        k->aht_seconds = {};
        k->aht_seconds.add(99.0 * 3600 + 59 * 60 + 59);
        k->asa_seconds = k->aht_seconds;
    }
    const std::string table = body(cskpi::to_table(report));
    std::size_t widest = 0;
    for (std::size_t start = 0; start < table.size();) {
        const std::size_t end = table.find('\n', start);
        widest = std::max(widest, end - start);
        start = end + 1;
    }
    // 24 + 8 (contacts) + 4 * 14 (rates) + 2 * 8 (durations) + 7 * 2 between the columns.
    CHECK(widest == 118);
}

TEST_CASE("table_duration: m:ss below an hour and h:mm:ss from an hour on") {
    CHECK(cskpi::table_duration(0.0) == "0:00");
    CHECK(cskpi::table_duration(7.0) == "0:07");
    CHECK(cskpi::table_duration(59.4) == "0:59");
    CHECK(cskpi::table_duration(59.5) == "1:00");
    CHECK(cskpi::table_duration(245.4) == "4:05");
    CHECK(cskpi::table_duration(3599.4) == "59:59");
    CHECK(cskpi::table_duration(3599.5) == "1:00:00");
    CHECK(cskpi::table_duration(3723.0) == "1:02:03");
    CHECK(cskpi::table_duration(900000.0) == "250:00:00");
    CHECK(cskpi::table_duration(-5.0) == "-0:05");
    CHECK(cskpi::table_duration(-0.4) == "0:00");
    CHECK(cskpi::table_duration(3.6e9 - 1.0) == "999999:59:59");
    CHECK(cskpi::table_duration(3.6e9) == "3.6e+09 s");
    CHECK(cskpi::table_duration(1e308) == "1e+308 s");
    CHECK(cskpi::table_duration(std::nullopt) == "n/a");
    CHECK(cskpi::table_duration(std::numeric_limits<double>::quiet_NaN()) == "n/a");
    CHECK(cskpi::table_duration(std::numeric_limits<double>::infinity()) == "n/a");
}

TEST_CASE("table_number: fixed decimals or n/a") {
    CHECK(cskpi::table_number(66.666, 2) == "66.67");
    CHECK(cskpi::table_number(1234.5678, 1) == "1234.6");
    CHECK(cskpi::table_number(3.0, 4) == "3.0000");
    CHECK(cskpi::table_number(std::nullopt, 2) == "n/a");
    CHECK(cskpi::table_number(std::numeric_limits<double>::infinity(), 2) == "n/a");
}

TEST_CASE("table options line names the FCR window and the offset") {
    const auto report = cskpi::make_report(
        fixtures::seven_contacts(), ReportOptions{.period = cskpi::Period::week,
                                                  .utc_offset = cskpi::parse_utc_offset("-05:30"),
                                                  .csat = {.points = 10, .threshold = 8},
                                                  .service_level_seconds = 30.5,
                                                  .abandon_mode = cskpi::AbandonMode::ignore,
                                                  .fcr_mode = cskpi::FcrMode::window,
                                                  .fcr_window = std::chrono::hours{36}});
    const std::string table = cskpi::to_table(report);
    CHECK(table.substr(0, table.find("\n\n")) ==
          "definitions standard; fcr mode window (129600 s); csat satisfied >= 8 of 10;\n"
          "service level within 30.5 s, abandons ignore; short abandon <= 5 s; periods by week at "
          "UTC-05:30");
    CHECK(body(table).substr(0, body(table).find('\n')) ==
          "period    contacts        fcr      csat   aht   asa          sl    abandon");
    CHECK(table.find("\n2026-W02 ") != std::string::npos);
}

TEST_CASE("table of an empty report shows every undefined value as n/a") {
    const auto report = cskpi::make_report({}, ReportOptions{.group_by = {Dimension::queue}});
    CHECK(body(cskpi::to_table(report)) ==
          "queue    contacts  fcr  csat  aht  asa   sl  abandon\n"
          "overall         0  n/a   n/a  n/a  n/a  n/a      n/a\n");
    CHECK(body(cskpi::to_table(report, {.sort_by = "fcr", .top = 0})) ==
          "queue    contacts  fcr  csat  aht  asa   sl  abandon\n"
          "overall         0  n/a   n/a  n/a  n/a  n/a      n/a\n");
}

TEST_CASE("CSV of the seven contacts: header and the overall row, full precision") {
    const auto report = cskpi::make_report(fixtures::seven_contacts());
    const std::string csv = cskpi::to_csv(report);
    const Table rows = parse_csv(csv);
    REQUIRE(rows.size() == 2);
    CHECK(csv.substr(0, csv.find('\n')) == std::string("scope,") + kpi_header);
    const auto records = csv_records(csv);
    const auto& rec = records[0];
    CHECK(rec.at("scope") == "overall");
    CHECK(rec.at("fcr") == "66.66666666666667");
    CHECK(rec.at("fcr_numerator") == "2");
    CHECK(rec.at("fcr_denominator") == "3");
    CHECK(rec.at("csat_mean") == "4");
    CHECK(rec.at("nps") == "0");
    CHECK(rec.at("aht_seconds") == "136.66666666666666");
    CHECK(rec.at("aht_seconds_sum") == "410");
    CHECK(rec.at("service_level") == "25");
    CHECK(rec.at("first_response_seconds_p90") == "114");
    CHECK(rec.at("resolution_seconds_p90") == "6840");
    // Queued c1-c5; answered c1 c2; abandoned c3 (3 s: short, within 20 s), c4 (40 s), c5
    // (15 s: within 20 s); nothing requested a callback, flowed out, was transferred, came as a
    // callback or went outbound; c1 alone handled with hold time.
    const std::map<std::string, std::string> counts{{"queued", "5"},
                                                    {"answered", "2"},
                                                    {"abandoned", "3"},
                                                    {"short_abandoned", "1"},
                                                    {"abandoned_within_target", "2"},
                                                    {"callback_requests", "0"},
                                                    {"flowed_out", "0"},
                                                    {"transferred_out", "0"},
                                                    {"transferred_in", "0"},
                                                    {"callbacks", "0"},
                                                    {"outbound_handled", "0"},
                                                    {"held", "1"}};
    for (const auto& [name, value] : counts) {
        INFO(name);
        CHECK(rec.at(name) == value);
    }
    CHECK(rec.at("max_wait_seconds") == "40");
    // Abandon waits 3, 40, 15: mean 58 / 3, sample sd sqrt(2138 / 6).
    CHECK(rec.at("abandon_time_seconds_count") == "3");
    CHECK(rec.at("abandon_time_seconds_sum") == "58");
    CHECK_THAT(std::stod(rec.at("abandon_time_seconds")), WithinAbs(58.0 / 3.0, 1e-12));
    CHECK_THAT(std::stod(rec.at("abandon_time_seconds_stddev")),
               WithinAbs(std::sqrt(2138.0 / 6.0), 1e-12));
    // Talk 100 (c1) and 60 (c6): mean 80, sd sqrt(800); hold 20 and wrap 30 of c1 alone.
    CHECK(rec.at("talk_seconds") == "80");
    CHECK(rec.at("talk_seconds_count") == "2");
    CHECK(rec.at("talk_seconds_sum") == "160");
    CHECK_THAT(std::stod(rec.at("talk_seconds_stddev")), WithinAbs(std::sqrt(800.0), 1e-12));
    CHECK(rec.at("hold_seconds") == "20");
    CHECK(rec.at("hold_seconds_count") == "1");
    CHECK(rec.at("hold_seconds_stddev").empty());
    CHECK(rec.at("acw_seconds") == "30");
    CHECK(rec.at("acw_seconds_count") == "1");
    // Every handled contact (c1 c2 c6 c7) answered CSAT, NPS or CES.
    CHECK(rec.at("survey_response_rate") == "100");
    CHECK(rec.at("survey_response_rate_numerator") == "4");
    CHECK(rec.at("survey_response_rate_denominator") == "4");
    CHECK(rec.at("survey_response_rate_ci95_high") == "100");
    // Every other number reads back as exactly the double of the report.
    check_kpis(rec, report.overall);
    CHECK(std::stod(rec.at("fcr_ci95_low")) == cskpi::make_rate(2, 3).ci95->lower);
}

TEST_CASE("CSV grouped by channel and agent: key columns and every group's numbers") {
    const auto report =
        cskpi::make_report(fixtures::seven_contacts(),
                           ReportOptions{.group_by = {Dimension::channel, Dimension::agent_id},
                                         .period = cskpi::Period::day});
    const std::string csv = cskpi::to_csv(report);
    CHECK(csv.substr(0, csv.find('\n')) ==
          std::string("scope,channel,agent_id,period,") + kpi_header);
    const auto records = csv_records(csv);
    REQUIRE(records.size() == 1 + report.groups.size());
    CHECK(records[0].at("scope") == "overall");
    CHECK(records[0].at("channel").empty());
    CHECK(records[0].at("agent_id").empty());
    CHECK(records[0].at("period").empty());
    check_kpis(records[0], report.overall);
    for (std::size_t g = 0; g < report.groups.size(); ++g) {
        const auto& rec = records[g + 1];
        const auto& group = report.groups[g];
        CHECK(rec.at("scope") == "group");
        CHECK(rec.at("channel") == group.key.values[0]);
        CHECK(rec.at("agent_id") == group.key.values[1]);
        CHECK(rec.at("period") == *group.key.period);
        check_kpis(rec, group.kpis);
    }
    // Groups: chat/a2, email/a1, email/a2, phone/a1, phone/a2. email / a1 on 2026-01-06 is c7
    // alone: handled, resolution 7200, a CES answer but no CSAT answer, no FCR inquiry.
    const auto& c7 = records[2];
    CHECK(c7.at("channel") == "email");
    CHECK(c7.at("agent_id") == "a1");
    CHECK(c7.at("period") == "2026-01-06");
    CHECK(c7.at("csat").empty());
    CHECK(c7.at("csat_denominator") == "0");
    CHECK(c7.at("fcr").empty());
    CHECK(c7.at("ces") == "2");
    CHECK(c7.at("ces_stddev").empty());
    CHECK(c7.at("resolution_seconds_mean") == "7200");
    // No wait: in no queue count, no longest wait; handled, answered a survey (CES).
    CHECK(c7.at("queued") == "0");
    CHECK(c7.at("max_wait_seconds").empty());
    CHECK(c7.at("talk_seconds").empty());
    CHECK(c7.at("talk_seconds_count") == "0");
    CHECK(c7.at("survey_response_rate") == "100");
    CHECK(c7.at("survey_response_rate_denominator") == "1");
    // phone / a1 is c1 and c2, both queued and answered; phone / a2 is c3 (3 s, a short
    // abandon) and c4 (40 s), no contact handled.
    const auto& phone_a1 = records[4];
    CHECK(phone_a1.at("channel") == "phone");
    CHECK(phone_a1.at("agent_id") == "a1");
    CHECK(phone_a1.at("queued") == "2");
    CHECK(phone_a1.at("answered") == "2");
    CHECK(phone_a1.at("abandoned") == "0");
    CHECK(phone_a1.at("held") == "1");
    CHECK(phone_a1.at("max_wait_seconds") == "30");
    CHECK(phone_a1.at("abandon_time_seconds").empty());
    CHECK(phone_a1.at("talk_seconds") == "100");
    CHECK(phone_a1.at("hold_seconds") == "20");
    CHECK(phone_a1.at("acw_seconds") == "30");
    CHECK(phone_a1.at("survey_response_rate_numerator") == "2");
    CHECK(phone_a1.at("survey_response_rate_denominator") == "2");
    const auto& phone_a2 = records[5];
    CHECK(phone_a2.at("agent_id") == "a2");
    CHECK(phone_a2.at("queued") == "2");
    CHECK(phone_a2.at("answered") == "0");
    CHECK(phone_a2.at("abandoned") == "2");
    CHECK(phone_a2.at("short_abandoned") == "1");
    CHECK(phone_a2.at("abandoned_within_target") == "1");
    CHECK(phone_a2.at("max_wait_seconds") == "40");
    CHECK(phone_a2.at("abandon_time_seconds") == "21.5");
    CHECK(phone_a2.at("abandon_time_seconds_sum") == "43");
    CHECK(phone_a2.at("talk_seconds").empty());
    CHECK(phone_a2.at("survey_response_rate").empty());
    CHECK(phone_a2.at("survey_response_rate_denominator") == "0");
}

TEST_CASE("CSV quotes keys holding commas, quotes and line breaks") {
    auto records = fixtures::seven_contacts();
    for (auto& r : records) {
        if (r.agent_id == "a1") {
            r.agent_id = R"(Smith, "Jo")";
        } else {
            r.agent_id = "two\nlines";
        }
    }
    records[0].queue = "plain";
    const auto report = cskpi::make_report(
        records, ReportOptions{.group_by = {Dimension::agent_id, Dimension::queue}});
    const std::string csv = cskpi::to_csv(report);
    CHECK(csv.find("\ngroup,\"Smith, \"\"Jo\"\"\",,2,") != std::string::npos);
    CHECK(csv.find("\ngroup,\"Smith, \"\"Jo\"\"\",plain,1,") != std::string::npos);
    CHECK(csv.find("\ngroup,\"two\nlines\",,4,") != std::string::npos);
    const auto parsed = csv_records(csv);
    REQUIRE(parsed.size() == 4);
    CHECK(parsed[1].at("agent_id") == R"(Smith, "Jo")");
    CHECK(parsed[1].at("queue").empty());
    CHECK(parsed[2].at("queue") == "plain");
    CHECK(parsed[3].at("agent_id") == "two\nlines");
    for (std::size_t g = 0; g < report.groups.size(); ++g) {
        check_kpis(parsed[g + 1], report.groups[g].kpis);
    }
}

TEST_CASE("CSV of an empty report: counts are 0, every undefined value is an empty field") {
    const auto report = cskpi::make_report({}, ReportOptions{.group_by = {Dimension::team}});
    const std::string csv = cskpi::to_csv(report);
    const auto records = csv_records(csv);
    REQUIRE(records.size() == 1);
    check_kpis(records[0], report.overall);
    CHECK(csv.substr(csv.find('\n') + 1) ==
          // scope, team, contacts, handled, then fcr: "", 0, 0, "", "" and so on; a Mean's sum of
          // no values is 0. Then 12 outcome counts of 0, no longest wait, four empty means and
          // the survey response rate of no handled contacts.
          "overall,,0,0,,0,0,,,,0,0,,,,,0,0,0,0,,,0,0,,,0,0,,,,0,0,,,0,0,,,0,0,,,,0,0,,,0,,,,0,"
          ",,,0,0,0,0,0,0,0,0,0,0,0,0,,,0,0,,,0,0,,,0,0,,,0,0,,,0,0,,\n");
}

TEST_CASE("renderings never print NaN or infinity, even for a hand-made report") {
    cskpi::Report report;
    report.overall.fcr.value = 50.0;
    report.overall.csat.satisfied.value = std::numeric_limits<double>::max();
    const std::string csv = cskpi::to_csv(report);
    const std::string table = cskpi::to_table(report);
    for (const char* bad : {"nan", "NaN", "inf"}) {
        CHECK(csv.find(bad) == std::string::npos);
        CHECK(table.find(bad) == std::string::npos);
    }
    CHECK(std::stod(csv_records(csv)[0].at("csat")) == std::numeric_limits<double>::max());
}

namespace {

// A report whose overall KPIs hold every kind of value no text format can carry: a sum that
// overflowed (five handle times of 1e308 s), a standard deviation that overflowed, NaN, and
// an interval running to infinity.
cskpi::Report unrepresentable_report() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    cskpi::Report report;
    report.overall.contacts = 5;
    report.overall.handled = 5;
    report.overall.fcr = {.numerator = 5,
                          .denominator = 5,
                          .value = 100.0,
                          .ci95 = cskpi::Interval{std::numeric_limits<double>::quiet_NaN(), inf}};
    report.overall.nps.value = -inf;
    for (int i = 0; i < 5; ++i) {
        report.overall.aht_seconds.add(1e308);
    }
    report.overall.asa_seconds.add(1e200);
    report.overall.asa_seconds.add(-1e200);
    return report;
}

}  // namespace

TEST_CASE("printable: a finite value as it is; undefined, NaN and infinity as undefined") {
    CHECK(cskpi::printable(2.5) == 2.5);
    CHECK(cskpi::printable(-0.0) == 0.0);
    CHECK(cskpi::printable(std::numeric_limits<double>::max()) ==
          std::numeric_limits<double>::max());
    CHECK(cskpi::printable(std::nullopt) == std::nullopt);
    CHECK(cskpi::printable(std::numeric_limits<double>::infinity()) == std::nullopt);
    CHECK(cskpi::printable(-std::numeric_limits<double>::infinity()) == std::nullopt);
    CHECK(cskpi::printable(std::numeric_limits<double>::quiet_NaN()) == std::nullopt);
}

TEST_CASE("CSV leaves a value it cannot represent empty, as an undefined one") {
    const std::string csv = cskpi::to_csv(unrepresentable_report());
    CHECK(csv.substr(csv.find('\n') + 1) ==
          // fcr 100 of 5/5 with both interval ends gone; nps empty; aht 1e+308 of 5 with its
          // sum gone (its stddev is 0); asa 0 of 2, sum 0, with its stddev gone; the outcome
          // KPIs as a default KpiSet holds them.
          "overall,5,5,100,5,5,,,,0,0,,,,,0,0,0,0,,,0,0,,,0,0,,,1e+308,5,,0,0,2,0,,,0,0,,,,0,0,,,"
          "0,,,,0,,,,0,0,0,0,0,0,0,0,0,0,0,0,,,0,0,,,0,0,,,0,0,,,0,0,,,0,0,,\n");
}

TEST_CASE("table shows a value it cannot represent as n/a as an undefined one") {
    cskpi::Report report = unrepresentable_report();
    report.overall.fcr.value = std::numeric_limits<double>::quiet_NaN();
    // fcr NaN and nps -infinity are n/a; the mean handle time of 1e308 s is finite but a
    // million hours and more, so in seconds; the wait mean of 1e200 and -1e200 is 0.
    CHECK(body(cskpi::to_table(report, {.columns = {"fcr", "nps", "aht", "asa"}})) ==
          "scope    fcr  nps       aht   asa\n"
          "overall  n/a  n/a  1e+308 s  0:00\n");
}

namespace {

// A report of `groups` groups by customer, each with the seven contacts' KPIs.
cskpi::Report many_groups(std::size_t groups) {
    cskpi::Report report = cskpi::make_report(fixtures::seven_contacts(),
                                              ReportOptions{.group_by = {Dimension::customer_id}});
    const cskpi::ReportGroup model = report.groups.front();
    report.groups.clear();
    for (std::size_t i = 0; i < groups; ++i) {
        cskpi::ReportGroup group = model;
        group.key.values = {"customer-" + std::to_string(i)};
        report.groups.push_back(std::move(group));
    }
    return report;
}

// What a sink received: the pieces, and their concatenation.
struct Pieces {
    std::vector<std::size_t> sizes;
    std::string text;
    cskpi::TextSink sink() {
        return [this](std::string_view piece) {
            sizes.push_back(piece.size());
            text.append(piece);
        };
    }
};

}  // namespace

TEST_CASE("write_csv and write_table stream to_csv and to_table in bounded pieces") {
    const cskpi::Report report = many_groups(5000);
    Pieces csv;
    cskpi::write_csv(csv.sink(), report);
    CHECK(csv.text == cskpi::to_csv(report));
    Pieces table;
    cskpi::write_table(table.sink(), report);
    CHECK(table.text == cskpi::to_table(report));
    for (const Pieces* p : {&csv, &table}) {
        // 5000 lines of about 150 bytes: several pieces, none much over 64 KiB (a piece is
        // handed over at the end of the line that fills the buffer).
        CHECK(p->sizes.size() == p->text.size() / (64 * 1024) + 1);
        for (const std::size_t size : p->sizes) {
            CHECK(size > 0);
            CHECK(size < 64 * 1024 + 1024);
        }
    }
}

TEST_CASE("write_csv: an exception from the sink stops the writing and propagates") {
    const cskpi::Report report = many_groups(5000);
    std::size_t calls = 0;
    const cskpi::TextSink failing = [&calls](std::string_view) {
        ++calls;
        throw std::runtime_error("disk full");
    };
    CHECK_THROWS_WITH(cskpi::write_csv(failing, report), "disk full");
    CHECK_THROWS_WITH(cskpi::write_table(failing, report), "disk full");
    CHECK(calls == 2);
}

TEST_CASE("append_csv_field: as it is, or quoted with quotes doubled (RFC 4180)") {
    std::string out;
    cskpi::append_csv_field(out, "a1");
    CHECK(out == "a1");
    out.clear();
    cskpi::append_csv_field(out, "Smith, \"Jo\"");
    CHECK(out == "\"Smith, \"\"Jo\"\"\"");
    out.clear();
    cskpi::append_csv_field(out, "two\nlines");
    CHECK(out == "\"two\nlines\"");
    out.clear();
    cskpi::append_csv_field(out, "");
    CHECK(out.empty());
}
