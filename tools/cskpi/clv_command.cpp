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
#include "duration.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "purchase_csv.hpp"

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

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string csv_number(std::optional<double> value) {
    return value && std::isfinite(*value) ? fmt::format("{}", *value) : std::string{};
}

int run_clv(const ClvArgs& args) {
    // The options, all checked before any input is read.
    if (args.calibration_end.empty()) {
        throw UsageError("--calibration-end is required (a date, e.g. 1997-09-30)");
    }
    auto calibration_end = json::parse_date(args.calibration_end);
    if (!calibration_end) {
        calibration_end = json::parse_rfc3339(args.calibration_end);
    }
    if (!calibration_end) {
        throw UsageError(fmt::format(
            "--calibration-end: \"{}\" is not a date (YYYY-MM-DD, YYYYMMDD or RFC 3339)",
            args.calibration_end));
    }
    if (args.model != "bgnbd" && args.model != "pareto" && args.model != "pareto_nbd" &&
        args.model != "mbgnbd") {
        throw UsageError(fmt::format("--model: \"{}\" is not bgnbd, pareto or mbgnbd", args.model));
    }
    const std::optional<TimeUnit> unit = clv::parse_time_unit(args.period);
    if (!unit || *unit == TimeUnit::year ||
        (args.period != "day" && args.period != "week" && args.period != "month")) {
        throw UsageError(fmt::format("--period: \"{}\" is not day, week or month", args.period));
    }
    const double horizon_seconds = parse_duration_option("--horizon", args.horizon);
    const double horizon_months = horizon_seconds / seconds_per_month;
    if (horizon_months > 1200.0) {
        throw UsageError(fmt::format("--horizon: \"{}\" is longer than 100 years", args.horizon));
    }
    const double discount_rate = parse_number("--discount-rate", args.discount_rate);
    if (discount_rate < 0.0) {
        throw UsageError(fmt::format(
            "--discount-rate: {} is negative (a rate per month, e.g. 0.01)", args.discount_rate));
    }
    const double margin = parse_number("--margin", args.margin);
    const OutputFormat format = parse_format("--format", args.format);
    const json::ReadOptions read = read_options(args.input);
    const bool csv = args.csv || !args.customer_col.empty() || !args.date_col.empty() ||
                     !args.amount_col.empty();
    if (csv && (!args.input.preset.empty() || !args.input.mapping_file.empty())) {
        throw UsageError("--csv (or a --*-col option) cannot be used with --preset or --mapping");
    }
    std::optional<json::Mapping> mapping;
    if (!csv) {
        mapping = choose_mapping(args.input, "canonical-purchase");
        if (mapping->kind() != json::RecordKind::purchase) {
            throw UsageError(
                fmt::format("mapping \"{}\" makes interactions; cskpi clv needs purchase records",
                            mapping->name()));
        }
    }
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
    const std::vector<InputSource> inputs = resolve_inputs(args.input.files);

    // The purchases.
    std::vector<Purchase> purchases;
    InputSummary summary;
    {
        Progress progress(total_size(inputs), stderr_is_terminal());
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const InputSource& input = inputs[i];
            progress.set_label(inputs.size() == 1
                                   ? input.name
                                   : fmt::format("{} ({}/{})", input.name, i + 1, inputs.size()));
            const auto sink = [&](Purchase&& purchase) {
                purchases.push_back(std::move(purchase));
                progress.add_records(1);
            };
            InputSummary part;
            with_input_stream(input, progress, [&](std::istream& in) {
                part = csv ? read_purchases_csv(in, columns, read, sink, input.name)
                           : json::read_purchases(in, *mapping, read, sink, input.name);
            });
            merge_summary(summary, part, read.max_errors);
        }
    }
    require_accepted(summary, inputs,
                     csv ? std::string()
                         : "--csv (with --customer-col, --date-col and --amount-col for other "
                           "column names)");

    // The models.
    const std::vector<clv::CustomerRfm> rows =
        clv::rfm_summary(purchases, {.calibration_end = *calibration_end, .unit = *unit});
    const std::vector<clv::Rfm> rfm = clv::rfm_values(rows);
    PurchaseFit fit = args.model == "bgnbd"    ? fit_model<clv::BgNbd>(rfm)
                      : args.model == "mbgnbd" ? fit_model<clv::MbgNbd>(rfm)
                                               : fit_model<clv::ParetoNbd>(rfm);
    // Gamma-Gamma on the repeat buyers whose mean repeat spend is positive (the model's domain).
    // The others have no expected spend, so no CLV: counted, to be said rather than left blank.
    std::vector<clv::SpendObservation> spend;
    std::size_t no_spend = 0;
    const clv::CustomerRfm* first_no_spend = nullptr;
    for (const clv::CustomerRfm& row : rows) {
        if (row.rfm.frequency > 0 && row.monetary_value > 0.0) {
            spend.push_back({row.rfm.frequency, row.monetary_value});
        } else if (row.rfm.frequency > 0) {
            first_no_spend = no_spend == 0 ? &row : first_no_spend;
            ++no_spend;
        }
    }
    const clv::Fitted<clv::GammaGamma> spend_fit = clv::GammaGamma::fit(spend);

    const clv::ClvOptions clv_options{.model_unit = *unit,
                                      .horizon = horizon_months,
                                      .horizon_unit = TimeUnit::month,
                                      .discount_period = TimeUnit::month,
                                      .discount_rate = discount_rate,
                                      .margin = margin};
    const double horizon_model = clv::convert(horizon_months, TimeUnit::month, *unit);
    std::vector<CustomerValue> values;
    values.reserve(rows.size());
    for (const clv::CustomerRfm& row : rows) {
        CustomerValue value;
        value.row = &row;
        const bool repeat = row.rfm.frequency > 0;
        if (repeat) {
            value.monetary_value = row.monetary_value;
        }
        value.p_alive = fit.model->p_alive(row.rfm);
        value.expected_purchases =
            fit.model->conditional_expected_purchases(horizon_model, row.rfm);
        if (!repeat || row.monetary_value > 0.0) {
            value.expected_spend = spend_fit.model.conditional_expected_spend(
                {row.rfm.frequency, repeat ? row.monetary_value : 0.0});
        }
        if (value.expected_spend && std::isfinite(*value.expected_spend) &&
            *value.expected_spend >= 0.0) {
            value.clv = clv::customer_lifetime_value(*fit.model, row.rfm, *value.expected_spend,
                                                     clv_options);
        }
        values.push_back(value);
    }

    const std::vector<std::string_view> names = fit.model->parameter_names();
    const std::vector<double> parameters = fit.model->parameter_values();
    const std::vector<std::string_view> spend_names = spend_fit.model.parameter_names();
    const std::vector<double> spend_parameters = spend_fit.model.parameter_values();

    switch (format) {
        case OutputFormat::json: {
            ordered_json document = ordered_json::object();
            document["input"] = input_to_json(summary);
            document["options"] = {
                {"calibration_end", json::format_rfc3339(*calibration_end)},
                {"model", std::string(fit.model->name())},
                {"period", args.period},
                {"horizon", args.horizon},
                {"horizon_months", horizon_months},
                {"discount_rate", discount_rate},
                {"discount_period", "month"},
                {"margin", margin},
                {"input_format", csv ? "csv" : "ndjson"},
            };
            document["model"] = std::string(fit.model->name());
            ordered_json params = ordered_json::object();
            ordered_json errors = ordered_json::object();
            for (std::size_t i = 0; i < names.size(); ++i) {
                params[std::string(names[i])] = number(parameters[i]);
                errors[std::string(names[i])] =
                    fit.report.std_errors && i < fit.report.std_errors->size()
                        ? number((*fit.report.std_errors)[i])
                        : ordered_json(nullptr);
            }
            document["params"] = params;
            document["log_likelihood"] = number(fit.report.log_likelihood);
            document["converged"] = fit.report.converged;
            document["std_errors"] = errors;
            ordered_json spend_params = ordered_json::object();
            for (std::size_t i = 0; i < spend_names.size(); ++i) {
                spend_params[std::string(spend_names[i])] = number(spend_parameters[i]);
            }
            document["spend_model"] = {
                {"params", spend_params},
                {"log_likelihood", number(spend_fit.report.log_likelihood)},
                {"converged", spend_fit.report.converged},
                {"customers", spend.size()},
                {"repeat_buyers_without_spend", no_spend},
            };
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
            document["customers"] = std::move(customers);
            write_stdout(dump(document));
            break;
        }
        case OutputFormat::table: {
            std::string text = fmt::format(
                "{} at calibration end {} in {}s; horizon {} ({} months), discount {} a month, "
                "margin {}; {} customers\n\n",
                fit.model->name(), args.calibration_end, args.period, args.horizon, horizon_months,
                discount_rate, margin, rows.size());
            std::vector<std::string> parts;
            for (std::size_t i = 0; i < names.size(); ++i) {
                const std::optional<double> error =
                    fit.report.std_errors && i < fit.report.std_errors->size()
                        ? std::optional<double>((*fit.report.std_errors)[i])
                        : std::nullopt;
                parts.push_back(
                    fmt::format("{} {} (se {})", names[i], cell(parameters[i], 4), cell(error, 4)));
            }
            text += fmt::format("{}: {}; log-likelihood {}; {}\n", fit.model->name(),
                                fmt::join(parts, ", "), cell(fit.report.log_likelihood, 2),
                                fit.report.converged ? "converged" : fit.report.message);
            parts.clear();
            for (std::size_t i = 0; i < spend_names.size(); ++i) {
                parts.push_back(fmt::format("{} {}", spend_names[i], cell(spend_parameters[i], 4)));
            }
            text += fmt::format(
                "gamma-gamma on {} repeat buyers: {}; log-likelihood {}; {}\n\n", spend.size(),
                fmt::join(parts, ", "), cell(spend_fit.report.log_likelihood, 2),
                spend_fit.report.converged ? "converged" : spend_fit.report.message);
            std::size_t width = 11;
            for (const CustomerValue& value : values) {
                width = std::max(width, one_line(value.row->customer_id).size());
            }
            text +=
                fmt::format("{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}\n",
                            "customer_id", width, "frequency", "recency", "T", "monetary_value",
                            "p_alive", "expected_purchases", "expected_spend", "clv");
            for (const CustomerValue& value : values) {
                text += fmt::format(
                    "{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}\n",
                    one_line(value.row->customer_id), width, cell(value.row->rfm.frequency, 0),
                    cell(value.row->rfm.recency, 2), cell(value.row->rfm.T, 2),
                    cell(value.monetary_value, 2), cell(value.p_alive, 4),
                    cell(value.expected_purchases, 4), cell(value.expected_spend, 2),
                    cell(value.clv, 2));
            }
            write_stdout(text);
            break;
        }
        case OutputFormat::csv: {
            std::string text =
                "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
                "expected_spend,clv\n";
            for (const CustomerValue& value : values) {
                text += fmt::format(
                    "{},{},{},{},{},{},{},{},{}\n", csv_field(value.row->customer_id),
                    csv_number(value.row->rfm.frequency), csv_number(value.row->rfm.recency),
                    csv_number(value.row->rfm.T), csv_number(value.monetary_value),
                    csv_number(value.p_alive), csv_number(value.expected_purchases),
                    csv_number(value.expected_spend), csv_number(value.clv));
            }
            write_stdout(text);
            break;
        }
    }
    note_input(summary, args.input);
    if (no_spend > 0) {
        note(fmt::format(
            "{} repeat {} with repeat purchases totalling 0 or less (first: \"{}\") {} no "
            "expected_spend and no clv: Gamma-Gamma needs a positive mean repeat spend",
            no_spend, no_spend == 1 ? "buyer" : "buyers", first_no_spend->customer_id,
            no_spend == 1 ? "has" : "have"));
    }
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
