#pragma once
/// \file
/// A deterministic generator of realistic canonical records (docs/records.md) for tests,
/// benchmarks and the DuckDB comparison, and an NDJSON writer with a "dirty" mode.
///
/// The same options give the same records on every platform and compiler: the generator uses
/// its own PRNG (xoshiro256** seeded by splitmix64) and integer arithmetic only, never <random>
/// distributions or floating-point library functions. Records are produced one at a time, so
/// any number of them can be streamed in bounded memory.
///
/// Example:
/// ```
/// cskpi::generator::GeneratorOptions options;
/// options.records = 1'000'000;
/// cskpi::generator::InteractionGenerator gen(options);
/// cskpi::Interaction record;
/// while (gen.next(record)) { /* ... */ }
/// ```

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/records.hpp"

namespace cskpi::generator {

/// What to generate. Every option has a realistic default; `seed` and `records` are the ones a
/// caller usually sets. Options are validated by the generator's constructor, which throws
/// `cskpi::InvalidArgument` naming the option.
struct GeneratorOptions {
    std::uint64_t seed = 42;          ///< Same seed and options, same records everywhere.
    std::uint64_t records = 100'000;  ///< Exactly this many interactions are produced.
    std::uint64_t customers = 0;      ///< Distinct customers; 0 means records / 4 (at least 1).
    std::uint32_t agents = 50;        ///< Agents "a-001"...; each belongs to one team.
    std::uint32_t queues = 8;         ///< Queues "general", "billing", ... (at most 99).
    std::uint32_t teams = 6;          ///< Teams "t-01"...; each serves one or more queues.
    /// First day of the period covered (UTC midnight). The default period crosses month,
    /// year and ISO-week-year boundaries (ISO week 2025-W01 starts on 2024-12-30).
    std::chrono::sys_days start{std::chrono::year{2024} / std::chrono::November / 18};
    std::uint32_t span_days = 120;  ///< Length of the period; started_at falls inside it.
    /// Fraction of agent-handled contacts that carry a survey answer (csat, sometimes nps, ces).
    double survey_fraction = 0.2;
    /// Fraction of queued contacts (inbound phone and chat) the customer abandons.
    double abandon_rate = 0.06;
    /// Probability that a handled contact is followed by another contact of the same case.
    double repeat_contact_probability = 0.2;
    /// Fraction of NDJSON lines the writer replaces by a malformed line (see `DirtyKind`).
    double dirty_fraction = 0.0;
    /// Resolution of non-phone durations in milliseconds (phone uses whole seconds). The default
    /// 125 ms keeps every duration a multiple of 1/8 s: exactly representable in binary, so
    /// sums and means are exact and independent of summation order. 1 gives millisecond data.
    std::uint32_t duration_step_ms = 125;
};

/// Produces `options.records` interactions one by one, in roughly time order: records come in
/// the order contacts end (ended_at, else started_at), with a few exported late, so started_at
/// is only roughly sorted. Ids are unique ("i-00000001", ... in order of started_at).
class InteractionGenerator {
  public:
    /// Validates the options; throws `cskpi::InvalidArgument` naming a bad one.
    explicit InteractionGenerator(const GeneratorOptions& options);
    ~InteractionGenerator();
    InteractionGenerator(InteractionGenerator&&) noexcept;
    InteractionGenerator& operator=(InteractionGenerator&&) noexcept;
    InteractionGenerator(const InteractionGenerator&) = delete;
    InteractionGenerator& operator=(const InteractionGenerator&) = delete;

    /// Writes the next record into `out` (reusing its strings) and returns true; returns false,
    /// leaving `out` unspecified, when all records have been produced.
    bool next(Interaction& out);

    /// How many records `next` has produced so far.
    [[nodiscard]] std::uint64_t produced() const noexcept;

    /// The effective options (with `customers` resolved).
    [[nodiscard]] const GeneratorOptions& options() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// All records of `InteractionGenerator(options)` in a vector.
///
/// Example: `auto records = generate_interactions({.seed = 7, .records = 1000});`
[[nodiscard]] std::vector<Interaction> generate_interactions(const GeneratorOptions& options);

/// Purchases for retention and CLV: customers are acquired over the first `acquisition_days`
/// and then buy at a personal rate until they drop out (a Pareto/NBD-like process: rates vary
/// log-normally between customers, each purchase is followed by drop-out with a personal
/// probability, amounts vary around a personal mean spend). At least one of `purchases` and
/// `customers` must be non-zero; generation stops at whichever limit comes first.
struct PurchaseOptions {
    std::uint64_t seed = 42;
    std::uint64_t purchases = 100'000;  ///< Stop after this many purchases; 0: no limit.
    std::uint64_t customers = 0;        ///< Stop after this many customers; 0: no limit.
    std::chrono::sys_days start{std::chrono::year{2023} / std::chrono::January / 1};
    std::uint32_t span_days = 730;       ///< Purchases fall in [start, start + span_days).
    std::uint32_t acquisition_days = 0;  ///< First purchases fall in the first this many days;
                                         ///< 0 means span_days / 4 (at least 1).
};

/// Produces purchases customer by customer ("c-0000001" first), each customer's in time order.
class PurchaseGenerator {
  public:
    /// Validates the options; throws `cskpi::InvalidArgument` naming a bad one.
    explicit PurchaseGenerator(const PurchaseOptions& options);
    ~PurchaseGenerator();
    PurchaseGenerator(PurchaseGenerator&&) noexcept;
    PurchaseGenerator& operator=(PurchaseGenerator&&) noexcept;
    PurchaseGenerator(const PurchaseGenerator&) = delete;
    PurchaseGenerator& operator=(const PurchaseGenerator&) = delete;

