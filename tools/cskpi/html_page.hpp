#pragma once
// The HTML output of the commands (`--format html`): one self-contained page, readable offline
// and printable. Nothing is fetched: the style is inline, charts are inline SVG (svg_charts.hpp)
// and the one script, which sorts tables, is inline and allowed by its hash in the page's
// Content-Security-Policy, which forbids every other script, so that even markup slipped
// past the escaping could not run.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cskpi::cli::html {

// `text` with &, <, >, " and ' replaced by entities: safe as element text and as a quoted
// attribute value. Every value that comes from the data goes through here.
//
// Example: escape("<b>") is "&lt;b&gt;".
[[nodiscard]] std::string escape(std::string_view text);

// A KPI tile: the label, the value as shown, and a line under it (n and interval).
struct Tile {
    std::string label;
    std::string value;
    std::string detail;
};

// One cell of a table: the text shown, and the number it sorts by (none: sorts last).
struct Cell {
    std::string text;
    std::optional<double> sort_key{};
};

// A table. `sortable` tables sort by any column when its header is clicked.
struct Table {
    std::string id;
    std::vector<std::string> header;
    std::vector<std::vector<Cell>> rows;
    bool sortable = true;
};

// A page being written. Its methods append escaped text; `raw` appends markup the caller made
// (a chart, say), never data.
//
// Example:
//   Page page("cskpi report");
//   page.heading("Overall");
//   page.tiles(tiles);
//   std::string html = page.finish();
class Page {
  public:
    explicit Page(std::string_view title);
    void heading(std::string_view text, int level = 2);
    void paragraph(std::string_view text, std::string_view css_class = {});
    void tiles(const std::vector<Tile>& tiles);
    void table(const Table& table);
    // A definition list: the footer's options, say.
    void definitions(const std::vector<std::pair<std::string, std::string>>& items);
    void raw(std::string_view markup);
    // The page with its script and closing tags; the Page is spent.
    [[nodiscard]] std::string finish();

  private:
    std::string out_;
};

}  // namespace cskpi::cli::html
