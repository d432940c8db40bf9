#include "cskpi/retention.hpp"

#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("retention and churn from counts") {
    CHECK(*cskpi::retention_rate(90, 100).value == 90.0);
    CHECK(*cskpi::churn_rate(90, 100).value == 10.0);
    CHECK_FALSE(cskpi::retention_rate(0, 0).value);
    CHECK_THROWS_AS(cskpi::retention_rate(101, 100), cskpi::InvalidArgument);
}

TEST_CASE("((E - N) / S) x 100") {
    // 200 at the start, 180 at the end of whom 20 are new: 160 of 200 kept.
    const auto r = cskpi::retention_from_counts(200, 180, 20);
    CHECK(r.numerator == 160);
    CHECK(*r.value == 80.0);
    CHECK_THROWS_WITH(cskpi::retention_from_counts(200, 10, 20),
                      "retention_from_counts: new_customers = 20 exceeds end = 10");
    CHECK_THROWS_AS(cskpi::retention_from_counts(100, 300, 20), cskpi::InvalidArgument);
    CHECK_FALSE(cskpi::retention_from_counts(0, 5, 5).value);
}

TEST_CASE("retention from sets of active customers") {
    const std::vector<std::string> previous{"a", "b", "c", "d", "a"};
    const std::vector<std::string> current{"b", "d", "e", "b"};
    const auto r = cskpi::retention_rate(previous, current);
    CHECK(r.numerator == 2);
    CHECK(r.denominator == 4);
    CHECK(*r.value == 50.0);
    CHECK_FALSE(cskpi::retention_rate(std::vector<std::string>{}, current).value);
}
