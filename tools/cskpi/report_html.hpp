#pragma once
// `cskpi report --format html`: the report as a page a person reads (docs/report.md).

#include <cstddef>
#include <string>

#include "cskpi/input_summary.hpp"
#include "cskpi/report.hpp"

namespace cskpi::cli {

// The most groups the ranked table and the funnel plots draw: past it, the half with the most
// contacts and the half with the fewest, and a note of how many were left out, so that a page
// for 100,000 customers stays a page.
inline constexpr std::size_t html_group_limit = 200;

// The most series a trend chart draws when the report is grouped as well as by period: the
// groups with the most contacts.
inline constexpr std::size_t html_trend_series = 6;

// The page: headline tiles (each KPI with its n and 95% interval); with a period, a trend
// chart per KPI; with groups, a ranked table sortable by any column and a funnel plot per
// rate KPI; a footer with the options and the input account.
//
// Example: write_stdout(report_to_html(accumulator.report(), summary));
[[nodiscard]] std::string report_to_html(const Report& report, const InputSummary& summary);

}  // namespace cskpi::cli
