#include "cskpi/clv/mbgnbd.hpp"

#include <cmath>

#include "bg_family.hpp"
#include "cskpi/clv/detail/special.hpp"
#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {
namespace {

detail::BgFamilyParams family(const MbgNbdParams& p) {
    return {p.r, p.alpha, p.a, p.b};
}

}  // namespace

MbgNbd::MbgNbd(const MbgNbdParams& params) : params_(params) {
    detail::check_bg_family_params(family(params), "MbgNbd");
}

Fitted<MbgNbd> MbgNbd::fit(std::span<const Rfm> data, const FitOptions& options) {
    auto [p, report] = detail::checked_fit_bg_family(data, options, true, "MbgNbd::fit");
    return {MbgNbd({p.r, p.alpha, p.a, p.b}), std::move(report)};
}

std::vector<std::string_view> MbgNbd::parameter_names() const {
    return detail::bg_family_parameter_names();
}

std::vector<double> MbgNbd::parameter_values() const {
    return {params_.r, params_.alpha, params_.a, params_.b};
}

double MbgNbd::log_likelihood(const Rfm& customer) const {
    detail::check_rfm(customer, "MbgNbd::log_likelihood");
    return detail::bg_family_log_likelihood(family(params_), customer, true);
}

double MbgNbd::expected_purchases(double t) const {
    cskpi::detail::require_non_negative(t, "MbgNbd::expected_purchases", "t");
    // E[X(t)] = b / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b + 1; a + b; t / (alpha + t))]
    // (Batislam et al. 2007) = b / (a + b) * Q(a, b + 1), Q as for BG/NBD.
    const auto& p = params_;
    return p.b / (p.a + p.b) * detail::active_expected_purchases(p.a, p.b + 1.0, p.r, p.alpha, t);
}

double MbgNbd::conditional_expected_purchases(double t, const Rfm& customer) const {
    cskpi::detail::require_non_negative(t, "MbgNbd::conditional_expected_purchases", "t");
    detail::check_rfm(customer, "MbgNbd::conditional_expected_purchases");
    const auto& p = params_;
    const double x = customer.frequency;
    const double alive = p_alive(customer);
    if (alive == 0.0) {
        return 0.0;
    }
    // An active customer's dropout probability has posterior Beta(a, b + x + 1).
    return alive *
           detail::active_expected_purchases(p.a, p.b + x + 1.0, p.r + x, p.alpha + customer.T, t);
}

double MbgNbd::p_alive(const Rfm& customer) const {
    detail::check_rfm(customer, "MbgNbd::p_alive");
    return detail::logistic_complement(
        detail::bg_family_log_dead_odds(family(params_), customer, true));
}

}  // namespace cskpi::clv
