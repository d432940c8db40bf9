#include "cskpi/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cskpi/detail/check.hpp"
#include "cskpi/mean.hpp"

namespace cskpi {
namespace {

void require_all_finite(std::span<const double> values, const char* function) {
    for (double v : values) {
        detail::require_finite(v, function, "values");
    }
}

}  // namespace

std::optional<double> quantile_sorted(std::span<const double> sorted, double q) {
    detail::require(q >= 0.0 && q <= 1.0, "quantile", "q", q, "must be in [0, 1]");
    if (sorted.empty()) {
        return std::nullopt;
    }
    const double h = static_cast<double>(sorted.size() - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double frac = h - static_cast<double>(lo);
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

std::optional<double> quantile(std::span<const double> values, double q) {
    require_all_finite(values, "quantile");
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    return quantile_sorted(sorted, q);
}

DistributionSummary summarize(std::span<const double> values) {
    require_all_finite(values, "summarize");
    DistributionSummary summary;
    summary.count = values.size();
    if (values.empty()) {
        return summary;
    }
    Mean mean;
    for (double v : values) {
        mean.add(v);
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    summary.mean = mean.value();
    summary.p50 = quantile_sorted(sorted, 0.5);
    summary.p90 = quantile_sorted(sorted, 0.9);
    return summary;
}

}  // namespace cskpi
