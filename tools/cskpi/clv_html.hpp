#pragma once
// `cskpi clv --format html`: the fitted models and the customers' values as a page
// (docs/report.md). clv_command.cpp gathers what the page shows in one pass over the
// customers; this file only draws it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cskpi/clv/holdout.hpp"

namespace cskpi::cli {

// The most customers the page lists, by CLV, when --top does not say.
inline constexpr std::size_t html_top_customers = 20;

// P(alive) histogram bins: [0, 0.05), [0.05, 0.1), ... [0.95, 1].
inline constexpr std::size_t p_alive_bins_count = 20;

// The most rows (frequencies) and columns (recencies) of the frequency/recency matrix, spread
// evenly over the observed range.
inline constexpr std::size_t matrix_size = 16;

// One listed customer.
struct ClvPageCustomer {
    std::string customer_id;
    double frequency = 0.0;
    double recency = 0.0;
    double T = 0.0;
    std::optional<double> monetary_value{};
    double p_alive = 0.0;
    double expected_purchases = 0.0;
    std::optional<double> clv{};
};

// The model's expected purchases over the horizon for a customer of each frequency (rows) and
// recency (columns), all observed for the same T: lifetimes' frequency/recency matrix.
struct FrequencyRecencyMatrix {
    double T = 0.0;
    std::vector<double> frequencies;
    std::vector<double> recencies;
    std::vector<std::vector<std::optional<double>>> expected;
};

// Everything the page shows.
//
// Example: write_stdout(clv_to_html(page));
struct ClvPage {
    std::string model;
    std::vector<std::pair<std::string, double>> params;
    std::optional<double> log_likelihood{};
    std::vector<std::pair<std::string, std::string>> options;
    std::string unit;  // "week", ...
    std::uint64_t customers = 0;
    double clv_sum = 0.0;
    std::uint64_t customers_with_clv = 0;
    double p_alive_sum = 0.0;
    std::uint64_t likely_alive = 0;  // P(alive) > 0.5
    std::vector<std::uint64_t> p_alive_histogram =
        std::vector<std::uint64_t>(p_alive_bins_count, 0);
    FrequencyRecencyMatrix matrix{};
    std::vector<ClvPageCustomer> top{};  // by CLV, highest first
    std::optional<clv::HoldoutComparison> holdout{};
};

// The page: tiles (customers, total expected CLV, mean P(alive), customers more likely alive
// than not), the P(alive) histogram, the frequency/recency matrix, the top customers, with a
// holdout the model against the actual repeat purchases by calibration frequency, and a footer
// with the model's parameters and the options.
[[nodiscard]] std::string clv_to_html(const ClvPage& page);

}  // namespace cskpi::cli
