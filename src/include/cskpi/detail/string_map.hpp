#pragma once
// Hash maps keyed by std::string that look up by std::string_view without allocating.
// Internal: not part of the public API.

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cskpi::detail {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

}  // namespace cskpi::detail
