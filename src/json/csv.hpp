#pragma once
// CSV input (RFC 4180): a streaming row parser, and the reader that maps each row, seen as a
// flat object of strings keyed by the header's column names, through a Mapping. Internal.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/reader.hpp"

namespace cskpi::json::detail {

// One cell of a row: its decoded text is row.text[begin, begin + length).
struct CsvCell {
    std::size_t begin = 0;
    std::size_t length = 0;
    bool quoted = false;
};

// A complete row. `problem` says what is wrong with it, if anything.
struct CsvRow {
    enum class Problem : std::uint8_t { none, too_large, stray_quote, unterminated };
    std::uint64_t line = 1;  // where the row starts, 1-based
    std::string_view text;   // the cells' text, valid during the call that gives the row
    const std::vector<CsvCell>* cells = nullptr;
    Problem problem = Problem::none;

    [[nodiscard]] std::string_view cell(std::size_t i) const noexcept {
        const CsvCell& c = (*cells)[i];
        return text.substr(c.begin, c.length);
    }
};

// Splits bytes into rows: quoted fields with embedded commas, doubled quotes and line breaks;
// CRLF, LF or CR line ends; blank lines skipped. A row longer than `max_row_bytes` is kept
// whole only in count: its text is dropped and it comes out as too_large. Never throws on
// content (only std::bad_alloc).
class CsvParser {
  public:
    using OnRow = std::function<void(const CsvRow&)>;

    explicit CsvParser(std::size_t max_row_bytes) : max_row_(max_row_bytes) {}

    // Parses `n` more bytes, calling `on_row` for each row they complete.
    void feed(const char* data, std::size_t n, const OnRow& on_row);
    // The end of the input: the last row, if any (unterminated when inside quotes).
    void finish(const OnRow& on_row);

  private:
    enum class State : std::uint8_t { field_start, unquoted, quoted, quote_seen };

    bool whole_row(const char*& p, const char* end, const OnRow& on_row);
    void append(const char* from, const char* to);
    void end_cell();
    void end_row(const OnRow& on_row);

    std::size_t max_row_;
    State state_ = State::field_start;
    bool pending_lf_ = false;  // a CR ended the last row; a LF right after belongs to it
    bool cell_quoted_ = false;
    CsvRow::Problem problem_ = CsvRow::Problem::none;
    std::uint64_t line_ = 1;
    std::uint64_t row_line_ = 1;
    std::size_t cell_begin_ = 0;
    std::string text_;
    std::vector<CsvCell> cells_;
};

// Reads CSV with a header row from `head` (bytes already taken from the stream) then `in`.
InputSummary read_csv_interactions(std::istream& in, std::string_view head, const Mapping& mapping,
                                   const ReadOptions& options, const InteractionSink& sink,
                                   std::string_view source);
InputSummary read_csv_purchases(std::istream& in, std::string_view head, const Mapping& mapping,
                                const ReadOptions& options, const PurchaseSink& sink,
                                std::string_view source);

struct Captured;
struct CompiledMapping;

// The slot a column named `name` (a CSV header cell, a table column) fills: the slot of the
// mapping's pointer "/name", or -1 when the mapping reads none or an earlier column of the
// name (`taken`, one flag a slot) took it already: a repeated name, the first one counts.
int column_slot(const CompiledMapping& m, std::string_view name, std::vector<bool>& taken);

/// Reads `text` (blanks around it ignored) as a number into `c`: an integer within int64 is
/// also integral, a finite decimal or exponent form is a number. False, leaving `c` as it
/// is, for anything else ("", "1,5", "nan", "+3"). CSV cells and numbers written as text in
/// JSON records (a mapping's "from_text") share it.
///
/// Example: `Captured c; parse_number(" 35 ", c);  // c.integer == 35`
bool parse_number(std::string_view text, Captured& c) noexcept;

}  // namespace cskpi::json::detail
