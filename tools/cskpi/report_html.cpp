#include "report_html.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <vector>

#include "cskpi/funnel.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/mean.hpp"
#include "cskpi/text_output.hpp"
#include "cskpi/version.hpp"
#include "html_page.hpp"
#include "svg_charts.hpp"

namespace cskpi::cli {
namespace {

using html::BandPoint;
using html::Cell;

enum class Unit { count, percent, points, score, seconds };

// One KPI as the page shows it. `rate` is set for the rates (tiles show their interval, funnel
// plots are drawn for them); `point` gives any KPI's value and interval.
struct KpiView {
    const char* id;
    const char* label;
    Unit unit;
    std::function<std::optional<BandPoint>(const KpiSet&)> point;
    std::function<std::uint64_t(const KpiSet&)> n;
    std::function<const Rate*(const KpiSet&)> rate = nullptr;
};

std::optional<BandPoint> rate_point(const Rate& r) {
    return r.value ? std::optional<BandPoint>(BandPoint{*r.value, r.ci95}) : std::nullopt;
}

std::optional<BandPoint> mean_point(const Mean& m) {
    const auto v = m.value();
    return v ? std::optional<BandPoint>(BandPoint{*v, mean_ci95(m)}) : std::nullopt;
}

std::optional<BandPoint> plain_point(std::optional<double> v) {
    return v ? std::optional<BandPoint>(BandPoint{*v, std::nullopt}) : std::nullopt;
}

KpiView rate_view(const char* id, const char* label, Rate KpiSet::*member) {
    return {id,
            label,
            Unit::percent,
            [member](const KpiSet& k) { return rate_point(k.*member); },
            [member](const KpiSet& k) { return (k.*member).denominator; },
            [member](const KpiSet& k) { return &(k.*member); }};
}

KpiView mean_view(const char* id, const char* label, Unit unit, Mean KpiSet::*member) {
    return {id, label, unit, [member](const KpiSet& k) { return mean_point(k.*member); },
            [member](const KpiSet& k) { return (k.*member).count(); }};
}

KpiView sla_view(const char* id, const char* label, std::optional<Rate> KpiSet::*member) {
    return {
        id,
        label,
        Unit::percent,
        [member](const KpiSet& k) { return k.*member ? rate_point(*(k.*member)) : std::nullopt; },
        [member](const KpiSet& k) { return k.*member ? (k.*member)->denominator : 0; },
        [member](const KpiSet& k) { return k.*member ? &*(k.*member) : nullptr; }};
}

// The KPIs of the page, in the order of its tiles and table columns: one definition for all.
std::vector<KpiView> kpi_views(const ReportOptions& options) {
    std::vector<KpiView> views{
        rate_view("fcr", "FCR", &KpiSet::fcr),
        {"csat", "CSAT", Unit::percent,
         [](const KpiSet& k) { return rate_point(k.csat.satisfied); },
         [](const KpiSet& k) { return k.csat.satisfied.denominator; },
         [](const KpiSet& k) { return &k.csat.satisfied; }},
        {"nps", "NPS", Unit::points,
         [](const KpiSet& k) -> std::optional<BandPoint> {
             if (!k.nps.value) {
                 return std::nullopt;
             }
             const double m = k.nps.margin95.value_or(0.0);
             return BandPoint{*k.nps.value, Interval{*k.nps.value - m, *k.nps.value + m}};
         },
         [](const KpiSet& k) { return k.nps.responses; }},
        {"ces", "CES", Unit::score, [](const KpiSet& k) { return mean_point(k.ces.answers); },
         [](const KpiSet& k) { return k.ces.answers.count(); }},
        mean_view("aht", "AHT", Unit::seconds, &KpiSet::aht_seconds),
        mean_view("asa", "ASA", Unit::seconds, &KpiSet::asa_seconds),
        rate_view("service_level", "Service level", &KpiSet::service_level),
        rate_view("abandonment", "Abandonment", &KpiSet::abandonment_rate),
        {"first_response_p50", "First response, median", Unit::seconds,
         [](const KpiSet& k) { return plain_point(k.first_response_seconds.p50); },
         [](const KpiSet& k) { return k.first_response_seconds.count; }},
        {"resolution_p50", "Resolution, median", Unit::seconds,
         [](const KpiSet& k) { return plain_point(k.resolution_seconds.p50); },
         [](const KpiSet& k) { return k.resolution_seconds.count; }},
    };
    if (options.first_response_target_seconds) {
        views.push_back(
            sla_view("first_response_sla", "First response SLA", &KpiSet::first_response_sla));
    }
    if (options.resolution_target_seconds) {
        views.push_back(sla_view("resolution_sla", "Resolution SLA", &KpiSet::resolution_sla));
    }
    return views;
}

std::string value_text(Unit unit, double v) {
    switch (unit) {
        case Unit::count:
            return fmt::format("{:.0f}", v);
        case Unit::percent:
            return fmt::format("{:.1f}%", v);
        case Unit::points:
            return fmt::format("{:+.1f}", v);
        case Unit::score:
            return fmt::format("{:.2f}", v);
        case Unit::seconds:
            return table_duration(v);
    }
    return {};
}

std::string interval_text(Unit unit, const std::optional<Interval>& ci) {
    if (!ci) {
        return "no interval";
    }
    return fmt::format("95% CI {} to {}", value_text(unit, ci->lower), value_text(unit, ci->upper));
}

std::vector<html::Tile> overall_tiles(const KpiSet& overall, const std::vector<KpiView>& views) {
    std::vector<html::Tile> tiles{{"Contacts", fmt::format("{}", overall.contacts),
                                   fmt::format("{} handled", overall.handled)}};
    for (const KpiView& view : views) {
        const auto point = view.point(overall);
        tiles.push_back({view.label, point ? value_text(view.unit, point->value) : "n/a",
                         fmt::format("n = {}; {}", view.n(overall),
                                     point ? interval_text(view.unit, point->ci95)
                                           : std::string("undefined"))});
    }
    return tiles;
}

std::string group_label(const GroupKey& key) {
    std::string label;
    for (const std::string& value : key.values) {
        label += label.empty() ? "" : " / ";
        label += value.empty() ? "(none)" : value;
    }
    return label;
}

// The groups the table and the funnel plots draw, largest first: all of them, or past
// html_group_limit the half with the most contacts and the half with the fewest.
std::vector<const ReportGroup*> drawn_groups(const Report& report) {
    std::vector<const ReportGroup*> groups;
    groups.reserve(report.groups.size());
    for (const ReportGroup& g : report.groups) {
        groups.push_back(&g);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto* a, const auto* b) {
        return a->kpis.contacts > b->kpis.contacts;
    });
    if (groups.size() > html_group_limit) {
        const std::size_t half = html_group_limit / 2;
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(half),
                     groups.end() - static_cast<std::ptrdiff_t>(half));
    }
    return groups;
}

