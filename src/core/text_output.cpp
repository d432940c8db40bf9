#include "cskpi/text_output.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace cskpi {

std::optional<double> printable(std::optional<double> value) noexcept {
    if (value && !std::isfinite(*value)) {
        return std::nullopt;
    }
    return value;
}

std::string table_number(std::optional<double> value, int decimals) {
    const std::optional<double> shown = printable(value);
    return shown ? fmt::format("{:.{}f}", *shown, decimals) : std::string(not_available);
}

std::string table_duration(std::optional<double> seconds) {
    const std::optional<double> shown = printable(seconds);
    if (!shown) {
        return std::string(not_available);
    }
    // Past a million hours h:mm:ss stops being readable, and the cast below could overflow.
    constexpr double longest = 1e6 * 3600.0;
    const double rounded = std::round(std::fabs(*shown));
    if (rounded >= longest) {
        return fmt::format("{:.3g} s", *shown);
    }
    const auto total = static_cast<std::int64_t>(rounded);
    const std::string_view sign = *shown < 0.0 && total > 0 ? "-" : "";
    const std::int64_t hours = total / 3600;
    const std::int64_t minutes = total / 60 % 60;
    const std::int64_t secs = total % 60;
    return hours > 0 ? fmt::format("{}{}:{:02}:{:02}", sign, hours, minutes, secs)
                     : fmt::format("{}{}:{:02}", sign, minutes, secs);
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
