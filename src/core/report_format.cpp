#include "cskpi/report_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/detail/sink_buffer.hpp"
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

// ---- table -------------------------------------------------------------------------------

// Two decimals, "-" when undefined or not printable.
std::string fixed2(const std::optional<double>& value) {
    const std::optional<double> shown = printable(value);
    return shown ? fmt::format("{:.2f}", *shown) : std::string("-");
}

std::string count(std::uint64_t n) {
    return fmt::format("{}", n);
}

// The widest cell of each column.
void widen(std::vector<std::size_t>& widths, const Row& row) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], row[c].size());
    }
}

// One aligned line: the first `left` columns left-aligned, the others right-aligned, two
// spaces between columns, no trailing blanks.
void append_table_line(detail::SinkBuffer& out, const Row& row,
                       const std::vector<std::size_t>& widths, std::size_t left) {
    std::string& text = out.text();
    const std::size_t start = text.size();
    for (std::size_t c = 0; c < row.size(); ++c) {
        if (c > 0) {
            text += "  ";
        }
        if (c < left) {
            fmt::format_to(std::back_inserter(text), "{:<{}}", row[c], widths[c]);
        } else {
            fmt::format_to(std::back_inserter(text), "{:>{}}", row[c], widths[c]);
        }
    }
    const std::size_t end = text.find_last_not_of(' ');
    text.resize(end == std::string::npos || end < start ? start : end + 1);
    out.append('\n');
}

void append_table_kpis(Row& row, const KpiSet& k) {
    row.insert(row.end(), {count(k.contacts),
                           count(k.handled),
                           fixed2(k.fcr.value),
                           fixed2(k.csat.satisfied.value),
                           fixed2(k.csat.answers.value()),
                           fixed2(k.nps.value),
                           fixed2(k.ces.answers.value()),
                           fixed2(k.aht_seconds.value()),
                           fixed2(k.asa_seconds.value()),
                           fixed2(k.service_level.value),
                           fixed2(k.abandonment_rate.value),
                           fixed2(k.first_response_seconds.p50),
                           fixed2(k.first_response_seconds.p90),
                           fixed2(k.resolution_seconds.p50),
                           fixed2(k.resolution_seconds.p90),
                           count(k.queued),
                           count(k.answered),
                           count(k.abandoned),
                           count(k.transferred_out),
                           fixed2(k.max_wait_seconds),
                           fixed2(k.talk_seconds.value()),
                           fixed2(k.hold_seconds.value()),
                           fixed2(k.acw_seconds.value()),
                           fixed2(k.survey_response_rate.value)});
    for (const std::optional<Rate>* sla : {&k.first_response_sla, &k.resolution_sla}) {
        if (*sla) {
            row.push_back(fixed2((*sla)->value));
        }
    }
    for (const auto* business :
         {&k.first_response_business_seconds, &k.resolution_business_seconds}) {
        if (*business) {
            row.insert(row.end(), {fixed2((*business)->p50), fixed2((*business)->p90)});
        }
    }
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

// The table's rows, one at a time: the header, the overall row, then one row per group.
// Called twice by write_table, for the column widths and then for the lines, so no more than
// one row is ever held.
template <typename RowFn>
void for_each_table_row(const Report& report, RowFn&& row_fn) {
    const std::vector<std::string> keys = key_columns(report.options);
    const bool scope_column = keys.empty();
    const std::size_t left = scope_column ? 1 : keys.size();

    Row row = scope_column ? Row{"scope"} : keys;
    row.insert(row.end(),
               {"contacts",  "handled",    "fcr_%",     "csat_%", "csat_mean", "nps",
                "ces_mean",  "aht_s",      "asa_s",     "sl_%",   "abandon_%", "frt_p50_s",
                "frt_p90_s", "res_p50_s",  "res_p90_s", "queued", "answered",  "abandoned",
                "xfer_out",  "max_wait_s", "talk_s",    "hold_s", "acw_s",     "survey_%"});
    if (report.options.first_response_target_seconds) {
        row.emplace_back("frt_sla_%");
    }
    if (report.options.resolution_target_seconds) {
        row.emplace_back("res_sla_%");
    }
    if (report.options.business_hours) {
        row.insert(row.end(), {"frt_bh_p50_s", "frt_bh_p90_s", "res_bh_p50_s", "res_bh_p90_s"});
    }
    row_fn(row);

    row.assign(left, std::string());
    row[0] = "overall";
    append_table_kpis(row, report.overall);
    row_fn(row);

    for (const ReportGroup& g : report.groups) {
        row = key_cells(g.key, keys.size());
        for (std::string& cell : row) {
            if (cell.empty()) {
                cell.push_back('-');
            }
        }
        append_table_kpis(row, g.kpis);
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

void write_table(const TextSink& sink, const Report& report) {
    const std::size_t left = std::max<std::size_t>(1, key_columns(report.options).size());
    std::vector<std::size_t> widths;
    for_each_table_row(report, [&widths](const Row& row) { widen(widths, row); });

    detail::SinkBuffer out(sink);
    out.append(options_line(report.options));
    out.append("\n\n");
    for_each_table_row(report, [&](const Row& row) { append_table_line(out, row, widths, left); });
    out.flush();
}

std::string to_table(const Report& report) {
    return collect([&](const TextSink& sink) { write_table(sink, report); });
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