void left_out_note(html::Page& page, const Report& report, std::size_t drawn) {
    if (drawn < report.groups.size()) {
        page.paragraph(
            fmt::format("{} of {} groups left out: shown are the {} with the most "
                        "contacts and the {} with the fewest (the CSV and JSON "
                        "outputs have them all).",
                        report.groups.size() - drawn, report.groups.size(), drawn / 2, drawn / 2),
            "note");
    }
}

void ranked_table(html::Page& page, const Report& report,
                  const std::vector<const ReportGroup*>& groups,
                  const std::vector<KpiView>& views) {
    html::Table table{"groups", {}, {}, true};
    for (const Dimension d : report.options.group_by) {
        table.header.emplace_back(to_string(d));
    }
    if (report.options.period) {
        table.header.emplace_back("period");
    }
    table.header.emplace_back("Contacts");
    for (const KpiView& view : views) {
        table.header.emplace_back(view.label);
    }
    for (const ReportGroup* g : groups) {
        std::vector<Cell> row;
        for (const std::string& value : g->key.values) {
            row.push_back({value.empty() ? "(none)" : value});
        }
        if (g->key.period) {
            row.push_back({*g->key.period});
        }
        row.push_back({fmt::format("{}", g->kpis.contacts), static_cast<double>(g->kpis.contacts)});
        for (const KpiView& view : views) {
            const auto point = view.point(g->kpis);
            row.push_back(point ? Cell{value_text(view.unit, point->value), point->value}
                                : Cell{"n/a", std::nullopt});
        }
        table.rows.push_back(std::move(row));
    }
    page.heading("Groups, by contacts");
    left_out_note(page, report, groups.size());
    page.table(table);
}

