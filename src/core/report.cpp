#include "cskpi/report.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "batch_columns.hpp"
#include "case_table.hpp"
#include "cskpi/detail/check.hpp"
#include "cskpi/error.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/record_validation.hpp"
#include "engine_access.hpp"
#include "intern_table.hpp"
#include "platform.hpp"
#include "single_group_cases.hpp"
#include "window_contacts.hpp"

namespace cskpi {
namespace {

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

std::string_view dimension_value(const Interaction& r, Dimension d) noexcept {
    switch (d) {
        case Dimension::agent_id:
            return r.agent_id;
        case Dimension::queue:
            return r.queue;
        case Dimension::team:
            return r.team;
        case Dimension::channel:
            return to_string(r.channel);
        case Dimension::customer_id:
            break;
    }
    return r.customer_id;
}

}  // namespace

struct ReportAccumulator::State {
    ReportOptions options;
    std::uint64_t records = 0;
    // Per dimension: value <-> id.
    std::vector<detail::InternTable> values;
    // With one dimension and no period, a group per value id (+1; 0 = none yet), the
    // common case made a plain array lookup; otherwise a hash map.
    std::vector<std::uint32_t> group_of_value;
    std::unordered_map<PackedKey, std::uint32_t, PackedKeyHash> group_index;
    std::vector<Group> groups;
    detail::CaseTable cases;
    // FCR mode case with one group, from a first batch: its cases (moved into `cases` by
    // anything added or merged next; see settle_cases).
    detail::SingleGroupCases single_group_cases;
    detail::WindowContacts window_contacts;

    explicit State(ReportOptions o) : options(std::move(o)), values(options.group_by.size()) {}

