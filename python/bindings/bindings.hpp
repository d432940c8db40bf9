#pragma once
// The Python binding's parts (module _cskpi of the package cskpi, python/cskpi): each part
// registers its functions and classes on the module.

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstring>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/json/table.hpp"
#include "cskpi/report.hpp"
#include "input.hpp"
#include "report_run.hpp"
#include "saved_state.hpp"

namespace cskpi::python {

// `cskpi report`'s options as texts, by option name without dashes ("fcr_window": "7d").
using OptionTexts = std::map<std::string, std::string>;

// A report accumulator with the input account of what was added: what a `--save-state` file
// holds, and what cskpi.ReportAccumulator wraps.
class PyReportAccumulator {
  public:
    PyReportAccumulator(std::vector<std::string> by, OptionTexts texts);
    void add_files(const std::vector<std::string>& files);
    void add_json(const std::string& records);
    void add_table(const pybind11::list& columns, std::size_t rows, const std::string& name);
    void add_state(const pybind11::bytes& state, const std::string& name);
    void merge(PyReportAccumulator& other);
    [[nodiscard]] std::string report_json() const;
    [[nodiscard]] pybind11::bytes to_bytes() const;
    [[nodiscard]] const std::vector<std::string>& by() const noexcept { return by_; }
    [[nodiscard]] const OptionTexts& options() const noexcept { return texts_; }
    [[nodiscard]] const json::Mapping& mapping() const noexcept { return mapping_; }
    [[nodiscard]] std::uint64_t records() const noexcept { return summary_.read; }

  private:
    std::vector<std::string> by_;
    OptionTexts texts_;
    cli::ReportArgs args_;
    json::Mapping mapping_;
    json::ReadOptions read_;
    ReportAccumulator accumulator_;
    InputSummary summary_;
};

// The input options every data command takes (preset, mapping, mapping_document, max_errors,
// input_format, strict, dedupe): sets `name` in `input` and returns true, or returns false for
// another name.
bool set_input_option(cli::InputOptions& input, const std::string& name, const std::string& text);

// The names set_input_option takes.
std::vector<std::string> input_option_names();

// Sets the field of `fields` named `name` to `text`; throws cli::UsageError for an unknown name.
void set_named_option(const std::string& name, const std::string& text,
                      std::initializer_list<std::pair<const char*, std::string*>> fields);

// Saved-state bytes (an accumulator's frame and its input summary) as Python bytes, and back:
// the state parsed, `name` naming it in errors. Throws cli::RunError for another kind. Touches
// no Python object.
pybind11::bytes state_bytes(std::span<const std::byte> accumulator, const InputSummary& input);
cli::SavedState parse_state(const std::string& name, std::vector<std::byte> bytes,
                            cli::SavedKind kind);

// Merges the saved-state bytes `state` of `kind` into `accumulator` and their input account
// into `summary`. The bytes are parsed and the state rebuilt with the GIL released (they are
// copied first, and only locals are touched), so a Dask worker's other threads, which ship
// results, run meanwhile; the merge itself holds the GIL, which is what guards `accumulator`.
template <typename Accumulator>
void merge_saved_state(const pybind11::bytes& state, const std::string& name, cli::SavedKind kind,
                       Accumulator& accumulator, InputSummary& summary, std::size_t max_errors) {
    const std::string_view view = state;
    std::vector<std::byte> bytes(view.size());
    std::memcpy(bytes.data(), view.data(), view.size());
    auto [part, input] = [&] {
        pybind11::gil_scoped_release unlocked;
        cli::SavedState saved = parse_state(name, std::move(bytes), kind);
        return std::pair{Accumulator::from_bytes(saved.accumulator), std::move(saved.input)};
    }();
    accumulator.merge(std::move(part));
    cli::merge_summary(summary, input, max_errors);
}

// The methods every accumulator of the binding but the report's has, bound on class `name`:
// made from option texts, added to from files and NDJSON text and saved states, merged,
// saved, and its options and record count read.
template <typename Accumulator>
pybind11::class_<Accumulator> bind_accumulator(pybind11::module_& m, const char* name) {
    namespace py = pybind11;
    return py::class_<Accumulator>(m, name)
        .def(py::init<OptionTexts>(), py::arg("options"))
        .def("add_files", &Accumulator::add_files, py::arg("files"))
        .def("add_text", &Accumulator::add_text, py::arg("text"))
        .def("add_table", &Accumulator::add_table, py::arg("columns"), py::arg("rows"),
             py::arg("name"))
        .def("reads_column", &Accumulator::reads_column, py::arg("name"))
        .def("add_state", &Accumulator::add_state, py::arg("state"), py::arg("name"))
        .def("merge", &Accumulator::merge, py::arg("other"))
        .def("to_bytes", &Accumulator::to_bytes)
        .def_property_readonly("options", &Accumulator::options)
        .def_property_readonly("records", &Accumulator::records);
}

// The columns cskpi/_frame.py makes of a DataFrame, each a tuple (name, kind, values, nulls):
// kind "number" (float64, NaN null), "integer" or "time" (int64; ns since the epoch, UTC),
// "boolean" (bool) or "text" (an object array of str, None or NaN); nulls a bool array or
// None. Viewed in place, a block of rows at a time: the text views point into Python's str
// objects. Viewing reads the objects' memory but calls no Python API, so threads other than
// the GIL's holder may view while the holder waits, holding the GIL: no Python code can change
// or free the objects meanwhile.
class FrameTable {
  public:
    // The columns `mapping` reads (the others are left alone), for up to `parts` threads.
    FrameTable(const pybind11::list& columns, std::size_t rows, const json::Mapping& mapping,
               unsigned parts);
    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
    // Rows [first, last) as a RecordTable, valid until `part`'s next call; calls with
    // distinct parts may overlap.
    const json::RecordTable& slice(std::size_t first, std::size_t last, unsigned part);

