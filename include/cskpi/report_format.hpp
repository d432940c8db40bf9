#pragma once
/// \file
/// Text renderings of a KPI report: an aligned table for people and CSV for spreadsheets and
/// scripts. They carry the numbers of the JSON report (`cskpi/json/report_json.hpp`);
/// docs/output-formats.md lists every column of all three.

#include <string>

#include "cskpi/report.hpp"
#include "cskpi/text_output.hpp"

namespace cskpi {

/// The report as an aligned text table: one line naming the options that shape the numbers,
/// a blank line, a header row, the overall row, then one row per group in the report's order.
///
/// Columns: the key columns (the report's `group_by` dimension names, then `period` when the
/// report has one), then contacts, handled, fcr_%, csat_%, csat_mean, nps, ces_mean, aht_s,
/// asa_s, sl_% (service level), abandon_%, frt_p50_s, frt_p90_s (first response time),
/// res_p50_s, res_p90_s (resolution time). The overall row says "overall" in the first key
/// column and leaves the other key cells blank; a report without key columns gets a single
/// leading column `scope` for that label. Counts are integers; every other number (percent,
/// NPS points, means, seconds) has two decimals. An undefined value, a value that cannot be
/// represented (see `cskpi::printable`), and an empty dimension value in a key, show as "-". Key
/// columns are left-aligned, numbers right-aligned, two spaces apart; lines end with "\n" and carry
/// no trailing blanks.
///
/// Example: `std::cout << cskpi::to_table(cskpi::make_report(records));` prints, under the
/// header, a row "overall  7  4  66.67 ..." (spaced to the column widths).
[[nodiscard]] std::string to_table(const Report& report);

/// `to_table(report)`, handed to `sink` in pieces. It formats the rows twice (once for the
/// column widths, once to write them) so that it holds one row at a time, never the table.
///
/// Example: `cskpi::write_table([](std::string_view s) { std::fwrite(s.data(), 1, s.size(),
/// stdout); }, report);`
void write_table(const TextSink& sink, const Report& report);

/// The report as CSV (RFC 4180 quoting, "\n" line ends): a header line, the overall row, then
/// one row per group in the report's order.
///
/// Columns: `scope` ("overall" or "group"); the key columns (the `group_by` dimension names,
/// then `period` when the report has one; empty on the overall row); then every number of the
/// JSON KPIS object, named by its JSON path joined with "_", with a trailing "_value" dropped
/// and `ci95` split into `_ci95_low` / `_ci95_high`:
///
///     contacts, handled,
///     fcr, fcr_numerator, fcr_denominator, fcr_ci95_low, fcr_ci95_high,
///     csat, csat_numerator, csat_denominator, csat_ci95_low, csat_ci95_high, csat_mean,
///     nps, nps_promoters, nps_passives, nps_detractors, nps_responses, nps_margin95,
///     ces, ces_count, ces_sum, ces_stddev,
///     ces_agree, ces_agree_numerator, ces_agree_denominator, ces_agree_ci95_low,
///     ces_agree_ci95_high,
///     aht_seconds, aht_seconds_count, aht_seconds_sum, aht_seconds_stddev,
///     asa_seconds, asa_seconds_count, asa_seconds_sum, asa_seconds_stddev,
///     service_level, service_level_numerator, service_level_denominator,
///     service_level_ci95_low, service_level_ci95_high,
///     abandonment_rate, abandonment_rate_numerator, abandonment_rate_denominator,
///     abandonment_rate_ci95_low, abandonment_rate_ci95_high,
///     first_response_seconds_count, first_response_seconds_mean, first_response_seconds_p50,
///     first_response_seconds_p90,
///     resolution_seconds_count, resolution_seconds_mean, resolution_seconds_p50,
///     resolution_seconds_p90
///
/// Numbers use the shortest decimal form that reads back as the same double (66.66666666666667,
/// 25, 1e+20); an undefined value, a value that cannot be represented (see `cskpi::printable`),
/// and an empty dimension value in a key, are empty fields. A
/// field containing a comma, a double quote, CR or LF is enclosed in double quotes, with each
/// quote doubled.
///
/// Example: `cskpi::to_csv(report)` starts "scope,contacts,handled,fcr,fcr_numerator,...".
[[nodiscard]] std::string to_csv(const Report& report);

/// `to_csv(report)`, handed to `sink` in pieces as the rows are formatted, so that its memory
/// is one row and a bounded buffer whatever the number of groups.
///
/// Example: `cskpi::write_csv([&](std::string_view s) { file << s; }, report);`
void write_csv(const TextSink& sink, const Report& report);

}  // namespace cskpi
