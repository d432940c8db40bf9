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

TEST_CASE("transfer and origin names round-trip; unknown names are empty") {
    using cskpi::Origin;
    using cskpi::Transfer;
    for (auto t : {Transfer::none, Transfer::queue, Transfer::agent, Transfer::external}) {
        CHECK(cskpi::parse_transfer(cskpi::to_string(t)) == t);
    }
    for (auto o : {Origin::direct, Origin::transfer, Origin::callback}) {
        CHECK(cskpi::parse_origin(cskpi::to_string(o)) == o);
    }
    CHECK_FALSE(cskpi::parse_transfer("voicemail"));
    CHECK_FALSE(cskpi::parse_origin("inbound"));
}

TEST_CASE("handled: the source's flag, else not abandoned, flowed out or left for a callback") {
    CHECK(cskpi::Interaction{}.is_handled());
    CHECK_FALSE(cskpi::Interaction{.abandoned = true}.is_handled());
    CHECK_FALSE(cskpi::Interaction{.callback_requested = true}.is_handled());
    CHECK_FALSE(cskpi::Interaction{.flowed_out = true}.is_handled());
    CHECK_FALSE(cskpi::Interaction{.handled = false}.is_handled());  // an IVR-only contact
    CHECK(cskpi::Interaction{.handled = true}.is_handled());
}