// The groups outside the limits, named under the plot.
void funnel_outliers(html::Page& page, const html::FunnelPlot& plot) {
    std::vector<std::string> far;
    std::vector<std::string> near;
    for (const html::FunnelDot& dot : plot.dots) {
        const FunnelPosition p = funnel_position(dot.rate, plot.target_percent);
        const std::string text = fmt::format("{} ({:.1f}% of {})", dot.label,
                                             dot.rate.value.value_or(0.0), dot.rate.denominator);
        if (p == FunnelPosition::above_99_8 || p == FunnelPosition::below_99_8) {
            far.push_back(text);
        } else if (p != FunnelPosition::inside) {
            near.push_back(text);
        }
    }
    const auto list = [](const std::vector<std::string>& names) {
        return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, "; "));
    };
    page.paragraph(fmt::format("Outside the 99.8% limits: {}. Outside the 95% limits only: {}.",
                               list(far), list(near)),
                   "note");
}

void funnel_plots(html::Page& page, const Report& report,
                  const std::vector<const ReportGroup*>& groups,
                  const std::vector<KpiView>& views) {
    page.heading("Funnel plots: each group against the overall rate");
    page.paragraph(
        "A group outside the dashed limits differs from the overall rate by more "
        "than chance explains at its volume: 95% (orange) and 99.8% (red) exact "
        "binomial limits (Spiegelhalter 2005).",
        "note");
    for (const KpiView& view : views) {
        const Rate* overall = view.rate ? view.rate(report.overall) : nullptr;
        if (overall == nullptr) {
            continue;
        }
        if (!overall->value) {
            page.paragraph(fmt::format("{}: no funnel plot, as no contact has a {} outcome.",
                                       view.label, view.label),
                           "note");
            continue;
        }
        html::FunnelPlot plot{
            fmt::format("funnel-{}", view.id),
            fmt::format("{} by group (overall {:.1f}%)", view.label, *overall->value),
            *overall->value,
            {}};
        for (const ReportGroup* g : groups) {
            const Rate* rate = view.rate(g->kpis);
            std::string label = group_label(g->key);
            if (g->key.period) {
                label += fmt::format(" ({})", *g->key.period);
            }
            plot.dots.push_back({std::move(label), rate != nullptr ? *rate : Rate{}});
        }
        page.raw(html::funnel_plot(plot));
        funnel_outliers(page, plot);
    }
}

// The series of the trend charts: one per group key (the overall one when the report has no
// other dimension), the html_trend_series largest by contacts, each with its groups by period.
struct Trend {
    std::vector<std::string> periods;
    std::vector<std::string> names;
    std::vector<std::map<std::string, const KpiSet*>> by_period;
    std::size_t left_out = 0;
};

