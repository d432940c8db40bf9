#include "cskpi/json/table.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "collector.hpp"
#include "compiled_mapping.hpp"
#include "csv.hpp"
#include "decode.hpp"
#include "nested.hpp"
#include "table_rows.hpp"
#include "timestamp_text.hpp"

namespace cskpi::json {

std::size_t TableColumn::size() const noexcept {
    switch (type) {
        case Type::number:
            return numbers.size();
        case Type::integer:
        case Type::time:
            return integers.size();
        case Type::boolean:
            return booleans.size();
        case Type::text:
            return texts.size();
    }
    return 0;
}

TableColumn TableColumn::slice(std::size_t first, std::size_t last) const {
    TableColumn part = *this;
    const auto cut = [&](auto span) {
        return span.empty() ? span : span.subspan(first, last - first);
    };
    part.numbers = cut(numbers);
    part.integers = cut(integers);
    part.booleans = cut(booleans);
    part.texts = cut(texts);
    part.nulls = cut(nulls);
    return part;
}

namespace detail {
namespace {

using Type = Captured::Type;

// Which slot each column fills (-1: none), as a CSV header's names do.
std::vector<int> column_slots(const RecordTable& table, const CompiledMapping& m) {
    std::vector<int> slots;
    std::vector<bool> taken(m.slot_count, false);
    for (const TableColumn& column : table.columns) {
        slots.push_back(column_slot(m, column.name, taken));
    }
    return slots;
}

}  // namespace

std::size_t table_rows(const RecordTable& table) {
    for (const TableColumn& column : table.columns) {
        if (column.size() != table.rows ||
            (!column.nulls.empty() && column.nulls.size() != table.rows)) {
            throw InvalidArgument(
                "RecordTable",
                fmt::format("column \"{}\" has {} values and {} nulls in a "
                            "table of {} rows",
                            column.name, column.size(), column.nulls.size(), table.rows));
        }
    }
    return table.rows;
}

namespace {

using TimeText = std::array<char, kRfc3339Bytes>;

// A cell as the JSON value it stands for. A time is written as RFC 3339 text into `scratch`,
// so timestamp fields take it the way they take every other input.
void capture(const TableColumn& column, std::size_t row, TimeText& scratch, Captured& c) {
    c = Captured{};
    if (!column.nulls.empty() && column.nulls[row]) {
        c.type = Type::null;
        return;
    }
    switch (column.type) {
        case TableColumn::Type::number:
            c.number = column.numbers[row];
            c.type = std::isnan(c.number) ? Type::null : Type::number;
            return;
        case TableColumn::Type::integer:
            c.type = Type::number;
            c.integral = true;
            c.integer = column.integers[row];
            c.number = static_cast<double>(c.integer);
            return;
        case TableColumn::Type::boolean:
            c.type = Type::boolean;
            c.boolean = column.booleans[row];
            return;
        case TableColumn::Type::text:
            c.type = Type::string;
            c.text = column.texts[row];
            return;
        case TableColumn::Type::time: {
            const std::chrono::sys_time<std::chrono::nanoseconds> at{
                std::chrono::nanoseconds(column.integers[row])};
            const Timestamp t = std::chrono::floor<std::chrono::milliseconds>(at);
            c.type = Type::string;
            c.text = std::string_view(scratch.data(), write_rfc3339(t, scratch.data()));
            return;
        }
    }
}

// Decodes rows [first, last) of `table` into `collector`; `slots` and `scratch` are the
// caller's, kept across blocks.
template <typename Record>
void decode_rows(const RecordTable& table, const std::vector<int>& column_slot,
                 const CompiledMapping& m, const ReadOptions& options, std::size_t first,
                 std::size_t last, std::vector<Captured>& slots, std::vector<TimeText>& scratch,
                 Collector<Record>& collector) {
    for (std::size_t row = first; row < last; ++row) {
        for (Captured& slot : slots) {
            slot.type = Type::missing;
        }
        for (std::size_t i = 0; i < column_slot.size(); ++i) {
            if (const int s = column_slot[i]; s >= 0) {
                capture(table.columns[i], row, scratch[i], slots[static_cast<std::size_t>(s)]);
            }
        }
        fill_nested_without_tree(m, slots);
        collector.take(Position{std::nullopt, table.first_row + row},
                       decode_record<Record>(m, slots, options.csat));
    }
}

template <typename Record>
InputSummary read_table(const RecordTable& table, const Mapping& mapping,
                        const ReadOptions& options, const std::function<void(Record&&)>& sink,
                        std::string_view source) {
    const CompiledMapping& m = mapping.compiled();
    require_record_kind<Record>(m);
    const std::size_t rows = table_rows(table);
    Collector<Record> collector(options, std::string(source), sink, m);
    std::vector<Captured> slots(m.slot_count);
    std::vector<TimeText> scratch(table.columns.size());
    decode_rows(table, column_slots(table, m), m, options, 0, rows, slots, scratch, collector);
    return collector.finish();
}

// Rows a block: a block's cells (for a DataFrame, its strings' objects) stay in cache from
// their viewing to their decoding.
constexpr std::size_t kBlockRows = 4096;

}  // namespace

InputSummary read_table_rows(const BlockedTable& table, const Mapping& mapping,
                             const ReadOptions& options, const InteractionSink& sink,
                             std::string_view source, unsigned part, std::size_t first,
                             std::size_t last) {
    const CompiledMapping& m = mapping.compiled();
    require_record_kind<Interaction>(m);
    Collector<Interaction> collector(options, std::string(source), sink, m);
    std::vector<Captured> slots(m.slot_count);
    std::vector<TimeText> scratch;
    for (std::size_t block = first; block < last; block += kBlockRows) {
        const RecordTable& rows = table.view(block, std::min(last, block + kBlockRows), part);
        if (table_rows(rows) != std::min(last, block + kBlockRows) - block) {
            throw InvalidArgument("BlockedTable",
                                  "a block of " + std::to_string(rows.rows) + " rows where " +
                                      std::to_string(last - block) + " were asked for");
        }
        scratch.resize(rows.columns.size());
        decode_rows(rows, column_slots(rows, m), m, options, 0, rows.rows, slots, scratch,
                    collector);
    }
    return collector.finish();
}

}  // namespace detail

InputSummary read_interactions(const RecordTable& table, const Mapping& mapping,
                               const ReadOptions& options, const InteractionSink& sink,
                               std::string_view source) {
    return detail::read_table<Interaction>(table, mapping, options, sink, source);
}

InputSummary read_purchases(const RecordTable& table, const Mapping& mapping,
                            const ReadOptions& options, const PurchaseSink& sink,
                            std::string_view source) {
    return detail::read_table<Purchase>(table, mapping, options, sink, source);
}

}  // namespace cskpi::json
