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

// One queue over an hour: 20 queued; 12 answered (9 within 20 s), 5 abandoned (2 short, 1
// long within 20 s; 3 within 20 s in all), 2 callback requests (1 within 20 s), 1 flow-out.
const QueueCounts kHour{.answered = 12,
                        .answered_within_target = 9,
                        .short_abandons = 2,
                        .long_abandons = 3,
                        .long_abandons_within_target = 1,
                        .queued = 20,
                        .abandons_within_target = 3,
                        .callback_requests = 2,
                        .callback_requests_within_target = 1,
                        .flow_outs = 1};

TEST_CASE("Amazon Connect's service level counts every removal from the queue within X") {
    // (answered 9 + abandoned 3 + callback requested 1, within 20 s) / queued 20.
    const auto sl = cskpi::connect_service_level(kHour);
    CHECK(sl.numerator == 13);
    CHECK(sl.denominator == 20);
    CHECK(*sl.value == 65.0);
    CHECK_FALSE(cskpi::connect_service_level({}).value);  // nothing queued: undefined
    QueueCounts short_queue = kHour;
    short_queue.queued = 17;  // fewer than answered + abandoned + callbacks + flow-outs (20)
    CHECK_THROWS_WITH(cskpi::connect_service_level(short_queue),
                      Catch::Matchers::Contains("queued = 17 is less than answered + abandons"));
    QueueCounts too_many = kHour;
    too_many.abandons_within_target = 6;
    CHECK_THROWS_AS(cskpi::connect_service_level(too_many), cskpi::InvalidArgument);
}

TEST_CASE("abandonment as Connect and Genesys define it: every abandon over queued") {
    // (short 2 + long 3) / queued 20: callback requests are not abandons, none is left out.
    const auto a = cskpi::abandoned_of_queued(kHour);
    CHECK(a.numerator == 5);
    CHECK(a.denominator == 20);
    CHECK(*a.value == 25.0);
    CHECK_FALSE(cskpi::abandoned_of_queued({}).value);
}

TEST_CASE("Genesys's service level under each of its switches") {
    using cskpi::GenesysServiceLevel;
    // Answered within 20 s (9) / (answered 12 + abandons and flow-outs per the switches).
    CHECK(cskpi::genesys_service_level(kHour, {}).denominator == 12 + 5);
    CHECK(*cskpi::genesys_service_level(kHour, {}).value == 100.0 * 9 / 17);
    CHECK(cskpi::genesys_service_level(kHour, {.include_short_abandons = false}).denominator ==
          12 + 3);
    CHECK(cskpi::genesys_service_level(kHour, {.include_abandons = false}).denominator == 12);
    // Flow-outs include callback requests: 12 + 5 + 1 + 2.
    CHECK(cskpi::genesys_service_level(kHour, {.include_flow_outs = true}).denominator == 20);
    CHECK(cskpi::genesys_service_level(kHour, {.include_flow_outs = true}).numerator == 9);
    CHECK_FALSE(cskpi::genesys_service_level({}, GenesysServiceLevel{}).value);
}

TEST_CASE("definitions profile names round-trip") {
    using cskpi::Definitions;
    for (auto d : {Definitions::standard, Definitions::amazon_connect, Definitions::genesys,
                   Definitions::zendesk}) {
        CHECK(cskpi::parse_definitions(cskpi::to_string(d)) == d);
    }
    CHECK(cskpi::to_string(Definitions::amazon_connect) == "amazon-connect");
    CHECK_FALSE(cskpi::parse_definitions("amazon_connect"));
    CHECK_FALSE(cskpi::parse_definitions(""));
}
