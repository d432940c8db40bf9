#pragma once
// `cskpi staffing --format html`: Erlang C staffing as a page (docs/report.md).

#include <string>
#include <string_view>
#include <vector>

#include "cskpi/staffing.hpp"
#include "staffing_report.hpp"

namespace cskpi::cli {

// One volume's staffing: the request in a line, then a tile per figure.
//
// Example: write_stdout(staffing_to_html(result, "100 contacts per 30m, ..."));
[[nodiscard]] std::string staffing_to_html(const StaffingResult& result, std::string_view request);

// Staffing interval by interval (`--from-report`): agents needed and contacts per interval
// as bars, and the table of every figure.
//
// Example: write_stdout(intervals_to_html(rows, 1800.0));
[[nodiscard]] std::string intervals_to_html(const std::vector<IntervalStaffing>& rows,
                                            double interval_seconds);

}  // namespace cskpi::cli
