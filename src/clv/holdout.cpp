#include "cskpi/clv/holdout.hpp"

#include <algorithm>
#include <cmath>

#include "cskpi/detail/check.hpp"
#include "fit_engine.hpp"

namespace cskpi::clv {

HoldoutTally::HoldoutTally(const PurchaseModel& model, HoldoutOptions options)
    : model_(&model), options_(options) {
    constexpr std::string_view kFunction = "HoldoutTally";
    cskpi::detail::require(std::isfinite(options.duration) && options.duration >= 0.0, kFunction,
                           "options.duration", options.duration, "must be a finite number >= 0");
    // A group per frequency up to a million is more than any chart shows; the bound keeps a
    // mistaken count from allocating without end.
    cskpi::detail::require(options.groups >= 1 && options.groups <= 1'000'000, kFunction,
                           "options.groups", options.groups, "must be from 1 to 1000000");
    groups_.resize(options.groups);
    for (std::size_t i = 0; i < groups_.size(); ++i) {
        groups_[i].calibration_frequency = i;
    }
    groups_.back().and_more = true;
}

double HoldoutTally::expected(const CustomerRfm& row) const {
    return model_->conditional_expected_purchases(options_.duration, row.rfm);
}

double HoldoutTally::add(const CustomerRfm& row) {
    constexpr std::string_view kFunction = "HoldoutTally::add";
    // Checked here, not left to the model: the group index is cast from frequency.
    detail::check_rfm(row.rfm, kFunction);
    cskpi::detail::require_non_negative(row.holdout_frequency, kFunction, "row.holdout_frequency");
    const double e = expected(row);
    // check_rfm holds x to a whole number below 1e15, so the cast is exact.
    const auto x = static_cast<std::size_t>(row.rfm.frequency);
    HoldoutGroup& group = groups_[std::min(x, groups_.size() - 1)];
    ++group.customers;
    group.actual_sum += row.holdout_frequency;
    group.expected_sum += e;
    absolute_error_ += std::abs(e - row.holdout_frequency);
    return e;
}

HoldoutComparison HoldoutTally::result() const {
    HoldoutComparison out;
    out.duration = options_.duration;
    for (const HoldoutGroup& group : groups_) {
        if (group.customers == 0) {
            continue;
        }
        HoldoutGroup g = group;
        const auto n = static_cast<double>(g.customers);
        g.actual_mean = g.actual_sum / n;
        g.expected_mean = g.expected_sum / n;
        out.customers += g.customers;
        out.actual_sum += g.actual_sum;
        out.expected_sum += g.expected_sum;
        out.groups.push_back(g);
    }
    if (out.customers > 0) {
        out.mean_absolute_error = absolute_error_ / static_cast<double>(out.customers);
    }
    out.aggregate_error = out.expected_sum - out.actual_sum;
    if (out.actual_sum != 0.0) {
        out.relative_aggregate_error = out.aggregate_error / out.actual_sum;
    }
    return out;
}

HoldoutComparison compare_holdout(const PurchaseModel& model, std::span<const CustomerRfm> rows,
                                  const HoldoutOptions& options) {
    HoldoutTally tally(model, options);
    for (const CustomerRfm& row : rows) {
        tally.add(row);
    }
    return tally.result();
}

}  // namespace cskpi::clv
