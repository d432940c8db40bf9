#include "cskpi/mean.hpp"

#include <algorithm>
#include <cmath>

#include "cskpi/detail/check.hpp"

namespace cskpi {

void Mean::reject(double value) {
    throw InvalidArgument("Mean::add", "value", detail::value_text(value),
                          "must be a finite number");
}

void Mean::merge(const Mean& other) noexcept {
    if (other.count_ == 0) {
        return;
    }
    if (count_ == 0) {
        *this = other;
        return;
    }
    const auto n_a = static_cast<double>(count_);
    const auto n_b = static_cast<double>(other.count_);
    const double n = n_a + n_b;
    const double delta = other.mean_ - mean_;
    mean_ += delta * n_b / n;
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

}  // namespace cskpi
