#pragma once
// What the report engine reaches inside the public types: a batch's columns, and adding
// records it has already checked. One door, so that the public headers expose no engine hook
// (each only names this struct as a friend). Internal.

#include <cstddef>

#include "batch_columns.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/records.hpp"

namespace cskpi::detail {

struct EngineAccess {
    [[nodiscard]] static const BatchColumns& columns(const InteractionBatch& batch) noexcept {
        return batch.columns();
    }
    // `record` passed check_interaction under the accumulator's CSAT scale.
    static void add_checked(KpiAccumulator& to, const Interaction& record) {
        to.add_checked(record);
    }
    // The rows' CSAT answers are within the accumulator's scale.
    static void add_rows(KpiAccumulator& to, const BatchColumns& columns, std::size_t first,
                         std::size_t last) {
        to.add_rows(columns, first, last);
    }
};

}  // namespace cskpi::detail
