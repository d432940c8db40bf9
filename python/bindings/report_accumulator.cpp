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

// The command's arguments from the Python side's option texts (cskpi/_report.py spells
// every keyword as the command's option: by=["queue"] is --by queue).
cli::ReportArgs report_args(const std::vector<std::string>& by, const OptionTexts& texts) {
    cli::ReportArgs args;
    args.by = by;
    const std::pair<const char*, std::string*> fields[] = {
        {"preset", &args.input.preset},
        {"mapping", &args.input.mapping_file},
        {"max_errors", &args.input.max_errors},
        {"input_format", &args.input.input_format},
        {"period", &args.period},
        {"fcr", &args.fcr},
        {"definitions", &args.definitions},
        {"genesys_sl", &args.genesys_sl},
        {"sla", &args.sla},
        {"sla_basis", &args.sla_basis},
        {"business_hours", &args.business_hours},
        {"fcr_window", &args.fcr_window},
        {"csat_scale", &args.csat_scale},
        {"csat_threshold", &args.csat_threshold},
        {"sl_threshold", &args.sl_threshold},
        {"short_abandon", &args.short_abandon},
        {"abandon_mode", &args.abandon_mode},
        {"utc_offset", &args.utc_offset},
        {"tz", &args.tz},
        {"threads", &args.threads},
    };
    for (const auto& [name, text] : texts) {
        if (name == "strict" || name == "dedupe") {
            (name == "strict" ? args.input.strict : args.input.dedupe) = text == "true";
            continue;
        }
        const auto* field = std::find_if(std::begin(fields), std::end(fields),
                                         [&](const auto& f) { return name == f.first; });
        if (field == std::end(fields)) {
            throw cli::UsageError("unknown option \"" + name + "\"");
        }
        *field->second = text;
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
      read_(cli::read_options(args_.input)),
      accumulator_(cli::report_options(args_, mapping_)) {
    read_.csat = accumulator_.options().csat;
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
    const std::string_view view = state;
    std::vector<std::byte> bytes(view.size());
    std::memcpy(bytes.data(), view.data(), view.size());
    const cli::SavedState saved = cli::parse_saved_state(name, std::move(bytes));
    if (saved.kind != cli::SavedKind::report) {
        throw cli::RunError(name + " holds a retention state, not a report state");
    }
    accumulator_.merge(ReportAccumulator::from_bytes(saved.accumulator));
    cli::merge_summary(summary_, saved.input, read_.max_errors);
}

void bind_report(py::module_& m) {
    py::class_<PyReportAccumulator>(m, "ReportAccumulator")
        .def(py::init<std::vector<std::string>, OptionTexts>(), py::arg("by"), py::arg("options"))
        .def("add_files", &PyReportAccumulator::add_files, py::arg("files"))
        .def("add_json", &PyReportAccumulator::add_json, py::arg("records"))
        .def("add_state", &PyReportAccumulator::add_state, py::arg("state"), py::arg("name"))
        .def("merge", &PyReportAccumulator::merge, py::arg("other"))
        .def("report_json", &PyReportAccumulator::report_json)
        .def("to_bytes", &PyReportAccumulator::to_bytes)
        .def_property_readonly("by", &PyReportAccumulator::by)
        .def_property_readonly("options", &PyReportAccumulator::options)
        .def_property_readonly("records", &PyReportAccumulator::records);
}

}  // namespace cskpi::python
