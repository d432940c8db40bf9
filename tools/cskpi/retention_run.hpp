#pragma once
/// \file
/// What `cskpi retention` does before it prints: its inputs read into a retention accumulator,
/// and the report built within its size limits as the command's JSON document. The command and
/// the Python binding share it, so both give the same report for the same arguments.

#include <nlohmann/json.hpp>

#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/retention_report.hpp"
#include "input.hpp"

namespace cskpi::cli {

/// Reads `inputs` through `mapping` (interactions or purchases, as the mapping makes) into
/// `accumulator`, with a progress line on a terminal; with `dedupe`, as read_deduplicated.
/// Returns the account of every record read. Throws RunError for an unreadable input,
/// json::RecordRejected in strict mode.
///
/// Example: `auto summary = read_retention_inputs(inputs, mapping, read, false, acc);`
[[nodiscard]] InputSummary read_retention_inputs(const std::vector<InputSource>& inputs,
                                                 const json::Mapping& mapping,
                                                 const json::ReadOptions& read, bool dedupe,
                                                 RetentionAccumulator& accumulator);

/// The report of `accumulator` (with the cohort table when `cohorts`). Throws RunError, in
/// the command's terms (--period, --cohorts), when a table would pass its size limit.
///
/// Example: `RetentionReport r = retention_within_limits(acc, false);`
[[nodiscard]] RetentionReport retention_within_limits(const RetentionAccumulator& accumulator,
                                                      bool cohorts);

/// `cskpi retention --format json`'s document: the account of the records read as "input",
/// then the report's members.
///
/// Example: `write_stdout(dump(retention_document(report, summary)));`
[[nodiscard]] nlohmann::ordered_json retention_document(const RetentionReport& report,
                                                        const InputSummary& summary);

}  // namespace cskpi::cli
