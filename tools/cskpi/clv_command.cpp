// `cskpi clv`: RFM summary of purchases, a purchase-count model (BG/NBD, Pareto/NBD or
// MBG/NBD) and the Gamma-Gamma spend model fitted by maximum likelihood, and each customer's
// P(alive), expected purchases, expected spend and discounted CLV over a horizon.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <queue>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "clv_html.hpp"
#include "commands.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/holdout.hpp"
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
    std::string holdout_end{};
    std::string top{};
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

// The customers' (frequency, recency, T) triples, each once, with how many customers share
// it: with daily or weekly units most customers share a triple, so the fits evaluate a few
// hundred thousand terms for millions of customers, in an order that does not depend on the
// input's.
struct DistinctRfm {
    std::vector<clv::Rfm> rfm;
    std::vector<double> weights;
};

template <typename Model>
PurchaseFit fit_model(const DistinctRfm& data) {
    auto fitted = Model::fit(data.rfm, {.weights = data.weights});
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
    const clv::CustomerRfm* row = nullptr;  // valid while the row is visited
    std::optional<double> monetary_value{};
    double p_alive = 0.0;
    double expected_purchases = 0.0;
    std::optional<double> expected_spend{};
    std::optional<double> clv{};
    std::optional<double> holdout_purchases{};  // with --holdout-end only
    std::optional<double> holdout_expected{};
};

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
    std::optional<Timestamp> holdout_end{};
    double holdout_duration = 0.0;  // in `unit`, with holdout_end
    std::optional<std::size_t> top{};
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

// The holdout must hold at least a day: the library's rule, said in the options' terms.
double parse_holdout_duration(const ClvArgs& args, const ClvSettings& settings) {
    try {
        return clv::holdout_duration({.calibration_end = settings.calibration_end,
                                      .unit = settings.unit,
                                      .holdout_end = settings.holdout_end});
    } catch (const InvalidArgument&) {
        throw UsageError(fmt::format(
            "--holdout-end: {} is not after --calibration-end {} (the holdout is the days after "
            "the calibration end's)",
            args.holdout_end, args.calibration_end));
    }
}

void check_holdout(const ClvArgs& args, ClvSettings& settings) {
    if (args.holdout_end.empty()) {
        return;
    }
    settings.holdout_end = parse_date_option("--holdout-end", args.holdout_end);
    settings.holdout_duration = parse_holdout_duration(args, settings);
}

