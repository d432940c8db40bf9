#include "cskpi/text_output.hpp"

#include <cmath>

namespace cskpi {

std::optional<double> printable(std::optional<double> value) noexcept {
    if (value && !std::isfinite(*value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace cskpi
