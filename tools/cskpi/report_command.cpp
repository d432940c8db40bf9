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
#include "report_html.hpp"
#include "report_run.hpp"
#include "saved_state.hpp"

namespace cskpi::cli {

void print_report(OutputFormat format, const TableOptions& table,
                  const ReportAccumulator& accumulator, const InputSummary& summary) {
    const Report report =
        naming_out_of_memory("computing the report", [&] { return accumulator.report(); });
    naming_out_of_memory("writing the report", [&] {
        switch (format) {
            case OutputFormat::json:
                write_report_json(write_stdout, report, summary);
                break;
            case OutputFormat::table:
                write_table(write_stdout, report, table);
                break;
            case OutputFormat::csv:
                write_csv(write_stdout, report);
                break;
            case OutputFormat::html:
                write_stdout(report_to_html(report, summary));
                break;
        }
    });
}

namespace {

int run_report(const ReportArgs& args) {
    const OutputFormat format = parse_format("--format", args.format);
    const TableOptions table = parse_table_options(args.table, format);
    const ReportRun run = accumulate_report(args);
    save_or_print(
        args.save_state, run.summary, run.inputs, [&] { return run.accumulator.to_bytes(); },
        [&] { print_report(format, table, run.accumulator, run.summary); });
    note_input(run.summary, args.input);
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
        .add_option("--sla-basis", args.sla_basis,
                    "What the --sla targets measure: calendar (elapsed) or business time in "
                    "--business-hours")
        ->type_name("BASIS")
        ->capture_default_str();
    command
        .add_option("--business-hours", args.business_hours,
                    "JSON schedule of open hours and holidays (docs/cli.md): also report first "
                    "response and resolution in business seconds")
        ->type_name("FILE");
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
    add_table_options(*command, args->table);
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
