#pragma once
/// \file
/// What `cskpi report` does before it prints: its arguments turned into report options, and
/// the inputs read into an accumulator. The command and the Python binding share it, so both
/// give the same report for the same arguments.

#include <string>
#include <vector>

#include "arguments.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/report.hpp"
#include "input.hpp"

namespace cskpi::cli {

/// The arguments of `cskpi report` as given, each option's text (docs/cli.md, "report").
struct ReportArgs {
    InputOptions input{};
    std::vector<std::string> by{};
    std::string period{};
    std::string format = "json";
    std::string fcr{};  // empty: the definitions profile's mode
    std::string definitions{};
    std::string genesys_sl = "abandons,short-abandons";
    std::string sla{};
    std::string sla_basis = "calendar";
    std::string business_hours{};
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
    TableArgs table{};
};

/// The report options the arguments give with `mapping` (whose definitions profile applies
/// unless `--definitions` names one). Throws UsageError for a value out of its domain.
///
/// Example: `report_options(ReportArgs{.by = {"agent_id"}}, json::Mapping::canonical())`.
[[nodiscard]] ReportOptions report_options(const ReportArgs& args, const json::Mapping& mapping);

/// How the report's records are read: the input options, the CSAT scale the answers are
/// checked against, and --threads (none: all cores). Throws UsageError.
///
/// Example: `report_read_options(args, report_options(args, mapping)).threads`
[[nodiscard]] json::ReadOptions report_read_options(const ReportArgs& args,
                                                    const ReportOptions& options);

/// The records of the arguments' inputs, accumulated, and the account of every record read.
struct ReportRun {
    ReportAccumulator accumulator;
    InputSummary summary;
    std::vector<InputSource> inputs;  ///< The inputs, opened once each.
};

/// Reads the arguments' inputs (files, or stdin when there are none) through their mapping
/// into an accumulator with their options, on `--threads` threads, with a progress line on a
/// terminal. Throws UsageError for bad arguments, RunError for an unreadable input,
/// json::RecordRejected with `--strict`.
///
/// Example: `auto run = accumulate_report(ReportArgs{.input = {.files = {"calls.ndjson"}}});`
[[nodiscard]] ReportRun accumulate_report(const ReportArgs& args);

}  // namespace cskpi::cli
