#pragma once
// The charts of the HTML output, drawn as inline SVG. Every chart is a <figure> whose <svg>
// carries data-chart (its id) and data-marks (how many marks it draws), and each mark (a
// point, a dot, a bar, a cell) has class "mark", so a test can count what was drawn. Labels
// that come from the data are escaped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cskpi/funnel.hpp"
#include "cskpi/rate.hpp"

namespace cskpi::cli::html {

// A value with its 95% interval, one point of a line chart.
struct BandPoint {
    double value = 0.0;
    std::optional<Interval> ci95{};
};

// One line: a point per x label, empty where the value is undefined (the line breaks).
struct LineSeries {
    std::string name;
    std::vector<std::optional<BandPoint>> points;
};

// A line chart over categories (periods), each series with its interval band.
//
// Example: line_chart({"fcr-trend", "FCR by month", "%", {"2025-01", "2025-02"}, {series}})
struct LineChart {
    std::string id;
    std::string title;
    std::string unit;
    std::vector<std::string> x_labels;
    std::vector<LineSeries> series;
};
[[nodiscard]] std::string line_chart(const LineChart& chart);

// One group of a funnel plot: its rate (numerator of denominator) against the overall rate.
struct FunnelDot {
    std::string label;
    Rate rate;
};

// A funnel plot: each group's rate against its volume, with the 95% and 99.8% binomial
// control limits around the target (cskpi/funnel.hpp); groups outside the 99.8% limits are
// named on the chart.
struct FunnelPlot {
    std::string id;
    std::string title;
    double target_percent = 0.0;
    std::vector<FunnelDot> dots;
};
[[nodiscard]] std::string funnel_plot(const FunnelPlot& plot);

// Bars over categories: a bar per label.
struct BarChart {
    std::string id;
    std::string title;
    std::string unit;
    std::vector<std::string> x_labels;
    std::vector<double> values;
};
[[nodiscard]] std::string bar_chart(const BarChart& chart);

// A heat map: rows by columns of cells, shaded by value from `low` to `high`, each showing
// its text. An empty cell is left blank and is not a mark.
struct HeatMap {
    std::string id;
    std::string title;
    std::string row_title;
    std::string column_title;
    std::vector<std::string> row_labels;
    std::vector<std::string> column_labels;
    std::vector<std::vector<std::optional<double>>> values;
    std::vector<std::vector<std::string>> texts;
    double low = 0.0;
    double high = 100.0;
};
[[nodiscard]] std::string heat_map(const HeatMap& map);

// About `count` round tick values covering [low, high] (steps of 1, 2 or 5 times a power of
// ten), and the range they span.
struct Ticks {
    double low = 0.0;
    double high = 1.0;
    double step = 1.0;
};
[[nodiscard]] Ticks nice_ticks(double low, double high, int count = 5);

}  // namespace cskpi::cli::html
