#include "html_page.hpp"

#include <fmt/format.h>

#include <iterator>

namespace cskpi::cli::html {
namespace {

// Print keeps the tables and charts and drops the sorting cue.
constexpr std::string_view style = R"css(
body { font: 14px/1.45 system-ui, sans-serif; color: #1d2433; margin: 24px auto; max-width: 1080px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d8dde6; }
p.note { color: #5a6475; margin: 4px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
.tile { border: 1px solid #d8dde6; border-radius: 6px; padding: 8px 10px; }
.tile .label { color: #5a6475; font-size: 12px; } .tile .value { font-size: 22px; font-weight: 600; }
.tile .detail { color: #5a6475; font-size: 12px; }
.scroll { overflow-x: auto; } @media print { .scroll { overflow: visible; } }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e6e9ef; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
table.sortable th { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \25B2"; } th[aria-sort=descending]::after { content: " \25BC"; }
figure { margin: 12px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; font-size: 11px; }
.axis { stroke: #8b93a1; } .grid { stroke: #eceff4; } .band { fill: #4a78c2; opacity: 0.18; }
.line { fill: none; stroke: #2f5fa8; stroke-width: 2; } .limit95 { fill: none; stroke: #e08a2c; stroke-dasharray: 4 3; }
.limit998 { fill: none; stroke: #c23b3b; stroke-dasharray: 6 3; } .target { stroke: #1d2433; }
circle.inside { fill: #2f5fa8; } circle.outside95 { fill: #e08a2c; } circle.outside998 { fill: #c23b3b; }
rect.bar { fill: #4a78c2; } rect.bar2 { fill: #7fb069; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; color: #5a6475; }
dt { font-weight: 600; } dd { margin: 0; }
footer { margin-top: 32px; border-top: 1px solid #d8dde6; padding-top: 8px; }
@media print { body { margin: 0; max-width: none; } th[aria-sort]::after { content: none; } figure, table { break-inside: avoid; } }
)css";

// Sorts a table by the clicked column: by each cell's data-v number when it has one (empty
// ones last), else by its text. Its SHA-256 is in the policy below; the browser test checks
// that it runs.
constexpr std::string_view sort_script = R"js(
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = table.tHead.rows[0].cells;
  Array.from(heads).forEach((th, column) => {
    th.addEventListener("click", () => {
      const up = th.getAttribute("aria-sort") !== "ascending";
      for (const other of heads) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      const sign = up ? 1 : -1;
      const order = (a, b) => {
        const x = a.cells[column].dataset.v, y = b.cells[column].dataset.v;
        if (x === undefined || y === undefined) {
          return sign * a.cells[column].textContent.localeCompare(b.cells[column].textContent);
        }
        if (x === "" || y === "") return (x === "") - (y === "");
        return sign * (x - y);
      };
      const body = table.tBodies[0];
      for (const row of Array.from(body.rows).sort(order)) body.appendChild(row);
    });
  });
}
)js";

constexpr std::string_view sort_script_sha256 = "hbCFRg15o3YZMCVTWYqRt2BfhhrcKJXcCrWJxm5qHf4=";

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

Page::Page(std::string_view title) {
    fmt::format_to(std::back_inserter(out_),
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; script-src 'sha256-{}'\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                   sort_script_sha256, escape(title), style, escape(title));
}

void Page::heading(std::string_view text, int level) {
    fmt::format_to(std::back_inserter(out_), "<h{0}>{1}</h{0}>\n", level, escape(text));
}

void Page::paragraph(std::string_view text, std::string_view css_class) {
    if (css_class.empty()) {
        fmt::format_to(std::back_inserter(out_), "<p>{}</p>\n", escape(text));
    } else {
        fmt::format_to(std::back_inserter(out_), "<p class=\"{}\">{}</p>\n", css_class,
                       escape(text));
    }
}

void Page::tiles(const std::vector<Tile>& tiles) {
    out_ += "<div class=\"tiles\">\n";
    for (const Tile& tile : tiles) {
        fmt::format_to(std::back_inserter(out_),
                       "<div class=\"tile\"><div class=\"label\">{}</div><div "
                       "class=\"value\">{}</div><div class=\"detail\">{}</div></div>\n",
                       escape(tile.label), escape(tile.value), escape(tile.detail));
    }
    out_ += "</div>\n";
}

void Page::table(const Table& table) {
    fmt::format_to(std::back_inserter(out_),
                   "<div class=\"scroll\"><table id=\"{}\"{}>\n<thead><tr>", escape(table.id),
                   table.sortable ? " class=\"sortable\"" : "");
    for (const std::string& name : table.header) {
        fmt::format_to(std::back_inserter(out_), "<th>{}</th>", escape(name));
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (const auto& row : table.rows) {
        out_ += "<tr>";
        for (const Cell& cell : row) {
            if (cell.sort_key) {
                fmt::format_to(std::back_inserter(out_), "<td data-v=\"{}\">{}</td>",
                               *cell.sort_key, escape(cell.text));
            } else {
                fmt::format_to(std::back_inserter(out_), "<td>{}</td>", escape(cell.text));
            }
        }
        out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table></div>\n";
}

void Page::definitions(const std::vector<std::pair<std::string, std::string>>& items) {
    out_ += "<dl>\n";
    for (const auto& [term, value] : items) {
        fmt::format_to(std::back_inserter(out_), "<dt>{}</dt><dd>{}</dd>\n", escape(term),
                       escape(value));
    }
    out_ += "</dl>\n";
}

void Page::raw(std::string_view markup) {
    out_ += markup;
}

std::string Page::finish() {
    fmt::format_to(std::back_inserter(out_), "<script>{}</script>\n</body>\n</html>\n",
                   sort_script);
    return std::move(out_);
}

}  // namespace cskpi::cli::html
