#pragma once
/// \file
/// Readers: NDJSON or JSON-array input (files, streams, or nlohmann::json values already in
/// memory) decoded through a Mapping into canonical records, with every record accounted for.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "cskpi/contact_kpis.hpp"
#include "cskpi/error.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/records.hpp"
#include "cskpi/report.hpp"

namespace cskpi::json {

/// What an input stream or file holds.
enum class InputFormat : std::uint8_t {
    json,       ///< NDJSON, one JSON array, or JSON objects one after another (pretty-printed
                ///< or concatenated).
    csv,        ///< CSV with a header row (RFC 4180); columns are read as pointers "/name".
    automatic,  ///< By the source's extension (.csv; .ndjson, .jsonl, .json), else by content:
                ///< a first byte (after a byte-order mark and blanks) of '{' or '[' is JSON.
};

/// How readers treat bad input.
///
/// Example: `cskpi::json::ReadOptions{.strict = true}`.
struct ReadOptions {
    /// Lenient (false, the default): bad records are skipped and listed. Strict: the first
    /// bad record stops the read with RecordRejected.
    bool strict = false;
    /// How many rejected records `InputSummary::errors` lists; the rest are only counted.
    std::size_t max_errors = 100;
    /// A record (line or array element) longer than this is rejected as "too_large" without
    /// being held in memory.
    std::size_t max_record_bytes = std::size_t{64} << 20;
    /// Threads for file input (0: all cores). Streams and stdin use one.
    unsigned threads = 1;
    /// The CSAT scale that answers are checked against.
    CsatScale csat{};
    /// The input's format. CSV rows are mapped as flat objects of strings (docs/mapping.md).
    InputFormat format = InputFormat::json;
};

/// Strict mode met a bad record; `error()` says where and why.
///
/// Example: `catch (const cskpi::json::RecordRejected& e) { e.error().line; }`
class RecordRejected : public Error {
  public:
    /// Wraps `error`; what() reads "calls.ndjson:17: csat: out_of_range: ...".
    explicit RecordRejected(InputError error);
    /// Where and why.
    [[nodiscard]] const InputError& error() const noexcept { return error_; }

  private:
    InputError error_;
};

/// A file that cannot be opened or read; the message names it and the system's reason.
class InputFileError : public Error {
  public:
    using Error::Error;
};

/// The one-line text of an input error: "file:line: field: code: message".
///
/// Example: `cskpi::json::describe(e)` is "calls.ndjson:17: csat: out_of_range: csat = 9 ...".
[[nodiscard]] std::string describe(const InputError& error);

/// Receives each accepted interaction.
using InteractionSink = std::function<void(Interaction&&)>;
/// Receives each accepted purchase.
using PurchaseSink = std::function<void(Purchase&&)>;

/// Reads NDJSON, a JSON array (a first character '['), or JSON objects one after another
/// (pretty-printed over several lines or concatenated: when the first object spans lines or
/// shares its line; errors then carry the record's index and the line it starts on) from
/// `in` in bounded memory, decodes each record with `mapping` and passes the accepted ones to
/// `sink`. A UTF-8 byte-order mark, CRLF line ends, blank lines and a missing final newline are
/// accepted. `source` names the input in errors ("" for none, "-" for stdin). With a
/// de-duplicating mapping the records are held until the end and passed on once each.
/// Throws RecordRejected in strict mode, MappingError if the mapping makes purchases.
///
/// Example: `auto summary = read_interactions(std::cin, Mapping::canonical(), {}, sink, "-");`
InputSummary read_interactions(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                               const InteractionSink& sink, std::string_view source = "");

/// As read_interactions, for a purchase mapping.
///
/// Example: `read_purchases(file, Mapping::canonical(RecordKind::purchase), {}, sink);`
InputSummary read_purchases(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                            const PurchaseSink& sink, std::string_view source = "");

/// The threads a reader of `options` may run: `options.threads`, or every core when it is 0
/// (at least 1). accumulate_file and accumulate_table run at most this many.
///
/// Example: `unsigned n = reading_threads({.threads = 0});  // the machine's cores`
[[nodiscard]] unsigned reading_threads(const ReadOptions& options) noexcept;

/// Reads a file into a report accumulator, splitting a large NDJSON file on line boundaries
/// across `options.threads` threads and merging their partial states (one thread for JSON
/// arrays, streams of objects and de-duplicating mappings). Throws InputFileError when the file
/// cannot be read.
///
/// Example: `auto s = accumulate_file("calls.ndjson", Mapping::canonical(), {.threads = 2}, acc);`
InputSummary accumulate_file(const std::filesystem::path& path, const Mapping& mapping,
                             const ReadOptions& options, ReportAccumulator& accumulator);

/// Decodes one record held in memory: the interaction, or why it is rejected (line and
/// index empty). Gives exactly the records the streaming path gives for the same JSON.
///
/// Example: `auto r = decode_interaction(nlohmann::json::parse(line), Mapping::canonical());`
[[nodiscard]] std::variant<Interaction, InputError> decode_interaction(const nlohmann::json& record,
                                                                       const Mapping& mapping,
                                                                       const CsatScale& csat = {});

/// Decodes one purchase held in memory, or why it is rejected.
[[nodiscard]] std::variant<Purchase, InputError> decode_purchase(const nlohmann::json& record,
                                                                 const Mapping& mapping);

/// Decodes records held in memory: an array of records (errors carry the index), a single
/// record, or a wrapper document when the mapping has "records_at". Same accounting,
/// de-duplication and strictness as the streaming readers.
///
/// Example: `read_interactions(nlohmann::json::parse(body), Mapping::preset("zendesk"), {}, sink);`
InputSummary read_interactions(const nlohmann::json& records, const Mapping& mapping,
                               const ReadOptions& options, const InteractionSink& sink);

}  // namespace cskpi::json
