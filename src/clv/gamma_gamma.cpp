#include "cskpi/clv/gamma_gamma.hpp"

#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>

#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {
namespace {

void check_observation(const SpendObservation& c, std::string_view fn, bool for_fit) {
    using cskpi::detail::require;
    require(std::isfinite(c.frequency) && c.frequency >= 0.0 &&
                c.frequency == std::floor(c.frequency) && c.frequency < 1e15,
            fn, "frequency", c.frequency, "must be a whole number >= 0");
    if (for_fit && c.frequency > 0.0) {
        require(std::isfinite(c.monetary_value) && c.monetary_value > 0.0, fn, "monetary_value",
                c.monetary_value, "must be a finite number > 0 when frequency > 0");
    } else {
        require(std::isfinite(c.monetary_value) && c.monetary_value >= 0.0, fn, "monetary_value",
                c.monetary_value, "must be a finite number >= 0");
    }
}

struct Data {
    std::vector<double> x, log_z, z, w;
    std::vector<std::uint32_t> xi;
    std::vector<double> xs, wx;
    double total_weight = 0.0;
};

Data prepare(std::span<const SpendObservation> rows, std::span<const double> weights) {
    struct Row {
        double x, z, w;
    };
    std::vector<Row> kept;
    kept.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (w != 0.0 && rows[i].frequency != 0.0) {
            kept.push_back({rows[i].frequency, rows[i].monetary_value, w});
        }
    }
    const std::vector<Row> merged =
        detail::merged_rows(std::move(kept), [](const Row& r) { return std::tie(r.x, r.z); });
    Data d;
    d.x.reserve(merged.size());
    d.z.reserve(merged.size());
    d.log_z.reserve(merged.size());
    d.w.reserve(merged.size());
    for (const Row& row : merged) {
        d.x.push_back(row.x);
        d.z.push_back(row.z);
        d.log_z.push_back(std::log(row.z));
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

// Negative log-likelihood of z-bar given x (Fader & Hardie, "The Gamma-Gamma Model of Monetary
// Value", eq. 3), and its gradient with respect to (log p, log q, log gamma).
double negative_ll(const Data& d, std::span<const double> phi, std::span<double> grad) {
    const double p = std::exp(phi[0]);
    const double q = std::exp(phi[1]);
    const double g = std::exp(phi[2]);
    const bool want_grad = !grad.empty();
    const double lg_q = std::lgamma(q);
    const double lgam = std::log(g);
    const double dg_q = want_grad ? boost::math::digamma(q) : 0.0;
    double ll = 0.0, gp = 0.0, gq = 0.0, gg = 0.0;
    for (std::size_t k = 0; k < d.xs.size(); ++k) {
        const double x = d.xs[k];
        const double w = d.wx[k];
        const double px = p * x;
        const double lx = std::log(x);
        ll += w * (std::lgamma(px + q) - std::lgamma(px) - lg_q + q * lgam + px * lx);
        if (want_grad) {
            const double dg_pxq = boost::math::digamma(px + q);
            gp += w * x * (dg_pxq - boost::math::digamma(px) + lx);
            gq += w * (dg_pxq - dg_q + lgam);
            gg += w * q / g;
        }
    }
    const std::size_t n = d.x.size();
    const std::size_t parts = detail::worker_parts(n);
    std::vector<std::array<double, 4>> acc(parts, std::array<double, 4>{});
    detail::parallel_ranges(n, parts, [&](std::size_t begin, std::size_t end, std::size_t part) {
        double s_ll = 0.0, s_p = 0.0, s_q = 0.0, s_g = 0.0;
        for (std::size_t i = begin; i < end; ++i) {
            const double x = d.x[i];
            const double w = d.w[i];
            const double base = g + x * d.z[i];
            const double lb = std::log(base);
            s_ll += w * ((p * x - 1.0) * d.log_z[i] - (p * x + q) * lb);
            if (want_grad) {
                s_p += w * x * (d.log_z[i] - lb);
                s_q -= w * lb;
                s_g -= w * (p * x + q) / base;
            }
        }
        acc[part] = {s_ll, s_p, s_q, s_g};
    });
    for (const auto& a : acc) {
        ll += a[0];
        gp += a[1];
        gq += a[2];
        gg += a[3];
    }
    if (want_grad) {
        grad[0] = -gp * p;
        grad[1] = -gq * q;
        grad[2] = -gg * g;
    }
    return -ll;
}

detail::EngineResult fit_data(const Data& data, const FitOptions& options) {
    detail::EngineInput input;
    input.names = {"p", "q", "gamma"};
    input.observations = data.total_weight;
    double mean_z = 0.0;
    for (std::size_t i = 0; i < data.z.size(); ++i) {
        mean_z += data.w[i] * data.z[i];
    }
    mean_z = data.total_weight > 0.0 ? mean_z / data.total_weight : 1.0;
    // p = 1, q = 2, gamma = mean z-bar: the population mean p gamma / (q - 1) matches the data.
    input.start = {0.0, std::log(2.0), std::log(std::clamp(mean_z, 1e-10, 1e10))};
    constexpr std::size_t kSub = 20000;
    if (data.x.size() > 5 * kSub) {
        const std::size_t stride = data.x.size() / kSub;
        Data sub;
        for (std::size_t i = 0; i < data.x.size(); i += stride) {
            sub.x.push_back(data.x[i]);
            sub.z.push_back(data.z[i]);
            sub.log_z.push_back(data.log_z[i]);
            sub.w.push_back(data.w[i] * static_cast<double>(stride));
            sub.xi.push_back(data.xi[i]);
        }
        sub.xs = data.xs;
        sub.wx.assign(sub.xs.size(), 0.0);
        for (std::size_t i = 0; i < sub.x.size(); ++i) {
            sub.wx[sub.xi[i]] += sub.w[i];
            sub.total_weight += sub.w[i];
        }
        FitOptions sub_options = options;
        sub_options.standard_errors = false;
        sub_options.tolerance = 1e-8;
        const auto warm = fit_data(sub, sub_options);
        input.newton_only = warm.report.converged;
        for (std::size_t k = 0; k < 3; ++k) {
            if (std::isfinite(warm.theta[k]) && warm.theta[k] > 0.0) {
                input.start[k] = std::clamp(std::log(warm.theta[k]), -detail::kLogParamBound + 1.0,
                                            detail::kLogParamBound - 1.0);
            }
        }
    }
    input.objective = [&data](std::span<const double> phi, std::span<double> grad) {
        return negative_ll(data, phi, grad);
    };
    return detail::minimise(input, options);
}

}  // namespace

GammaGamma::GammaGamma(const GammaGammaParams& params) : params_(params) {
    detail::check_positive(params.p, "GammaGamma", "p");
    detail::check_positive(params.q, "GammaGamma", "q");
    detail::check_positive(params.gamma, "GammaGamma", "gamma");
}

Fitted<GammaGamma> GammaGamma::fit(std::span<const SpendObservation> data,
                                   const FitOptions& options) {
    for (const auto& c : data) {
        check_observation(c, "GammaGamma::fit", true);
    }
    detail::check_weights(options.weights, data.size(), "GammaGamma::fit");
    cskpi::detail::require_non_negative(options.penalty, "GammaGamma::fit", "penalty");
    const Data prepared = prepare(data, options.weights);
    auto result = fit_data(prepared, options);
    const auto& t = result.theta;
    return {GammaGamma({t[0], t[1], t[2]}), std::move(result.report)};
}

std::vector<std::string_view> GammaGamma::parameter_names() const {
    return {"p", "q", "gamma"};
}

std::vector<double> GammaGamma::parameter_values() const {
    return {params_.p, params_.q, params_.gamma};
}

double GammaGamma::log_likelihood(const SpendObservation& c) const {
    check_observation(c, "GammaGamma::log_likelihood", true);
    cskpi::detail::require(c.frequency > 0.0, "GammaGamma::log_likelihood", "frequency",
                           c.frequency, "must be > 0 (no spend is observed without repeats)");
    const double p = params_.p, q = params_.q, g = params_.gamma, x = c.frequency;
    const double z = c.monetary_value;
    return std::lgamma(p * x + q) - std::lgamma(p * x) - std::lgamma(q) + q * std::log(g) +
           (p * x - 1.0) * std::log(z) + p * x * std::log(x) - (p * x + q) * std::log(g + x * z);
}

std::optional<double> GammaGamma::expected_spend() const {
    if (!(params_.q > 1.0)) {
        return std::nullopt;
    }
    return params_.p * params_.gamma / (params_.q - 1.0);
}

std::optional<double> GammaGamma::conditional_expected_spend(const SpendObservation& c) const {
    check_observation(c, "GammaGamma::conditional_expected_spend", false);
    const double p = params_.p, q = params_.q, g = params_.gamma, x = c.frequency;
    const double denominator = p * x + q - 1.0;
    if (!(denominator > 0.0)) {
        return std::nullopt;
    }
    const double value = p * (g + x * c.monetary_value) / denominator;
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace cskpi::clv
