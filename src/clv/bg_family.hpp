#pragma once
// BG/NBD and MBG/NBD share their likelihood up to a shift of one in the Beta part: this is the
// common implementation. Internal.

#include <span>
#include <string_view>

#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/rfm.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv::detail {

struct BgFamilyParams {
    double r, alpha, a, b;
};

/// Per-customer log-likelihood. modified = false: BG/NBD (FHL 2005 eq. 6); true: MBG/NBD
/// (Batislam et al. 2007), where the dropout coin is also tossed right after the first purchase.
double bg_family_log_likelihood(const BgFamilyParams& p, const Rfm& c, bool modified);

/// log of the odds (1 - P(alive)) / P(alive); -inf when the customer is surely alive.
double bg_family_log_dead_odds(const BgFamilyParams& p, const Rfm& c, bool modified);

/// Maximum-likelihood fit; the data must already be validated.
EngineResult fit_bg_family(std::span<const Rfm> data, const FitOptions& options, bool modified);

}  // namespace cskpi::clv::detail
