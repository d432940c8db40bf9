#include "cskpi/mean.hpp"

#include <cmath>
#include <limits>

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