    // Group keys in report order: by their values, dimension by dimension, then by period.
    [[nodiscard]] bool key_less(const PackedKey& a, const PackedKey& b) const {
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

    std::uint32_t intern(std::size_t dim, std::string_view value) {
        return values[dim].intern(value);
    }

    std::uint32_t group_of(const PackedKey& key) {
        if (options.group_by.size() == 1 && !options.period) {
            const std::uint32_t id = key.ids[0];
            if (id >= group_of_value.size()) {
                group_of_value.resize(static_cast<std::size_t>(id) + 1, 0);
            }
            if (group_of_value[id] == 0) {
                groups.push_back(Group{key, KpiAccumulator(options)});
                group_of_value[id] = static_cast<std::uint32_t>(groups.size());
            }
            return group_of_value[id] - 1;
        }
        const auto [it, inserted] =
            group_index.try_emplace(key, static_cast<std::uint32_t>(groups.size()));
        if (inserted) {
            groups.push_back(Group{key, KpiAccumulator(options)});
        }
        return it->second;
    }

    std::uint32_t group_of(const Interaction& r) {
        if (options.group_by.empty() && !options.period) {
            return groups.empty() ? group_of(PackedKey{}) : 0;
        }
        PackedKey key;
        for (std::size_t d = 0; d < options.group_by.size(); ++d) {
            key.ids[d] = intern(d, dimension_value(r, options.group_by[d]));
        }
        if (options.period) {
            key.period = period_index(r.started_at, *options.period, options.utc_offset);
        }
        return group_of(key);
    }

    void check(const Interaction& r) const {
        if (auto issue = check_interaction(r, options.csat)) {
            throw InvalidArgument(issue->field,
                                  "ReportAccumulator::add: record " + r.id + ": " + issue->message);
        }
    }

    // Everything but FCR modes case and window, which need all the contacts of an inquiry.
    std::uint32_t add_to_group(const Interaction& r) {
        check(r);
        const std::uint32_t g = group_of(r);
        detail::EngineAccess::add_checked(groups[g].acc, r);
        ++records;
        return g;
    }

    void add_window_contact(std::string_view customer_id, Timestamp started_at, std::string_view id,
                            std::uint32_t g, std::optional<bool> resolved) {
        if (customer_id.empty()) {
            if (resolved) {
                groups[g].acc.add_inquiry(*resolved);
            }
        } else {
            window_contacts.add(customer_id, started_at, id, g, resolved);
        }
    }

    // The report has one group: no group_by, no period.
    [[nodiscard]] bool one_group() const noexcept {
        return options.group_by.empty() && !options.period;
    }

    // Before cases are looked up by key: the cases of a one-group report's first batch move
    // into the case table.
    void settle_cases() { single_group_cases.move_into(cases); }

    void add(const Interaction& r) {
        settle_cases();
        const std::uint32_t g = add_to_group(r);
        if (r.abandoned) {
            return;
        }
        if (options.fcr_mode == FcrMode::case_based) {
            const std::string_view key = r.case_key();
            cases.add_contact(key, detail::CaseTable::hash(key), r.started_at, r.id, g, r.resolved,
                              KeyOrder(*this));
        } else if (options.fcr_mode == FcrMode::window) {
            add_window_contact(r.customer_id, r.started_at, r.id, g, r.resolved);
        }
    }

    // The group of each row of a batch. Dictionary codes map to this state's value ids, and
    // with one dimension and no period straight to groups, as rows first meet them: the
    // values and groups come into being in the order adding the records one by one would
    // make them, so the report (even the order means merge in) is the same.
    class BatchGrouping {
      public:
        BatchGrouping(State& state, const detail::BatchColumns& columns) : s_(state), c_(columns) {
            for (std::size_t d = 0; d < s_.options.group_by.size(); ++d) {
                value_of_code_[d].assign(dictionary_size(s_.options.group_by[d]), 0);
            }
            if (s_.options.group_by.size() == 1 && !s_.options.period) {
                group_of_code_.assign(value_of_code_[0].size(), 0);
            }
        }

        std::uint32_t of(std::size_t row) {
            const auto& dims = s_.options.group_by;
            if (dims.empty() && !s_.options.period) {
                return s_.groups.empty() ? s_.group_of(PackedKey{}) : 0;
            }
            if (!group_of_code_.empty()) {
                std::uint32_t& g = group_of_code_[code(dims[0], row)];
                if (g == 0) {
                    PackedKey key;
                    key.ids[0] = value_id(0, row);
                    g = s_.group_of(key) + 1;
                }
                return g - 1;
            }
            PackedKey key;
            for (std::size_t d = 0; d < dims.size(); ++d) {
                key.ids[d] = value_id(d, row);
            }
            if (s_.options.period) {
                key.period =
                    period_index(Timestamp(std::chrono::milliseconds(c_.started_at_ms[row])),
                                 *s_.options.period, s_.options.utc_offset);
            }
            return s_.group_of(key);
        }

      private:
        [[nodiscard]] const detail::DictionaryColumn& column(Dimension d) const noexcept {
            switch (d) {
                case Dimension::agent_id:
                    return c_.agent;
                case Dimension::queue:
                    return c_.queue;
                case Dimension::team:
                    return c_.team;
                case Dimension::channel:
                case Dimension::customer_id:
                    break;
            }
            return c_.customer;
        }
        [[nodiscard]] std::size_t dictionary_size(Dimension d) const noexcept {
            return d == Dimension::channel ? 8 : column(d).values().size();
        }
        // A channel's code is the enum's value.
        [[nodiscard]] std::uint32_t code(Dimension d, std::size_t row) const noexcept {
            if (d == Dimension::channel) {
                return static_cast<std::uint32_t>(c_.channel(row));
            }
            return column(d).codes[row];
        }
        std::uint32_t value_id(std::size_t d, std::size_t row) {
            const Dimension dim = s_.options.group_by[d];
            std::uint32_t& id = value_of_code_[d][code(dim, row)];
            if (id == 0) {
                const std::string_view text =
                    dim == Dimension::channel ? to_string(c_.channel(row)) : column(dim).at(row);
                id = s_.intern(d, text) + 1;
            }
            return id - 1;
        }

        State& s_;
        const detail::BatchColumns& c_;
        std::array<std::vector<std::uint32_t>, kMaxDimensions> value_of_code_{};  // id + 1
        std::vector<std::uint32_t> group_of_code_{};                              // group + 1
    };

    // A batch case's handled contacts so far, reduced by the case table's rule
    // (detail::fold_into_case); its first contact is a row of the batch.
    struct BatchCase {
        std::uint32_t first_row = 0;
        std::uint32_t group = 0;
        std::uint8_t handled = 0;
        bool first_resolved_ = false;
        bool has_resolution_flag_ = false;
        [[nodiscard]] bool first_resolved() const noexcept { return first_resolved_; }
        void set_first_resolved(bool on) noexcept { first_resolved_ = on; }
        [[nodiscard]] bool has_resolution_flag() const noexcept { return has_resolution_flag_; }
        void set_has_resolution_flag(bool on) noexcept { has_resolution_flag_ = on; }
    };

    // Row `row` of a batch as a handled contact in group `g`.
    static detail::CaseSummary batch_contact(const detail::BatchColumns& c, std::uint32_t row,
                                             std::uint32_t g) {
        const std::optional<bool> resolved = c.resolved_at(row);
        return {.key = {},
                .first_at_ms = c.started_at_ms[row],
                .first_id = c.id(row),
                .group = g,
                .handled = 1,
                .first_resolved = resolved.value_or(false),
                .has_resolution_flag = resolved.has_value()};
    }

    static void reduce(BatchCase& b, const detail::BatchColumns& c, std::uint32_t row,
                       std::uint32_t g, const detail::GroupOrder& group_order) {
        detail::fold_into_case(
            b, batch_contact(c, row, g), group_order, [&] { return c.started_at_ms[b.first_row]; },
            [&] { return c.id(b.first_row); }, [&] { b.first_row = row; });
    }

    // The same into an adopted case table's entry, whose first contact is a pending row.
    static void reduce(detail::CaseEntry& e, const detail::BatchColumns& c, std::uint32_t row,
                       std::uint32_t g, const detail::GroupOrder& group_order) {
        detail::fold_into_case(
            e, batch_contact(c, row, g), group_order, [&] { return e.first_at_ms; },
            [&] { return c.id(e.pending_row()); },
            [&] {
                e.first_at_ms = c.started_at_ms[row];
                e.set_pending_row(row);
            });
    }

    // Rows in order: each row's KPIs into its group (or all rows' at once, with one group);
    // in FCR mode case each handled row into its batch case (codes index an array: the
    // batch's cases are reduced without a lookup), then each batch case into the case table, one
    // lookup per distinct case. Into an empty table, the batch's case dictionary becomes the table
    // (adopt_keys) and the rows fold straight into its entries: no lookup at all.
    void add(const InteractionBatch& batch) {
        const detail::BatchColumns& c = detail::EngineAccess::columns(batch);
        detail::check_csat_scale(batch, options.csat, "ReportAccumulator::add");
        BatchGrouping grouping(*this, c);
        const KeyOrder order(*this);
        const bool by_case = options.fcr_mode == FcrMode::case_based;
        settle_cases();
        const auto rows = static_cast<std::uint32_t>(c.size());
        const bool one_group = this->one_group();
        // One group and no case yet: the cases fold into a byte each over the batch's own
        // case dictionary, shared (detail::SingleGroupCases).
        const bool single = by_case && one_group && cases.empty() && rows > 0;
        detail::SingleGroupCases single_cases;
        if (single) {
            single_cases.adopt(c.case_key.shared_values());
        }
        const bool adopt = by_case && !single && cases.empty();
        if (adopt) {
            cases.adopt_keys(c.case_key.values());
        }
        std::vector<BatchCase> batch_cases(by_case && !adopt && !single ? c.case_key.values().size()
                                                                        : 0);
        // A repeat contact's batch case, and the start of that case's first contact, lie far
        // back in arrays beyond the caches: both are loaded ahead, in two stages (an adopted
        // entry holds the start itself). Written out in the loop, not as a lambda: GCC 12 takes
        // a function whose only effect is a prefetch for a pure one and drops its calls.
        constexpr std::size_t kCaseAhead = 32;
        constexpr std::size_t kFirstAhead = 16;
        try {
            // Without grouping, the KPIs of all rows in one call (a block of rows at a time),
            // then FCR; otherwise a block of rows at a time: their groups, each row's KPIs into
            // its group, then FCR row by row.
            if (one_group && rows > 0) {
                detail::EngineAccess::add_rows(groups[grouping.of(0)].acc, c, 0, rows);
                records += rows;
            }
            if (single) {
                single_cases.add_rows(c.case_key.codes, c.flags);
                single_group_cases = std::move(single_cases);
                return;
            }
            const bool fcr_by_row = options.fcr_mode != FcrMode::flag;
            if (one_group && !fcr_by_row) {
                return;
            }
            constexpr std::uint32_t kBlockRows = 4096;  // the block's columns stay in cache
            std::vector<std::uint32_t> group_of_row;
            for (std::uint32_t begin = 0; begin < rows;
                 begin += std::min(kBlockRows, rows - begin)) {
                const std::uint32_t end = begin + std::min(kBlockRows, rows - begin);
                group_of_row.resize(end - begin);
                for (std::uint32_t row = begin; row < end; ++row) {
                    group_of_row[row - begin] = grouping.of(row);
                }
                if (!one_group) {
                    for (std::uint32_t row = begin; row < end; ++row) {
                        detail::EngineAccess::add_rows(groups[group_of_row[row - begin]].acc, c,
                                                       row, row + 1);
                    }
                    records += end - begin;
                }
                for (std::uint32_t row = begin; fcr_by_row && row < end; ++row) {
                    if (adopt && row + kCaseAhead < rows) {
                        detail::prefetch_read(&cases.entry(c.case_key.codes[row + kCaseAhead]));
                    } else if (by_case && row + kCaseAhead < rows) {
                        detail::prefetch_read(&batch_cases[c.case_key.codes[row + kCaseAhead]]);
                        const BatchCase& b = batch_cases[c.case_key.codes[row + kFirstAhead]];
                        if (b.handled != 0) {
                            detail::prefetch_read(&c.started_at_ms[b.first_row]);
                        }
                    }
                    if (c.has(row, detail::batch_flag::abandoned)) {
                        continue;
                    }
                    const std::uint32_t g = group_of_row[row - begin];
                    if (adopt) {
                        reduce(cases.entry(c.case_key.codes[row]), c, row, g, order);
                    } else if (by_case) {
                        reduce(batch_cases[c.case_key.codes[row]], c, row, g, order);
                    } else {
                        add_window_contact(
                            c.customer.at(row),
                            Timestamp(std::chrono::milliseconds(c.started_at_ms[row])), c.id(row),
                            g, c.resolved_at(row));
                    }
                }
            }
        } catch (...) {
            if (adopt) {
                cases.drop_pending_rows();  // safe to read again (the basic guarantee of add)
            }
            throw;
        }
        if (adopt) {
            cases.store_pending_ids([&c](std::uint32_t row) {
                return detail::PendingId{.id = c.id(row),
                                         .is_key = !c.has(row, detail::batch_flag::has_case_id)};
            });
        }
        cases.add_cases(
            batch_cases.size(),
            [&](std::size_t code) {
                const BatchCase& b = batch_cases[code];
                detail::CaseSummary summary{};  // handled 0: skipped (its first_row names no row)
                summary.key = c.case_key.values().value(static_cast<std::uint32_t>(code));
                if (b.handled != 0) {
                    summary.first_at_ms = c.started_at_ms[b.first_row];
                    summary.first_id = c.id(b.first_row);
                    summary.group = b.group;
                    summary.handled = b.handled;
                    summary.first_resolved = b.first_resolved();
                    summary.has_resolution_flag = b.has_resolution_flag();
                }
                return summary;
            },
            order);
    }

    // In mode case, a software pipeline over blocks of records, so the cache misses of a
    // large case table overlap instead of being waited for one by one: while block b is
    // processed, the case keys block b + 1 will compare, the entries of block b + 2 and the
    // probe slots of block b + 3 are already being loaded.
    void add(std::span<const Interaction> rs) {
        settle_cases();
        if (options.fcr_mode != FcrMode::case_based) {
            for (const auto& r : rs) {
                add(r);
            }
            return;
        }
        constexpr std::size_t kBlock = 16;
        const std::size_t blocks = (rs.size() + kBlock - 1) / kBlock;
        std::array<std::array<std::uint64_t, kBlock>, 4> hashes{};
        const auto block = [&](std::size_t b) {
            return rs.subspan(b * kBlock, std::min(kBlock, rs.size() - b * kBlock));
        };
        // Calls stage(record, its hash's slot) for each record of block b, if there is one.
        const auto each_in = [&](std::size_t b, auto stage) {
            if (b < blocks) {
                const auto part = block(b);
                for (std::size_t i = 0; i < part.size(); ++i) {
                    stage(part[i], hashes[b % 4][i]);
                }
            }
        };
        const auto hash_block = [&](std::size_t b) {
            each_in(b, [&](const Interaction& r, std::uint64_t& h) {
                h = detail::CaseTable::hash(r.case_key());
                cases.prefetch(h);
            });
        };
        const auto touch_entries = [&](std::size_t b) {
            each_in(b, [&](const Interaction&, std::uint64_t h) { cases.prefetch_entry(h); });
        };
        const auto touch_keys = [&](std::size_t b) {
            each_in(b, [&](const Interaction&, std::uint64_t h) { cases.prefetch_key(h); });
        };
        const KeyOrder order(*this);
        hash_block(0);
        hash_block(1);
        hash_block(2);
        touch_entries(0);
        touch_entries(1);
        touch_keys(0);
        for (std::size_t b = 0; b < blocks; ++b) {
            hash_block(b + 3);
            touch_entries(b + 2);
            touch_keys(b + 1);
            each_in(b, [&](const Interaction& r, std::uint64_t h) {
                const std::uint32_t g = add_to_group(r);
                if (!r.abandoned) {
                    cases.add_contact(r.case_key(), h, r.started_at, r.id, g, r.resolved, order);
                }
            });
        }
    }

    // Translates a group of `other` into this state's ids.
    std::uint32_t adopt_group(const State& other, const PackedKey& theirs) {
        PackedKey mine = theirs;
        for (std::size_t d = 0; d < options.group_by.size(); ++d) {
            mine.ids[d] = intern(d, other.values[d].value(theirs.ids[d]));
        }
        return group_of(mine);
    }

    void merge(const State& other) {
        std::vector<std::uint32_t> remap(other.groups.size());
        for (std::size_t g = 0; g < other.groups.size(); ++g) {
            remap[g] = adopt_group(other, other.groups[g].key);
            groups[remap[g]].acc.merge(other.groups[g].acc);
        }
        if (!other.single_group_cases.empty() && cases.empty() && single_group_cases.empty()) {
            single_group_cases = other.single_group_cases;  // shares the dictionary
        } else {
            if (!other.single_group_cases.empty() || !other.cases.empty()) {
                settle_cases();
            }
            if (!other.single_group_cases.empty()) {
                other.single_group_cases.add_into(cases, remap[0], KeyOrder(*this));
            }
            cases.merge(other.cases, remap, KeyOrder(*this));
        }
        window_contacts.merge(other.window_contacts, remap);
        records += other.records;
    }

    using InquiryCount = detail::InquiryCount;

    // FCR inquiries of modes case and window per group, on top of what the group states
    // counted themselves (flag verdicts; window contacts without a customer).
    std::vector<InquiryCount> count_inquiries() const {
        std::vector<InquiryCount> accs(groups.size());
        cases.for_each([&accs](const detail::CaseEntry& c) {
            if (c.has_resolution_flag()) {
                accs[c.group].add(c.handled == 1 && c.first_resolved());
            }
        });
        if (!single_group_cases.empty()) {
            accs[0].add(single_group_cases.count());
        }
        window_contacts.count(
            options.fcr_window,
            [&accs](std::uint32_t group, bool resolved) { accs[group].add(resolved); },
            KeyOrder(*this));
        return accs;
    }

    std::size_t memory_bytes() const noexcept {
        std::size_t bytes = sizeof(*this) + cases.memory_bytes() +
                            single_group_cases.memory_bytes() + window_contacts.memory_bytes() +
                            group_of_value.capacity() * sizeof(std::uint32_t) +
                            group_index.size() * (sizeof(PackedKey) + 4 * sizeof(void*)) +
                            groups.capacity() * sizeof(Group);
        for (const auto& g : groups) {
            bytes += g.acc.memory_bytes() - sizeof(KpiAccumulator);
        }
        for (const auto& v : values) {
            bytes += v.memory_bytes();
        }
        return bytes;
    }

    static KpiSet with_inquiries(KpiSet k, const InquiryCount& extra) {
        k.fcr = make_rate(k.fcr.numerator + extra.resolved, k.fcr.denominator + extra.inquiries);
        return k;
    }

    GroupKey key_of(const PackedKey& k) const {
        GroupKey key;
        for (std::size_t d = 0; d < options.group_by.size(); ++d) {
            key.values.push_back(values[d].value(k.ids[d]));
        }
        if (options.period) {
            key.period = period_label(k.period, *options.period);
        }
        return key;
    }

    Report report() const {
        const std::vector<InquiryCount> extra = count_inquiries();
        InquiryCount all_extra;
        for (const auto& e : extra) {
            all_extra.add(e);
        }
        Report out{options, {}, {}};
        if (groups.empty()) {
            out.overall = with_inquiries(KpiAccumulator(options).kpis(), all_extra);
        } else if (groups.size() == 1) {
            out.overall = with_inquiries(groups[0].acc.kpis(), all_extra);
        } else {
            std::vector<const KpiAccumulator*> parts;
            parts.reserve(groups.size());
            for (const auto& g : groups) {
                parts.push_back(&g.acc);
            }
            out.overall = with_inquiries(KpiAccumulator::merged_kpis(parts), all_extra);
        }
        if (one_group()) {
            return out;
        }
        std::vector<std::size_t> order(groups.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return key_less(groups[a].key, groups[b].key);
        });
        out.groups.reserve(groups.size());
        for (std::size_t i : order) {
            out.groups.push_back(
                ReportGroup{key_of(groups[i].key), with_inquiries(groups[i].acc.kpis(), extra[i])});
        }
        return out;
    }
};

ReportAccumulator::ReportAccumulator(ReportOptions options) {
    validate(options);
    detail::require(options.group_by.size() <= kMaxDimensions, "ReportAccumulator", "group_by",
                    options.group_by.size(), "lists more dimensions than exist");
    state_ = std::make_unique<State>(std::move(options));
}

ReportAccumulator::~ReportAccumulator() = default;
ReportAccumulator::ReportAccumulator(ReportAccumulator&&) noexcept = default;
ReportAccumulator& ReportAccumulator::operator=(ReportAccumulator&&) noexcept = default;

// A moved-from accumulator has no state until it is used again; then it is an empty one with
// default options (the move constructor, being noexcept, cannot allocate one).
ReportAccumulator::State& ReportAccumulator::state() {
    if (!state_) {
        state_ = std::make_unique<State>(ReportOptions{});
    }
    return *state_;
}

const ReportAccumulator::State& ReportAccumulator::state() const noexcept {
    static const State empty{ReportOptions{}};
    return state_ ? *state_ : empty;
}

void ReportAccumulator::add(const Interaction& interaction) {
    state().add(interaction);
}

void ReportAccumulator::add(std::span<const Interaction> interactions) {
    state().add(interactions);
}

void ReportAccumulator::add(const InteractionBatch& batch) {
    state().add(batch);
}

void ReportAccumulator::merge(const ReportAccumulator& other) {
    check_mergeable(other);
    state().merge(other.state());
}

void ReportAccumulator::merge(ReportAccumulator&& other) {
    check_mergeable(other);
    State& mine = state();
    State& theirs = other.state();
    State emptied(mine.options);  // made first: nothing can throw after the merge
    // Which side is walked does not change the report (the class contract), so it is the
    // smaller. The states' contents are swapped, not the objects: references to options()
    // stay valid.
    const bool swapped = theirs.records > mine.records;
    if (swapped) {
        std::swap(mine, theirs);
    }
    try {
        mine.merge(theirs);
    } catch (...) {
        if (swapped) {  // this accumulator gets its own state back, untouched
            std::swap(mine, theirs);
        }
        throw;
    }
    theirs = std::move(emptied);
}

void ReportAccumulator::check_mergeable(const ReportAccumulator& other) const {
    if (&other == this) {
        throw InvalidArgument("ReportAccumulator::merge", "other", "this accumulator",
                              "is the accumulator itself; merge a copy of its records instead");
    }
    if (!(other.state().options == state().options)) {
        throw InvalidArgument("ReportAccumulator::merge", "other", "accumulator",
                              "was built with different options");
    }
}

std::uint64_t ReportAccumulator::records() const noexcept {
    return state().records;
}

std::size_t ReportAccumulator::memory_bytes() const noexcept {
    return state().memory_bytes();
}

Report ReportAccumulator::report() const {
    return state().report();
}

const ReportOptions& ReportAccumulator::options() const noexcept {
    return state().options;
}

Report make_report(std::span<const Interaction> interactions, const ReportOptions& options) {
    ReportAccumulator acc(options);
    acc.add(interactions);
    return acc.report();
}

}  // namespace cskpi
