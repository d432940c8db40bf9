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

constexpr std::string_view kFunction = "rfm_summary";

long long day_number(Timestamp t) {
    return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

void check_purchases(std::span<const Purchase> purchases) {
    for (std::size_t i = 0; i < purchases.size(); ++i) {
        if (purchases[i].customer_id.empty()) {
            throw InvalidArgument(kFunction, "purchases[" + std::to_string(i) + "].customer_id",
                                  "\"\"", "must not be empty");
        }
        cskpi::detail::require(std::isfinite(purchases[i].amount), kFunction,
                               "purchases[" + std::to_string(i) + "].amount", purchases[i].amount,
                               "must be a finite number");
    }
}

// The positions of the purchases, by customer and then by time.
std::vector<std::size_t> by_customer_and_time(std::span<const Purchase> purchases) {
    std::vector<std::size_t> order(purchases.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
        const int c = purchases[l].customer_id.compare(purchases[r].customer_id);
        if (c != 0) {
            return c < 0;
        }
        return purchases[l].at < purchases[r].at;
    });
    return order;
}

// The days that end the calibration and holdout periods, and the length of the RFM unit.
struct Periods {
    long long end_day = 0;
    long long holdout_day = 0;
    double unit_days = 0.0;
};

// One customer's purchases, counted in distinct days.
struct CustomerDays {
    long long first_day = 0;
    long long last_day = 0;
    long long calibration_days = 0;
    double repeat_amount = 0.0;
    double holdout_days = 0.0;
    double holdout_amount = 0.0;
};

// Walks the distinct days of one customer's purchases (`positions`, by time).
CustomerDays count_days(std::span<const Purchase> purchases, std::span<const std::size_t> positions,
                        const Periods& periods) {
    CustomerDays days;
    long long previous_day = std::numeric_limits<long long>::min();
    long long previous_holdout_day = std::numeric_limits<long long>::min();
    for (const std::size_t position : positions) {
        const Purchase& p = purchases[position];
        const long long day = day_number(p.at);
        if (day <= periods.end_day) {
            if (days.calibration_days == 0) {
                days.first_day = day;
            }
            if (day != previous_day) {
                ++days.calibration_days;
                previous_day = day;
                days.last_day = day;
            }
            if (day != days.first_day) {
                days.repeat_amount += p.amount;
            }
        } else if (day <= periods.holdout_day) {
            if (day != previous_holdout_day) {
                days.holdout_days += 1.0;
                previous_holdout_day = day;
            }
            days.holdout_amount += p.amount;
        }
    }
    return days;
}

// Only reachable through the API: record readers bound each amount, so no realistic number of
// purchases can sum past the largest double.
void check_sums_finite(const std::string& id, const CustomerDays& days) {
    if (!std::isfinite(days.repeat_amount) || !std::isfinite(days.holdout_amount)) {
        throw InvalidArgument(
            "purchases",
            fmt::format("{}: customer \"{}\": the {} purchases sum beyond the largest finite "
                        "number",
                        kFunction, id, std::isfinite(days.repeat_amount) ? "holdout" : "repeat"));
    }
}

CustomerRfm customer_row(const std::string& id, const CustomerDays& days, const Periods& periods) {
    CustomerRfm row;
    row.customer_id = id;
    const long long x = days.calibration_days - 1;
    row.rfm.frequency = static_cast<double>(x);
    row.rfm.recency = static_cast<double>(days.last_day - days.first_day) / periods.unit_days;
    row.rfm.T = static_cast<double>(periods.end_day - days.first_day) / periods.unit_days;
    row.monetary_value = x > 0 ? days.repeat_amount / static_cast<double>(x) : 0.0;
    row.holdout_frequency = days.holdout_days;
    row.holdout_spend = days.holdout_amount;
    return row;
}

}  // namespace

std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                     const RfmOptions& options) {
    check_purchases(purchases);
    const std::vector<std::size_t> order = by_customer_and_time(purchases);
    const Periods periods{.end_day = day_number(options.calibration_end),
                          .holdout_day = options.holdout_end
                                             ? day_number(*options.holdout_end)
                                             : std::numeric_limits<long long>::max(),
                          .unit_days = days_per(options.unit)};

    std::vector<CustomerRfm> out;
    std::size_t i = 0;
    while (i < order.size()) {
        const std::string& id = purchases[order[i]].customer_id;
        std::size_t j = i;
        while (j < order.size() && purchases[order[j]].customer_id == id) {
            ++j;
        }
        const CustomerDays days =
            count_days(purchases, std::span(order).subspan(i, j - i), periods);
        check_sums_finite(id, days);
        if (days.calibration_days > 0) {
            out.push_back(customer_row(id, days, periods));
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
