#include "retention_run.hpp"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "cskpi/json/report_json.hpp"
#include "errors.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace cskpi::cli {

InputSummary read_retention_inputs(const std::vector<InputSource>& inputs,
                                   const json::Mapping& mapping, const json::ReadOptions& read,
                                   bool dedupe, RetentionAccumulator& accumulator) {
    if (dedupe) {
        return read_deduplicated(inputs, mapping, read,
                                 [&](Interaction&& r) { accumulator.add(r); });
    }
    return read_each_input(inputs, read.max_errors,
                           [&](std::istream& in, const InputSource& input, Progress& progress) {
                               if (mapping.kind() == json::RecordKind::purchase) {
                                   return json::read_purchases(
                                       in, mapping, read,
                                       [&](Purchase&& purchase) {
                                           accumulator.add(purchase);
                                           progress.add_records(1);
                                       },
                                       input.name);
                               }
                               return json::read_interactions(
                                   in, mapping, read,
                                   [&](Interaction&& interaction) {
                                       accumulator.add(interaction);
                                       progress.add_records(1);
                                   },
                                   input.name);
                           });
}

RetentionReport retention_within_limits(const RetentionAccumulator& accumulator, bool cohorts) {
    try {
        return accumulator.result(cohorts ? CohortTable::include : CohortTable::omit);
    } catch (const RetentionTooLarge& e) {
        const std::string span =
            fmt::format("{} periods {} to {}", to_string(e.period()), e.first(), e.last());
        // Months are the longest period there is.
        const bool monthly = e.period() == Period::month;
        if (e.table() == RetentionTooLarge::Table::cohorts) {
            throw RunError(fmt::format(
                "the cohort table would have {} cohorts and {} cells ({}); the limit is {} "
                "cells: {}leave out --cohorts or filter the input",
                grouped_count(e.periods()), grouped_count(e.cells()), span,
                grouped_count(e.limit()), monthly ? "" : "use a longer --period, "));
        }
        throw RunError(fmt::format(
            "the period table would have {} rows ({}); the limit is {} rows: {}filter the input",
            grouped_count(e.periods()), span, grouped_count(e.limit()),
            monthly ? "" : "use a longer --period or "));
    }
}

nlohmann::ordered_json retention_document(const RetentionReport& report,
                                          const InputSummary& summary) {
    // The account of the records read comes first (as the report's "input"), so rejected
    // records are never lost silently.
    nlohmann::ordered_json document = nlohmann::ordered_json::object();
    document["input"] = input_to_json(summary);
    nlohmann::ordered_json retention = retention_to_json(report);
    for (auto& [key, value] : retention.items()) {
        document[key] = std::move(value);
    }
    return document;
}

}  // namespace cskpi::cli
