#include "cskpi/records.hpp"

#include <chrono>

#include "catch.hpp"

using namespace std::chrono;

TEST_CASE("channel and direction names round-trip") {
    for (auto c : {cskpi::Channel::phone, cskpi::Channel::email, cskpi::Channel::chat,
                   cskpi::Channel::social, cskpi::Channel::sms, cskpi::Channel::self_service,
                   cskpi::Channel::other}) {
        CHECK(cskpi::parse_channel(cskpi::to_string(c)) == c);
    }
    CHECK(cskpi::to_string(cskpi::Channel::self_service) == "self_service");
    CHECK_FALSE(cskpi::parse_channel("fax"));
    CHECK_FALSE(cskpi::parse_channel("Phone"));
    CHECK(cskpi::parse_direction("outbound") == cskpi::Direction::outbound);
    CHECK(cskpi::to_string(cskpi::Direction::inbound) == "inbound");
    CHECK_FALSE(cskpi::parse_direction("sideways"));
}

TEST_CASE("an interaction without case_id is its own case") {
    cskpi::Interaction i;
    i.id = "c-1";
    CHECK(i.case_key() == "c-1");
    i.case_id = "T-9";
    CHECK(i.case_key() == "T-9");
    CHECK(i.direction == cskpi::Direction::inbound);
    CHECK(i.channel == cskpi::Channel::other);
    CHECK_FALSE(i.abandoned);
}

TEST_CASE("timestamps are UTC milliseconds") {
    const cskpi::Timestamp t{sys_days{year{2026} / 1 / 31} + hours{23} + milliseconds{1}};
    CHECK(t.time_since_epoch().count() == 1769900400001LL);
    const cskpi::Purchase p{.customer_id = "00001", .at = t, .amount = 11.77};
    CHECK(p.amount == 11.77);
}
