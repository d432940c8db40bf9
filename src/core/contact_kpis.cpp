#include "cskpi/contact_kpis.hpp"

#include <string>

#include "cskpi/detail/check.hpp"
#include "handle_total.hpp"

namespace cskpi {

Rate fcr(std::uint64_t resolved_first_contact, std::uint64_t inquiries) {
    detail::require(resolved_first_contact <= inquiries, "fcr", "resolved_first_contact",
                    resolved_first_contact, "exceeds inquiries = " + detail::value_text(inquiries));
    return make_rate(resolved_first_contact, inquiries);
}

void validate(const CsatScale& scale) {
    detail::require(scale.points >= 2, "CsatScale", "points", scale.points, "must be at least 2");
    detail::require(scale.threshold >= 1 && scale.threshold <= scale.points, "CsatScale",
                    "threshold", scale.threshold,
                    "is outside the scale 1.." + detail::value_text(scale.points));
}

bool is_satisfied(int answer, const CsatScale& scale) {
    validate(scale);
    detail::require(answer >= 1 && answer <= scale.points, "is_satisfied", "answer", answer,
                    "is outside the scale 1.." + detail::value_text(scale.points));
    return answer >= scale.threshold;
}

Rate csat(std::uint64_t satisfied, std::uint64_t responses) {
    detail::require(satisfied <= responses, "csat", "satisfied", satisfied,
                    "exceeds responses = " + detail::value_text(responses));
    return make_rate(satisfied, responses);
}

CsatScore csat_from_answers(std::span<const int> answers, const CsatScale& scale) {
    validate(scale);
    std::uint64_t satisfied = 0;
    Mean mean;
    for (int answer : answers) {
        satisfied += is_satisfied(answer, scale) ? 1U : 0U;
        mean.add(answer);
    }
    return {make_rate(satisfied, answers.size()), mean};
}

CesScore ces_from_answers(std::span<const int> answers, int points) {
    detail::require(points >= 5, "ces_from_answers", "points", points, "must be at least 5");
    std::uint64_t agree = 0;
    Mean mean;
    for (int answer : answers) {
        detail::require(answer >= 1 && answer <= points, "ces_from_answers", "answer", answer,
                        "is outside the scale 1.." + detail::value_text(points));
        agree += answer >= 5 ? 1U : 0U;
        mean.add(answer);
    }
    return {mean, make_rate(agree, answers.size())};
}

std::optional<double> handle_time(std::optional<double> handle, std::optional<double> talk,
                                  std::optional<double> hold, std::optional<double> wrap) {
    const auto check = [](const std::optional<double>& part, const char* name) {
        if (part) {
            detail::require_non_negative(*part, "handle_time", name);
        }
    };
    check(handle, "handle");
    if (!handle) {
        check(talk, "talk");
        check(hold, "hold");
        check(wrap, "wrap");
    }
    return detail::handle_total(handle, talk, hold, wrap);
}

std::optional<double> aht(double total_handle_seconds, std::uint64_t contacts) {
    detail::require_non_negative(total_handle_seconds, "aht", "total_handle_seconds");
    if (contacts == 0) {
        return std::nullopt;
    }
    return total_handle_seconds / static_cast<double>(contacts);
}

std::optional<double> aht(double total_talk_seconds, double total_hold_seconds,
                          double total_wrap_seconds, std::uint64_t contacts) {
    detail::require_non_negative(total_talk_seconds, "aht", "total_talk_seconds");
    detail::require_non_negative(total_hold_seconds, "aht", "total_hold_seconds");
    detail::require_non_negative(total_wrap_seconds, "aht", "total_wrap_seconds");
    return aht(total_talk_seconds + total_hold_seconds + total_wrap_seconds, contacts);
}

}  // namespace cskpi
