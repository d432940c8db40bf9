#include "svg_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>

#include "html_page.hpp"

namespace cskpi::cli::html {
namespace {

constexpr double width = 680.0;
constexpr double left_margin = 64.0;
constexpr double right_margin = 24.0;
constexpr double top_margin = 14.0;
constexpr double bottom_margin = 46.0;
constexpr double plot_height = 220.0;
constexpr double plot_width = width - left_margin - right_margin;
constexpr std::size_t max_x_labels = 12;
constexpr std::size_t max_named_dots = 20;
constexpr const char* palette[] = {"#2f5fa8", "#c2572f", "#3f8f4f",
                                   "#7b4fa8", "#a88a2f", "#2f8fa8"};

// Data to pixels: y over a value range, x over a count of category slots or a value range.
struct Frame {
    Ticks y;
    double x_low = 0.0;
    double x_high = 1.0;

    [[nodiscard]] double py(double value) const {
        return top_margin + plot_height * (1.0 - (value - y.low) / (y.high - y.low));
    }
    [[nodiscard]] double px(double value) const {
        return left_margin + plot_width * (value - x_low) / (x_high - x_low);
    }
};

std::string tick_text(double value, double step) {
    const int decimals = step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
    return fmt::format("{:.{}f}", value, decimals);
}

void open_figure(std::string& out, const std::string& id, const std::string& title, double height,
                 std::size_t marks) {
    fmt::format_to(std::back_inserter(out),
                   "<figure><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "viewBox=\"0 0 {} {}\" width=\"{}\" role=\"img\" aria-label=\"{}\" "
                   "data-chart=\"{}\" data-marks=\"{}\">\n",
                   escape(title), width, height, width, escape(title), escape(id), marks);
}

void close_figure(std::string& out) {
    out += "</svg></figure>\n";
}

// The y axis with its grid and tick values, the x axis line, and the unit.
void draw_y_axis(std::string& out, const Frame& frame, const std::string& unit) {
    for (double v = frame.y.low; v <= frame.y.high + frame.y.step / 2; v += frame.y.step) {
        const double y = frame.py(v);
        fmt::format_to(std::back_inserter(out),
                       "<line class=\"grid\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" "
                       "y2=\"{:.1f}\"/><text x=\"{:.1f}\" y=\"{:.1f}\" "
                       "text-anchor=\"end\">{}</text>\n",
                       left_margin, width - right_margin, y, y, left_margin - 6, y + 4,
                       tick_text(v, frame.y.step));
    }
    const double bottom = top_margin + plot_height;
    fmt::format_to(std::back_inserter(out),
                   "<line class=\"axis\" x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" "
                   "y2=\"{2:.1f}\"/><text x=\"12\" y=\"{3:.1f}\" transform=\"rotate(-90 12 "
                   "{3:.1f})\" text-anchor=\"middle\">{4}</text>\n",
                   left_margin, width - right_margin, bottom, top_margin + plot_height / 2,
                   escape(unit));
}

// Category labels under the x axis, thinned so that they do not overlap: about 6.5 pixels a
// character and a gap.
void draw_x_labels(std::string& out, const Frame& frame, const std::vector<std::string>& labels) {
    std::size_t longest = 1;
    for (const std::string& label : labels) {
        longest = std::max(longest, label.size());
    }
    const auto fitting =
        static_cast<std::size_t>(plot_width / (6.5 * static_cast<double>(longest) + 12.0));
    const std::size_t shown = std::clamp<std::size_t>(fitting, 1, max_x_labels);
    const std::size_t every = std::max<std::size_t>(1, (labels.size() + shown - 1) / shown);
    for (std::size_t i = 0; i < labels.size(); i += every) {
        fmt::format_to(std::back_inserter(out),
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       frame.px(static_cast<double>(i) + 0.5), top_margin + plot_height + 16,
                       escape(labels[i]));
    }
}

// The range of the values and interval bounds of every series.
std::pair<double, double> series_range(const std::vector<LineSeries>& series) {
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const LineSeries& s : series) {
        for (const auto& p : s.points) {
            if (p) {
                low = std::min({low, p->value, p->ci95 ? p->ci95->lower : p->value});
                high = std::max({high, p->value, p->ci95 ? p->ci95->upper : p->value});
            }
        }
    }
    return std::isfinite(low) ? std::pair{low, high} : std::pair{0.0, 1.0};
}

// A series' band (one polygon per unbroken run of intervals), line and point marks.
void draw_series(std::string& out, const Frame& frame, const LineSeries& s, const char* colour) {
    const auto x = [&](std::size_t i) { return frame.px(static_cast<double>(i) + 0.5); };
    std::size_t i = 0;
    while (i < s.points.size()) {
        if (!s.points[i]) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < s.points.size() && s.points[end]) {
            ++end;
        }
        std::string upper;
        std::string lower;
        std::string line;
        for (std::size_t k = i; k < end; ++k) {
            const BandPoint& p = *s.points[k];
            const Interval band = p.ci95.value_or(Interval{p.value, p.value});
            fmt::format_to(std::back_inserter(upper), "{:.1f},{:.1f} ", x(k), frame.py(band.upper));
            lower.insert(0, fmt::format("{:.1f},{:.1f} ", x(k), frame.py(band.lower)));
            fmt::format_to(std::back_inserter(line), "{:.1f},{:.1f} ", x(k), frame.py(p.value));
        }
        fmt::format_to(std::back_inserter(out),
                       "<polygon class=\"band\" style=\"fill:{0}\" points=\"{1}{2}\"/>\n"
                       "<polyline class=\"line\" style=\"stroke:{0}\" points=\"{3}\"/>\n",
                       colour, upper, lower, line);
        i = end;
    }
    for (std::size_t k = 0; k < s.points.size(); ++k) {
        if (s.points[k]) {
            fmt::format_to(std::back_inserter(out),
                           "<circle class=\"mark\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" "
                           "style=\"fill:{}\"><title>{} {}: {:.2f}</title></circle>\n",
                           x(k), frame.py(s.points[k]->value), colour, escape(s.name), k,
                           s.points[k]->value);
        }
    }
}

