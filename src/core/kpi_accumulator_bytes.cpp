// KpiAccumulator in the saved-state format (docs/state-format.md).

#include <array>
#include <cmath>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "cskpi/detail/state_bytes.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "engine_access.hpp"
#include "options_bytes.hpp"

namespace cskpi {

void detail::EngineAccess::write(ByteWriter& out, const Mean& m) {
    out.varint(m.count_);
    out.f64(m.sum_);
    out.f64(m.mean_);
    out.f64(m.m2_);
    out.u8(m.has_spread_ ? 1 : 0);
}

Mean detail::EngineAccess::read_mean(ByteReader& in, std::string_view what) {
    Mean m;
    m.count_ = in.varint();
    m.sum_ = in.f64();
    m.mean_ = in.f64();
    m.m2_ = in.f64();
    m.has_spread_ = in.flag(what);
    const bool finite = std::isfinite(m.sum_) && std::isfinite(m.mean_) && std::isfinite(m.m2_);
    const bool empty_is_zero = m.count_ != 0 || (m.sum_ == 0 && m.mean_ == 0 && m.m2_ == 0);
    if (!finite || !(m.m2_ >= 0) || !empty_is_zero || (m.count_ == 1 && m.m2_ != 0)) {
        in.fail(
            fmt::format("the {} (count {}, sum {}, mean {}, squared deviations {}) are "
                        "not those of any values",
                        what, m.count_, m.sum_, m.mean_, m.m2_));
    }
    return m;
}

namespace {

// Quantile samples are durations: finite and not negative, or selecting quantiles would
// compare NaN.
void require_durations(detail::ByteReader& in, std::span<const double> values,
                       std::string_view what) {
    for (const double v : values) {
        if (!(v >= 0) || !std::isfinite(v)) {
            in.fail(fmt::format("a {} sample is {}, not a duration", what, v));
        }
    }
}

}  // namespace

void KpiAccumulator::write_body(detail::ByteWriter& out) const {
    for (const std::uint64_t n : counts_) {
        out.varint(n);
    }
    for (const Mean* m : {&csat_answers_, &ces_answers_, &handle_, &wait_answered_, &abandon_wait_,
                          &talk_, &hold_, &acw_}) {
        detail::EngineAccess::write(out, *m);
    }
    out.f64(max_wait_);
    // Business-time samples only with a schedule, which the options before the body carry.
    const bool business = static_cast<bool>(conventions_.business_hours);
    for (const detail::SampleVector* v :
         {&first_response_, &resolution_, &first_response_business_, &resolution_business_}) {
        if (business || (v != &first_response_business_ && v != &resolution_business_)) {
            out.varint(v->values().size());
            out.f64s(v->values());
        }
    }
}

std::size_t KpiAccumulator::body_bytes() const noexcept {
    // Counts and sample sizes as 10-byte varints at most, eight means of 34 bytes at most,
    // the longest wait.
    return (count_kinds + 4) * 10 + 8 * 34 + 8 +
           (first_response_.values().size() + resolution_.values().size() +
            first_response_business_.values().size() + resolution_business_.values().size()) *
               sizeof(double);
}

void KpiAccumulator::read_body(detail::ByteReader& in) {
    for (std::uint64_t& n : counts_) {
        n = in.varint();
    }
    csat_answers_ = detail::EngineAccess::read_mean(in, "CSAT answers");
    ces_answers_ = detail::EngineAccess::read_mean(in, "CES answers");
    handle_ = detail::EngineAccess::read_mean(in, "handle times");
    wait_answered_ = detail::EngineAccess::read_mean(in, "answered waits");
    abandon_wait_ = detail::EngineAccess::read_mean(in, "abandoned waits");
    talk_ = detail::EngineAccess::read_mean(in, "talk times");
    hold_ = detail::EngineAccess::read_mean(in, "hold times");
    acw_ = detail::EngineAccess::read_mean(in, "after-contact work times");
    max_wait_ = in.f64();
    if (!(std::isnan(max_wait_) || (max_wait_ >= 0 && std::isfinite(max_wait_)))) {
        in.fail(fmt::format("the longest wait is {}, not a duration", max_wait_));
    }
    const bool business = static_cast<bool>(conventions_.business_hours);
    for (const auto& part :
         {std::pair{&first_response_, "first-response"}, std::pair{&resolution_, "resolution"},
          std::pair{&first_response_business_, "first-response business"},
          std::pair{&resolution_business_, "resolution business"}}) {
        if (!business &&
            (part.first == &first_response_business_ || part.first == &resolution_business_)) {
            continue;
        }
        detail::SampleVector* samples = part.first;
        const std::string_view what = part.second;
        const std::size_t n = in.count(what, sizeof(double));
        in.f64s(n, [&](std::span<const double> chunk) {
            require_durations(in, chunk, what);
            samples->append(chunk);
        });
    }
    check_body(in);
}

// What kpis() divides and compares must be consistent, as adding records makes it.
void KpiAccumulator::check_body(const detail::ByteReader& in) const {
    const auto& c = counts_;
    const auto at_most = [&in](std::uint64_t part, std::string_view part_name, std::uint64_t whole,
                               std::string_view whole_name) {
        if (part > whole) {
            in.fail(fmt::format("inconsistent counts: {} {} exceed {} {}", part, part_name, whole,
                                whole_name));
        }
    };
    at_most(c[handled_count], "handled", c[contacts_count], "contacts");
    at_most(c[queued], "queued", c[contacts_count], "contacts");
    at_most(c[answered], "answered", c[queued], "queued");
    at_most(c[short_abandons], "short abandons", c[queued] - c[answered], "queued unanswered");
    at_most(c[long_abandons], "long abandons", c[queued] - c[answered] - c[short_abandons],
            "queued unanswered and not short abandons");
    at_most(c[answered_within_target], "answered within target", c[answered], "answered");
    at_most(c[long_abandons_within_target], "long abandons within target", c[long_abandons],
            "long abandons");
    at_most(c[fcr_resolved], "FCR resolved", c[fcr_inquiries], "FCR inquiries");
    at_most(csat_answers_.count(), "CSAT answers", c[contacts_count], "contacts");
    at_most(c[csat_satisfied], "satisfied", csat_answers_.count(), "CSAT answers");
    at_most(ces_answers_.count(), "CES answers", c[contacts_count], "contacts");
    at_most(c[ces_agree], "CES agreeing", ces_answers_.count(), "CES answers");
    at_most(c[promoters], "promoters", c[contacts_count], "contacts");
    at_most(c[passives], "passives", c[contacts_count] - c[promoters], "contacts not promoters");
    at_most(c[detractors], "detractors", c[contacts_count] - c[promoters] - c[passives],
            "contacts neither promoters nor passives");
    at_most(handle_.count(), "handle times", c[handled_count], "handled");
    at_most(wait_answered_.count(), "answered waits", c[answered], "answered");
    at_most(c[answered], "answered", wait_answered_.count(), "answered waits");
    at_most(c[callback_requests], "callback requests",
            c[queued] - c[answered] - c[short_abandons] - c[long_abandons],
            "queued neither answered nor abandoned");
    at_most(c[flow_outs], "flow-outs",
            c[queued] - c[answered] - c[short_abandons] - c[long_abandons] - c[callback_requests],
            "queued neither answered, abandoned nor asking for a callback");
    at_most(c[abandons_within_target], "abandons within target",
            c[short_abandons] + c[long_abandons], "abandons");
    at_most(c[callback_requests_within_target], "callback requests within target",
            c[callback_requests], "callback requests");
    for (const auto& [count, name] :
         {std::pair{transferred_out, "transferred out"},
          std::pair{transferred_in, "transferred in"}, std::pair{callbacks, "callbacks"}}) {
        at_most(c[count], name, c[contacts_count], "contacts");
    }
    for (const auto& [count, name] :
         {std::pair{outbound_handled, "outbound handled"}, std::pair{held, "held"},
          std::pair{survey_responses, "survey responses"}}) {
        at_most(c[count], name, c[handled_count], "handled");
    }
    at_most(abandon_wait_.count(), "abandoned waits", c[short_abandons] + c[long_abandons],
            "abandons");
    for (const auto& [mean, name] :
         {std::pair{&talk_, "talk times"}, std::pair{&hold_, "hold times"},
          std::pair{&acw_, "after-contact work times"}}) {
        at_most(mean->count(), name, c[handled_count], "handled");
    }
    if (std::isnan(max_wait_) != (c[queued] == 0)) {
        in.fail(
            fmt::format("the longest wait is {} with {} queued contacts", max_wait_, c[queued]));
    }
    at_most(first_response_.values().size(), "first-response samples", c[contacts_count],
            "contacts");
    at_most(resolution_.values().size(), "resolution samples", c[contacts_count], "contacts");
    // A business time for every time, and none without.
    for (const auto& [business, calendar, name] :
         {std::tuple{&first_response_business_, &first_response_, "first-response"},
          std::tuple{&resolution_business_, &resolution_, "resolution"}}) {
        const std::size_t expected = conventions_.business_hours ? calendar->values().size() : 0;
        if (business->values().size() != expected) {
            in.fail(fmt::format("{} {} business samples for {} calendar ones", name,
                                business->values().size(), calendar->values().size()));
        }
    }
}

std::vector<std::byte> KpiAccumulator::to_bytes() const {
    ReportOptions options;
    options.csat = conventions_.csat_scale;
    options.service_level_seconds = conventions_.sl_seconds;
    options.short_abandon_seconds = conventions_.short_abandon_seconds;
    options.abandon_mode = conventions_.abandon_mode;
    options.fcr_mode = conventions_.fcr_mode;
    options.definitions = conventions_.definitions;
    options.genesys = conventions_.genesys;
    options.first_response_target_seconds = conventions_.first_response_target;
    options.resolution_target_seconds = conventions_.resolution_target;
    if (conventions_.business_hours) {
        options.business_hours = *conventions_.business_hours;
    }
    options.sla_basis = conventions_.sla_basis;
    detail::ByteWriter out(detail::StateKind::kpi_accumulator, 64 + body_bytes());
    detail::write_kpi_options(out, options);
    write_body(out);
    return std::move(out).finish();
}

KpiAccumulator KpiAccumulator::from_bytes(std::span<const std::byte> bytes) {
    auto in = detail::ByteReader::unframe(bytes, detail::StateKind::kpi_accumulator);
    ReportOptions options;
    detail::read_kpi_options(in, options);
    KpiAccumulator acc(options);
    acc.read_body(in);
    in.finish();
    return acc;
}

}  // namespace cskpi
