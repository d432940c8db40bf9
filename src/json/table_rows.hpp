#pragma once
// Rows [first, last) of a RecordTable decoded into records: what read_interactions(table) and
// accumulate_table's threads each run. Internal.

#include <cstddef>
#include <string_view>

#include "cskpi/json/table.hpp"

namespace cskpi::json::detail {

// Checks that each column holds table.rows values; returns it. Throws InvalidArgument.
std::size_t table_rows(const RecordTable& table);

InputSummary read_table_rows(const RecordTable& table, const Mapping& mapping,
                             const ReadOptions& options, const InteractionSink& sink,
                             std::string_view source, std::size_t first, std::size_t last);

}  // namespace cskpi::json::detail
