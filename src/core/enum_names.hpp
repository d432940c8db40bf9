#pragma once
// An enum's names as one table, read both ways: to_string and parse of every named option
// (channels, dimensions, modes, profiles) go through these two functions. Internal.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace cskpi::detail {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; the first entry's for a value the table lacks (none is, for a valid
// enum value).
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const EnumNames<Enum, N>& names,
                                                 Enum value) noexcept {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return names[0].second;
}

// The value named `name`; empty when no entry has it.
template <typename Enum, std::size_t N>
[[nodiscard]] constexpr std::optional<Enum> value_of(const EnumNames<Enum, N>& names,
                                                     std::string_view name) noexcept {
    for (const auto& [v, text] : names) {
        if (text == name) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace cskpi::detail
