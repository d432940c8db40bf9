#pragma once
/// \file
/// The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An
/// Alternative to the Pareto/NBD Model", Marketing Science 24(2).

#include <span>
#include <string_view>
#include <vector>

#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv {

/// BG/NBD parameters: purchase rates lambda ~ Gamma(shape r, rate alpha); after each repeat
/// purchase the customer drops out with probability p ~ Beta(a, b). All > 0.
struct BgNbdParams {
    double r = 1.0;
    double alpha = 1.0;
    double a = 1.0;
    double b = 1.0;
};

/// The BG/NBD model with given parameters.
///
/// Example:
/// ```
/// auto fit = cskpi::clv::BgNbd::fit(cskpi::clv::rfm_values(rows));
/// double alive = fit.model.p_alive({.frequency = 2, .recency = 30.43, .T = 38.86});
/// ```
class BgNbd final : public PurchaseModel {
  public:
    /// Throws InvalidArgument unless every parameter is finite and > 0.
    explicit BgNbd(const BgNbdParams& params);

    /// Fits by maximum likelihood (log-parameters, L-BFGS with the analytic gradient).
    /// Throws InvalidArgument on invalid rows (x not a whole number >= 0, recency outside [0, T],
    /// non-finite values) or weights. Empty data (or zero total weight) gives a non-converged
    /// report with default parameters.
    [[nodiscard]] static Fitted<BgNbd> fit(std::span<const Rfm> data,
                                           const FitOptions& options = {});

    [[nodiscard]] const BgNbdParams& params() const noexcept { return params_; }

    [[nodiscard]] std::string_view name() const noexcept override { return "bgnbd"; }
    [[nodiscard]] std::vector<std::string_view> parameter_names() const override;
    [[nodiscard]] std::vector<double> parameter_values() const override;
    [[nodiscard]] double log_likelihood(const Rfm& customer) const override;
    [[nodiscard]] double expected_purchases(double t) const override;
    [[nodiscard]] double conditional_expected_purchases(double t,
                                                        const Rfm& customer) const override;
    /// 1 when x = 0 (in BG/NBD a customer can only drop out right after a repeat purchase).
    [[nodiscard]] double p_alive(const Rfm& customer) const override;
    /// P(X(t) = n): probability of exactly n repeat purchases in (0, t] (FHL 2005, eq. 8).
    [[nodiscard]] double probability_of_purchases(long long n, double t) const;

  private:
    BgNbdParams params_;
};

}  // namespace cskpi::clv
