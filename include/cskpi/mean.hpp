#pragma once
/// \file
/// `Mean`: a running mean and sample standard deviation that can be merged.

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>

#include "cskpi/rate.hpp"

namespace cskpi {

namespace detail {
struct EngineAccess;
}  // namespace detail

/// Count, sum, mean and sample standard deviation of a stream of values, accumulated in one
/// pass and mergeable, so partial states from shards combine into the state of the whole.
///
/// Updates use Welford's method (Welford 1962, Technometrics 4(3)); merges use the pairwise
/// update of Chan, Golub & LeVeque (1979, "Updating formulae and a pairwise algorithm for
/// computing sample variances"). Both avoid the cancellation of the sum-of-squares formula;
/// so does `add` of a span, by blocks (the corrected two-pass algorithm). The sum is also kept
/// as given, for reports.
///
/// Example:
/// ```
/// cskpi::Mean m;
/// for (double x : {2.0, 4.0, 6.0}) m.add(x);
/// // m.count() == 3, m.value() == 4.0, m.stddev() == 2.0
/// ```
class Mean {
  public:
    /// Adds one value. Throws InvalidArgument when it is not finite.
    void add(double value) {
        if (!std::isfinite(value)) {
            reject(value);
        }
        ++count_;
        sum_ += value;
        const double delta = value - mean_;
        mean_ += delta / static_cast<double>(count_);
        m2_ += delta * (value - mean_);
    }

    /// Adds `values` in order, as adding them one by one does within rounding, and faster:
    /// blocks of values are summed in a fixed order the compiler vectorizes, each block's
    /// squared deviations taken about its own mean by the corrected two-pass algorithm (Chan,
    /// Golub & LeVeque 1983, The American Statistician 37(3), eq. 1.7), and the blocks merged
    /// as `merge` does. Throws InvalidArgument, adding nothing, when a value is not finite.
    ///
    /// Example: `m.add(std::vector<double>{2.0, 4.0, 6.0});` (as three `add` calls)
    void add(std::span<const double> values);

    /// Adds the values of `other`, as if they had been added here.
    void merge(const Mean& other) noexcept;

    /// The number of values added.
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }

    /// The sum of the values added.
    [[nodiscard]] double sum() const noexcept { return sum_; }

    /// The arithmetic mean; empty when no value was added.
    [[nodiscard]] std::optional<double> value() const noexcept;

    /// The sample (n - 1) standard deviation; empty with fewer than two values.
    [[nodiscard]] std::optional<double> stddev() const noexcept;

    /// A Mean of `count` values with the given sum and no spread information, for KPIs
    /// computed from totals (e.g. AHT from total handle time). Its stddev is empty.
    ///
    /// Example: `cskpi::Mean::from_total(24000.0, 1000).value()` is 24.0.
    [[nodiscard]] static Mean from_total(double sum, std::uint64_t count);

    /// A Mean of `count` values from their sum and their squared deviations from their mean
    /// (the sample variance times count - 1), computed elsewhere: from integer sums, say, as
    /// n * sum(x^2) - sum(x)^2 over n, or from a database's aggregates; merge it into another.
    /// Throws InvalidArgument unless both are finite, the deviations not negative (0 for
    /// fewer than two values), and both 0 when count is 0.
    ///
    /// Example: `cskpi::Mean::from_moments(3, 12.0, 8.0)` is the Mean of {2, 4, 6}: value 4,
    /// stddev 2.
    [[nodiscard]] static Mean from_moments(std::uint64_t count, double sum,
                                           double squared_deviations);

  private:
    // Saved states write and read the fields as they are (kpi_accumulator_bytes.cpp).
    friend struct detail::EngineAccess;
    // Inline above, as adding is per record in the report engine; the throw is not.
    [[noreturn]] static void reject(double value);
    // One block of `add(span)`, all finite.
    void add_block(std::span<const double> values) noexcept;

    std::uint64_t count_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;  // sum of squared deviations from the mean
    double sum_ = 0.0;
    bool has_spread_ = true;
};

/// The 95% interval of a mean, value ± z95 × stddev / √count: the large-sample normal
/// interval, which the central limit theorem justifies for the handle and wait times a contact
/// centre averages over hundreds of contacts (it is too narrow for a handful). Empty when the
/// mean has no standard deviation (fewer than two values, or made from a total alone).
///
/// Example: for the values {2, 4, 6}, `cskpi::mean_ci95(m)` is 4 ± 2.263, about [1.737, 6.263].
[[nodiscard]] std::optional<Interval> mean_ci95(const Mean& mean);

}  // namespace cskpi
