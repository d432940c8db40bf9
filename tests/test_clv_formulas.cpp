#include "cskpi/clv_formulas.hpp"

#include <limits>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("historical CLV") {
    CHECK(cskpi::historical_clv(50.0, 4.0, 3.0) == 600.0);
    CHECK(cskpi::historical_clv(0.0, 4.0, 3.0) == 0.0);
    CHECK_THROWS_AS(cskpi::historical_clv(-1.0, 4.0, 3.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::historical_clv(1.0, std::numeric_limits<double>::infinity(), 3.0),
                    cskpi::InvalidArgument);
}

TEST_CASE("margin multiple CLV (Gupta & Lehmann 2003)") {
    // m r / (1 + d - r): 100 x 0.8 / 0.3.
    CHECK_THAT(cskpi::margin_multiple_clv(100.0, 0.8, 0.1), WithinAbs(800.0 / 3.0, 1e-12));
    // Gupta & Lehmann's table: r = 90%, d = 12% gives a multiple of 0.9 / 0.22 = 4.09.
    CHECK_THAT(cskpi::margin_multiple_clv(1.0, 0.9, 0.12), WithinAbs(4.0909, 1e-4));
    CHECK(cskpi::margin_multiple_clv(100.0, 0.0, 0.1) == 0.0);
    CHECK_THAT(cskpi::margin_multiple_clv(10.0, 1.0, 0.25), WithinAbs(40.0, 1e-12));
}

TEST_CASE("margin multiple CLV rejects impossible arguments") {
    CHECK_THROWS_AS(cskpi::margin_multiple_clv(1.0, 1.2, 0.1), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::margin_multiple_clv(1.0, 0.5, -0.1), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::margin_multiple_clv(1.0, 1.0, 0.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::margin_multiple_clv(std::numeric_limits<double>::quiet_NaN(), 0.5, 0.1),
                    cskpi::InvalidArgument);
}
