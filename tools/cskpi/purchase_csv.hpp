#pragma once
/// \file
/// Purchases from CSV with named columns, for `cskpi clv --csv` (docs/cli.md, "clv").

#include <istream>
#include <string>
#include <string_view>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/reader.hpp"

namespace cskpi::cli {

/// The columns holding a purchase's customer, date and amount (matched to the header exactly).
struct PurchaseCsvColumns {
    std::string customer = "customer_id";
    std::string date = "date";
    std::string amount = "amount";
};

/// Reads CSV (RFC 4180: a header row, comma-separated fields, double quotes around fields that
/// hold commas, quotes or line breaks, "" for a quote inside them; CRLF or LF; a UTF-8 BOM and
/// blank lines are skipped) and passes each good row to `sink` as a Purchase. Dates are
/// YYYY-MM-DD, YYYYMMDD (midnight UTC) or RFC 3339; amounts finite decimal numbers.
///
/// A bad row is rejected like a bad JSON record (`file:line: field: code: message`, the line a
/// row starts on, canonical field names customer_id, at, amount): counted in the summary,
/// listed up to `options.max_errors`, or in strict mode thrown as json::RecordRejected. Codes:
/// missing_field (an empty value), bad_timestamp, wrong_type (not a number), out_of_range (not
/// finite), bad_csv (wrong number of fields, a stray or unclosed quote), too_large.
/// Throws RunError when the header lacks a column or the input is empty.
///
/// Example: `read_purchases_csv(in, {"id", "day", "dollars"}, {}, sink, "cdnow.csv")`.
[[nodiscard]] InputSummary read_purchases_csv(std::istream& in, const PurchaseCsvColumns& columns,
                                              const json::ReadOptions& options,
                                              const json::PurchaseSink& sink,
                                              std::string_view source);

}  // namespace cskpi::cli
