#pragma once
/// \file
/// The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who
/// Are They and What Will They Do Next?", Management Science 33(1), in the form of Fader &
/// Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions".

#include <span>
#include <string_view>
#include <vector>

#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv {

/// Pareto/NBD parameters: purchase rate lambda ~ Gamma(shape r, rate alpha); lifetime
/// exponential with rate mu ~ Gamma(shape s, rate beta). All > 0.
struct ParetoNbdParams {
    double r = 1.0;
    double alpha = 1.0;
    double s = 1.0;
    double beta = 1.0;
};

/// The Pareto/NBD model with given parameters.
///
/// Example: `auto fit = cskpi::clv::ParetoNbd::fit(data); fit.model.p_alive(customer);`
class ParetoNbd final : public PurchaseModel {
  public:
    /// Throws InvalidArgument unless every parameter is finite and > 0.
    explicit ParetoNbd(const ParetoNbdParams& params);

    /// Fits by maximum likelihood (log-parameters, L-BFGS with central-difference gradients);
    /// same conventions as BgNbd::fit.
    [[nodiscard]] static Fitted<ParetoNbd> fit(std::span<const Rfm> data,
                                               const FitOptions& options = {});

    [[nodiscard]] const ParetoNbdParams& params() const noexcept { return params_; }

    [[nodiscard]] std::string_view name() const noexcept override { return "pareto_nbd"; }
    [[nodiscard]] std::vector<std::string_view> parameter_names() const override;
    [[nodiscard]] std::vector<double> parameter_values() const override;
    [[nodiscard]] double log_likelihood(const Rfm& customer) const override;
    [[nodiscard]] double expected_purchases(double t) const override;
    [[nodiscard]] double conditional_expected_purchases(double t,
                                                        const Rfm& customer) const override;
    [[nodiscard]] double p_alive(const Rfm& customer) const override;

  private:
    ParetoNbdParams params_;
};

}  // namespace cskpi::clv
