#pragma once
/// \file
/// A purchase model checked on a holdout period (docs/clv.md, "Holdout check"): the model is
/// fitted on the calibration period, then its expected repeat purchases in the holdout are
/// compared with the actual ones, by calibration frequency as in Fader, Hardie & Lee (2005),
/// "Counting Your Customers the Easy Way", Marketing Science 24(2), figure 4, and `lifetimes`'
/// `plot_calibration_purchases_vs_holdout_purchases`.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv {

/// How a holdout comparison groups its customers.
///
/// Example: `cskpi::clv::HoldoutOptions{.duration = 39.0, .groups = 8}`.
struct HoldoutOptions {
    /// The holdout's length in the model unit, usually `holdout_duration(rfm_options)` (rfm.hpp);
    /// finite and >= 0. Every customer is predicted over the same length, as in `lifetimes`.
    double duration = 0.0;
    /// How many calibration-frequency groups: x = 0 .. groups - 2 one each, and the last holding
    /// every x >= groups - 1 (the default 8 gives 0 .. 6 and 7+, FHL 2005 figure 4). From 1 to
    /// 1,000,000.
    std::size_t groups = 8;
};

/// The customers of one calibration frequency (or the open last group), their actual and
/// expected repeat purchases in the holdout: one point of each line of a "model vs actual"
/// chart.
///
/// Example: `{.calibration_frequency = 7, .and_more = true, .customers = 55, ...}` is the 7+
/// group.
struct HoldoutGroup {
    /// x of the group's customers, or the lowest x of the last group when `and_more`.
    std::size_t calibration_frequency = 0;
    /// True for the last group: every customer with x >= calibration_frequency.
    bool and_more = false;
    /// Customers in the group (>= 1: groups without customers are not listed).
    std::size_t customers = 0;
    /// Sum and mean over the group of the actual holdout purchases (distinct days).
    double actual_sum = 0.0;
    double actual_mean = 0.0;
    /// Sum and mean over the group of the model's E[Y(duration) | x, t_x, T].
    double expected_sum = 0.0;
    double expected_mean = 0.0;
};

/// The model against the holdout: per calibration-frequency group and overall.
///
/// Example: `comparison.aggregate_error / comparison.actual_sum` is the relative error of
/// the total, as `relative_aggregate_error` gives it when the actual total is not 0.
struct HoldoutComparison {
    /// The holdout's length in the model unit (HoldoutOptions::duration).
    double duration = 0.0;
    /// Customers compared: those with a calibration purchase.
    std::size_t customers = 0;
    /// Sum over customers of the actual, and of the expected, holdout purchases.
    double actual_sum = 0.0;
    double expected_sum = 0.0;
    /// Mean over customers of |expected - actual|; empty without customers.
    std::optional<double> mean_absolute_error{};
    /// expected_sum - actual_sum: positive when the model predicts too many purchases.
    double aggregate_error = 0.0;
    /// aggregate_error / actual_sum; empty when actual_sum is 0.
    std::optional<double> relative_aggregate_error{};
    /// The groups with customers, by ascending calibration frequency.
    std::vector<HoldoutGroup> groups{};
};

/// Builds a HoldoutComparison one customer at a time, so that a million customers' rows need
/// not be held at once (`RfmAccumulator::for_each_row`). The expected purchases are the model's
/// own `conditional_expected_purchases` (for BG/NBD, FHL 2005 eq. 10).
///
/// Example:
/// ```
/// cskpi::clv::HoldoutTally tally(fit.model, {.duration = holdout_duration(acc.options())});
/// acc.for_each_row([&](const cskpi::clv::CustomerRfm& row) { tally.add(row); });
/// cskpi::clv::HoldoutComparison comparison = tally.result();
/// ```
class HoldoutTally {
  public:
    /// A tally predicting with `model`, which must outlive it. Throws InvalidArgument for a
    /// negative or non-finite duration or no groups.
    ///
    /// Example: `cskpi::clv::HoldoutTally tally(model, {.duration = 39.0});`
    HoldoutTally(const PurchaseModel& model, HoldoutOptions options);

    /// The model's expected holdout purchases of one customer, E[Y(duration) | x, t_x, T].
    ///
    /// Example: `tally.expected(row)` is 1.23 for a frequent, recent buyer.
    [[nodiscard]] double expected(const CustomerRfm& row) const;

    /// Counts one customer: its calibration frequency picks the group, `holdout_frequency` is
    /// the actual purchases. Returns the expected purchases, as `expected(row)`.
    ///
    /// Example: `double e = tally.add(row);`
    double add(const CustomerRfm& row);

    /// The comparison of the customers added so far.
    ///
    /// Example: `tally.result().mean_absolute_error`.
    [[nodiscard]] HoldoutComparison result() const;

  private:
    const PurchaseModel* model_;
    HoldoutOptions options_;
    std::vector<HoldoutGroup> groups_;  // every group, the empty ones included
    double absolute_error_ = 0.0;
};

/// The HoldoutComparison of `rows`, as a HoldoutTally given each row in turn.
///
/// Example:
/// ```
/// auto rows = cskpi::clv::rfm_summary(purchases, rfm_options);
/// auto fit = cskpi::clv::BgNbd::fit(cskpi::clv::rfm_values(rows));
/// auto comparison = cskpi::clv::compare_holdout(
///     fit.model, rows, {.duration = cskpi::clv::holdout_duration(rfm_options)});
/// ```
[[nodiscard]] HoldoutComparison compare_holdout(const PurchaseModel& model,
                                                std::span<const CustomerRfm> rows,
                                                const HoldoutOptions& options);

}  // namespace cskpi::clv
