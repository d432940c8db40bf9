#include "cskpi/clv_formulas.hpp"

#include "cskpi/detail/check.hpp"

namespace cskpi {

double historical_clv(double average_purchase_value, double purchase_frequency, double lifespan) {
    detail::require_non_negative(average_purchase_value, "historical_clv",
                                 "average_purchase_value");
    detail::require_non_negative(purchase_frequency, "historical_clv", "purchase_frequency");
    detail::require_non_negative(lifespan, "historical_clv", "lifespan");
    return average_purchase_value * purchase_frequency * lifespan;
}

double margin_multiple_clv(double margin, double retention, double discount_rate) {
    detail::require_finite(margin, "margin_multiple_clv", "margin");
    detail::require(retention >= 0.0 && retention <= 1.0, "margin_multiple_clv", "retention",
                    retention, "must be in [0, 1]");
    detail::require_non_negative(discount_rate, "margin_multiple_clv", "discount_rate");
    detail::require(retention < 1.0 || discount_rate > 0.0, "margin_multiple_clv", "discount_rate",
                    discount_rate,
                    "must be > 0 when retention = 1 (otherwise the value is infinite)");
    return margin * retention / (1.0 + discount_rate - retention);
}

}  // namespace cskpi
