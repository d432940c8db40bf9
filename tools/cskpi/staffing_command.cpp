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
#include "errors.hpp"
#include "output.hpp"

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
// per figure (two decimals; probability_wait four; "-" when undefined).
std::string to_table(const StaffingResult& r, std::string_view heading) {
    std::string out = fmt::format("{}\n\n", heading);
    std::vector<std::pair<std::string_view, std::string>> rows;
    for (const Field& f : fields(r)) {
        std::string text = "-";
        if (f.value) {
            text = f.integral                    ? fmt::format("{:.0f}", *f.value)
                   : f.key == "probability_wait" ? fmt::format("{:.4f}", *f.value)
                                                 : fmt::format("{:.2f}", *f.value);
        }
        rows.emplace_back(f.key, std::move(text));
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

// The order of the checks decides which error a command line with several mistakes reports,
// so it is kept stable.
StaffingRequest check_options(const StaffingArgs& args) {
    StaffingRequest request;
    request.contacts = parse_number("--contacts", args.contacts);
    if (request.contacts < 0.0) {
        throw UsageError(fmt::format("--contacts: {} cannot be negative", args.contacts));
    }
    request.interval = parse_duration_option("--interval", args.interval, true);
    request.aht = parse_duration_option("--aht", args.aht, true);
    request.target = parse_target(args.target);
    request.target.shrinkage = parse_shrinkage(args.shrinkage);
    request.target.max_occupancy_percent = parse_max_occupancy(args.max_occupancy);
    request.agents = parse_agents(args, request.target);
    request.format = parse_format("--format", args.format);
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

int run_staffing(const StaffingArgs& args) {
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
    }
    return exit_success;
}

}  // namespace

Command add_staffing_command(CLI::App& app) {
    auto args = std::make_shared<StaffingArgs>();
    CLI::App* command = app.add_subcommand(
        "staffing", "Erlang C: agents needed for a contact volume and a service-level target");
    command->add_option("--contacts", args->contacts, "Contacts arriving per interval")
        ->type_name("N")
        ->required();
    command->add_option("--interval", args->interval, "Interval length, e.g. 30m")
        ->type_name("DURATION")
        ->required();
    command->add_option("--aht", args->aht, "Average handle time, e.g. 240s")
        ->type_name("DURATION")
        ->required();
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
