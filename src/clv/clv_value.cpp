#include "cskpi/clv/clv_value.hpp"

#include <cmath>
#include <string>

#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {
namespace {

struct Schedule {
    long long periods;     // K
    double period_length;  // one discount period in model units
};

Schedule schedule(const ClvOptions& o, std::string_view fn) {
    using cskpi::detail::require;
    require(std::isfinite(o.horizon) && o.horizon >= 0.0, fn, "horizon", o.horizon,
            "must be a finite number >= 0");
    require(std::isfinite(o.discount_rate) && o.discount_rate > -1.0, fn, "discount_rate",
            o.discount_rate, "must be a finite number > -1");
    require(std::isfinite(o.margin), fn, "margin", o.margin, "must be a finite number");
    // Whole discount periods inside the horizon; a relative 1e-9 absorbs rounding of exact
    // multiples (12 months = 1 year).
    const double ratio = convert(o.horizon, o.horizon_unit, o.discount_period);
    require(ratio < 1e7, fn, "horizon", o.horizon, "spans more than 10^7 discount periods");
    const auto k = static_cast<long long>(std::floor(ratio * (1.0 + 1e-9)));
    return {k, convert(1.0, o.discount_period, o.model_unit)};
}

double value(const PurchaseModel& model, const Rfm& customer, double spend, const ClvOptions& o,
             const Schedule& s) {
    double total = 0.0;
    double previous = 0.0;
    double discount = 1.0;
    const double factor = 1.0 / (1.0 + o.discount_rate);
    for (long long k = 1; k <= s.periods; ++k) {
        const double e = model.conditional_expected_purchases(
            static_cast<double>(k) * s.period_length, customer);
        discount *= factor;
        total += (e - previous) * discount;
        previous = e;
    }
    return o.margin * spend * total;
}

}  // namespace

double customer_lifetime_value(const PurchaseModel& model, const Rfm& customer,
                               double expected_spend, const ClvOptions& options) {
    constexpr std::string_view fn = "customer_lifetime_value";
    cskpi::detail::require_non_negative(expected_spend, fn, "expected_spend");
    const Schedule s = schedule(options, fn);
    return value(model, customer, expected_spend, options, s);
}

std::vector<double> customer_lifetime_value(const PurchaseModel& model,
                                            std::span<const Rfm> customers,
                                            std::span<const double> expected_spend,
                                            const ClvOptions& options) {
    constexpr std::string_view fn = "customer_lifetime_value";
    cskpi::detail::require(
        expected_spend.size() == customers.size(), fn, "expected_spend.size()",
        expected_spend.size(),
        "must equal the number of customers (" + std::to_string(customers.size()) + ")");
    for (std::size_t i = 0; i < expected_spend.size(); ++i) {
        cskpi::detail::require(std::isfinite(expected_spend[i]) && expected_spend[i] >= 0.0, fn,
                               "expected_spend[" + std::to_string(i) + "]", expected_spend[i],
                               "must be a finite number >= 0");
    }
    const Schedule s = schedule(options, fn);
    detail::check_rfm(customers, fn);
    // Validated above: the parallel workers do not throw.
    std::vector<double> out(customers.size());
    detail::parallel_ranges(customers.size(), detail::worker_parts(customers.size()),
                            [&](std::size_t begin, std::size_t end, std::size_t) {
                                for (std::size_t i = begin; i < end; ++i) {
                                    out[i] =
                                        value(model, customers[i], expected_spend[i], options, s);
                                }
                            });
    return out;
}

}  // namespace cskpi::clv
