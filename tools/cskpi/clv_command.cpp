// `cskpi clv`: RFM summary of purchases, a purchase-count model (BG/NBD, Pareto/NBD or
// MBG/NBD) and the Gamma-Gamma spend model fitted by maximum likelihood, and each customer's
// P(alive), expected purchases, expected spend and discounted CLV over a horizon.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/mbgnbd.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "cskpi/clv/rfm.hpp"
#include "cskpi/clv/time_unit.hpp"
#include "cskpi/error.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/json/timestamp.hpp"
#include "cskpi/text_output.hpp"
#include "duration.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "purchase_input.hpp"

namespace cskpi::cli {
namespace {

using clv::TimeUnit;
using ordered_json = nlohmann::ordered_json;

struct ClvArgs {
    InputOptions input{};
    std::string calibration_end{};
    std::string model = "bgnbd";
    std::string horizon = "12mo";
    std::string discount_rate = "0.01";
    std::string period = "week";
    std::string margin = "1";
    std::string format = "json";
    bool csv = false;
    std::string customer_col{};
    std::string date_col{};
    std::string amount_col{};
};

// The fitted purchase model, whichever it is, with its fit report.
struct PurchaseFit {
    std::unique_ptr<clv::PurchaseModel> model;
    clv::FitReport report;
};

template <typename Model>
PurchaseFit fit_model(const std::vector<clv::Rfm>& rfm) {
    auto fitted = Model::fit(rfm);
    return {std::make_unique<Model>(fitted.model), std::move(fitted.report)};
}

// A number, or null when it is not finite or absent.
ordered_json number(std::optional<double> value) {
    if (!value || !std::isfinite(*value)) {
        return nullptr;
    }
    return *value;
}

// One customer's line of the result.
struct CustomerValue {
    const clv::CustomerRfm* row = nullptr;
    std::optional<double> monetary_value{};
    double p_alive = 0.0;
    double expected_purchases = 0.0;
    std::optional<double> expected_spend{};
    std::optional<double> clv{};
};

// The table cell of an optional number: fixed decimals, "-" when undefined.
std::string cell(std::optional<double> value, int decimals) {
    if (!value || !std::isfinite(*value)) {
        return "-";
    }
    return fmt::format("{:.{}f}", *value, decimals);
}

// A CSV field, quoted as RFC 4180 needs (cskpi::append_csv_field).
std::string csv_field(std::string_view text) {
    std::string out;
    append_csv_field(out, text);
    return out;
}

std::string csv_number(std::optional<double> value) {
    return value && std::isfinite(*value) ? fmt::format("{}", *value) : std::string{};
}

// The options of a run, checked and converted, and the inputs they name.
struct ClvSettings {
    Timestamp calibration_end{};
    TimeUnit unit = TimeUnit::week;
    double horizon_months = 0.0;
    double discount_rate = 0.0;
    double margin = 0.0;
    OutputFormat format = OutputFormat::json;
    json::ReadOptions read{};
    bool csv = false;
    std::optional<json::Mapping> mapping{};  // none when reading CSV
    PurchaseCsvColumns columns{};
    std::vector<InputSource> inputs{};
};

Timestamp parse_calibration_end(const std::string& text) {
    if (text.empty()) {
        throw UsageError("--calibration-end is required (a date, e.g. 1997-09-30)");
    }
    return parse_date_option("--calibration-end", text);
}

void check_model_name(const std::string& model) {
    if (model != "bgnbd" && model != "pareto" && model != "pareto_nbd" && model != "mbgnbd") {
        throw UsageError(fmt::format("--model: \"{}\" is not bgnbd, pareto or mbgnbd", model));
    }
}

double parse_horizon_months(const std::string& horizon) {
    const double horizon_seconds = parse_duration_option("--horizon", horizon);
    const double horizon_months = horizon_seconds / seconds_per_month;
    if (horizon_months > 1200.0) {
        throw UsageError(fmt::format("--horizon: \"{}\" is longer than 100 years", horizon));
    }
    return horizon_months;
}

double parse_discount_rate(const std::string& text) {
    const double discount_rate = parse_number("--discount-rate", text);
    if (discount_rate < 0.0) {
        throw UsageError(
            fmt::format("--discount-rate: {} is negative (a rate per month, e.g. 0.01)", text));
    }
    return discount_rate;
}

// Naming a CSV column is enough to ask for CSV.
bool reads_csv(const ClvArgs& args) {
    return args.csv || !args.customer_col.empty() || !args.date_col.empty() ||
           !args.amount_col.empty();
}

PurchaseCsvColumns csv_columns(const ClvArgs& args) {
    PurchaseCsvColumns columns;
    if (!args.customer_col.empty()) {
        columns.customer = args.customer_col;
    }
    if (!args.date_col.empty()) {
        columns.date = args.date_col;
    }
    if (!args.amount_col.empty()) {
        columns.amount = args.amount_col;
    }
    return columns;
}

// Every option is checked before any input is read. The order of the checks decides which
// error a command line with several mistakes reports, so it is kept stable.
ClvSettings check_options(const ClvArgs& args) {
    ClvSettings settings;
    settings.calibration_end = parse_calibration_end(args.calibration_end);
    check_model_name(args.model);
    settings.unit = parse_model_unit("--period", args.period);
    settings.horizon_months = parse_horizon_months(args.horizon);
    settings.discount_rate = parse_discount_rate(args.discount_rate);
    settings.margin = parse_number("--margin", args.margin);
    settings.format = parse_format("--format", args.format);
    settings.read = read_options(args.input);
    settings.csv = reads_csv(args);
    settings.mapping = purchase_mapping(args.input, settings.csv);
    settings.columns = csv_columns(args);
    settings.inputs = resolve_inputs(args.input.files);
    return settings;
}

struct PurchasesRead {
    std::vector<Purchase> purchases;
    InputSummary summary;
};

PurchasesRead read_all_purchases(const ClvSettings& settings) {
    PurchasesRead read;
    read.summary = read_purchase_inputs(
        settings.inputs, settings.read, settings.mapping ? &*settings.mapping : nullptr,
        settings.columns,
        [&](Purchase&& purchase) { read.purchases.push_back(std::move(purchase)); });
    return read;
}

PurchaseFit fit_purchase_model(const std::string& model, const std::vector<clv::Rfm>& rfm) {
    return model == "bgnbd"    ? fit_model<clv::BgNbd>(rfm)
           : model == "mbgnbd" ? fit_model<clv::MbgNbd>(rfm)
                               : fit_model<clv::ParetoNbd>(rfm);
}

// Gamma-Gamma is fitted to the repeat buyers whose mean repeat spend is positive (the model's
// domain). The other repeat buyers have no expected spend, so no CLV: they are counted, to be
// said rather than left blank.
struct SpendData {
    std::vector<clv::SpendObservation> observations;
    std::size_t without_spend = 0;
    const clv::CustomerRfm* first_without_spend = nullptr;
};

SpendData spend_data(const std::vector<clv::CustomerRfm>& rows) {
    SpendData data;
    for (const clv::CustomerRfm& row : rows) {
        if (row.rfm.frequency > 0 && row.monetary_value > 0.0) {
            data.observations.push_back({row.rfm.frequency, row.monetary_value});
        } else if (row.rfm.frequency > 0) {
            data.first_without_spend = data.without_spend == 0 ? &row : data.first_without_spend;
            ++data.without_spend;
        }
    }
    return data;
}

// The fitted models and what valuing a customer with them takes.
struct Valuation {
    const clv::PurchaseModel& purchases;
    const clv::GammaGamma& spend;
    double horizon_in_model_unit;
    clv::ClvOptions options;
};

CustomerValue value_customer(const clv::CustomerRfm& row, const Valuation& valuation) {
    CustomerValue value;
    value.row = &row;
    const bool repeat = row.rfm.frequency > 0;
    if (repeat) {
        value.monetary_value = row.monetary_value;
    }
    value.p_alive = valuation.purchases.p_alive(row.rfm);
    value.expected_purchases = valuation.purchases.conditional_expected_purchases(
        valuation.horizon_in_model_unit, row.rfm);
    if (!repeat || row.monetary_value > 0.0) {
        value.expected_spend = valuation.spend.conditional_expected_spend(
            {row.rfm.frequency, repeat ? row.monetary_value : 0.0});
    }
    if (value.expected_spend && std::isfinite(*value.expected_spend) &&
        *value.expected_spend >= 0.0) {
        value.clv = clv::customer_lifetime_value(valuation.purchases, row.rfm,
                                                 *value.expected_spend, valuation.options);
    }
    return value;
}

std::vector<CustomerValue> value_customers(const std::vector<clv::CustomerRfm>& rows,
                                           const Valuation& valuation) {
    std::vector<CustomerValue> values;
    values.reserve(rows.size());
    for (const clv::CustomerRfm& row : rows) {
        values.push_back(value_customer(row, valuation));
    }
    return values;
}

// What the output shows; the values' rows point into the RFM summary, which outlives it.
struct ClvReport {
    const ClvArgs& args;
    const ClvSettings& settings;
    const InputSummary& summary;
    const PurchaseFit& fit;
    const SpendData& spend;
    const clv::Fitted<clv::GammaGamma>& spend_fit;
    const std::vector<CustomerValue>& values;
};

// A parameter's standard error, when the fit has one.
std::optional<double> standard_error(const clv::FitReport& report, std::size_t i) {
    if (report.std_errors && i < report.std_errors->size()) {
        return (*report.std_errors)[i];
    }
    return std::nullopt;
}

ordered_json options_json(const ClvReport& r) {
    return {
        {"calibration_end", json::format_rfc3339(r.settings.calibration_end)},
        {"model", std::string(r.fit.model->name())},
        {"period", r.args.period},
        {"horizon", r.args.horizon},
        {"horizon_months", r.settings.horizon_months},
        {"discount_rate", r.settings.discount_rate},
        {"discount_period", "month"},
        {"margin", r.settings.margin},
        {"input_format", r.settings.csv ? "csv" : "ndjson"},
    };
}

void add_purchase_model_json(ordered_json& document, const PurchaseFit& fit) {
    const std::vector<std::string_view> names = fit.model->parameter_names();
    const std::vector<double> parameters = fit.model->parameter_values();
    document["model"] = std::string(fit.model->name());
    ordered_json params = ordered_json::object();
    ordered_json errors = ordered_json::object();
    for (std::size_t i = 0; i < names.size(); ++i) {
        params[std::string(names[i])] = number(parameters[i]);
        errors[std::string(names[i])] = number(standard_error(fit.report, i));
    }
    document["params"] = params;
    document["log_likelihood"] = number(fit.report.log_likelihood);
    document["converged"] = fit.report.converged;
    document["std_errors"] = errors;
}

ordered_json spend_model_json(const ClvReport& r) {
    const clv::GammaGamma& model = r.spend_fit.model;
    const std::vector<std::string_view> names = model.parameter_names();
    const std::vector<double> parameters = model.parameter_values();
    ordered_json params = ordered_json::object();
    for (std::size_t i = 0; i < names.size(); ++i) {
        params[std::string(names[i])] = number(parameters[i]);
    }
    return {
        {"params", params},
        {"log_likelihood", number(r.spend_fit.report.log_likelihood)},
        {"converged", r.spend_fit.report.converged},
        {"customers", r.spend.observations.size()},
        {"repeat_buyers_without_spend", r.spend.without_spend},
    };
}

ordered_json customers_json(const std::vector<CustomerValue>& values) {
    ordered_json customers = ordered_json::array();
    for (const CustomerValue& value : values) {
        customers.push_back({
            {"customer_id", value.row->customer_id},
            {"frequency", number(value.row->rfm.frequency)},
            {"recency", number(value.row->rfm.recency)},
            {"T", number(value.row->rfm.T)},
            {"monetary_value", number(value.monetary_value)},
            {"p_alive", number(value.p_alive)},
            {"expected_purchases", number(value.expected_purchases)},
            {"expected_spend", number(value.expected_spend)},
            {"clv", number(value.clv)},
        });
    }
    return customers;
}

void write_json(const ClvReport& r) {
    ordered_json document = ordered_json::object();
    document["input"] = input_to_json(r.summary);
    document["options"] = options_json(r);
    add_purchase_model_json(document, r.fit);
    document["spend_model"] = spend_model_json(r);
    document["customers"] = customers_json(r.values);
    write_stdout(dump(document));
}

std::string table_heading(const ClvReport& r) {
    return fmt::format(
        "{} at calibration end {} in {}s; horizon {} ({} months), discount {} a month, "
        "margin {}; {} customers\n\n",
        r.fit.model->name(), r.args.calibration_end, r.args.period, r.args.horizon,
        r.settings.horizon_months, r.settings.discount_rate, r.settings.margin, r.values.size());
}

std::string purchase_fit_line(const PurchaseFit& fit) {
    const std::vector<std::string_view> names = fit.model->parameter_names();
    const std::vector<double> parameters = fit.model->parameter_values();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        parts.push_back(fmt::format("{} {} (se {})", names[i], cell(parameters[i], 4),
                                    cell(standard_error(fit.report, i), 4)));
    }
    return fmt::format("{}: {}; log-likelihood {}; {}\n", fit.model->name(), fmt::join(parts, ", "),
                       cell(fit.report.log_likelihood, 2),
                       fit.report.converged ? "converged" : fit.report.message);
}

std::string spend_fit_line(const ClvReport& r) {
    const std::vector<std::string_view> names = r.spend_fit.model.parameter_names();
    const std::vector<double> parameters = r.spend_fit.model.parameter_values();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        parts.push_back(fmt::format("{} {}", names[i], cell(parameters[i], 4)));
    }
    return fmt::format("gamma-gamma on {} repeat buyers: {}; log-likelihood {}; {}\n\n",
                       r.spend.observations.size(), fmt::join(parts, ", "),
                       cell(r.spend_fit.report.log_likelihood, 2),
                       r.spend_fit.report.converged ? "converged" : r.spend_fit.report.message);
}

