#pragma once
// Scratch space of KpiAccumulator::add_grouped, the column kernel for a grouped report's batch
// rows: kept by the caller across a batch's blocks so that no block allocates. Internal: not
// part of the public API.

#include <array>
#include <cstdint>
#include <vector>

namespace cskpi::detail {

/// The partial KPIs of one block of rows, per group the block meets (a "slot", numbered in
/// the order the block's rows first meet the groups).
struct GroupedRows {
    // Slot + 1 of each report group in the current block, 0 for a group the block has not met;
    // all 0 again between blocks.
    std::vector<std::uint32_t> slot_of_group;
    std::vector<std::uint32_t> group_of_slot;
    std::vector<std::uint32_t> slot_of_row;
    // Per slot, the block's counts in 16-bit lanes, four to a word (a block has at most 65,535
    // rows, so no lane carries into the next): one add per word and row instead of one per count.
    std::vector<std::array<std::uint64_t, 5>> counts;
    // Per slot, exact integer sums of the CSAT and CES answers: count is a lane above.
    std::vector<std::array<std::uint64_t, 4>> answer_sums;  // CSAT sum, squares; CES sum, squares
    // Per slot, the handle times and answered waits: sums, then the block means, then the
    // deviations and squared deviations about them (the corrected two-pass algorithm).
    std::vector<std::array<double, 2>> sums;  // handle, wait
    std::vector<std::array<double, 2>> means;
    std::vector<std::array<double, 4>> deviations;  // handle, wait; handle squared, wait squared
};

}  // namespace cskpi::detail
