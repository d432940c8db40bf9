#pragma once
// summarize() without its checks and its copy, for samples the caller owns and has validated
// (a KpiAccumulator's own, or a temporary one's). Internal: not part of the public API.

#include <span>

#include "cskpi/distribution.hpp"

namespace cskpi::detail {

/// The summary of `values` (all finite), selecting the quantiles in place: reorders them.
DistributionSummary summarize_in_place(std::span<double> values);

}  // namespace cskpi::detail
