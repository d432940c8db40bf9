// A pandas DataFrame's columns, as cskpi/_frame.py hands them over, viewed in place as the
// library's RecordTable: the one decoding path CSV rows take too, without a copy of the
// numbers or a JSON detour.

#include "bindings.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "errors.hpp"

namespace cskpi::python {
namespace {

namespace py = pybind11;
using json::TableColumn;

// The values as a C-contiguous array of T, converted only when they are not one already.
template <typename T>
std::span<const T> contiguous(const py::object& values, std::vector<py::object>& arrays) {
    auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(values);
    if (!array) {
        throw py::error_already_set();
    }
    arrays.push_back(array);
    return {array.data(), static_cast<std::size_t>(array.size())};
}

// Whether an object cell is a null: None, NaN, or pandas' NA or NaT. Reads the object only.
bool is_null_object(PyObject* value) {
    if (value == Py_None) {
        return true;
    }
    if (PyFloat_Check(value)) {
        return std::isnan(PyFloat_AS_DOUBLE(value));
    }
    const std::string_view type = Py_TYPE(value)->tp_name;
    return type == "NAType" || type == "NaTType";
}

// Appends code point `c` to `out` as UTF-8; false for a surrogate, which has none.
bool append_utf8(std::uint32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        if (c >= 0xD800 && c <= 0xDFFF) {
            return false;
        }
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return true;
}

// A str's UTF-8 bytes, read from the object without a Python call (see FrameTable): ASCII
// text is its own UTF-8, where it lies; other text is Python's cached UTF-8 when it has made
// it, or else encoded here into `encoded`. Empty for a lone surrogate, which has no UTF-8.
std::optional<std::string_view> utf8_of(PyObject* text, std::deque<std::string>& encoded) {
    if (PyUnicode_IS_COMPACT_ASCII(text)) {
        return std::string_view{static_cast<const char*>(PyUnicode_DATA(text)),
                                static_cast<std::size_t>(PyUnicode_GET_LENGTH(text))};
    }
    const auto* compact = reinterpret_cast<const PyCompactUnicodeObject*>(text);
    if (PyUnicode_IS_COMPACT(text) && compact->utf8 != nullptr) {
        return std::string_view{compact->utf8, static_cast<std::size_t>(compact->utf8_length)};
    }
    const int kind = PyUnicode_KIND(text);
    const void* data = PyUnicode_DATA(text);
    std::string& out = encoded.emplace_back();
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); ++i) {
        if (!append_utf8(PyUnicode_READ(kind, data, i), out)) {
            return std::nullopt;
        }
    }
    return std::string_view(out);
}

// Bytes of 0 and 1 as bools (the same size and values on every platform CPython runs on).
std::span<const bool> bools(const std::vector<unsigned char>& bytes) {
    static_assert(sizeof(bool) == 1);
    return {reinterpret_cast<const bool*>(bytes.data()), bytes.size()};
}

}  // namespace

FrameTable::FrameTable(const py::list& columns, std::size_t rows, const json::Mapping& mapping,
                       unsigned parts)
    : parts_(std::max(parts, 1U)), rows_(rows) {
    for (const py::handle item : columns) {
        const auto spec = item.cast<py::tuple>();
        Column column;
        column.whole.name = spec[0].cast<std::string>();
        if (!mapping.reads_column(column.whole.name)) {
            continue;  // never looked at, so never checked
        }
        const auto kind = spec[1].cast<std::string>();
        const py::object values = spec[2];
        if (!spec[3].is_none()) {
            column.whole.nulls = contiguous<bool>(spec[3], arrays_);
        }
        if (kind == "number") {
            column.whole.numbers = contiguous<double>(values, arrays_);
        } else if (kind == "integer" || kind == "time") {
            column.whole.type =
                kind == "integer" ? TableColumn::Type::integer : TableColumn::Type::time;
            column.whole.integers = contiguous<std::int64_t>(values, arrays_);
        } else if (kind == "boolean") {
            column.whole.type = TableColumn::Type::boolean;
            if (py::isinstance<py::array>(values) &&
                values.cast<py::array>().dtype().kind() == 'O') {
                read_boolean_objects(column, values);
            } else {
                column.whole.booleans = contiguous<bool>(values, arrays_);
            }
        } else if (kind == "text") {
            column.whole.type = TableColumn::Type::text;
            const auto cells = py::array::ensure(values, py::array::c_style);
            if (!cells || cells.dtype().kind() != 'O') {
                throw cli::UsageError("column \"" + column.whole.name +
                                      "\": text must be an object array");
            }
            arrays_.push_back(cells);
            column.objects = {static_cast<PyObject* const*>(cells.data()),
                              static_cast<std::size_t>(cells.size())};
        } else {
            throw cli::UsageError("unknown column kind \"" + kind + "\"");
        }
        columns_.push_back(std::move(column));
    }
    for (const Column& column : columns_) {
        const std::size_t size = column.whole.type == TableColumn::Type::text
                                     ? column.objects.size()
                                     : column.whole.size();
        if (size != rows_) {
            throw cli::UsageError(fmt::format("column \"{}\" has {} values, the frame {} rows",
                                              column.whole.name, size, rows_));
        }
    }
}

