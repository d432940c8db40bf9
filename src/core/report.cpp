// Grouping, merging and the report of the report state, and the accumulator over it.

#include "cskpi/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cskpi/detail/check.hpp"
#include "cskpi/error.hpp"
#include "report_state.hpp"

namespace cskpi {
namespace {

std::string dimensions_text(const std::vector<Dimension>& dims) {
    std::vector<std::string_view> names;
    for (const Dimension d : dims) {
        names.push_back(to_string(d));
    }
    return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ","));
}

// How two reports' business-hours schedules or SLA bases differ: "business hours
// Europe/Berlin, 1 holidays, not America/New_York, 2 holidays".
std::string business_hours_difference(const ReportOptions& theirs, const ReportOptions& mine) {
    if (theirs.sla_basis != mine.sla_basis) {
        return fmt::format("sla_basis {}, not {}", to_string(theirs.sla_basis),
                           to_string(mine.sla_basis));
    }
    const auto schedule = [](const std::optional<BusinessSchedule>& s) {
        if (!s) {
            return std::string("none");
        }
        const std::string zone =
            s->zone.name().empty() ? to_string(s->zone.fixed_offset()) : s->zone.name();
        return fmt::format("{}, {} holidays", zone, s->holidays.size());
    };
    return fmt::format("business hours {} (or its open hours), not {}",
                       schedule(theirs.business_hours), schedule(mine.business_hours));
}

// The first option in which `theirs` differs from `mine`, both values named, so that a refused
// merge says what to fix: "group_by team, not agent_id".
std::string options_difference(const ReportOptions& theirs, const ReportOptions& mine) {
    const auto differ = [](std::string_view name, const auto& a, const auto& b) {
        return fmt::format("{} {}, not {}", name, a, b);
    };
    const auto period = [](const std::optional<Period>& p) {
        return p ? std::string(to_string(*p)) : std::string("none");
    };
    if (theirs.group_by != mine.group_by) {
        return differ("group_by", dimensions_text(theirs.group_by), dimensions_text(mine.group_by));
    }
    if (theirs.period != mine.period) {
        return differ("period", period(theirs.period), period(mine.period));
    }
    if (theirs.utc_offset != mine.utc_offset) {
        return differ("utc_offset", to_string(theirs.utc_offset), to_string(mine.utc_offset));
    }
    if (theirs.time_zone != mine.time_zone) {
        const auto zone = [](const std::string& z) { return z.empty() ? std::string("none") : z; };
        return differ("time_zone", zone(theirs.time_zone), zone(mine.time_zone));
    }
    if (theirs.csat != mine.csat) {
        return differ("csat scale", fmt::format("{}/{}", theirs.csat.threshold, theirs.csat.points),
                      fmt::format("{}/{}", mine.csat.threshold, mine.csat.points));
    }
    if (theirs.service_level_seconds != mine.service_level_seconds) {
        return differ("service_level_seconds", theirs.service_level_seconds,
                      mine.service_level_seconds);
    }
    if (theirs.short_abandon_seconds != mine.short_abandon_seconds) {
        return differ("short_abandon_seconds", theirs.short_abandon_seconds,
                      mine.short_abandon_seconds);
    }
    if (theirs.abandon_mode != mine.abandon_mode) {
        return differ("abandon_mode", to_string(theirs.abandon_mode), to_string(mine.abandon_mode));
    }
    if (theirs.fcr_mode != mine.fcr_mode) {
        return differ("fcr_mode", to_string(theirs.fcr_mode), to_string(mine.fcr_mode));
    }
    if (theirs.fcr_window != mine.fcr_window) {
        return differ("fcr_window_ms", theirs.fcr_window.count(), mine.fcr_window.count());
    }
    if (theirs.definitions != mine.definitions) {
        return differ("definitions", to_string(theirs.definitions), to_string(mine.definitions));
    }
    if (theirs.genesys != mine.genesys) {
        const auto switches = [](const GenesysServiceLevel& g) {
            return fmt::format("abandons {}, short abandons {}, flow-outs {}", g.include_abandons,
                               g.include_short_abandons, g.include_flow_outs);
        };
        return differ("Genesys switches", switches(theirs.genesys), switches(mine.genesys));
    }
    if (theirs.business_hours != mine.business_hours || theirs.sla_basis != mine.sla_basis) {
        return business_hours_difference(theirs, mine);
    }
    const auto target = [](const std::optional<double>& t) {
        return t ? fmt::format("{} s", *t) : std::string("none");
    };
    if (theirs.first_response_target_seconds != mine.first_response_target_seconds) {
        return differ("first response target", target(theirs.first_response_target_seconds),
                      target(mine.first_response_target_seconds));
    }
    return differ("resolution target", target(theirs.resolution_target_seconds),
                  target(mine.resolution_target_seconds));
}