void draw_legend(std::string& out, const std::vector<LineSeries>& series) {
    if (series.size() < 2) {
        return;
    }
    double x = left_margin;
    for (std::size_t i = 0; i < series.size(); ++i) {
        fmt::format_to(std::back_inserter(out),
                       "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" "
                       "style=\"fill:{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                       x, top_margin + plot_height + 26, palette[i % std::size(palette)], x + 14,
                       top_margin + plot_height + 35, escape(series[i].name));
        x += 24.0 + 7.0 * static_cast<double>(std::min<std::size_t>(series[i].name.size(), 24));
    }
}

std::size_t defined_points(const std::vector<LineSeries>& series) {
    std::size_t n = 0;
    for (const LineSeries& s : series) {
        n += static_cast<std::size_t>(std::count_if(s.points.begin(), s.points.end(),
                                                    [](const auto& p) { return p.has_value(); }));
    }
    return n;
}

// The volumes the limit curves pass through: every volume up to 20, then 60 steps spaced
// evenly on a log scale up to the largest, so the curves stay smooth where they bend most
// (each point costs four binomial quantiles).
std::vector<double> limit_volumes(double largest) {
    std::vector<double> volumes;
    for (double v = 1.0; v <= std::min(largest, 20.0); v += 1.0) {
        volumes.push_back(v);
    }
    if (largest > 20.0) {
        const double ratio = std::pow(largest / 20.0, 1.0 / 60.0);
        for (int i = 1; i <= 60; ++i) {
            volumes.push_back(std::round(20.0 * std::pow(ratio, i)));
        }
    }
    volumes.erase(std::unique(volumes.begin(), volumes.end()), volumes.end());
    return volumes;
}

// The four limit curves as polylines, with their range folded into `low` and `high`.
struct LimitCurves {
    std::vector<std::pair<double, Interval>> narrow;
    std::vector<std::pair<double, Interval>> wide;
};

LimitCurves limit_curves(double target, double largest) {
    LimitCurves curves;
    for (const double v : limit_volumes(largest)) {
        const auto volume = static_cast<std::uint64_t>(v);
        curves.narrow.emplace_back(v, binomial_control_limits(target, volume, 0.95));
        curves.wide.emplace_back(v, binomial_control_limits(target, volume, 0.998));
    }
    return curves;
}

void draw_limits(std::string& out, const Frame& frame,
                 const std::vector<std::pair<double, Interval>>& curve, const char* css_class) {
    for (const bool upper : {false, true}) {
        std::string points;
        for (const auto& [volume, limits] : curve) {
            fmt::format_to(std::back_inserter(points), "{:.1f},{:.1f} ", frame.px(volume),
                           frame.py(upper ? limits.upper : limits.lower));
        }
        fmt::format_to(std::back_inserter(out), "<polyline class=\"{}\" points=\"{}\"/>\n",
                       css_class, points);
    }
}

const char* position_class(FunnelPosition position) {
    switch (position) {
        case FunnelPosition::inside:
            return "inside";
        case FunnelPosition::above_95:
        case FunnelPosition::below_95:
            return "outside95";
        case FunnelPosition::above_99_8:
        case FunnelPosition::below_99_8:
            return "outside998";
    }
    return "inside";
}