  private:
    struct Column {
        json::TableColumn whole;                  // the number, integer and boolean spans; nulls
        std::span<PyObject* const> objects;       // a text column's cells
        std::vector<unsigned char> owned_values;  // an object column's booleans
        std::vector<unsigned char> owned_nulls;   // and their nulls
    };
    // A part's slice and the text views and nulls it points to, a vector a column.
    struct Part {
        json::RecordTable table;
        std::vector<std::vector<std::string_view>> texts;
        std::vector<std::vector<unsigned char>> nulls;  // bool-sized
        std::deque<std::string> encoded;  // UTF-8 of non-ASCII strings Python has not cached
    };
    void read_boolean_objects(Column& column, const pybind11::object& values);
    void view_texts(std::size_t k, Part& part, json::TableColumn& out, std::size_t first,
                    std::size_t last);
    std::vector<pybind11::object> arrays_;  // the numpy arrays viewed
    std::vector<Column> columns_;
    std::vector<Part> parts_;
    std::size_t rows_ = 0;
};

// Reads a DataFrame's columns (see FrameTable) with `read`, a block of rows at a time, merging
// the blocks' accounts into `summary`; a de-duplicating mapping reads the frame whole, as one
// input. The GIL stays held throughout.
void read_frame(const pybind11::list& columns, std::size_t rows, const json::Mapping& mapping,
                std::size_t max_errors, InputSummary& summary,
                const std::function<InputSummary(const json::RecordTable&)>& read);

// Reads a DataFrame's columns into `accumulator` with json::accumulate_table, on
// `options.threads` threads that each view and decode blocks of their own rows, and merges the
// account into `summary`. The GIL stays held (see FrameTable).
void accumulate_frame(const pybind11::list& columns, std::size_t rows, const json::Mapping& mapping,
                      const json::ReadOptions& options, ReportAccumulator& accumulator,
                      const std::string& name, InputSummary& summary);

void bind_report(pybind11::module_& m);
void bind_formulas(pybind11::module_& m);
void bind_retention(pybind11::module_& m);
void bind_rfm(pybind11::module_& m);
void bind_clv_models(pybind11::module_& m);

}  // namespace cskpi::python
