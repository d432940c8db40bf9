#include "options_bytes.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace cskpi::detail {
namespace {

// An enum stored as its value, refused past its last one.
template <typename Enum>
Enum read_enum(ByteReader& in, std::string_view what, Enum last) {
    const std::uint8_t v = in.u8();
    if (v > static_cast<std::uint8_t>(last)) {
        in.fail(fmt::format("{} is {}, not one this cskpi knows", what, v));
    }
    return static_cast<Enum>(v);
}

template <typename Enum>
void write_enum(ByteWriter& out, Enum value) {
    out.u8(static_cast<std::uint8_t>(value));
}

void write_schedule(ByteWriter& out, const std::optional<BusinessSchedule>& schedule) {
    out.u8(schedule ? 1 : 0);
    if (!schedule) {
        return;
    }
    out.text(schedule->zone.name());
    out.svarint(schedule->zone.fixed_offset().minutes.count());
    for (const std::vector<OpenInterval>& day : schedule->week) {
        out.varint(day.size());
        for (const OpenInterval& open : day) {
            out.svarint(open.open_seconds);
            out.svarint(open.close_seconds);
        }
    }
    out.varint(schedule->holidays.size());
    for (const std::chrono::local_days holiday : schedule->holidays) {
        out.svarint(holiday.time_since_epoch().count());
    }
}

// Read back, the schedule is validated with the other options.
std::optional<BusinessSchedule> read_schedule(ByteReader& in) {
    if (!in.flag("the business-hours flag")) {
        return std::nullopt;
    }
    BusinessSchedule schedule;
    const std::string zone(in.text("the business-hours time zone"));
    const std::int64_t offset = in.svarint();
    if (offset <= -24 * 60 || offset >= 24 * 60) {
        in.fail(fmt::format("the business-hours UTC offset is {} minutes, beyond ±23:59", offset));
    }
    try {
        schedule.zone = make_time_zone(zone, UtcOffset{std::chrono::minutes{offset}});
    } catch (const InvalidArgument& e) {
        in.fail(fmt::format("invalid options: {}", e.what()));
    }
    const auto seconds = [&in] {
        const std::int64_t s = in.svarint();
        if (s < 0 || s > 86'400) {
            in.fail(fmt::format("a business-hours time is {} s, beyond a day", s));
        }
        return static_cast<std::int32_t>(s);
    };
    for (std::vector<OpenInterval>& day : schedule.week) {
        const std::size_t intervals = in.count("business-hours intervals", 2);
        for (std::size_t i = 0; i < intervals; ++i) {
            const std::int32_t open = seconds();
            day.push_back(OpenInterval{open, seconds()});
        }
    }
    const std::size_t holidays = in.count("holidays", 1);
    for (std::size_t i = 0; i < holidays; ++i) {
        const std::int64_t day = in.svarint();
        if (day < -(std::int64_t{1} << 40) || day > (std::int64_t{1} << 40)) {
            in.fail(fmt::format("a holiday is day {}, out of range", day));
        }
        schedule.holidays.emplace_back(std::chrono::days{day});
    }
    return schedule;
}

void require_valid(ByteReader& in, const ReportOptions& options) {
    try {
        validate(options);
    } catch (const InvalidArgument& e) {
        in.fail(fmt::format("invalid options: {}", e.what()));
    }
}

}  // namespace

void write_kpi_options(ByteWriter& out, const ReportOptions& o) {
    out.svarint(o.csat.points);
    out.svarint(o.csat.threshold);
    out.f64(o.service_level_seconds);
    out.f64(o.short_abandon_seconds);
    write_enum(out, o.abandon_mode);
    write_enum(out, o.fcr_mode);
    write_enum(out, o.definitions);
    out.u8(static_cast<std::uint8_t>(int{o.genesys.include_abandons} |
                                     int{o.genesys.include_short_abandons} << 1 |
                                     int{o.genesys.include_flow_outs} << 2));
    for (const std::optional<double>& target :
         {o.first_response_target_seconds, o.resolution_target_seconds}) {
        out.f64(target.value_or(std::numeric_limits<double>::quiet_NaN()));
    }
    write_schedule(out, o.business_hours);
    write_enum(out, o.sla_basis);
}

void read_kpi_options(ByteReader& in, ReportOptions& o) {
    const auto small_int = [&in](std::string_view what) {
        const std::int64_t v = in.svarint();
        if (v < -(std::int64_t{1} << 30) || v > (std::int64_t{1} << 30)) {
            in.fail(fmt::format("{} is {}, out of range", what, v));
        }
        return static_cast<int>(v);
    };
    o.csat.points = small_int("the CSAT scale");
    o.csat.threshold = small_int("the CSAT threshold");
    o.service_level_seconds = in.f64();
    o.short_abandon_seconds = in.f64();
    o.abandon_mode = read_enum(in, "the abandon mode", AbandonMode::count_for);
    o.fcr_mode = read_enum(in, "the FCR mode", FcrMode::flag);
    o.definitions = read_enum(in, "the definitions profile", Definitions::zendesk);
    const std::uint8_t switches = in.u8();
    if (switches > 7) {
        in.fail(fmt::format("the Genesys service-level switches are {}, not 0 to 7", switches));
    }
    o.genesys = {.include_abandons = (switches & 1) != 0,
                 .include_short_abandons = (switches & 2) != 0,
                 .include_flow_outs = (switches & 4) != 0};
    for (std::optional<double>* target :
         {&o.first_response_target_seconds, &o.resolution_target_seconds}) {
        const double seconds = in.f64();
        if (!std::isnan(seconds)) {
            *target = seconds;
        }
    }
    o.business_hours = read_schedule(in);
    o.sla_basis = read_enum(in, "the SLA basis", SlaBasis::business);
    require_valid(in, o);
}

void write_report_options(ByteWriter& out, const ReportOptions& o) {
    write_kpi_options(out, o);
    out.varint(o.group_by.size());
    for (const Dimension d : o.group_by) {
        write_enum(out, d);
    }
    out.u8(o.period ? static_cast<std::uint8_t>(*o.period) + 1 : 0);
    out.svarint(o.utc_offset.minutes.count());
    out.svarint(o.fcr_window.count());
    out.text(o.time_zone);
}

ReportOptions read_report_options(ByteReader& in) {
    ReportOptions o;
    read_kpi_options(in, o);
    const std::size_t dimensions = in.count("group_by", 1);
    for (std::size_t i = 0; i < dimensions; ++i) {
        o.group_by.push_back(read_enum(in, "a group_by dimension", Dimension::customer_id));
    }
    const std::uint8_t period = in.u8();
    if (period > static_cast<std::uint8_t>(Period::hour) + 1) {
        in.fail(fmt::format("the period is {}, not one this cskpi knows", period));
    }
    if (period != 0) {
        o.period = static_cast<Period>(period - 1);
    }
    const std::int64_t offset = in.svarint();
    if (offset <= -24 * 60 || offset >= 24 * 60) {
        in.fail(fmt::format("the UTC offset is {} minutes, beyond ±23:59", offset));
    }
    o.utc_offset.minutes = std::chrono::minutes{offset};
    o.fcr_window = std::chrono::milliseconds{in.svarint()};
    o.time_zone = std::string(in.text("the time zone"));
    require_valid(in, o);
    return o;
}

}  // namespace cskpi::detail
