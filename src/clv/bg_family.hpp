#pragma once
// BG/NBD and MBG/NBD share their likelihood up to a shift of one in the Beta part: this is the
// common implementation. Internal.

#include <span>
#include <string_view>
#include <vector>

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

/// Fitted (r, alpha, a, b) and the fit's report.
struct BgFamilyFit {
    BgFamilyParams params;
    FitReport report;
};

/// Validates the data and options of `function` (e.g. "BgNbd::fit", named in errors), then
/// fits: BG/NBD when `modified` is false, MBG/NBD when true.
BgFamilyFit checked_fit_bg_family(std::span<const Rfm> data, const FitOptions& options,
                                  bool modified, std::string_view function);

/// Throws InvalidArgument unless r, alpha, a and b are all > 0 (`model`: the constructor).
void check_bg_family_params(const BgFamilyParams& p, std::string_view model);

/// The parameter names of both models, in the order of their parameter structs.
std::vector<std::string_view> bg_family_parameter_names();

/// 1 / (1 + e^l) without overflow: P(alive) from bg_family_log_dead_odds.
double logistic_complement(double l);

}  // namespace cskpi::clv::detail
