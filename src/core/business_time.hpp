#pragma once
// Business time without checking the schedule, for the report engine, whose options were
// validated once (business_hours.cpp). Internal.

#include <cstdint>

#include "cskpi/business_hours.hpp"

namespace cskpi::detail {

// business_seconds_between for a schedule `validate` accepted.
[[nodiscard]] double business_seconds_unchecked(const BusinessSchedule& schedule, Timestamp from,
                                                Timestamp to) noexcept;

// The business seconds of a duration that started at `started_at_ms`; NaN for NaN (absent).
[[nodiscard]] double business_duration(const BusinessSchedule& schedule, std::int64_t started_at_ms,
                                       double seconds) noexcept;

}  // namespace cskpi::detail
