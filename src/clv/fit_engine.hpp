#pragma once
// Maximum-likelihood engine shared by the CLV models: minimises a negative log-likelihood over
// log-parameters with NLopt's L-BFGS, polishes with Newton steps on a numerical Hessian, reports
// convergence and standard errors. Internal.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/clv/fit_result.hpp"
#include "cskpi/clv/rfm.hpp"

namespace cskpi::clv::detail {

/// Negative log-likelihood at log-parameters `phi`; when `grad` is not empty it receives the
/// gradient with respect to phi. Must return a finite value for phi within the search box.
using NegLogLik = std::function<double(std::span<const double> phi, std::span<double> grad)>;

struct EngineInput {
    NegLogLik objective;
    bool analytic_gradient = true;
    std::vector<double> start;  // log-parameters
    std::vector<std::string_view> names;
    double observations = 0.0;
    /// When not empty, the data cannot identify the model (e.g. no repeat purchases): the fit
    /// still runs but is reported as not converged with this message.
    std::string degenerate;
    /// Skip L-BFGS and go straight to Newton steps (the start is already close, e.g. from a fit
    /// on a subsample).
    bool newton_only = false;
};

struct EngineResult {
    std::vector<double> theta;  // parameters (exp of phi)
    FitReport report;
};

/// The report message of a purchase-model fit on data without any repeat purchase.
inline constexpr const char* kNoRepeats =
    "no repeat purchases in the data: the purchase rate is not identified (the likelihood "
    "keeps increasing towards a zero purchase rate); the parameters are where the optimiser "
    "stopped";

/// Lower and upper limits of each log-parameter (parameters in [e^-30, e^30]).
inline constexpr double kLogParamBound = 30.0;

EngineResult minimise(const EngineInput& input, const FitOptions& options);

/// Throws InvalidArgument unless the weights are empty or match `rows` in length and are finite
/// and >= 0.
void check_weights(std::span<const double> weights, std::size_t rows, std::string_view function);

/// Throws InvalidArgument unless every row is valid: frequency a whole number >= 0, T finite and
/// >= 0, 0 <= recency <= T, recency 0 when frequency is 0.
void check_rfm(std::span<const Rfm> rows, std::string_view function);
void check_rfm(const Rfm& row, std::string_view function);

/// Throws InvalidArgument unless `value` is finite and > 0.
void check_positive(double value, std::string_view function, std::string_view argument);

/// Runs body(begin, end, part) over [0, n) split in up to `parts` contiguous ranges, in parallel
/// when n is large. Returns the number of parts used.
std::size_t parallel_ranges(std::size_t n, std::size_t parts,
                            const std::function<void(std::size_t, std::size_t, std::size_t)>& body);

/// Number of worker parts for n rows (1 for small n).
std::size_t worker_parts(std::size_t n);

// `rows` (each with a weight `w` > 0) sorted by `key` and with equal keys merged, their
// weights added: a fit then sees the same data however its rows came, one per customer or
// merged already, in any order, and so gives the same result to the last bit.
// Merged in place: the fits' rows are their largest data, held once.
template <typename Row, typename Key>
[[nodiscard]] std::vector<Row> merged_rows(std::vector<Row> rows, Key key) {
    std::sort(rows.begin(), rows.end(),
              [&](const Row& l, const Row& r) { return key(l) < key(r); });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (kept > 0 && key(rows[kept - 1]) == key(rows[i])) {
            rows[kept - 1].w += rows[i].w;
        } else {
            rows[kept++] = rows[i];
        }
    }
    rows.resize(kept);
    return rows;
}

}  // namespace cskpi::clv::detail
