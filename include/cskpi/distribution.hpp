#pragma once
/// \file
/// `DistributionSummary`: count, mean, median and 90th percentile of a set of durations.

#include <cstdint>
#include <optional>
#include <span>

namespace cskpi {

/// Count, mean, p50 and p90 of a sample, e.g. first-response or resolution times.
/// The statistics are empty when the sample is empty.
///
/// Example: `cskpi::summarize(std::vector{1.0, 2.0, 3.0, 4.0}).p50` is 2.5.
struct DistributionSummary {
    std::uint64_t count = 0;
    std::optional<double> mean{};
    std::optional<double> p50{};
    std::optional<double> p90{};
    friend bool operator==(const DistributionSummary&, const DistributionSummary&) = default;
};

/// The q-quantile (0 <= q <= 1) of `values` by linear interpolation between closest ranks:
/// position h = (n - 1) q, result x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]) on the sorted values.
/// This is definition 7 of Hyndman & Fan (1996, "Sample quantiles in statistical packages",
/// The American Statistician 50(4)), NumPy's default and DuckDB's `quantile_cont`.
/// `values` need not be sorted. Empty for an empty sample; throws InvalidArgument for q
/// outside [0, 1] or a non-finite value.
///
/// Example: `cskpi::quantile(std::vector{10.0, 20.0, 30.0, 40.0}, 0.9)` is 37.0.
[[nodiscard]] std::optional<double> quantile(std::span<const double> values, double q);

/// The quantile of values already sorted ascending (no copy, no check of the order).
///
/// Example: `cskpi::quantile_sorted(sorted, 0.5)`.
[[nodiscard]] std::optional<double> quantile_sorted(std::span<const double> sorted, double q);

/// Count, mean, p50 and p90 of `values` (any order). Throws InvalidArgument for a
/// non-finite value.
///
/// Example: `cskpi::summarize(std::vector{5.0}).p90` is 5.0.
[[nodiscard]] DistributionSummary summarize(std::span<const double> values);

}  // namespace cskpi
