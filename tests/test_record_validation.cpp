// check_interaction and check_purchase: the first problem of a record, named by field and code.
#include "cskpi/record_validation.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "catch.hpp"
#include "cskpi/error.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "report_fixtures.hpp"

using cskpi::check_interaction;
using cskpi::check_purchase;
using cskpi::Interaction;

namespace {

constexpr double kMax = std::numeric_limits<double>::max();

Interaction valid_record() {
    return {.id = "c-1", .started_at = fixtures::at(2026, 1, 5)};
}

// The field and code of a record's first problem, "" when it is valid.
std::string problem(const Interaction& r, const cskpi::CsatScale& scale = {}) {
    const auto issue = check_interaction(r, scale);
    return issue ? issue->field + " " + issue->code : "";
}

}  // namespace

TEST_CASE("a record with only an id and a time is valid; without an id it is not") {
    CHECK(problem(valid_record()).empty());
    Interaction r = valid_record();
    r.id.clear();
    CHECK(problem(r) == "id missing_field");
}

TEST_CASE("durations: finite and >= 0; -0.0 and the largest double are valid") {
    for (const double ok : {0.0, -0.0, 1e-300, kMax}) {
        Interaction r = valid_record();
        r.wait_seconds = ok;
        r.first_response_seconds = ok;
        CHECK(problem(r).empty());
    }
    for (const double bad : {-1e-300, -1.0, HUGE_VAL, std::nan("")}) {
        Interaction r = valid_record();
        r.resolution_seconds = bad;
        CHECK(problem(r) == "resolution_seconds out_of_range");
    }
}

TEST_CASE("answers: CSAT within the scale, NPS 0 to 10, CES 1 to 7") {
    Interaction r = valid_record();
    r.csat = 7;
    CHECK(problem(r) == "csat out_of_range");  // the default scale is 1..5
    CHECK(problem(r, {7, 6}).empty());
    r.csat = 0;
    CHECK(problem(r, {7, 6}) == "csat out_of_range");
    r = valid_record();
    r.nps = 0;
    r.ces = 7;
    CHECK(problem(r).empty());
    r.nps = 11;
    CHECK(problem(r) == "nps out_of_range");
    r.nps = 10;
    r.ces = 0;
    CHECK(problem(r) == "ces out_of_range");
}

TEST_CASE("the handle time from parts must be finite: talk + hold + wrap beyond a double") {
    Interaction r = valid_record();
    r.talk_seconds = kMax;
    r.hold_seconds = kMax;  // each part valid, their sum infinite
    const auto issue = check_interaction(r);
    REQUIRE(issue);
    CHECK(issue->field == "handle_seconds");
    CHECK(issue->code == "out_of_range");
    CHECK(issue->message.find("talk_seconds + hold_seconds + wrap_seconds") != std::string::npos);
    // Refused before anything is counted, so no mean is left halfway.
    cskpi::KpiAccumulator acc;
    CHECK_THROWS_AS(acc.add(r), cskpi::InvalidArgument);
    CHECK(acc.contacts() == 0);
    // With handle_seconds given, the parts are not summed: valid.
    r.handle_seconds = 600.0;
    CHECK(problem(r).empty());
    // A sum that stays finite is valid, however large.
    r.handle_seconds.reset();
    r.hold_seconds = 0.0;
    r.wrap_seconds = 0.0;
    CHECK(problem(r).empty());
}

TEST_CASE("the first problem is reported: durations before answers before revenue") {
    Interaction r = valid_record();
    r.revenue = std::nan("");
    CHECK(problem(r) == "revenue out_of_range");
    r.ces = 9;
    CHECK(problem(r) == "ces out_of_range");
    r.wait_seconds = -1.0;
    CHECK(problem(r) == "wait_seconds out_of_range");
    const auto issue = check_interaction(r);
    REQUIRE(issue);
    CHECK(issue->message == "wait_seconds = -1 must be a finite number >= 0");
}

TEST_CASE("a contact leaves the queue one way, and one that left unanswered was not handled") {
    auto r = valid_record();
    r.abandoned = true;
    CHECK(problem(r).empty());
    r.handled = false;
    CHECK(problem(r).empty());
    r.callback_requested = true;
    CHECK(problem(r) == "abandoned conflict");
    r.abandoned = false;
    r.flowed_out = true;
    CHECK(problem(r) == "flowed_out conflict");
    r.callback_requested = false;
    r.handled = true;
    CHECK(problem(r) == "flowed_out conflict");
    r.flowed_out = false;
    CHECK(problem(r).empty());  // handled, and never left the queue unanswered
    r.callback_requested = true;
    const auto issue = check_interaction(r, {});
    REQUIRE(issue);
    CHECK(issue->field == "callback_requested");
    CHECK(issue->message ==
          "abandoned, flowed_out and callback_requested exclude each other and handled = true: "
          "a contact leaves the queue one way");
}

TEST_CASE("purchases: a customer and a finite amount") {
    CHECK(check_purchase({.customer_id = "u", .amount = -5.0}) == std::nullopt);
    CHECK(check_purchase({.amount = 5.0})->field == "customer_id");
    CHECK(check_purchase({.customer_id = "u", .amount = HUGE_VAL})->field == "amount");
}

TEST_CASE("purchases: an amount beyond +-1e15 is out of range") {
    CHECK(check_purchase({.customer_id = "u", .amount = 1e15}) == std::nullopt);
    CHECK(check_purchase({.customer_id = "u", .amount = -1e15}) == std::nullopt);
    CHECK(check_purchase({.customer_id = "u", .amount = 1.7e308}) ==
          cskpi::RecordIssue{"amount", "out_of_range",
                             "amount = 1.7e+308 is beyond +-1e+15, the largest amount allowed"});
    CHECK(check_purchase({.customer_id = "u", .amount = -1.0000000000000002e15})->code ==
          "out_of_range");
}
