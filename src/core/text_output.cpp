#include "cskpi/text_output.hpp"

#include <cmath>

namespace cskpi {

std::optional<double> printable(std::optional<double> value) noexcept {
    if (value && !std::isfinite(*value)) {
        return std::nullopt;
    }
    return value;
}

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

}  // namespace cskpi
