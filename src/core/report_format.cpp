#include "cskpi/report_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/detail/sink_buffer.hpp"
#include "cskpi/error.hpp"
#include "cskpi/text_output.hpp"

namespace cskpi {
namespace {

using Row = std::vector<std::string>;

// ---- shared ------------------------------------------------------------------------------

// The names of the key columns: the group_by dimensions, then "period" when there is one.
std::vector<std::string> key_columns(const ReportOptions& options) {
    std::vector<std::string> names;
    for (Dimension d : options.group_by) {
        names.emplace_back(to_string(d));
    }
    if (options.period) {
        names.emplace_back("period");
    }
    return names;
}

// The key cells of a group, one per key column; empty dimension values stay empty.
std::vector<std::string> key_cells(const GroupKey& key, std::size_t columns) {
    std::vector<std::string> cells = key.values;
    if (key.period) {
        cells.push_back(*key.period);
    }
    cells.resize(columns);
    return cells;
}

std::optional<double> lower(const Rate& rate) {
    return rate.ci95 ? std::optional<double>(rate.ci95->lower) : std::nullopt;
}

std::optional<double> upper(const Rate& rate) {
    return rate.ci95 ? std::optional<double>(rate.ci95->upper) : std::nullopt;
}

std::string count(std::uint64_t n) {
    return fmt::format("{}", n);
}

// ---- table -------------------------------------------------------------------------------

// What a table cell shows, by kind; `value` is also what --sort orders by.
enum class Kind { count, rate, points, mean, duration };

struct Value {
    Kind kind;
    std::optional<double> value;
    std::uint64_t n = 0;  // the count itself, or the denominator behind a rate or NPS
};

Value count_value(std::uint64_t n) {
    return {Kind::count, static_cast<double>(n), n};
}

Value rate_value(const Rate& r) {
    return {Kind::rate, r.value, r.denominator};
}

Value rate_value(const std::optional<Rate>& r) {
    return r ? rate_value(*r) : Value{Kind::rate, std::nullopt};
}

Value mean_value(const Mean& m) {
    return {Kind::mean, m.value()};
}

Value duration_value(const std::optional<double>& seconds) {
    return {Kind::duration, seconds};
}

Value duration_value(const Mean& m) {
    return duration_value(m.value());
}

// A quantile of a distribution only some reports have (business hours).
Value duration_value(const std::optional<DistributionSummary>& d,
                     std::optional<double> DistributionSummary::*quantile) {
    return duration_value(d ? (*d).*quantile : std::nullopt);
}

std::string cell_text(const Value& v) {
    const std::optional<double> shown = printable(v.value);
    switch (v.kind) {
        case Kind::count:
            return count(v.n);
        case Kind::rate:
            return shown ? fmt::format("{:.1f}% ({})", *shown, v.n) : std::string(not_available);
        case Kind::points:
            return shown ? fmt::format("{:.1f} ({})", *shown, v.n) : std::string(not_available);
        case Kind::mean:
            return table_number(v.value, 2);
        case Kind::duration:
            return table_duration(v.value);
    }
    return std::string(not_available);
}

// Which report option a column needs before "all" shows it.
enum class Needs { nothing, first_response_target, resolution_target, business_hours };

struct Column {
    std::string_view name;
    Value (*get)(const KpiSet&);
    Needs needs = Needs::nothing;
};

// The one catalogue of table columns: their names (header, --columns, --sort), their cells,
// and the order "all" shows them in.
const std::vector<Column>& catalogue() {
    using D = DistributionSummary;
    static const std::vector<Column> columns{
        {"contacts", [](const KpiSet& k) { return count_value(k.contacts); }},
        {"handled", [](const KpiSet& k) { return count_value(k.handled); }},
        {"fcr", [](const KpiSet& k) { return rate_value(k.fcr); }},
        {"csat", [](const KpiSet& k) { return rate_value(k.csat.satisfied); }},
        {"csat_mean", [](const KpiSet& k) { return mean_value(k.csat.answers); }},
        {"nps",
         [](const KpiSet& k) {
             return Value{Kind::points, k.nps.value, k.nps.responses};
         }},
        {"ces", [](const KpiSet& k) { return mean_value(k.ces.answers); }},
        {"ces_agree", [](const KpiSet& k) { return rate_value(k.ces.agree); }},
        {"aht", [](const KpiSet& k) { return duration_value(k.aht_seconds); }},
        {"asa", [](const KpiSet& k) { return duration_value(k.asa_seconds); }},
        {"sl", [](const KpiSet& k) { return rate_value(k.service_level); }},
        {"abandon", [](const KpiSet& k) { return rate_value(k.abandonment_rate); }},
        {"frt_p50", [](const KpiSet& k) { return duration_value(k.first_response_seconds.p50); }},
        {"frt_p90", [](const KpiSet& k) { return duration_value(k.first_response_seconds.p90); }},
        {"res_p50", [](const KpiSet& k) { return duration_value(k.resolution_seconds.p50); }},
        {"res_p90", [](const KpiSet& k) { return duration_value(k.resolution_seconds.p90); }},
        {"queued", [](const KpiSet& k) { return count_value(k.queued); }},
        {"answered", [](const KpiSet& k) { return count_value(k.answered); }},
        {"abandoned", [](const KpiSet& k) { return count_value(k.abandoned); }},
        {"short_abandoned", [](const KpiSet& k) { return count_value(k.short_abandoned); }},
        {"abandoned_in_target",
         [](const KpiSet& k) { return count_value(k.abandoned_within_target); }},
        {"callback_requests", [](const KpiSet& k) { return count_value(k.callback_requests); }},
        {"flowed_out", [](const KpiSet& k) { return count_value(k.flowed_out); }},
        {"xfer_out", [](const KpiSet& k) { return count_value(k.transferred_out); }},
        {"xfer_in", [](const KpiSet& k) { return count_value(k.transferred_in); }},
        {"callbacks", [](const KpiSet& k) { return count_value(k.callbacks); }},
        {"outbound", [](const KpiSet& k) { return count_value(k.outbound_handled); }},
        {"held", [](const KpiSet& k) { return count_value(k.held); }},
        {"max_wait", [](const KpiSet& k) { return duration_value(k.max_wait_seconds); }},
        {"abandon_time", [](const KpiSet& k) { return duration_value(k.abandon_time_seconds); }},
        {"talk", [](const KpiSet& k) { return duration_value(k.talk_seconds); }},
        {"hold", [](const KpiSet& k) { return duration_value(k.hold_seconds); }},
        {"acw", [](const KpiSet& k) { return duration_value(k.acw_seconds); }},
        {"survey", [](const KpiSet& k) { return rate_value(k.survey_response_rate); }},
        {"frt_sla", [](const KpiSet& k) { return rate_value(k.first_response_sla); },
         Needs::first_response_target},
        {"res_sla", [](const KpiSet& k) { return rate_value(k.resolution_sla); },
         Needs::resolution_target},
        {"frt_bh_p50",
         [](const KpiSet& k) { return duration_value(k.first_response_business_seconds, &D::p50); },
         Needs::business_hours},
        {"frt_bh_p90",
         [](const KpiSet& k) { return duration_value(k.first_response_business_seconds, &D::p90); },
         Needs::business_hours},
        {"res_bh_p50",
         [](const KpiSet& k) { return duration_value(k.resolution_business_seconds, &D::p50); },
         Needs::business_hours},
        {"res_bh_p90",
         [](const KpiSet& k) { return duration_value(k.resolution_business_seconds, &D::p90); },
         Needs::business_hours},
    };
    return columns;
}

constexpr std::array<std::string_view, 7> default_columns{"contacts", "fcr", "csat",   "aht",
                                                          "asa",      "sl",  "abandon"};

const Column& find_column(std::string_view name) {
    check_table_column(name, false);
    const std::vector<Column>& all = catalogue();
    return *std::find_if(all.begin(), all.end(),
                         [name](const Column& c) { return c.name == name; });
}

bool report_has(const ReportOptions& o, Needs needs) {
    switch (needs) {
        case Needs::nothing:
            return true;
        case Needs::first_response_target:
            return o.first_response_target_seconds.has_value();
        case Needs::resolution_target:
            return o.resolution_target_seconds.has_value();
        case Needs::business_hours:
            return o.business_hours.has_value();
    }
    return false;
}

// The columns the options name, "all" expanded to those the report has.
std::vector<const Column*> chosen_columns(const TableOptions& table, const ReportOptions& o) {
    std::vector<const Column*> columns;
    if (table.columns.empty()) {
        for (const std::string_view name : default_columns) {
            columns.push_back(&find_column(name));
        }
    }
    for (const std::string& name : table.columns) {
        if (name != "all") {
            columns.push_back(&find_column(name));
            continue;
        }
        for (const Column& c : catalogue()) {
            if (report_has(o, c.needs)) {
                columns.push_back(&c);
            }
        }
    }
    return columns;
}

bool continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Text in terminal columns: a UTF-8 character takes one, however many bytes it has.
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !continuation_byte(c); }));
}

