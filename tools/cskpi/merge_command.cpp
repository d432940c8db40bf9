// `cskpi merge`: the report of saved states (`report --save-state`, `retention --save-state`),
// merged in the order given, as if one run had read every shard's input.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "cskpi/error.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "output.hpp"
#include "saved_state.hpp"

namespace cskpi::cli {
namespace {

struct MergeArgs {
    std::vector<std::string> files{};
    std::string format = "json";
    bool cohorts = false;
    std::string save_state{};
    std::string max_errors = "100";
    TableArgs table{};
};

// The accumulator of one file, its format errors (and merge refusals) named after the file.
template <typename Step>
decltype(auto) naming_file(const SavedState& file, Step&& step) {
    try {
        return step();
    } catch (const StateFormatError& e) {
        throw RunError(fmt::format("{}: {}", file.name, e.what()));
    } catch (const InvalidArgument& e) {
        throw RunError(fmt::format("{}: cannot be merged with {}: {}", file.name,
                                   "the files before it", e.what()));
    }
}

// Whether two inputs were read with one mapping: the same fields from the same sources (an
// input summary lists them only for inputs that had records).
bool same_mapping(const std::vector<FieldCoverage>& a, const std::vector<FieldCoverage>& b) {
    if (a.empty() || b.empty()) {
        return true;
    }
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const FieldCoverage& x, const FieldCoverage& y) {
                          return x.field == y.field && x.source == y.source;
                      });
}

// The states of `files` merged in order, `first` being the first file's, already read.
template <typename Accumulator>
Accumulator merge_all(SavedState first, const std::vector<std::string>& files,
                      InputSummary& summary, std::size_t max_errors) {
    const auto kind_name = [](SavedKind k) {
        return k == SavedKind::report ? "report" : k == SavedKind::retention ? "retention" : "RFM";
    };
    Accumulator total =
        naming_file(first, [&] { return Accumulator::from_bytes(first.accumulator); });
    merge(summary, first.input, max_errors);
    const SavedKind kind = first.kind;
    const std::string first_name = first.name;
    const std::vector<FieldCoverage> fields = first.input.fields;
    first = {};  // its bytes are no longer needed
    for (std::size_t i = 1; i < files.size(); ++i) {
        const SavedState file = load_state(files[i]);
        if (file.kind != kind) {
            throw RunError(fmt::format("{}: a saved {} state, but {} holds a {} state", file.name,
                                       kind_name(file.kind), first_name, kind_name(kind)));
        }
        if (!same_mapping(file.input.fields, fields)) {
            throw RunError(fmt::format(
                "{}: its records were read with another mapping than those of {} (the fields "
                "map from other sources), so their field coverage does not add up",
                file.name, first_name));
        }
        naming_file(file, [&] { total.merge(Accumulator::from_bytes(file.accumulator)); });
        merge(summary, file.input, max_errors);
    }
    return total;
}

int run_merge(const MergeArgs& args) {
    const OutputFormat format = parse_format("--format", args.format);
    const TableOptions table = parse_table_options(args.table, format);
    const auto max_errors =
        static_cast<std::size_t>(parse_integer("--max-errors", args.max_errors, 0, 1'000'000));
    InputSummary summary;
    SavedState first = load_state(args.files.front());
    if (first.kind == SavedKind::rfm) {
        throw RunError(
            fmt::format("{} holds an RFM summary state (of cskpi.RfmAccumulator), "
                        "not a report or retention state",
                        first.name));
    }
    if (first.kind == SavedKind::report) {
        const ReportAccumulator total = naming_out_of_memory("merging the states", [&] {
            return merge_all<ReportAccumulator>(std::move(first), args.files, summary, max_errors);
        });
        if (!args.save_state.empty()) {
            save_state(args.save_state, total.to_bytes(), summary);
        } else {
            print_report(format, table, total, summary);
        }
    } else {
        if (!(args.table.columns.empty() && args.table.sort.empty() && args.table.top.empty())) {
            throw UsageError(
                fmt::format("{} holds a retention state: --columns, --sort and --top "
                            "shape report tables only",
                            first.name));
        }
        const RetentionAccumulator total = naming_out_of_memory("merging the states", [&] {
            return merge_all<RetentionAccumulator>(std::move(first), args.files, summary,
                                                   max_errors);
        });
        if (!args.save_state.empty()) {
            save_state(args.save_state, total.to_bytes(), summary);
        } else {
            print_retention(format, args.cohorts, total, summary);
        }
    }
    note_input(summary, InputOptions{});
    return exit_success;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
    auto args = std::make_shared<MergeArgs>();
    CLI::App* command = app.add_subcommand(
        "merge", "Merge saved states of report or retention (--save-state) into their report");
    command->add_option("files", args->files, "Saved-state files, all of report or of retention")
        ->type_name("FILE")
        ->required();
    add_format_option(*command, args->format);
    add_table_options(*command, args->table);
    command->add_flag("--cohorts", args->cohorts,
                      "Retention: add the cohort table (with --format csv: print it instead)");
    command
        ->add_option("--save-state", args->save_state,
                     "Write the merged state to FILE (\"-\": stdout) instead of the report")
        ->type_name("FILE");
    command
        ->add_option("--max-errors", args->max_errors,
                     "Rejected records listed in the input account, over all files")
        ->type_name("N")
        ->capture_default_str();
    command->footer(
        "The states keep the options they were made with (--by, --period, --fcr, ...); merging "
        "states made with different options is refused.\n"
        "Exit status: 0 success, 1 a file that cannot be read, is not a saved state or cannot "
        "be merged, 2 usage error.");
    return {command, [args] { return run_merge(*args); }};
}

}  // namespace cskpi::cli
