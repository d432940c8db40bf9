#include "purchase_input.hpp"

#include <fmt/format.h>

#include <utility>

#include "cskpi/json/timestamp.hpp"
#include "errors.hpp"
#include "progress.hpp"

namespace cskpi::cli {

Timestamp parse_date_option(std::string_view option, const std::string& text) {
    auto date = json::parse_date(text);
    if (!date) {
        date = json::parse_rfc3339(text);
    }
    if (!date) {
        throw UsageError(fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD, YYYYMMDD or RFC 3339)",
                                     option, text));
    }
    return *date;
}

clv::TimeUnit parse_model_unit(std::string_view option, const std::string& period) {
    const std::optional<clv::TimeUnit> unit = clv::parse_time_unit(period);
    if (!unit || *unit == clv::TimeUnit::year ||
        (period != "day" && period != "week" && period != "month")) {
        throw UsageError(fmt::format("{}: \"{}\" is not day, week or month", option, period));
    }
    return *unit;
}

std::optional<json::Mapping> purchase_mapping(const InputOptions& input, bool csv) {
    if (csv && (!input.preset.empty() || !input.mapping_file.empty())) {
        throw UsageError("--csv (or a --*-col option) cannot be used with --preset or --mapping");
    }
    if (csv) {
        return std::nullopt;
    }
    std::optional<json::Mapping> mapping = choose_mapping(input, "canonical-purchase");
    if (mapping->kind() != json::RecordKind::purchase) {
        throw UsageError(
            fmt::format("mapping \"{}\" makes interactions; cskpi clv needs purchase records",
                        mapping->name()));
    }
    return mapping;
}

InputSummary read_purchase_inputs(const std::vector<InputSource>& inputs,
                                  const json::ReadOptions& read, const json::Mapping* mapping,
                                  const PurchaseCsvColumns& columns,
                                  const json::PurchaseSink& sink) {
    InputSummary summary;
    Progress progress(total_size(inputs), stderr_is_terminal());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const InputSource& input = inputs[i];
        progress.set_label(input_label(inputs, i));
        const auto counted = [&](Purchase&& purchase) {
            sink(std::move(purchase));
            progress.add_records(1);
        };
        InputSummary part;
        with_input_stream(input, progress, [&](std::istream& in) {
            part = mapping == nullptr
                       ? read_purchases_csv(in, columns, read, counted, input.name)
                       : json::read_purchases(in, *mapping, read, counted, input.name);
        });
        merge_summary(summary, part, read.max_errors);
    }
    return summary;
}

}  // namespace cskpi::cli
