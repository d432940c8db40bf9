#pragma once
/// \file
/// Discounted customer lifetime value over a horizon (docs/clv.md, "CLV").

#include <span>
#include <vector>

#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"
#include "cskpi/clv/time_unit.hpp"

namespace cskpi::clv {

/// The horizon, discounting and margin of a CLV computation. Units are explicit and converted
/// exactly (a month is 365.2425 / 12 days).
struct ClvOptions {
    /// The unit of the model's times (the unit the RFM summary was made in).
    TimeUnit model_unit = TimeUnit::week;
    /// Length of the horizon, in horizon_unit (finite, >= 0).
    double horizon = 12.0;
    TimeUnit horizon_unit = TimeUnit::month;
    /// The discount period; the horizon holds K = floor(horizon / period) whole periods (a
    /// remainder shorter than one period is not valued).
    TimeUnit discount_period = TimeUnit::month;
    /// Discount rate D per discount period (finite, > -1).
    double discount_rate = 0.01;
    /// Margin applied to spend (finite); 1 values revenue.
    double margin = 1.0;
};

/// CLV = sum over k = 1..K of margin * expected_spend * (E[k] - E[k-1]) / (1 + D)^k, where E[k]
/// is the model's conditional expected number of purchases by the end of discount period k and
/// E[0] = 0. Cash flows of period k are discounted as if received at its end.
///
/// Throws InvalidArgument for a negative or non-finite expected_spend or invalid options.
///
/// Example:
/// ```
/// double value = cskpi::clv::customer_lifetime_value(fit.model, customer.rfm, 35.2,
///     {.model_unit = TimeUnit::week, .horizon = 12, .discount_rate = 0.01});
/// ```
[[nodiscard]] double customer_lifetime_value(const PurchaseModel& model, const Rfm& customer,
                                             double expected_spend, const ClvOptions& options = {});

/// customer_lifetime_value for each customer; `expected_spend` has one value per customer.
/// Throws InvalidArgument when the lengths differ.
[[nodiscard]] std::vector<double> customer_lifetime_value(const PurchaseModel& model,
                                                          std::span<const Rfm> customers,
                                                          std::span<const double> expected_spend,
                                                          const ClvOptions& options = {});

}  // namespace cskpi::clv
