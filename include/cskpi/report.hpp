#pragma once
/// \file
/// The report engine: interactions in, overall and grouped KPIs out, mergeable across shards.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_set.hpp"
#include "cskpi/records.hpp"
#include "cskpi/report_options.hpp"

namespace cskpi {

/// Which group a set of KPIs belongs to: one value per `ReportOptions::group_by` dimension,
/// in that order ("" where the records carry none), and the period label when the report
/// has a period. Keys order by their values, then by period in time order.
///
/// Example: for group_by {agent_id} and period month, `{{"a-001"}, "2026-01"}`.
struct GroupKey {
    std::vector<std::string> values{};
    std::optional<std::string> period{};
    friend bool operator==(const GroupKey&, const GroupKey&) = default;
};

/// One group of a report.
struct ReportGroup {
    GroupKey key{};
    KpiSet kpis{};
};

/// A KPI report: the options it was made with, the KPIs of all records, and one entry per
/// group sorted by key (empty when the report is not grouped).
///
/// Example: `for (const auto& g : report.groups) use(g.key.values[0], *g.kpis.fcr.value);`
struct Report {
    ReportOptions options{};
    KpiSet overall{};
    std::vector<ReportGroup> groups{};
};

/// Accumulates interactions into a report. Accumulators built with equal options merge, in
/// any order, into the accumulator of all their records; this is the contract that lets
/// shards be processed on many threads or machines (or in any map-reduce engine) and
/// combined: counts, rates, NPS, quantiles and group keys come out identical; means and
/// standard deviations agree to floating-point rounding.
///
/// Memory: per group, a KpiAccumulator; for FCR mode case, one compact entry per case with a
/// handled contact (from a batch added first, per case of the batch), not per record (24 bytes, the
/// case key and first contact id behind one-byte lengths, and hash slots: docs/performance.md
/// gives the bytes per case; `memory_bytes()` tells); for mode window, one entry per
/// handled contact with a customer_id (24 bytes and the contact id: the window needs each
/// customer's contacts in time order); the first-response and resolution times are kept for their
/// exact quantiles. Case state cannot shrink to the open cases only: input may come in any order
/// and shards merge later, so a contact of any case may still arrive, and exact duplicate
/// detection over such a stream needs memory for every case seen (docs/performance.md).
///
/// Example:
/// ```
/// cskpi::ReportAccumulator acc(options);
/// for (const auto& r : records) acc.add(r);
/// cskpi::Report report = acc.report();
/// ```
class ReportAccumulator {
  public:
    /// An empty accumulator. Throws InvalidArgument for invalid options.
    explicit ReportAccumulator(ReportOptions options = {});
    ~ReportAccumulator();
    /// Moves the state; the moved-from accumulator is then an empty one with default options.
    ReportAccumulator(ReportAccumulator&&) noexcept;
    ReportAccumulator& operator=(ReportAccumulator&&) noexcept;
    ReportAccumulator(const ReportAccumulator&) = delete;
    ReportAccumulator& operator=(const ReportAccumulator&) = delete;

    /// Adds one interaction. Throws InvalidArgument (naming the field) for a record that
    /// check_interaction rejects; nothing is added then.
    void add(const Interaction& interaction);

    /// Adds a span of interactions, as adding them one by one would, but faster: in FCR mode
    /// case the lookups of a block of records overlap. On an invalid record it throws as
    /// `add` does; the records before it stay added.
    ///
    /// Example: `acc.add(std::span(records));`
    void add(std::span<const Interaction> interactions);

    /// Adds every record of `batch`, as adding them one by one in order would (the same
    /// counts, rates and quantiles to the last bit; means and deviations within rounding, as a
    /// batch sums them a block of values at a time), 2.3 to 3 times faster: each distinct group
    /// value of the batch is looked up once, not once per record, and so is each distinct FCR case,
    /// except into an accumulator that holds no case yet, which takes the batch's case dictionary
    /// over as its case table and looks up none (docs/performance.md). Throws InvalidArgument,
    /// naming the record, when a CSAT answer is above the options' scale; nothing is added then.
    /// Past the state's limits (2^31 cases, 2^32 window contacts) or out of memory it throws having
    /// added part of the batch (a grouped report adds 4,096 rows at a time, KPIs first, so the
    /// failing block's last rows may have KPIs without FCR contacts); the accumulator stays
    /// valid.
    ///
    /// Example: `acc.add(batch);`
    void add(const InteractionBatch& batch);

    /// Adds the records of `other`. Throws InvalidArgument when the options differ or
    /// `other` is this accumulator.
    void merge(const ReportAccumulator& other);

    /// Adds the records of `other`, as the overload above does, and leaves `other` empty.
    /// Faster: the larger of the two states is kept and the smaller merged into it (an empty
    /// accumulator takes `other`'s state whole), so combining shards walks the smaller side.
    /// Throws as the overload above does; then one of the two may hold part of the other's
    /// records (both stay valid accumulators).
    ///
    /// Example: `for (auto& part : parts) total.merge(std::move(part));`
    void merge(ReportAccumulator&& other);

    /// The number of interactions added (including merged ones).
    [[nodiscard]] std::uint64_t records() const noexcept;

    /// The bytes of state held, approximately: the group states with their quantile samples,
    /// the FCR case table or window contacts, the interned group values. In FCR mode case it
    /// grows with groups, cases and samples (8 bytes per first-response or resolution time),
    /// not with repeat contacts of a case; mode window keeps an entry per contact. Without
    /// grouping, the case keys of a first batch are the batch's dictionary, shared with it and
    /// counted by both. For capacity planning (when to shard) and for checking the memory
    /// claims above.
    ///
    /// Example: `std::size_t mib = acc.memory_bytes() >> 20;`
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

    /// The state as bytes in cskpi's saved-state format (docs/state-format.md), options inside:
    /// its groups, FCR cases or window contacts and quantile samples, no larger than the state
    /// in memory. Another process or machine reads it back with `from_bytes` and merges it,
    /// so a report can be reduced from shards by any scheduler.
    ///
    /// Example: `write_file("shard-1.state", acc.to_bytes());`
    [[nodiscard]] std::vector<std::byte> to_bytes() const;

    /// The accumulator whose `to_bytes` gave `bytes`: it merges and reports exactly as the
    /// original (counts, rates and quantiles to the last bit). Bytes are untrusted: anything
    /// else (truncated, damaged, of another kind or version, inconsistent) throws
    /// StateFormatError naming the byte offset, and never allocates more than a small multiple
    /// of the input's size.
    ///
    /// Example: `total.merge(cskpi::ReportAccumulator::from_bytes(read_file("shard-1.state")));`
    [[nodiscard]] static ReportAccumulator from_bytes(std::span<const std::byte> bytes);

    /// The report of everything added so far; the accumulator stays usable.
    [[nodiscard]] Report report() const;

    /// The options this accumulator applies.
    [[nodiscard]] const ReportOptions& options() const noexcept;

  private:
    struct State;
    State& state();
    [[nodiscard]] const State& state() const noexcept;
    void check_mergeable(const ReportAccumulator& other) const;
    std::unique_ptr<State> state_{};
};

/// The report of a span of interactions in one call.
///
/// Example: `cskpi::Report r = cskpi::make_report(records, {});`
[[nodiscard]] Report make_report(std::span<const Interaction> interactions,
                                 const ReportOptions& options = {});

}  // namespace cskpi
