#pragma once
/// \file
/// The umbrella header of the CLV models (target cskpi::clv): RFM summaries, BG/NBD, MBG/NBD,
/// Pareto/NBD, Gamma-Gamma and customer lifetime value. Includes the core umbrella.
///
/// Example: `#include <cskpi/clv.hpp>` then `cskpi::clv::BgNbd::fit(rfm)`.

#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/holdout.hpp"
#include "cskpi/clv/mbgnbd.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"
#include "cskpi/clv/time_unit.hpp"
#include "cskpi/cskpi.hpp"
