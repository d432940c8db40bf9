#pragma once
/// \file
/// What the data commands share: choosing the mapping, checking the input files, reading them
/// with progress, and the account of every record read across several inputs.

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "progress.hpp"

namespace CLI {
class App;
}

namespace cskpi::cli {

/// The options every data command takes: the mapping, strictness, the error list limit.
struct InputOptions {
    std::vector<std::string> files{};  ///< "-" or none: stdin.
    std::string preset{};              ///< --preset NAME.
    std::string mapping_file{};        ///< --mapping FILE.
    bool strict = false;               ///< --strict.
    std::string max_errors = "100";    ///< --max-errors N.
};

/// Adds FILE..., --preset, --mapping, --strict and --max-errors to a subcommand.
void add_input_options(CLI::App& command, InputOptions& options, const std::string& files_help);

/// The mapping the options name: --mapping FILE, --preset NAME, or the preset `fallback`.
/// Throws UsageError for an unknown preset, both options at once or a mapping that does not
/// validate; RunError when the mapping file cannot be read or a preset is not installed.
[[nodiscard]] json::Mapping choose_mapping(const InputOptions& options,
                                           const std::string& fallback = "canonical");

/// One input: a file, or stdin.
struct InputSource {
    std::string name;  ///< The path as given, or "-" for stdin.
    bool is_stdin = false;
    std::uint64_t size = 0;  ///< Bytes, when known (regular files, stdin from a file); else 0.
};

/// The inputs of a command: stdin when `files` is empty; "-" stands for stdin (at most once).
/// Every file is checked up front, so a missing file stops the run before any is read: throws
/// RunError naming the file and the reason ("cannot read x.ndjson: No such file or directory").
[[nodiscard]] std::vector<InputSource> resolve_inputs(const std::vector<std::string>& files);

/// The total size of the inputs, 0 when any size is unknown.
[[nodiscard]] std::uint64_t total_size(const std::vector<InputSource>& inputs);

/// Adds the account of one input to the total of several: counts add up, errors are
/// concatenated up to `max_errors` and `errors_truncated` is set when any were left out.
void merge_summary(InputSummary& total, const InputSummary& part, std::size_t max_errors);

/// The one-line note on rejected records, e.g. "3 of 1000 records rejected (first:
/// calls.ndjson:17: csat: out_of_range: csat = 9 is outside the scale 1..5)"; empty when
/// none were rejected.
[[nodiscard]] std::string rejection_note(const InputSummary& summary);

/// Opens an input as a stream whose bytes are counted into `progress`, and calls `read` with
/// it. Throws RunError when a file cannot be opened or read.
void with_input_stream(const InputSource& input, Progress& progress,
                       const std::function<void(std::istream&)>& read);

/// Builds the ReadOptions of the shared input options. Throws UsageError for a bad
/// --max-errors.
[[nodiscard]] json::ReadOptions read_options(const InputOptions& options);

}  // namespace cskpi::cli
