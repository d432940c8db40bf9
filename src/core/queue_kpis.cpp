#include "cskpi/queue_kpis.hpp"

#include "cskpi/detail/check.hpp"

namespace cskpi {

std::optional<double> asa(double total_wait_seconds_answered, std::uint64_t answered) {
    detail::require_non_negative(total_wait_seconds_answered, "asa", "total_wait_seconds_answered");
    if (answered == 0) {
        return std::nullopt;
    }
    return total_wait_seconds_answered / static_cast<double>(answered);
}

std::string_view to_string(AbandonMode mode) noexcept {
    switch (mode) {
        case AbandonMode::ignore:
            return "ignore";
        case AbandonMode::count_for:
            return "for";
        case AbandonMode::count_against:
            break;
    }
    return "against";
}

std::optional<AbandonMode> parse_abandon_mode(std::string_view name) noexcept {
    if (name == "against") {
        return AbandonMode::count_against;
    }
    if (name == "ignore") {
        return AbandonMode::ignore;
    }
    if (name == "for") {
        return AbandonMode::count_for;
    }
    return std::nullopt;
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

}  // namespace cskpi
