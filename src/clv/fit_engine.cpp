#include "fit_engine.hpp"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

#include "cskpi/detail/check.hpp"

namespace cskpi::clv::detail {
namespace {

using Matrix = std::vector<std::vector<double>>;

struct Problem {
    const EngineInput* input;
    double penalty;
    int evaluations = 0;
    bool non_finite = false;
    std::vector<double> non_finite_at{};

    // Penalised objective; grad (when not empty) receives its gradient.
    double value(std::span<const double> phi, std::span<double> grad) {
        ++evaluations;
        double f = 0.0;
        if (grad.empty() || input->analytic_gradient) {
            f = input->objective(phi, grad);
        } else {
            f = input->objective(phi, {});
            numeric_gradient(phi, grad);
        }
        for (std::size_t i = 0; i < phi.size(); ++i) {
            f += penalty * phi[i] * phi[i];
            if (!grad.empty()) {
                grad[i] += 2.0 * penalty * phi[i];
            }
        }
        if (!std::isfinite(f)) {
            if (!non_finite) {
                non_finite_at.assign(phi.begin(), phi.end());
            }
            non_finite = true;
            if (!grad.empty()) {
                std::fill(grad.begin(), grad.end(), 0.0);
            }
            return std::numeric_limits<double>::max() / 4;
        }
        return f;
    }

    void numeric_gradient(std::span<const double> phi, std::span<double> grad) {
        constexpr double h = 1e-5;
        std::vector<double> x(phi.begin(), phi.end());
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double xi = x[i];
            x[i] = xi + h;
            const double up = input->objective(x, {});
            x[i] = xi - h;
            const double down = input->objective(x, {});
            x[i] = xi;
            evaluations += 2;
            grad[i] = (up - down) / (2.0 * h);
        }
    }

    double value(std::span<const double> phi) { return value(phi, {}); }
};

double nlopt_callback(unsigned n, const double* x, double* grad, void* data) {
    auto* problem = static_cast<Problem*>(data);
    std::span<const double> phi(x, n);
    if (grad != nullptr) {
        return problem->value(phi, std::span<double>(grad, n));
    }
    return problem->value(phi);
}

// Hessian of the penalised objective at phi (central differences).
Matrix hessian(Problem& problem, const std::vector<double>& phi) {
    const std::size_t n = phi.size();
    Matrix h(n, std::vector<double>(n, 0.0));
    std::vector<double> x = phi;
    if (problem.input->analytic_gradient) {
        // Forward differences of the analytic gradient: n gradient evaluations.
        constexpr double step = 1e-5;
        std::vector<double> g0(n), gp(n);
        problem.value(x, g0);
        for (std::size_t j = 0; j < n; ++j) {
            x[j] = phi[j] + step;
            problem.value(x, gp);
            x[j] = phi[j];
            for (std::size_t i = 0; i < n; ++i) {
                h[i][j] = (gp[i] - g0[i]) / step;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                const double mean = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = mean;
                h[j][i] = mean;
            }
        }
        return h;
    }
    constexpr double step = 1e-4;
    const double f0 = problem.value(x);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = phi[i] + step;
        const double fp = problem.value(x);
        x[i] = phi[i] - step;
        const double fm = problem.value(x);
        x[i] = phi[i];
        h[i][i] = (fp - 2.0 * f0 + fm) / (step * step);
        for (std::size_t j = 0; j < i; ++j) {
            double corner[4];
            int k = 0;
            for (const double si : {1.0, -1.0}) {
                for (const double sj : {1.0, -1.0}) {
                    x[i] = phi[i] + si * step;
                    x[j] = phi[j] + sj * step;
                    corner[k++] = problem.value(x);
                }
            }
            x[i] = phi[i];
            x[j] = phi[j];
            h[i][j] = (corner[0] - corner[1] - corner[2] + corner[3]) / (4.0 * step * step);
            h[j][i] = h[i][j];
        }
    }
    return h;
}

