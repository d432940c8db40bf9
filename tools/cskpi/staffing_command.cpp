// `cskpi staffing`: Erlang C agents for a contact volume and a service-level target.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/error.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/staffing.hpp"
#include "cskpi/text_output.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "staffing_html.hpp"
#include "staffing_report.hpp"

namespace cskpi::cli {
namespace {

struct StaffingArgs {
    std::string contacts{};
    std::string interval{};
    std::string aht{};
    std::string target = "80/20";
    std::string shrinkage = "0";
    std::string max_occupancy{};
    std::string agents{};
    std::string format = "json";
    std::string from_report{};
};

// "30%" -> "30": a percent sign is allowed after a number that is already a percentage.
std::string_view without_percent(std::string_view text) {
    if (!text.empty() && text.back() == '%') {
        text.remove_suffix(1);
    }
    return text;
}

// "80/20": at least 80 percent answered within 20 seconds; "80/20s" and "90%/30s" also work.
StaffingTarget parse_target(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        throw UsageError(fmt::format(
            "--target: \"{}\" is not PERCENT/SECONDS (e.g. 80/20: 80% answered within 20 s)",
            text));
    }
    StaffingTarget target;
    target.service_level_percent = parse_number("--target", without_percent(text.substr(0, slash)));
    if (target.service_level_percent <= 0.0 || target.service_level_percent >= 100.0) {
        throw UsageError(
            fmt::format("--target: the service level {} must be above 0 and below 100 percent",
                        text.substr(0, slash)));
    }
    const std::string_view time = text.substr(slash + 1);
    const bool has_unit = !time.empty() && (time.back() < '0' || time.back() > '9');
    target.target_seconds =
        has_unit ? parse_duration_option("--target", time) : parse_number("--target", time);
    if (target.target_seconds < 0.0) {
        throw UsageError(fmt::format("--target: the answer time {} cannot be negative", time));
    }
    return target;
}

struct Field {
    std::string_view key;
    std::optional<double> value;
    bool integral;
};

std::array<Field, 7> fields(const StaffingResult& r) {
    return {{
        {"traffic_erlangs", r.traffic_erlangs, false},
        {"agents", static_cast<double>(r.agents), true},
        {"probability_wait", r.probability_wait, false},
        {"service_level", r.service_level, false},
        {"asa_seconds", r.asa_seconds, false},
        {"occupancy", r.occupancy, false},
        {"agents_with_shrinkage", static_cast<double>(r.agents_with_shrinkage), true},
    }};
}

// The result as an aligned two-column table: a line with the inputs, a blank line, one row
// per figure (two decimals; probability_wait four; "n/a" when undefined).
std::string to_table(const StaffingResult& r, std::string_view heading) {
    std::string out = fmt::format("{}\n\n", heading);
    std::vector<std::pair<std::string_view, std::string>> rows;
    for (const Field& f : fields(r)) {
        rows.emplace_back(f.key, table_number(f.value, f.integral                    ? 0
                                                       : f.key == "probability_wait" ? 4
                                                                                     : 2));
    }
    std::size_t key_width = 0;
    std::size_t value_width = 0;
    for (const auto& [key, text] : rows) {
        key_width = std::max(key_width, key.size());
        value_width = std::max(value_width, text.size());
    }
    for (const auto& [key, text] : rows) {
        out += fmt::format("{:<{}}  {:>{}}\n", key, key_width, text, value_width);
    }
    return out;
}

// The result as CSV: a header of the JSON keys and one row; shortest round-trip numbers,
// an empty field when undefined.
std::string to_csv(const StaffingResult& r) {
    std::string header;
    std::string row;
    for (const Field& f : fields(r)) {
        if (!header.empty()) {
            header += ',';
            row += ',';
        }
        header += f.key;
        if (f.value) {
            row += f.integral ? fmt::format("{:.0f}", *f.value) : fmt::format("{}", *f.value);
        }
    }
    return header + "\n" + row + "\n";
}

// The options of a run, checked and converted.
struct StaffingRequest {
    double contacts = 0.0;
    double interval = 0.0;  // seconds
    double aht = 0.0;       // seconds
    StaffingTarget target{};
    std::optional<std::int64_t> agents{};  // evaluate this many instead of searching
    OutputFormat format = OutputFormat::json;
};

// A fraction (0.3) or a percentage (30%).
double parse_shrinkage(const std::string& text) {
    double shrinkage = parse_number("--shrinkage", without_percent(text));
    if (!text.empty() && text.back() == '%') {
        shrinkage /= 100.0;
    }
    if (shrinkage < 0.0 || shrinkage >= 1.0) {
        throw UsageError(fmt::format(
            "--shrinkage: {} is outside [0, 1) (a fraction: 0.3, or a percentage: 30%)", text));
    }
    return shrinkage;
}

std::optional<double> parse_max_occupancy(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    const double occupancy = parse_number("--max-occupancy", without_percent(text));
    if (occupancy <= 0.0 || occupancy > 100.0) {
        throw UsageError(fmt::format("--max-occupancy: {} is outside (0, 100] percent", text));
    }
    return occupancy;
}

std::optional<std::int64_t> parse_agents(const StaffingArgs& args, const StaffingTarget& target) {
    if (args.agents.empty()) {
        return std::nullopt;
    }
    if (target.max_occupancy_percent) {
        throw UsageError(
            "--max-occupancy bounds the search for agents; it cannot be used with --agents");
    }
    return parse_integer("--agents", args.agents, 1, std::int64_t{1} << 40);
}

// Checked here so that the message speaks of the options, not of the library's arguments.
void check_traffic(const StaffingRequest& request, const StaffingArgs& args) {
    const double erlangs = request.contacts * (request.aht / request.interval);
    if (!(erlangs <= max_traffic_erlangs)) {
        throw UsageError(fmt::format(
            "--contacts {} with --aht {} per --interval {} is {} erlangs of traffic (contacts x "
            "AHT / interval), beyond the limit of {:g} erlangs: lower --contacts or --aht, or "
            "lengthen "
            "--interval",
            args.contacts, args.aht, args.interval,
            std::isfinite(erlangs) ? fmt::format("{:.6g}", erlangs) : "more than 1.8e308",
            max_traffic_erlangs));
    }
}

// Without --from-report, --contacts, --interval and --aht are required; with it, none is
// allowed (the report gives them).
void check_volume_options(const StaffingArgs& args) {
    const std::array<std::pair<std::string_view, const std::string*>, 3> volume{{
        {"--contacts", &args.contacts},
        {"--interval", &args.interval},
        {"--aht", &args.aht},
    }};
    for (const auto& [name, value] : volume) {
        if (args.from_report.empty() && value->empty()) {
            throw UsageError(fmt::format("{} is required (see cskpi staffing --help)", name));
        }
        if (!args.from_report.empty() && !value->empty()) {
            throw UsageError(fmt::format(
                "{} cannot be used with --from-report, which gives contacts, interval and AHT",
                name));
        }
    }
}

// The options besides the volume: target, shrinkage, occupancy cap, agents, format.
void check_target_options(const StaffingArgs& args, StaffingRequest& request) {
    request.target = parse_target(args.target);
    request.target.shrinkage = parse_shrinkage(args.shrinkage);
    request.target.max_occupancy_percent = parse_max_occupancy(args.max_occupancy);
    request.agents = parse_agents(args, request.target);
    request.format = parse_format("--format", args.format);
}

// The order of the checks decides which error a command line with several mistakes reports,
// so it is kept stable.
StaffingRequest check_options(const StaffingArgs& args) {
    check_volume_options(args);
    StaffingRequest request;
    request.contacts = parse_number("--contacts", args.contacts);
    if (request.contacts < 0.0) {
        throw UsageError(fmt::format("--contacts: {} cannot be negative", args.contacts));
    }
    request.interval = parse_duration_option("--interval", args.interval, true);
    request.aht = parse_duration_option("--aht", args.aht, true);
    check_target_options(args, request);
    check_traffic(request, args);
    return request;
}

StaffingResult compute_staffing(const StaffingRequest& request) {
    try {
        const double traffic = traffic_intensity(request.contacts, request.interval, request.aht);
        return request.agents
                   ? evaluate_staffing(traffic, request.aht, *request.agents,
                                       request.target.target_seconds, request.target.shrinkage)
                   : plan_staffing(traffic, request.aht, request.target);
    } catch (const cskpi::InvalidArgument& e) {
        throw UsageError(e.what());
    }
}

// The table's first line: the inputs, with the durations as the user typed them.
std::string table_heading(const StaffingRequest& request, const StaffingArgs& args) {
    const StaffingTarget& target = request.target;
    std::string heading =
        fmt::format("{} contacts per {}, AHT {}, target {}% answered within {} s", request.contacts,
                    args.interval, args.aht, target.service_level_percent, target.target_seconds);
    if (target.max_occupancy_percent) {
        heading += fmt::format(", occupancy at most {}%", *target.max_occupancy_percent);
    }
    heading += fmt::format(", shrinkage {}", target.shrinkage);
    if (request.agents) {
        heading += fmt::format(", {} agents", *request.agents);
    }
    return heading;
}

std::vector<IntervalStaffing> staff_intervals(const ReportIntervals& report,
                                              const StaffingRequest& base) {
    std::vector<IntervalStaffing> rows;
    for (const ReportInterval& interval : report.intervals) {
        StaffingRequest request = base;
        request.contacts = static_cast<double>(interval.contacts);
        request.interval = report.interval_seconds;
        const std::optional<double> aht =
            interval.aht_seconds ? interval.aht_seconds : report.overall_aht;
        if (!aht || !(*aht > 0.0)) {
            throw UsageError(
                fmt::format("--from-report: the interval {} has no AHT, nor has the report overall",
                            interval.period));
        }
        request.aht = *aht;
        rows.push_back({interval, *aht, compute_staffing(request)});
    }
    return rows;
}

nlohmann::ordered_json intervals_to_json(const std::vector<IntervalStaffing>& rows,
                                         const ReportIntervals& report) {
    nlohmann::ordered_json doc;
    doc["interval_seconds"] = report.interval_seconds;
    doc["intervals"] = nlohmann::ordered_json::array();
    for (const IntervalStaffing& row : rows) {
        nlohmann::ordered_json item;
        item["period"] = row.interval.period;
        if (!row.interval.group.empty()) {
            item["group"] = row.interval.group;
        }
        item["contacts"] = row.interval.contacts;
        item["aht_seconds"] = row.aht;
        const nlohmann::ordered_json figures = staffing_to_json(row.result);
        for (const auto& [key, value] : figures.items()) {
            item[key] = value;
        }
        doc["intervals"].push_back(std::move(item));
    }
    return doc;
}

// The intervals as CSV (header: period, group, contacts, aht_seconds, the staffing keys) or
// as an aligned table of the same columns.
std::string intervals_to_text(const std::vector<IntervalStaffing>& rows, bool csv) {
    std::vector<std::vector<std::string>> cells{{"period", "group", "contacts", "aht_seconds"}};
    for (const Field& f : fields(StaffingResult{})) {
        cells.front().emplace_back(f.key);
    }
    for (const IntervalStaffing& row : rows) {
        std::vector<std::string> line{
            row.interval.period, row.interval.group, fmt::format("{}", row.interval.contacts),
            csv ? fmt::format("{}", row.aht) : fmt::format("{:.2f}", row.aht)};
        for (const Field& f : fields(row.result)) {
            line.push_back(!csv         ? table_number(f.value, f.integral ? 0 : 2)
                           : !f.value   ? std::string()
                           : f.integral ? fmt::format("{:.0f}", *f.value)
                                        : fmt::format("{}", *f.value));
        }
        cells.push_back(std::move(line));
    }
    std::vector<std::size_t> widths(cells.front().size(), 0);
    for (const auto& line : cells) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            widths[c] = std::max(widths[c], line[c].size());
        }
    }
    // The table leaves out the group column when the report was not grouped.
    const bool grouped = std::any_of(rows.begin(), rows.end(), [](const IntervalStaffing& r) {
        return !r.interval.group.empty();
    });
    std::string out;
    for (const auto& line : cells) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            if (csv) {
                out += c == 0 ? "" : ",";
                append_csv_field(out, line[c]);
            } else if (c != 1 || grouped) {
                out += c + 1 == line.size()
                           ? fmt::format("  {}", line[c])
                           : fmt::format("{}{:<{}}", c == 0 ? "" : "  ", line[c], widths[c]);
            }
        }
        out += '\n';
    }
    return out;
}

