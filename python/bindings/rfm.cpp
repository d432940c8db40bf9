// The RFM half of the binding: the streamed RFM summary of purchases (clv::RfmAccumulator)
// read as `cskpi clv` reads them, with its options, so the summary a model is fitted on here is
// the command's.

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <sstream>
#include <utility>

#include "bindings.hpp"
#include "cskpi/clv/rfm.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "purchase_input.hpp"

namespace cskpi::python {
namespace {

namespace py = pybind11;

// `cskpi clv`'s input and summary options as the binding takes them, by name without dashes.
struct RfmTexts {
    cli::InputOptions input;
    std::string calibration_end;
    std::string period = "week";
    std::string holdout_end;
    bool csv = false;
    cli::PurchaseCsvColumns columns;
};

bool set_csv_option(RfmTexts& options, const std::string& name, const std::string& text) {
    if (name == "csv") {
        options.csv = text == "true";
        return true;
    }
    std::string* column = name == "customer_col" ? &options.columns.customer
                          : name == "date_col"   ? &options.columns.date
                          : name == "amount_col" ? &options.columns.amount
                                                 : nullptr;
    if (column != nullptr) {
        *column = text;
        options.csv = true;  // naming a column is enough to ask for CSV, as in the command
    }
    return column != nullptr;
}

RfmTexts rfm_texts(const OptionTexts& texts) {
    RfmTexts options;
    for (const auto& [name, text] : texts) {
        if (!set_input_option(options.input, name, text) && !set_csv_option(options, name, text)) {
            set_named_option(name, text,
                             {{"calibration_end", &options.calibration_end},
                              {"period", &options.period},
                              {"holdout_end", &options.holdout_end}});
        }
    }
    return options;
}

clv::RfmOptions rfm_options(const RfmTexts& texts) {
    if (texts.calibration_end.empty()) {
        throw cli::UsageError("--calibration-end is required (a date, e.g. 1997-09-30)");
    }
    clv::RfmOptions options;
    options.calibration_end = cli::parse_date_option("--calibration-end", texts.calibration_end);
    options.unit = cli::parse_model_unit("--period", texts.period);
    if (!texts.holdout_end.empty()) {
        options.holdout_end = cli::parse_date_option("holdout_end", texts.holdout_end);
    }
    return options;
}

py::array_t<double> column(const std::vector<clv::CustomerRfm>& rows,
                           double (*field)(const clv::CustomerRfm&)) {
    py::array_t<double> values(static_cast<py::ssize_t>(rows.size()));
    double* out = values.mutable_data();
    for (const clv::CustomerRfm& row : rows) {
        *out++ = field(row);
    }
    return values;
}

// The RFM summary of the purchases added, with the account of the records read.
class PyRfmAccumulator {
  public:
    explicit PyRfmAccumulator(OptionTexts texts)
        : texts_(std::move(texts)),
          options_(rfm_texts(texts_)),
          mapping_(cli::purchase_mapping(options_.input, options_.csv)),
          read_(cli::read_options(options_.input)),
          accumulator_(rfm_options(options_)) {}

    void add_files(const std::vector<std::string>& files) {
        clv::RfmAccumulator part(accumulator_.options());
        InputSummary summary;
        {
            py::gil_scoped_release unlocked;
            summary = cli::read_purchase_inputs(cli::resolve_inputs(files), read_,
                                                mapping_ ? &*mapping_ : nullptr, options_.columns,
                                                [&](Purchase&& purchase) { part.add(purchase); });
        }
        accumulator_.merge(part);
        cli::merge_summary(summary_, summary, read_.max_errors);
    }

    // Canonical purchases as NDJSON text (the package writes dicts and DataFrames so).
    void add_text(const std::string& text) {
        require_record_mapping();
        clv::RfmAccumulator part(accumulator_.options());
        InputSummary summary;
        {
            py::gil_scoped_release unlocked;
            std::istringstream in(text);
            summary = json::read_purchases(in, *mapping_, read_,
                                           [&](Purchase&& purchase) { part.add(purchase); });
        }
        accumulator_.merge(part);
        cli::merge_summary(summary_, summary, read_.max_errors);
    }

    // A DataFrame's columns (see FrameTable), read in place with the GIL held.
    void add_table(const py::list& columns, std::size_t rows, const std::string& name) {
        require_record_mapping();
        read_frame(columns, rows, *mapping_, read_.max_errors, summary_,
                   [&](const json::RecordTable& table) {
                       return json::read_purchases(
                           table, *mapping_, read_,
                           [&](Purchase&& purchase) { accumulator_.add(purchase); }, name);
                   });
    }

    [[nodiscard]] bool reads_column(const std::string& name) const {
        return !mapping_ || mapping_->reads_column(name);
    }

    void add_state(const py::bytes& state, const std::string& name) {
        merge_saved_state(state, name, cli::SavedKind::rfm, accumulator_, summary_,
                          read_.max_errors);
    }

    void merge(const PyRfmAccumulator& other) {
        if (&other == this) {
            throw cli::UsageError("an accumulator cannot merge itself");
        }
        accumulator_.merge(other.accumulator_);
        cli::merge_summary(summary_, other.summary_, read_.max_errors);
    }

    [[nodiscard]] py::dict summary() const {
        // With the GIL held: it is all that guards the accumulator.
        const std::vector<clv::CustomerRfm> rows = accumulator_.summary();
        std::vector<std::string> ids;
        ids.reserve(rows.size());
        for (const clv::CustomerRfm& row : rows) {
            ids.push_back(row.customer_id);
        }
        py::dict columns;
        columns["customer_id"] = ids;
        columns["frequency"] =
            column(rows, [](const clv::CustomerRfm& r) { return r.rfm.frequency; });
        columns["recency"] = column(rows, [](const clv::CustomerRfm& r) { return r.rfm.recency; });
        columns["T"] = column(rows, [](const clv::CustomerRfm& r) { return r.rfm.T; });
        columns["monetary_value"] =
            column(rows, [](const clv::CustomerRfm& r) { return r.monetary_value; });
        columns["holdout_frequency"] =
            column(rows, [](const clv::CustomerRfm& r) { return r.holdout_frequency; });
        columns["holdout_spend"] =
            column(rows, [](const clv::CustomerRfm& r) { return r.holdout_spend; });
        return columns;
    }

    [[nodiscard]] std::string input_json() const { return cli::dump(cli::input_to_json(summary_)); }
    [[nodiscard]] py::bytes to_bytes() const {
        return state_bytes(accumulator_.to_bytes(), summary_);
    }
    [[nodiscard]] const OptionTexts& options() const noexcept { return texts_; }
    [[nodiscard]] std::uint64_t records() const noexcept { return summary_.read; }

  private:
    void require_record_mapping() const {
        if (!mapping_) {
            throw cli::UsageError(
                "records given as dicts or a DataFrame are canonical purchases (customer_id, "
                "at, amount): leave out csv and the *_col options, which are for CSV files");
        }
    }

    OptionTexts texts_;
    RfmTexts options_;
    std::optional<json::Mapping> mapping_;
    json::ReadOptions read_;
    clv::RfmAccumulator accumulator_;
    InputSummary summary_;
};

}  // namespace

void bind_rfm(py::module_& m) {
    bind_accumulator<PyRfmAccumulator>(m, "RfmAccumulator")
        .def("summary", &PyRfmAccumulator::summary)
        .def("input_json", &PyRfmAccumulator::input_json);
}

}  // namespace cskpi::python
