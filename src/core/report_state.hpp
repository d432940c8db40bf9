#pragma once
// The state behind ReportAccumulator, in parts: grouping (interned dimension values and the
// groups' KpiAccumulators, report.cpp), FCR case state (a CaseTable, or for a one-group
// report's first batch SingleGroupCases; WindowContacts in mode window), and the ways records
// reach them: one record or a span (report_records.cpp), a batch (report_batch.cpp), bytes
// (report_bytes.cpp). Internal: not part of the public API.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "case_table.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "group_order.hpp"
#include "intern_table.hpp"
#include "single_group_cases.hpp"
#include "window_contacts.hpp"

namespace cskpi {
namespace detail {

class ByteReader;
class ByteWriter;

// ReportOptions::group_by lists each dimension at most once.
constexpr std::size_t kMaxDimensions = 5;

// A group as interned ids, one per dimension, plus the period index.
struct PackedKey {
    std::array<std::uint32_t, kMaxDimensions> ids{};
    std::int64_t period = 0;
    friend bool operator==(const PackedKey&, const PackedKey&) = default;
};

struct PackedKeyHash {
    std::size_t operator()(const PackedKey& k) const noexcept {
        std::uint64_t h = static_cast<std::uint64_t>(k.period) * 0x9E3779B97F4A7C15ULL;
        for (std::uint32_t id : k.ids) {
            h = (h ^ id) * 0x100000001B3ULL;
        }
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

struct Group {
    PackedKey key;
    KpiAccumulator acc;
};

}  // namespace detail

struct ReportAccumulator::State {
    ReportOptions options;
    // Where periods are taken: options.time_zone, looked up once, or options.utc_offset.
    TimeZone zone;
    std::uint64_t records = 0;
    // Per dimension: value <-> id.
    std::vector<detail::InternTable> values;
    // With one dimension and no period, a group per value id (+1; 0 = none yet), the
    // common case made a plain array lookup; otherwise a hash map.
    std::vector<std::uint32_t> group_of_value;
    std::unordered_map<detail::PackedKey, std::uint32_t, detail::PackedKeyHash> group_index;
    std::vector<detail::Group> groups;
    detail::CaseTable cases;
    // FCR mode case with one group, from a first batch: its cases (moved into `cases` by
    // anything added or merged next; see settle_cases).
    detail::SingleGroupCases single_group_cases;
    detail::WindowContacts window_contacts;
    // What a new group starts from: copies share its conventions (a business schedule is
    // held once, however many groups).
    KpiAccumulator empty_group;

    explicit State(ReportOptions o)
        : options(std::move(o)),
          zone(make_time_zone(options.time_zone, options.utc_offset)),
          values(options.group_by.size()),
          empty_group(options) {}

    // Group keys in report order: by their values, dimension by dimension, then by period.
    [[nodiscard]] bool key_less(const detail::PackedKey& a, const detail::PackedKey& b) const {
        for (std::size_t d = 0; d < options.group_by.size(); ++d) {
            const std::string& va = values[d].value(a.ids[d]);
            const std::string& vb = values[d].value(b.ids[d]);
            if (va != vb) {
                return va < vb;
            }
        }
        return a.period < b.period;
    }

    // The case table's tie-break for copies of one contact in different groups.
    struct KeyOrder final : detail::GroupOrder {
        explicit KeyOrder(const State& s) : state(s) {}
        [[nodiscard]] bool less(std::uint32_t a, std::uint32_t b) const override {
            return state.key_less(state.groups[a].key, state.groups[b].key);
        }
        const State& state;
    };

    // The report has one group: no group_by, no period.
    [[nodiscard]] bool one_group() const noexcept {
        return options.group_by.empty() && !options.period;
    }

    // Before cases are looked up by key: the cases of a one-group report's first batch move
    // into the case table.
    void settle_cases() { single_group_cases.move_into(cases); }

    std::uint32_t intern(std::size_t dim, std::string_view value) {
        return values[dim].intern(value);
    }

    // Grouping (report.cpp).
    std::uint32_t group_of(const detail::PackedKey& key);
    std::uint32_t group_of(const Interaction& r);

    // Records (report_records.cpp).
    void add(const Interaction& r);
    void add(std::span<const Interaction> rs);
    // Everything but FCR modes case and window, which need all the contacts of an inquiry.
    std::uint32_t add_to_group(const Interaction& r);
    void add_window_contact(std::string_view customer_id, Timestamp started_at, std::string_view id,
                            std::uint32_t g, std::optional<bool> resolved);

    // A batch (report_batch.cpp).
    class BatchGrouping;
    class BatchAdd;
    void add(const InteractionBatch& batch);

    // Merging and the report (report.cpp).
    void merge(const State& other);
    // Translates a group of `other` into this state's ids.
    std::uint32_t adopt_group(const State& other, const detail::PackedKey& theirs);
    // FCR inquiries of modes case and window per group, on top of what the group states
    // counted themselves (flag verdicts; window contacts without a customer).
    [[nodiscard]] std::vector<detail::InquiryCount> count_inquiries() const;
    [[nodiscard]] GroupKey key_of(const detail::PackedKey& k) const;
    [[nodiscard]] std::size_t memory_bytes() const noexcept;
    [[nodiscard]] Report report() const;

    // Bytes (report_bytes.cpp).
    void write(detail::ByteWriter& out) const;
    // About the bytes write() takes (a little more, as a rule).
    [[nodiscard]] std::size_t byte_estimate() const;
    [[nodiscard]] static std::unique_ptr<State> read(detail::ByteReader& in);
    // The interned values of each dimension, then the groups with their keys and KPI states.
    void read_groups(detail::ByteReader& in);
    void read_cases(detail::ByteReader& in);
    void read_window_contacts(detail::ByteReader& in);
};

}  // namespace cskpi
