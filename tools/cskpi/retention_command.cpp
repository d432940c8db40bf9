// `cskpi retention`: period-over-period and cohort retention of the customers in interaction or
// purchase records.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/retention_report.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "retention_html.hpp"
#include "retention_run.hpp"
#include "saved_state.hpp"

namespace cskpi::cli {
namespace {

struct RetentionArgs {
    InputOptions input{};
    std::string period = "month";
    bool cohorts = false;
    std::string utc_offset = "+00:00";
    std::string tz{};
    std::string format = "json";
    std::string save_state{};
};

}  // namespace

void print_retention(OutputFormat format, bool cohorts, const RetentionAccumulator& accumulator,
                     const InputSummary& summary) {
    // The page always draws the cohort heat map.
    const RetentionReport report =
        retention_within_limits(accumulator, cohorts || format == OutputFormat::html);
    switch (format) {
        case OutputFormat::json:
            write_stdout(dump(retention_document(report, summary)));
            break;
        case OutputFormat::table:
            write_stdout(to_table(report));
            break;
        case OutputFormat::csv:
            // One CSV holds one table: the periods, or with --cohorts the cohort table.
            write_stdout(cohorts ? cohorts_to_csv(report) : to_csv(report));
            break;
        case OutputFormat::html:
            write_stdout(retention_to_html(report, summary));
            break;
    }
}

namespace {

int run_retention(const RetentionArgs& args) {
    const Period period = parse_period_option("--period", args.period);
    const UtcOffset offset = parse_utc_offset_option("--utc-offset", args.utc_offset);
    const std::string tz = parse_time_zone_option("--tz", args.tz);
    const OutputFormat format = parse_format("--format", args.format);
    const json::ReadOptions read = read_options(args.input);
    const json::Mapping mapping = choose_mapping(args.input);
    const std::vector<InputSource> inputs = resolve_inputs(args.input.files);

    RetentionAccumulator accumulator(period, make_time_zone(tz, offset));
    const InputSummary summary =
        read_retention_inputs(inputs, mapping, read, args.input.dedupe, accumulator);
    save_or_print(
        args.save_state, summary, inputs, [&] { return accumulator.to_bytes(); },
        [&] { print_retention(format, args.cohorts, accumulator, summary); });
    note_input(summary, args.input);
    return exit_success;
}

}  // namespace

Command add_retention_command(CLI::App& app) {
    auto args = std::make_shared<RetentionArgs>();
    CLI::App* command = app.add_subcommand(
        "retention",
        "Customer retention and churn by period, and cohorts, from interactions or purchases");
    add_input_options(*command, args->input,
                      "Record files, NDJSON, a JSON array or CSV (none or \"-\": stdin); purchases "
                      "with --preset canonical-purchase");
    add_input_format_option(*command, args->input);
    add_dedupe_option(*command, args->input);
    command->add_option("--period", args->period, "Period: day, week (ISO) or month")
        ->type_name("PERIOD")
        ->capture_default_str();
    command->add_flag("--cohorts", args->cohorts,
                      "Add the cohort table (with --format csv: print it instead of the periods)");
    command->add_option("--utc-offset", args->utc_offset, "Where periods start, e.g. +02:00")
        ->type_name("OFFSET")
        ->capture_default_str();
    command
        ->add_option("--tz", args->tz,
                     "IANA time zone of the periods, with daylight saving (e.g. America/New_York;"
                     " overrides --utc-offset)")
        ->type_name("ZONE");
    add_format_option(*command, args->format);
    command
        ->add_option("--save-state", args->save_state,
                     "Write the partial state to FILE (\"-\": stdout) instead of the report, "
                     "for cskpi merge")
        ->type_name("FILE");
    command->footer(
        "Exit status: 0 success, 1 a record rejected with --strict or a file that cannot be "
        "read, 2 usage error.");
    return {command, [args] { return run_retention(*args); }};
}

}  // namespace cskpi::cli
