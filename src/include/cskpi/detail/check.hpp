#pragma once
// Argument checks shared by the formula layer. Internal: not part of the public API.

#include <cmath>
#include <concepts>
#include <string>
#include <string_view>

#include "cskpi/error.hpp"

namespace cskpi::detail {

/// The value as text for an error message; doubles keep enough digits to be recognised.
std::string to_text(double value);
std::string to_text(long long value);
std::string to_text(unsigned long long value);

template <typename T>
std::string value_text(T value) {
    if constexpr (std::floating_point<T>) {
        return to_text(static_cast<double>(value));
    } else if constexpr (std::signed_integral<T>) {
        return to_text(static_cast<long long>(value));
    } else {
        return to_text(static_cast<unsigned long long>(value));
    }
}

/// Throws InvalidArgument unless `ok`.
template <typename T>
void require(bool ok, std::string_view function, std::string_view argument, T value,
             std::string_view problem) {
    if (!ok) {
        throw InvalidArgument(function, argument, value_text(value), problem);
    }
}

/// Throws unless `value` is finite and >= 0.
inline void require_non_negative(double value, std::string_view function,
                                 std::string_view argument) {
    require(std::isfinite(value) && value >= 0.0, function, argument, value,
            "must be a finite number >= 0");
}

/// Throws unless `value` is finite.
inline void require_finite(double value, std::string_view function, std::string_view argument) {
    require(std::isfinite(value), function, argument, value, "must be a finite number");
}

}  // namespace cskpi::detail