std::string customer_table(const std::vector<CustomerValue>& values) {
    std::size_t width = 11;
    for (const CustomerValue& value : values) {
        width = std::max(width, one_line(value.row->customer_id).size());
    }
    std::string text =
        fmt::format("{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}\n",
                    "customer_id", width, "frequency", "recency", "T", "monetary_value", "p_alive",
                    "expected_purchases", "expected_spend", "clv");
    for (const CustomerValue& value : values) {
        text += fmt::format("{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}\n",
                            one_line(value.row->customer_id), width,
                            cell(value.row->rfm.frequency, 0), cell(value.row->rfm.recency, 2),
                            cell(value.row->rfm.T, 2), cell(value.monetary_value, 2),
                            cell(value.p_alive, 4), cell(value.expected_purchases, 4),
                            cell(value.expected_spend, 2), cell(value.clv, 2));
    }
    return text;
}

void write_table(const ClvReport& r) {
    write_stdout(table_heading(r) + purchase_fit_line(r.fit) + spend_fit_line(r) +
                 customer_table(r.values));
}

void write_csv(const std::vector<CustomerValue>& values) {
    std::string text =
        "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
        "expected_spend,clv\n";
    for (const CustomerValue& value : values) {
        text +=
            fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(value.row->customer_id),
                        csv_number(value.row->rfm.frequency), csv_number(value.row->rfm.recency),
                        csv_number(value.row->rfm.T), csv_number(value.monetary_value),
                        csv_number(value.p_alive), csv_number(value.expected_purchases),
                        csv_number(value.expected_spend), csv_number(value.clv));
    }
    write_stdout(text);
}

