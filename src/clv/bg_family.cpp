#include "bg_family.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "cskpi/detail/check.hpp"

namespace cskpi::clv::detail {
namespace {

double digamma(double v) {
    return boost::math::digamma(v);
}

// log(e^u + e^v) and the weight e^v / (e^u + e^v). log(1 + e) rather than log1p(e): with
// e in [0, 1] its absolute error is still ~1e-16, and it is much faster.
inline void log_add(double u, double v, double& lse, double& wv) {
    const double d = v - u;
    if (d > 0.0) {
        const double e = std::exp(-d);
        const double one_e = 1.0 + e;
        lse = v + std::log(one_e);
        wv = 1.0 / one_e;
    } else {
        const double e = std::exp(d);
        const double one_e = 1.0 + e;
        lse = u + std::log(one_e);
        wv = e / one_e;
    }
}

// Rows in structure-of-arrays form plus the distinct frequencies (terms that depend on x only
// are computed once per distinct x per evaluation).
struct Data {
    std::vector<double> x, tx, T, w;
    std::vector<std::uint32_t> xi;  // index into xs
    std::vector<double> xs;         // distinct frequencies
    std::vector<double> wx;         // total weight per distinct frequency
    double total_weight = 0.0;
};

Data prepare(std::span<const Rfm> rows, std::span<const double> weights) {
    struct Row {
        double x, tx, T, w;
    };
    std::vector<Row> kept;
    kept.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (w != 0.0) {
            kept.push_back({rows[i].frequency, rows[i].recency, rows[i].T, w});
        }
    }
    const std::vector<Row> merged =
        merged_rows(std::move(kept), [](const Row& r) { return std::tie(r.x, r.tx, r.T); });
    Data d;
    const std::size_t n = merged.size();
    d.x.reserve(n);
    d.tx.reserve(n);
    d.T.reserve(n);
    d.w.reserve(n);
    for (const Row& row : merged) {
        d.x.push_back(row.x);
        d.tx.push_back(row.tx);
        d.T.push_back(row.T);
        d.w.push_back(row.w);
        d.total_weight += row.w;
    }
    d.xs = d.x;
    std::sort(d.xs.begin(), d.xs.end());
    d.xs.erase(std::unique(d.xs.begin(), d.xs.end()), d.xs.end());
    d.wx.assign(d.xs.size(), 0.0);
    d.xi.resize(d.x.size());
    for (std::size_t i = 0; i < d.x.size(); ++i) {
        const auto k = static_cast<std::size_t>(std::lower_bound(d.xs.begin(), d.xs.end(), d.x[i]) -
                                                d.xs.begin());
        d.xi[i] = static_cast<std::uint32_t>(k);
        d.wx[k] += d.w[i];
    }
    return d;
}

// The point of one evaluation, in the parameters themselves, and what it is asked for.
struct Evaluation {
    double r, alpha, a, b;
    double shift;  // 1 for MBG/NBD, 0 for BG/NBD
    bool modified;
    bool want_grad;
};

// The log-likelihood and its derivatives with respect to r, alpha, a and b.
struct LogLikSums {
    double ll = 0.0;
    double r = 0.0;
    double alpha = 0.0;
    double a = 0.0;
    double b = 0.0;
};

// The terms in x only, computed once per distinct frequency, with log(b + x - 1 + shift) and its
// inverse for the per-row terms.
struct FrequencyTerms {
    LogLikSums sums;
    std::vector<double> lb1;
    std::vector<double> inv_b1;
};

FrequencyTerms frequency_terms(const Data& d, const Evaluation& e) {
    const double r = e.r, alpha = e.alpha, a = e.a, b = e.b, shift = e.shift;
    const std::size_t nx = d.xs.size();
    FrequencyTerms terms{{}, std::vector<double>(nx), std::vector<double>(nx)};
    LogLikSums& s = terms.sums;
    const double lg_r = std::lgamma(r);
    const double lg_ab = std::lgamma(a + b);
    const double lg_b = std::lgamma(b);
    const double dg_r = e.want_grad ? digamma(r) : 0.0;
    const double dg_ab = e.want_grad ? digamma(a + b) : 0.0;
    const double dg_b = e.want_grad ? digamma(b) : 0.0;
    const double lalpha = std::log(alpha);
    for (std::size_t k = 0; k < nx; ++k) {
        const double x = d.xs[k];
        const double w = d.wx[k];
        s.ll += w * (std::lgamma(r + x) - lg_r + lg_ab + std::lgamma(b + x + shift) - lg_b -
                     std::lgamma(a + b + x + shift) + r * lalpha);
        if (e.want_grad) {
            s.r += w * (digamma(r + x) - dg_r + lalpha);
            s.alpha += w * r / alpha;
            s.a += w * (dg_ab - digamma(a + b + x + shift));
            s.b += w * (dg_ab + digamma(b + x + shift) - dg_b - digamma(a + b + x + shift));
        }
        const double bx = b + x - 1.0 + shift;  // > 0 whenever the second term exists
        terms.lb1[k] = bx > 0.0 ? std::log(bx) : 0.0;
        terms.inv_b1[k] = bx > 0.0 ? 1.0 / bx : 0.0;
    }
    return terms;
}

// Terms per row: log(e^A + e^B), A = -(r + x) log(alpha + T),
// B = log a - log(b + x - 1 + shift) - (r + x) log(alpha + t_x) (when x > 0 or modified).
// Summed in parallel parts, which are added to `sums` in order so that the total does not
// depend on the threads' timing.
void add_row_terms(const Data& d, const Evaluation& e, const FrequencyTerms& fx, LogLikSums& sums) {
    const double r = e.r, alpha = e.alpha, a = e.a;
    const double la = std::log(a);
    const std::size_t n = d.x.size();
    const std::size_t parts = worker_parts(n);
    std::vector<std::array<double, 5>> acc(parts, std::array<double, 5>{});
    parallel_ranges(n, parts, [&](std::size_t begin, std::size_t end, std::size_t part) {
        double s_ll = 0.0, s_r = 0.0, s_alpha = 0.0, s_wb = 0.0, s_b = 0.0;
        for (std::size_t i = begin; i < end; ++i) {
            const double x = d.x[i];
            const double w = d.w[i];
            const double aT = alpha + d.T[i];
            const double lT = std::log(aT);
            const double A = -(r + x) * lT;
            if (x > 0.0 || e.modified) {
                const double at = alpha + d.tx[i];
                const double lt = std::log(at);
                const std::uint32_t k = d.xi[i];
                const double B = la - fx.lb1[k] - (r + x) * lt;
                double lse = 0.0, wb = 0.0;
                log_add(A, B, lse, wb);
                const double wa = 1.0 - wb;
                s_ll += w * lse;
                if (e.want_grad) {
                    s_r -= w * (wa * lT + wb * lt);
                    s_alpha -= w * (r + x) * (wa / aT + wb / at);
                    s_wb += w * wb;
                    s_b -= w * wb * fx.inv_b1[k];
                }
            } else {
                s_ll += w * A;
                if (e.want_grad) {
                    s_r -= w * lT;
                    s_alpha -= w * r / aT;
                }
            }
        }
        acc[part] = {s_ll, s_r, s_alpha, s_wb, s_b};
    });
    for (const auto& p : acc) {
        sums.ll += p[0];
        sums.r += p[1];
        sums.alpha += p[2];
        sums.a += p[3] / a;
        sums.b += p[4];
    }
}

// Negative log-likelihood and gradient with respect to the log-parameters.
double negative_ll(const Data& d, bool modified, std::span<const double> phi,
                   std::span<double> grad) {
    const Evaluation e{.r = std::exp(phi[0]),
                       .alpha = std::exp(phi[1]),
                       .a = std::exp(phi[2]),
                       .b = std::exp(phi[3]),
                       .shift = modified ? 1.0 : 0.0,
                       .modified = modified,
                       .want_grad = !grad.empty()};
    const FrequencyTerms fx = frequency_terms(d, e);
    LogLikSums sums = fx.sums;
    add_row_terms(d, e, fx, sums);
    if (e.want_grad) {
        grad[0] = -sums.r * e.r;
        grad[1] = -sums.alpha * e.alpha;
        grad[2] = -sums.a * e.a;
        grad[3] = -sums.b * e.b;
    }
    return -sums.ll;
}

std::vector<double> start_values(const Data& d) {
    double sx = 0.0, sT = 0.0;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
        sx += d.w[i] * d.x[i];
        sT += d.w[i] * d.T[i];
    }
    // r = 1 and alpha matching the mean purchase rate; a = 1, b = 1.
    double alpha = (sT + 1e-9) / (sx + 1.0);
    alpha = std::clamp(alpha, 1e-6, 1e6);
    return {0.0, std::log(alpha), 0.0, 0.0};
}

}  // namespace

