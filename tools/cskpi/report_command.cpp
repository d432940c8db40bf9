// `cskpi report`: KPIs of interaction records, overall and grouped.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/report.hpp"
#include "cskpi/report_format.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "saved_state.hpp"

namespace cskpi::cli {
namespace {

// Records read from a stream are handed to the accumulator in blocks of this many.
constexpr std::size_t kRecordsPerAdd = 256;

struct ReportArgs {
    InputOptions input{};
    std::vector<std::string> by{};
    std::string period{};
    std::string format = "json";
    std::string fcr{};  // empty: the definitions profile's mode
    std::string definitions{};
    std::string genesys_sl = "abandons,short-abandons";
    std::string sla{};
    std::string fcr_window = "7d";
    std::string csat_scale = "5";
    std::string csat_threshold{};
    std::string sl_threshold = "20s";
    std::string short_abandon = "5s";
    std::string abandon_mode = "against";
    std::string utc_offset = "+00:00";
    std::string tz{};
    std::string threads{};
    std::string save_state{};
};

// --genesys-sl: the contacts that join the answered ones in Genesys's service-level
// denominator, or "none".
GenesysServiceLevel parse_genesys_switches(const std::string& text) {
    GenesysServiceLevel switches{false, false, false};
    if (text == "none") {
        return switches;
    }
    for_each_item(text, [&switches](std::string_view item) {
        if (item == "abandons") {
            switches.include_abandons = true;
        } else if (item == "short-abandons") {
            switches.include_short_abandons = true;
        } else if (item == "flow-outs") {
            switches.include_flow_outs = true;
        } else {
            throw UsageError(fmt::format(
                "--genesys-sl: \"{}\" is not abandons, short-abandons, flow-outs or none", item));
        }
    });
    return switches;
}

// --sla first_response=1h,resolution=24h: the SLA targets, either or both.
void parse_sla_targets(const std::string& text, ReportOptions& options) {
    if (text.empty()) {
        return;
    }
    for_each_item(text, [&options](std::string_view item) {
        const std::size_t eq = item.find('=');
        const std::string_view name = item.substr(0, eq);
        if (eq == std::string::npos || (name != "first_response" && name != "resolution")) {
            throw UsageError(fmt::format(
                "--sla: \"{}\" is not first_response=DURATION or resolution=DURATION", item));
        }
        const double seconds = parse_duration_option("--sla", item.substr(eq + 1));
        (name == "first_response" ? options.first_response_target_seconds
                                  : options.resolution_target_seconds) = seconds;
    });
}

// The definitions profile: --definitions, else the mapping's, else standard.
Definitions definitions_of(const ReportArgs& args, const json::Mapping& mapping) {
    if (args.definitions.empty()) {
        return mapping.definitions().value_or(Definitions::standard);
    }
    const auto named = parse_definitions(args.definitions);
    if (!named) {
        throw UsageError(
            fmt::format("--definitions: \"{}\" is not standard, amazon-connect, genesys or zendesk",
                        args.definitions));
    }
    return *named;
}

// The report options of the command line; throws UsageError for a value out of its domain.
ReportOptions report_options(const ReportArgs& args, const json::Mapping& mapping) {
    ReportOptions options;
    options.definitions = definitions_of(args, mapping);
    options.genesys = parse_genesys_switches(args.genesys_sl);
    parse_sla_targets(args.sla, options);
    options.group_by = parse_dimensions("--by", args.by);
    if (!args.period.empty()) {
        options.period = parse_period_option("--period", args.period);
    }
    options.utc_offset = parse_utc_offset_option("--utc-offset", args.utc_offset);
    options.time_zone = parse_time_zone_option("--tz", args.tz);
    const auto fcr =
        args.fcr.empty() ? default_fcr_mode(options.definitions) : parse_fcr_mode(args.fcr);
    if (!fcr) {
        throw UsageError(fmt::format("--fcr: \"{}\" is not case, window or flag", args.fcr));
    }
    options.fcr_mode = *fcr;
    const double window = parse_duration_option("--fcr-window", args.fcr_window, true);
    const double window_ms = std::round(window * 1000.0);
    if (window_ms < 1.0 || window_ms > 1e15) {
        throw UsageError(
            fmt::format("--fcr-window: \"{}\" is outside 1 ms to 30,000 years", args.fcr_window));
    }
    options.fcr_window = std::chrono::milliseconds{static_cast<std::int64_t>(window_ms)};
    const auto scale = parse_integer("--csat-scale", args.csat_scale, 2, 1000);
    options.csat.points = static_cast<int>(scale);
    // Without --csat-threshold: top-2-box (4 on the default 5-point scale), top box for 2 points.
    const auto threshold = args.csat_threshold.empty()
                               ? std::max<std::int64_t>(2, scale - 1)
                               : parse_integer("--csat-threshold", args.csat_threshold, 1, scale);
    options.csat.threshold = static_cast<int>(threshold);
    options.service_level_seconds = parse_duration_option("--sl-threshold", args.sl_threshold);
    options.short_abandon_seconds = parse_duration_option("--short-abandon", args.short_abandon);
    const auto abandon = parse_abandon_mode(args.abandon_mode);
    if (!abandon) {
        throw UsageError(
            fmt::format("--abandon-mode: \"{}\" is not against, ignore or for", args.abandon_mode));
    }
    options.abandon_mode = *abandon;
    try {
        validate(options);
    } catch (const cskpi::Error& e) {
        throw UsageError(e.what());
    }
    return options;
}

}  // namespace

void print_report(OutputFormat format, const ReportAccumulator& accumulator,
                  const InputSummary& summary) {
    const Report report =
        naming_out_of_memory("computing the report", [&] { return accumulator.report(); });
    naming_out_of_memory("writing the report", [&] {
        switch (format) {
            case OutputFormat::json:
                write_report_json(write_stdout, report, summary);
                break;
            case OutputFormat::table:
                write_table(write_stdout, report);
                break;
            case OutputFormat::csv:
                write_csv(write_stdout, report);
                break;
        }
    });
}

namespace {

// Reads `input` as a stream into the accumulator, a block of records at a time: in FCR mode
// case the accumulator then overlaps the case lookups of the block (a quarter faster end to
// end on one thread). A run that stops on an error prints no report, so a block still pending
// then needs no adding.
InputSummary stream_into(ReportAccumulator& accumulator, const InputSource& input,
                         const json::Mapping& mapping, const json::ReadOptions& read,
                         Progress& progress) {
    InputSummary part;
    with_input_stream(input, progress, [&](std::istream& in) {
        std::vector<Interaction> block;
        block.reserve(kRecordsPerAdd);
        const auto add_block = [&] {
            accumulator.add(std::span<const Interaction>(block));
            progress.add_records(block.size());
            block.clear();
        };
        part = json::read_interactions(
            in, mapping, read,
            [&](Interaction&& record) {
                block.push_back(std::move(record));
                if (block.size() == kRecordsPerAdd) {
                    add_block();
                }
            },
            input.name);
        add_block();
    });
    return part;
}

// With one thread accumulate_file reads the file as a stream, exactly as the CLI can itself:
// do that, so the progress bar follows the bytes. With more, a regular file is split across
// threads inside accumulate_file, which has no progress hook: the bar advances per file.
// Anything else (stdin, a pipe, a FIFO) is read once, as a stream, from its open handle.
InputSummary read_inputs(ReportAccumulator& accumulator, const std::vector<InputSource>& inputs,
                         const json::Mapping& mapping, const json::ReadOptions& read) {
    const unsigned threads =
        read.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : read.threads;
    InputSummary summary;
    Progress progress(total_size(inputs), stderr_is_terminal());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const InputSource& input = inputs[i];
        const bool stream = input.is_stdin || !input.regular || threads == 1;
        progress.set_label(input_label(inputs, i), stream);
        InputSummary part;
        naming_out_of_memory(fmt::format("reading {}", input.name), [&] {
            if (stream) {
                part = stream_into(accumulator, input, mapping, read, progress);
                return;
            }
            try {
                part = json::accumulate_file(input.name, mapping, read, accumulator);
            } catch (const json::InputFileError& e) {
                throw RunError(e.what());
            }
            progress.add_bytes(input.size);
            progress.add_records(part.read);
        });
        merge_summary(summary, part, read.max_errors);
    }
    return summary;
}

int run_report(const ReportArgs& args) {
    const json::Mapping mapping = choose_mapping(args.input);
    const ReportOptions options = report_options(args, mapping);
    const OutputFormat format = parse_format("--format", args.format);
    json::ReadOptions read = read_options(args.input);
    read.csat = options.csat;
    read.threads = args.threads.empty()
                       ? 0U
                       : static_cast<unsigned>(parse_integer("--threads", args.threads, 0, 4096));
    if (mapping.kind() != json::RecordKind::interaction) {
        throw UsageError(
            fmt::format("mapping \"{}\" makes purchases; cskpi report needs interaction records",
                        mapping.name()));
    }
    const std::vector<InputSource> inputs = resolve_inputs(args.input.files);
    ReportAccumulator accumulator(options);
    const InputSummary summary =
        args.input.dedupe
            ? read_deduplicated(inputs, mapping, read, [&](Interaction&& r) { accumulator.add(r); })
            : read_inputs(accumulator, inputs, mapping, read);
    save_or_print(
        args.save_state, summary, inputs, [&] { return accumulator.to_bytes(); },
        [&] { print_report(format, accumulator, summary); });
    note_input(summary, args.input);
    return exit_success;
}

// The options that decide how the KPIs are defined: profile, FCR, SLA and queue conventions.
void add_definition_options(CLI::App& command, ReportArgs& args) {
    command
        .add_option("--definitions", args.definitions,
                    "Whose definitions the rates follow: standard, amazon-connect, genesys, "
                    "zendesk (default: the preset's, else standard)")
        ->type_name("NAME");
    command
        .add_option("--fcr", args.fcr,
                    "FCR mode: case, window or flag (default: the definitions' mode, case for "
                    "standard)")
        ->type_name("MODE");
    command
        .add_option("--sla", args.sla,
                    "SLA targets reported as attainment rates: first_response=DURATION, "
                    "resolution=DURATION or both (comma list)")
        ->type_name("TARGETS");
    command
        .add_option("--genesys-sl", args.genesys_sl,
                    "With --definitions genesys, what joins answered contacts in the service-level "
                    "denominator: abandons, short-abandons, flow-outs (a comma list) or none")
        ->type_name("LIST")
        ->capture_default_str();
    command.add_option("--fcr-window", args.fcr_window, "Window of FCR mode window (e.g. 7d, 48h)")
        ->type_name("DURATION")
        ->capture_default_str();
    command.add_option("--csat-scale", args.csat_scale, "Highest CSAT answer (lowest is 1)")
        ->type_name("N")
        ->capture_default_str();
    command
        .add_option("--csat-threshold", args.csat_threshold,
                    "Lowest satisfied CSAT answer (default: top-2-box, 4 of 5)")
        ->type_name("N");
    command.add_option("--sl-threshold", args.sl_threshold, "Service-level answer time T")
        ->type_name("DURATION")
        ->capture_default_str();
    command
        .add_option("--short-abandon", args.short_abandon,
                    "Abandons waiting at most this long are short (left out)")
        ->type_name("DURATION")
        ->capture_default_str();
    command
        .add_option("--abandon-mode", args.abandon_mode,
                    "Long abandons in the service level: against, ignore or for")
        ->type_name("MODE")
        ->capture_default_str();
}

}  // namespace

