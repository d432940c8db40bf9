#include "cskpi/clv/purchase_model.hpp"

#include "fit_engine.hpp"

namespace cskpi::clv {

double log_likelihood(const PurchaseModel& model, std::span<const Rfm> customers,
                      std::span<const double> weights) {
    detail::check_weights(weights, customers.size(), "log_likelihood");
    double sum = 0.0;
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (w != 0.0) {
            sum += w * model.log_likelihood(customers[i]);
        }
    }
    return sum;
}

std::vector<double> conditional_expected_purchases(const PurchaseModel& model, double t,
                                                   std::span<const Rfm> customers) {
    std::vector<double> out(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        out[i] = model.conditional_expected_purchases(t, customers[i]);
    }
    return out;
}

std::vector<double> p_alive(const PurchaseModel& model, std::span<const Rfm> customers) {
    std::vector<double> out(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        out[i] = model.p_alive(customers[i]);
    }
    return out;
}

}  // namespace cskpi::clv
