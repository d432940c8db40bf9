#include "cskpi/report_options.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <utility>

#include "cskpi/detail/check.hpp"
#include "enum_names.hpp"

namespace cskpi {
namespace {

constexpr detail::EnumNames<Dimension, 5> kDimensionNames{{
    {Dimension::agent_id, "agent_id"},
    {Dimension::queue, "queue"},
    {Dimension::team, "team"},
    {Dimension::channel, "channel"},
    {Dimension::customer_id, "customer_id"},
}};

constexpr detail::EnumNames<FcrMode, 3> kFcrModeNames{{
    {FcrMode::case_based, "case"},
    {FcrMode::window, "window"},
    {FcrMode::flag, "flag"},
}};

}  // namespace

std::string_view to_string(Dimension dimension) noexcept {
    return detail::name_of(kDimensionNames, dimension);
}

std::optional<Dimension> parse_dimension(std::string_view name) noexcept {
    return detail::value_of(kDimensionNames, name);
}

std::string_view to_string(FcrMode mode) noexcept {
    return detail::name_of(kFcrModeNames, mode);
}

std::optional<FcrMode> parse_fcr_mode(std::string_view name) noexcept {
    return detail::value_of(kFcrModeNames, name);
}

FcrMode default_fcr_mode(Definitions definitions) noexcept {
    switch (definitions) {
        case Definitions::amazon_connect:
        case Definitions::genesys:
            return FcrMode::window;
        case Definitions::zendesk:
            return FcrMode::flag;
        case Definitions::standard:
            break;
    }
    return FcrMode::case_based;
}

constexpr detail::EnumNames<SlaBasis, 2> kSlaBasisNames{{
    {SlaBasis::calendar, "calendar"},
    {SlaBasis::business, "business"},
}};

std::string_view to_string(SlaBasis basis) noexcept {
    return detail::name_of(kSlaBasisNames, basis);
}

std::optional<SlaBasis> parse_sla_basis(std::string_view name) noexcept {
    return detail::value_of(kSlaBasisNames, name);
}

void validate(const ReportOptions& options) {
    validate(options.csat);
    detail::require_non_negative(options.service_level_seconds, "ReportOptions",
                                 "service_level_seconds");
    detail::require_non_negative(options.short_abandon_seconds, "ReportOptions",
                                 "short_abandon_seconds");
    for (const auto& [target, name] :
         {std::pair{options.first_response_target_seconds, "first_response_target_seconds"},
          std::pair{options.resolution_target_seconds, "resolution_target_seconds"}}) {
        if (target) {
            detail::require_non_negative(*target, "ReportOptions", name);
        }
    }
    if (options.business_hours) {
        validate(*options.business_hours);
    } else if (options.sla_basis == SlaBasis::business) {
        throw InvalidArgument("ReportOptions", "sla_basis", "business",
                              "needs a business-hours schedule");
    }
    detail::require(options.fcr_window.count() > 0, "ReportOptions", "fcr_window_ms",
                    options.fcr_window.count(), "must be > 0");
    detail::require(std::abs(options.utc_offset.minutes.count()) < 24 * 60, "ReportOptions",
                    "utc_offset_minutes", options.utc_offset.minutes.count(),
                    "must be within ±23:59");
    if (!options.time_zone.empty()) {
        try {
            [[maybe_unused]] const TimeZone zone{options.time_zone};
        } catch (const InvalidArgument&) {
            throw InvalidArgument("ReportOptions", "time_zone", options.time_zone,
                                  "is not a time zone of the tz database (an IANA name such as "
                                  "America/New_York)");
        }
    }
    for (std::size_t i = 0; i < options.group_by.size(); ++i) {
        const auto dim = options.group_by[i];
        detail::require(std::count(options.group_by.begin(), options.group_by.end(), dim) == 1,
                        "ReportOptions", "group_by", static_cast<int>(i),
                        "repeats the dimension " + std::string(to_string(dim)));
    }
}

}  // namespace cskpi
