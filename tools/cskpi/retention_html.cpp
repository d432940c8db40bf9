#include "retention_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "html_page.hpp"
#include "svg_charts.hpp"

namespace cskpi::cli {
namespace {

std::vector<html::Tile> retention_tiles(const RetentionReport& report) {
    std::vector<html::Tile> tiles{
        {"Customers", grouped_count(report.customers),
         fmt::format("{} records", grouped_count(report.records))},
        {"Periods", grouped_count(report.periods.size()), std::string(to_string(report.period))}};
    if (!report.periods.empty()) {
        const RetentionPeriod& last = report.periods.back();
        const Rate& r = last.retention_rate;
        tiles.push_back({fmt::format("Retention, {}", last.period),
                         r.value ? fmt::format("{:.1f}%", *r.value) : "n/a",
                         r.ci95 ? fmt::format("{} of {}; 95% CI {:.1f}% to {:.1f}%", r.numerator,
                                              r.denominator, r.ci95->lower, r.ci95->upper)
                                : fmt::format("{} of {}", r.numerator, r.denominator)});
    }
    return tiles;
}

html::LineChart retention_chart(const RetentionReport& report) {
    html::LineChart chart{"retention-rate",
                          "Retention rate by period, with its 95% interval",
                          "%",
                          {},
                          {{"retention", {}}}};
    for (const RetentionPeriod& p : report.periods) {
        chart.x_labels.push_back(p.period);
        const Rate& r = p.retention_rate;
        chart.series[0].points.push_back(
            r.value ? std::optional<html::BandPoint>(html::BandPoint{*r.value, r.ci95})
                    : std::nullopt);
    }
    return chart;
}

// The latest html_cohort_limit cohorts, each over its first html_cohort_limit periods.
html::HeatMap cohort_map(const RetentionReport& report) {
    html::HeatMap map{"cohorts", "Cohorts: share still active k periods after the first",
                      "cohort",  "periods after the first",
                      {},        {},
                      {},        {},
                      0.0,       100.0};
    const std::size_t first =
        report.cohorts.size() > html_cohort_limit ? report.cohorts.size() - html_cohort_limit : 0;
    std::size_t columns = 0;
    for (std::size_t c = first; c < report.cohorts.size(); ++c) {
        const RetentionCohort& cohort = report.cohorts[c];
        map.row_labels.push_back(fmt::format("{} ({})", cohort.cohort, cohort.size));
        std::vector<std::optional<double>> values;
        std::vector<std::string> texts;
        for (std::size_t k = 0; k < cohort.retention.size() && k < html_cohort_limit; ++k) {
            values.push_back(cohort.retention[k]);
            texts.push_back(cohort.retention[k] ? fmt::format("{:.0f}%", *cohort.retention[k])
                                                : std::string());
        }
        columns = std::max(columns, values.size());
        map.values.push_back(std::move(values));
        map.texts.push_back(std::move(texts));
    }
    for (std::size_t k = 0; k < columns; ++k) {
        map.column_labels.push_back(fmt::format("{}", k));
    }
    return map;
}

}  // namespace

std::string retention_to_html(const RetentionReport& report, const InputSummary& summary) {
    html::Page page("cskpi retention");
    page.paragraph(fmt::format("{} records read, {} accepted, {} rejected; {} without a customer.",
                               summary.read, summary.accepted, summary.rejected,
                               report.skipped_without_customer),
                   "note");
    page.tiles(retention_tiles(report));
    page.raw(html::line_chart(retention_chart(report)));
    if (!report.cohorts.empty()) {
        if (report.cohorts.size() > html_cohort_limit) {
            page.paragraph(fmt::format("The latest {} of {} cohorts are drawn, each over its "
                                       "first {} periods.",
                                       html_cohort_limit, report.cohorts.size(), html_cohort_limit),
                           "note");
        }
        page.raw(html::heat_map(cohort_map(report)));
    }
    html::Table table{
        "periods",
        {"period", "start", "retained", "new", "end", "first time", "retention", "churn"},
        {},
        true};
    for (const RetentionPeriod& p : report.periods) {
        const auto percent = [](const Rate& r) {
            return r.value ? html::Cell{fmt::format("{:.1f}%", *r.value), *r.value}
                           : html::Cell{"n/a", std::nullopt};
        };
        const auto count = [](std::uint64_t n) {
            return html::Cell{fmt::format("{}", n), static_cast<double>(n)};
        };
        table.rows.push_back({{p.period},
                              count(p.start),
                              count(p.retained),
                              count(p.new_customers),
                              count(p.end),
                              count(p.first_time),
                              percent(p.retention_rate),
                              percent(p.churn_rate)});
    }
    page.heading("Periods");
    page.table(table);
    return page.finish();
}

}  // namespace cskpi::cli
