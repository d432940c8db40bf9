#include "cskpi/nps.hpp"

#include <cstdint>
#include <limits>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("NPS of 650 promoters, 250 passives, 100 detractors is +55") {
    const auto s = cskpi::nps(650, 250, 100);
    CHECK(s.responses == 1000);
    REQUIRE(s.value);
    CHECK_THAT(*s.value, WithinAbs(55.0, 1e-12));
    // p = .65, d = .10: variance .75 - .3025 = .4475; margin 1.959964 sqrt(.4475 / 1000) x 100.
    REQUIRE(s.margin95);
    CHECK_THAT(*s.margin95, WithinAbs(4.14614, 1e-4));
}

TEST_CASE("NPS extremes") {
    CHECK(*cskpi::nps(10, 0, 0).value == 100.0);
    CHECK(*cskpi::nps(10, 0, 0).margin95 == 0.0);
    CHECK(*cskpi::nps(0, 0, 7).value == -100.0);
    CHECK(*cskpi::nps(0, 5, 0).value == 0.0);
    // Half promoters, half detractors: variance 1, margin 1.959964 / sqrt(2) x 100.
    CHECK_THAT(*cskpi::nps(1, 0, 1).margin95, WithinAbs(138.590, 1e-3));
}

TEST_CASE("NPS with no responses is undefined") {
    const auto s = cskpi::nps(0, 0, 0);
    CHECK(s.responses == 0);
    CHECK_FALSE(s.value);
    CHECK_FALSE(s.margin95);
}

TEST_CASE("NPS on huge counts") {
    const std::uint64_t n = std::uint64_t{1} << 40;
    const auto s = cskpi::nps(n, n, n);
    CHECK(s.responses == 3 * n);
    CHECK_THAT(*s.value, WithinAbs(0.0, 1e-12));
    constexpr auto max = std::numeric_limits<std::uint64_t>::max();
    CHECK_THROWS_AS(cskpi::nps(max, 1, 0), cskpi::InvalidArgument);
}

TEST_CASE("NPS answer classes") {
    CHECK(cskpi::nps_class(10) == 1);
    CHECK(cskpi::nps_class(9) == 1);
    CHECK(cskpi::nps_class(8) == 0);
    CHECK(cskpi::nps_class(7) == 0);
    CHECK(cskpi::nps_class(6) == -1);
    CHECK(cskpi::nps_class(0) == -1);
    CHECK_THROWS_WITH(cskpi::nps_class(11), "nps_class: answer = 11 is outside the 0-10 scale");
    CHECK_THROWS_AS(cskpi::nps_class(-1), cskpi::InvalidArgument);
}