// Inverse of a symmetric positive definite matrix by Cholesky; empty when not positive definite.
std::optional<Matrix> spd_inverse(const Matrix& a) {
    const std::size_t n = a.size();
    Matrix l(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double sum = a[i][j];
            for (std::size_t k = 0; k < j; ++k) {
                sum -= l[i][k] * l[j][k];
            }
            if (i == j) {
                if (!(sum > 1e-12 * std::max(1.0, std::abs(a[i][i])))) {
                    return std::nullopt;
                }
                l[i][i] = std::sqrt(sum);
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    // inv = L^-T L^-1, column by column.
    Matrix inv(n, std::vector<double>(n, 0.0));
    for (std::size_t c = 0; c < n; ++c) {
        std::vector<double> y(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            double sum = (i == c) ? 1.0 : 0.0;
            for (std::size_t k = 0; k < i; ++k) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        for (std::size_t ii = n; ii-- > 0;) {
            double sum = y[ii];
            for (std::size_t k = ii + 1; k < n; ++k) {
                sum -= l[k][ii] * inv[k][c];
            }
            inv[ii][c] = sum / l[ii][ii];
        }
    }
    for (const auto& row : inv) {
        for (const double v : row) {
            if (!std::isfinite(v)) {
                return std::nullopt;
            }
        }
    }
    return inv;
}

std::vector<double> multiply(const Matrix& m, const std::vector<double>& v) {
    std::vector<double> out(v.size(), 0.0);
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = 0; j < v.size(); ++j) {
            out[i] += m[i][j] * v[j];
        }
    }
    return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        s += a[i] * b[i];
    }
    return s;
}

std::string nlopt_text(nlopt_result code) {
    switch (code) {
        case NLOPT_SUCCESS:
            return "success";
        case NLOPT_STOPVAL_REACHED:
            return "stop value reached";
        case NLOPT_FTOL_REACHED:
            return "objective tolerance reached";
        case NLOPT_XTOL_REACHED:
            return "parameter tolerance reached";
        case NLOPT_MAXEVAL_REACHED:
            return "evaluation limit reached";
        case NLOPT_MAXTIME_REACHED:
            return "time limit reached";
        case NLOPT_FAILURE:
            return "generic failure";
        case NLOPT_INVALID_ARGS:
            return "invalid arguments";
        case NLOPT_OUT_OF_MEMORY:
            return "out of memory";
        case NLOPT_ROUNDOFF_LIMITED:
            return "roundoff limited";
        case NLOPT_FORCED_STOP:
            return "forced stop";
        default:
            return "unknown result";
    }
}

std::string format_value(double v) {
    return cskpi::detail::to_text(v);
}

std::vector<double> exp_each(const std::vector<double>& phi) {
    std::vector<double> theta(phi.size());
    std::transform(phi.begin(), phi.end(), theta.begin(), [](double v) { return std::exp(v); });
    return theta;
}

// L-BFGS from phi, which receives where it stopped; returns NLopt's code.
nlopt_result lbfgs_minimise(Problem& problem, const FitOptions& options, std::vector<double>& phi) {
    const std::size_t n = phi.size();
    nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, static_cast<unsigned>(n));
    std::vector<double> lower(n, -kLogParamBound), upper(n, kLogParamBound);
    nlopt_set_lower_bounds(opt, lower.data());
    nlopt_set_upper_bounds(opt, upper.data());
    nlopt_set_min_objective(opt, nlopt_callback, &problem);
    // With numerical gradients L-BFGS crawls near the optimum; Newton steps finish there.
    nlopt_set_ftol_rel(opt, problem.input->analytic_gradient ? options.tolerance
                                                             : std::max(options.tolerance, 1e-9));
    nlopt_set_xtol_rel(opt, 1e-10);
    nlopt_set_maxeval(opt, std::max(options.max_evaluations, 10));
    double fmin = 0.0;
    const nlopt_result code = nlopt_optimize(opt, phi.data(), &fmin);
    nlopt_destroy(opt);
    return code;
}

// Where the Newton polish stands: the point, the penalised objective and its gradient there,
// and the inverse of a Hessian (empty when not positive definite).
struct NewtonPoint {
    std::vector<double> phi;
    double f = 0.0;
    std::vector<double> grad;
    std::optional<Matrix> cov;
};

// Backtracking along -delta; moves `point` to the first step that lowers the objective.
bool line_search(Problem& problem, NewtonPoint& point, const std::vector<double>& delta) {
    const std::size_t n = point.phi.size();
    for (double scale = 1.0; scale > 1e-3; scale *= 0.5) {
        std::vector<double> trial(n);
        for (std::size_t i = 0; i < n; ++i) {
            trial[i] = std::clamp(point.phi[i] - scale * delta[i], -kLogParamBound, kLogParamBound);
        }
        std::vector<double> trial_grad(n);
        const double ft = problem.value(trial, trial_grad);
        if (ft < point.f) {
            point.phi = trial;
            point.f = ft;
            point.grad = trial_grad;
            return true;
        }
    }
    return false;
}

