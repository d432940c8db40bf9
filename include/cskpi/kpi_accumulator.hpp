#pragma once
/// \file
/// `KpiAccumulator`: the mergeable running state of every KPI of one group of interactions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include "cskpi/detail/sample_vector.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_set.hpp"
#include "cskpi/queue_kpis.hpp"
#include "cskpi/records.hpp"
#include "cskpi/report_options.hpp"

namespace cskpi {

namespace detail {
struct EngineAccess;
class ByteReader;
class ByteWriter;
}  // namespace detail

/// Accumulates interactions one by one into the state behind a `KpiSet`. Two accumulators
/// built with the same options merge into the state of the records of both, so shards of
/// data can be processed anywhere and combined: counts, rates and quantiles come out
/// identical whatever the split; means and standard deviations agree to floating-point
/// rounding (about 1e-15 relative), since addition order changes the last bits.
///
/// FCR in modes case and window needs to see all the contacts of an inquiry, which may
/// cross groups, so those inquiries are counted by `ReportAccumulator` and added here with
/// `add_inquiry`; in mode flag `add` counts the source's verdicts directly.
///
/// Example:
/// ```
/// cskpi::KpiAccumulator acc(options);
/// for (const auto& r : records) acc.add(r);
/// cskpi::KpiSet k = acc.kpis();
/// ```
class KpiAccumulator {
  public:
    /// An empty state under `options` (only its KPI conventions matter here, not grouping).
    explicit KpiAccumulator(const ReportOptions& options = {});

    /// Adds one interaction. Throws InvalidArgument when check_interaction finds a problem.
    void add(const Interaction& interaction);

    /// Adds every record of `batch`, as adding them one by one in order would (means and
    /// deviations within rounding: they are summed a block of values at a time). Throws
    /// InvalidArgument, naming the record, when a CSAT answer is above the scale; nothing is
    /// added then.
    ///
    /// Example: `acc.add(batch);`
    void add(const InteractionBatch& batch);

    /// Counts one FCR inquiry and whether it was resolved on first contact.
    void add_inquiry(bool resolved_first_contact) noexcept;

    /// Adds the state of `other`. Throws InvalidArgument when `other` was built with different
    /// KPI options (CSAT scale, service-level target, short-abandon cut, abandon or FCR mode,
    /// definitions profile and its switches, SLA targets, business hours and SLA basis).
    void merge(const KpiAccumulator& other);

    /// The state as bytes in cskpi's saved-state format (docs/state-format.md), with its KPI
    /// options inside, for another process or machine to read back with `from_bytes` and merge.
    ///
    /// Example: `std::vector<std::byte> bytes = acc.to_bytes();`
    [[nodiscard]] std::vector<std::byte> to_bytes() const;

    /// The accumulator whose `to_bytes` gave `bytes`: it merges and reports exactly as the
    /// original. Bytes are untrusted: anything else (truncated, damaged, of another kind or
    /// version, inconsistent) throws StateFormatError naming the byte offset.
    ///
    /// Example: `total.merge(cskpi::KpiAccumulator::from_bytes(bytes));`
    [[nodiscard]] static KpiAccumulator from_bytes(std::span<const std::byte> bytes);

    /// The KPIs of everything added so far.
    [[nodiscard]] KpiSet kpis() const;

    /// The KPIs of `parts` merged into one accumulator in order (what `merge` of each into an
    /// empty one and `kpis()` give, to the last bit), without copying their quantile samples:
    /// a report's overall KPIs over its groups. The parts share their options; at least one.
    ///
    /// Example: `cskpi::KpiSet all = cskpi::KpiAccumulator::merged_kpis(std::array{&a, &b});`
    [[nodiscard]] static KpiSet merged_kpis(std::span<const KpiAccumulator* const> parts);

    /// The records added so far.
    [[nodiscard]] std::uint64_t contacts() const noexcept { return counts_[contacts_count]; }

    /// The bytes this state holds, itself and the first-response and resolution samples
    /// (calendar, and business with a schedule) kept for exact quantiles (8 bytes per sample,
    /// allocated in doubling steps).
    ///
    /// Example: `if (acc.memory_bytes() > limit) { /* flush a shard */ }`
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return sizeof(*this) + first_response_.memory_bytes() + resolution_.memory_bytes() +
               first_response_business_.memory_bytes() + resolution_business_.memory_bytes();
    }

