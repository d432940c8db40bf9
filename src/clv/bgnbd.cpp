#include "cskpi/clv/bgnbd.hpp"

#include <boost/math/special_functions/beta.hpp>

#include <cmath>

#include "bg_family.hpp"
#include "cskpi/clv/detail/special.hpp"
#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {
namespace {

detail::BgFamilyParams family(const BgNbdParams& p) {
    return {p.r, p.alpha, p.a, p.b};
}

}  // namespace

BgNbd::BgNbd(const BgNbdParams& params) : params_(params) {
    detail::check_bg_family_params(family(params), "BgNbd");
}

Fitted<BgNbd> BgNbd::fit(std::span<const Rfm> data, const FitOptions& options) {
    auto [p, report] = detail::checked_fit_bg_family(data, options, false, "BgNbd::fit");
    return {BgNbd({p.r, p.alpha, p.a, p.b}), std::move(report)};
}

std::vector<std::string_view> BgNbd::parameter_names() const {
    return detail::bg_family_parameter_names();
}

std::vector<double> BgNbd::parameter_values() const {
    return {params_.r, params_.alpha, params_.a, params_.b};
}

double BgNbd::log_likelihood(const Rfm& customer) const {
    detail::check_rfm(customer, "BgNbd::log_likelihood");
    return detail::bg_family_log_likelihood(family(params_), customer, false);
}

double BgNbd::expected_purchases(double t) const {
    cskpi::detail::require_non_negative(t, "BgNbd::expected_purchases", "t");
    return detail::active_expected_purchases(params_.a, params_.b, params_.r, params_.alpha, t);
}

double BgNbd::conditional_expected_purchases(double t, const Rfm& customer) const {
    cskpi::detail::require_non_negative(t, "BgNbd::conditional_expected_purchases", "t");
    detail::check_rfm(customer, "BgNbd::conditional_expected_purchases");
    const double x = customer.frequency;
    const double alive = p_alive(customer);
    if (alive == 0.0) {
        return 0.0;
    }
    return alive * detail::active_expected_purchases(params_.a, params_.b + x, params_.r + x,
                                                     params_.alpha + customer.T, t);
}

double BgNbd::p_alive(const Rfm& customer) const {
    detail::check_rfm(customer, "BgNbd::p_alive");
    return detail::logistic_complement(
        detail::bg_family_log_dead_odds(family(params_), customer, false));
}

double BgNbd::probability_of_purchases(long long n, double t) const {
    cskpi::detail::require(n >= 0, "BgNbd::probability_of_purchases", "n", n, "must be >= 0");
    cskpi::detail::require_non_negative(t, "BgNbd::probability_of_purchases", "t");
    const auto& p = params_;
    const double x = static_cast<double>(n);
    if (t == 0.0) {
        return n == 0 ? 1.0 : 0.0;
    }
    const double lbeta_ab = std::lgamma(p.a) + std::lgamma(p.b) - std::lgamma(p.a + p.b);
    // P(X(t) = n) = B(a, b + n) / B(a, b) NBD(n; r, alpha, t)
    //             + [n > 0] B(a + 1, b + n - 1) / B(a, b) P(NBD >= n)   (FHL 2005 eq. 8),
    // with P(NBD(r, z) >= n) = I_z(n, r), z = t / (alpha + t) (regularised incomplete beta).
    const double lz = std::log(t) - std::log(p.alpha + t);
    const double l1z = -std::log1p(t / p.alpha);
    const double log_first = std::lgamma(p.a) + std::lgamma(p.b + x) - std::lgamma(p.a + p.b + x) -
                             lbeta_ab + std::lgamma(p.r + x) - std::lgamma(p.r) -
                             std::lgamma(x + 1.0) + p.r * l1z + x * lz;
    double prob = std::exp(log_first);
    if (n > 0) {
        const double log_second = std::lgamma(p.a + 1.0) + std::lgamma(p.b + x - 1.0) -
                                  std::lgamma(p.a + p.b + x) - lbeta_ab;
        const double z = t / (p.alpha + t);
        prob += std::exp(log_second) * boost::math::ibeta(x, p.r, z);
    }
    return std::clamp(prob, 0.0, 1.0);
}

}  // namespace cskpi::clv
