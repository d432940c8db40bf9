#pragma once
/// \file
/// `InputSummary`: the account of every record read from an input, so nothing vanishes:
/// read = accepted + rejected + duplicates, always.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cskpi {

/// One rejected record: where it was (file, 1-based line of an NDJSON input or 0-based
/// index in a JSON array), the canonical field at fault ("" for the record as a whole), a
/// stable code and a message. Codes: "not_json", "not_object", "missing_field",
/// "wrong_type", "out_of_range", "bad_timestamp", "bad_enum", "invalid_utf8", "too_large".
///
/// Example: `{"calls.ndjson", 17, std::nullopt, "csat", "out_of_range", "csat = 9 is outside the
/// scale 1..5"}`.
struct InputError {
    std::string file{};                    ///< "" for stdin or in-memory input; "-" for stdin.
    std::optional<std::uint64_t> line{};   ///< NDJSON: 1-based line number.
    std::optional<std::uint64_t> index{};  ///< JSON array: 0-based element index.
    std::string field{};
    std::string code{};
    std::string message{};
    friend bool operator==(const InputError&, const InputError&) = default;
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
    friend bool operator==(const InputSummary&, const InputSummary&) = default;
};

}  // namespace cskpi
