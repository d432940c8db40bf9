#include "cskpi/queue_kpis.hpp"

#include "catch.hpp"
#include "cskpi/error.hpp"

using cskpi::AbandonMode;
using cskpi::QueueCounts;

TEST_CASE("ASA") {
    CHECK(*cskpi::asa(3000.0, 100) == 30.0);
    CHECK_FALSE(cskpi::asa(0.0, 0));
    CHECK_THROWS_AS(cskpi::asa(-5.0, 1), cskpi::InvalidArgument);
}

TEST_CASE("service level in its three abandon modes") {
    // 90 answered (72 within 20 s), 10 long abandons (4 within 20 s), 6 short abandons.
    const QueueCounts c{.answered = 90,
                        .answered_within_target = 72,
                        .short_abandons = 6,
                        .long_abandons = 10,
                        .long_abandons_within_target = 4};
    const auto against = cskpi::service_level(c);
    CHECK(against.numerator == 72);
    CHECK(against.denominator == 100);
    CHECK(*against.value == 72.0);
    const auto ignored = cskpi::service_level(c, AbandonMode::ignore);
    CHECK(ignored.denominator == 90);
    CHECK_THAT(*ignored.value, WithinAbs(80.0, 1e-12));
    const auto met = cskpi::service_level(c, AbandonMode::count_for);
    CHECK(met.numerator == 76);
    CHECK(*met.value == 76.0);
}

TEST_CASE("service level of an all-abandoned queue") {
    const QueueCounts c{.short_abandons = 3, .long_abandons = 5};
    CHECK(*cskpi::service_level(c).value == 0.0);
    CHECK_FALSE(cskpi::service_level(c, AbandonMode::ignore).value);
    CHECK_FALSE(cskpi::service_level(QueueCounts{}).value);
}

TEST_CASE("service level counts that contradict each other are invalid") {
    CHECK_THROWS_AS(cskpi::service_level(QueueCounts{.answered = 1, .answered_within_target = 2}),
                    cskpi::InvalidArgument);
    CHECK_THROWS_AS(
        cskpi::service_level(QueueCounts{.long_abandons = 1, .long_abandons_within_target = 2}),
        cskpi::InvalidArgument);
}

TEST_CASE("abandonment rate removes short abandons from both sides") {
    const auto r = cskpi::abandonment_rate(8, 110, 10);
    CHECK(r.denominator == 100);
    CHECK(*r.value == 8.0);
    CHECK_FALSE(cskpi::abandonment_rate(0, 4, 4).value);  // all abandons were short
    CHECK_THROWS_AS(cskpi::abandonment_rate(0, 4, 5), cskpi::InvalidArgument);
    CHECK_THROWS_WITH(cskpi::abandonment_rate(5, 10, 6),
                      "abandonment_rate: long_abandons = 5 exceeds queued - short_abandons = 4");
}

TEST_CASE("abandon mode names round-trip") {
    for (auto mode : {AbandonMode::count_against, AbandonMode::ignore, AbandonMode::count_for}) {
        CHECK(cskpi::parse_abandon_mode(cskpi::to_string(mode)) == mode);
    }
    CHECK_FALSE(cskpi::parse_abandon_mode("sometimes"));
}