// Newton polish on the numerical Hessian: steps accepted only if they improve the objective.
// The Hessian is reused across steps (it changes little near the optimum) and recomputed
// when a step fails and at the end, for the standard errors.
NewtonPoint newton_polish(Problem& problem, std::vector<double> phi) {
    NewtonPoint point;
    point.phi = std::move(phi);
    point.grad.resize(point.phi.size());
    point.f = problem.value(point.phi, point.grad);
    point.cov = spd_inverse(hessian(problem, point.phi));
    bool fresh = true;  // cov was computed at point.phi
    for (int step = 0; step < 30 && point.cov; ++step) {
        const std::vector<double> delta = multiply(*point.cov, point.grad);
        // Stop when the quadratic model promises less than 1e-9 of log-likelihood: below that,
        // numerical gradients are noise.
        if (!(0.5 * dot(point.grad, delta) > 1e-9)) {
            break;
        }
        if (line_search(problem, point, delta)) {
            fresh = false;
            continue;
        }
        if (fresh) {
            break;
        }
        point.cov = spd_inverse(hessian(problem, point.phi));
        fresh = true;
    }
    if (!fresh) {
        point.cov = spd_inverse(hessian(problem, point.phi));
    }
    return point;
}

// The first parameter at the search limit, as "name = value"; empty when none is.
std::string boundary_parameter(const EngineInput& input, const std::vector<double>& phi,
                               const std::vector<double>& theta) {
    for (std::size_t i = 0; i < phi.size(); ++i) {
        if (std::abs(phi[i]) > kLogParamBound - 1e-3) {
            return std::string(input.names[i]) + " = " + format_value(theta[i]);
        }
    }
    return {};
}

std::string non_finite_message(const EngineInput& input, const Problem& problem) {
    std::string message = "the log-likelihood was not finite at some parameters tried (";
    for (std::size_t i = 0; i < input.start.size() && i < problem.non_finite_at.size(); ++i) {
        message += std::string(i == 0 ? "" : ", ") + std::string(input.names[i]) + " = " +
                   format_value(std::exp(problem.non_finite_at[i]));
    }
    return message + ")";
}

// How the fit ended, for its report.
struct FitEnd {
    const EngineInput& input;
    const Problem& problem;
    const NewtonPoint& point;
    nlopt_result code;
};

// Sets converged and the message: the first of the reasons to doubt the fit, or "converged".
void judge_convergence(FitReport& report, const FitEnd& end, const std::vector<double>& theta) {
    const bool optimiser_failed = end.code < 0 && end.code != NLOPT_ROUNDOFF_LIMITED;
    const std::string boundary = boundary_parameter(end.input, end.point.phi, theta);
    const double f = end.point.f;
    const bool final_non_finite = !std::isfinite(f) || f >= std::numeric_limits<double>::max() / 8;
    double decrement = std::numeric_limits<double>::infinity();
    if (end.point.cov) {
        decrement = 0.5 * dot(end.point.grad, multiply(*end.point.cov, end.point.grad));
    }
    if (final_non_finite) {
        report.message = non_finite_message(end.input, end.problem);
        report.log_likelihood = 0.0;
    } else if (!end.input.degenerate.empty()) {
        report.message = end.input.degenerate;
    } else if (!boundary.empty()) {
        report.message = "parameter " + boundary +
                         " reached the search limit: the likelihood is maximal on the "
                         "boundary of the parameter space (e.g. no repeat purchases)";
    } else if (!end.point.cov) {
        report.message =
            "observed information matrix is not positive definite: the parameters are not "
            "identified by these data";
    } else if (optimiser_failed) {
        report.message = "optimiser failed: " + nlopt_text(end.code);
    } else if (!(decrement < 1e-6)) {
        report.message = "not converged (" + nlopt_text(end.code) +
                         "): the log-likelihood may still improve by " + format_value(decrement);
    } else {
        report.converged = true;
        report.message = "converged";
    }
}

// Delta method from the log-parameters; left out unless every one is finite.
std::optional<std::vector<double>> standard_errors(const Matrix& cov,
                                                   const std::vector<double>& theta) {
    std::vector<double> se(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        se[i] = theta[i] * std::sqrt(cov[i][i]);
    }
    if (std::all_of(se.begin(), se.end(), [](double v) { return std::isfinite(v); })) {
        return se;
    }
    return std::nullopt;
}

