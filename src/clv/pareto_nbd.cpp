#include "cskpi/clv/pareto_nbd.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

#include "cskpi/clv/detail/special.hpp"
#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {
namespace {

struct Terms {
    double lead;   // log[Gamma(r + x) alpha^r beta^s / Gamma(r)]
    double l0;     // log[(alpha + T)^-(r + x) (beta + T)^-s]: alive throughout (0, T]
    double total;  // log[e^l0 + s * integral]: the bracket of the likelihood
};

// log f(t) + log K(t), where f(t) = (alpha + t)^-(r + x) (beta + t)^-s and the antiderivative
// of (alpha + tau)^-(r + x) (beta + tau)^-(s + 1) is -f(t) K(t) / (r + s + x).
//
// Fader & Hardie (2005, eq. 22) write it with 2F1(r + s + x, s + 1; r + s + x + 1; z) when
// alpha >= beta (z = (alpha - beta) / (alpha + t)) and 2F1(r + s + x, r + x; r + s + x + 1; z)
// when alpha < beta (z = (beta - alpha) / (beta + t)). Euler's transformation
// 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z) turns both into 2F1(1, B; C; z)
// with C > B, whose terms are positive and shrink at least geometrically; it absorbs the huge
// (1 - z)^(-(r + x)) factor of the second form analytically, so x = 1e5 is no problem.
double log_fk(double r, double alpha, double s, double beta, double x, double t) {
    const double la = std::log(alpha + t);
    const double lb = std::log(beta + t);
    const double log_f = -(r + x) * la - s * lb;
    const double c = r + s + x + 1.0;
    if (alpha >= beta) {
        const double z = (alpha - beta) / (alpha + t);
        const double w = (beta + t) / (alpha + t);  // 1 - z, exact even when z ~ 1
        return log_f + detail::log_hyp2f1_1bc(r + x, c, z, w);
    }
    const double z = (beta - alpha) / (beta + t);
    const double w = (alpha + t) / (beta + t);
    return log_f + la - lb + detail::log_hyp2f1_1bc(s + 1.0, c, z, w);
}

double lead_term(const ParetoNbdParams& p, double x) {
    return std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha) +
           p.s * std::log(p.beta);
}

Terms terms(const ParetoNbdParams& p, double x, double tx, double T, bool with_lead = true) {
    Terms out{};
    out.lead = with_lead ? lead_term(p, x) : 0.0;
    out.l0 = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
    if (tx >= T) {
        out.total = out.l0;
        return out;
    }
    const double log_ratio = std::log(p.s) - std::log(p.r + p.s + x);
    const double l1 = log_ratio + log_fk(p.r, p.alpha, p.s, p.beta, x, tx);
    const double l2 = log_ratio + log_fk(p.r, p.alpha, p.s, p.beta, x, T);
    const double m = std::max(out.l0, l1);
    // e^l1 - e^l2 is s times the integral of a positive function: never negative in exact
    // arithmetic; rounding is clamped.
    const double diff = std::max(std::exp(l1 - m) - std::exp(l2 - m), 0.0);
    out.total = m + std::log(std::exp(out.l0 - m) + diff);
    return out;
}

struct Row {
    double x, tx, T, w;
};

double negative_ll(const std::vector<Row>& rows, std::span<const double> phi) {
    const ParetoNbdParams p{std::exp(phi[0]), std::exp(phi[1]), std::exp(phi[2]), std::exp(phi[3])};
    const std::size_t n = rows.size();
    const std::size_t parts = detail::worker_parts(n * 8);  // rows are costly: split earlier
    std::vector<double> acc(parts, 0.0);
    detail::parallel_ranges(n, parts, [&](std::size_t begin, std::size_t end, std::size_t part) {
        double s = 0.0;
        double last_x = -1.0;
        double lead = 0.0;
        for (std::size_t i = begin; i < end; ++i) {
            if (rows[i].x != last_x) {  // rows are sorted by x
                last_x = rows[i].x;
                lead = lead_term(p, last_x);
            }
            const Terms t = terms(p, rows[i].x, rows[i].tx, rows[i].T, false);
            s += rows[i].w * (lead + t.total);
        }
        acc[part] = s;
    });
    double ll = 0.0;
    for (const double v : acc) {
        ll += v;
    }
    return -ll;
}

}  // namespace

ParetoNbd::ParetoNbd(const ParetoNbdParams& params) : params_(params) {
    detail::check_positive(params.r, "ParetoNbd", "r");
    detail::check_positive(params.alpha, "ParetoNbd", "alpha");
    detail::check_positive(params.s, "ParetoNbd", "s");
    detail::check_positive(params.beta, "ParetoNbd", "beta");
}

