#include "cskpi/queue_kpis.hpp"

#include <array>
#include <utility>

#include "cskpi/detail/check.hpp"
#include "enum_names.hpp"

namespace cskpi {

std::optional<double> asa(double total_wait_seconds_answered, std::uint64_t answered) {
    detail::require_non_negative(total_wait_seconds_answered, "asa", "total_wait_seconds_answered");
    if (answered == 0) {
        return std::nullopt;
    }
    return total_wait_seconds_answered / static_cast<double>(answered);
}

namespace {

constexpr detail::EnumNames<AbandonMode, 3> kAbandonModeNames{{
    {AbandonMode::count_against, "against"},
    {AbandonMode::ignore, "ignore"},
    {AbandonMode::count_for, "for"},
}};

}  // namespace

std::string_view to_string(AbandonMode mode) noexcept {
    return detail::name_of(kAbandonModeNames, mode);
}

std::optional<AbandonMode> parse_abandon_mode(std::string_view name) noexcept {
    return detail::value_of(kAbandonModeNames, name);
}

Rate service_level(const QueueCounts& c, AbandonMode mode) {
    detail::require(c.answered_within_target <= c.answered, "service_level",
                    "answered_within_target", c.answered_within_target,
                    "exceeds answered = " + detail::value_text(c.answered));
    detail::require(c.long_abandons_within_target <= c.long_abandons, "service_level",
                    "long_abandons_within_target", c.long_abandons_within_target,
                    "exceeds long_abandons = " + detail::value_text(c.long_abandons));
    switch (mode) {
        case AbandonMode::ignore:
            return make_rate(c.answered_within_target, c.answered);
        case AbandonMode::count_for:
            return make_rate(c.answered_within_target + c.long_abandons_within_target,
                             c.answered + c.long_abandons);
        case AbandonMode::count_against:
            break;
    }
    return make_rate(c.answered_within_target, c.answered + c.long_abandons);
}

Rate abandonment_rate(std::uint64_t long_abandons, std::uint64_t queued,
                      std::uint64_t short_abandons) {
    detail::require(short_abandons <= queued, "abandonment_rate", "short_abandons", short_abandons,
                    "exceeds queued = " + detail::value_text(queued));
    detail::require(
        long_abandons <= queued - short_abandons, "abandonment_rate", "long_abandons",
        long_abandons,
        "exceeds queued - short_abandons = " + detail::value_text(queued - short_abandons));
    return make_rate(long_abandons, queued - short_abandons);
}

namespace {

constexpr detail::EnumNames<Definitions, 4> kDefinitionNames{{
    {Definitions::standard, "standard"},
    {Definitions::amazon_connect, "amazon-connect"},
    {Definitions::genesys, "genesys"},
    {Definitions::zendesk, "zendesk"},
}};

// The contacts that left the queue unanswered cannot outnumber the queued ones, nor a
// "within T" count its whole.
void require_consistent(const QueueCounts& c, const char* function) {
    const std::uint64_t abandons = c.short_abandons + c.long_abandons;
    detail::require(c.answered + abandons + c.callback_requests + c.flow_outs <= c.queued, function,
                    "queued", c.queued,
                    "is less than answered + abandons + callback requests + flow-outs");
    detail::require(c.answered_within_target <= c.answered, function, "answered_within_target",
                    c.answered_within_target, "exceeds answered");
    detail::require(c.abandons_within_target <= abandons, function, "abandons_within_target",
                    c.abandons_within_target, "exceeds the abandons");
    detail::require(c.callback_requests_within_target <= c.callback_requests, function,
                    "callback_requests_within_target", c.callback_requests_within_target,
                    "exceeds callback_requests");
}

}  // namespace

std::string_view to_string(Definitions definitions) noexcept {
    return detail::name_of(kDefinitionNames, definitions);
}

std::optional<Definitions> parse_definitions(std::string_view name) noexcept {
    return detail::value_of(kDefinitionNames, name);
}

Rate connect_service_level(const QueueCounts& c) {
    require_consistent(c, "connect_service_level");
    return make_rate(
        c.answered_within_target + c.abandons_within_target + c.callback_requests_within_target,
        c.queued);
}

Rate abandoned_of_queued(const QueueCounts& c) {
    require_consistent(c, "abandoned_of_queued");
    return make_rate(c.short_abandons + c.long_abandons, c.queued);
}

Rate genesys_service_level(const QueueCounts& c, const GenesysServiceLevel& switches) {
    require_consistent(c, "genesys_service_level");
    std::uint64_t offered = c.answered;
    if (switches.include_abandons) {
        offered += c.long_abandons + (switches.include_short_abandons ? c.short_abandons : 0);
    }
    if (switches.include_flow_outs) {  // Genesys counts a callback request as a flow-out
        offered += c.flow_outs + c.callback_requests;
    }
    return make_rate(c.answered_within_target, offered);
}

}  // namespace cskpi
