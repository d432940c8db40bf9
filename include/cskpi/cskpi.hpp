#pragma once
/// \file
/// The umbrella header of the core library (target cskpi::cskpi): formulas, statistics,
/// records, the report engine, retention and staffing. The CLV models (target cskpi::clv) and
/// the JSON adapter (target cskpi::json) have their own umbrellas, `cskpi/clv.hpp` and
/// `cskpi/json.hpp`, so that what a program includes says what it must link.
///
/// Example: `#include <cskpi/cskpi.hpp>` then `cskpi::fcr(850, 1000).value` is 85.0.

#include "cskpi/business_hours.hpp"
#include "cskpi/clv_formulas.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/distribution.hpp"
#include "cskpi/error.hpp"
#include "cskpi/funnel.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/kpi_set.hpp"
#include "cskpi/mean.hpp"
#include "cskpi/nps.hpp"
#include "cskpi/period.hpp"
#include "cskpi/queue_kpis.hpp"
#include "cskpi/rate.hpp"
#include "cskpi/record_validation.hpp"
#include "cskpi/records.hpp"
#include "cskpi/report.hpp"
#include "cskpi/report_format.hpp"
#include "cskpi/report_options.hpp"
#include "cskpi/retention.hpp"
#include "cskpi/retention_report.hpp"
#include "cskpi/staffing.hpp"
#include "cskpi/text_output.hpp"
#include "cskpi/version.hpp"
