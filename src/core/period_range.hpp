#pragma once
// The period indexes a timestamp can have at some UTC offset: labels and saved states refuse
// any other, whose date arithmetic could overflow. Internal.

#include <cstdint>

#include "cskpi/period.hpp"

namespace cskpi::detail {

struct PeriodRange {
    std::int64_t lowest;
    std::int64_t highest;
    [[nodiscard]] bool contains(std::int64_t index) const noexcept {
        return index >= lowest && index <= highest;
    }
};

[[nodiscard]] PeriodRange reachable_periods(Period period) noexcept;

}  // namespace cskpi::detail
