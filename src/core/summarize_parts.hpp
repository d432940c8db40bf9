#pragma once
// summarize() without its checks and without copying the values, over values held in several
// parts (a report's groups' samples, taken as one sample, for its overall KPIs), for samples
// the caller has validated. Internal: not part of the public API.

#include <span>

#include "cskpi/distribution.hpp"

namespace cskpi::detail {

/// The summary of the finite values of `parts`, taken in order as one sample; reads them
/// only. The same as summarize() of their concatenation.
DistributionSummary summarize_parts(std::span<const std::span<const double>> parts);

}  // namespace cskpi::detail
