#include "cskpi/record_validation.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>

#include "handle_total.hpp"

namespace cskpi {
namespace {

bool duration_ok(const std::optional<double>& value) noexcept {
    // NaN fails both comparisons; infinity fails the second.
    return !value || (*value >= 0.0 && *value <= std::numeric_limits<double>::max());
}

bool answer_ok(const std::optional<int>& value, int low, int high) noexcept {
    return !value || (*value >= low && *value <= high);
}

std::optional<RecordIssue> check_duration(const std::optional<double>& value, const char* field) {
    if (!duration_ok(value)) {
        return RecordIssue{field, "out_of_range",
                           fmt::format("{} = {} must be a finite number >= 0", field, *value)};
    }
    return std::nullopt;
}

std::optional<RecordIssue> check_answer(const std::optional<int>& value, const char* field, int low,
                                        int high, const char* scale_name) {
    if (!answer_ok(value, low, high)) {
        return RecordIssue{
            field, "out_of_range",
            fmt::format("{} = {} is outside the {} {}..{}", field, *value, scale_name, low, high)};
    }
    return std::nullopt;
}

// Without handle_seconds the handle time (detail::handle_total) is talk + hold + wrap, which
// can overflow though each part is finite: refused here, so that no valid record makes a
// KPI infinite (or a mean throw halfway through adding a record).
bool parts_sum_ok(const Interaction& r) noexcept {
    const std::optional<double> handle =
        detail::handle_total(r.handle_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds);
    return !handle || *handle <= std::numeric_limits<double>::max();
}

// A contact leaves the queue one way, and one that left it unanswered was not handled.
bool outcome_ok(const Interaction& r) noexcept {
    const int exits = int{r.abandoned} + int{r.flowed_out} + int{r.callback_requested};
    return exits == 0 || (exits == 1 && r.handled != true);
}

std::optional<RecordIssue> check_outcome(const Interaction& r) {
    if (outcome_ok(r)) {
        return std::nullopt;
    }
    const char* field = r.abandoned    ? "abandoned"
                        : r.flowed_out ? "flowed_out"
                                       : "callback_requested";
    return RecordIssue{field, "conflict",
                       "abandoned, flowed_out and callback_requested exclude each other and "
                       "handled = true: a contact leaves the queue one way"};
}

// The common case, a valid record, first and cheaply; the detailed checks below run only
// when this fails, to say what is wrong.
bool valid(const Interaction& r, const CsatScale& scale) noexcept {
    return !r.id.empty() && duration_ok(r.wait_seconds) && duration_ok(r.talk_seconds) &&
           duration_ok(r.hold_seconds) && duration_ok(r.wrap_seconds) &&
           duration_ok(r.handle_seconds) && duration_ok(r.first_response_seconds) &&
           duration_ok(r.resolution_seconds) && answer_ok(r.csat, 1, scale.points) &&
           answer_ok(r.nps, 0, 10) && answer_ok(r.ces, 1, 7) &&
           (!r.revenue || std::isfinite(*r.revenue)) && parts_sum_ok(r) && outcome_ok(r);
}

}  // namespace

std::optional<RecordIssue> check_interaction(const Interaction& r, const CsatScale& scale) {
    if (valid(r, scale)) {
        return std::nullopt;
    }
    if (r.id.empty()) {
        return RecordIssue{"id", "missing_field", "id is required"};
    }
    for (const auto& [value, field] :
         {std::pair{&r.wait_seconds, "wait_seconds"}, std::pair{&r.talk_seconds, "talk_seconds"},
          std::pair{&r.hold_seconds, "hold_seconds"}, std::pair{&r.wrap_seconds, "wrap_seconds"},
          std::pair{&r.handle_seconds, "handle_seconds"},
          std::pair{&r.first_response_seconds, "first_response_seconds"},
          std::pair{&r.resolution_seconds, "resolution_seconds"}}) {
        if (auto issue = check_duration(*value, field)) {
            return issue;
        }
    }
    if (auto issue = check_answer(r.csat, "csat", 1, scale.points, "scale")) {
        return issue;
    }
    if (auto issue = check_answer(r.nps, "nps", 0, 10, "range")) {
        return issue;
    }
    if (auto issue = check_answer(r.ces, "ces", 1, 7, "scale")) {
        return issue;
    }
    if (r.revenue && !std::isfinite(*r.revenue)) {
        return RecordIssue{"revenue", "out_of_range", "revenue must be a finite number"};
    }
    if (!parts_sum_ok(r)) {
        return RecordIssue{"handle_seconds", "out_of_range",
                           "talk_seconds + hold_seconds + wrap_seconds, the handle time without "
                           "handle_seconds, is beyond the largest finite number"};
    }
    return check_outcome(r);
}

std::optional<RecordIssue> check_purchase(const Purchase& p) {
    if (p.customer_id.empty()) {
        return RecordIssue{"customer_id", "missing_field", "customer_id is required"};
    }
    if (!std::isfinite(p.amount)) {
        return RecordIssue{"amount", "out_of_range", "amount must be a finite number"};
    }
    if (std::abs(p.amount) > max_purchase_amount) {
        return RecordIssue{"amount", "out_of_range",
                           fmt::format("amount = {} is beyond +-{:.0e}, the largest amount allowed",
                                       p.amount, max_purchase_amount)};
    }
    return std::nullopt;
}

}  // namespace cskpi
