#pragma once
/// \file
/// Saved-state files of `--save-state` and `cskpi merge`: an accumulator's saved state followed
/// by the summary of the input it was built from, two frames of cskpi's saved-state format
/// back to back (docs/state-format.md).

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "input.hpp"

namespace cskpi::cli {

/// What a saved-state file holds, by the kind field of its first frame: `rfm` is the Python
/// binding's RFM summary state (cskpi.RfmAccumulator), which cskpi merge does not read.
enum class SavedKind { report, retention, rfm };

/// A saved-state file read whole: its accumulator's bytes and its input summary.
struct SavedState {
    std::string name{};
    SavedKind kind = SavedKind::report;
    std::vector<std::byte> bytes{};
    std::span<const std::byte> accumulator{};  ///< Within `bytes`.
    InputSummary input{};
};

/// Writes `accumulator` (an accumulator's to_bytes) and `input` to `path` ("-": stdout).
/// Throws RunError naming the file when it cannot be written.
void save_state(const std::string& path, std::span<const std::byte> accumulator,
                const InputSummary& input);

/// The bytes `save_state` writes: `accumulator`, then the frame of `input`. What the Python
/// binding pickles, so a pickled accumulator is a saved-state file too.
[[nodiscard]] std::vector<std::byte> saved_state_bytes(std::span<const std::byte> accumulator,
                                                       const InputSummary& input);

/// The saved state in `bytes`, `name` naming them in errors. Throws RunError as load_state.
[[nodiscard]] SavedState parse_saved_state(std::string name, std::vector<std::byte> bytes);

/// Reads a file `save_state` wrote ("-": stdin). Throws RunError naming the file when it
/// cannot be read or is not such a file (the message says why, at which byte).
[[nodiscard]] SavedState load_state(const std::string& path);

/// The end of a run of `report` or `retention` over `inputs`: with `save_path` set, the state
/// `to_bytes` gives is saved there (an empty input, nothing read, saves an empty state: a
/// sharded job cuts its input without knowing which parts hold records); otherwise `print`
/// prints the report, and an input with no record accepted is an error (require_accepted).
///
/// Example: `save_or_print(args.save_state, summary, inputs, [&] { return acc.to_bytes(); },
/// [&] { print_report(format, acc, summary); });`
void save_or_print(const std::string& save_path, const InputSummary& summary,
                   const std::vector<InputSource>& inputs,
                   const std::function<std::vector<std::byte>()>& to_bytes,
                   const std::function<void()>& print);

}  // namespace cskpi::cli