// An object column of True, False and nulls, as the bools and nulls a boolean column has.
void FrameTable::read_boolean_objects(Column& column, const py::object& values) {
    const auto cells = py::array::ensure(values, py::array::c_style);
    const auto rows = static_cast<std::size_t>(cells.size());
    const auto* cell = static_cast<PyObject* const*>(cells.data());
    column.owned_values.assign(rows, 0);
    column.owned_nulls.assign(rows, 0);
    for (std::size_t row = 0; row < rows; ++row) {
        const bool marked = !column.whole.nulls.empty() && column.whole.nulls[row];
        if (!marked && PyBool_Check(cell[row])) {
            column.owned_values[row] = cell[row] == Py_True ? 1 : 0;
        } else if (marked || is_null_object(cell[row])) {
            column.owned_nulls[row] = 1;
        } else {
            throw cli::UsageError(fmt::format("column \"{}\", row {}: a {} among booleans",
                                              column.whole.name, row, Py_TYPE(cell[row])->tp_name));
        }
    }
    column.whole.booleans = bools(column.owned_values);
    column.whole.nulls = bools(column.owned_nulls);
}

// Rows [first, last) of text column `k` as views in `part`; nulls where the mask says so or
// the cell is a null. Anything else is named rather than guessed at.
void FrameTable::view_texts(std::size_t k, Part& part, TableColumn& out, std::size_t first,
                            std::size_t last) {
    const Column& column = columns_[k];
    std::vector<std::string_view>& texts = part.texts[k];
    std::vector<unsigned char>& nulls = part.nulls[k];
    const std::size_t n = last - first;
    texts.resize(n);
    nulls.assign(n, 0);
    bool any_null = false;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = first + i;
        PyObject* cell = column.objects[row];
        const bool marked = !column.whole.nulls.empty() && column.whole.nulls[row];
        if (!marked && PyUnicode_Check(cell)) {
            const std::optional<std::string_view> text = utf8_of(cell, part.encoded);
            if (!text) {
                throw cli::UsageError(fmt::format(
                    "column \"{}\", row {}: a str with a lone surrogate, which is not text",
                    column.whole.name, row));
            }
            texts[i] = *text;
        } else if (marked || is_null_object(cell)) {
            nulls[i] = 1;
            any_null = true;
        } else {
            throw cli::UsageError(fmt::format("column \"{}\", row {}: a {} among strings",
                                              column.whole.name, row, Py_TYPE(cell)->tp_name));
        }
    }
    out.texts = texts;
    out.nulls = any_null ? std::span<const bool>(reinterpret_cast<const bool*>(nulls.data()), n)
                         : std::span<const bool>();
}

const json::RecordTable& FrameTable::slice(std::size_t first, std::size_t last, unsigned part) {
    Part& mine = parts_.at(part);
    json::RecordTable& table = mine.table;
    table.first_row = first;
    table.rows = last - first;
    table.columns.resize(columns_.size());
    mine.texts.resize(columns_.size());
    mine.nulls.resize(columns_.size());
    mine.encoded.clear();
    for (std::size_t k = 0; k < columns_.size(); ++k) {
        TableColumn& out = table.columns[k];
        out = columns_[k].whole.slice(first, last);
        if (out.type == TableColumn::Type::text) {
            view_texts(k, mine, out, first, last);
        }
    }
    return table;
}

// Rows a block: a block's str objects stay in cache from their viewing to their decoding.
constexpr std::size_t kBlockRows = 4096;

void read_frame(const py::list& columns, std::size_t rows, const json::Mapping& mapping,
                std::size_t max_errors, InputSummary& summary,
                const std::function<InputSummary(const json::RecordTable&)>& read) {
    FrameTable frame(columns, rows, mapping, 1);
    const std::size_t step =
        mapping.deduplicates() ? std::max<std::size_t>(frame.rows(), 1) : kBlockRows;
    for (std::size_t first = 0; first < frame.rows() || first == 0; first += step) {
        const std::size_t last = std::min(frame.rows(), first + step);
        cli::merge_summary(summary, read(frame.slice(first, last, 0)), max_errors);
    }
}

void accumulate_frame(const py::list& columns, std::size_t rows, const json::Mapping& mapping,
                      const json::ReadOptions& options, ReportAccumulator& accumulator,
                      const std::string& name, InputSummary& summary) {
    FrameTable frame(columns, rows, mapping, json::reading_threads(options));
    const json::BlockedTable blocks{
        rows,
        [&frame](std::size_t first, std::size_t last, unsigned part) -> const json::RecordTable& {
            return frame.slice(first, last, part);
        }};
    cli::merge_summary(summary, json::accumulate_table(blocks, mapping, options, accumulator, name),
                       options.max_errors);
}

}  // namespace cskpi::python
