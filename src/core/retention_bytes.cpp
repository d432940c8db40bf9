// RetentionAccumulator in the saved-state format (docs/state-format.md): period and offset,
// the record counts, and each customer's active periods (the first, then the gaps).

#include <fmt/format.h>

#include "cskpi/detail/state_bytes.hpp"
#include "cskpi/retention_report.hpp"
#include "period_range.hpp"

namespace cskpi {

std::vector<std::byte> RetentionAccumulator::to_bytes() const {
    detail::ByteWriter out(detail::StateKind::retention_accumulator);
    out.u8(static_cast<std::uint8_t>(period_));
    out.svarint(zone_.fixed_offset().minutes.count());
    out.text(zone_.name());
    out.varint(records_);
    out.varint(skipped_);
    out.varint(customers_.size());
    for (const auto& [customer, periods] : customers_) {
        out.text(customer);
        out.varint(periods.size());
        std::int64_t previous = 0;
        for (std::size_t i = 0; i < periods.size(); ++i) {
            // The gaps are positive (the periods ascend) and small.
            if (i == 0) {
                out.svarint(periods[0]);
            } else {
                out.varint(static_cast<std::uint64_t>(periods[i] - previous));
            }
            previous = periods[i];
        }
    }
    return std::move(out).finish();
}

namespace {

std::vector<std::int64_t> read_periods(detail::ByteReader& in, detail::PeriodRange reachable) {
    const std::size_t n = in.count("a customer's periods", 1);
    if (n == 0) {
        in.fail("a customer has no active period");
    }
    std::vector<std::int64_t> periods(n);
    periods[0] = in.svarint();
    if (!reachable.contains(periods[0])) {
        in.fail(fmt::format("a period index {} is outside {} to {}", periods[0], reachable.lowest,
                            reachable.highest));
    }
    for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t gap = in.varint();
        if (gap == 0 || gap > static_cast<std::uint64_t>(reachable.highest - periods[i - 1])) {
            in.fail(fmt::format("a gap of {} periods after index {} is not within {} to {}", gap,
                                periods[i - 1], 1, reachable.highest - periods[i - 1]));
        }
        periods[i] = periods[i - 1] + static_cast<std::int64_t>(gap);
    }
    return periods;
}

}  // namespace

RetentionAccumulator RetentionAccumulator::from_bytes(std::span<const std::byte> bytes) {
    auto in = detail::ByteReader::unframe(bytes, detail::StateKind::retention_accumulator);
    const std::uint8_t period = in.u8();
    if (period > static_cast<std::uint8_t>(Period::hour)) {
        in.fail(fmt::format("the period is {}, not one this cskpi knows", period));
    }
    const std::int64_t offset = in.svarint();
    if (offset <= -24 * 60 || offset >= 24 * 60) {
        in.fail(fmt::format("the UTC offset is {} minutes, beyond ±23:59", offset));
    }
    const std::string_view name = in.text("the time zone");
    TimeZone zone{UtcOffset{std::chrono::minutes{offset}}};
    if (!name.empty()) {
        try {
            zone = TimeZone{name};
        } catch (const InvalidArgument&) {
            in.fail(fmt::format("the time zone \"{}\" is not one of the tz database", name));
        }
    }
    RetentionAccumulator acc(static_cast<Period>(period), std::move(zone));
    acc.records_ = in.varint();
    acc.skipped_ = in.varint();
    const detail::PeriodRange reachable = detail::reachable_periods(acc.period_);
    const std::size_t customers = in.count("the customers", 3);
    for (std::size_t i = 0; i < customers; ++i) {
        const std::string_view customer = in.text("a customer id");
        if (customer.empty()) {
            in.fail("a customer id is empty");
        }
        std::vector<std::int64_t> periods = read_periods(in, reachable);
        acc.pairs_ += periods.size();
        if (!acc.customers_.emplace(std::string(customer), std::move(periods)).second) {
            in.fail(fmt::format("the customer \"{}\" repeats", customer));
        }
    }
    if (acc.pairs_ > acc.records_) {
        in.fail(fmt::format("{} customer periods from {} records", acc.pairs_, acc.records_));
    }
    in.finish();
    return acc;
}

}  // namespace cskpi
