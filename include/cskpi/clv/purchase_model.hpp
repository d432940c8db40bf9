#pragma once
/// \file
/// The interface shared by the purchase-count models (BG/NBD, Pareto/NBD, MBG/NBD), so that
/// CLV and batch predictions work with any of them.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv {

/// A fitted (or given) model of repeat purchases over time. Times are in the unit the model's
/// data were summarised in (the model itself has no unit; see docs/clv.md).
class PurchaseModel {
  public:
    virtual ~PurchaseModel() = default;

    /// Short name: "bgnbd", "pareto_nbd" or "mbgnbd".
    [[nodiscard]] virtual std::string_view name() const noexcept = 0;
    /// Parameter names as in the literature, e.g. {"r", "alpha", "a", "b"}.
    [[nodiscard]] virtual std::vector<std::string_view> parameter_names() const = 0;
    /// Parameter values in the order of parameter_names().
    [[nodiscard]] virtual std::vector<double> parameter_values() const = 0;

    /// Log-likelihood of one customer's (x, t_x, T). Throws InvalidArgument on invalid data.
    [[nodiscard]] virtual double log_likelihood(const Rfm& customer) const = 0;
    /// E[X(t)]: expected purchases in (0, t] of a customer who made the first purchase at 0
    /// (repeat purchases only, as in the papers). t >= 0.
    [[nodiscard]] virtual double expected_purchases(double t) const = 0;
    /// E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the customer's history.
    [[nodiscard]] virtual double conditional_expected_purchases(double t,
                                                                const Rfm& customer) const = 0;
    /// P(alive | x, t_x, T): probability that the customer is still active at T.
    [[nodiscard]] virtual double p_alive(const Rfm& customer) const = 0;
};

/// Sum of the per-customer log-likelihoods (weighted when `weights` is not empty).
[[nodiscard]] double log_likelihood(const PurchaseModel& model, std::span<const Rfm> customers,
                                    std::span<const double> weights = {});

/// conditional_expected_purchases(t, c) for every customer c, in order.
[[nodiscard]] std::vector<double> conditional_expected_purchases(const PurchaseModel& model,
                                                                 double t,
                                                                 std::span<const Rfm> customers);

/// p_alive(c) for every customer c, in order.
[[nodiscard]] std::vector<double> p_alive(const PurchaseModel& model,
                                          std::span<const Rfm> customers);

}  // namespace cskpi::clv
