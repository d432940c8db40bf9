#pragma once
/// \file
/// How `cskpi clv` reads purchases: JSON through a purchase mapping or CSV by named columns,
/// and its date options. The command and the Python binding share it, so both read the same
/// purchases from the same files.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/clv/time_unit.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/records.hpp"
#include "input.hpp"
#include "purchase_csv.hpp"

namespace cskpi::cli {

/// A date option's instant: YYYY-MM-DD or YYYYMMDD (midnight UTC) or RFC 3339. Throws
/// UsageError naming `option` otherwise.
///
/// Example: `parse_date_option("--calibration-end", "1997-09-30")`.
[[nodiscard]] Timestamp parse_date_option(std::string_view option, const std::string& text);

/// The model time unit a --period option names: day, week or month only (parse_time_unit's
/// abbreviations and years are not offered). Throws UsageError naming `option` otherwise.
///
/// Example: `parse_model_unit("--period", "week")` is TimeUnit::week.
[[nodiscard]] clv::TimeUnit parse_model_unit(std::string_view option, const std::string& period);

/// The mapping of JSON purchases (--preset or --mapping, canonical-purchase by default), or
/// none when `csv`: CSV is read by its columns. Throws UsageError for a mapping with CSV or a
/// mapping that makes interactions.
///
/// Example: `auto mapping = purchase_mapping(args.input, false);`
[[nodiscard]] std::optional<json::Mapping> purchase_mapping(const InputOptions& input, bool csv);

/// Reads every input in turn, with a progress line on a terminal: JSON through `mapping`, or
/// CSV by `columns` when `mapping` is null. Each accepted purchase goes to `sink`; returns the
/// account of every record read, merged as merge_summary does.
///
/// Example: `read_purchase_inputs(inputs, read, &mapping, {}, [&](Purchase&& p) { ... });`
[[nodiscard]] InputSummary read_purchase_inputs(const std::vector<InputSource>& inputs,
                                                const json::ReadOptions& read,
                                                const json::Mapping* mapping,
                                                const PurchaseCsvColumns& columns,
                                                const json::PurchaseSink& sink);

}  // namespace cskpi::cli