// A key value as the table shows it: "n/a" when empty, cut to 24 columns with a "~" mark.
std::string key_cell(std::string value) {
    constexpr std::size_t widest = 24;
    if (value.empty()) {
        return std::string(not_available);
    }
    if (display_width(value) <= widest) {
        return value;
    }
    std::size_t end = 0;
    for (std::size_t kept = 0; end < value.size(); ++end) {
        if (!continuation_byte(value[end]) && kept++ == widest - 1) {
            break;
        }
    }
    value.resize(end);
    value += '~';
    return value;
}

// The widest cell of each column.
void widen(std::vector<std::size_t>& widths, const Row& row) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], display_width(row[c]));
    }
}

// One aligned line: the first `left` columns left-aligned, the others right-aligned, two
// spaces between columns, no trailing blanks.
void append_table_line(detail::SinkBuffer& out, const Row& row,
                       const std::vector<std::size_t>& widths, std::size_t left) {
    std::string& text = out.text();
    const std::size_t start = text.size();
    for (std::size_t c = 0; c < row.size(); ++c) {
        const std::size_t pad = widths[c] - display_width(row[c]);
        text.append(c > 0 ? 2 : 0, ' ');
        text.append(c < left ? 0 : pad, ' ');
        text += row[c];
        text.append(c < left ? pad : 0, ' ');
    }
    const std::size_t end = text.find_last_not_of(' ');
    text.resize(end == std::string::npos || end < start ? start : end + 1);
    out.append('\n');
}

