#pragma once
// Rows of a table decoded into records, for accumulate_table's threads. Internal.

#include <cstddef>
#include <string_view>

#include "cskpi/json/table.hpp"

namespace cskpi::json::detail {

// Checks that each column holds table.rows values; returns it. Throws InvalidArgument.
std::size_t table_rows(const RecordTable& table);

// Rows [first, last) of `table`, viewed a block at a time as `part`, decoded into
// interactions for `sink`: what each of accumulate_table's threads runs.
InputSummary read_table_rows(const BlockedTable& table, const Mapping& mapping,
                             const ReadOptions& options, const InteractionSink& sink,
                             std::string_view source, unsigned part, std::size_t first,
                             std::size_t last);

}  // namespace cskpi::json::detail
