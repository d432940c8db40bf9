#pragma once
/// \file
/// Writing the result to stdout and notes to stderr.

#include <nlohmann/json.hpp>
#include <string_view>

#include "cskpi/input_summary.hpp"

namespace cskpi::cli {

/// Writes `text` to stdout and flushes it. Throws RunError when the output cannot be written
/// (a full disk, a closed pipe).
void write_stdout(std::string_view text);

/// The document as printed: indented by two spaces, a final newline; invalid UTF-8 in
/// strings (which the readers never let through) is replaced rather than thrown on.
[[nodiscard]] std::string dump(const nlohmann::ordered_json& document);

/// Writes "cskpi: <text>" and a newline to stderr.
void note(std::string_view text);

/// The input account as the report's JSON carries it ("input"; docs/output-formats.md, "JSON").
[[nodiscard]] nlohmann::ordered_json input_to_json(const InputSummary& summary);

}  // namespace cskpi::cli
