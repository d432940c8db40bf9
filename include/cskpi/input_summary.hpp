#pragma once
/// \file
/// `InputSummary`: the account of every record read from an input, so nothing vanishes:
/// read = accepted + rejected + duplicates, always.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cskpi {

/// One rejected record: where it was (file, 1-based line of an NDJSON input, 0-based index
/// in a JSON array, or both for a stream of JSON objects: index and the line it starts on), the
/// canonical field at fault ("" for the record as a whole), a stable code and a message. Codes:
/// "not_json", "not_object", "missing_field", "wrong_type", "out_of_range", "bad_timestamp",
/// "bad_enum", "invalid_utf8", "too_large", "conflict" (more than one way out of the queue, or one
/// with handled = true).
///
/// Example: `{"calls.ndjson", 17, std::nullopt, "csat", "out_of_range", "csat = 9 is outside the
/// scale 1..5"}`.
struct InputError {
    std::string file{};                    ///< "" for stdin or in-memory input; "-" for stdin.
    std::optional<std::uint64_t> line{};   ///< NDJSON, object streams: 1-based line number.
    std::optional<std::uint64_t> index{};  ///< JSON array, object streams: 0-based index.
    std::string field{};
    std::string code{};
    std::string message{};
    friend bool operator==(const InputError&, const InputError&) = default;
};

/// How many accepted records held one optional field the mapping reads from the source, so a
/// pointer that matches nothing (a typo, another source's layout) is seen, not silent.
///
/// Example: `{"agent_id", "/agent_name", 0}`: no record had /agent_name.
struct FieldCoverage {
    std::string field{};      ///< The canonical field, e.g. "agent_id".
    std::string source{};     ///< The JSON Pointer it is read from, e.g. "/agent_name".
    std::uint64_t found = 0;  ///< Accepted records in which the source held a value (not null).
    friend bool operator==(const FieldCoverage&, const FieldCoverage&) = default;
};

/// Counts of an ingest and the first rejected records (up to a limit; the rest are counted
/// in `rejected` and flagged by `errors_truncated`).
///
/// Example: `summary.read == summary.accepted + summary.rejected + summary.duplicates`.
struct InputSummary {
    std::uint64_t read = 0;        ///< Records seen (non-blank lines or array elements).
    std::uint64_t accepted = 0;    ///< Records passed on to the KPIs.
    std::uint64_t rejected = 0;    ///< Bad records, skipped in lenient mode.
    std::uint64_t duplicates = 0;  ///< Records dropped by de-duplication.
    std::vector<InputError> errors{};
    bool errors_truncated = false;  ///< More rejected records than `errors` lists.
    /// The optional fields the mapping reads from the source, in the mapping's order, with
    /// how many accepted records held each. Empty for in-memory records without a mapping.
    std::vector<FieldCoverage> fields{};
    friend bool operator==(const InputSummary&, const InputSummary&) = default;
};

/// Adds the account of one part of an input (a thread's share, another file) to `total`:
/// counts and field coverage add up, errors are appended up to `max_errors` and
/// `errors_truncated` is set when any were left out. Both must come from the same mapping.
///
/// Example: `cskpi::merge(total, part, 100);`
void merge(InputSummary& total, const InputSummary& part, std::size_t max_errors);

/// The summary as bytes in cskpi's saved-state format (docs/state-format.md), saved beside an
/// accumulator's state so that merged shards still account for every record read.
///
/// Example: `std::vector<std::byte> bytes = cskpi::to_bytes(summary);`
[[nodiscard]] std::vector<std::byte> to_bytes(const InputSummary& summary);

/// The summary `to_bytes` wrote. Throws StateFormatError, naming the byte offset, for
/// anything else (including counts where read is not accepted + rejected + duplicates).
///
/// Example: `cskpi::merge(total, cskpi::input_summary_from_bytes(bytes), 100);`
[[nodiscard]] InputSummary input_summary_from_bytes(std::span<const std::byte> bytes);

}  // namespace cskpi
