#pragma once
/// \file
/// `Rate`: a share of a count, in percent, with its 95% Wilson score interval.

#include <cstdint>
#include <optional>

namespace cskpi {

/// The two-sided 95% normal quantile, z = Φ⁻¹(0.975), used by every interval cskpi reports.
inline constexpr double z95 = 1.959963984540054;

/// A closed interval [lower, upper], in the unit of the value it brackets.
struct Interval {
    double lower = 0.0;
    double upper = 0.0;
    friend bool operator==(const Interval&, const Interval&) = default;
};

/// A rate such as FCR or service level: numerator / denominator x 100.
///
/// `value` and `ci95` are empty when the denominator is 0 (the KPI is undefined).
///
/// Example: `cskpi::make_rate(850, 1000).value` is 85.0.
struct Rate {
    std::uint64_t numerator = 0;
    std::uint64_t denominator = 0;
    std::optional<double> value{};   ///< Percent, 0 to 100.
    std::optional<Interval> ci95{};  ///< 95% Wilson score interval, percent.
    friend bool operator==(const Rate&, const Rate&) = default;
};

/// The Wilson score interval for `successes` of `trials`, as proportions in [0, 1].
///
/// Definition: (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n), p = successes / trials
/// (Wilson 1927, "Probable inference, the law of succession, and statistical inference",
/// JASA 22(158)). Unlike the normal approximation it stays inside [0, 1] and is sensible at
/// p = 0 and p = 1. Empty when `trials` is 0. Throws InvalidArgument when successes > trials
/// or z is not positive and finite.
///
/// Example: `cskpi::wilson_interval(8, 10)` is about [0.4902, 0.9433].
[[nodiscard]] std::optional<Interval> wilson_interval(std::uint64_t successes, std::uint64_t trials,
                                                      double z = z95);

/// A Rate from counts, with its 95% Wilson interval in percent.
///
/// Throws InvalidArgument (naming `numerator`) when numerator > denominator.
///
/// Example: `cskpi::make_rate(0, 0).value` is empty; `make_rate(8, 10).ci95->lower` ≈ 49.02.
[[nodiscard]] Rate make_rate(std::uint64_t numerator, std::uint64_t denominator);

/// The complement of a rate, e.g. churn from retention: (denominator - numerator) of
/// denominator, with the interval mirrored.
///
/// Example: `cskpi::complement(cskpi::make_rate(90, 100)).value` is 10.0.
[[nodiscard]] Rate complement(const Rate& rate);

}  // namespace cskpi
