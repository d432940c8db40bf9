#include "cskpi/distribution.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "cskpi/detail/check.hpp"
#include "cskpi/mean.hpp"
#include "summarize_parts.hpp"

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

// An unsigned key in the order of the finite doubles (-0.0 just below +0.0, which changes no
// quantile: low + frac (high - low) makes every zero result +0.0): the sign bit set for
// positive values, every bit flipped for negative ones.
std::uint64_t order_key(double v) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

bool before(double a, double b) noexcept {
    return order_key(a) < order_key(b);
}

using Parts = std::span<const std::span<const double>>;

template <typename Visit>
void for_each_value(Parts parts, Visit visit) {
    for (const auto part : parts) {
        for (const double v : part) {
            visit(v);
        }
    }
}

// Below this many values, selecting among a copy of them all is cheaper than a histogram.
constexpr std::size_t kRadixFrom = 512;

// The values at `ranks` (each below `n`, the values' count; in any order, though a rank
// below the one before it in the same bucket must be one placed already) of the sorted values
// of `parts`, which are read only. A radix select over the range the values span: one
// pass finds the smallest and largest order key, a second counts the values per bucket of
// that range (about n / 8 buckets, at most 2^16), which places each rank in a bucket; a
// third gathers only those buckets' values, and std::nth_element selects among them. Linear
// time like nth_element over everything, but selection touches a few values per bucket,
// and the samples are neither reordered nor copied whole.
template <std::size_t M>
std::array<double, M> values_at_ranks(Parts parts, std::size_t n,
                                      const std::array<std::size_t, M>& ranks) {
    std::array<double, M> out{};
    // Each selection searches only from the rank placed before it in the same pool (`from`),
    // or from its own rank when that lies below (with 2 or 3 values the ranks of p50 and p90
    // interleave): the values from a placed rank on are the larger ones, so the rank's value
    // is still among them.
    const auto select = [](std::vector<double>& pool, std::size_t& from, std::size_t rank) {
        const auto at = pool.begin() + static_cast<std::ptrdiff_t>(rank);
        std::nth_element(pool.begin() + static_cast<std::ptrdiff_t>(std::min(from, rank)), at,
                         pool.end(), before);
        from = rank;
        return *at;
    };
    std::array<std::size_t, M> from{};
    if (n < kRadixFrom) {
        std::vector<double> pool;
        pool.reserve(n);
        for_each_value(parts, [&](double v) { pool.push_back(v); });
        for (std::size_t k = 0; k < M; ++k) {
            out[k] = select(pool, from[0], ranks[k]);
        }
        return out;
    }
    std::uint64_t lowest = ~std::uint64_t{0};
    std::uint64_t highest = 0;
    for_each_value(parts, [&](double v) {
        const std::uint64_t key = order_key(v);
        lowest = std::min(lowest, key);
        highest = std::max(highest, key);
    });
    const auto bucket_bits =
        static_cast<unsigned>(std::clamp(static_cast<int>(std::bit_width(n)) - 3, 6, 16));
    const auto range_bits = static_cast<unsigned>(std::bit_width(highest - lowest));
    const unsigned shift = range_bits > bucket_bits ? range_bits - bucket_bits : 0U;
    const auto bucket_of = [&](double v) {
        return static_cast<std::size_t>((order_key(v) - lowest) >> shift);
    };
    std::vector<std::size_t> counts(std::size_t{1} << bucket_bits, 0);
    for_each_value(parts, [&](double v) { ++counts[bucket_of(v)]; });
    std::array<std::size_t, M> bucket{};
    std::array<std::size_t, M> rank_in_bucket{};
    for (std::size_t k = 0; k < M; ++k) {  // each from the start: ranks may repeat or interleave
        std::size_t below = 0;             // values in the buckets before bucket b
        std::size_t b = 0;
        while (below + counts[b] <= ranks[k]) {
            below += counts[b++];
        }
        bucket[k] = b;
        rank_in_bucket[k] = ranks[k] - below;
    }
    std::vector<std::uint8_t> pool_of(counts.size(), 0);  // pool number + 1; 0: not gathered
    std::array<std::vector<double>, M> pools;
    std::uint8_t used = 0;
    for (std::size_t k = 0; k < M; ++k) {
        if (pool_of[bucket[k]] == 0) {
            pools[used].reserve(counts[bucket[k]]);
            pool_of[bucket[k]] = ++used;
        }
    }
    for_each_value(parts, [&](double v) {
        if (const std::uint8_t p = pool_of[bucket_of(v)]; p != 0) {
            pools[p - 1].push_back(v);
        }
    });
    for (std::size_t k = 0; k < M; ++k) {
        const std::size_t p = pool_of[bucket[k]] - 1U;
        out[k] = select(pools[p], from[p], rank_in_bucket[k]);
    }
    return out;
}

// Quantiles by selection instead of a full sort (linear time, the same values): for each q,
// the values at ranks ⌊h⌋ and ⌊h⌋ + 1 (the last rank twice at the top).
template <std::size_t N>
std::array<double, N> select_quantiles(Parts parts, std::size_t n,
                                       const std::array<double, N>& qs) {
    std::array<std::size_t, 2 * N> ranks{};
    std::array<double, N> fracs{};
    for (std::size_t k = 0; k < N; ++k) {
        const auto [lo, frac] = type7_position(n, qs[k]);
        ranks[2 * k] = lo;
        ranks[2 * k + 1] = std::min(lo + 1, n - 1);
        fracs[k] = frac;
    }
    const std::array<double, 2 * N> at = values_at_ranks(parts, n, ranks);
    std::array<double, N> out{};
    for (std::size_t k = 0; k < N; ++k) {
        const double low = at[2 * k];
        const double high = at[2 * k + 1];
        out[k] = low + fracs[k] * (high - low);
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
    const std::array parts{values};
    return select_quantiles(std::span(parts), values.size(), std::array{q})[0];
}

DistributionSummary summarize(std::span<const double> values) {
    require_all_finite(values, "summarize");
    const std::array parts{values};
    return detail::summarize_parts(parts);
}

namespace detail {

DistributionSummary summarize_parts(std::span<const std::span<const double>> parts) {
    DistributionSummary summary;
    for (const auto part : parts) {
        summary.count += part.size();
    }
    if (summary.count == 0) {
        return summary;
    }
    // One compensated sum (Neumaier 1974, ZAMM 54(1)): a mean as accurate as Welford's
    // without a division per value.
    double sum = 0.0;
    double compensation = 0.0;
    for_each_value(parts, [&](double v) {
        const double t = sum + v;
        compensation += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    });
    const auto n = static_cast<std::size_t>(summary.count);
    summary.mean = (sum + compensation) / static_cast<double>(n);
    if (!std::isfinite(*summary.mean)) {
        // The total overflowed (values near the largest double); Welford's running mean
        // does not.
        Mean mean;
        for_each_value(parts, [&](double v) { mean.add(v); });
        summary.mean = mean.value();
    }
    const auto [p50, p90] = select_quantiles(parts, n, std::array{0.5, 0.9});
    summary.p50 = p50;
    summary.p90 = p90;
    return summary;
}

}  // namespace detail

}  // namespace cskpi
