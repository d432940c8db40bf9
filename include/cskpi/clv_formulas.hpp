#pragma once
/// \file
/// The simple customer lifetime value formulas. The probabilistic models (BG/NBD,
/// Pareto/NBD, Gamma-Gamma) are in `cskpi/clv/`.

namespace cskpi {

/// Historical CLV: average purchase value x purchase frequency x lifespan, in the currency
/// of the purchase value. Frequency is purchases per unit of time and lifespan is in that
/// same unit (e.g. 4 purchases a year for 3 years). Throws InvalidArgument for a negative
/// or non-finite argument.
///
/// Example: `cskpi::historical_clv(50.0, 4.0, 3.0)` is 600.0.
[[nodiscard]] double historical_clv(double average_purchase_value, double purchase_frequency,
                                    double lifespan);

/// Margin-multiple CLV of Gupta & Lehmann (2003, "Customers as assets", Journal of Interactive
/// Marketing 17(1)): m x r / (1 + d - r), for a constant margin m per period, retention
/// probability r per period (0 <= r < 1 + d) and discount rate d per period. Convention: an
/// infinite horizon, the customer is acquired now and the first margin arrives at the end of
/// period 1 if the customer is retained, so no margin is counted at time 0 (add m for the
/// variant that counts an immediate first margin). Throws InvalidArgument for r outside
/// [0, 1], d < 0, r = 1 with d = 0 (no finite value), or a non-finite margin.
///
/// Example: `cskpi::margin_multiple_clv(100.0, 0.8, 0.1)` is 266.67 (multiple 2.667).
[[nodiscard]] double margin_multiple_clv(double margin, double retention, double discount_rate);

}  // namespace cskpi
