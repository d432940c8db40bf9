#include "cskpi/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("quantiles interpolate linearly between closest ranks") {
    const std::vector<double> v{40.0, 10.0, 30.0, 20.0};  // unsorted on purpose
    CHECK(*cskpi::quantile(v, 0.0) == 10.0);
    CHECK(*cskpi::quantile(v, 1.0) == 40.0);
    CHECK_THAT(*cskpi::quantile(v, 0.5), WithinAbs(25.0, 1e-12));  // h = 1.5
    CHECK_THAT(*cskpi::quantile(v, 0.9), WithinAbs(37.0, 1e-12));  // h = 2.7
}

TEST_CASE("summary of first-response times") {
    const std::vector<double> v{60.0, 120.0, 30.0, 600.0, 90.0};
    const auto s = cskpi::summarize(v);
    CHECK(s.count == 5);
    CHECK_THAT(*s.mean, WithinAbs(180.0, 1e-12));
    CHECK(*s.p50 == 90.0);                        // h = 2
    CHECK_THAT(*s.p90, WithinAbs(408.0, 1e-12));  // h = 3.6: 120 + 0.6 x 480
}

TEST_CASE("one value and no values") {
    const auto one = cskpi::summarize(std::vector{5.0});
    CHECK(*one.p50 == 5.0);
    CHECK(*one.p90 == 5.0);
    const auto none = cskpi::summarize(std::vector<double>{});
    CHECK(none.count == 0);
    CHECK_FALSE(none.mean);
    CHECK_FALSE(none.p50);
    CHECK_FALSE(cskpi::quantile(std::vector<double>{}, 0.5));
}

TEST_CASE("invalid quantile arguments") {
    const std::vector<double> v{1.0, 2.0};
    CHECK_THROWS_AS(cskpi::quantile(v, 1.5), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::quantile(v, -0.1), cskpi::InvalidArgument);
    const std::vector<double> bad{1.0, std::numeric_limits<double>::quiet_NaN()};
    CHECK_THROWS_AS(cskpi::summarize(bad), cskpi::InvalidArgument);
}

TEST_CASE("the summary's mean is compensated and survives totals beyond the largest double") {
    // A plain running sum loses the 1 next to 1e16 (the spacing of doubles there is 2).
    const std::vector<double> cancelling{1e16, 1.0, -1e16};
    CHECK_THAT(*cskpi::summarize(cancelling).mean, WithinRel(1.0 / 3.0, 1e-15));
    const double top = std::numeric_limits<double>::max();
    const auto huge = cskpi::summarize(std::vector{top, top, top});
    CHECK(*huge.mean == top);
    CHECK(*huge.p50 == top);
}

TEST_CASE("summaries of a million values, larger than the heap scratch threshold") {
    std::vector<double> v(1'000'000);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] = static_cast<double>((i * 7919) % v.size());  // 0 .. 999999, shuffled
    }
    const auto s = cskpi::summarize(v);
    CHECK(s.count == 1'000'000);
    CHECK(*s.mean == 499999.5);
    CHECK_THAT(*s.p50, WithinAbs(499999.5, 1e-9));  // h = 499999.5
    CHECK_THAT(*s.p90, WithinAbs(899999.1, 1e-6));  // h = 899999.1
    CHECK_THAT(*cskpi::quantile(v, 0.25), WithinAbs(249999.75, 1e-9));
    CHECK(v[1] == 7919.0);  // the input is left as it was
}

namespace {

// The type-7 quantile of `values` by a full sort: what selection must match exactly.
double sorted_quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return *cskpi::quantile_sorted(values, q);
}

// Deterministic values of every sign and magnitude (a 64-bit LCG, Knuth's MMIX constants).
std::vector<double> mixed_values(std::size_t n) {
    std::vector<double> v;
    std::uint64_t x = 20261202;
    for (std::size_t i = 0; i < n; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const double mantissa = static_cast<double>(x >> 11) / 9007199254740992.0;  // [0, 1)
        const int exponent = static_cast<int>((x >> 3) % 40) - 20;
        v.push_back(std::ldexp(mantissa, exponent) * ((x & 1U) != 0 ? -1.0 : 1.0));
    }
    return v;
}

}  // namespace

TEST_CASE("quantiles selected by radix buckets equal a full sort's exactly") {
    const double top = std::numeric_limits<double>::max();
    const double tiny = std::numeric_limits<double>::denorm_min();
    const std::vector<double> qs{0.0, 0.1, 0.5, 0.9, 0.99, 1.0};
    // Around the size where selection switches from copying everything to a histogram (512),
    // and past the largest histogram (2^16 buckets from 2^19 values).
    for (const std::size_t n : {511U, 512U, 513U, 5'000U, 65'536U, 600'000U}) {
        std::vector<double> v = mixed_values(n);
        // Extremes (each twice, so that no quantile interpolates across them), zeros of both
        // signs, duplicates: each at its own place.
        const std::vector<double> specials{top, top, -top, -top, tiny, -tiny, 0.0, -0.0, 7.0, 7.0};
        for (std::size_t i = 0; i < specials.size(); ++i) {
            v[(i * 7919 + 13) % v.size()] = specials[i];
        }
        REQUIRE(std::count(v.begin(), v.end(), top) == 2);
        REQUIRE(std::count(v.begin(), v.end(), -top) == 2);
        REQUIRE(std::count(v.begin(), v.end(), tiny) == 1);
        for (const double q : qs) {
            CHECK(*cskpi::quantile(v, q) == sorted_quantile(v, q));
        }
        const auto s = cskpi::summarize(v);
        CHECK(*s.p50 == sorted_quantile(v, 0.5));
        CHECK(*s.p90 == sorted_quantile(v, 0.9));
    }
    // Every value in one bucket of the histogram (one value, or a narrow range).
    const std::vector<double> same(100'000, 42.5);
    CHECK(*cskpi::quantile(same, 0.9) == 42.5);
    std::vector<double> narrow(200'000);
    for (std::size_t i = 0; i < narrow.size(); ++i) {
        narrow[i] = 100.0 + static_cast<double>((i * 7919) % narrow.size()) * 1e-9;
    }
    for (const double q : qs) {
        CHECK(*cskpi::quantile(narrow, q) == sorted_quantile(narrow, q));
    }
    // Negative durations never reach here, but the order of signs is kept all the same.
    std::vector<double> negative(70'000);
    for (std::size_t i = 0; i < negative.size(); ++i) {
        negative[i] = -static_cast<double>((i * 7919) % negative.size());
    }
    CHECK(*cskpi::quantile(negative, 0.0) == -69'999.0);
    CHECK(*cskpi::quantile(negative, 1.0) == 0.0);
    CHECK_THAT(*cskpi::quantile(negative, 0.5), WithinAbs(-34'999.5, 1e-9));
}

TEST_CASE("summaries of two and three values, whose quantile ranks interleave") {
    // n = 2: p50 between ranks 0 and 1 (h = 0.5), p90 too (h = 0.9); n = 3: ranks 1 and 2.
    const auto two = cskpi::summarize(std::vector{20.0, 10.0});
    CHECK(*two.p50 == 15.0);
    CHECK_THAT(*two.p90, WithinAbs(19.0, 1e-12));
    const auto three = cskpi::summarize(std::vector{30.0, 10.0, 20.0});
    CHECK(*three.p50 == 20.0);                       // h = 1
    CHECK_THAT(*three.p90, WithinAbs(28.0, 1e-12));  // h = 1.8
    const auto same = cskpi::summarize(std::vector{5.0, 5.0, 5.0});
    CHECK(*same.p50 == 5.0);
    CHECK(*same.p90 == 5.0);
}