  private:
    // The report engine (ReportAccumulator) adds records it has already checked.
    friend struct detail::EngineAccess;
    // Adds a record that check_interaction accepted under the same CSAT scale.
    void add_checked(const Interaction& interaction);
    // Adds rows `first` to `last` (exclusive) of a batch's columns, whose CSAT answers are
    // within the scale.
    void add_rows(const detail::BatchColumns& columns, std::size_t first, std::size_t last);

    // merge without the quantile samples.
    void merge_counts(const KpiAccumulator& other);
    // The quantile samples as parts (this state's own, or many states'): first response and
    // resolution, in calendar and business seconds.
    struct SampleParts {
        std::vector<std::span<const double>> first_response;
        std::vector<std::span<const double>> resolution;
        std::vector<std::span<const double>> first_response_business;
        std::vector<std::span<const double>> resolution_business;
        void add(const KpiAccumulator& part);
    };
    // The KPIs, with the quantile samples given as parts.
    [[nodiscard]] KpiSet kpis(const SampleParts& samples) const;

    // Service level and abandonment into `k`, by the definitions profile.
    void set_queue_rates(KpiSet& k) const;

    // The batch rows first to last (exclusive) a block at a time (kpi_accumulator.cpp).
    void add_block_rows(const detail::BatchColumns& columns, std::size_t first, std::size_t last);

    // One business schedule, shared by the copies of an accumulator (a report's groups), so
    // a long holiday list is held once; equal when the schedules are.
    struct SharedSchedule {
        std::shared_ptr<const BusinessSchedule> schedule;
        explicit operator bool() const noexcept { return schedule != nullptr; }
        const BusinessSchedule& operator*() const noexcept { return *schedule; }
        friend bool operator==(const SharedSchedule& a, const SharedSchedule& b) {
            return a.schedule == b.schedule ||
                   (a.schedule && b.schedule && *a.schedule == *b.schedule);
        }
    };
    // The options' KPI conventions, copied, so adding does not chase a pointer.
    struct Conventions {
        CsatScale csat_scale;
        double sl_seconds;
        double short_abandon_seconds;
        AbandonMode abandon_mode;
        FcrMode fcr_mode;
        Definitions definitions;
        GenesysServiceLevel genesys;
        std::optional<double> first_response_target;
        std::optional<double> resolution_target;
        SharedSchedule business_hours;
        SlaBasis sla_basis;
        friend bool operator==(const Conventions&, const Conventions&) = default;
    };
    // The state without its conventions, and reading it back (kpi_accumulator_bytes.cpp).
    void write_body(detail::ByteWriter& out) const;
    void read_body(detail::ByteReader& in);
    // Refuses a body read back whose counts and means no records could give.
    void check_body(const detail::ByteReader& in) const;
    // At least the bytes write_body takes.
    [[nodiscard]] std::size_t body_bytes() const noexcept;
    // The counts a record adds 0 or 1 to, as indexes into counts_.
    enum Count : std::uint8_t {
        contacts_count,
        handled_count,
        fcr_inquiries,
        fcr_resolved,
        queued,
        answered,
        answered_within_target,
        short_abandons,
        long_abandons,
        long_abandons_within_target,
        csat_satisfied,
        promoters,
        passives,
        detractors,
        ces_agree,
        abandons_within_target,
        callback_requests,
        callback_requests_within_target,
        flow_outs,
        transferred_out,
        transferred_in,
        callbacks,
        outbound_handled,
        held,
        survey_responses,
        count_kinds
    };

    // What one record adds to every KPI, and adding it: kpi_accumulator.cpp defines them
    // once, for an Interaction and a batch row alike.
    struct Contribution;
    template <typename Row>
    static Contribution contribution(const Row& row, const Conventions& conventions) noexcept;
    void add(const Contribution& contribution);

    Conventions conventions_;
    std::array<std::uint64_t, count_kinds> counts_{};
    Mean csat_answers_;
    Mean ces_answers_;
    Mean handle_;
    Mean wait_answered_;
    Mean abandon_wait_;
    Mean talk_;
    Mean hold_;
    Mean acw_;
    double max_wait_ = std::numeric_limits<double>::quiet_NaN();  // NaN: nothing queued yet
    detail::SampleVector first_response_;
    detail::SampleVector resolution_;
    detail::SampleVector first_response_business_;  // empty without business hours
    detail::SampleVector resolution_business_;
};

}  // namespace cskpi
