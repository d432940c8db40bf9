#pragma once
// `cskpi retention --format html`: retention as a page (docs/report.md).

#include <cstddef>
#include <string>

#include "cskpi/input_summary.hpp"
#include "cskpi/retention_report.hpp"

namespace cskpi::cli {

// The most cohorts, and periods after the first, the heat map draws: the latest ones.
inline constexpr std::size_t html_cohort_limit = 36;

// The page: tiles (customers, records, the last period's retention), the retention rate by
// period with its 95% interval, and the cohort triangle as a heat map with the share of each
// cohort active k periods later in its cells.
//
// Example: write_stdout(retention_to_html(report, summary));
[[nodiscard]] std::string retention_to_html(const RetentionReport& report,
                                            const InputSummary& summary);

}  // namespace cskpi::cli
