#include "report_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>

#include "arguments.hpp"
#include "cskpi/json/business_hours.hpp"
#include "cskpi/json/reader.hpp"
#include "errors.hpp"
#include "progress.hpp"

namespace cskpi::cli {
namespace {

// Records read from a stream are handed to the accumulator in blocks of this many.
constexpr std::size_t kRecordsPerAdd = 256;

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

// --business-hours FILE: the schedule, read once (the file may be a FIFO).
std::optional<BusinessSchedule> business_hours_option(const std::string& path) {
    if (path.empty()) {
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path)) {
        throw RunError(fmt::format("cannot read business hours {}: {}", path,
                                   in ? "Is a directory" : std::strerror(errno)));
    }
    try {
        return json::load_business_schedule(in, path);
    } catch (const cskpi::InvalidArgument& e) {
        throw UsageError(fmt::format("--business-hours: {}", e.what()));
    }
}

// --sla-basis calendar|business; business needs --business-hours.
SlaBasis sla_basis_option(const std::string& text, bool have_schedule) {
    const auto basis = parse_sla_basis(text);
    if (!basis) {
        throw UsageError(fmt::format("--sla-basis: \"{}\" is not calendar or business", text));
    }
    if (*basis == SlaBasis::business && !have_schedule) {
        throw UsageError("--sla-basis: business needs --business-hours FILE");
    }
    return *basis;
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

}  // namespace

ReportOptions report_options(const ReportArgs& args, const json::Mapping& mapping) {
    ReportOptions options;
    options.definitions = definitions_of(args, mapping);
    options.genesys = parse_genesys_switches(args.genesys_sl);
    parse_sla_targets(args.sla, options);
    options.business_hours = business_hours_option(args.business_hours);
    options.sla_basis = sla_basis_option(args.sla_basis, options.business_hours.has_value());
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
    const unsigned threads = json::reading_threads(read);
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

}  // namespace

json::ReadOptions report_read_options(const ReportArgs& args, const ReportOptions& options) {
    json::ReadOptions read = read_options(args.input);
    read.csat = options.csat;
    read.threads = args.threads.empty()
                       ? 0U
                       : static_cast<unsigned>(parse_integer("--threads", args.threads, 0, 4096));
    return read;
}

ReportRun accumulate_report(const ReportArgs& args) {
    const json::Mapping mapping = choose_mapping(args.input);
    const ReportOptions options = report_options(args, mapping);
    const json::ReadOptions read = report_read_options(args, options);
    if (mapping.kind() != json::RecordKind::interaction) {
        throw UsageError(
            fmt::format("mapping \"{}\" makes purchases; cskpi report needs interaction records",
                        mapping.name()));
    }
    ReportRun run{ReportAccumulator(options), {}, resolve_inputs(args.input.files)};
    run.summary = args.input.dedupe
                      ? read_deduplicated(run.inputs, mapping, read,
                                          [&](Interaction&& r) { run.accumulator.add(r); })
                      : read_inputs(run.accumulator, run.inputs, mapping, read);
    return run;
}

}  // namespace cskpi::cli
