#pragma once
/// \file
/// What the data commands share: choosing the mapping, checking the input files, reading them
/// with progress, and the account of every record read across several inputs.

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
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
    /// A mapping's JSON text given in memory (the Python package's mapping= dict), used
    /// instead of a file.
    std::string mapping_document{};
    bool strict = false;             ///< --strict.
    std::string max_errors = "100";  ///< --max-errors N.
    /// --input-format csv, ndjson, json or auto; "" (commands without the option): JSON.
    std::string input_format{};
    /// --dedupe: canonical records with the same id are counted once (the later copy).
    bool dedupe = false;
};

/// Adds FILE..., --preset, --mapping, --strict and --max-errors to a subcommand.
void add_input_options(CLI::App& command, InputOptions& options, const std::string& files_help);

/// Adds --input-format (csv, ndjson, json or auto, the default) to a subcommand that reads
/// interaction or purchase records through a mapping.
void add_input_format_option(CLI::App& command, InputOptions& options);

/// Adds --dedupe (canonical interactions with the same id are reduced to one) to a
/// subcommand that reads interaction records.
void add_dedupe_option(CLI::App& command, InputOptions& options);

/// The mapping the options name: --mapping FILE, --preset NAME, or the preset `fallback`.
/// Throws UsageError for an unknown preset, both options at once or a mapping that does not
/// validate; RunError when the mapping file cannot be read or a preset is not installed.
[[nodiscard]] json::Mapping choose_mapping(const InputOptions& options,
                                           const std::string& fallback = "canonical");

class OpenInput;

/// One input, a file or stdin, opened exactly once by resolve_inputs: a pipe, a FIFO or a
/// process substitution can be read only once, so nothing else opens it again.
struct InputSource {
    std::string name;  ///< The path as given, or "-" for stdin.
    bool is_stdin = false;
    /// A regular file (stdin too, when redirected from one): it can be sized, split across
    /// threads and opened again at an offset. Anything else is read once, as a stream.
    bool regular = false;
    std::uint64_t size = 0;             ///< Bytes, when known (regular files); else 0.
    std::shared_ptr<OpenInput> handle;  ///< The open file; shared by copies of the source.
};

/// The inputs of a command: stdin when `files` is empty; "-" stands for stdin (at most once).
/// Every file is opened up front, so a missing file stops the run before any is read: throws
/// RunError naming the file and the reason ("cannot read x.ndjson: No such file or directory").
[[nodiscard]] std::vector<InputSource> resolve_inputs(const std::vector<std::string>& files);

/// The total size of the inputs, 0 when any size is unknown.
[[nodiscard]] std::uint64_t total_size(const std::vector<InputSource>& inputs);

/// Adds the account of one input to the total of several: counts add up, errors are
/// concatenated up to `max_errors` and `errors_truncated` is set when any were left out.
void merge_summary(InputSummary& total, const InputSummary& part, std::size_t max_errors);

/// A warning for each optional mapped field found in under 1% of the accepted records, e.g.
/// "agent_id: mapped from /agent_name, found in 0 of 8 records": a pointer that matches
/// nothing is otherwise silent (every contact lands under an empty agent).
[[nodiscard]] std::vector<std::string> coverage_notes(const InputSummary& summary);

/// The one-line note on rejected records, e.g. "3 of 1000 records rejected (first:
/// calls.ndjson:17: csat: out_of_range: csat = 9 is outside the scale 1..5)"; empty when
/// none were rejected.
[[nodiscard]] std::string rejection_note(const InputSummary& summary);

/// Calls `read` with a stream over an input's open file whose bytes are counted into
/// `progress`. Throws RunError when the file cannot be read (naming it and the system's
/// reason).
void with_input_stream(const InputSource& input, Progress& progress,
                       const std::function<void(std::istream&)>& read);

/// The progress label of input `i` of `inputs`: its name, and "(2/3)" after it when there
/// are several.
///
/// Example: `progress.set_label(input_label(inputs, i));`
[[nodiscard]] std::string input_label(const std::vector<InputSource>& inputs, std::size_t i);

/// Reads every input in turn, with a progress bar on stderr that counts their bytes:
/// `read_one` reads one input's stream (adding its records to the progress) and returns its
/// account; the accounts are merged as merge_summary does.
///
/// Example: `read_each_input(inputs, 100, [&](std::istream& in, const InputSource& input,
/// Progress& progress) { return json::read_interactions(in, mapping, {}, sink, input.name); });`
[[nodiscard]] InputSummary read_each_input(
    const std::vector<InputSource>& inputs, std::size_t max_errors,
    const std::function<InputSummary(std::istream&, const InputSource&, Progress&)>& read_one);

/// Reads interaction inputs for --dedupe: each input's reader reduces the copies within it
/// (the mapping's `dedupe`), and records of later inputs replace those of earlier ones with
/// the same id, so overlapping exports count each contact once. `sink` gets the kept records
/// when every input is read, in order of first appearance; the copies dropped across inputs
/// are moved from `accepted` to `duplicates` in the returned account.
///
/// Example: `read_deduplicated(inputs, mapping, read, [&](Interaction&& r) { acc.add(r); });`
[[nodiscard]] InputSummary read_deduplicated(const std::vector<InputSource>& inputs,
                                             const json::Mapping& mapping,
                                             const json::ReadOptions& read,
                                             const std::function<void(Interaction&&)>& sink);

/// Checks that the inputs gave the command something to work on. When no record was
/// accepted, throws RunError saying why: the input was empty, or what the first input looks
/// like and what would read it (an API list response: the preset; CSV: `csv_hint`), or else
/// the most common reason for rejection.
/// `csv_hint` is how the command reads CSV, or "" when it cannot.
void require_accepted(const InputSummary& summary, const std::vector<InputSource>& inputs,
                      const std::string& csv_hint = "");

/// Writes the notes on an input to stderr: the rejected-records line, then, for a mapping of
/// the user's own (--mapping), coverage_notes. The presets' pointers are the sources' own
/// names, so a field they miss is one the data does not have, not a mistake to warn of.
void note_input(const InputSummary& summary, const InputOptions& options);

/// Builds the ReadOptions of the shared input options. Throws UsageError for a bad
/// --max-errors or --input-format.
[[nodiscard]] json::ReadOptions read_options(const InputOptions& options);

}  // namespace cskpi::cli
