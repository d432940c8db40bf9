#pragma once
// The Python binding's parts (module _cskpi of the package cskpi, python/cskpi): each part
// registers its functions and classes on the module.

#include <pybind11/pybind11.h>

#include <map>
#include <string>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/report.hpp"
#include "report_run.hpp"

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
    void add_state(const pybind11::bytes& state, const std::string& name);
    void merge(PyReportAccumulator& other);
    [[nodiscard]] std::string report_json() const;
    [[nodiscard]] pybind11::bytes to_bytes() const;
    [[nodiscard]] const std::vector<std::string>& by() const noexcept { return by_; }
    [[nodiscard]] const OptionTexts& options() const noexcept { return texts_; }
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

void bind_report(pybind11::module_& m);
void bind_formulas(pybind11::module_& m);

}  // namespace cskpi::python