void write_report(const ClvReport& r) {
    switch (r.settings.format) {
        case OutputFormat::json:
            write_json(r);
            break;
        case OutputFormat::table:
            write_table(r);
            break;
        case OutputFormat::csv:
            write_csv(r.values);
            break;
    }
}

void note_buyers_without_spend(const SpendData& spend) {
    if (spend.without_spend == 0) {
        return;
    }
    const std::size_t count = spend.without_spend;
    note(
        fmt::format("{} repeat {} with repeat purchases totalling 0 or less (first: \"{}\") {} no "
                    "expected_spend and no clv: Gamma-Gamma needs a positive mean repeat spend",
                    count, count == 1 ? "buyer" : "buyers", spend.first_without_spend->customer_id,
                    count == 1 ? "has" : "have"));
}

// A model that did not converge fails the run, though its results are written: they may
// still be of use, and the note says why they are doubtful.
int note_convergence(const PurchaseFit& fit, const clv::Fitted<clv::GammaGamma>& spend_fit) {
    int code = exit_success;
    if (!fit.report.converged) {
        note(fmt::format("{} did not converge: {}", fit.model->name(), fit.report.message));
        code = exit_failure;
    }
    if (!spend_fit.report.converged) {
        note(fmt::format("gamma-gamma did not converge: {}", spend_fit.report.message));
        code = exit_failure;
    }
    return code;
}

