#pragma once
/// \file
/// The formula layer for retention and churn between two consecutive periods.

#include <cstdint>
#include <span>
#include <string>

#include "cskpi/rate.hpp"

namespace cskpi {

/// Retention rate: customers active in both period P-1 and P / customers active in P-1 x 100.
///
/// Example: `cskpi::retention_rate(90, 100).value` is 90.0.
[[nodiscard]] Rate retention_rate(std::uint64_t retained, std::uint64_t active_previous);

/// Churn rate: 100 - retention, i.e. customers active in P-1 but not in P / active in P-1.
///
/// Example: `cskpi::churn_rate(90, 100).value` is 10.0.
[[nodiscard]] Rate churn_rate(std::uint64_t retained, std::uint64_t active_previous);

/// Retention from period counts, the textbook customer retention rate ((E - N) / S) x 100:
/// S customers at the start, E at the end, N new during the period (e.g. Reichheld &
/// Sasser 1990, HBR; Kumar & Reinartz, Customer Relationship Management, ch. 5). Throws
/// InvalidArgument when N > E or E - N > S.
///
/// Example: `cskpi::retention_from_counts(200, 180, 20).value` is 80.0.
[[nodiscard]] Rate retention_from_counts(std::uint64_t start, std::uint64_t end,
                                         std::uint64_t new_customers);

/// Retention from the sets of customer ids active in P-1 and in P (duplicates ignored).
///
/// Example: `cskpi::retention_rate(std::vector<std::string>{"a","b"},
/// std::vector<std::string>{"b","c"}).value` is 50.0.
[[nodiscard]] Rate retention_rate(std::span<const std::string> active_previous,
                                  std::span<const std::string> active_current);

}  // namespace cskpi
