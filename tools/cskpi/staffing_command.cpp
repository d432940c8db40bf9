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

int run_staffing(const StaffingArgs& args) {
    const double contacts = parse_number("--contacts", args.contacts);
    if (contacts < 0.0) {
        throw UsageError(fmt::format("--contacts: {} cannot be negative", args.contacts));
    }
    const double interval = parse_duration_option("--interval", args.interval, true);
    const double aht = parse_duration_option("--aht", args.aht, true);
    StaffingTarget target = parse_target(args.target);
    target.shrinkage = parse_number("--shrinkage", without_percent(args.shrinkage));
    if (!args.shrinkage.empty() && args.shrinkage.back() == '%') {
        target.shrinkage /= 100.0;
    }
    if (target.shrinkage < 0.0 || target.shrinkage >= 1.0) {
        throw UsageError(
            fmt::format("--shrinkage: {} is outside [0, 1) (a fraction: 0.3, or a percentage: 30%)",
                        args.shrinkage));
    }
    if (!args.max_occupancy.empty()) {
        const double occupancy =
            parse_number("--max-occupancy", without_percent(args.max_occupancy));
        if (occupancy <= 0.0 || occupancy > 100.0) {
            throw UsageError(
                fmt::format("--max-occupancy: {} is outside (0, 100] percent", args.max_occupancy));
        }
        target.max_occupancy_percent = occupancy;
    }
    std::optional<std::int64_t> agents;
    if (!args.agents.empty()) {
        if (target.max_occupancy_percent) {
            throw UsageError(
                "--max-occupancy bounds the search for agents; it cannot be used with --agents");
        }
        agents = parse_integer("--agents", args.agents, 1, std::int64_t{1} << 40);
    }
    const OutputFormat format = parse_format("--format", args.format);

    // Checked here so that the message speaks of the options, not of the library's arguments.
    const double erlangs = contacts * (aht / interval);
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

    StaffingResult result;
    try {
        const double traffic = traffic_intensity(contacts, interval, aht);
        result = agents ? evaluate_staffing(traffic, aht, *agents, target.target_seconds,
                                            target.shrinkage)
                        : plan_staffing(traffic, aht, target);
    } catch (const cskpi::InvalidArgument& e) {
        throw UsageError(e.what());
    }

    switch (format) {
        case OutputFormat::json:
            write_stdout(dump(staffing_to_json(result)));
            break;
        case OutputFormat::table: {
            std::string heading = fmt::format(
                "{} contacts per {}, AHT {}, target {}% answered within {} s", contacts,
                args.interval, args.aht, target.service_level_percent, target.target_seconds);
            if (target.max_occupancy_percent) {
                heading += fmt::format(", occupancy at most {}%", *target.max_occupancy_percent);
            }
            heading += fmt::format(", shrinkage {}", target.shrinkage);
            if (agents) {
                heading += fmt::format(", {} agents", *agents);
            }
            write_stdout(to_table(result, heading));
            break;
        }
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
