#pragma once
/// \file
/// Records held in memory by columns (a pandas DataFrame, an Arrow table, a database
/// cursor's batch), decoded through a Mapping as CSV rows are: each column is the pointer
/// "/name", each row a record.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/input_summary.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/reader.hpp"

namespace cskpi::json {

/// One column of a RecordTable: a name and one typed value a row, viewed in place (the
/// table owns nothing: the values must outlive the reading).
///
/// A cell reaches the mapping as the JSON value it stands for: a number, an integer (also
/// read as text by text fields, as JSON's 42 is), a boolean, a string, or an instant (given
/// to the mapping as its RFC 3339 text, to the millisecond). The values of a text column are
/// strings even when they look like numbers, as in JSON: "35" is not a duration.
///
/// Example:
/// ```
/// std::vector<double> handle = {310.0, NAN, 95.5};
/// cskpi::json::TableColumn column{.name = "handle_seconds",
///                                 .type = cskpi::json::TableColumn::Type::number,
///                                 .numbers = handle};
/// ```
struct TableColumn {
    /// What the column's values are, and so which span holds them.
    enum class Type : std::uint8_t {
        number,   ///< `numbers`; a NaN is a null
        integer,  ///< `integers`
        boolean,  ///< `booleans`
        text,     ///< `texts`, UTF-8
        time,     ///< `integers`: nanoseconds since 1970-01-01T00:00:00Z, years 1 to 9999
    };

    std::string name;                           ///< Read by the mapping as the pointer "/name".
    Type type = Type::number;                   ///< Which span below holds the values.
    std::span<const double> numbers{};          ///< The values of a number column.
    std::span<const std::int64_t> integers{};   ///< Of an integer or time column.
    std::span<const bool> booleans{};           ///< Of a boolean column.
    std::span<const std::string_view> texts{};  ///< Of a text column.
    /// True where a row's value is null (missing); empty when none is.
    std::span<const bool> nulls{};

    /// Rows: the length of the span the type selects. Example: 3 for the column above.
    [[nodiscard]] std::size_t size() const noexcept;

    /// Rows [first, last) of the column: every span that holds values, and the nulls, cut to
    /// them (for a RecordTable that is a block of a larger one). Requires first <= last <=
    /// size(). Example: `column.slice(1, 3).numbers` holds NAN and 95.5.
    [[nodiscard]] TableColumn slice(std::size_t first, std::size_t last) const;
};

/// Records by columns: row i of every column is record i. Each column holds `rows` values
/// (and `nulls`, when given, as many); a table without columns has rows all the same, each a
/// record without fields.
///
/// Example:
/// ```
/// cskpi::json::RecordTable table{.rows = 2};
/// table.columns.push_back({.name = "id", .type = TableColumn::Type::text, .texts = ids});
/// table.columns.push_back({.name = "started_at", .type = TableColumn::Type::time,
///                          .integers = started_ns});
/// ```
struct RecordTable {
    std::vector<TableColumn> columns{};  ///< A repeated name: the first column counts.
    std::size_t rows = 0;                ///< Records in the table.
    /// The number errors give the first row: a table may be one slice of a larger one.
    std::uint64_t first_row = 0;
};

/// Decodes each row of `table` with `mapping`, as read_interactions decodes a record, and
/// passes the accepted interactions to `sink`. Errors name `source` and the row
/// ("frame[12]: csat: ..."). Columns the mapping does not read are ignored. Throws
/// InvalidArgument when a column or its nulls do not hold `rows` values, RecordRejected in strict
/// mode, MappingError if the mapping makes purchases.
///
/// Example: `auto summary = read_interactions(table, Mapping::canonical(), {}, sink, "frame");`
InputSummary read_interactions(const RecordTable& table, const Mapping& mapping,
                               const ReadOptions& options, const InteractionSink& sink,
                               std::string_view source);

/// Reads `table` into a report accumulator as read_interactions does, its rows split across
/// `options.threads` threads (0: all cores) whose partial states are merged; one thread for
/// de-duplicating mappings and small tables. The same report and account as one thread.
///
/// Example: `auto summary = accumulate_table(table, Mapping::canonical(), {}, acc, "frame");`
InputSummary accumulate_table(const RecordTable& table, const Mapping& mapping,
                              const ReadOptions& options, ReportAccumulator& accumulator,
                              std::string_view source);

/// A table viewed a block of rows at a time, for columns whose cells are costly to view
/// whole (a DataFrame's strings live in Python objects, scattered in memory): each block is
/// decoded while its cells are still in cache. Parts run on threads of their own, numbered
/// below `reading_threads(options)` of the read, so calls with distinct parts may overlap; a
/// call with the same part never does.
///
/// Example:
/// ```
/// std::vector<cskpi::json::RecordTable> blocks(cskpi::json::reading_threads(options));
/// cskpi::json::BlockedTable table{.rows = whole.rows,
///     .view = [&](std::size_t first, std::size_t last, unsigned part) -> const RecordTable& {
///         blocks[part] = {.rows = last - first, .first_row = first};
///         for (const auto& column : whole.columns)
///             blocks[part].columns.push_back(column.slice(first, last));
///         return blocks[part]; }};
/// ```
struct BlockedTable {
    std::size_t rows = 0;  ///< Records in the table.
    /// Rows [first, last) as a RecordTable whose `first_row` is `first`, valid until the next
    /// call with the same `part`.
    std::function<const RecordTable&(std::size_t first, std::size_t last, unsigned part)> view{};
};

/// accumulate_table of a table given a block at a time: each thread views and decodes blocks
/// of its own rows, so the viewing runs on every thread too. The same report and account as
/// the whole table read by one thread.
///
/// Example: `auto summary = accumulate_table(blocks, Mapping::canonical(), {}, acc, "frame");`
InputSummary accumulate_table(const BlockedTable& table, const Mapping& mapping,
                              const ReadOptions& options, ReportAccumulator& accumulator,
                              std::string_view source);

/// As read_interactions, for a purchase mapping.
///
/// Example: `read_purchases(table, Mapping::canonical(RecordKind::purchase), {}, sink, "t");`
InputSummary read_purchases(const RecordTable& table, const Mapping& mapping,
                            const ReadOptions& options, const PurchaseSink& sink,
                            std::string_view source);

}  // namespace cskpi::json
