// The retention half of the binding: an accumulator of customer activity by period driven by
// `cskpi retention`'s own options and reader, so the binding and the command give the same
// report; and the helpers the accumulators of the binding share (input options, saved states).

#include <pybind11/stl.h>

#include <cstring>
#include <sstream>
#include <utility>

#include "arguments.hpp"
#include "bindings.hpp"
#include "cskpi/retention_report.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "retention_run.hpp"

namespace cskpi::python {

namespace py = pybind11;

namespace {

// The input options every data command takes, by name without dashes: the one list. A text
// option names its string member, a flag ("true" or "false") its bool member.
struct InputOption {
    const char* name;
    std::string cli::InputOptions::*text;
    bool cli::InputOptions::*flag;
};
constexpr InputOption kInputOptions[] = {
    {"preset", &cli::InputOptions::preset, nullptr},
    {"mapping", &cli::InputOptions::mapping_file, nullptr},
    {"mapping_document", &cli::InputOptions::mapping_document, nullptr},  // mapping= a dict
    {"max_errors", &cli::InputOptions::max_errors, nullptr},
    {"input_format", &cli::InputOptions::input_format, nullptr},
    {"strict", nullptr, &cli::InputOptions::strict},
    {"dedupe", nullptr, &cli::InputOptions::dedupe},
};

}  // namespace

bool set_input_option(cli::InputOptions& input, const std::string& name, const std::string& text) {
    for (const InputOption& option : kInputOptions) {
        if (name == option.name) {
            if (option.text != nullptr) {
                input.*option.text = text;
            } else {
                input.*option.flag = text == "true";
            }
            return true;
        }
    }
    return false;
}

std::vector<std::string> input_option_names() {
    std::vector<std::string> names;
    for (const InputOption& option : kInputOptions) {
        names.emplace_back(option.name);
    }
    return names;
}

void set_named_option(const std::string& name, const std::string& text,
                      std::initializer_list<std::pair<const char*, std::string*>> fields) {
    for (const auto& [field_name, field] : fields) {
        if (name == field_name) {
            *field = text;
            return;
        }
    }
    throw cli::UsageError("unknown option \"" + name + "\"");
}

py::bytes state_bytes(std::span<const std::byte> accumulator, const InputSummary& input) {
    const std::vector<std::byte> bytes = cli::saved_state_bytes(accumulator, input);
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

cli::SavedState parse_state(const std::string& name, std::vector<std::byte> bytes,
                            cli::SavedKind kind) {
    cli::SavedState saved = cli::parse_saved_state(name, std::move(bytes));
    if (saved.kind != kind) {
        const auto kind_name = [](cli::SavedKind k) {
            return k == cli::SavedKind::report      ? "a report"
                   : k == cli::SavedKind::retention ? "a retention"
                                                    : "an RFM summary";
        };
        throw cli::RunError(name + " holds " + kind_name(saved.kind) + " state, not " +
                            kind_name(kind) + " state");
    }
    return saved;
}

namespace {

// `cskpi retention`'s options as the binding takes them, by name without dashes.
struct RetentionOptions {
    cli::InputOptions input;
    std::string period = "month";
    std::string utc_offset = "+00:00";
    std::string tz;
};

RetentionOptions retention_options(const OptionTexts& texts) {
    RetentionOptions options;
    for (const auto& [name, text] : texts) {
        if (!set_input_option(options.input, name, text)) {
            set_named_option(name, text,
                             {{"period", &options.period},
                              {"utc_offset", &options.utc_offset},
                              {"tz", &options.tz}});
        }
    }
    if (options.input.input_format.empty()) {
        options.input.input_format = "auto";
    }
    return options;
}

// A retention accumulator with the account of the records added: what `cskpi retention
// --save-state` writes, and what cskpi.RetentionAccumulator wraps.
class PyRetentionAccumulator {
  public:
    explicit PyRetentionAccumulator(OptionTexts texts)
        : texts_(std::move(texts)),
          options_(retention_options(texts_)),
          period_(cli::parse_period_option("--period", options_.period)),
          zone_(make_time_zone(cli::parse_time_zone_option("--tz", options_.tz),
                               cli::parse_utc_offset_option("--utc-offset", options_.utc_offset))),
          mapping_(cli::choose_mapping(options_.input)),
          read_(cli::read_options(options_.input)),
          accumulator_(period_, zone_) {}

    void add_files(const std::vector<std::string>& files) {
        RetentionAccumulator part(period_, zone_);
        InputSummary summary;
        {
            py::gil_scoped_release unlocked;
            summary = cli::read_retention_inputs(cli::resolve_inputs(files), mapping_, read_,
                                                 options_.input.dedupe, part);
        }
        accumulator_.merge(part);
        cli::merge_summary(summary_, summary, read_.max_errors);
    }

    // Records as NDJSON text (the package writes dicts and DataFrames so), read as a file is.
    void add_text(const std::string& text) {
        RetentionAccumulator part(period_, zone_);
        InputSummary summary;
        {
            py::gil_scoped_release unlocked;
            std::istringstream in(text);
            summary =
                mapping_.kind() == json::RecordKind::purchase
                    ? json::read_purchases(in, mapping_, read_, [&](Purchase&& p) { part.add(p); })
                    : json::read_interactions(in, mapping_, read_,
                                              [&](Interaction&& i) { part.add(i); });
        }
        accumulator_.merge(part);
        cli::merge_summary(summary_, summary, read_.max_errors);
    }

    // A DataFrame's columns (see FrameTable), read in place with the GIL held.
    void add_table(const py::list& columns, std::size_t rows, const std::string& name) {
        read_frame(columns, rows, mapping_, read_.max_errors, summary_,
                   [&](const json::RecordTable& table) {
                       return mapping_.kind() == json::RecordKind::purchase
                                  ? json::read_purchases(
                                        table, mapping_, read_,
                                        [&](Purchase&& p) { accumulator_.add(p); }, name)
                                  : json::read_interactions(
                                        table, mapping_, read_,
                                        [&](Interaction&& i) { accumulator_.add(i); }, name);
                   });
    }

    [[nodiscard]] bool reads_column(const std::string& name) const {
        return mapping_.reads_column(name);
    }

    void add_state(const py::bytes& state, const std::string& name) {
        merge_saved_state(state, name, cli::SavedKind::retention, accumulator_, summary_,
                          read_.max_errors);
    }

    void merge(const PyRetentionAccumulator& other) {
        if (&other == this) {
            throw cli::UsageError("an accumulator cannot merge itself");
        }
        accumulator_.merge(other.accumulator_);
        cli::merge_summary(summary_, other.summary_, read_.max_errors);
    }

    [[nodiscard]] std::string report_json(bool cohorts) const {
        return cli::dump(
            cli::retention_document(cli::retention_within_limits(accumulator_, cohorts), summary_));
    }

    [[nodiscard]] py::bytes to_bytes() const {
        return state_bytes(accumulator_.to_bytes(), summary_);
    }

    [[nodiscard]] const OptionTexts& options() const noexcept { return texts_; }
    [[nodiscard]] std::uint64_t records() const noexcept { return summary_.read; }

  private:
    OptionTexts texts_;
    RetentionOptions options_;
    Period period_;
    TimeZone zone_;
    json::Mapping mapping_;
    json::ReadOptions read_;
    RetentionAccumulator accumulator_;
    InputSummary summary_;
};

}  // namespace

void bind_retention(py::module_& m) {
    m.def("input_option_names", &input_option_names,
          "The input options every data command takes, _ for -: preset, mapping, ...");
    bind_accumulator<PyRetentionAccumulator>(m, "RetentionAccumulator")
        .def("report_json", &PyRetentionAccumulator::report_json, py::arg("cohorts"));
}

}  // namespace cskpi::python