void append_table_kpis(Row& row, const KpiSet& k, const std::vector<const Column*>& columns) {
    for (const Column* c : columns) {
        row.push_back(cell_text(c->get(k)));
    }
}

// The groups to show, in the order to show them: sorted by the sort column (undefined values
// last, ties in report order), then cut to the top N.
std::vector<std::size_t> group_order(const Report& report, const TableOptions& table) {
    std::vector<std::size_t> order(report.groups.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    if (!table.sort_by.empty()) {
        const Column& by = find_column(table.sort_by);
        std::vector<std::optional<double>> keys;
        keys.reserve(order.size());
        for (const ReportGroup& g : report.groups) {
            keys.push_back(printable(by.get(g.kpis).value));
        }
        const bool ascending = table.order == SortOrder::ascending;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (!keys[a] || !keys[b]) {
                return keys[a].has_value() && !keys[b].has_value();
            }
            return ascending ? *keys[a] < *keys[b] : *keys[a] > *keys[b];
        });
    }
    if (table.top && *table.top < order.size()) {
        order.resize(*table.top);
    }
    return order;
}

std::string options_line(const ReportOptions& o) {
    std::string line =
        fmt::format("definitions {}; fcr mode {}", to_string(o.definitions), to_string(o.fcr_mode));
    if (o.fcr_mode == FcrMode::window) {
        fmt::format_to(std::back_inserter(line), " ({} s)",
                       static_cast<double>(o.fcr_window.count()) / 1000.0);
    }
    fmt::format_to(std::back_inserter(line),
                   "; csat satisfied >= {} of {}; service level within {} s, abandons {}; "
                   "short abandon <= {} s",
                   o.csat.threshold, o.csat.points, o.service_level_seconds,
                   to_string(o.abandon_mode), o.short_abandon_seconds);
    if (o.first_response_target_seconds || o.resolution_target_seconds) {
        const auto target = [](const std::optional<double>& t) {
            return t ? fmt::format("{} s", *t) : std::string("none");
        };
        fmt::format_to(std::back_inserter(line), "; sla first response {}, resolution {} ({})",
                       target(o.first_response_target_seconds), target(o.resolution_target_seconds),
                       to_string(o.sla_basis));
    }
    if (o.business_hours) {
        const TimeZone& zone = o.business_hours->zone;
        fmt::format_to(std::back_inserter(line), "; business hours in {}",
                       zone.name().empty() ? "UTC" + to_string(zone.fixed_offset()) : zone.name());
    }
    if (o.period && !o.time_zone.empty()) {
        fmt::format_to(std::back_inserter(line), "; periods by {} in {}", to_string(*o.period),
                       o.time_zone);
    } else if (o.period) {
        fmt::format_to(std::back_inserter(line), "; periods by {} at UTC{}", to_string(*o.period),
                       to_string(o.utc_offset));
    }
    return line;
}

// The options line broken after a "; " wherever it would pass the 120 columns of a terminal.
std::string wrapped(std::string_view line) {
    constexpr std::size_t width = 120;
    std::string out;
    std::size_t line_start = 0;
    while (!line.empty()) {
        const std::size_t separator = line.find("; ");
        const std::size_t part_end = separator == std::string_view::npos ? line.size() : separator;
        const std::string_view part = line.substr(0, part_end);
        if (out.size() > line_start && out.size() - line_start + 2 + part.size() > width) {
            out += ";\n";
            line_start = out.size();
        } else if (out.size() > line_start) {
            out += "; ";
        }
        out += part;
        line.remove_prefix(std::min(line.size(), part_end + 2));
    }
    return out;
}

