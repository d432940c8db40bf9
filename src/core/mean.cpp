#include "cskpi/mean.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "cskpi/detail/check.hpp"

namespace cskpi {

void Mean::reject(double value) {
    throw InvalidArgument("Mean::add", "value", detail::value_text(value),
                          "must be a finite number");
}

namespace {

// Sums in kLanes independent lanes, combined in a fixed order: a loop the compiler may
// vectorize without reassociating, so the result does not depend on the target's vectors.
constexpr std::size_t kLanes = 4;

template <typename Term>
double lane_sum(std::span<const double> values, Term term) noexcept {
    std::array<double, kLanes> lane{};
    std::size_t i = 0;
    for (; i + kLanes <= values.size(); i += kLanes) {
        for (std::size_t l = 0; l < kLanes; ++l) {
            lane[l] += term(values[i + l]);
        }
    }
    for (std::size_t l = 0; i < values.size(); ++i, ++l) {
        lane[l] += term(values[i]);
    }
    return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

}  // namespace

void Mean::add(std::span<const double> values) {
    // Checked first, so that a rejected call adds nothing.
    const double probe = lane_sum(values, [](double x) { return x - x; });  // NaN: not finite
    if (probe != 0.0) {
        const auto bad =
            std::find_if(values.begin(), values.end(), [](double x) { return !std::isfinite(x); });
        reject(*bad);
    }
    constexpr std::size_t kBlock = 256;  // a block's values stay in L1 for the second pass
    for (std::size_t at = 0; at < values.size(); at += kBlock) {
        add_block(values.subspan(at, std::min(kBlock, values.size() - at)));
    }
}

void Mean::add_block(std::span<const double> values) noexcept {
    if (values.empty()) {
        return;
    }
    const auto n = static_cast<double>(values.size());
    const double sum = lane_sum(values, [](double x) { return x; });
    const double mean = sum / n;
    const double deviations = lane_sum(values, [mean](double x) { return x - mean; });
    const double squares = lane_sum(values, [mean](double x) { return (x - mean) * (x - mean); });
    // The correction term cancels the rounding of `mean`; the difference is never negative in
    // exact arithmetic. Divided before squaring, so that it overflows only with `squares`.
    const double correction = deviations * (deviations / n);
    if (!std::isfinite(sum) || !std::isfinite(squares) || !std::isfinite(correction)) {
        // Values near the largest double overflow the block sums: one by one, as Welford
        // keeps a finite mean of them.
        for (const double x : values) {
            add(x);
        }
        return;
    }
    Mean block;
    block.count_ = values.size();
    block.sum_ = sum;
    block.mean_ = mean;
    block.m2_ = std::max(0.0, squares - correction);
    merge(block);
}

void Mean::merge(const Mean& other) noexcept {
    if (other.count_ == 0) {
        return;
    }
    if (count_ == 0) {
        const bool spread = has_spread_;  // an empty from_total keeps its "no spread"
        *this = other;
        has_spread_ = has_spread_ && spread;
        return;
    }
    const auto n_a = static_cast<double>(count_);
    const auto n_b = static_cast<double>(other.count_);
    const double n = n_a + n_b;
    const double delta = other.mean_ - mean_;
    // delta * n_b overflows for means near the largest double (the merged mean then became
    // inf, and a later merge NaN); dividing first avoids that but rounds differently, so only
    // there.
    const double shift = delta * n_b / n;
    mean_ += std::isfinite(shift) ? shift : delta * (n_b / n);
    m2_ += other.m2_ + delta * delta * n_a * n_b / n;
    count_ += other.count_;
    sum_ += other.sum_;
    has_spread_ = has_spread_ && other.has_spread_;
}

std::optional<double> Mean::value() const noexcept {
    if (count_ == 0) {
        return std::nullopt;
    }
    return mean_;
}

std::optional<double> Mean::stddev() const noexcept {
    if (count_ < 2 || !has_spread_) {
        return std::nullopt;
    }
    return std::sqrt(std::max(0.0, m2_) / static_cast<double>(count_ - 1));
}

Mean Mean::from_moments(std::uint64_t count, double sum, double squared_deviations) {
    detail::require_finite(sum, "Mean::from_moments", "sum");
    detail::require_non_negative(squared_deviations, "Mean::from_moments", "squared_deviations");
    detail::require(count > 0 || (sum == 0.0 && squared_deviations == 0.0), "Mean::from_moments",
                    "sum", sum, "and squared_deviations must be 0 when count is 0");
    detail::require(count > 1 || squared_deviations == 0.0, "Mean::from_moments",
                    "squared_deviations", squared_deviations,
                    "must be 0 for fewer than two values");
    Mean m;
    m.count_ = count;
    m.sum_ = sum;
    m.mean_ = count == 0 ? 0.0 : sum / static_cast<double>(count);
    m.m2_ = squared_deviations;
    return m;
}

Mean Mean::from_total(double sum, std::uint64_t count) {
    detail::require_finite(sum, "Mean::from_total", "sum");
    Mean m;
    m.count_ = count;
    m.sum_ = count == 0 ? 0.0 : sum;
    m.mean_ = count == 0 ? 0.0 : sum / static_cast<double>(count);
    detail::require(count > 0 || sum == 0.0, "Mean::from_total", "sum", sum,
                    "must be 0 when count is 0");
    m.has_spread_ = false;
    return m;
}

std::optional<Interval> mean_ci95(const Mean& mean) {
    const std::optional<double> value = mean.value();
    const std::optional<double> stddev = mean.stddev();
    if (!value || !stddev) {
        return std::nullopt;
    }
    const double half = z95 * *stddev / std::sqrt(static_cast<double>(mean.count()));
    return Interval{*value - half, *value + half};
}

}  // namespace cskpi
