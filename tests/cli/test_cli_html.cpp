// Unit tests of the HTML output's building blocks: escaping, the page, the charts' marks, and
// the report page's bounds. tests/browser renders the pages in Chromium.

#include <algorithm>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/report.hpp"
#include "html_page.hpp"
#include "report_html.hpp"
#include "svg_charts.hpp"

namespace html = cskpi::cli::html;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

const std::string hostile = "<script>alert(1)</script>\"><img src=x onerror='alert(2)'>&";
const std::string hostile_escaped =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=&#39;alert(2)&#39;&gt;"
    "&amp;";

}  // namespace

TEST_CASE("html escape replaces the five markup characters", "[cli][html]") {
    CHECK(html::escape("") == "");
    CHECK(html::escape("a-001") == "a-001");
    CHECK(html::escape(hostile) == hostile_escaped);
    CHECK(html::escape("caf\xc3\xa9") == "caf\xc3\xa9");  // UTF-8 passes as it is
}

TEST_CASE("html page escapes every text it is given", "[cli][html]") {
    html::Page page(hostile);
    page.heading(hostile);
    page.paragraph(hostile, "note");
    page.tiles({{hostile, hostile, hostile}});
    page.table({"t", {hostile}, {{{hostile, 1.5}}}, true});
    page.definitions({{hostile, hostile}});
    const std::string text = page.finish();
    CHECK(text.find("<script>alert") == std::string::npos);
    CHECK(text.find("<img") == std::string::npos);
    // title, h1, heading, paragraph, 3 tile lines, header, cell, term, value
    CHECK(occurrences(text, hostile_escaped) == 11);
    CHECK(text.find("<td data-v=\"1.5\">") != std::string::npos);
    // One script, the page's own, allowed by its hash; nothing else may run or load.
    CHECK(occurrences(text, "<script>") == 1);
    CHECK(text.find("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-") !=
          std::string::npos);
    CHECK(text.find("http://") == std::string::npos);
    CHECK(text.find("https://") == std::string::npos);
}

TEST_CASE("nice ticks are round steps covering the range", "[cli][html]") {
    const auto t = html::nice_ticks(0.0, 87.0);
    CHECK(t.low == 0.0);
    CHECK(t.high == 100.0);
    CHECK(t.step == 20.0);
    const auto small = html::nice_ticks(0.12, 0.93);
    CHECK_THAT(small.step, WithinAbs(0.2, 1e-12));
    CHECK_THAT(small.low, WithinAbs(0.0, 1e-12));
    CHECK_THAT(small.high, WithinAbs(1.0, 1e-12));
    const auto flat = html::nice_ticks(5.0, 5.0);  // one value: padded around it
    CHECK(flat.low < 5.0);
    CHECK(flat.high > 5.0);
}

TEST_CASE("a funnel plot draws one dot per group with a denominator", "[cli][html]") {
    html::FunnelPlot plot{"funnel-fcr", "FCR", 80.0, {}};
    plot.dots.push_back({"a", cskpi::make_rate(80, 100)});
    plot.dots.push_back({hostile, cskpi::make_rate(50, 100)});  // far below: named
    plot.dots.push_back({"none", cskpi::make_rate(0, 0)});      // no rate: not drawn
    const std::string svg = html::funnel_plot(plot);
    CHECK(svg.find("data-marks=\"2\"") != std::string::npos);
    CHECK(occurrences(svg, "class=\"mark ") == 2);
    CHECK(occurrences(svg, "class=\"mark outside998\"") == 1);
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(occurrences(svg, hostile_escaped) == 2);  // its tooltip and its label
    CHECK(occurrences(svg, "class=\"limit95\"") == 2);
    CHECK(occurrences(svg, "class=\"limit998\"") == 2);
}

TEST_CASE("line bar and heat map charts count their marks", "[cli][html]") {
    html::LineChart line{"trend", "t", "%", {"2025-01", "2025-02", "2025-03"}, {}};
    line.series.push_back({"s",
                           {html::BandPoint{50.0, cskpi::Interval{40.0, 60.0}}, std::nullopt,
                            html::BandPoint{55.0, std::nullopt}}});
    const std::string l = html::line_chart(line);
    CHECK(l.find("data-marks=\"2\"") != std::string::npos);
    CHECK(occurrences(l, "<polyline class=\"line\"") == 2);  // broken where undefined

    const std::string b = html::bar_chart({"bars", "b", "n", {"x", "y", "z"}, {1.0, 0.0, 3.0}});
    CHECK(occurrences(b, "class=\"mark bar\"") == 3);

    html::HeatMap map{"cohorts",
                      "c",
                      "r",
                      "c",
                      {"r1", "r2"},
                      {"0", "1"},
                      {{100.0, 50.0}, {100.0, std::nullopt}},
                      {{"100%", "50%"}, {"100%", ""}},
                      0.0,
                      100.0};
    const std::string h = html::heat_map(map);
    CHECK(h.find("data-marks=\"3\"") != std::string::npos);
    CHECK(occurrences(h, "class=\"mark\"") == 3);
}

TEST_CASE("an empty report page shows n/a tiles", "[cli][html]") {
    const std::string page = cskpi::cli::report_to_html(cskpi::Report{}, {});
    CHECK(page.find("<div class=\"label\">FCR</div><div class=\"value\">n/a</div>") !=
          std::string::npos);
    CHECK(page.find("data-chart") == std::string::npos);
}

TEST_CASE("a report page of many groups draws the largest and smallest", "[cli][html]") {
    cskpi::Report report;
    report.options.group_by = {cskpi::Dimension::customer_id};
    const std::size_t groups = 1000;
    for (std::size_t i = 0; i < groups; ++i) {
        cskpi::ReportGroup group;
        group.key.values = {"c-" + std::to_string(i)};
        group.kpis.contacts = i + 1;
        group.kpis.fcr = cskpi::make_rate(i / 2, i + 1);
        report.groups.push_back(group);
    }
    report.overall.fcr = cskpi::make_rate(250000, 500500);
    const std::string page = cskpi::cli::report_to_html(report, {});
    const std::size_t drawn = cskpi::cli::html_group_limit;
    CHECK(page.find("800 of 1000 groups left out") != std::string::npos);
    CHECK(occurrences(page, "<tr><td>c-") == drawn);
    CHECK(page.find("<td>c-999</td>") != std::string::npos);  // the largest
    CHECK(page.find("<td>c-0</td>") != std::string::npos);    // the smallest
    CHECK(page.find("<td>c-500</td>") == std::string::npos);  // left out
    CHECK(page.find("data-chart=\"funnel-fcr\" data-marks=\"200\"") != std::string::npos);
}
