#pragma once
/// \file
/// RFM summary of purchases with the conventions of the `lifetimes` package (docs/clv.md,
/// "RFM summary"): the input of the CLV models.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cskpi/clv/time_unit.hpp"
#include "cskpi/records.hpp"

namespace cskpi::clv {

/// The three numbers a purchase-count model needs for one customer, in a model time unit.
///
/// `frequency` (x) is the number of repeat purchase periods, `recency` (t_x) the time from the
/// first to the last purchase, `T` the time from the first purchase to the calibration end;
/// 0 <= recency <= T, and recency is 0 when frequency is 0.
///
/// Example: `cskpi::clv::Rfm{.frequency = 2, .recency = 30.43, .T = 38.86}`.
struct Rfm {
    double frequency = 0.0;  ///< x: repeat purchase periods (a whole number >= 0).
    double recency = 0.0;    ///< t_x: last minus first purchase, in the model unit.
    double T = 0.0;          ///< Calibration end minus first purchase, in the model unit.
};

/// One customer's calibration summary plus the holdout counts used for model checking.
struct CustomerRfm {
    std::string customer_id{};
    Rfm rfm;                         ///< Calibration-period frequency, recency and T.
    double monetary_value = 0.0;     ///< Mean of the repeat periods' summed amounts; 0 when x = 0.
    double holdout_frequency = 0.0;  ///< Distinct purchase periods after the calibration end.
    double holdout_spend = 0.0;      ///< Sum of the amounts after the calibration end.
};

/// How to summarise purchases.
struct RfmOptions {
    /// Last instant of the calibration period. Periods are UTC calendar days: every purchase on
    /// the calendar day of `calibration_end` (or earlier) is in the calibration period.
    Timestamp calibration_end{};
    /// Unit of recency and T (exact: a week is 7 days, a month 365.2425 / 12 days).
    TimeUnit unit = TimeUnit::week;
    /// End of the holdout period (its calendar day included); empty: every later purchase.
    std::optional<Timestamp> holdout_end{};
};

/// Summarises purchases per customer, sorted by customer_id.
///
/// Purchases on the same UTC calendar day count as one purchase period (their amounts are
/// summed). frequency = distinct purchase days - 1; recency = last - first purchase day;
/// T = calibration-end day - first purchase day (exact, in `options.unit`); monetary_value =
/// mean of the repeat days' summed amounts (the first day excluded). Purchases after the
/// calibration end are not in the calibration summary; they are counted in holdout_frequency
/// (distinct days) and holdout_spend. A customer whose purchases all fall after the calibration
/// end is absent from the result.
///
/// Throws InvalidArgument for an empty customer_id or a non-finite amount. Empty input gives an
/// empty result.
///
/// Example:
/// ```
/// auto rows = cskpi::clv::rfm_summary(purchases, {.calibration_end = end, .unit =
/// TimeUnit::week});
/// ```
[[nodiscard]] std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                                   const RfmOptions& options);

/// The `rfm` member of each row, in order: the input of the purchase-count model fits.
[[nodiscard]] std::vector<Rfm> rfm_values(std::span<const CustomerRfm> rows);

}  // namespace cskpi::clv