int run_clv(const ClvArgs& args) {
    const ClvSettings settings = check_options(args);
    const PurchasesRead read = read_all_purchases(settings);
    require_accepted(read.summary, settings.inputs,
                     settings.csv ? std::string()
                                  : "--csv (with --customer-col, --date-col and --amount-col for "
                                    "other column names)");

    const std::vector<clv::CustomerRfm> rows = clv::rfm_summary(
        read.purchases, {.calibration_end = settings.calibration_end, .unit = settings.unit});
    const PurchaseFit fit = fit_purchase_model(args.model, clv::rfm_values(rows));
    const SpendData spend = spend_data(rows);
    const clv::Fitted<clv::GammaGamma> spend_fit = clv::GammaGamma::fit(spend.observations);
    const Valuation valuation{.purchases = *fit.model,
                              .spend = spend_fit.model,
                              .horizon_in_model_unit = clv::convert(settings.horizon_months,
                                                                    TimeUnit::month, settings.unit),
                              .options = {.model_unit = settings.unit,
                                          .horizon = settings.horizon_months,
                                          .horizon_unit = TimeUnit::month,
                                          .discount_period = TimeUnit::month,
                                          .discount_rate = settings.discount_rate,
                                          .margin = settings.margin}};
    const std::vector<CustomerValue> values = value_customers(rows, valuation);

    write_report({args, settings, read.summary, fit, spend, spend_fit, values});
    note_input(read.summary, args.input);
    note_buyers_without_spend(spend);
    return note_convergence(fit, spend_fit);
}

}  // namespace

