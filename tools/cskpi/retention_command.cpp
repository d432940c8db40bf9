// `cskpi retention`: period-over-period and cohort retention of the customers in interaction or
// purchase records.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/retention_report.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "progress.hpp"
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

// The report, or a run error in the command's terms when it would be too large to build.
RetentionReport result_within_limits(const RetentionAccumulator& accumulator, bool cohorts) {
    try {
        return accumulator.result(cohorts ? CohortTable::include : CohortTable::omit);
    } catch (const RetentionTooLarge& e) {
        const std::string span =
            fmt::format("{} periods {} to {}", to_string(e.period()), e.first(), e.last());
        // Months are the longest period there is.
        const bool monthly = e.period() == Period::month;
        if (e.table() == RetentionTooLarge::Table::cohorts) {
            throw RunError(fmt::format(
                "the cohort table would have {} cohorts and {} cells ({}); the limit is {} "
                "cells: {}leave out --cohorts or filter the input",
                grouped_count(e.periods()), grouped_count(e.cells()), span,
                grouped_count(e.limit()), monthly ? "" : "use a longer --period, "));
        }
        throw RunError(fmt::format(
            "the period table would have {} rows ({}); the limit is {} rows: {}filter the input",
            grouped_count(e.periods()), span, grouped_count(e.limit()),
            monthly ? "" : "use a longer --period or "));
    }
}

}  // namespace

void print_retention(OutputFormat format, bool cohorts, const RetentionAccumulator& accumulator,
                     const InputSummary& summary) {
    const RetentionReport report = result_within_limits(accumulator, cohorts);
    switch (format) {
        case OutputFormat::json: {
            // The retention document, preceded by the account of the records read (as the
            // report's "input"), so rejected records are never lost silently.
            nlohmann::ordered_json document = nlohmann::ordered_json::object();
            document["input"] = input_to_json(summary);
            nlohmann::ordered_json retention = retention_to_json(report);
            for (auto& [key, value] : retention.items()) {
                document[key] = std::move(value);
            }
            write_stdout(dump(document));
            break;
        }
        case OutputFormat::table:
            write_stdout(to_table(report));
            break;
        case OutputFormat::csv:
            // One CSV holds one table: the periods, or with --cohorts the cohort table.
            write_stdout(cohorts ? cohorts_to_csv(report) : to_csv(report));
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
    InputSummary summary;
    if (args.input.dedupe) {
        summary =
            read_deduplicated(inputs, mapping, read, [&](Interaction&& r) { accumulator.add(r); });
    } else {
        summary =
            read_each_input(inputs, read.max_errors,
                            [&](std::istream& in, const InputSource& input, Progress& progress) {
                                if (mapping.kind() == json::RecordKind::purchase) {
                                    return json::read_purchases(
                                        in, mapping, read,
                                        [&](Purchase&& purchase) {
                                            accumulator.add(purchase);
                                            progress.add_records(1);
                                        },
                                        input.name);
                                }
                                return json::read_interactions(
                                    in, mapping, read,
                                    [&](Interaction&& interaction) {
                                        accumulator.add(interaction);
                                        progress.add_records(1);
                                    },
                                    input.name);
                            });
    }
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
