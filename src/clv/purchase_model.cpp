#include "cskpi/clv/purchase_model.hpp"

#include "cskpi/detail/check.hpp"
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
    // Validate first (in this thread), then compute in parallel: nothing throws in the workers.
    cskpi::detail::require_non_negative(t, "conditional_expected_purchases", "t");
    detail::check_rfm(customers, "conditional_expected_purchases");
    std::vector<double> out(customers.size());
    detail::parallel_ranges(customers.size(), detail::worker_parts(customers.size()),
                            [&](std::size_t begin, std::size_t end, std::size_t) {
                                for (std::size_t i = begin; i < end; ++i) {
                                    out[i] = model.conditional_expected_purchases(t, customers[i]);
                                }
                            });
    return out;
}

std::vector<double> p_alive(const PurchaseModel& model, std::span<const Rfm> customers) {
    detail::check_rfm(customers, "p_alive");
    std::vector<double> out(customers.size());
    detail::parallel_ranges(customers.size(), detail::worker_parts(customers.size()),
                            [&](std::size_t begin, std::size_t end, std::size_t) {
                                for (std::size_t i = begin; i < end; ++i) {
                                    out[i] = model.p_alive(customers[i]);
                                }
                            });
    return out;
}

}  // namespace cskpi::clv
