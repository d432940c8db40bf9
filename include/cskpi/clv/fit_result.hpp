#pragma once
/// \file
/// Options and report of a maximum-likelihood fit, shared by every CLV model.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cskpi::clv {

/// How to fit a model by maximum likelihood.
struct FitOptions {
    /// Optional per-row weights (same length as the data, each finite and >= 0); empty means
    /// every row weighs 1. A weight w counts a row w times, so summarised data (one row per
    /// distinct (x, t_x, T) with its count) fits exactly like the expanded data.
    std::span<const double> weights{};
    /// L2 penalty on the log-parameters: the fit minimises -LL + penalty * sum(log(theta)^2).
    /// 0 (the default) is plain maximum likelihood.
    double penalty = 0.0;
    /// Maximum number of objective evaluations of the optimiser.
    int max_evaluations = 2000;
    /// Relative tolerance on the objective at which the optimiser stops.
    double tolerance = 1e-12;
    /// Compute standard errors (a numerical Hessian: a few extra likelihood evaluations).
    bool standard_errors = true;
};

/// What a fit found and how it went.
struct FitReport {
    /// Maximised (weighted, unpenalised) log-likelihood.
    double log_likelihood = 0.0;
    /// Standard errors of the parameters, in the model's parameter order, from the inverse of
    /// the observed information matrix (numerical Hessian of the minimised objective at the
    /// optimum, delta method from log-parameters). Empty when the matrix is not positive
    /// definite (e.g. at a boundary) or when not requested.
    std::optional<std::vector<double>> std_errors;
    /// True when the optimiser stopped at an interior stationary point.
    bool converged = false;
    /// Objective evaluations used.
    int iterations = 0;
    /// "converged", or what went wrong (boundary, evaluation limit, optimiser failure).
    std::string message;
    /// Sum of the weights of the rows used (the number of customers without weights).
    double observations = 0.0;
};

/// A fitted model and its report.
///
/// Example: `auto fit = BgNbd::fit(rows); if (fit.report.converged) use(fit.model);`
template <typename Model>
struct Fitted {
    Model model;
    FitReport report;
};

}  // namespace cskpi::clv