Fitted<ParetoNbd> ParetoNbd::fit(std::span<const Rfm> data, const FitOptions& options) {
    detail::check_rfm(data, "ParetoNbd::fit");
    detail::check_weights(options.weights, data.size(), "ParetoNbd::fit");
    cskpi::detail::require_non_negative(options.penalty, "ParetoNbd::fit", "penalty");
    // Identical rows are merged (their weights add): the likelihood is costlier than BG/NBD's
    // and real data repeat (x, t_x, T) often (all customers without repeats of a cohort).
    std::vector<Row> rows;
    rows.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double w = options.weights.empty() ? 1.0 : options.weights[i];
        if (w > 0.0) {
            rows.push_back({data[i].frequency, data[i].recency, data[i].T, w});
        }
    }
    const std::vector<Row> merged =
        detail::merged_rows(std::move(rows), [](const Row& r) { return std::tie(r.x, r.tx, r.T); });
    double total = 0.0, sx = 0.0, sT = 0.0;
    for (const Row& row : merged) {
        total += row.w;
        sx += row.w * row.x;
        sT += row.w * row.T;
    }
    detail::EngineInput input;
    input.names = {"r", "alpha", "s", "beta"};
    input.observations = total;
    const double mean_T = total > 0.0 ? sT / total : 1.0;
    const double alpha = std::clamp((sT + 1e-9) / (sx + 1.0), 1e-6, 1e6);
    input.start = {0.0, std::log(alpha), 0.0, std::log(std::clamp(mean_T, 1e-6, 1e6))};
    input.analytic_gradient = false;
    if (total > 0.0 && sx == 0.0) {
        input.degenerate = detail::kNoRepeats;
    }
    input.objective = [&merged](std::span<const double> phi, std::span<double>) {
        return negative_ll(merged, phi);
    };
    // Large data: start from a fit on a systematic subsample (weights scaled up).
    constexpr std::size_t kSub = 10000;
    if (merged.size() > 4 * kSub && input.degenerate.empty()) {
        const std::size_t stride = merged.size() / kSub;
        std::vector<Rfm> sub;
        std::vector<double> sub_w;
        for (std::size_t i = 0; i < merged.size(); i += stride) {
            sub.push_back({merged[i].x, merged[i].tx, merged[i].T});
            sub_w.push_back(merged[i].w * static_cast<double>(stride));
        }
        FitOptions sub_options = options;
        sub_options.weights = sub_w;
        sub_options.standard_errors = false;
        sub_options.tolerance = 1e-8;
        const auto warm = ParetoNbd::fit(sub, sub_options);
        const auto v = warm.model.parameter_values();
        for (std::size_t k = 0; k < 4; ++k) {
            input.start[k] = std::clamp(std::log(v[k]), -detail::kLogParamBound + 1.0,
                                        detail::kLogParamBound - 1.0);
        }
        // The subsample estimate is within a few standard errors: Newton steps finish the job
        // without the many evaluations of L-BFGS with numerical gradients.
        input.newton_only = warm.report.converged;
    }
    auto result = detail::minimise(input, options);
    const auto& t = result.theta;
    return {ParetoNbd({t[0], t[1], t[2], t[3]}), std::move(result.report)};
}

std::vector<std::string_view> ParetoNbd::parameter_names() const {
    return {"r", "alpha", "s", "beta"};
}

std::vector<double> ParetoNbd::parameter_values() const {
    return {params_.r, params_.alpha, params_.s, params_.beta};
}

double ParetoNbd::log_likelihood(const Rfm& c) const {
    detail::check_rfm(c, "ParetoNbd::log_likelihood");
    const Terms t = terms(params_, c.frequency, c.recency, c.T);
    return t.lead + t.total;
}

double ParetoNbd::p_alive(const Rfm& c) const {
    detail::check_rfm(c, "ParetoNbd::p_alive");
    const Terms t = terms(params_, c.frequency, c.recency, c.T);
    return std::clamp(std::exp(t.l0 - t.total), 0.0, 1.0);
}

namespace {

// [1 - (1 + t / base)^-(s - 1)] / (s - 1), tending to log(1 + t / base) as s -> 1.
double lifetime_factor(double s, double base, double t) {
    const double l = std::log1p(t / base);
    const double sm1 = s - 1.0;
    if (std::abs(sm1 * l) < 1e-10) {
        return l * (1.0 - 0.5 * sm1 * l);
    }
    return -std::expm1(-sm1 * l) / sm1;
}

}  // namespace

double ParetoNbd::expected_purchases(double t) const {
    cskpi::detail::require_non_negative(t, "ParetoNbd::expected_purchases", "t");
    // E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)]  (SMC 1987)
    const auto& p = params_;
    return p.r * p.beta / p.alpha * lifetime_factor(p.s, p.beta, t);
}

double ParetoNbd::conditional_expected_purchases(double t, const Rfm& c) const {
    cskpi::detail::require_non_negative(t, "ParetoNbd::conditional_expected_purchases", "t");
    const double alive = p_alive(c);
    // E[Y(t) | x, t_x, T] = P(alive) (r + x)(beta + T) / ((alpha + T)(s - 1))
    //                       [1 - ((beta + T) / (beta + T + t))^(s - 1)]   (F&H 2005, eq. 23)
    const auto& p = params_;
    return alive * (p.r + c.frequency) / (p.alpha + c.T) * (p.beta + c.T) *
           lifetime_factor(p.s, p.beta + c.T, t);
}

}  // namespace cskpi::clv
