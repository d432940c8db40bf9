#pragma once
/// \file
/// The modified BG/NBD model of Batislam, Denizel & Filiztekin (2007), "Empirical validation and
/// comparison of models for customer base analysis", IJRM 24(3): like BG/NBD, but a customer may
/// also drop out right after the first purchase, so a customer with no repeats can be inactive.

#include <span>
#include <string_view>
#include <vector>

#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/purchase_model.hpp"
#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv {

/// MBG/NBD parameters: lambda ~ Gamma(r, alpha); dropout probability p ~ Beta(a, b), applied
/// after every purchase including the first. All > 0.
struct MbgNbdParams {
    double r = 1.0;
    double alpha = 1.0;
    double a = 1.0;
    double b = 1.0;
};

/// The MBG/NBD model with given parameters.
///
/// Example: `auto fit = cskpi::clv::MbgNbd::fit(data); fit.model.p_alive(customer);`
class MbgNbd final : public PurchaseModel {
  public:
    /// Throws InvalidArgument unless every parameter is finite and > 0.
    explicit MbgNbd(const MbgNbdParams& params);

    /// Fits by maximum likelihood; same conventions as BgNbd::fit.
    [[nodiscard]] static Fitted<MbgNbd> fit(std::span<const Rfm> data,
                                            const FitOptions& options = {});

    [[nodiscard]] const MbgNbdParams& params() const noexcept { return params_; }

    [[nodiscard]] std::string_view name() const noexcept override { return "mbgnbd"; }
    [[nodiscard]] std::vector<std::string_view> parameter_names() const override;
    [[nodiscard]] std::vector<double> parameter_values() const override;
    [[nodiscard]] double log_likelihood(const Rfm& customer) const override;
    [[nodiscard]] double expected_purchases(double t) const override;
    [[nodiscard]] double conditional_expected_purchases(double t,
                                                        const Rfm& customer) const override;
    [[nodiscard]] double p_alive(const Rfm& customer) const override;

  private:
    MbgNbdParams params_;
};

}  // namespace cskpi::clv