Trend trend_of(const Report& report) {
    std::map<std::vector<std::string>,
             std::pair<std::uint64_t, std::map<std::string, const KpiSet*>>>
        series;
    std::set<std::string> periods;
    for (const ReportGroup& g : report.groups) {
        auto& [contacts, cells] = series[g.key.values];
        contacts += g.kpis.contacts;
        cells.emplace(g.key.period.value_or(""), &g.kpis);
        periods.insert(g.key.period.value_or(""));
    }
    std::vector<const decltype(series)::value_type*> ranked;
    for (const auto& entry : series) {
        ranked.push_back(&entry);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
        return a->second.first > b->second.first;
    });
    Trend trend{{periods.begin(), periods.end()}, {}, {}, 0};
    trend.left_out = ranked.size() > html_trend_series ? ranked.size() - html_trend_series : 0;
    ranked.resize(std::min(ranked.size(), html_trend_series));
    for (const auto* entry : ranked) {
        const std::string name = group_label(GroupKey{entry->first, std::nullopt});
        trend.names.push_back(name.empty() ? "all contacts" : name);
        trend.by_period.push_back(entry->second.second);
    }
    return trend;
}

void trend_charts(html::Page& page, const Report& report, const std::vector<KpiView>& views) {
    const Trend trend = trend_of(report);
    page.heading(fmt::format("By {}", to_string(*report.options.period)));
    if (trend.left_out > 0) {
        page.paragraph(fmt::format("The {} groups with the most contacts are drawn; {} more are "
                                   "left out.",
                                   trend.names.size(), trend.left_out),
                       "note");
    }
    for (const KpiView& view : views) {
        html::LineChart chart{fmt::format("trend-{}", view.id),
                              fmt::format("{} by {}, with its 95% interval", view.label,
                                          to_string(*report.options.period)),
                              view.unit == Unit::seconds   ? "seconds"
                              : view.unit == Unit::percent ? "%"
                                                           : view.label,
                              trend.periods,
                              {}};
        for (std::size_t s = 0; s < trend.names.size(); ++s) {
            html::LineSeries series{trend.names[s], {}};
            for (const std::string& period : trend.periods) {
                const auto cell = trend.by_period[s].find(period);
                series.points.push_back(
                    cell == trend.by_period[s].end() ? std::nullopt : view.point(*cell->second));
            }
            chart.series.push_back(std::move(series));
        }
        page.raw(html::line_chart(chart));
    }
}

std::string option_text(const nlohmann::ordered_json& value) {
    if (value.is_null()) {
        return "none";
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_array()) {
        std::vector<std::string> items;
        for (const auto& item : value) {
            items.push_back(option_text(item));
        }
        return items.empty() ? std::string("none") : fmt::format("{}", fmt::join(items, ", "));
    }
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The options as the JSON report names them, so both outputs describe a run the same way.
void footer(html::Page& page, const Report& report, const InputSummary& summary) {
    page.raw("<footer>\n");
    page.heading("Definitions and options");
    std::vector<std::pair<std::string, std::string>> items;
    const nlohmann::ordered_json options =
        report_to_json(Report{report.options, {}, {}}, {})["options"];
    for (const auto& [key, value] : options.items()) {
        items.emplace_back(key, option_text(value));
    }
    items.emplace_back("records",
                       fmt::format("{} read, {} accepted, {} rejected, {} duplicates", summary.read,
                                   summary.accepted, summary.rejected, summary.duplicates));
    items.emplace_back("cskpi", version_string);
    page.definitions(items);
    page.raw("</footer>\n");
}

}  // namespace

std::string report_to_html(const Report& report, const InputSummary& summary) {
    const std::vector<KpiView> views = kpi_views(report.options);
    html::Page page("cskpi report");
    page.paragraph(
        fmt::format("{} contacts; definitions {}, FCR mode {}.", report.overall.contacts,
                    to_string(report.options.definitions), to_string(report.options.fcr_mode)),
        "note");
    page.heading("Overall");
    page.tiles(overall_tiles(report.overall, views));
    if (report.options.period) {
        trend_charts(page, report, views);
    }
    if (!report.options.group_by.empty()) {
        const std::vector<const ReportGroup*> groups = drawn_groups(report);
        ranked_table(page, report, groups, views);
        funnel_plots(page, report, groups, views);
    }
    footer(page, report, summary);
    return page.finish();
}

}  // namespace cskpi::cli
