#pragma once
// A record's fields as the KPIs read them (kpi_accumulator.cpp), from an Interaction or a
// batch row alike, absent values as NaN, 0 or -1 (as a batch stores them). Internal.

#include <cstdint>
#include <limits>

#include "batch_columns.hpp"
#include "cskpi/records.hpp"
#include "handle_total.hpp"

namespace cskpi::detail::rows {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

[[nodiscard]] inline bool present(double value) noexcept {
    return value == value;  // false only for NaN, the absent value
}

[[nodiscard]] inline std::uint64_t one_if(bool condition) noexcept {
    return static_cast<std::uint64_t>(condition);
}

// A record's fields as the KPIs read them, absent values as NaN, 0 or -1 (as a batch stores
// them), from an Interaction ...
struct RecordRow {
    const Interaction& r;
    [[nodiscard]] bool abandoned() const noexcept { return r.abandoned; }
    [[nodiscard]] double handle() const noexcept {
        return handle_total(r.handle_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds)
            .value_or(kNone);
    }
    [[nodiscard]] double wait() const noexcept { return r.wait_seconds.value_or(kNone); }
    [[nodiscard]] int csat() const noexcept { return r.csat.value_or(0); }  // 0: none
    [[nodiscard]] int nps() const noexcept { return r.nps.value_or(-1); }   // -1: none
    [[nodiscard]] int ces() const noexcept { return r.ces.value_or(0); }    // 0: none
    [[nodiscard]] int fcr() const noexcept {                                // -1: none
        return r.first_contact_resolution ? int{*r.first_contact_resolution} : -1;
    }
    [[nodiscard]] double first_response() const noexcept {
        return r.first_response_seconds.value_or(kNone);
    }
    [[nodiscard]] double resolution() const noexcept {
        return r.resolution_seconds.value_or(kNone);
    }
    [[nodiscard]] std::int64_t started_at_ms() const noexcept {
        return r.started_at.time_since_epoch().count();
    }
    [[nodiscard]] double talk() const noexcept { return r.talk_seconds.value_or(kNone); }
    [[nodiscard]] double hold() const noexcept { return r.hold_seconds.value_or(kNone); }
    [[nodiscard]] double wrap() const noexcept { return r.wrap_seconds.value_or(kNone); }
    [[nodiscard]] bool handled() const noexcept { return r.is_handled(); }
    [[nodiscard]] bool callback_requested() const noexcept { return r.callback_requested; }
    [[nodiscard]] bool flowed_out() const noexcept { return r.flowed_out; }
    [[nodiscard]] bool outbound() const noexcept { return r.direction == Direction::outbound; }
    [[nodiscard]] Transfer transfer() const noexcept { return r.transfer; }
    [[nodiscard]] Origin origin() const noexcept { return r.origin; }
};

// ... and from a batch row.
struct BatchRow {
    const detail::BatchColumns& c;
    std::size_t row;
    [[nodiscard]] bool abandoned() const noexcept { return c.has(row, batch_flag::abandoned); }
    [[nodiscard]] double handle() const noexcept { return c.handle[row]; }  // the total
    [[nodiscard]] double wait() const noexcept { return c.wait[row]; }
    [[nodiscard]] int csat() const noexcept { return c.csat[row]; }
    [[nodiscard]] int nps() const noexcept { return c.nps[row]; }
    [[nodiscard]] int ces() const noexcept { return c.ces[row]; }
    [[nodiscard]] int fcr() const noexcept {
        const unsigned flags = c.flags[row];
        return (flags & batch_flag::has_fcr) == 0 ? -1 : int{(flags & batch_flag::fcr) != 0};
    }
    [[nodiscard]] double first_response() const noexcept { return c.first_response[row]; }
    [[nodiscard]] double resolution() const noexcept { return c.resolution[row]; }
    [[nodiscard]] std::int64_t started_at_ms() const noexcept { return c.started_at_ms[row]; }
    [[nodiscard]] double talk() const noexcept { return c.talk[row]; }
    [[nodiscard]] double hold() const noexcept { return c.hold[row]; }
    [[nodiscard]] double wrap() const noexcept { return c.wrap[row]; }
    [[nodiscard]] bool handled() const noexcept { return !c.has(row, batch_flag::unhandled); }
    [[nodiscard]] bool callback_requested() const noexcept {
        return c.has(row, batch_flag::callback_requested);
    }
    [[nodiscard]] bool flowed_out() const noexcept { return c.has(row, batch_flag::flowed_out); }
    [[nodiscard]] bool outbound() const noexcept { return c.has(row, batch_flag::outbound); }
    [[nodiscard]] Transfer transfer() const noexcept { return c.transfer(row); }
    [[nodiscard]] Origin origin() const noexcept { return c.origin(row); }
};

}  // namespace cskpi::detail::rows
