#include "clv_html.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "html_page.hpp"
#include "svg_charts.hpp"

namespace cskpi::cli {
namespace {

std::vector<html::Tile> clv_tiles(const ClvPage& p) {
    const double customers = static_cast<double>(std::max<std::uint64_t>(1, p.customers));
    return {
        {"Customers", fmt::format("{}", p.customers), fmt::format("model {}", p.model)},
        {"Expected CLV, total", fmt::format("{:.2f}", p.clv_sum),
         fmt::format("over {} customers with a value", p.customers_with_clv)},
        {"Mean P(alive)",
         p.customers > 0 ? fmt::format("{:.3f}", p.p_alive_sum / customers) : "n/a",
         "probability a customer is still active"},
        {"More likely alive than not", fmt::format("{}", p.likely_alive),
         p.customers > 0 ? fmt::format("{:.1f}% of customers with P(alive) > 0.5",
                                       100.0 * static_cast<double>(p.likely_alive) / customers)
                         : std::string("P(alive) > 0.5")},
    };
}

html::BarChart p_alive_chart(const ClvPage& p) {
    html::BarChart chart{"p-alive", "Customers by P(alive)", "customers", {}, {}};
    const double width = 1.0 / static_cast<double>(p.p_alive_histogram.size());
    for (std::size_t i = 0; i < p.p_alive_histogram.size(); ++i) {
        chart.x_labels.push_back(fmt::format("{:.2f}", width * static_cast<double>(i)));
        chart.values.push_back(static_cast<double>(p.p_alive_histogram[i]));
    }
    return chart;
}

html::HeatMap matrix_map(const ClvPage& p) {
    const FrequencyRecencyMatrix& m = p.matrix;
    html::HeatMap map{"frequency-recency",
                      fmt::format("Expected purchases over the horizon, by frequency and recency "
                                  "(T = {:.0f} {}s)",
                                  m.T, p.unit),
                      "frequency",
                      fmt::format("recency ({}s)", p.unit),
                      {},
                      {},
                      m.expected,
                      {},
                      0.0,
                      1.0};
    for (const double f : m.frequencies) {
        map.row_labels.push_back(fmt::format("{:.0f}", f));
    }
    for (const double r : m.recencies) {
        map.column_labels.push_back(fmt::format("{:.0f}", r));
    }
    for (const auto& row : m.expected) {
        std::vector<std::string> texts;
        for (const auto& v : row) {
            map.high = std::max(map.high, v.value_or(0.0));
            texts.push_back(v ? fmt::format("{:.1f}", *v) : std::string());
        }
        map.texts.push_back(std::move(texts));
    }
    return map;
}

html::Table top_table(const ClvPage& p) {
    html::Table table{"customers",
                      {"customer", "frequency", "recency", "T", "mean spend", "P(alive)",
                       "expected purchases", "CLV"},
                      {},
                      true};
    const auto number = [](std::optional<double> v, int decimals) {
        return v ? html::Cell{fmt::format("{:.{}f}", *v, decimals), *v}
                 : html::Cell{"n/a", std::nullopt};
    };
    for (const ClvPageCustomer& c : p.top) {
        table.rows.push_back({{c.customer_id},
                              number(c.frequency, 0),
                              number(c.recency, 1),
                              number(c.T, 1),
                              number(c.monetary_value, 2),
                              number(c.p_alive, 3),
                              number(c.expected_purchases, 2),
                              number(c.clv, 2)});
    }
    return table;
}

void holdout_section(html::Page& page, const clv::HoldoutComparison& h, const std::string& unit) {
    page.heading("Model against the holdout");
    page.paragraph(
        fmt::format("{} customers over a holdout of {:.1f} {}s: {:.1f} repeat purchases "
                    "expected, {:.0f} made (aggregate error {:+.1f}{}); mean absolute error "
                    "{} per customer.",
                    h.customers, h.duration, unit, h.expected_sum, h.actual_sum, h.aggregate_error,
                    h.relative_aggregate_error
                        ? fmt::format(", {:+.1f}%", 100.0 * *h.relative_aggregate_error)
                        : std::string(),
                    h.mean_absolute_error ? fmt::format("{:.3f}", *h.mean_absolute_error)
                                          : std::string("n/a")),
        "note");
    html::LineChart chart{"holdout",
                          "Mean repeat purchases in the holdout, by calibration frequency",
                          "purchases",
                          {},
                          {{"model", {}}, {"actual", {}}}};
    for (const clv::HoldoutGroup& g : h.groups) {
        chart.x_labels.push_back(
            fmt::format("{}{}", g.calibration_frequency, g.and_more ? "+" : ""));
        chart.series[0].points.push_back(html::BandPoint{g.expected_mean, std::nullopt});
        chart.series[1].points.push_back(html::BandPoint{g.actual_mean, std::nullopt});
    }
    page.raw(html::line_chart(chart));
}

}  // namespace

std::string clv_to_html(const ClvPage& p) {
    html::Page page("cskpi clv");
    page.tiles(clv_tiles(p));
    page.raw(html::bar_chart(p_alive_chart(p)));
    if (!p.matrix.expected.empty()) {
        page.raw(html::heat_map(matrix_map(p)));
    }
    if (p.holdout) {
        holdout_section(page, *p.holdout, p.unit);
    }
    page.heading(fmt::format("Top {} customers by CLV", p.top.size()));
    page.table(top_table(p));
    page.raw("<footer>\n");
    page.heading("Model and options");
    std::vector<std::pair<std::string, std::string>> items{{"model", p.model}};
    for (const auto& [name, value] : p.params) {
        items.emplace_back(name, fmt::format("{:.6g}", value));
    }
    if (p.log_likelihood) {
        items.emplace_back("log-likelihood", fmt::format("{:.4f}", *p.log_likelihood));
    }
    items.insert(items.end(), p.options.begin(), p.options.end());
    page.definitions(items);
    page.raw("</footer>\n");
    return page.finish();
}

}  // namespace cskpi::cli