KpiSet with_inquiries(KpiSet k, const detail::InquiryCount& extra) {
    k.fcr = make_rate(k.fcr.numerator + extra.resolved, k.fcr.denominator + extra.inquiries);
    return k;
}

}  // namespace

std::uint32_t ReportAccumulator::State::group_of(const detail::PackedKey& key) {
    if (options.group_by.size() == 1 && !options.period) {
        const std::uint32_t id = key.ids[0];
        if (id >= group_of_value.size()) {
            group_of_value.resize(static_cast<std::size_t>(id) + 1, 0);
        }
        if (group_of_value[id] == 0) {
            groups.push_back(detail::Group{key, empty_group});
            group_of_value[id] = static_cast<std::uint32_t>(groups.size());
        }
        return group_of_value[id] - 1;
    }
    const auto [it, inserted] =
        group_index.try_emplace(key, static_cast<std::uint32_t>(groups.size()));
    if (inserted) {
        groups.push_back(detail::Group{key, empty_group});
    }
    return it->second;
}

// Translates a group of `other` into this state's ids.
std::uint32_t ReportAccumulator::State::adopt_group(const State& other,
                                                    const detail::PackedKey& theirs) {
    detail::PackedKey mine = theirs;
    for (std::size_t d = 0; d < options.group_by.size(); ++d) {
        mine.ids[d] = intern(d, other.values[d].value(theirs.ids[d]));
    }
    return group_of(mine);
}

void ReportAccumulator::State::merge(const State& other) {
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

// FCR inquiries of modes case and window per group, on top of what the group states
// counted themselves (flag verdicts; window contacts without a customer).
std::vector<detail::InquiryCount> ReportAccumulator::State::count_inquiries() const {
    std::vector<detail::InquiryCount> accs(groups.size());
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

std::size_t ReportAccumulator::State::memory_bytes() const noexcept {
    std::size_t bytes = sizeof(*this) + cases.memory_bytes() + single_group_cases.memory_bytes() +
                        window_contacts.memory_bytes() +
                        group_of_value.capacity() * sizeof(std::uint32_t) +
                        group_index.size() * (sizeof(detail::PackedKey) + 4 * sizeof(void*)) +
                        groups.capacity() * sizeof(detail::Group);
    for (const auto& g : groups) {
        bytes += g.acc.memory_bytes() - sizeof(KpiAccumulator);
    }
    for (const auto& v : values) {
        bytes += v.memory_bytes();
    }
    if (const auto& schedule = options.business_hours) {  // the one copy the groups share
        bytes += sizeof(BusinessSchedule) +
                 schedule->holidays.capacity() * sizeof(std::chrono::local_days);
        for (const auto& day : schedule->week) {
            bytes += day.capacity() * sizeof(OpenInterval);
        }
    }
    return bytes;
}

GroupKey ReportAccumulator::State::key_of(const detail::PackedKey& k) const {
    GroupKey key;
    for (std::size_t d = 0; d < options.group_by.size(); ++d) {
        key.values.push_back(values[d].value(k.ids[d]));
    }
    if (options.period) {
        key.period = period_label(k.period, *options.period, zone);
    }
    return key;
}

Report ReportAccumulator::State::report() const {
    const std::vector<detail::InquiryCount> extra = count_inquiries();
    detail::InquiryCount all_extra;
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
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return key_less(groups[a].key, groups[b].key); });
    out.groups.reserve(groups.size());
    for (std::size_t i : order) {
        out.groups.push_back(
            ReportGroup{key_of(groups[i].key), with_inquiries(groups[i].acc.kpis(), extra[i])});
    }
    return out;
}

ReportAccumulator::ReportAccumulator(ReportOptions options) {
    validate(options);
    detail::require(options.group_by.size() <= detail::kMaxDimensions, "ReportAccumulator",
                    "group_by", options.group_by.size(), "lists more dimensions than exist");
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
                              "was built with different options (" +
                                  options_difference(other.state().options, state().options) + ")");
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