int run_staffing_from_report(const StaffingArgs& args) {
    check_volume_options(args);
    StaffingRequest request;
    check_target_options(args, request);
    const ReportIntervals report = read_report_intervals(args.from_report);
    const std::vector<IntervalStaffing> rows = staff_intervals(report, request);
    switch (request.format) {
        case OutputFormat::json:
            write_stdout(dump(intervals_to_json(rows, report)));
            break;
        case OutputFormat::table:
        case OutputFormat::csv:
            write_stdout(intervals_to_text(rows, request.format == OutputFormat::csv));
            break;
        case OutputFormat::html:
            write_stdout(intervals_to_html(rows, report.interval_seconds));
            break;
    }
    return exit_success;
}

int run_staffing(const StaffingArgs& args) {
    if (!args.from_report.empty()) {
        return run_staffing_from_report(args);
    }
    const StaffingRequest request = check_options(args);
    const StaffingResult result = compute_staffing(request);
    switch (request.format) {
        case OutputFormat::json:
            write_stdout(dump(staffing_to_json(result)));
            break;
        case OutputFormat::table:
            write_stdout(to_table(result, table_heading(request, args)));
            break;
        case OutputFormat::csv:
            write_stdout(to_csv(result));
            break;
        case OutputFormat::html:
            write_stdout(staffing_to_html(result, table_heading(request, args)));
            break;
    }
    return exit_success;
}

}  // namespace

