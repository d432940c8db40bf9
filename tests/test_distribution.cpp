#include "cskpi/distribution.hpp"

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