// ---- CSV ---------------------------------------------------------------------------------

// The shortest round-trip form, empty when undefined or not printable.
std::string number(const std::optional<double>& value) {
    const std::optional<double> shown = printable(value);
    return shown ? fmt::format("{}", *shown) : std::string();
}

void append_rate(Row& row, const Rate& r) {
    row.insert(row.end(), {number(r.value), count(r.numerator), count(r.denominator),
                           number(lower(r)), number(upper(r))});
}

void append_mean(Row& row, const Mean& m) {
    row.insert(row.end(),
               {number(m.value()), count(m.count()), number(m.sum()), number(m.stddev())});
}

void append_distribution(Row& row, const DistributionSummary& d) {
    row.insert(row.end(), {count(d.count), number(d.mean), number(d.p50), number(d.p90)});
}

void append_csv_kpis(Row& row, const KpiSet& k) {
    row.insert(row.end(), {count(k.contacts), count(k.handled)});
    append_rate(row, k.fcr);
    append_rate(row, k.csat.satisfied);
    row.push_back(number(k.csat.answers.value()));
    row.insert(row.end(),
               {number(k.nps.value), count(k.nps.promoters), count(k.nps.passives),
                count(k.nps.detractors), count(k.nps.responses), number(k.nps.margin95)});
    append_mean(row, k.ces.answers);
    append_rate(row, k.ces.agree);
    append_mean(row, k.aht_seconds);
    append_mean(row, k.asa_seconds);
    append_rate(row, k.service_level);
    append_rate(row, k.abandonment_rate);
    append_distribution(row, k.first_response_seconds);
    append_distribution(row, k.resolution_seconds);
    for (const std::uint64_t n :
         {k.queued, k.answered, k.abandoned, k.short_abandoned, k.abandoned_within_target,
          k.callback_requests, k.flowed_out, k.transferred_out, k.transferred_in, k.callbacks,
          k.outbound_handled, k.held}) {
        row.push_back(count(n));
    }
    row.push_back(number(k.max_wait_seconds));
    for (const Mean* m :
         {&k.abandon_time_seconds, &k.talk_seconds, &k.hold_seconds, &k.acw_seconds}) {
        append_mean(row, *m);
    }
    append_rate(row, k.survey_response_rate);
    for (const std::optional<Rate>* sla : {&k.first_response_sla, &k.resolution_sla}) {
        if (*sla) {
            append_rate(row, **sla);
        }
    }
    for (const auto* business :
         {&k.first_response_business_seconds, &k.resolution_business_seconds}) {
        if (*business) {
            append_distribution(row, **business);
        }
    }
}

void append_csv_header(Row& row, const ReportOptions& options) {
    const auto rate = [&row](std::string_view name) {
        row.insert(row.end(),
                   {std::string(name), fmt::format("{}_numerator", name),
                    fmt::format("{}_denominator", name), fmt::format("{}_ci95_low", name),
                    fmt::format("{}_ci95_high", name)});
    };
    const auto mean = [&row](std::string_view name) {
        row.insert(row.end(), {std::string(name), fmt::format("{}_count", name),
                               fmt::format("{}_sum", name), fmt::format("{}_stddev", name)});
    };
    const auto distribution = [&row](std::string_view name) {
        row.insert(row.end(), {fmt::format("{}_count", name), fmt::format("{}_mean", name),
                               fmt::format("{}_p50", name), fmt::format("{}_p90", name)});
    };
    row.insert(row.end(), {"contacts", "handled"});
    rate("fcr");
    rate("csat");
    row.emplace_back("csat_mean");
    row.insert(row.end(), {"nps", "nps_promoters", "nps_passives", "nps_detractors",
                           "nps_responses", "nps_margin95"});
    mean("ces");
    rate("ces_agree");
    mean("aht_seconds");
    mean("asa_seconds");
    rate("service_level");
    rate("abandonment_rate");
    distribution("first_response_seconds");
    distribution("resolution_seconds");
    row.insert(row.end(),
               {"queued", "answered", "abandoned", "short_abandoned", "abandoned_within_target",
                "callback_requests", "flowed_out", "transferred_out", "transferred_in", "callbacks",
                "outbound_handled", "held", "max_wait_seconds"});
    mean("abandon_time_seconds");
    mean("talk_seconds");
    mean("hold_seconds");
    mean("acw_seconds");
    rate("survey_response_rate");
    if (options.first_response_target_seconds) {
        rate("first_response_sla");
    }
    if (options.resolution_target_seconds) {
        rate("resolution_sla");
    }
    if (options.business_hours) {
        distribution("first_response_business_seconds");
        distribution("resolution_business_seconds");
    }
}

