#pragma once
// Small hand-built datasets shared by the report-engine tests.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cskpi/records.hpp"

namespace fixtures {

inline cskpi::Timestamp at(int y, unsigned m, unsigned d, int h = 0, int min = 0, int ms = 0) {
    using namespace std::chrono;
    return cskpi::Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min} +
                            milliseconds{ms}};
}

// Seven contacts whose every KPI is worked out by hand in test_report.cpp.
inline std::vector<cskpi::Interaction> seven_contacts() {
    using cskpi::Channel;
    std::vector<cskpi::Interaction> v(7);
    v[0] = {.id = "c1",
            .customer_id = "u1",
            .case_id = "K1",
            .agent_id = "a1",
            .channel = Channel::phone,
            .started_at = at(2026, 1, 5, 9, 0),
            .wait_seconds = 10.0,
            .talk_seconds = 100.0,
            .hold_seconds = 20.0,
            .wrap_seconds = 30.0,
            .resolved = true,
            .csat = 5,
            .nps = 10};
    v[1] = {.id = "c2",
            .customer_id = "u2",
            .case_id = "K2",
            .agent_id = "a1",
            .channel = Channel::phone,
            .started_at = at(2026, 1, 5, 9, 1),
            .wait_seconds = 30.0,
            .handle_seconds = 200.0,
            .resolved = true,
            .csat = 3,
            .nps = 7};
    v[2] = {.id = "c3",
            .customer_id = "u3",
            .case_id = "K3",
            .agent_id = "a2",
            .channel = Channel::phone,
            .started_at = at(2026, 1, 5, 9, 2),
            .wait_seconds = 3.0,
            .abandoned = true};
    v[3] = {.id = "c4",
            .customer_id = "u4",
            .case_id = "K4",
            .agent_id = "a2",
            .channel = Channel::phone,
            .started_at = at(2026, 1, 5, 9, 3),
            .wait_seconds = 40.0,
            .abandoned = true};
    v[4] = {.id = "c5",
            .customer_id = "u5",
            .agent_id = "a2",
            .channel = Channel::chat,
            .started_at = at(2026, 1, 5, 9, 4),
            .wait_seconds = 15.0,
            .abandoned = true};
    v[5] = {.id = "c6",
            .customer_id = "u6",
            .case_id = "K6",
            .agent_id = "a2",
            .channel = Channel::email,
            .started_at = at(2026, 1, 5, 9, 5),
            .talk_seconds = 60.0,
            .resolved = false,
            .first_response_seconds = 120.0,
            .resolution_seconds = 3600.0,
            .csat = 4,
            .nps = 3,
            .ces = 6};
    v[6] = {.id = "c7",
            .customer_id = "u6",
            .case_id = "K6",
            .agent_id = "a1",
            .channel = Channel::email,
            .started_at = at(2026, 1, 6, 10, 0),
            .resolved = true,
            .first_response_seconds = 60.0,
            .resolution_seconds = 7200.0,
            .ces = 2};
    return v;
}

}  // namespace fixtures