Command add_report_command(CLI::App& app) {
    auto args = std::make_shared<ReportArgs>();
    CLI::App* command = app.add_subcommand(
        "report", "KPIs of interaction records (NDJSON or JSON array), overall and grouped");
    add_input_options(*command, args->input,
                      "Interaction files, NDJSON, a JSON array or CSV (none or \"-\": stdin)");
    add_input_format_option(*command, args->input);
    add_dedupe_option(*command, args->input);
    command
        ->add_option("--by", args->by,
                     "Group by a comma list of agent_id, queue, team, channel, customer_id")
        ->type_name("DIMS")
        ->delimiter(',')
        ->allow_extra_args(false);
    command
        ->add_option("--period", args->period,
                     "Also group by day, week (ISO), month or interval (15m, 30m, 1h)")
        ->type_name("PERIOD");
    add_format_option(*command, args->format);
    add_definition_options(*command, *args);
    command->add_option("--utc-offset", args->utc_offset, "Where periods start, e.g. +02:00")
        ->type_name("OFFSET")
        ->capture_default_str();
    command
        ->add_option("--tz", args->tz,
                     "IANA time zone of the periods, with daylight saving (e.g. America/New_York;"
                     " overrides --utc-offset)")
        ->type_name("ZONE");
    command
        ->add_option("--threads", args->threads, "Threads for reading files (default: all cores)")
        ->type_name("N");
    command
        ->add_option("--save-state", args->save_state,
                     "Write the partial state to FILE (\"-\": stdout) instead of the report, "
                     "for cskpi merge")
        ->type_name("FILE");
    command->footer(
        "Durations take a unit: s, m (minutes), h, d, w, mo (365.2425/12 days), y.\n"
        "Exit status: 0 success, 1 a record rejected with --strict or a file that cannot be "
        "read, 2 usage error.");
    return {command, [args] { return run_report(*args); }};
}

}  // namespace cskpi::cli