void append_csv_line(detail::SinkBuffer& out, const Row& row) {
    std::string& text = out.text();
    for (std::size_t c = 0; c < row.size(); ++c) {
        if (c > 0) {
            text += ',';
        }
        append_csv_field(text, row[c]);
    }
    out.append('\n');
}

// The table's rows, one at a time: the header, the overall row, then the groups of `order`.
// Called twice by write_table, for the column widths and then for the lines, so no more than
// one row is ever held.
template <typename RowFn>
void for_each_table_row(const Report& report, const std::vector<const Column*>& columns,
                        const std::vector<std::size_t>& order, RowFn&& row_fn) {
    const std::vector<std::string> keys = key_columns(report.options);
    const std::size_t left = std::max<std::size_t>(1, keys.size());

    Row row = keys.empty() ? Row{"scope"} : keys;
    for (const Column* c : columns) {
        row.emplace_back(c->name);
    }
    row_fn(row);

    row.assign(left, std::string());
    row[0] = "overall";
    append_table_kpis(row, report.overall, columns);
    row_fn(row);

    for (const std::size_t i : order) {
        const ReportGroup& g = report.groups[i];
        row.clear();
        for (std::string& cell : key_cells(g.key, keys.size())) {
            row.push_back(key_cell(std::move(cell)));
        }
        append_table_kpis(row, g.kpis, columns);
        row_fn(row);
    }
}

// Collects a rendering into a string, for the functions that return one.
template <typename Write>
std::string collect(Write&& write) {
    std::string out;
    write([&out](std::string_view piece) { out.append(piece); });
    return out;
}

}  // namespace

std::vector<std::string_view> table_column_names() {
    std::vector<std::string_view> names;
    for (const Column& c : catalogue()) {
        names.push_back(c.name);
    }
    return names;
}

std::vector<std::string_view> default_table_columns() {
    return {default_columns.begin(), default_columns.end()};
}

void check_table_column(std::string_view name, bool all_allowed) {
    const std::vector<std::string_view> names = table_column_names();
    if ((all_allowed && name == "all") ||
        std::find(names.begin(), names.end(), name) != names.end()) {
        return;
    }
    throw InvalidArgument("table column",
                          fmt::format("\"{}\" is not a table column: use {}{}", name,
                                      all_allowed ? "all, " : "", fmt::join(names, ", ")));
}

void write_table(const TextSink& sink, const Report& report, const TableOptions& table) {
    const std::size_t left = std::max<std::size_t>(1, key_columns(report.options).size());
    const std::vector<const Column*> columns = chosen_columns(table, report.options);
    const std::vector<std::size_t> order = group_order(report, table);
    std::vector<std::size_t> widths;
    for_each_table_row(report, columns, order, [&widths](const Row& row) { widen(widths, row); });

    detail::SinkBuffer out(sink);
    out.append(wrapped(options_line(report.options)));
    out.append("\n\n");
    for_each_table_row(report, columns, order,
                       [&](const Row& row) { append_table_line(out, row, widths, left); });
    if (order.size() < report.groups.size()) {
        out.append(fmt::format("{} of {} groups not shown\n", report.groups.size() - order.size(),
                               report.groups.size()));
    }
    out.flush();
}

std::string to_table(const Report& report, const TableOptions& table) {
    return collect([&](const TextSink& sink) { write_table(sink, report, table); });
}

void write_csv(const TextSink& sink, const Report& report) {
    const std::vector<std::string> keys = key_columns(report.options);
    detail::SinkBuffer out(sink);

    Row row{"scope"};
    row.insert(row.end(), keys.begin(), keys.end());
    append_csv_header(row, report.options);
    append_csv_line(out, row);

    row.assign(1 + keys.size(), std::string());
    row[0] = "overall";
    append_csv_kpis(row, report.overall);
    append_csv_line(out, row);

    for (const ReportGroup& g : report.groups) {
        row.assign(1, "group");
        const std::vector<std::string> cells = key_cells(g.key, keys.size());
        row.insert(row.end(), cells.begin(), cells.end());
        append_csv_kpis(row, g.kpis);
        append_csv_line(out, row);
    }
    out.flush();
}

std::string to_csv(const Report& report) {
    return collect([&](const TextSink& sink) { write_csv(sink, report); });
}

}  // namespace cskpi
