#include "cskpi/clv/rfm.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <string>

#include <fmt/format.h>

#include "cskpi/detail/check.hpp"

namespace cskpi::clv {
namespace {

long long day_number(Timestamp t) {
    return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

}  // namespace

std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                     const RfmOptions& options) {
    constexpr std::string_view fn = "rfm_summary";
    for (std::size_t i = 0; i < purchases.size(); ++i) {
        if (purchases[i].customer_id.empty()) {
            throw InvalidArgument(fn, "purchases[" + std::to_string(i) + "].customer_id", "\"\"",
                                  "must not be empty");
        }
        cskpi::detail::require(std::isfinite(purchases[i].amount), fn,
                               "purchases[" + std::to_string(i) + "].amount", purchases[i].amount,
                               "must be a finite number");
    }
    std::vector<std::size_t> order(purchases.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
        const int c = purchases[l].customer_id.compare(purchases[r].customer_id);
        if (c != 0) {
            return c < 0;
        }
        return purchases[l].at < purchases[r].at;
    });

    const long long end_day = day_number(options.calibration_end);
    const long long holdout_day = options.holdout_end ? day_number(*options.holdout_end)
                                                      : std::numeric_limits<long long>::max();
    const double unit_days = days_per(options.unit);

    std::vector<CustomerRfm> out;
    std::size_t i = 0;
    while (i < order.size()) {
        const std::string& id = purchases[order[i]].customer_id;
        std::size_t j = i;
        while (j < order.size() && purchases[order[j]].customer_id == id) {
            ++j;
        }
        // Purchases [i, j) of one customer, by time. Walk the distinct days.
        long long first_day = 0;
        long long last_day = 0;
        long long previous_day = std::numeric_limits<long long>::min();
        long long calibration_days = 0;
        double repeat_amount = 0.0;
        double holdout_days = 0.0;
        double holdout_amount = 0.0;
        long long previous_holdout_day = std::numeric_limits<long long>::min();
        for (std::size_t k = i; k < j; ++k) {
            const Purchase& p = purchases[order[k]];
            const long long day = day_number(p.at);
            if (day <= end_day) {
                if (calibration_days == 0) {
                    first_day = day;
                }
                if (day != previous_day) {
                    ++calibration_days;
                    previous_day = day;
                    last_day = day;
                }
                if (day != first_day) {
                    repeat_amount += p.amount;
                }
            } else if (day <= holdout_day) {
                if (day != previous_holdout_day) {
                    holdout_days += 1.0;
                    previous_holdout_day = day;
                }
                holdout_amount += p.amount;
            }
        }
        // Only reachable through the API: record readers bound each amount, so no realistic
        // number of purchases can sum past the largest double.
        if (!std::isfinite(repeat_amount) || !std::isfinite(holdout_amount)) {
            throw InvalidArgument(
                "purchases",
                fmt::format("{}: customer \"{}\": the {} purchases sum beyond the largest finite "
                            "number",
                            fn, id, std::isfinite(repeat_amount) ? "holdout" : "repeat"));
        }
        if (calibration_days > 0) {
            CustomerRfm row;
            row.customer_id = id;
            const long long x = calibration_days - 1;
            row.rfm.frequency = static_cast<double>(x);
            row.rfm.recency = static_cast<double>(last_day - first_day) / unit_days;
            row.rfm.T = static_cast<double>(end_day - first_day) / unit_days;
            row.monetary_value = x > 0 ? repeat_amount / static_cast<double>(x) : 0.0;
            row.holdout_frequency = holdout_days;
            row.holdout_spend = holdout_amount;
            out.push_back(std::move(row));
        }
        i = j;
    }
    return out;
}

std::vector<Rfm> rfm_values(std::span<const CustomerRfm> rows) {
    std::vector<Rfm> out;
    out.reserve(rows.size());
    for (const CustomerRfm& row : rows) {
        out.push_back(row.rfm);
    }
    return out;
}

}  // namespace cskpi::clv
