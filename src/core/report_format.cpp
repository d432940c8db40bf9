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

// Two decimals, "-" when undefined.
std::string fixed2(const std::optional<double>& value) {
    return value ? fmt::format("{:.2f}", *value) : std::string("-");
}

std::string count(std::uint64_t n) {
    return fmt::format("{}", n);
}

// Aligns rows of cells (the first row is the header): the first `left` columns left-aligned,
// the others right-aligned, two spaces between columns, no trailing blanks.
std::string render_table(const std::vector<Row>& rows, std::size_t left) {
    std::vector<std::size_t> widths;
    for (const Row& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], row[c].size());
        }
    }
    std::string out;
    for (const Row& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c > 0) {
                line += "  ";
            }
            if (c < left) {
                fmt::format_to(std::back_inserter(line), "{:<{}}", row[c], widths[c]);
            } else {
                fmt::format_to(std::back_inserter(line), "{:>{}}", row[c], widths[c]);
            }
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line;
        out += '\n';
    }
    return out;
}

void append_table_kpis(Row& row, const KpiSet& k) {
    row.insert(
        row.end(),
        {count(k.contacts), count(k.handled), fixed2(k.fcr.value), fixed2(k.csat.satisfied.value),
         fixed2(k.csat.answers.value()), fixed2(k.nps.value), fixed2(k.ces.answers.value()),
         fixed2(k.aht_seconds.value()), fixed2(k.asa_seconds.value()),
         fixed2(k.service_level.value), fixed2(k.abandonment_rate.value),
         fixed2(k.first_response_seconds.p50), fixed2(k.first_response_seconds.p90),
         fixed2(k.resolution_seconds.p50), fixed2(k.resolution_seconds.p90)});
}

std::string options_line(const ReportOptions& o) {
    std::string line = fmt::format("fcr mode {}", to_string(o.fcr_mode));
    if (o.fcr_mode == FcrMode::window) {
        fmt::format_to(std::back_inserter(line), " ({} s)",
                       static_cast<double>(o.fcr_window.count()) / 1000.0);
    }
    fmt::format_to(std::back_inserter(line),
                   "; csat satisfied >= {} of {}; service level within {} s, abandons {}; "
                   "short abandon <= {} s",
                   o.csat.threshold, o.csat.points, o.service_level_seconds,
                   to_string(o.abandon_mode), o.short_abandon_seconds);
    if (o.period) {
        fmt::format_to(std::back_inserter(line), "; periods by {} at UTC{}", to_string(*o.period),
                       to_string(o.utc_offset));
    }
    return line;
}

// ---- CSV ---------------------------------------------------------------------------------

// The shortest round-trip form, empty when undefined.
std::string number(const std::optional<double>& value) {
    return value ? fmt::format("{}", *value) : std::string();
}

// RFC 4180: quote a field holding a comma, a quote, CR or LF, doubling its quotes.
void append_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
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
}

void append_csv_header(Row& row) {
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
}

void append_csv_line(std::string& out, const Row& row) {
    for (std::size_t c = 0; c < row.size(); ++c) {
        if (c > 0) {
            out += ',';
        }
        append_field(out, row[c]);
    }
    out += '\n';
}

}  // namespace

std::string to_table(const Report& report) {
    const std::vector<std::string> keys = key_columns(report.options);
    const bool scope_column = keys.empty();
    const std::size_t left = scope_column ? 1 : keys.size();

    std::vector<Row> rows;
    Row header = scope_column ? Row{"scope"} : keys;
    header.insert(header.end(), {"contacts", "handled", "fcr_%", "csat_%", "csat_mean", "nps",
                                 "ces_mean", "aht_s", "asa_s", "sl_%", "abandon_%", "frt_p50_s",
                                 "frt_p90_s", "res_p50_s", "res_p90_s"});
    rows.push_back(std::move(header));

    Row overall(left);
    overall[0] = "overall";
    append_table_kpis(overall, report.overall);
    rows.push_back(std::move(overall));

    for (const ReportGroup& g : report.groups) {
        Row row = key_cells(g.key, keys.size());
        for (std::string& cell : row) {
            if (cell.empty()) {
                cell = "-";
            }
        }
        append_table_kpis(row, g.kpis);
        rows.push_back(std::move(row));
    }
    return options_line(report.options) + "\n\n" + render_table(rows, left);
}

std::string to_csv(const Report& report) {
    const std::vector<std::string> keys = key_columns(report.options);
    std::string out;

    Row header{"scope"};
    header.insert(header.end(), keys.begin(), keys.end());
    append_csv_header(header);
    append_csv_line(out, header);

    Row overall(1 + keys.size());
    overall[0] = "overall";
    append_csv_kpis(overall, report.overall);
    append_csv_line(out, overall);

    for (const ReportGroup& g : report.groups) {
        Row row{"group"};
        const std::vector<std::string> cells = key_cells(g.key, keys.size());
        row.insert(row.end(), cells.begin(), cells.end());
        append_csv_kpis(row, g.kpis);
        append_csv_line(out, row);
    }
    return out;
}

}  // namespace cskpi