double penalty_of(const std::vector<double>& phi, double penalty) {
    double value = 0.0;
    for (const double v : phi) {
        value += penalty * v * v;
    }
    return value;
}

}  // namespace

EngineResult minimise(const EngineInput& input, const FitOptions& options) {
    EngineResult result;
    result.report.observations = input.observations;
    if (!(input.observations > 0.0)) {
        result.theta = exp_each(input.start);
        result.report.message = "no observations: nothing to fit (parameters are the start values)";
        return result;
    }

    Problem problem{&input, options.penalty, 0, false, {}};
    std::vector<double> phi = input.start;
    const nlopt_result code =
        input.newton_only ? NLOPT_SUCCESS : lbfgs_minimise(problem, options, phi);
    for (double& v : phi) {
        v = std::clamp(v, -kLogParamBound, kLogParamBound);
    }
    const NewtonPoint point = newton_polish(problem, std::move(phi));

    result.theta = exp_each(point.phi);
    result.report.log_likelihood = -(point.f - penalty_of(point.phi, options.penalty));
    result.report.iterations = problem.evaluations;
    judge_convergence(result.report, {input, problem, point, code}, result.theta);
    if (point.cov && options.standard_errors) {
        result.report.std_errors = standard_errors(*point.cov, result.theta);
    }
    return result;
}

void check_weights(std::span<const double> weights, std::size_t rows, std::string_view function) {
    if (weights.empty()) {
        return;
    }
    cskpi::detail::require(weights.size() == rows, function, "weights.size()", weights.size(),
                           "must equal the number of rows (" + std::to_string(rows) + ")");
    for (std::size_t i = 0; i < weights.size(); ++i) {
        cskpi::detail::require(std::isfinite(weights[i]) && weights[i] >= 0.0, function,
                               "weights[" + std::to_string(i) + "]", weights[i],
                               "must be a finite number >= 0");
    }
}

void check_rfm(const Rfm& row, std::string_view function) {
    using cskpi::detail::require;
    const bool x_ok = std::isfinite(row.frequency) && row.frequency >= 0.0 &&
                      row.frequency == std::floor(row.frequency) && row.frequency < 1e15;
    const bool t_ok = std::isfinite(row.T) && row.T >= 0.0;
    const bool tx_ok = std::isfinite(row.recency) && row.recency >= 0.0 && row.recency <= row.T;
    const bool zero_ok = row.frequency > 0.0 || row.recency == 0.0;
    if (x_ok && t_ok && tx_ok && zero_ok) {
        return;  // the common case: no message is built
    }
    require(x_ok, function, "frequency", row.frequency, "must be a whole number >= 0");
    require(t_ok, function, "T", row.T, "must be a finite number >= 0");
    require(tx_ok, function, "recency", row.recency,
            "must be a finite number in [0, T = " + cskpi::detail::to_text(row.T) + "]");
    require(zero_ok, function, "recency", row.recency, "must be 0 when frequency is 0");
}

void check_rfm(std::span<const Rfm> rows, std::string_view function) {
    for (const Rfm& row : rows) {
        check_rfm(row, function);
    }
}

void check_positive(double value, std::string_view function, std::string_view argument) {
    cskpi::detail::require(std::isfinite(value) && value > 0.0, function, argument, value,
                           "must be a finite number > 0");
}

std::size_t worker_parts(std::size_t n) {
    if (n < 50000) {
        return 1;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return std::clamp<std::size_t>(hw == 0 ? 1 : hw, 1, 8);
}

std::size_t parallel_ranges(
    std::size_t n, std::size_t parts,
    const std::function<void(std::size_t, std::size_t, std::size_t)>& body) {
    parts = std::max<std::size_t>(1, std::min(parts, n == 0 ? 1 : n));
    if (parts == 1) {
        body(0, n, 0);
        return 1;
    }
    std::vector<std::thread> threads;
    threads.reserve(parts - 1);
    const std::size_t chunk = (n + parts - 1) / parts;
    for (std::size_t p = 1; p < parts; ++p) {
        const std::size_t begin = std::min(n, p * chunk);
        const std::size_t end = std::min(n, begin + chunk);
        threads.emplace_back([&body, begin, end, p] { body(begin, end, p); });
    }
    body(0, std::min(n, chunk), 0);
    for (auto& t : threads) {
        t.join();
    }
    return parts;
}

}  // namespace cskpi::clv::detail
