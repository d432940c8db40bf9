#include "staffing_html.hpp"

#include <fmt/format.h>

#include "html_page.hpp"
#include "svg_charts.hpp"

namespace cskpi::cli {
namespace {

std::vector<html::Tile> staffing_tiles(const StaffingResult& r) {
    return {
        {"Agents", fmt::format("{}", r.agents), "on the phones"},
        {"Agents to schedule", fmt::format("{}", r.agents_with_shrinkage), "after shrinkage"},
        {"Service level", fmt::format("{:.1f}%", r.service_level), "answered within the target"},
        {"ASA", r.asa_seconds ? fmt::format("{:.1f} s", *r.asa_seconds) : "n/a",
         "average speed of answer"},
        {"Occupancy", fmt::format("{:.1f}%", r.occupancy), "of agent time busy"},
        {"Traffic", fmt::format("{:.2f} Erlangs", r.traffic_erlangs), "offered"},
        {"P(wait)", fmt::format("{:.1f}%", 100.0 * r.probability_wait), "Erlang C"},
    };
}

std::string interval_label(const IntervalStaffing& row) {
    return row.interval.group.empty()
               ? row.interval.period
               : fmt::format("{} {}", row.interval.period, row.interval.group);
}

html::Table interval_table(const std::vector<IntervalStaffing>& rows) {
    html::Table table{"intervals",
                      {"period", "group", "contacts", "AHT s", "agents", "to schedule",
                       "service level", "ASA s", "occupancy"},
                      {},
                      true};
    const auto number = [](double v, const char* format) {
        return html::Cell{fmt::format(fmt::runtime(format), v), v};
    };
    for (const IntervalStaffing& row : rows) {
        const StaffingResult& r = row.result;
        table.rows.push_back(
            {{row.interval.period},
             {row.interval.group},
             number(static_cast<double>(row.interval.contacts), "{:.0f}"),
             number(row.aht, "{:.1f}"),
             number(static_cast<double>(r.agents), "{:.0f}"),
             number(static_cast<double>(r.agents_with_shrinkage), "{:.0f}"),
             number(r.service_level, "{:.1f}%"),
             r.asa_seconds ? number(*r.asa_seconds, "{:.1f}") : html::Cell{"n/a", std::nullopt},
             number(r.occupancy, "{:.1f}%")});
    }
    return table;
}

}  // namespace

std::string staffing_to_html(const StaffingResult& result, std::string_view request) {
    html::Page page("cskpi staffing");
    page.paragraph(request, "note");
    page.tiles(staffing_tiles(result));
    return page.finish();
}

std::string intervals_to_html(const std::vector<IntervalStaffing>& rows, double interval_seconds) {
    html::Page page("cskpi staffing by interval");
    page.paragraph(fmt::format("{} intervals of {:.0f} minutes (Erlang C per interval).",
                               rows.size(), interval_seconds / 60.0),
                   "note");
    html::BarChart agents{"agents", "Agents needed per interval", "agents", {}, {}};
    html::BarChart contacts{"contacts", "Contacts per interval", "contacts", {}, {}};
    for (const IntervalStaffing& row : rows) {
        agents.x_labels.push_back(interval_label(row));
        agents.values.push_back(static_cast<double>(row.result.agents));
        contacts.values.push_back(static_cast<double>(row.interval.contacts));
    }
    contacts.x_labels = agents.x_labels;
    page.raw(html::bar_chart(agents));
    page.raw(html::bar_chart(contacts));
    page.heading("Intervals");
    page.table(interval_table(rows));
    return page.finish();
}

}  // namespace cskpi::cli
