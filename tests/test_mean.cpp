#include "cskpi/mean.hpp"

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("mean and sample standard deviation by hand") {
    cskpi::Mean m;
    for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) {
        m.add(x);
    }
    CHECK(m.count() == 8);
    CHECK(m.sum() == 40.0);
    CHECK_THAT(*m.value(), WithinAbs(5.0, 1e-15));
    // Squared deviations sum to 32; sample variance 32 / 7.
    CHECK_THAT(*m.stddev(), WithinAbs(std::sqrt(32.0 / 7.0), 1e-14));
}

TEST_CASE("empty and single-value means") {
    cskpi::Mean m;
    CHECK(m.count() == 0);
    CHECK_FALSE(m.value());
    CHECK_FALSE(m.stddev());
    m.add(3.5);
    CHECK(*m.value() == 3.5);
    CHECK_FALSE(m.stddev());
}

TEST_CASE("merging equals accumulating in one place") {
    cskpi::Mean all;
    cskpi::Mean left;
    cskpi::Mean right;
    for (int i = 0; i < 100; ++i) {
        const double x = 1000.0 + 0.5 * i + (i % 7) * 0.125;
        all.add(x);
        (i < 37 ? left : right).add(x);
    }
    cskpi::Mean merged = left;
    merged.merge(right);
    CHECK(merged.count() == all.count());
    CHECK_THAT(*merged.value(), WithinRel(*all.value(), 1e-14));
    CHECK_THAT(*merged.stddev(), WithinRel(*all.stddev(), 1e-12));
    cskpi::Mean empty;
    empty.merge(left);
    CHECK(empty.count() == left.count());
    left.merge(cskpi::Mean{});
    CHECK(left.count() == 37);
}

TEST_CASE("Welford is stable where the naive formula cancels") {
    // Values 1e9 + {4, 7, 13, 16}: the naive sum of squares loses every digit in doubles.
    cskpi::Mean m;
    for (double x : {4.0, 7.0, 13.0, 16.0}) {
        m.add(1e9 + x);
    }
    CHECK_THAT(*m.stddev(), WithinAbs(std::sqrt(30.0), 1e-6));
}

TEST_CASE("from_total carries count and mean without spread") {
    const auto m = cskpi::Mean::from_total(24000.0, 1000);
    CHECK(*m.value() == 24.0);
    CHECK(m.sum() == 24000.0);
    CHECK_FALSE(m.stddev());
    CHECK_FALSE(cskpi::Mean::from_total(0.0, 0).value());
    CHECK_THROWS_AS(cskpi::Mean::from_total(5.0, 0), cskpi::InvalidArgument);
}

TEST_CASE("non-finite values are rejected") {
    cskpi::Mean m;
    CHECK_THROWS_AS(m.add(std::numeric_limits<double>::quiet_NaN()), cskpi::InvalidArgument);
    CHECK_THROWS_AS(m.add(std::numeric_limits<double>::infinity()), cskpi::InvalidArgument);
    CHECK(m.count() == 0);
}

TEST_CASE("adding a span: the hand-worked values, as one by one") {
    const std::vector<double> values{2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0};
    cskpi::Mean m;
    m.add(values);
    CHECK(m.count() == 8);
    CHECK(m.sum() == 40.0);
    CHECK(*m.value() == 5.0);  // every block sum is exact here
    CHECK_THAT(*m.stddev(), WithinRel(std::sqrt(32.0 / 7.0), 1e-15));
    m.add(std::span<const double>{});  // nothing
    CHECK(m.count() == 8);
    cskpi::Mean single;
    single.add(std::vector<double>{3.5});
    CHECK(*single.value() == 3.5);
    CHECK_FALSE(single.stddev());
}

TEST_CASE("adding a span across blocks agrees with adding one by one") {
    // 1000 values (blocks of 256 and a short last one) about 1e9, where sums of squares cancel:
    // 1e9 + k/8 for k = 0..999 has mean 1e9 + 999/16 and variance (1000^2 - 1) / (12 * 64)
    // * 1000 / 999, as a discrete uniform sample scaled by 1/8.
    std::vector<double> values;
    cskpi::Mean one_by_one;
    for (int k = 0; k < 1000; ++k) {
        values.push_back(1e9 + k / 8.0);
        one_by_one.add(values.back());
    }
    cskpi::Mean spans;
    spans.add(std::span(values).first(300));  // into an empty mean, then into a filled one
    spans.add(std::span(values).subspan(300));
    const double stddev = std::sqrt((1000.0 * 1000.0 - 1.0) / (12.0 * 64.0) * 1000.0 / 999.0);
    CHECK(spans.count() == 1000);
    CHECK(spans.sum() == one_by_one.sum());  // exact: every partial sum is a multiple of 1/8
    CHECK_THAT(*spans.value(), WithinAbs(1e9 + 999.0 / 16.0, 1e-6));
    CHECK_THAT(*spans.stddev(), WithinRel(stddev, 1e-12));
    CHECK_THAT(*one_by_one.stddev(), WithinRel(stddev, 1e-9));
    // Stable where the naive formula loses every digit, as Welford is.
    cskpi::Mean shifted;
    shifted.add(std::vector<double>{1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0});
    CHECK_THAT(*shifted.stddev(), WithinRel(std::sqrt(30.0), 1e-12));
}