double bg_family_log_likelihood(const BgFamilyParams& p, const Rfm& c, bool modified) {
    const double x = c.frequency;
    const double shift = modified ? 1.0 : 0.0;
    const double head = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) +
                        std::lgamma(p.a + p.b) + std::lgamma(p.b + x + shift) - std::lgamma(p.b) -
                        std::lgamma(p.a + p.b + x + shift);
    const double A = -(p.r + x) * std::log(p.alpha + c.T);
    if (x > 0.0 || modified) {
        const double B = std::log(p.a) - std::log(p.b + x - 1.0 + shift) -
                         (p.r + x) * std::log(p.alpha + c.recency);
        double lse = 0.0, wb = 0.0;
        log_add(A, B, lse, wb);
        return head + lse;
    }
    return head + A;
}

double bg_family_log_dead_odds(const BgFamilyParams& p, const Rfm& c, bool modified) {
    const double x = c.frequency;
    if (x == 0.0 && !modified) {
        return -std::numeric_limits<double>::infinity();
    }
    const double shift = modified ? 1.0 : 0.0;
    return std::log(p.a) - std::log(p.b + x - 1.0 + shift) +
           (p.r + x) * std::log1p((c.T - c.recency) / (p.alpha + c.recency));
}

EngineResult fit_bg_family(std::span<const Rfm> rows, const FitOptions& options, bool modified) {
    Data data = prepare(rows, options.weights);
    EngineInput input;
    input.names = {"r", "alpha", "a", "b"};
    input.observations = data.total_weight;
    input.start = start_values(data);
    double repeats = 0.0;
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        repeats += data.w[i] * data.x[i];
    }
    if (data.total_weight > 0.0 && repeats == 0.0) {
        input.degenerate = kNoRepeats;
    }
    // Large data: start from a fit on a systematic subsample (weights scaled up), so that the
    // full-data optimisation needs only a few evaluations.
    constexpr std::size_t kSub = 20000;
    if (data.x.size() > 5 * kSub) {
        const std::size_t stride = data.x.size() / kSub;
        std::vector<Rfm> sub;
        std::vector<double> sub_w;
        for (std::size_t i = 0; i < data.x.size(); i += stride) {
            sub.push_back({data.x[i], data.tx[i], data.T[i]});
            sub_w.push_back(data.w[i] * static_cast<double>(stride));
        }
        FitOptions sub_options = options;
        sub_options.weights = sub_w;
        sub_options.standard_errors = false;
        sub_options.tolerance = 1e-8;
        const EngineResult warm = fit_bg_family(sub, sub_options, modified);
        if (std::all_of(warm.theta.begin(), warm.theta.end(),
                        [](double v) { return std::isfinite(v) && v > 0.0; })) {
            for (std::size_t k = 0; k < 4; ++k) {
                input.start[k] = std::clamp(std::log(warm.theta[k]), -kLogParamBound + 1.0,
                                            kLogParamBound - 1.0);
            }
            // Within a few standard errors of the optimum: Newton steps finish the job.
            input.newton_only = warm.report.converged;
        }
    }
    input.objective = [&data, modified](std::span<const double> phi, std::span<double> grad) {
        return negative_ll(data, modified, phi, grad);
    };
    input.analytic_gradient = true;
    return minimise(input, options);
}

BgFamilyFit checked_fit_bg_family(std::span<const Rfm> data, const FitOptions& options,
                                  bool modified, std::string_view function) {
    check_rfm(data, function);
    check_weights(options.weights, data.size(), function);
    cskpi::detail::require_non_negative(options.penalty, function, "penalty");
    auto result = fit_bg_family(data, options, modified);
    const auto& t = result.theta;
    return {{t[0], t[1], t[2], t[3]}, std::move(result.report)};
}

void check_bg_family_params(const BgFamilyParams& p, std::string_view model) {
    check_positive(p.r, model, "r");
    check_positive(p.alpha, model, "alpha");
    check_positive(p.a, model, "a");
    check_positive(p.b, model, "b");
}

std::vector<std::string_view> bg_family_parameter_names() {
    return {"r", "alpha", "a", "b"};
}

double logistic_complement(double l) {
    if (l > 0.0) {
        const double e = std::exp(-l);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + std::exp(l));
}

}  // namespace cskpi::clv::detail