Command add_staffing_command(CLI::App& app) {
    auto args = std::make_shared<StaffingArgs>();
    CLI::App* command = app.add_subcommand(
        "staffing", "Erlang C: agents needed for a contact volume and a service-level target");
    command->add_option("--contacts", args->contacts, "Contacts arriving per interval (required)")
        ->type_name("N");
    command->add_option("--interval", args->interval, "Interval length, e.g. 30m (required)")
        ->type_name("DURATION");
    command->add_option("--aht", args->aht, "Average handle time, e.g. 240s (required)")
        ->type_name("DURATION");
    command
        ->add_option("--from-report", args->from_report,
                     "Instead: staff each interval of a cskpi report --period 15m|30m|1h "
                     "--format json (\"-\": stdin)")
        ->type_name("FILE");
    command
        ->add_option("--target", args->target,
                     "Service-level target PERCENT/SECONDS: 80/20 = 80% answered within 20 s")
        ->type_name("SL/T")
        ->capture_default_str();
    command
        ->add_option("--shrinkage", args->shrinkage,
                     "Share of scheduled agents not available: 0.3 or 30%")
        ->type_name("FRACTION")
        ->capture_default_str();
    command
        ->add_option("--max-occupancy", args->max_occupancy,
                     "Highest acceptable occupancy, percent (e.g. 85)")
        ->type_name("PERCENT");
    command
        ->add_option("--agents", args->agents,
                     "Evaluate this many agents instead of searching for the fewest")
        ->type_name("N");
    add_format_option(*command, args->format);
    command->footer(
        "Durations take a unit: s, m (minutes), h, d, w, mo, y.\n"
        "Exit status: 0 success, 2 usage error.");
    return {command, [args] { return run_staffing(*args); }};
}

}  // namespace cskpi::cli
