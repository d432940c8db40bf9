#pragma once
// format_rfc3339 without an allocation, for the readers that turn instants into text a row at
// a time. Internal.

#include <cstddef>

#include "cskpi/records.hpp"

namespace cskpi::json::detail {

// The longest text write_rfc3339 writes: "9999-12-31T23:59:59.999Z".
inline constexpr std::size_t kRfc3339Bytes = 24;

// Writes format_rfc3339(at) to `out` (room for kRfc3339Bytes); returns its length. `at` is
// within years 0 to 9999.
std::size_t write_rfc3339(Timestamp at, char* out) noexcept;

}  // namespace cskpi::json::detail
