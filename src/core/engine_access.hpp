#pragma once
// What the report engine reaches inside the public types: a batch's columns, and adding
// records it has already checked. One door, so that the public headers expose no engine hook
// (each only names this struct as a friend). Internal.

#include <cstddef>
#include <string_view>

#include "batch_columns.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/mean.hpp"
#include "cskpi/records.hpp"

namespace cskpi::detail {

class ByteReader;
class ByteWriter;

struct EngineAccess {
    [[nodiscard]] static const BatchColumns& columns(const InteractionBatch& batch) noexcept {
        return batch.columns();
    }
    // `record` passed check_interaction under the accumulator's CSAT scale.
    static void add_checked(KpiAccumulator& to, const Interaction& record) {
        to.add_checked(record);
    }
    // A KpiAccumulator's state without its options, as a report's group writes it.
    static void write_body(ByteWriter& out, const KpiAccumulator& acc) { acc.write_body(out); }
    static void read_body(ByteReader& in, KpiAccumulator& acc) { acc.read_body(in); }
    [[nodiscard]] static std::size_t body_bytes(const KpiAccumulator& acc) noexcept {
        return acc.body_bytes();
    }
    // A Mean's fields as they are, and read back checked (kpi_accumulator_bytes.cpp).
    static void write(ByteWriter& out, const Mean& mean);
    [[nodiscard]] static Mean read_mean(ByteReader& in, std::string_view what);
    // The rows' CSAT answers are within the accumulator's scale.
    static void add_rows(KpiAccumulator& to, const BatchColumns& columns, std::size_t first,
                         std::size_t last) {
        to.add_rows(columns, first, last);
    }
};

}  // namespace cskpi::detail
