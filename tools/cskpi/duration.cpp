#include "duration.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "errors.hpp"

namespace cskpi::cli {
namespace {

constexpr std::string_view unit_list = "use s, m, h, d, w, mo or y";
constexpr std::string_view range_text = "0 to 1.8e308 s";

// Units are matched whole (everything after the number), so "m" and "mo" cannot be confused.
constexpr std::array<std::pair<std::string_view, double>, 7> units{{
    {"s", 1.0},
    {"m", seconds_per_minute},
    {"h", seconds_per_hour},
    {"d", seconds_per_day},
    {"w", seconds_per_week},
    {"mo", seconds_per_month},
    {"y", seconds_per_year},
}};

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

}  // namespace

double parse_duration(std::string_view text) {
    // The number: digits, optionally a '.' and more digits (at least one digit in all), then
    // optionally an exponent. No unit starts with 'e', so "1e3s" cannot be misread.
    std::size_t end = 0;
    std::size_t digits = 0;
    while (end < text.size() && is_digit(text[end])) {
        ++end;
        ++digits;
    }
    if (end < text.size() && text[end] == '.') {
        ++end;
        while (end < text.size() && is_digit(text[end])) {
            ++end;
            ++digits;
        }
    }
    if (digits > 0 && end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        std::size_t exponent = end + 1;
        if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) {
            ++exponent;
        }
        if (exponent < text.size() && is_digit(text[exponent])) {
            while (exponent < text.size() && is_digit(text[exponent])) {
                ++exponent;
            }
            end = exponent;
        }
    }
    if (digits == 0) {
        if (text.empty()) {
            throw UsageError(
                fmt::format("empty duration ({} after a number, e.g. 20s)", unit_list));
        }
        if (text.front() == '-') {
            throw UsageError(fmt::format("\"{}\": a duration cannot be negative", text));
        }
        throw UsageError(
            fmt::format("\"{}\" is not a duration (a number and a unit, e.g. 20s, "
                        "30m, 7d; {})",
                        text, unit_list));
    }
    const std::string_view number = text.substr(0, end);
    const std::string_view unit = text.substr(end);
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value,
                                           std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        throw UsageError(fmt::format(
            "\"{}\": {} is outside the numbers a double holds (about 2.2e-308 to 1.8e308)", text,
            number));
    }
    if (ec != std::errc{} || ptr != number.data() + number.size()) {
        throw UsageError(
            fmt::format("\"{}\" is not a duration (a number and a unit, e.g. 20s, "
                        "30m, 7d; {})",
                        text, unit_list));
    }
    if (unit.empty()) {
        throw UsageError(
            fmt::format("\"{}\": a duration needs a unit ({}, e.g. {}s)", text, unit_list, number));
    }
    for (const auto& [name, seconds] : units) {
        if (unit == name) {
            const double result = value * seconds;
            if (!std::isfinite(result)) {
                throw UsageError(fmt::format(
                    "\"{}\" is outside the durations a number can hold ({})", text, range_text));
            }
            return result;
        }
    }
    throw UsageError(fmt::format("\"{}\": unknown unit \"{}\" ({})", text, unit, unit_list));
}

}  // namespace cskpi::cli