    /// Writes the next purchase into `out` and returns true; false at the end.
    bool next(Purchase& out);

    /// Purchases produced so far.
    [[nodiscard]] std::uint64_t produced() const noexcept;

    /// Customers with at least one purchase produced so far.
    [[nodiscard]] std::uint64_t customers() const noexcept;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// All purchases of `PurchaseGenerator(options)` in a vector.
[[nodiscard]] std::vector<Purchase> generate_purchases(const PurchaseOptions& options);

// ---------------------------------------------------------------------------------------------
// NDJSON

/// Appends one canonical NDJSON line (ending in '\n'): the field names of docs/records.md, absent
/// optional fields and empty strings omitted, `direction` only when outbound and `abandoned` only
/// when true (both are the canonical defaults otherwise), timestamps in RFC 3339 UTC
/// (`2025-01-31T09:15:00Z`, with `.123` when the milliseconds are not zero), numbers in their
/// shortest round-trip form.
void append_ndjson(std::string& out, const Interaction& record);

/// Appends one purchase line: {"customer_id":"c-0000001","at":"2023-01-05T10:00:00Z","amount":35.2}
void append_ndjson(std::string& out, const Purchase& purchase);

/// RFC 3339 UTC text of a timestamp, e.g. "2025-01-31T09:15:00Z" or "2025-01-31T09:15:00.250Z".
[[nodiscard]] std::string format_timestamp(Timestamp t);

/// The kinds of malformed lines the dirty mode writes: six of the error codes of docs/mapping.md,
/// "Inputs and bad records".
/// Each replaces the line of a real record, so the other lines are those of the clean output.
enum class DirtyKind : std::uint8_t {
    not_json,       ///< The record's line cut in the middle (no closing brace).
    not_object,     ///< Valid JSON that is not an object: `[{...record...}]`, `"i-00000042"` or
                    ///< `null`.
    missing_field,  ///< A required field removed: `id` or `started_at`.
    wrong_type,     ///< `"id":42` (number), `"abandoned":"no"` (string) or `"channel":3` (number).
    out_of_range,   ///< `"csat":9`, `"nps":11` or `"wait_seconds":-12.5`.
    bad_timestamp,  ///< started_at with month 13, hour 25, or the text "not a date".
};

/// Number of `DirtyKind`s.
inline constexpr std::size_t kDirtyKinds = 6;

/// "not_json", "not_object", "missing_field", "wrong_type", "out_of_range", "bad_timestamp".
[[nodiscard]] std::string_view to_string(DirtyKind kind) noexcept;

/// Appends a malformed line of `kind` made from `record`; `variant` picks among the kind's forms
/// (and, for `not_json`, where the line is cut).
void append_dirty_ndjson(std::string& out, const Interaction& record, DirtyKind kind,
                         std::uint64_t variant);

/// What an NDJSON writer wrote.
struct WriteStats {
    std::uint64_t lines = 0;                         ///< All lines.
    std::uint64_t bytes = 0;                         ///< All bytes, newlines included.
    std::array<std::uint64_t, kDirtyKinds> dirty{};  ///< Malformed lines by `DirtyKind`.

    /// Malformed lines of all kinds.
    [[nodiscard]] std::uint64_t dirty_total() const noexcept;
    /// Well-formed lines.
    [[nodiscard]] std::uint64_t clean() const noexcept { return lines - dirty_total(); }
};

/// Buffered NDJSON output to a stream. With a dirty fraction f > 0, each interaction line is,
/// with probability f, replaced by a malformed line of a kind chosen uniformly; that choice uses
/// its own random stream (from `seed`), so the records themselves do not change with f.
class NdjsonWriter {
  public:
    NdjsonWriter(std::ostream& out, std::uint64_t seed = 0, double dirty_fraction = 0.0);
    ~NdjsonWriter();
    NdjsonWriter(const NdjsonWriter&) = delete;
    NdjsonWriter& operator=(const NdjsonWriter&) = delete;

    void write(const Interaction& record);
    void write(const Purchase& purchase);  ///< Purchases are never made dirty.
    /// Writes out the buffer (also done by the destructor).
    void flush();
    [[nodiscard]] const WriteStats& stats() const noexcept { return stats_; }

  private:
    void maybe_flush();

    std::ostream& out_;
    std::string buffer_;
    std::uint64_t rng_state_ = 0;
    std::uint64_t dirty_threshold_ = 0;
    WriteStats stats_;
};

/// Generates `options.records` interactions and writes them as NDJSON, dirty per
/// `options.dirty_fraction`. Returns what was written.
WriteStats write_interactions_ndjson(const GeneratorOptions& options, std::ostream& out);

/// Appends one interaction as a CSV row (the columns of write_interactions_csv's header).
void append_csv(std::string& out, const Interaction& record);

/// Generates `options.records` clean interactions and writes them as CSV: a header row of
/// the canonical field names, then one row each (empty cells for absent fields).
WriteStats write_interactions_csv(const GeneratorOptions& options, std::ostream& out);

/// Generates purchases and writes them as NDJSON.
WriteStats write_purchases_ndjson(const PurchaseOptions& options, std::ostream& out);

}  // namespace cskpi::generator
