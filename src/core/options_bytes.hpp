#pragma once
// ReportOptions in the saved-state format (docs/state-format.md): the KPI conventions a
// KpiAccumulator keeps, and the grouping a report adds to them. Read back, they are
// validated as the constructors validate them. Internal.

#include "cskpi/detail/state_bytes.hpp"
#include "cskpi/report_options.hpp"

namespace cskpi::detail {

// CSAT scale, service-level target, short-abandon cut, abandon and FCR modes.
void write_kpi_options(ByteWriter& out, const ReportOptions& options);
void read_kpi_options(ByteReader& in, ReportOptions& options);

// The KPI conventions, then group_by, period, UTC offset and FCR window.
void write_report_options(ByteWriter& out, const ReportOptions& options);
[[nodiscard]] ReportOptions read_report_options(ByteReader& in);

}  // namespace cskpi::detail
