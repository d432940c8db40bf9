#pragma once
/// \file
/// `InteractionBatch`: interactions held by column, their text fields dictionary-encoded, the
/// compact in-memory form the report engine reads fastest.

#include <cstddef>
#include <memory>
#include <span>

#include "cskpi/records.hpp"

namespace cskpi {

namespace detail {
struct BatchColumns;
struct EngineAccess;
}  // namespace detail

/// A set of interactions stored column by column: one array per field, and each grouping or
/// case text (customer_id, case, agent_id, queue, team) replaced by a number into that
/// column's dictionary of distinct values. About 200 bytes a record with short ids, against
/// 400 bytes and heap strings for a `std::vector<Interaction>`, and the report engine adds a
/// batch 2.3 to 3 times faster than the same records (docs/performance.md): its KPIs read a
/// few dense columns, it looks up groups once per distinct value, not once per record, and a
/// report that starts from it takes its case dictionary over as the FCR case table. Building a
/// batch costs about three reports from the records; it pays where the same records are
/// reported on several times, or must be held in less memory.
///
/// Records are checked when appended (check_interaction; CSAT answers only against the
/// lowest answer, 1, since the scale is a report option) and read back unchanged with `at`.
///
/// Example:
/// ```
/// cskpi::InteractionBatch batch;
/// for (const auto& r : records) batch.append(r);
/// cskpi::ReportAccumulator acc(options);
/// acc.add(batch);
/// ```
class InteractionBatch {
  public:
    /// An empty batch; it allocates nothing until the first append.
    InteractionBatch();
    ~InteractionBatch();
    /// Copies every column and dictionary.
    InteractionBatch(const InteractionBatch& other);
    InteractionBatch& operator=(const InteractionBatch& other);
    /// Moves the columns; the moved-from batch is empty and can be appended to again.
    InteractionBatch(InteractionBatch&&) noexcept;
    InteractionBatch& operator=(InteractionBatch&&) noexcept;

    /// Appends one record. Throws InvalidArgument, naming the record and the field, for a
    /// record that check_interaction rejects (or a CSAT answer below 1), and when the batch
    /// already holds 2^32 - 1 records; nothing is appended then.
    ///
    /// Example: `batch.append(cskpi::Interaction{.id = "c-1", .started_at = t});`
    void append(const Interaction& interaction);

    /// Appends records in order, as appending them one by one would: on an invalid record it
    /// throws, and the records before it stay appended.
    ///
    /// Example: `batch.append(std::span(records));`
    void append(std::span<const Interaction> interactions);

    /// The number of records.
    [[nodiscard]] std::size_t size() const noexcept;

    /// Whether the batch holds no record.
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }

    /// The record at `row` (0-based, in append order) as it was appended. Throws
    /// InvalidArgument when `row >= size()`.
    ///
    /// Example: `assert(batch.at(0).id == records[0].id);`
    [[nodiscard]] Interaction at(std::size_t row) const;

    /// The number of distinct cases (case_id, or the contact's own id without one).
    ///
    /// Example: two contacts of case "k-1" and one without a case_id give 2.
    [[nodiscard]] std::size_t cases() const noexcept;

    /// Reserves room for `rows` records in every column.
    void reserve(std::size_t rows);

    /// Removes every record and every dictionary value, and frees their storage.
    void clear() noexcept;

    /// The bytes of storage held, approximately: columns (capacity) and dictionaries. A
    /// dictionary is shared with copies of the batch, and the case dictionary with a report
    /// without grouping that took it as its case keys; each counts it. The batch copies a
    /// shared dictionary before it appends again.
    ///
    /// Example: `std::size_t per_record = batch.memory_bytes() / batch.size();`
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

  private:
    // The report engine reads the columns.
    friend struct detail::EngineAccess;
    [[nodiscard]] const detail::BatchColumns& columns() const noexcept;
    detail::BatchColumns& writable_columns();
    std::unique_ptr<detail::BatchColumns> columns_;  // null while empty: no allocation
};

}  // namespace cskpi
