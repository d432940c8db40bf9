#pragma once
/// \file
/// Report serialisation: the KPI report, the staffing result and the retention report as JSON
/// documents. docs/output-formats.md shows each document in full, next to the table and CSV
/// renderings of `cskpi/report_format.hpp`.
///
/// The `*_to_json` functions return a `nlohmann::ordered_json`, so the keys keep their
/// documented order when dumped (a plain `nlohmann::json` would sort them alphabetically);
/// `write_report_json` prints the report's document without building it, for reports too big
/// to hold twice. An undefined value (an empty optional in C++) is `null`. No function ever
/// writes NaN or infinity: every floating-point value goes through `cskpi::printable`, which
/// turns a non-finite value into an undefined one, as the CSV and table renderings do.

#include <nlohmann/json.hpp>

#include "cskpi/input_summary.hpp"
#include "cskpi/report.hpp"
#include "cskpi/retention_report.hpp"
#include "cskpi/staffing.hpp"
#include "cskpi/text_output.hpp"

namespace cskpi {

/// The KPI report (docs/output-formats.md, "JSON"), keys in this order:
///
///     { "cskpi_version": "0.1.0",
///       "input": { "read", "accepted", "rejected", "duplicates",
///                  "errors": [ { "file"?, "line" | "index", "field", "code", "message" } ],
///                  "errors_truncated" },
///       "options": { "group_by": ["agent_id"], "period": "month" | null,
///                    "utc_offset": "+02:00", "csat_scale": 5, "csat_threshold": 4,
///                    "sl_threshold_seconds": 20.0, "short_abandon_seconds": 5.0,
///                    "abandon_mode": "against" | "ignore" | "for",
///                    "fcr_mode": "case" | "window" | "flag", "fcr_window_seconds": 604800.0 },
///       "overall": KPIS,
///       "groups": [ { "key": { "agent_id": "a-001" | null, "period": "2026-01" },
///                     "kpis": KPIS } ] }
///
///     KPIS = { "contacts", "handled", "fcr": RATE, "csat": RATE + { "mean" },
///              "nps": NPS, "ces": MEAN + { "agree": RATE }, "aht_seconds": MEAN,
///              "asa_seconds": MEAN, "service_level": RATE, "abandonment_rate": RATE,
///              "first_response_seconds": DIST, "resolution_seconds": DIST }
///     RATE = { "value", "numerator", "denominator", "ci95": [low, high] | null }
///     NPS  = { "value", "promoters", "passives", "detractors", "responses", "margin95" }
///     MEAN = { "value", "count", "sum", "stddev" }
///     DIST = { "count", "mean", "p50", "p90" }
///
/// An input error lists "file" only when it has one (not for stdin or in-memory input), then
/// "line" (NDJSON) or "index" (JSON array), whichever it carries; "field" is `null` when the
/// record as a whole is at fault. The options are the report's effective ones, defaults
/// included; `fcr_window_seconds` is echoed whatever the FCR mode. A group key has one entry
/// per `group_by` dimension, in that order (`null` when the records carry no value), then
/// "period" when the report has one; groups come in the report's order (sorted by key).
/// Percentages are 0 to 100, NPS in points, durations in seconds.
///
/// Example: `cskpi::report_to_json(report, summary)["overall"]["fcr"]["value"]` is 66.666...
/// for the seven contacts of the tests; `.dump(2)` gives the text.
[[nodiscard]] nlohmann::ordered_json report_to_json(const Report& report,
                                                    const InputSummary& input);

/// The text of `report_to_json(report, input).dump(2)` and a final newline, handed to `sink`
/// in pieces as it is written: the document is never built, so a report of a million groups
/// takes a bounded buffer on top of the `Report` rather than several times its text. Invalid
/// UTF-8 in a string is replaced by U+FFFD, as `dump(2, ' ', false,
/// error_handler_t::replace)` does. An exception from `sink` (a write error) propagates.
///
/// Example: `cskpi::write_report_json([&](std::string_view s) { file << s; }, report,
/// summary);` writes the same bytes as `file << report_to_json(report, summary).dump(2)
/// << '\n';`.
void write_report_json(const TextSink& sink, const Report& report, const InputSummary& input);

/// The staffing result as `cskpi staffing` prints it (docs/output-formats.md, "Staffing"),
/// keys in this order:
/// { "traffic_erlangs", "agents", "probability_wait" (0 to 1), "service_level" (percent),
/// "asa_seconds" (`null` when the queue is unstable), "occupancy" (percent),
/// "agents_with_shrinkage" }.
///
/// Example: `cskpi::staffing_to_json(cskpi::plan_staffing(10.0, 180, {}))["agents"]` is 14.
[[nodiscard]] nlohmann::ordered_json staffing_to_json(const StaffingResult& result);

/// The retention report as `cskpi retention` prints it (docs/output-formats.md, "Retention"),
/// keys in this order:
///
///     { "period": "month", "utc_offset": "+00:00", "records", "skipped_without_customer",
///       "customers", "customer_periods",
///       "periods": [ { "period": "2026-02", "start", "retained", "new", "first_time", "end",
///                      "retention_rate": RATE, "churn_rate": RATE } ],
///       "cohorts": [ { "cohort": "2026-01", "size",
///                      "retention": [100.0, 66.66..., null, ...] } ] }
///
/// The leading counts, the period length, the offset and "first_time" (the part of "new" active for
/// the first time) are the numbers the table rendering also shows. "churn_rate" is a full RATE (the
/// complement of "retention_rate", with its own interval), so both read the same way;
/// `churn_rate.value` is the plain percentage. A rate with no customers in the previous period, and
/// a cohort's retention when the cohort is empty, are `null`. "cohorts" is empty when the report
/// omits them.
///
/// Example: `cskpi::retention_to_json(report)["periods"][1]["retention_rate"]["value"]`.
[[nodiscard]] nlohmann::ordered_json retention_to_json(const RetentionReport& report);

}  // namespace cskpi
