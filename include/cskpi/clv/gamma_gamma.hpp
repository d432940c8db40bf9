#pragma once
/// \file
/// The Gamma-Gamma model of monetary value: Fader, Hardie & Lee (2005), "RFM and CLV: Using
/// Iso-Value Curves for Customer Base Analysis", JMR 42(4); Fader & Hardie (2013), "The
/// Gamma-Gamma Model of Monetary Value" (note).

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cskpi/clv/fit_result.hpp"

namespace cskpi::clv {

/// One customer's spend data: x repeat transactions with mean value z-bar.
struct SpendObservation {
    double frequency = 0.0;       ///< x: number of repeat transactions (whole number >= 0).
    double monetary_value = 0.0;  ///< z-bar: mean value of those transactions (> 0 when x > 0).
};

/// Gamma-Gamma parameters: a transaction's value ~ Gamma(shape p, rate nu) with the customer's
/// nu ~ Gamma(shape q, rate gamma). All > 0.
struct GammaGammaParams {
    double p = 1.0;
    double q = 1.0;
    double gamma = 1.0;
};

/// The Gamma-Gamma spend model with given parameters.
///
/// Example:
/// ```
/// auto fit = cskpi::clv::GammaGamma::fit(spend);  // rows with x = 0 are ignored
/// auto zbar = fit.model.conditional_expected_spend({.frequency = 2, .monetary_value = 22.35});
/// ```
class GammaGamma {
  public:
    /// Throws InvalidArgument unless every parameter is finite and > 0.
    explicit GammaGamma(const GammaGammaParams& params);

    /// Fits by maximum likelihood on the rows with frequency > 0 (rows with x = 0 carry no spend
    /// information and are skipped; observations counts the rows used). Throws InvalidArgument
    /// for x not a whole number >= 0, or a monetary value that is not finite and > 0 when x > 0.
    [[nodiscard]] static Fitted<GammaGamma> fit(std::span<const SpendObservation> data,
                                                const FitOptions& options = {});

    [[nodiscard]] const GammaGammaParams& params() const noexcept { return params_; }
    /// {"p", "q", "gamma"}.
    [[nodiscard]] std::vector<std::string_view> parameter_names() const;
    [[nodiscard]] std::vector<double> parameter_values() const;

    /// Log-likelihood of one customer with x > 0 (the density of z-bar given x).
    [[nodiscard]] double log_likelihood(const SpendObservation& customer) const;
    /// Population mean transaction value p * gamma / (q - 1); empty when q <= 1 (infinite).
    [[nodiscard]] std::optional<double> expected_spend() const;
    /// E[Z | x, z-bar] = p (gamma + x z-bar) / (p x + q - 1): the customer's expected average
    /// transaction value. For x = 0 it is the population mean. Empty when p x + q <= 1.
    [[nodiscard]] std::optional<double> conditional_expected_spend(
        const SpendObservation& customer) const;

  private:
    GammaGammaParams params_;
};

}  // namespace cskpi::clv
