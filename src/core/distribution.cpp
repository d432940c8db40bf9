#include "cskpi/distribution.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "cskpi/detail/check.hpp"
#include "cskpi/detail/sample_vector.hpp"
#include "cskpi/mean.hpp"
#include "summarize_in_place.hpp"

namespace cskpi {
namespace {

void require_all_finite(std::span<const double> values, const char* function) {
    for (double v : values) {
        detail::require_finite(v, function, "values");
    }
}

// Hyndman & Fan's definition 7: the q-quantile of n sorted values lies `frac` of the way from
// rank `lo` to rank lo + 1 (0-based), with h = (n - 1) q, lo = ⌊h⌋, frac = h - lo.
struct Type7Position {
    std::size_t lo;
    double frac;
};

Type7Position type7_position(std::size_t n, double q) {
    const double h = static_cast<double>(n - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    return {lo, h - static_cast<double>(lo)};
}

// Quantiles by selection instead of a full sort (linear time, the same values): for each q
// in ascending order, place rank ⌊h⌋ with nth_element among the ranks not yet placed below
// it; rank ⌊h⌋ + 1 is then the smallest value above it.
template <std::size_t N>
std::array<double, N> select_quantiles(std::span<double> work, const std::array<double, N>& qs) {
    std::array<double, N> out{};
    auto from = work.begin();
    const std::size_t n = work.size();
    for (std::size_t k = 0; k < N; ++k) {
        const auto [lo, frac] = type7_position(n, qs[k]);
        const auto at = work.begin() + static_cast<std::ptrdiff_t>(lo);
        std::nth_element(from, at, work.end());
        const double low = *at;
        const double high = lo + 1 < n ? *std::min_element(at + 1, work.end()) : low;
        out[k] = low + frac * (high - low);
        from = at;
    }
    return out;
}

}  // namespace

std::optional<double> quantile_sorted(std::span<const double> sorted, double q) {
    detail::require(q >= 0.0 && q <= 1.0, "quantile", "q", q, "must be in [0, 1]");
    if (sorted.empty()) {
        return std::nullopt;
    }
    const auto [lo, frac] = type7_position(sorted.size(), q);
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

std::optional<double> quantile(std::span<const double> values, double q) {
    require_all_finite(values, "quantile");
    detail::require(q >= 0.0 && q <= 1.0, "quantile", "q", q, "must be in [0, 1]");
    if (values.empty()) {
        return std::nullopt;
    }
    detail::SampleVector work;
    work.append(values);
    return select_quantiles(work.values(), std::array{q})[0];
}

DistributionSummary summarize(std::span<const double> values) {
    require_all_finite(values, "summarize");
    // The selection reorders a copy, in mapped memory when large (cheap to commit here).
    detail::SampleVector work;
    work.append(values);
    return detail::summarize_in_place(work.values());
}

namespace detail {

DistributionSummary summarize_in_place(std::span<double> values) {
    DistributionSummary summary;
    summary.count = values.size();
    if (values.empty()) {
        return summary;
    }
    // One compensated sum (Neumaier 1974, ZAMM 54(1)): a mean as accurate as Welford's
    // without a division per value.
    double sum = 0.0;
    double compensation = 0.0;
    for (double v : values) {
        const double t = sum + v;
        compensation += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }
    summary.mean = (sum + compensation) / static_cast<double>(values.size());
    if (!std::isfinite(*summary.mean)) {
        // The total overflowed (values near the largest double); Welford's running mean
        // does not.
        Mean mean;
        for (double v : values) {
            mean.add(v);
        }
        summary.mean = mean.value();
    }
    const auto [p50, p90] = select_quantiles(values, std::array{0.5, 0.9});
    summary.p50 = p50;
    summary.p90 = p90;
    return summary;
}

}  // namespace detail

}  // namespace cskpi
