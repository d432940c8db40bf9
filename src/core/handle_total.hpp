#pragma once
// The rule of cskpi::handle_time for parts already checked (finite, non-negative), inline:
// the report engine applies it to every record it adds, after validating the record.
// Internal: not part of the public API.

#include <optional>

namespace cskpi::detail {

/// `handle` when given, else talk + hold + wrap with a missing part counted as 0; empty when
/// none is given. The sum starts from +0.0, so a missing part adds nothing,
/// not even to the sign of a zero.
[[nodiscard]] inline std::optional<double> handle_total(std::optional<double> handle,
                                                        std::optional<double> talk,
                                                        std::optional<double> hold,
                                                        std::optional<double> wrap) noexcept {
    if (handle) {
        return handle;
    }
    if (!talk && !hold && !wrap) {
        return std::nullopt;
    }
    return 0.0 + talk.value_or(0.0) + hold.value_or(0.0) + wrap.value_or(0.0);
}

}  // namespace cskpi::detail
