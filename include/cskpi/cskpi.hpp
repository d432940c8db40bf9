#pragma once
/// \file
/// The umbrella header: everything in the core library.
///
/// Example: `#include <cskpi/cskpi.hpp>` then `cskpi::fcr(850, 1000).value` is 85.0.

#include "cskpi/clv_formulas.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/distribution.hpp"
#include "cskpi/error.hpp"
#include "cskpi/mean.hpp"
#include "cskpi/nps.hpp"
#include "cskpi/queue_kpis.hpp"
#include "cskpi/rate.hpp"
#include "cskpi/records.hpp"
#include "cskpi/report_format.hpp"
#include "cskpi/retention.hpp"
#include "cskpi/retention_report.hpp"
#include "cskpi/version.hpp"