TEST_CASE("adding a span near the largest double falls back to one by one") {
    const double top = std::numeric_limits<double>::max();
    const std::vector<double> values{top, top / 2.0, 1.0};  // the block's sum overflows
    cskpi::Mean spans;
    spans.add(values);
    cskpi::Mean one_by_one;
    for (const double x : values) {
        one_by_one.add(x);
    }
    CHECK(spans.count() == 3);
    CHECK(spans.value() == one_by_one.value());  // the same path: finite, to the last bit
    CHECK(std::isfinite(*spans.value()));
    CHECK(spans.sum() == one_by_one.sum());
}

TEST_CASE("adding a span with a non-finite value adds nothing") {
    std::vector<double> values(600, 1.0);
    values[599] = std::numeric_limits<double>::infinity();  // in the last block
    cskpi::Mean m;
    m.add(1.0);
    CHECK_THROWS_AS(m.add(values), cskpi::InvalidArgument);
    values[599] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(m.add(values), cskpi::InvalidArgument);
    CHECK(m.count() == 1);
    CHECK(m.sum() == 1.0);
}

TEST_CASE("from_moments: a mean from its sum and squared deviations") {
    const auto m = cskpi::Mean::from_moments(3, 12.0, 8.0);  // {2, 4, 6}
    CHECK(m.count() == 3);
    CHECK(*m.value() == 4.0);
    CHECK(*m.stddev() == 2.0);
    cskpi::Mean merged = cskpi::Mean::from_moments(1, 2.0, 0.0);
    merged.merge(cskpi::Mean::from_moments(2, 10.0, 2.0));  // {2} and {4, 6}
    CHECK(*merged.value() == 4.0);
    CHECK_THAT(*merged.stddev(), WithinRel(2.0, 1e-15));
    CHECK_FALSE(cskpi::Mean::from_moments(0, 0.0, 0.0).value());
    CHECK_THROWS_AS(cskpi::Mean::from_moments(0, 5.0, 0.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::Mean::from_moments(2, 1.0, -1.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::Mean::from_moments(1, 5.0, 3.0), cskpi::InvalidArgument);  // one value
    CHECK_THROWS_AS(cskpi::Mean::from_moments(2, std::numeric_limits<double>::infinity(), 0.0),
                    cskpi::InvalidArgument);
}

TEST_CASE("adding a span where squaring the block's deviation sum would overflow") {
    // 256 values alternating 1e168 and the next double up, d apart: 128 of each, so the
    // sample standard deviation is d / 2 * sqrt(256 / 255), about 1.05e152: finite, though the
    // sum of deviations from the rounded block mean, squared, is not. (Welford one by one
    // gives 1.48e152 here: its running mean cannot hold the midpoint.)
    const double x = 1e168;
    const double up = std::nextafter(x, std::numeric_limits<double>::infinity());
    std::vector<double> values;
    for (int k = 0; k < 256; ++k) {
        values.push_back(k % 2 == 0 ? x : up);
    }
    cskpi::Mean spans;
    spans.add(values);
    CHECK_THAT(*spans.stddev(), WithinRel((up - x) / 2.0 * std::sqrt(256.0 / 255.0), 1e-9));
}

TEST_CASE("a mean without spread stays so when values are added to it, by span or one by one") {
    cskpi::Mean by_span = cskpi::Mean::from_total(0.0, 0);
    by_span.add(std::vector<double>{1.0, 2.0, 3.0});
    cskpi::Mean one_by_one = cskpi::Mean::from_total(0.0, 0);
    for (const double v : {1.0, 2.0, 3.0}) {
        one_by_one.add(v);
    }
    CHECK(*by_span.value() == 2.0);
    CHECK_FALSE(by_span.stddev());
    CHECK_FALSE(one_by_one.stddev());
}

TEST_CASE("merging means near the largest double keeps the merged mean finite") {
    // Three values of max / 2 and three of -max / 2: the means differ by max, and the merge's
    // shift delta * 3 / 6 overflowed when multiplied first (the mean became -inf).
    const double half = std::numeric_limits<double>::max() / 2;
    cskpi::Mean high;
    cskpi::Mean low;
    for (int i = 0; i < 3; ++i) {
        high.add(half);
        low.add(-half);
    }
    high.merge(low);
    CHECK(high.count() == 6);
    CHECK(*high.value() == 0.0);
    // Ordinary means keep the multiply-first rounding: 17 / 3 from {5, 6} and {6}.
    cskpi::Mean a;
    a.add(5.0);
    a.add(6.0);
    cskpi::Mean b;
    b.add(6.0);
    a.merge(b);
    CHECK(*a.value() == 17.0 / 3.0);
}

TEST_CASE("mean_ci95 is the normal interval of the mean") {
    cskpi::Mean m;
    for (const double v : {2.0, 4.0, 6.0}) {
        m.add(v);
    }
    // stddev 2, n 3: half-width 1.959963984540054 * 2 / sqrt(3) = 2.2631714681523434
    const auto ci = cskpi::mean_ci95(m);
    REQUIRE(ci);
    CHECK_THAT(ci->lower, WithinAbs(4.0 - 2.2631714681523434, 1e-12));
    CHECK_THAT(ci->upper, WithinAbs(4.0 + 2.2631714681523434, 1e-12));
}

TEST_CASE("mean_ci95 is empty without a spread") {
    cskpi::Mean one;
    one.add(5.0);
    CHECK_FALSE(cskpi::mean_ci95(one));
    CHECK_FALSE(cskpi::mean_ci95(cskpi::Mean{}));
    CHECK_FALSE(cskpi::mean_ci95(cskpi::Mean::from_total(24000.0, 1000)));
}
