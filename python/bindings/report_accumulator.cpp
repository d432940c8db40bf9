// The report half of the binding: an accumulator driven by `cskpi report`'s own arguments, so
// the binding and the command share one option language and give the same report.

#include "bindings.hpp"

#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <span>
#include <utility>

#include "cskpi/json/reader.hpp"
#include "cskpi/json/report_json.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "report_run.hpp"
#include "saved_state.hpp"

namespace cskpi::python {
namespace {

namespace py = pybind11;

// The options of `cskpi report` the binding takes beyond the input options, by name without
// dashes: with input_option_names, the list cskpi/_report.py reads through
// report_option_names.
struct TextOption {
    const char* name;
    std::string& (*field)(cli::ReportArgs&);
};
constexpr TextOption kTextOptions[] = {
    {"period", [](cli::ReportArgs& a) -> std::string& { return a.period; }},
    {"fcr", [](cli::ReportArgs& a) -> std::string& { return a.fcr; }},
    {"definitions", [](cli::ReportArgs& a) -> std::string& { return a.definitions; }},
    {"genesys_sl", [](cli::ReportArgs& a) -> std::string& { return a.genesys_sl; }},
    {"sla", [](cli::ReportArgs& a) -> std::string& { return a.sla; }},
    {"sla_basis", [](cli::ReportArgs& a) -> std::string& { return a.sla_basis; }},
    {"business_hours", [](cli::ReportArgs& a) -> std::string& { return a.business_hours; }},
    {"fcr_window", [](cli::ReportArgs& a) -> std::string& { return a.fcr_window; }},
    {"csat_scale", [](cli::ReportArgs& a) -> std::string& { return a.csat_scale; }},
    {"csat_threshold", [](cli::ReportArgs& a) -> std::string& { return a.csat_threshold; }},
    {"sl_threshold", [](cli::ReportArgs& a) -> std::string& { return a.sl_threshold; }},
    {"short_abandon", [](cli::ReportArgs& a) -> std::string& { return a.short_abandon; }},
    {"abandon_mode", [](cli::ReportArgs& a) -> std::string& { return a.abandon_mode; }},
    {"utc_offset", [](cli::ReportArgs& a) -> std::string& { return a.utc_offset; }},
    {"tz", [](cli::ReportArgs& a) -> std::string& { return a.tz; }},
    {"threads", [](cli::ReportArgs& a) -> std::string& { return a.threads; }},
};

// The command's arguments from the Python side's option texts (by=["queue"] is --by queue).
cli::ReportArgs report_args(const std::vector<std::string>& by, const OptionTexts& texts) {
    cli::ReportArgs args;
    args.by = by;
    for (const auto& [name, text] : texts) {
        if (set_input_option(args.input, name, text)) {
            continue;
        }
        const auto* option = std::find_if(std::begin(kTextOptions), std::end(kTextOptions),
                                          [&](const TextOption& o) { return name == o.name; });
        if (option == std::end(kTextOptions)) {
            throw cli::UsageError("unknown option \"" + name + "\"");
        }
        option->field(args) = text;
    }
    if (args.input.input_format.empty()) {
        args.input.input_format = "auto";
    }
    return args;
}

}  // namespace

PyReportAccumulator::PyReportAccumulator(std::vector<std::string> by, OptionTexts texts)
    : by_(std::move(by)),
      texts_(std::move(texts)),
      args_(report_args(by_, texts_)),
      mapping_(cli::choose_mapping(args_.input)),
      read_(),
      accumulator_(cli::report_options(args_, mapping_)) {
    read_ = cli::report_read_options(args_, accumulator_.options());
}

void PyReportAccumulator::add_files(const std::vector<std::string>& files) {
    cli::ReportArgs args = args_;
    args.input.files = files;
    cli::ReportRun run = [&] {
        py::gil_scoped_release unlocked;
        return cli::accumulate_report(args);
    }();
    accumulator_.merge(std::move(run.accumulator));
    cli::merge_summary(summary_, run.summary, read_.max_errors);
}

void PyReportAccumulator::add_json(const std::string& records) {
    // Parsing and decoding touch only locals, so other Python threads may run meanwhile; the
    // accumulator itself is changed with the GIL held, which is all that guards it.
    std::vector<Interaction> accepted;
    InputSummary part;
    {
        py::gil_scoped_release unlocked;
        nlohmann::json document;
        try {
            document = nlohmann::json::parse(records);
        } catch (const nlohmann::json::parse_error& e) {
            throw cli::RunError(std::string("the records are not JSON: ") + e.what());
        }
        part = json::read_interactions(document, mapping_, read_,
                                       [&](Interaction&& r) { accepted.push_back(std::move(r)); });
    }
    accumulator_.add(std::span<const Interaction>(accepted));
    cli::merge_summary(summary_, part, read_.max_errors);
}

void PyReportAccumulator::add_table(const py::list& columns, std::size_t rows,
                                    const std::string& name) {
    accumulate_frame(columns, rows, mapping_, read_, accumulator_, name, summary_);
}

void PyReportAccumulator::merge(PyReportAccumulator& other) {
    if (&other == this) {
        throw cli::UsageError("an accumulator cannot merge itself");
    }
    accumulator_.merge(other.accumulator_);
    cli::merge_summary(summary_, other.summary_, read_.max_errors);
}

std::string PyReportAccumulator::report_json() const {
    return report_to_json(accumulator_.report(), summary_).dump();
}

py::bytes PyReportAccumulator::to_bytes() const {
    const std::vector<std::byte> bytes = cli::saved_state_bytes(accumulator_.to_bytes(), summary_);
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

void PyReportAccumulator::add_state(const py::bytes& state, const std::string& name) {
    merge_saved_state(state, name, cli::SavedKind::report, accumulator_, summary_,
                      read_.max_errors);
}

std::vector<std::string> report_option_names() {
    std::vector<std::string> names = input_option_names();
    for (const TextOption& option : kTextOptions) {
        names.emplace_back(option.name);
    }
    return names;
}

void bind_report(py::module_& m) {
    m.def("report_option_names", &report_option_names,
          "The keywords of cskpi.report: cskpi report's options, _ for -.");
    py::class_<PyReportAccumulator>(m, "ReportAccumulator")
        .def(py::init<std::vector<std::string>, OptionTexts>(), py::arg("by"), py::arg("options"))
        .def("add_files", &PyReportAccumulator::add_files, py::arg("files"))
        .def("add_json", &PyReportAccumulator::add_json, py::arg("records"))
        .def("add_table", &PyReportAccumulator::add_table, py::arg("columns"), py::arg("rows"),
             py::arg("name"))
        .def(
            "reads_column",
            [](const PyReportAccumulator& a, const std::string& name) {
                return a.mapping().reads_column(name);
            },
            py::arg("name"))
        .def("add_state", &PyReportAccumulator::add_state, py::arg("state"), py::arg("name"))
        .def("merge", &PyReportAccumulator::merge, py::arg("other"))
        .def("report_json", &PyReportAccumulator::report_json)
        .def("to_bytes", &PyReportAccumulator::to_bytes)
        .def_property_readonly("by", &PyReportAccumulator::by)
        .def_property_readonly("options", &PyReportAccumulator::options)
        .def_property_readonly("records", &PyReportAccumulator::records);
}

}  // namespace cskpi::python
