#include "cskpi/rate.hpp"

#include <cstdint>

#include "catch.hpp"
#include "cskpi/error.hpp"

using cskpi::make_rate;
using cskpi::wilson_interval;

TEST_CASE("make_rate gives the percent and a Wilson interval") {
    const auto r = make_rate(850, 1000);
    CHECK(r.numerator == 850);
    CHECK(r.denominator == 1000);
    REQUIRE(r.value);
    CHECK_THAT(*r.value, WithinAbs(85.0, 1e-12));
    REQUIRE(r.ci95);
    // p = 0.85, n = 1000, z = 1.959964: centre 0.848661, half-width 0.022129.
    CHECK_THAT(r.ci95->lower, WithinAbs(82.65313, 1e-4));
    CHECK_THAT(r.ci95->upper, WithinAbs(87.07899, 1e-4));
}

TEST_CASE("Wilson interval of 8 of 10 is [49.02, 94.33] percent") {
    const auto r = make_rate(8, 10);
    REQUIRE(r.ci95);
    CHECK_THAT(r.ci95->lower, WithinAbs(49.02, 0.005));
    CHECK_THAT(r.ci95->upper, WithinAbs(94.33, 0.005));
}

TEST_CASE("Wilson interval of 0 of 10 is [0, 27.75] percent") {
    const auto r = make_rate(0, 10);
    REQUIRE(r.ci95);
    CHECK(r.ci95->lower == 0.0);
    CHECK_THAT(r.ci95->upper, WithinAbs(27.75, 0.005));
    CHECK(*r.value == 0.0);
}

TEST_CASE("Wilson interval of 10 of 10 ends exactly at 100 percent") {
    const auto r = make_rate(10, 10);
    CHECK(r.ci95->upper == 100.0);
    CHECK_THAT(r.ci95->lower, WithinAbs(72.25, 0.005));  // mirror of 0 of 10
}

TEST_CASE("Wilson interval with z = 1 by hand") {
    // p = 0.5, n = 4, z = 1: centre (0.5 + 1/8) / 1.25 = 0.5,
    // half = sqrt(0.0625 + 1/64) / 1.25 = sqrt(0.078125) / 1.25 = 0.2236068.
    const auto ci = wilson_interval(2, 4, 1.0);
    REQUIRE(ci);
    CHECK_THAT(ci->lower, WithinAbs(0.5 - 0.22360679774997896, 1e-12));
    CHECK_THAT(ci->upper, WithinAbs(0.5 + 0.22360679774997896, 1e-12));
}

TEST_CASE("an empty denominator leaves the rate undefined") {
    const auto r = make_rate(0, 0);
    CHECK_FALSE(r.value);
    CHECK_FALSE(r.ci95);
    CHECK_FALSE(wilson_interval(0, 0));
}

TEST_CASE("numerator above denominator is an invalid argument naming it") {
    CHECK_THROWS_AS(make_rate(11, 10), cskpi::InvalidArgument);
    CHECK_THROWS_WITH(make_rate(11, 10), "make_rate: numerator = 11 exceeds denominator = 10");
    CHECK_THROWS_AS(wilson_interval(3, 2), cskpi::Error);
    CHECK_THROWS_AS(wilson_interval(1, 2, 0.0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(wilson_interval(1, 2, -1.0), cskpi::InvalidArgument);
}

TEST_CASE("huge counts (2^40) stay exact and finite") {
    const std::uint64_t n = std::uint64_t{1} << 40;
    const auto r = make_rate(n / 4, n);
    CHECK(*r.value == 25.0);
    // Half-width ~ z sqrt(p(1-p)/n) = 1.96 * 0.433 / 2^20 ~ 8.1e-7 proportion = 8.1e-5 percent.
    CHECK_THAT(r.ci95->upper - r.ci95->lower,
               WithinAbs(2 * 100 * 1.959963984540054 * 0.4330127 / 1048576.0, 1e-9));
    const auto all = make_rate(n, n);
    CHECK(*all.value == 100.0);
    CHECK(all.ci95->upper == 100.0);
}

TEST_CASE("complement mirrors value and interval") {
    const auto churn = cskpi::complement(make_rate(8, 10));
    CHECK(churn.numerator == 2);
    CHECK(*churn.value == 20.0);
    CHECK_THAT(churn.ci95->lower, WithinAbs(100.0 - 94.33, 0.005));
    CHECK_THAT(churn.ci95->upper, WithinAbs(100.0 - 49.02, 0.005));
    CHECK_FALSE(cskpi::complement(make_rate(0, 0)).value);
}