void draw_dots(std::string& out, const Frame& frame, const FunnelPlot& plot) {
    std::size_t named = 0;
    for (const FunnelDot& dot : plot.dots) {
        if (dot.rate.denominator == 0 || !dot.rate.value) {
            continue;
        }
        const FunnelPosition position = funnel_position(dot.rate, plot.target_percent);
        const double x = frame.px(static_cast<double>(dot.rate.denominator));
        const double y = frame.py(*dot.rate.value);
        fmt::format_to(std::back_inserter(out),
                       "<circle class=\"mark {}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\"><title>{}: "
                       "{:.2f}% of {}</title></circle>\n",
                       position_class(position), x, y, escape(dot.label), *dot.rate.value,
                       dot.rate.denominator);
        const bool far_out =
            position == FunnelPosition::above_99_8 || position == FunnelPosition::below_99_8;
        if (far_out && named < max_named_dots) {
            ++named;
            fmt::format_to(std::back_inserter(out),
                           "<text class=\"dot-label\" x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", x + 5,
                           y - 5, escape(dot.label));
        }
    }
}

}  // namespace

Ticks nice_ticks(double low, double high, int count) {
    if (!(high > low)) {
        const double pad = low == 0.0 ? 1.0 : std::abs(low) * 0.1;
        low -= pad;
        high += pad;
    }
    const double rough = (high - low) / std::max(1, count);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = power;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * power;
        if (step >= rough) {
            break;
        }
    }
    return Ticks{std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

std::string line_chart(const LineChart& chart) {
    std::string out;
    const auto [low, high] = series_range(chart.series);
    const Frame frame{nice_ticks(low, high), 0.0,
                      static_cast<double>(std::max<std::size_t>(1, chart.x_labels.size()))};
    open_figure(out, chart.id, chart.title, top_margin + plot_height + bottom_margin,
                defined_points(chart.series));
    draw_y_axis(out, frame, chart.unit);
    draw_x_labels(out, frame, chart.x_labels);
    for (std::size_t i = 0; i < chart.series.size(); ++i) {
        draw_series(out, frame, chart.series[i], palette[i % std::size(palette)]);
    }
    draw_legend(out, chart.series);
    close_figure(out);
    return out;
}

std::string bar_chart(const BarChart& chart) {
    std::string out;
    double high = 0.0;
    for (const double v : chart.values) {
        high = std::max(high, v);
    }
    const Frame frame{nice_ticks(0.0, high), 0.0,
                      static_cast<double>(std::max<std::size_t>(1, chart.values.size()))};
    open_figure(out, chart.id, chart.title, top_margin + plot_height + bottom_margin,
                chart.values.size());
    draw_y_axis(out, frame, chart.unit);
    draw_x_labels(out, frame, chart.x_labels);
    const double slot = plot_width / frame.x_high;
    for (std::size_t i = 0; i < chart.values.size(); ++i) {
        const double top = frame.py(chart.values[i]);
        fmt::format_to(
            std::back_inserter(out),
            "<rect class=\"mark bar\" x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" "
            "height=\"{:.1f}\"><title>{}: {}</title></rect>\n",
            frame.px(static_cast<double>(i)) + slot * 0.1, top, slot * 0.8, frame.py(0.0) - top,
            escape(i < chart.x_labels.size() ? chart.x_labels[i] : std::string()), chart.values[i]);
    }
    close_figure(out);
    return out;
}

std::string funnel_plot(const FunnelPlot& plot) {
    double largest = 1.0;
    double low = plot.target_percent;
    double high = plot.target_percent;
    std::size_t marks = 0;
    for (const FunnelDot& dot : plot.dots) {
        if (dot.rate.denominator > 0 && dot.rate.value) {
            ++marks;
            largest = std::max(largest, static_cast<double>(dot.rate.denominator));
            low = std::min(low, *dot.rate.value);
            high = std::max(high, *dot.rate.value);
        }
    }
    const LimitCurves curves = limit_curves(plot.target_percent, largest);
    // The axis shows the limits from the smallest group's volume on, not from volume 1,
    // where they span nearly 0 to 100 and would flatten the dots.
    for (const auto& [volume, limits] : curves.wide) {
        if (volume >= std::max(1.0, largest / 50.0)) {
            low = std::min(low, limits.lower);
            high = std::max(high, limits.upper);
        }
    }
    Ticks y = nice_ticks(std::max(0.0, low), std::min(100.0, high));
    y.low = std::max(0.0, y.low);
    y.high = std::min(100.0, y.high);
    const Ticks x = nice_ticks(0.0, largest);
    const Frame frame{y, 0.0, x.high};
    std::string out;
    open_figure(out, plot.id, plot.title, top_margin + plot_height + bottom_margin, marks);
    fmt::format_to(std::back_inserter(out),
                   "<clipPath id=\"clip-{}\"><rect x=\"{}\" y=\"{}\" "
                   "width=\"{}\" height=\"{}\"/></clipPath>\n<g clip-path=\"url(#clip-{})\">\n",
                   escape(plot.id), left_margin, top_margin, plot_width, plot_height,
                   escape(plot.id));
    draw_limits(out, frame, curves.narrow, "limit95");
    draw_limits(out, frame, curves.wide, "limit998");
    out += "</g>\n";
    draw_y_axis(out, frame, "%");
    fmt::format_to(
        std::back_inserter(out),
        "<line class=\"target\" x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>\n",
        left_margin, width - right_margin, frame.py(plot.target_percent),
        frame.py(plot.target_percent));
    for (double v = 0.0; v <= x.high + x.step / 2; v += x.step) {
        fmt::format_to(std::back_inserter(out),
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                       frame.px(v), top_margin + plot_height + 16, tick_text(v, x.step));
    }
    fmt::format_to(
        std::back_inserter(out),
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">volume (denominator)</text>\n",
        left_margin + plot_width / 2, top_margin + plot_height + 34);
    draw_dots(out, frame, plot);
    close_figure(out);
    return out;
}

std::string heat_map(const HeatMap& map) {
    constexpr double label_width = 90.0;
    constexpr double row_height = 22.0;
    constexpr double header = 34.0;
    const std::size_t columns = std::max<std::size_t>(1, map.column_labels.size());
    const double cell = std::min(64.0, (width - label_width - 8.0) / static_cast<double>(columns));
    const double height = header + row_height * static_cast<double>(map.row_labels.size()) + 8.0;
    std::size_t marks = 0;
    for (const auto& row : map.values) {
        marks += static_cast<std::size_t>(
            std::count_if(row.begin(), row.end(), [](const auto& v) { return v.has_value(); }));
    }
    std::string out;
    open_figure(out, map.id, map.title, height, marks);
    fmt::format_to(std::back_inserter(out),
                   "<text x=\"{:.1f}\" y=\"12\">{}</text><text x=\"0\" y=\"28\">{}</text>\n",
                   label_width, escape(map.column_title), escape(map.row_title));
    const bool label_columns = cell >= 18.0;
    for (std::size_t c = 0; c < map.column_labels.size() && label_columns; ++c) {
        fmt::format_to(std::back_inserter(out),
                       "<text x=\"{:.1f}\" y=\"28\" text-anchor=\"middle\">{}</text>\n",
                       label_width + cell * (static_cast<double>(c) + 0.5),
                       escape(map.column_labels[c]));
    }
    const bool show_text = cell >= 34.0;
    for (std::size_t r = 0; r < map.row_labels.size(); ++r) {
        const double y = header + row_height * static_cast<double>(r);
        fmt::format_to(std::back_inserter(out), "<text x=\"0\" y=\"{:.1f}\">{}</text>\n", y + 15,
                       escape(map.row_labels[r]));
        for (std::size_t c = 0; r < map.values.size() && c < map.values[r].size(); ++c) {
            if (!map.values[r][c]) {
                continue;
            }
            const double share = std::clamp(
                (*map.values[r][c] - map.low) / (map.high > map.low ? map.high - map.low : 1.0),
                0.0, 1.0);
            const std::string& text =
                r < map.texts.size() && c < map.texts[r].size() ? map.texts[r][c] : std::string();
            const double x = label_width + cell * static_cast<double>(c);
            // From a pale blue to a deep one; dark cells take white text.
            fmt::format_to(
                std::back_inserter(out),
                "<rect class=\"mark\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                "height=\"{:.1f}\" style=\"fill:rgb({},{},{})\"><title>{} {}: {}</title></rect>\n",
                x, y, cell - 1.0, row_height - 1.0, static_cast<int>(238 - 191 * share),
                static_cast<int>(243 - 148 * share), static_cast<int>(250 - 82 * share),
                escape(map.row_labels[r]),
                escape(c < map.column_labels.size() ? map.column_labels[c] : ""), escape(text));
            if (show_text) {
                fmt::format_to(std::back_inserter(out),
                               "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" "
                               "style=\"fill:{}\">{}</text>\n",
                               x + cell / 2, y + 15, share > 0.55 ? "#fff" : "#1d2433",
                               escape(text));
            }
        }
    }
    close_figure(out);
    return out;
}

}  // namespace cskpi::cli::html
