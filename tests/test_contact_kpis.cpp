#include "cskpi/contact_kpis.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

TEST_CASE("FCR: 850 of 1,000 inquiries is 85%") {
    const auto r = cskpi::fcr(850, 1000);
    CHECK(*r.value == 85.0);
    CHECK_FALSE(cskpi::fcr(0, 0).value);
    CHECK_THROWS_WITH(cskpi::fcr(5, 4), "fcr: resolved_first_contact = 5 exceeds inquiries = 4");
}

TEST_CASE("CSAT: 750 satisfied of 850 respondents is 88.24%") {
    const auto r = cskpi::csat(750, 850);
    CHECK_THAT(*r.value, WithinAbs(88.2352941, 1e-6));
    CHECK_FALSE(cskpi::csat(0, 0).value);
    CHECK_THROWS_AS(cskpi::csat(851, 850), cskpi::InvalidArgument);
}

TEST_CASE("CSAT from answers, top-2-box and custom scales") {
    const std::vector<int> answers{5, 4, 2, 5};
    const auto s = cskpi::csat_from_answers(answers);
    CHECK(*s.satisfied.value == 75.0);
    CHECK(*s.answers.value() == 4.0);
    const auto ten =
        cskpi::csat_from_answers(std::vector{10, 8, 7, 1}, {.points = 10, .threshold = 8});
    CHECK(*ten.satisfied.value == 50.0);
    CHECK(cskpi::is_satisfied(4));
    CHECK_FALSE(cskpi::is_satisfied(3));
    CHECK_FALSE(cskpi::csat_from_answers(std::vector<int>{}).satisfied.value);
}

TEST_CASE("CSAT thresholds and answers outside the scale are invalid") {
    CHECK_THROWS_WITH(cskpi::validate(cskpi::CsatScale{5, 9}),
                      "CsatScale: threshold = 9 is outside the scale 1..5");
    CHECK_THROWS_AS(cskpi::validate(cskpi::CsatScale{5, 0}), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::validate(cskpi::CsatScale{1, 1}), cskpi::InvalidArgument);
    CHECK_THROWS_WITH(cskpi::is_satisfied(6), "is_satisfied: answer = 6 is outside the scale 1..5");
    CHECK_THROWS_AS(cskpi::is_satisfied(0), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::csat_from_answers(std::vector{5, 9}), cskpi::InvalidArgument);
}

TEST_CASE("CES mean and share agreeing") {
    const auto s = cskpi::ces_from_answers(std::vector{7, 5, 3, 1});
    CHECK(*s.answers.value() == 4.0);
    CHECK(*s.agree.value == 50.0);
    CHECK_THROWS_AS(cskpi::ces_from_answers(std::vector{8}), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::ces_from_answers(std::vector{0}), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::ces_from_answers(std::vector{3}, 4), cskpi::InvalidArgument);
}

TEST_CASE("AHT: 24,000 s over 1,000 interactions is 24 s") {
    CHECK(*cskpi::aht(24000.0, 1000) == 24.0);
    CHECK_FALSE(cskpi::aht(0.0, 0));
    CHECK(*cskpi::aht(180000.0, 30000.0, 60000.0, 1000) == 270.0);
    CHECK_THROWS_AS(cskpi::aht(-1.0, 10), cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::aht(std::numeric_limits<double>::infinity(), 10),
                    cskpi::InvalidArgument);
    CHECK_THROWS_AS(cskpi::aht(1.0, -2.0, 0.0, 3), cskpi::InvalidArgument);
}

TEST_CASE("handle time of one contact") {
    using std::nullopt;
    CHECK(*cskpi::handle_time(500.0, 1.0, 2.0, 3.0) == 500.0);  // the total wins
    CHECK(*cskpi::handle_time(nullopt, 300.0, 60.0, nullopt) == 360.0);
    CHECK(*cskpi::handle_time(nullopt, nullopt, nullopt, 45.0) == 45.0);
    CHECK_FALSE(cskpi::handle_time(nullopt, nullopt, nullopt, nullopt));
    CHECK_THROWS_WITH(cskpi::handle_time(nullopt, -1.0, nullopt, nullopt),
                      "handle_time: talk = -1 must be a finite number >= 0");
    CHECK_THROWS_WITH(cskpi::handle_time(nullopt, 1.0, 2.0, -3.0),
                      "handle_time: wrap = -3 must be a finite number >= 0");
    CHECK_THROWS_AS(cskpi::handle_time(-0.5, 1.0, 2.0, 3.0), cskpi::InvalidArgument);
    // Parts are not checked when the total is given: they are not used.
    CHECK(*cskpi::handle_time(10.0, -1.0, nullopt, nullopt) == 10.0);
    // A sum of negative zeros starts from +0.0, as a sum of nothing does.
    CHECK_FALSE(std::signbit(*cskpi::handle_time(nullopt, -0.0, -0.0, -0.0)));
    CHECK_FALSE(std::signbit(*cskpi::handle_time(nullopt, nullopt, -0.0, nullopt)));
}
