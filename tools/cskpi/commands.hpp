#pragma once
/// \file
/// The subcommands of `cskpi`. Each lives in its own <name>_command.cpp, registers its options
/// on the application and hands back the function that runs it once the command line is
/// parsed; main.cpp lists them.

#include <functional>

#include "arguments.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/report.hpp"
#include "cskpi/retention_report.hpp"

namespace CLI {
class App;
}

namespace cskpi::cli {

/// A registered subcommand: its CLI11 node and what to run when it is the one given. The
/// runner returns the exit code, or throws UsageError (exit 2), RunError (exit 1) or a
/// cskpi::json::RecordRejected (exit 1).
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run{};
};

/// `cskpi report`: KPIs of interaction records (docs/cli.md, "report").
[[nodiscard]] Command add_report_command(CLI::App& app);

/// `cskpi retention`: period and cohort retention of interactions or purchases (docs/cli.md,
/// "retention").
[[nodiscard]] Command add_retention_command(CLI::App& app);

/// `cskpi staffing`: Erlang C staffing for a contact volume and a service-level target
/// (docs/cli.md, "staffing").
[[nodiscard]] Command add_staffing_command(CLI::App& app);

/// `cskpi clv`: purchase and spend models fitted to purchases, and each customer's CLV
/// (docs/cli.md, "clv").
[[nodiscard]] Command add_clv_command(CLI::App& app);

/// `cskpi merge`: saved states of report or retention merged into their report.
[[nodiscard]] Command add_merge_command(CLI::App& app);

/// Prints the report of `accumulator` and its input account in `format`, a table laid out as
/// `table` says (report_command.cpp): what `cskpi report` and `cskpi merge` print.
void print_report(OutputFormat format, const TableOptions& table,
                  const ReportAccumulator& accumulator, const InputSummary& summary);

/// Prints the retention report of `accumulator` (with the cohort table when `cohorts`) and its
/// input account in `format` (retention_command.cpp). Throws RunError when the report would
/// be too large.
void print_retention(OutputFormat format, bool cohorts, const RetentionAccumulator& accumulator,
                     const InputSummary& summary);

}  // namespace cskpi::cli
