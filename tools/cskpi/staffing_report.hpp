#pragma once
// `cskpi staffing --from-report`: the per-interval contacts and AHT of a `cskpi report
// --period 15m|30m|1h --format json` document, for Erlang C staffing interval by interval.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cskpi/staffing.hpp"

namespace cskpi::cli {

// One group of the report: its interval label, the other key values ("queue=billing"), the
// contacts offered and their AHT (empty when no contact was handled).
struct ReportInterval {
    std::string period;
    std::string group;
    std::uint64_t contacts = 0;
    std::optional<double> aht_seconds;
};

struct ReportIntervals {
    double interval_seconds = 0.0;            // 900, 1800 or 3600
    std::optional<double> overall_aht{};      // the report's overall AHT
    std::vector<ReportInterval> intervals{};  // in report order (by group, then time)
};

// Reads the report from a file, or stdin for "-". Throws UsageError, naming --from-report,
// for a file that is not an interval report.
[[nodiscard]] ReportIntervals read_report_intervals(const std::string& path);

// The same from a parsed document.
[[nodiscard]] ReportIntervals report_intervals(const nlohmann::ordered_json& report);

// One staffing result per interval of a report: its key, contacts and AHT (the overall AHT
// where no contact of the interval was handled), then the figures.
struct IntervalStaffing {
    ReportInterval interval;
    double aht = 0.0;
    StaffingResult result;
};

}  // namespace cskpi::cli
