#include "csv.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include "collector.hpp"
#include "compiled_mapping.hpp"
#include "decode.hpp"
#include "nested.hpp"

namespace cskpi::json::detail {
namespace {

// Bytes that end an unquoted cell, and the bytes a quoted cell stops at.
constexpr std::array<bool, 256> stops(std::string_view bytes) {
    std::array<bool, 256> table{};
    for (const char c : bytes) {
        table[static_cast<unsigned char>(c)] = true;
    }
    return table;
}
constexpr auto kUnquotedStop = stops(",\n\r");
constexpr auto kQuotedStop = stops("\"\n");
constexpr auto kRowStop = stops(",\n\r\"");

const char* scan(const char* p, const char* end, const std::array<bool, 256>& stop) noexcept {
    while (p < end && !stop[static_cast<unsigned char>(*p)]) {
        ++p;
    }
    return p;
}

}  // namespace

void CsvParser::append(const char* from, const char* to) {
    const auto n = static_cast<std::size_t>(to - from);
    if (problem_ == CsvRow::Problem::too_large) {
        return;
    }
    if (text_.size() + n > max_row_) {
        problem_ = CsvRow::Problem::too_large;
        text_.clear();
        cells_.clear();
        cell_begin_ = 0;
        return;
    }
    text_.append(from, n);
}

void CsvParser::end_cell() {
    if (problem_ != CsvRow::Problem::too_large) {
        cells_.push_back(CsvCell{cell_begin_, text_.size() - cell_begin_, cell_quoted_});
    }
    cell_begin_ = text_.size();
    cell_quoted_ = false;
    state_ = State::field_start;
}

void CsvParser::end_row(const OnRow& on_row) {
    end_cell();
    const bool blank = cells_.size() == 1 && cells_[0].length == 0 && !cells_[0].quoted &&
                       problem_ == CsvRow::Problem::none;
    if (!blank) {
        on_row(CsvRow{row_line_, text_, &cells_, problem_});
    }
    text_.clear();
    cells_.clear();
    cell_begin_ = 0;
    problem_ = CsvRow::Problem::none;
}

// The common case, a row without quotes wholly in [p, end), read in place: its cells point
// into the input and nothing is copied. False, with nothing consumed, for anything else (a
// quote, a row the input has not finished, one too long), which the byte states then read.
bool CsvParser::whole_row(const char*& p, const char* end, const OnRow& on_row) {
    const char* const start = p;
    const char* cell = p;
    const char* q = p;
    while (true) {
        q = scan(q, end, kRowStop);
        if (q == end || *q == '"' || static_cast<std::size_t>(q - start) > max_row_) {
            cells_.clear();
            return false;
        }
        cells_.push_back(CsvCell{static_cast<std::size_t>(cell - start),
                                 static_cast<std::size_t>(q - cell), false});
        if (*q != ',') {
            break;
        }
        cell = ++q;
    }
    if (cells_.size() > 1 || cells_[0].length > 0) {  // a blank line is no row
        on_row(CsvRow{row_line_, std::string_view(start, static_cast<std::size_t>(q - start)),
                      &cells_, CsvRow::Problem::none});
    }
    cells_.clear();
    pending_lf_ = *q == '\r';
    row_line_ = ++line_;
    p = q + 1;
    return true;
}

void CsvParser::feed(const char* p, std::size_t n, const OnRow& on_row) {
    const char* const end = p + n;
    while (p < end) {
        if (pending_lf_) {
            pending_lf_ = false;
            if (*p == '\n') {
                ++p;
                continue;
            }
        }
        if (state_ == State::field_start && cells_.empty() && text_.empty() &&
            problem_ == CsvRow::Problem::none && whole_row(p, end, on_row)) {
            continue;
        }
        switch (state_) {
            case State::field_start:
                if (*p == '"') {
                    state_ = State::quoted;
                    cell_quoted_ = true;
                    ++p;
                    break;
                }
                state_ = State::unquoted;
                [[fallthrough]];
            case State::unquoted: {
                const char* q = scan(p, end, kUnquotedStop);
                append(p, q);
                p = q;
                if (p == end) {
                    return;
                }
                const char c = *p++;
                if (c == ',') {
                    end_cell();
                } else {
                    end_row(on_row);
                    pending_lf_ = c == '\r';
                    row_line_ = ++line_;
                }
                break;
            }
            case State::quoted: {
                const char* q = scan(p, end, kQuotedStop);
                append(p, q);
                p = q;
                if (p == end) {
                    return;
                }
                if (*p == '\n') {
                    append(p, p + 1);
                    ++line_;
                } else {
                    state_ = State::quote_seen;
                }
                ++p;
                break;
            }
            case State::quote_seen: {
                const char c = *p;
                if (c == '"') {
                    append(p, p + 1);
                    state_ = State::quoted;
                    ++p;
                } else if (c == ',' || c == '\n' || c == '\r') {
                    state_ = State::unquoted;  // the unquoted state ends the cell or row
                } else {
                    if (problem_ == CsvRow::Problem::none) {
                        problem_ = CsvRow::Problem::stray_quote;
                    }
                    state_ = State::unquoted;
                }
                break;
            }
        }
    }
}

void CsvParser::finish(const OnRow& on_row) {
    pending_lf_ = false;
    if (state_ == State::field_start && cells_.empty() && text_.empty() &&
        problem_ == CsvRow::Problem::none) {
        return;
    }
    if (state_ == State::quoted && problem_ != CsvRow::Problem::too_large) {
        problem_ = CsvRow::Problem::unterminated;
    }
    end_row(on_row);
    state_ = State::field_start;
}

namespace {

using Type = Captured::Type;

// How a column's text becomes a value: as the mapping reads the slot it fills.
enum class CellKind : std::uint8_t { unset, text, number, boolean };

void kind_from_condition(const Condition& c, std::vector<CellKind>& kinds) {
    if (c.kind == Condition::Kind::compare && c.slot >= 0) {
        CellKind& k = kinds[static_cast<std::size_t>(c.slot)];
        if (k == CellKind::unset) {
            k = c.text ? CellKind::text : (c.boolean ? CellKind::boolean : CellKind::number);
        }
    }
    for (const Condition& child : c.children) {
        kind_from_condition(child, kinds);
    }
}

CellKind kind_of_rule(const FieldRule& r) {
    if (r.has_map) {
        return CellKind::text;
    }
    switch (r.info.type) {
        case FieldType::duration:
        case FieldType::integer:
        case FieldType::number:
            return CellKind::number;
        case FieldType::boolean:
            return CellKind::boolean;
        case FieldType::time:
            return r.time_format == TimeFormat::epoch_s || r.time_format == TimeFormat::epoch_ms
                       ? CellKind::number
                       : CellKind::text;
        default:
            return CellKind::text;
    }
}

// Fields decide first, then comparisons, then de-duplication's rank; the rest is text.
std::vector<CellKind> slot_kinds(const CompiledMapping& m) {
    std::vector<CellKind> kinds(m.slot_count, CellKind::unset);
    for (const FieldRule& r : m.rules) {
        if (r.slot >= 0 && kinds[static_cast<std::size_t>(r.slot)] == CellKind::unset) {
            kinds[static_cast<std::size_t>(r.slot)] = kind_of_rule(r);
        }
    }
    for (const FieldRule& r : m.rules) {
        if (r.when) {
            kind_from_condition(*r.when, kinds);
        }
        for (const Choice& choice : r.choose) {
            kind_from_condition(choice.when, kinds);
        }
    }
    if (m.dedupe && m.dedupe->by_slot >= 0 && !m.dedupe->by_format) {
        CellKind& k = kinds[static_cast<std::size_t>(m.dedupe->by_slot)];
        if (k == CellKind::unset) {
            k = CellKind::number;
        }
    }
    for (CellKind& k : kinds) {
        if (k == CellKind::unset) {
            k = CellKind::text;
        }
    }
    return kinds;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

int column_slot(const CompiledMapping& m, std::string_view name, std::vector<bool>& taken) {
    std::size_t guess = 0;
    const TrieNode* node = m.root.find(name, guess);
    const int slot = node != nullptr ? node->slot : -1;
    if (slot < 0 || taken[static_cast<std::size_t>(slot)]) {
        return -1;  // not read, or a repeated column name: the first one counts
    }
    taken[static_cast<std::size_t>(slot)] = true;
    return slot;
}

bool parse_number(std::string_view s, Captured& c) noexcept {
    s = trim(s);
    const char* const end = s.data() + s.size();
    std::int64_t i = 0;
    if (auto [p, ec] = std::from_chars(s.data(), end, i); ec == std::errc() && p == end) {
        c.type = Type::number;
        c.integral = true;
        c.integer = i;
        c.number = static_cast<double>(i);
        return true;
    }
    double d = 0.0;
    if (auto [p, ec] = std::from_chars(s.data(), end, d);
        ec == std::errc() && p == end && std::isfinite(d) && !s.empty() &&
        (s.front() == '-' || s.front() == '.' || (s.front() >= '0' && s.front() <= '9'))) {
        c.type = Type::number;
        c.number = d;
        return true;
    }
    return false;
}

namespace {

bool equal_lower(std::string_view s, std::string_view lower) noexcept {
    if (s.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
        if (ch != lower[i]) {
            return false;
        }
    }
    return true;
}

bool parse_boolean(std::string_view s, Captured& c) noexcept {
    s = trim(s);
    if (s == "1" || equal_lower(s, "true")) {
        c.type = Type::boolean;
        c.boolean = true;
        return true;
    }
    if (s == "0" || equal_lower(s, "false")) {
        c.type = Type::boolean;
        c.boolean = false;
        return true;
    }
    return false;
}

// A cell as the value the decoders take: empty is null; text that does not convert to the
// slot's kind stays a string, which the decoder then rejects as wrong_type.
void capture_cell(std::string_view text, CellKind kind, Captured& c) noexcept {
    c = Captured{};
    if (text.empty()) {
        c.type = Type::null;
        return;
    }
    if ((kind == CellKind::number && parse_number(text, c)) ||
        (kind == CellKind::boolean && parse_boolean(text, c))) {
        return;
    }
    c.type = Type::string;
    c.text = text;
}

// The header's columns, as slots of the mapping's one-segment pointers.
struct Columns {
    std::vector<int> slot;  // per column, -1 when the mapping reads no pointer "/name"
    bool read = false;
};

template <typename Record>
class CsvReader {
  public:
    CsvReader(const CompiledMapping& m, const ReadOptions& options, Collector<Record>& collector)
        : m_(m),
          options_(options),
          collector_(collector),
          kinds_(slot_kinds(m)),
          slots_(m.slot_count) {}

    void row(const CsvRow& row) {
        if (!columns_.read) {
            header(row);
            return;
        }
        const Position at{row.line, std::nullopt};
        if (row.problem != CsvRow::Problem::none) {
            reject_problem(at, row.problem);
            return;
        }
        if (row.cells->size() != columns_.slot.size()) {
            collector_.reject(
                at, "", "bad_row",
                fmt::format("the row has {} cell{}, the header {} column{}", row.cells->size(),
                            row.cells->size() == 1 ? "" : "s", columns_.slot.size(),
                            columns_.slot.size() == 1 ? "" : "s"));
            return;
        }
        for (Captured& slot : slots_) {
            slot.type = Type::missing;
        }
        for (std::size_t i = 0; i < columns_.slot.size(); ++i) {
            if (const int s = columns_.slot[i]; s >= 0) {
                const auto k = static_cast<std::size_t>(s);
                capture_cell(row.cell(i), kinds_[k], slots_[k]);
            }
        }
        fill_nested_without_tree(m_, slots_);
        collector_.take(at, decode_record<Record>(m_, slots_, options_.csat));
    }

  private:
    void header(const CsvRow& row) {
        columns_.read = true;
        if (row.problem != CsvRow::Problem::none) {
            reject_problem(Position{row.line, std::nullopt}, row.problem);
        }
        std::vector<bool> taken(m_.slot_count, false);
        for (std::size_t i = 0; i < row.cells->size(); ++i) {
            columns_.slot.push_back(column_slot(m_, row.cell(i), taken));
        }
    }

    void reject_problem(const Position& at, CsvRow::Problem problem) {
        switch (problem) {
            case CsvRow::Problem::too_large:
                collector_.reject(
                    at, "", "too_large",
                    fmt::format("the row is longer than {} bytes", options_.max_record_bytes));
                return;
            case CsvRow::Problem::stray_quote:
                collector_.reject(at, "", "bad_row",
                                  "text after the closing quote of a quoted cell (a quote "
                                  "inside a quoted cell is written twice: \"\")");
                return;
            case CsvRow::Problem::unterminated:
                collector_.reject(at, "", "bad_row",
                                  "the input ends inside a quoted cell (no closing quote)");
                return;
            case CsvRow::Problem::none:
                return;
        }
    }

    const CompiledMapping& m_;
    const ReadOptions& options_;
    Collector<Record>& collector_;
    std::vector<CellKind> kinds_;
    std::vector<Captured> slots_;
    Columns columns_;
};

template <typename Record>
InputSummary read_csv(std::istream& in, std::string_view head, const Mapping& mapping,
                      const ReadOptions& options, const std::function<void(Record&&)>& sink,
                      std::string_view source) {
    const CompiledMapping& m = mapping.compiled();
    Collector<Record> collector(options, std::string(source), sink, m);
    CsvReader<Record> reader(m, options, collector);
    CsvParser parser(options.max_record_bytes);
    const CsvParser::OnRow on_row = [&reader](const CsvRow& row) { reader.row(row); };
    std::vector<char> buffer(std::size_t{1} << 20);
    bool first = true;
    const auto feed = [&](const char* data, std::size_t n) {
        if (first && n >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;  // a UTF-8 byte-order mark is not part of the data
            n -= 3;
        }
        first = false;
        parser.feed(data, n, on_row);
    };
    std::string start(head);
    while (start.size() < 3 && in) {
        char c = 0;
        if (in.get(c)) {
            start.push_back(c);
        }
    }
    feed(start.data(), start.size());
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        feed(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        throw InputFileError(fmt::format("{}: read error", source.empty() ? "input" : source));
    }
    parser.finish(on_row);
    return collector.finish();
}

}  // namespace

InputSummary read_csv_interactions(std::istream& in, std::string_view head, const Mapping& mapping,
                                   const ReadOptions& options, const InteractionSink& sink,
                                   std::string_view source) {
    return read_csv<Interaction>(in, head, mapping, options, sink, source);
}

InputSummary read_csv_purchases(std::istream& in, std::string_view head, const Mapping& mapping,
                                const ReadOptions& options, const PurchaseSink& sink,
                                std::string_view source) {
    return read_csv<Purchase>(in, head, mapping, options, sink, source);
}

}  // namespace cskpi::json::detail
