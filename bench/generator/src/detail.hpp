#pragma once
// Internals of the generator: a portable PRNG, integer-only sampling and text helpers.
//
// Nothing here uses <random> distributions or floating-point library functions: their results
// are implementation-defined or differ in the last bit between platforms. Every random quantity
// is computed with integer arithmetic, so a seed gives the same records everywhere.

#include <chrono>
#include <cstdint>
#include <string>

#include "tables.hpp"

namespace cskpi::generator::detail {

/// splitmix64 (Steele, Lea & Flood 2014): seeds xoshiro and hashes keys.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
}

/// A stateless 64-bit hash of a key, e.g. `mix(seed, customer_index)`.
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
    std::uint64_t s = a ^ (b * 0xd1342543de82ef95ULL);
    return splitmix64(s);
}

/// 64 x 64 -> 128-bit product as (high, low), portable.
struct U128 {
    std::uint64_t hi;
    std::uint64_t lo;
};

constexpr U128 mul_wide(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    const u128 p = static_cast<u128>(a) * b;
    return {static_cast<std::uint64_t>(p >> 64U), static_cast<std::uint64_t>(p)};
#else
    const std::uint64_t a_lo = a & 0xffffffffULL;
    const std::uint64_t a_hi = a >> 32U;
    const std::uint64_t b_lo = b & 0xffffffffULL;
    const std::uint64_t b_hi = b >> 32U;
    const std::uint64_t ll = a_lo * b_lo;
    const std::uint64_t lh = a_lo * b_hi;
    const std::uint64_t hl = a_hi * b_lo;
    const std::uint64_t hh = a_hi * b_hi;
    const std::uint64_t mid = (ll >> 32U) + (lh & 0xffffffffULL) + (hl & 0xffffffffULL);
    return {hh + (lh >> 32U) + (hl >> 32U) + (mid >> 32U), (mid << 32U) | (ll & 0xffffffffULL)};
#endif
}

/// floor(a * b / c) for c > 0, exact for any a, b whose result fits in 64 bits.
constexpr std::uint64_t mul_div(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
    U128 p = mul_wide(a, b);
    if (p.hi == 0) {
        return p.lo / c;
    }
#if defined(__SIZEOF_INT128__)
    __extension__ using u128 = unsigned __int128;
    return static_cast<std::uint64_t>(((static_cast<u128>(p.hi) << 64U) | p.lo) / c);
#else
    // Restoring binary long division of the 128-bit product.
    std::uint64_t q = 0;
    std::uint64_t r = 0;
    for (int i = 127; i >= 0; --i) {
        const bool top = (r >> 63U) != 0;
        const std::uint64_t bit = i >= 64 ? (p.hi >> static_cast<unsigned>(i - 64)) & 1U
                                          : (p.lo >> static_cast<unsigned>(i)) & 1U;
        r = (r << 1U) | bit;
        q <<= 1U;
        if (top || r >= c) {
            r -= c;
            q |= 1U;
        }
    }
    return q;
#endif
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018), seeded through splitmix64.
class Rng {
  public:
    explicit constexpr Rng(std::uint64_t seed) noexcept {
        std::uint64_t s = seed;
        for (auto& word : s_) {
            word = splitmix64(s);
        }
    }

    constexpr std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5U, 7) * 9U;
        const std::uint64_t t = s_[1] << 17U;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform in [0, n) for 0 < n <= 2^32 (n = 0 gives 0).
    constexpr std::uint64_t below(std::uint64_t n) noexcept { return ((next() >> 32U) * n) >> 32U; }

    /// Uniform in [lo, hi].
    constexpr std::uint64_t between(std::uint64_t lo, std::uint64_t hi) noexcept {
        return lo + below(hi - lo + 1);
    }

    /// True with probability num / den.
    constexpr bool chance(std::uint64_t num, std::uint64_t den) noexcept {
        return below(den) < num;
    }

    /// True with probability threshold / 2^64 (see `probability_threshold`).
    constexpr bool bernoulli(std::uint64_t threshold) noexcept {
        return threshold == UINT64_MAX || next() < threshold;
    }

    /// A draw from a piecewise-linear inverse CDF.
    constexpr std::uint64_t sample(const Table& table) noexcept {
        const std::uint64_t u = next();
        // The top 6 bits pick the segment (64 segments), the next 32 the point inside it.
        static_assert(kTableSegments == 64);
        const std::uint64_t seg = u >> 58U;
        const std::uint64_t frac = (u >> 26U) & 0xffffffffULL;
        const std::uint64_t a = table[seg];
        const U128 p = mul_wide(table[seg + 1] - a, frac);  // floor(p / 2^32)
        return a + ((p.hi << 32U) | (p.lo >> 32U));
    }

    /// Picks an index by integer weights.
    template <typename Array>
    constexpr std::size_t pick(const Array& weights) noexcept {
        std::uint64_t total = 0;
        for (auto w : weights) {
            total += static_cast<std::uint64_t>(w);
        }
        std::uint64_t r = below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            const auto w = static_cast<std::uint64_t>(weights[i]);
            if (r < w) {
                return i;
            }
            r -= w;
        }
        return weights.size() - 1;
    }

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << static_cast<unsigned>(k)) | (x >> static_cast<unsigned>(64 - k));
    }
    std::uint64_t s_[4]{};
};

/// p in [0, 1] as a threshold for `Rng::bernoulli`; exact (scaling by 2^64 is exact).
std::uint64_t probability_threshold(double p);

/// The mean of a table's distribution, in the table's units (exact up to rounding down).
constexpr std::uint64_t table_mean(const Table& table) noexcept {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kTableSegments; ++i) {
        sum += table[i] + table[i + 1];
    }
    return sum / (2 * kTableSegments);
}

/// Appends `value` in decimal, left-padded with zeros to `width` digits.
void append_padded(std::string& out, std::uint64_t value, int width);

/// Appends "prefix" + zero-padded number, e.g. ("a-", 7, 3) -> "a-007".
inline void assign_id(std::string& out, const char* prefix, std::uint64_t value, int width) {
    out.assign(prefix);
    append_padded(out, value, width);
}

/// Appends an RFC 3339 UTC timestamp: 2025-01-31T09:15:00Z, or with ".123" when the
/// millisecond part is not zero.
void append_timestamp(std::string& out, std::chrono::sys_time<std::chrono::milliseconds> t);

/// Appends a double in its shortest round-trip form (std::to_chars), e.g. 12.375, 40, 0.5.
void append_number(std::string& out, double value);

}  // namespace cskpi::generator::detail