Command add_clv_command(CLI::App& app) {
    auto args = std::make_shared<ClvArgs>();
    CLI::App* command = app.add_subcommand(
        "clv",
        "Customer lifetime value: BG/NBD, Pareto/NBD or MBG/NBD and Gamma-Gamma fitted to "
        "purchases");
    add_input_options(*command, args->input,
                      "Purchase files: NDJSON or a JSON array (default mapping "
                      "canonical-purchase), or CSV with --csv (none or \"-\": stdin)");
    command->get_option("--preset")
        ->description(
            "Mapping preset of the JSON purchases: canonical-purchase (default) or another "
            "purchase "
            "mapping");
    command
        ->add_option("--calibration-end", args->calibration_end,
                     "Last day of the calibration period (YYYY-MM-DD); later purchases are left "
                     "out")
        ->type_name("DATE")
        ->required();
    command->add_option("--model", args->model, "Purchase model: bgnbd, pareto or mbgnbd")
        ->type_name("MODEL")
        ->capture_default_str();
    command
        ->add_option("--horizon", args->horizon,
                     "Horizon of expected purchases and CLV (a duration; whole months are valued)")
        ->type_name("DURATION")
        ->capture_default_str();
    command->add_option("--discount-rate", args->discount_rate, "Discount rate per month (>= 0)")
        ->type_name("RATE")
        ->capture_default_str();
    command->add_option("--period", args->period, "Model time unit: day, week or month")
        ->type_name("PERIOD")
        ->capture_default_str();
    command->add_option("--margin", args->margin, "Margin applied to spend (1: revenue)")
        ->type_name("M")
        ->capture_default_str();
    add_format_option(*command, args->format);
    command->add_flag("--csv", args->csv, "Read CSV with a header row instead of JSON");
    command
        ->add_option("--customer-col", args->customer_col,
                     "CSV column of the customer (default customer_id; implies --csv)")
        ->type_name("COLUMN");
    command
        ->add_option("--date-col", args->date_col,
                     "CSV column of the date: YYYY-MM-DD, YYYYMMDD or RFC 3339 (default date)")
        ->type_name("COLUMN");
    command
        ->add_option("--amount-col", args->amount_col, "CSV column of the amount (default amount)")
        ->type_name("COLUMN");
    command->footer(
        "CLV = sum over months k in the horizon of margin x expected spend x (E[k] - E[k-1]) / "
        "(1 + rate)^k, the first margin at the end of month 1 (Gupta & Lehmann 2003).\n"
        "Exit status: 0 success, 1 a record rejected with --strict, a file that cannot be read "
        "or a model that did not converge, 2 usage error.");
    return {command, [args] { return run_clv(*args); }};
}

}  // namespace cskpi::cli
