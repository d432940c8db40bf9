// The report state in the saved-state format (docs/state-format.md): options, the interned
// group values, each group's key and KPI state, the FCR cases and the window contacts.

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cskpi/detail/state_bytes.hpp"
#include "engine_access.hpp"
#include "options_bytes.hpp"
#include "period_range.hpp"
#include "report_state.hpp"

namespace cskpi {
namespace {

// A case's flags byte: its handled contacts (1, or 2 for more), whether the first was
// resolved, whether any carried `resolved`, and whether the first id is the key itself.
constexpr std::uint8_t kHandledBits = 3;
constexpr std::uint8_t kFirstResolved = 4;
constexpr std::uint8_t kHasResolutionFlag = 8;
constexpr std::uint8_t kIdIsKey = 16;

// The fewest bytes a group's KPI state takes (15 counts, 4 means, 2 sample counts): bounds
// the group count a payload can claim.
constexpr std::size_t kMinGroupBytes = 15 + 4 * 26 + 2;

void write_case(detail::ByteWriter& out, const detail::CaseSummary& c) {
    const bool id_is_key = c.first_id == c.key;
    out.text(c.key);
    out.u8(static_cast<std::uint8_t>(c.handled | (c.first_resolved ? kFirstResolved : 0) |
                                     (c.has_resolution_flag ? kHasResolutionFlag : 0) |
                                     (id_is_key ? kIdIsKey : 0)));
    out.svarint(c.first_at_ms);
    if (!id_is_key) {
        out.text(c.first_id);
    }
    out.varint(c.group);
}

std::uint32_t read_group(detail::ByteReader& in, std::size_t groups, std::string_view what) {
    const std::uint64_t g = in.varint();
    if (g >= groups) {
        in.fail(fmt::format("{} names group {} of {}", what, g, groups));
    }
    return static_cast<std::uint32_t>(g);
}

detail::CaseSummary read_case(detail::ByteReader& in, std::size_t groups) {
    detail::CaseSummary c{};
    c.key = in.text("a case key");
    const std::uint8_t flags = in.u8();
    c.handled = flags & kHandledBits;
    if (c.handled == 0 || c.handled == 3 || flags > 31) {
        in.fail(fmt::format("a case's flags are {}, not those of a case", flags));
    }
    c.first_resolved = (flags & kFirstResolved) != 0;
    c.has_resolution_flag = (flags & kHasResolutionFlag) != 0;
    c.first_at_ms = in.svarint();
    c.first_id = (flags & kIdIsKey) != 0 ? c.key : in.text("a first contact id");
    c.group = read_group(in, groups, "a case");
    return c;
}

}  // namespace

std::size_t ReportAccumulator::State::byte_estimate() const {
    std::size_t bytes = 64;
    for (const detail::InternTable& table : values) {
        bytes += table.memory_bytes();
    }
    for (const detail::Group& g : groups) {
        bytes += detail::EngineAccess::body_bytes(g.acc);
    }
    const auto add_case = [&bytes](const detail::CaseSummary& c) {
        bytes += 20 + c.key.size() + (c.first_id == c.key ? 0 : c.first_id.size());
    };
    cases.for_each_case(add_case);
    single_group_cases.for_each_case(add_case);
    window_contacts.for_each([&bytes](std::uint32_t, std::int64_t, std::string_view id,
                                      std::uint32_t, std::uint8_t) { bytes += 30 + id.size(); });
    return bytes + window_contacts.customers().memory_bytes();
}

void ReportAccumulator::State::write(detail::ByteWriter& out) const {
    detail::write_report_options(out, options);
    out.varint(records);
    for (const detail::InternTable& table : values) {
        out.varint(table.size());
        for (std::uint32_t id = 0; id < table.size(); ++id) {
            out.text(table.value(id));
        }
    }
    out.varint(groups.size());
    for (const detail::Group& g : groups) {
        for (std::size_t d = 0; d < options.group_by.size(); ++d) {
            out.varint(g.key.ids[d]);
        }
        if (options.period) {
            out.svarint(g.key.period);
        }
        detail::EngineAccess::write_body(out, g.acc);
    }
    std::size_t case_count = 0;
    const auto count_case = [&case_count](const detail::CaseSummary&) { ++case_count; };
    cases.for_each_case(count_case);
    single_group_cases.for_each_case(count_case);
    out.varint(case_count);
    const auto write = [&out](const detail::CaseSummary& c) { write_case(out, c); };
    cases.for_each_case(write);
    single_group_cases.for_each_case(write);
    const detail::InternTable& customers = window_contacts.customers();
    out.varint(customers.size());
    for (std::uint32_t k = 0; k < customers.size(); ++k) {
        out.text(customers.value(k));
    }
    std::size_t contacts = 0;
    window_contacts.for_each([&contacts](auto&&...) { ++contacts; });
    out.varint(contacts);
    window_contacts.for_each([&out](std::uint32_t customer, std::int64_t at_ms, std::string_view id,
                                    std::uint32_t group, std::uint8_t resolution) {
        out.varint(customer);
        out.svarint(at_ms);
        out.text(id);
        out.varint(group);
        out.u8(resolution);
    });
}

std::unique_ptr<ReportAccumulator::State> ReportAccumulator::State::read(detail::ByteReader& in) {
    ReportOptions options = detail::read_report_options(in);
    auto s = std::make_unique<State>(std::move(options));
    s->records = in.varint();
    s->read_groups(in);
    s->read_cases(in);
    s->read_window_contacts(in);
    in.finish();
    return s;
}

void ReportAccumulator::State::read_groups(detail::ByteReader& in) {
    const std::size_t dimensions = options.group_by.size();
    for (std::size_t d = 0; d < dimensions; ++d) {
        const std::size_t n = in.count("a dimension's values", 1);
        for (std::size_t id = 0; id < n; ++id) {
            const std::string_view value = in.text("a group value");
            if (intern(d, value) != id) {
                in.fail(fmt::format("the value \"{}\" of dimension {} repeats", value,
                                    to_string(options.group_by[d])));
            }
        }
    }
    const std::size_t group_count = in.count("the groups", kMinGroupBytes);
    const detail::PeriodRange reachable =
        detail::reachable_periods(options.period.value_or(Period::day));
    std::uint64_t contacts = 0;
    for (std::size_t g = 0; g < group_count; ++g) {
        detail::PackedKey key;
        for (std::size_t d = 0; d < dimensions; ++d) {
            const std::uint64_t id = in.varint();
            if (id >= values[d].size()) {
                in.fail(fmt::format("a group names value {} of {} in dimension {}", id,
                                    values[d].size(), to_string(options.group_by[d])));
            }
            key.ids[d] = static_cast<std::uint32_t>(id);
        }
        if (options.period) {
            key.period = in.svarint();
            if (!reachable.contains(key.period)) {
                in.fail(fmt::format("a group's period index {} is outside {} to {}", key.period,
                                    reachable.lowest, reachable.highest));
            }
        }
        if (group_of(key) != g) {
            in.fail("a group's key repeats an earlier group's");
        }
        detail::EngineAccess::read_body(in, groups[g].acc);
        contacts += groups[g].acc.contacts();
    }
    if (contacts != records) {
        in.fail(fmt::format("the groups hold {} records, the state says {}", contacts, records));
    }
    if (one_group() && group_count > 1) {
        in.fail(fmt::format("a report without grouping has {} groups", group_count));
    }
}

void ReportAccumulator::State::read_cases(detail::ByteReader& in) {
    const std::size_t n = in.count("the FCR cases", 4);
    if (n > 0 && options.fcr_mode != FcrMode::case_based) {
        in.fail(fmt::format("FCR mode {} keeps no cases, but the state has {}",
                            to_string(options.fcr_mode), n));
    }
    // A block of cases at a time: the table takes them as a batch does (its lookups
    // overlapped), without a copy of every case's summary.
    cases.reserve(n);
    constexpr std::size_t kBlock = 4096;
    std::vector<detail::CaseSummary> block;
    block.reserve(std::min(n, kBlock));
    for (std::size_t first = 0; first < n; first += kBlock) {
        block.clear();
        for (std::size_t i = first; i < std::min(n, first + kBlock); ++i) {
            block.push_back(read_case(in, groups.size()));
        }
        cases.add_cases(
            block.size(), [&block](std::size_t i) { return block[i]; }, KeyOrder(*this));
    }
}

void ReportAccumulator::State::read_window_contacts(detail::ByteReader& in) {
    const std::size_t customers = in.count("the window customers", 1);
    std::vector<std::string_view> customer(customers);
    for (std::string_view& c : customer) {
        c = in.text("a customer id");
    }
    const std::size_t n = in.count("the window contacts", 5);
    if (n > 0 && options.fcr_mode != FcrMode::window) {
        in.fail(fmt::format("FCR mode {} keeps no window contacts, but the state has {}",
                            to_string(options.fcr_mode), n));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = in.varint();
        if (k >= customers) {
            in.fail(fmt::format("a window contact names customer {} of {}", k, customers));
        }
        const std::int64_t at_ms = in.svarint();
        const std::string_view id = in.text("a contact id");
        const std::uint32_t group = read_group(in, groups.size(), "a window contact");
        const std::uint8_t resolution = in.u8();
        if (resolution > 2) {
            in.fail(fmt::format("a window contact's resolution is {}, not 0, 1 or 2", resolution));
        }
        window_contacts.add(customer[k], Timestamp(std::chrono::milliseconds(at_ms)), id, group,
                            resolution == 0 ? std::nullopt : std::optional<bool>(resolution == 2));
    }
}

std::vector<std::byte> ReportAccumulator::to_bytes() const {
    // Sized once up front: growing by doubling copies and faults in far more memory.
    detail::ByteWriter out(detail::StateKind::report_accumulator, state().byte_estimate());
    state().write(out);
    return std::move(out).finish();
}

ReportAccumulator ReportAccumulator::from_bytes(std::span<const std::byte> bytes) {
    auto in = detail::ByteReader::unframe(bytes, detail::StateKind::report_accumulator);
    ReportAccumulator acc;
    acc.state_ = State::read(in);
    return acc;
}

}  // namespace cskpi