std::optional<std::size_t> parse_top(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(parse_integer("--top", text, 0, 1'000'000'000));
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
    check_holdout(args, settings);
    settings.top = parse_top(args.top);
    settings.horizon_months = parse_horizon_months(args.horizon);
    settings.discount_rate = parse_discount_rate(args.discount_rate);
    settings.margin = parse_number("--margin", args.margin);
    settings.format = parse_format("--format", args.format);
    if (settings.format == OutputFormat::html && !settings.top) {
        settings.top = html_top_customers;  // the page lists the top customers and totals
    }
    settings.read = read_options(args.input);
    settings.csv = reads_csv(args);
    settings.mapping = purchase_mapping(args.input, settings.csv);
    settings.columns = csv_columns(args);
    settings.inputs = resolve_inputs(args.input.files);
    return settings;
}

// The purchases summarised as they are read: what is held is each customer's summary, not
// the purchases.
struct PurchasesRead {
    clv::RfmAccumulator rfm;
    InputSummary summary;
};

PurchasesRead read_purchases(const ClvSettings& settings) {
    PurchasesRead read{.rfm = clv::RfmAccumulator({.calibration_end = settings.calibration_end,
                                                   .unit = settings.unit,
                                                   .holdout_end = settings.holdout_end}),
                       .summary = {}};
    read.summary = read_purchase_inputs(
        settings.inputs, settings.read, settings.mapping ? &*settings.mapping : nullptr,
        settings.columns, [&](Purchase&& purchase) { read.rfm.add(purchase); });
    return read;
}

PurchaseFit fit_purchase_model(const std::string& model, const DistinctRfm& rfm) {
    return model == "bgnbd"    ? fit_model<clv::BgNbd>(rfm)
           : model == "mbgnbd" ? fit_model<clv::MbgNbd>(rfm)
                               : fit_model<clv::ParetoNbd>(rfm);
}

// Gamma-Gamma is fitted to the repeat buyers whose mean repeat spend is positive (the model's
// domain). The other repeat buyers have no expected spend, so no CLV: they are counted, to be
// said rather than left blank.
// The distinct (x, mean spend) pairs are fitted, each weighted by its customers, as the
// purchase model's triples are.
struct SpendData {
    std::vector<clv::SpendObservation> observations;
    std::vector<double> weights;
    std::size_t customers = 0;
    std::size_t without_spend = 0;
    std::string first_without_spend{};
};

// Each distinct item once, with how many times it came. Items are appended and, when the
// vector is full, sorted and counted in place before it grows: what is held stays within
// about 1.5 times the distinct items, not the customers.
template <typename T, typename Less>
class DistinctCounter {
  public:
    explicit DistinctCounter(Less less) : less_(less) {}

    void add(const T& item) {
        if (entries_.size() == entries_.capacity() && entries_.size() >= 1024) {
            compact();
            // Half again, not double, when compacting freed less than a quarter: the entries
            // held stay within about 1.5 times the distinct items.
            if (entries_.size() > entries_.capacity() / 4 * 3) {
                entries_.reserve(entries_.capacity() + entries_.capacity() / 2);
            }
        }
        entries_.push_back({item, 1.0});
    }

    // The distinct items in ascending order, and their counts.
    std::pair<std::vector<T>, std::vector<double>> finish() && {
        compact();
        std::pair<std::vector<T>, std::vector<double>> out;
        out.first.reserve(entries_.size());
        out.second.reserve(entries_.size());
        for (const auto& [item, count] : entries_) {
            out.first.push_back(item);
            out.second.push_back(count);
        }
        return out;
    }

  private:
    void compact() {
        std::sort(entries_.begin(), entries_.end(),
                  [&](const auto& l, const auto& r) { return less_(l.first, r.first); });
        std::size_t kept = 0;
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (kept > 0 && !less_(entries_[kept - 1].first, entries_[i].first)) {
                entries_[kept - 1].second += entries_[i].second;
            } else {
                entries_[kept++] = entries_[i];
            }
        }
        entries_.resize(kept);
    }

    Less less_;
    std::vector<std::pair<T, double>> entries_;
};

// The purchase model's distinct triples, a pass over the customers.
DistinctRfm purchase_data(const clv::RfmAccumulator& acc) {
    const auto rfm_less = [](const clv::Rfm& l, const clv::Rfm& r) {
        return std::tie(l.frequency, l.recency, l.T) < std::tie(r.frequency, r.recency, r.T);
    };
    DistinctCounter<clv::Rfm, decltype(rfm_less)> triples(rfm_less);
    acc.for_each_row([&](const clv::CustomerRfm& row) { triples.add(row.rfm); });
    DistinctRfm rfm;
    std::tie(rfm.rfm, rfm.weights) = std::move(triples).finish();
    return rfm;
}

// The spend model's distinct pairs, another pass, made once the purchase model is fitted and
// its data released: only one model's data is held at a time.
SpendData spend_data(const clv::RfmAccumulator& acc) {
    const auto spend_less = [](const clv::SpendObservation& l, const clv::SpendObservation& r) {
        return std::tie(l.frequency, l.monetary_value) < std::tie(r.frequency, r.monetary_value);
    };
    SpendData spend;
    DistinctCounter<clv::SpendObservation, decltype(spend_less)> pairs(spend_less);
    acc.for_each_row([&](const clv::CustomerRfm& row) {
        if (row.rfm.frequency > 0 && row.monetary_value > 0.0) {
            pairs.add({row.rfm.frequency, row.monetary_value});
            ++spend.customers;
        } else if (row.rfm.frequency > 0) {
            if (spend.without_spend == 0) {
                spend.first_without_spend = row.customer_id;
            }
            ++spend.without_spend;
        }
    });
    std::tie(spend.observations, spend.weights) = std::move(pairs).finish();
    return spend;
}

// The fitted models and what valuing a customer with them takes.
struct Valuation {
    const clv::PurchaseModel& purchases;
    const clv::GammaGamma& spend;
    double horizon_in_model_unit;
    clv::ClvOptions options;
    const clv::HoldoutTally* holdout = nullptr;  // with --holdout-end
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
    if (valuation.holdout != nullptr) {
        value.holdout_purchases = row.holdout_frequency;
        value.holdout_expected = valuation.holdout->expected(row);
    }
    return value;
}

// The totals over every customer that --top adds.
struct Totals {
    std::size_t customers = 0;
    std::size_t with_clv = 0;
    double clv_sum = 0.0;
    double p_alive_sum = 0.0;
    std::size_t likely_alive = 0;  // P(alive) > 0.5
    double expected_purchases_sum = 0.0;
    // For the HTML page: customers by P(alive), and the largest x and T seen.
    std::vector<std::uint64_t> p_alive_bins = std::vector<std::uint64_t>(p_alive_bins_count, 0);
    double max_frequency = 0.0;
    double max_T = 0.0;
};

// A candidate of the top list: its row is copied, as rows live only while visited.
struct Ranked {
    std::optional<double> clv;
    clv::CustomerRfm row;
};

// Higher CLV first; customers without a CLV after those with one; then by id, so the list is
// the same whatever the input order.
bool ranks_higher(const Ranked& l, const Ranked& r) {
    const bool lv = l.clv && std::isfinite(*l.clv);
    const bool rv = r.clv && std::isfinite(*r.clv);
    if (lv != rv) {
        return lv;
    }
    if (lv && *l.clv != *r.clv) {
        return *l.clv > *r.clv;
    }
    return l.row.customer_id < r.row.customer_id;
}

// The N best customers seen so far: a heap whose top is the lowest ranked, so that memory
// stays at N rows for any number of customers.
class TopList {
  public:
    explicit TopList(std::size_t size) : size_(size) {}

    void offer(const CustomerValue& value) {
        if (size_ == 0) {
            return;
        }
        Ranked candidate{value.clv, *value.row};
        if (heap_.size() == size_) {
            if (!ranks_higher(candidate, heap_.top())) {
                return;
            }
            heap_.pop();
        }
        heap_.push(std::move(candidate));
    }

    // The rows, best first.
    std::vector<clv::CustomerRfm> finish() && {
        std::vector<clv::CustomerRfm> rows(heap_.size());
        for (std::size_t i = rows.size(); i > 0; --i) {
            rows[i - 1] = heap_.top().row;
            heap_.pop();
        }
        return rows;
    }

  private:
    struct Lower {
        bool operator()(const Ranked& l, const Ranked& r) const { return ranks_higher(l, r); }
    };
    std::size_t size_;
    std::priority_queue<Ranked, std::vector<Ranked>, Lower> heap_;
};

// What --top and --holdout-end add, from a pass over the customers before any is written.
struct Extras {
    std::optional<Totals> totals{};
    std::optional<std::vector<clv::CustomerRfm>> top{};  // the customers listed, best first
    std::optional<clv::HoldoutComparison> holdout{};
    std::size_t first_seen_in_holdout = 0;
};

std::optional<double> p_alive_mean(const Totals& totals) {
    if (totals.customers == 0) {
        return std::nullopt;
    }
    return totals.p_alive_sum / static_cast<double>(totals.customers);
}

void add_to_totals(Totals& totals, const CustomerValue& value) {
    ++totals.customers;
    if (value.clv && std::isfinite(*value.clv)) {
        ++totals.with_clv;
        totals.clv_sum += *value.clv;
    }
    totals.p_alive_sum += value.p_alive;
    totals.likely_alive += value.p_alive > 0.5 ? 1 : 0;
    totals.expected_purchases_sum += value.expected_purchases;
    const double bin =
        std::floor(std::clamp(value.p_alive, 0.0, 1.0) * static_cast<double>(p_alive_bins_count));
    ++totals.p_alive_bins[std::min(static_cast<std::size_t>(bin), p_alive_bins_count - 1)];
    totals.max_frequency = std::max(totals.max_frequency, value.row->rfm.frequency);
    totals.max_T = std::max(totals.max_T, value.row->rfm.T);
}

Extras tally_extras(const ClvSettings& settings, const clv::RfmAccumulator& acc,
                    const Valuation& valuation, clv::HoldoutTally* holdout) {
    Extras extras;
    if (!settings.top && holdout == nullptr) {
        return extras;
    }
    TopList top(settings.top.value_or(0));
    Totals totals;
    std::size_t rows = 0;
    acc.for_each_row([&](const clv::CustomerRfm& row) {
        ++rows;
        if (holdout != nullptr) {
            holdout->add(row);
        }
        if (settings.top) {
            const CustomerValue value = value_customer(row, valuation);
            add_to_totals(totals, value);
            top.offer(value);
        }
    });
    if (settings.top) {
        extras.totals = totals;
        extras.top = std::move(top).finish();
    }
    if (holdout != nullptr) {
        extras.holdout = holdout->result();
        // Held by the accumulator but without a calibration row: first seen in the holdout.
        extras.first_seen_in_holdout = acc.customers() - rows;
    }
    return extras;
}

// What the output shows; each customer is valued as it is written, so no list of a million
// results is held.
struct ClvReport {
    const ClvArgs& args;
    const ClvSettings& settings;
    const InputSummary& summary;
    const PurchaseFit& fit;
    const SpendData& spend;
    const clv::Fitted<clv::GammaGamma>& spend_fit;
    const clv::RfmAccumulator& rfm;
    const Valuation& valuation;
    const Extras& extras;

    // Calls `visit` with each customer listed: all in customer order, or the --top ones best
    // first.
    template <typename Visit>
    void for_each_row(Visit visit) const {
        if (extras.top) {
            for (const clv::CustomerRfm& row : *extras.top) {
                visit(row);
            }
            return;
        }
        rfm.for_each_row(visit);
    }

    // Calls `visit` with the value of each customer listed, in the order of for_each_row.
    template <typename Visit>
    void for_each_value(Visit visit) const {
        for_each_row([&](const clv::CustomerRfm& row) { visit(value_customer(row, valuation)); });
    }
};

// Output written in pieces of about a megabyte.
class Chunks {
  public:
    Chunks() { text_.reserve(kSize + 4096); }
    std::string& text() { return text_; }
    void maybe_flush() {
        if (text_.size() >= kSize) {
            flush();
        }
    }
    void flush() {
        write_stdout(text_);
        text_.clear();
    }

  private:
    static constexpr std::size_t kSize = std::size_t{1} << 20;
    std::string text_;
};

// A parameter's standard error, when the fit has one.
std::optional<double> standard_error(const clv::FitReport& report, std::size_t i) {
    if (report.std_errors && i < report.std_errors->size()) {
        return (*report.std_errors)[i];
    }
    return std::nullopt;
}

ordered_json options_json(const ClvReport& r) {
    ordered_json options = {
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
    // Only when asked for: the output of the other options stays as it was.
    if (r.settings.holdout_end) {
        options["holdout_end"] = json::format_rfc3339(*r.settings.holdout_end);
    }
    if (r.settings.top) {
        options["top"] = *r.settings.top;
    }
    return options;
}

ordered_json totals_json(const Totals& totals) {
    return {
        {"customers", totals.customers},
        {"customers_with_clv", totals.with_clv},
        {"clv_sum", number(totals.clv_sum)},
        {"p_alive_mean", number(p_alive_mean(totals))},
        {"likely_alive", totals.likely_alive},
        {"expected_purchases_sum", number(totals.expected_purchases_sum)},
    };
}

ordered_json holdout_group_json(const clv::HoldoutGroup& group) {
    return {
        {"calibration_frequency", group.calibration_frequency},
        {"and_more", group.and_more},
        {"customers", group.customers},
        {"actual_sum", number(group.actual_sum)},
        {"actual_mean", number(group.actual_mean)},
        {"expected_sum", number(group.expected_sum)},
        {"expected_mean", number(group.expected_mean)},
    };
}

ordered_json holdout_json(const ClvReport& r) {
    const clv::HoldoutComparison& c = *r.extras.holdout;
    ordered_json groups = ordered_json::array();
    for (const clv::HoldoutGroup& group : c.groups) {
        groups.push_back(holdout_group_json(group));
    }
    return {
        {"holdout_end", json::format_rfc3339(*r.settings.holdout_end)},
        {"duration", number(c.duration)},
        {"customers", c.customers},
        {"customers_first_seen_in_holdout", r.extras.first_seen_in_holdout},
        {"actual_purchases", number(c.actual_sum)},
        {"expected_purchases", number(c.expected_sum)},
        {"mean_absolute_error", number(c.mean_absolute_error)},
        {"aggregate_error", number(c.aggregate_error)},
        {"relative_aggregate_error", number(c.relative_aggregate_error)},
        {"by_calibration_frequency", groups},
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
        {"customers", r.spend.customers},
        {"repeat_buyers_without_spend", r.spend.without_spend},
    };
}

ordered_json customer_json(const CustomerValue& value) {
    ordered_json item = {
        {"customer_id", value.row->customer_id},
        {"frequency", number(value.row->rfm.frequency)},
        {"recency", number(value.row->rfm.recency)},
        {"T", number(value.row->rfm.T)},
        {"monetary_value", number(value.monetary_value)},
        {"p_alive", number(value.p_alive)},
        {"expected_purchases", number(value.expected_purchases)},
        {"expected_spend", number(value.expected_spend)},
        {"clv", number(value.clv)},
    };
    if (value.holdout_expected) {
        item["holdout_purchases"] = number(value.holdout_purchases);
        item["holdout_expected_purchases"] = number(value.holdout_expected);
    }
    return item;
}

void write_json(const ClvReport& r) {
    ordered_json document = ordered_json::object();
    document["input"] = input_to_json(r.summary);
    document["options"] = options_json(r);
    add_purchase_model_json(document, r.fit);
    document["spend_model"] = spend_model_json(r);
    if (r.extras.totals) {
        document["totals"] = totals_json(*r.extras.totals);
    }
    if (r.extras.holdout) {
        document["holdout"] = holdout_json(r);
    }
    std::string head = dump(document);
    head.resize(head.size() - 3);  // "\n}\n": the customers come last
    Chunks out;
    out.text() = head + ",\n  \"customers\": [";
    bool first = true;
    r.for_each_value([&](const CustomerValue& value) {
        // An object at the depth of the document's other arrays' items.
        const std::string item = customer_json(value).dump(
            2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        out.text() += first ? "\n    " : ",\n    ";
        for (const char c : item) {
            out.text() += c;
            if (c == '\n') {
                out.text() += "    ";
            }
        }
        first = false;
        out.maybe_flush();
    });
    out.text() += first ? "]\n}\n" : "\n  ]\n}\n";
    out.flush();
}

std::string table_heading(const ClvReport& r, std::size_t customers) {
    return fmt::format(
        "{} at calibration end {} in {}s; horizon {} ({} months), discount {} a month, "
        "margin {}; {} customers\n\n",
        r.fit.model->name(), r.args.calibration_end, r.args.period, r.args.horizon,
        r.settings.horizon_months, r.settings.discount_rate, r.settings.margin, customers);
}

std::string purchase_fit_line(const PurchaseFit& fit) {
    const std::vector<std::string_view> names = fit.model->parameter_names();
    const std::vector<double> parameters = fit.model->parameter_values();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        parts.push_back(fmt::format("{} {} (se {})", names[i], table_number(parameters[i], 4),
                                    table_number(standard_error(fit.report, i), 4)));
    }
    return fmt::format("{}: {}; log-likelihood {}; {}\n", fit.model->name(), fmt::join(parts, ", "),
                       table_number(fit.report.log_likelihood, 2),
                       fit.report.converged ? "converged" : fit.report.message);
}

std::string spend_fit_line(const ClvReport& r) {
    const std::vector<std::string_view> names = r.spend_fit.model.parameter_names();
    const std::vector<double> parameters = r.spend_fit.model.parameter_values();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < names.size(); ++i) {
        parts.push_back(fmt::format("{} {}", names[i], table_number(parameters[i], 4)));
    }
    return fmt::format("gamma-gamma on {} repeat buyers: {}; log-likelihood {}; {}\n\n",
                       r.spend.customers, fmt::join(parts, ", "),
                       table_number(r.spend_fit.report.log_likelihood, 2),
                       r.spend_fit.report.converged ? "converged" : r.spend_fit.report.message);
}

std::string totals_line(const ClvReport& r) {
    if (!r.extras.totals) {
        return {};
    }
    const Totals& t = *r.extras.totals;
    return fmt::format(
        "totals over {} customers: CLV sum {} ({} with a CLV), mean P(alive) {}, {} more likely "
        "alive than not, expected purchases {}; the top {} by CLV:\n\n",
        t.customers, table_number(t.clv_sum, 2), t.with_clv, table_number(p_alive_mean(t), 4),
        t.likely_alive, table_number(t.expected_purchases_sum, 2),
        r.extras.top ? r.extras.top->size() : 0);
}

std::string table_columns(std::size_t width, bool holdout) {
    return fmt::format(
        "{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}{}\n", "customer_id",
        width, "frequency", "recency", "T", "monetary_value", "p_alive", "expected_purchases",
        "expected_spend", "clv",
        holdout ? fmt::format("  {:>17}  {:>16}", "holdout_purchases", "holdout_expected")
                : std::string());
}

std::string table_line(const CustomerValue& value, std::size_t width) {
    return fmt::format(
        "{:<{}}  {:>9}  {:>9}  {:>9}  {:>14}  {:>7}  {:>18}  {:>14}  {:>10}{}\n",
        one_line(value.row->customer_id), width, table_number(value.row->rfm.frequency, 0),
        table_number(value.row->rfm.recency, 2), table_number(value.row->rfm.T, 2),
        table_number(value.monetary_value, 2), table_number(value.p_alive, 4),
        table_number(value.expected_purchases, 4), table_number(value.expected_spend, 2),
        table_number(value.clv, 2),
        value.holdout_expected
            ? fmt::format("  {:>17}  {:>16}", table_number(value.holdout_purchases, 0),
                          table_number(value.holdout_expected, 4))
            : std::string());
}

// The holdout check under the customers: one line per calibration frequency, then the errors.
std::string holdout_table(const ClvReport& r) {
    const clv::HoldoutComparison& c = *r.extras.holdout;
    std::string out = fmt::format(
        "\nholdout to {} ({} {}s): {} customers compared, {} first seen in the holdout not "
        "compared\n\n{:>21}  {:>9}  {:>11}  {:>13}  {:>10}  {:>12}\n",
        r.args.holdout_end, table_number(c.duration, 2), r.args.period, c.customers,
        r.extras.first_seen_in_holdout, "calibration_frequency", "customers", "actual_mean",
        "expected_mean", "actual_sum", "expected_sum");
    for (const clv::HoldoutGroup& g : c.groups) {
        out += fmt::format("{:>21}  {:>9}  {:>11}  {:>13}  {:>10}  {:>12}\n",
                           fmt::format("{}{}", g.calibration_frequency, g.and_more ? "+" : ""),
                           g.customers, table_number(g.actual_mean, 4),
                           table_number(g.expected_mean, 4), table_number(g.actual_sum, 0),
                           table_number(g.expected_sum, 2));
    }
    const std::optional<double> percent = c.relative_aggregate_error
                                              ? std::optional(*c.relative_aggregate_error * 100.0)
                                              : std::nullopt;
    out += fmt::format(
        "\nmean absolute error {} purchases a customer; aggregate error {} ({}%): {} expected, "
        "{} actual\n",
        table_number(c.mean_absolute_error, 4), table_number(c.aggregate_error, 2),
        table_number(percent, 2), table_number(c.expected_sum, 2), table_number(c.actual_sum, 0));
    return out;
}

void write_table(const ClvReport& r) {
    // The id column is as wide as the longest id: a first pass finds it.
    std::size_t width = 11;
    std::size_t customers = 0;
    const auto widen = [&](const clv::CustomerRfm& row) {
        width = std::max(width, one_line(row.customer_id).size());
    };
    r.rfm.for_each_row([&](const clv::CustomerRfm& row) {
        ++customers;
        if (!r.extras.top) {
            widen(row);
        }
    });
    if (r.extras.top) {
        r.for_each_row(widen);
    }
    Chunks out;
    out.text() = table_heading(r, customers) + purchase_fit_line(r.fit) + spend_fit_line(r) +
                 totals_line(r) + table_columns(width, r.extras.holdout.has_value());
    r.for_each_value([&](const CustomerValue& value) {
        out.text() += table_line(value, width);
        out.maybe_flush();
    });
    if (r.extras.holdout) {
        out.text() += holdout_table(r);
    }
    out.flush();
}

void write_csv(const ClvReport& r) {
    const bool holdout = r.extras.holdout.has_value();
    Chunks out;
    out.text() =
        "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
        "expected_spend,clv";
    out.text() += holdout ? ",holdout_purchases,holdout_expected_purchases\n" : "\n";
    r.for_each_value([&](const CustomerValue& value) {
        out.text() +=
            fmt::format("{},{},{},{},{},{},{},{},{}", csv_field(value.row->customer_id),
                        csv_number(value.row->rfm.frequency), csv_number(value.row->rfm.recency),
                        csv_number(value.row->rfm.T), csv_number(value.monetary_value),
                        csv_number(value.p_alive), csv_number(value.expected_purchases),
                        csv_number(value.expected_spend), csv_number(value.clv));
        out.text() += holdout ? fmt::format(",{},{}\n", csv_number(value.holdout_purchases),
                                            csv_number(value.holdout_expected))
                              : "\n";
        out.maybe_flush();
    });
    out.flush();
}

// At most `count` values from 0 to `high`, evenly spaced and rounded to whole units.
std::vector<double> spread(double high, std::size_t count) {
    std::vector<double> values;
    const double step = std::max(1.0, std::ceil(high / static_cast<double>(count - 1)));
    for (double v = 0.0; v <= high + step / 2 && values.size() < count; v += step) {
        values.push_back(std::min(v, high));
    }
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

// The model's expected purchases over the horizon on a grid of frequency and recency, for the
// longest T observed (lifetimes' plot_frequency_recency_matrix).
FrequencyRecencyMatrix frequency_recency_matrix(const ClvReport& r, const Totals& totals) {
    FrequencyRecencyMatrix m{totals.max_T,
                             spread(totals.max_frequency, matrix_size),
                             spread(totals.max_T, matrix_size),
                             {}};
    for (const double x : m.frequencies) {
        std::vector<std::optional<double>> row;
        for (const double t_x : m.recencies) {
            if (x == 0.0 && t_x > 0.0) {
                row.emplace_back();  // no such history: a customer without repeats has t_x 0
                continue;
            }
            const double e = r.fit.model->conditional_expected_purchases(
                r.valuation.horizon_in_model_unit, {x, t_x, m.T});
            row.push_back(std::isfinite(e) ? std::optional<double>(e) : std::nullopt);
        }
        m.expected.push_back(std::move(row));
    }
    return m;
}

void write_html(const ClvReport& r) {
    const Totals& totals = *r.extras.totals;  // the page always asks for them (check_options)
    ClvPage page;
    page.model = std::string(r.fit.model->name());
    const std::vector<std::string_view> names = r.fit.model->parameter_names();
    const std::vector<double> values = r.fit.model->parameter_values();
    for (std::size_t i = 0; i < names.size(); ++i) {
        page.params.emplace_back(std::string(names[i]), values[i]);
    }
    page.log_likelihood = r.fit.report.log_likelihood;
    const ordered_json options = options_json(r);
    for (const auto& [key, value] : options.items()) {
        page.options.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
    }
    page.unit = r.args.period;
    page.customers = totals.customers;
    page.clv_sum = totals.clv_sum;
    page.customers_with_clv = totals.with_clv;
    page.p_alive_sum = totals.p_alive_sum;
    page.likely_alive = totals.likely_alive;
    page.p_alive_histogram = totals.p_alive_bins;
    if (totals.customers > 0) {
        page.matrix = frequency_recency_matrix(r, totals);
    }
    r.for_each_value([&](const CustomerValue& v) {
        page.top.push_back({v.row->customer_id, v.row->rfm.frequency, v.row->rfm.recency,
                            v.row->rfm.T, v.monetary_value, v.p_alive, v.expected_purchases,
                            v.clv});
    });
    page.holdout = r.extras.holdout;
    write_stdout(clv_to_html(page));
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
            write_csv(r);
            break;
        case OutputFormat::html:
            write_html(r);
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
                    count, count == 1 ? "buyer" : "buyers", spend.first_without_spend,
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
    PurchasesRead read = read_purchases(settings);
    read.rfm.shrink_to_fit();
    require_accepted(read.summary, settings.inputs,
                     settings.csv ? std::string()
                                  : "--csv (with --customer-col, --date-col and --amount-col for "
                                    "other column names)");

    DistinctRfm rfm = purchase_data(read.rfm);
    const PurchaseFit fit = fit_purchase_model(args.model, rfm);
    rfm = {};  // the fits' data is not needed while the customers are valued
    SpendData spend = spend_data(read.rfm);
    const clv::Fitted<clv::GammaGamma> spend_fit =
        clv::GammaGamma::fit(spend.observations, {.weights = spend.weights});
    spend.observations = {};
    spend.weights = {};
    Valuation valuation{.purchases = *fit.model,
                        .spend = spend_fit.model,
                        .horizon_in_model_unit =
                            clv::convert(settings.horizon_months, TimeUnit::month, settings.unit),
                        .options = {.model_unit = settings.unit,
                                    .horizon = settings.horizon_months,
                                    .horizon_unit = TimeUnit::month,
                                    .discount_period = TimeUnit::month,
                                    .discount_rate = settings.discount_rate,
                                    .margin = settings.margin}};

    std::optional<clv::HoldoutTally> holdout;
    if (settings.holdout_end) {
        holdout.emplace(*fit.model, clv::HoldoutOptions{.duration = settings.holdout_duration});
        valuation.holdout = &*holdout;
    }
    const Extras extras =
        tally_extras(settings, read.rfm, valuation, holdout ? &*holdout : nullptr);
    write_report(
        {args, settings, read.summary, fit, spend, spend_fit, read.rfm, valuation, extras});
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
    command
        ->add_option("--holdout-end", args->holdout_end,
                     "Check the model on the days after the calibration end up to DATE: actual "
                     "against expected repeat purchases")
        ->type_name("DATE");
    command
        ->add_option("--top", args->top,
                     "List only the N customers of highest CLV, highest first, with totals over "
                     "all")
        ->type_name("N");
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
