#pragma once
/// \file
/// Text renderings of a KPI report: an aligned table for people and CSV for spreadsheets and
/// scripts. The CSV carries every number of the JSON report (`cskpi/json/report_json.hpp`);
/// the table a chosen few, rounded for reading. docs/output-formats.md lists every column.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/report.hpp"
#include "cskpi/text_output.hpp"

namespace cskpi {

/// Which way `TableOptions::sort_by` orders the groups.
///
/// Example: `cskpi::TableOptions{.sort_by = "aht", .order = cskpi::SortOrder::ascending}`.
enum class SortOrder { descending, ascending };

/// How `to_table` and `write_table` lay a report out for a person: which KPI columns, in
/// which order the groups come, and how many of them. The default, `TableOptions{}`, is the
/// compact set of `default_table_columns()` in the report's order, every group shown.
///
/// Example: `cskpi::to_table(report, {.columns = {"contacts", "fcr"}, .sort_by = "fcr",
/// .top = 10})` is the ten groups with the highest FCR, under the overall row.
struct TableOptions {
    /// Column names of `table_column_names()`, in the order to show them; "all" stands for
    /// every column the report has. Empty: `default_table_columns()`.
    std::vector<std::string> columns{};
    /// A column name to sort the groups by, by its value (a rate's percent, a duration's
    /// seconds); empty keeps the report's order. Groups whose value is undefined come last in
    /// either order; groups with equal values keep the report's order.
    std::string sort_by{};
    SortOrder order = SortOrder::descending;
    /// The first N groups (after sorting) only; the overall row is always shown, and a last
    /// line says how many groups were left out. Empty: every group.
    std::optional<std::size_t> top{};
};

/// Every column name a table can show, in the order `"all"` shows them. The conditional
/// columns (`frt_sla`, `res_sla`, the `_bh_` business-hours ones) are shown by "all" only
/// when the report has them; named on their own, they show "n/a" in a report without them.
///
/// Example: `cskpi::table_column_names().front() == "contacts"`.
[[nodiscard]] std::vector<std::string_view> table_column_names();

/// The columns of `TableOptions{}`: the KPIs a contact-centre lead reads first.
///
/// Example: `cskpi::default_table_columns()` is {contacts, fcr, csat, aht, asa, sl, abandon}.
[[nodiscard]] std::vector<std::string_view> default_table_columns();

/// Throws InvalidArgument unless `name` is a column of `table_column_names()` (or "all" when
/// `all_allowed`); the message lists the valid names. `to_table` checks its options with it.
///
/// Example: `cskpi::check_table_column("fcr%", true)` throws `"fcr%" is not a table column:
/// use all, contacts, handled, fcr, ...`.
void check_table_column(std::string_view name, bool all_allowed);

/// The report as an aligned text table for a person: the options that shape the numbers (one
/// line, broken after a "; " where it would pass 120 characters), a blank line, a header row,
/// the overall row, then one row per group (sorted and cut as `table` says), and, when
/// `table.top` left groups out, a line saying how many.
///
/// Key columns come first: the report's `group_by` dimension names, then `period` when the
/// report has one. The overall row says "overall" in the first key column and leaves the
/// others blank; a report without key columns gets a single leading column `scope` for that
/// label. A key value longer than 24 characters is cut to 23 and ends in "~", so that a long
/// name cannot push the table past a terminal's width; the JSON and CSV keep it whole.
///
/// Cells, by kind of column (docs/output-formats.md lists every column):
/// - counts are integers: `634`;
/// - rates are percent with one decimal and the denominator behind them: `72.5% (634)`;
/// - NPS is points with one decimal and the responses behind them: `-12.5 (40)`;
/// - means of answers (CSAT, CES) have two decimals: `4.25`;
/// - durations are `table_duration`: `4:05`, `1:02:03`.
///
/// An undefined value, a value that cannot be represented (see `cskpi::printable`) and an
/// empty dimension value in a key show as "n/a". Key columns are left-aligned, numbers
/// right-aligned, two spaces apart; lines end with "\n" and carry no trailing blanks. With
/// the default columns and one key column, rows fit 120 characters while every denominator
/// stays below 100,000 and every duration below 100 hours.
///
/// Throws InvalidArgument for a column or sort name that is not in `table_column_names()`.
///
/// Example: `std::cout << cskpi::to_table(cskpi::make_report(records));` prints, under the
/// header, a row "overall  7  66.7% (3) ..." (spaced to the column widths).
[[nodiscard]] std::string to_table(const Report& report, const TableOptions& table = {});

/// `to_table(report, table)`, handed to `sink` in pieces. It formats the rows twice (once for
/// the column widths, once to write them) so that it holds one row at a time and the order of
/// the groups (an index each), never the table.
///
/// Example: `cskpi::write_table([](std::string_view s) { std::fwrite(s.data(), 1, s.size(),
/// stdout); }, report);`
void write_table(const TextSink& sink, const Report& report, const TableOptions& table = {});

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
