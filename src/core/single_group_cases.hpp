#pragma once
// FCR mode case in a report of one group (no group_by, no period), after a first batch: one
// byte of state per case of the batch's case dictionary, which is shared, not copied.
//
// With one group, which handled contact of a case came first (what CaseTable keeps a time and
// an id per case for) decides nothing: it picks the group the case counts in, and there is
// one. What the case's FCR depends on is how many handled contacts it has (one, or more),
// whether the only one was resolved, and whether any carried `resolved`; those fold in any
// order, without a compare, into a byte. The case keys are the batch's dictionary, held by
// shared ownership (the batch copies it before writing to it again, see DictionaryColumn), so
// a report over one large batch neither copies millions of keys nor faults in fresh memory
// for them.
//
// Anything added or merged after that first batch moves the cases into a CaseTable first
// (`move_into`), as entries whose first contact is at time 0 with the key as its id: with one
// group, the case table's rules then give the same FCR as if it had seen every contact.
// Internal: not part of the public API.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "case_table.hpp"
#include "intern_table.hpp"

namespace cskpi::detail {

/// The FCR counts of a set of cases: inquiries (cases with a handled contact that carries
/// `resolved`) and those resolved at the first contact.
struct InquiryCount {
    std::uint64_t inquiries = 0;
    std::uint64_t resolved = 0;
    void add(bool resolved_first_contact) noexcept {
        ++inquiries;
        resolved += resolved_first_contact ? 1U : 0U;
    }
    /// Adds the counts of `other`.
    void add(const InquiryCount& other) noexcept {
        inquiries += other.inquiries;
        resolved += other.resolved;
    }
};

/// The cases of one batch in a one-group report, one byte each; see the file comment.
///
///     SingleGroupCases cases;
///     cases.adopt(columns.case_key.shared_values());
///     cases.add_rows(columns.case_key.codes, columns.flags);
///     const InquiryCount fcr = cases.count();
class SingleGroupCases {
  public:
    /// No cases: nothing adopted, or moved out since.
    [[nodiscard]] bool empty() const noexcept { return keys_ == nullptr; }

    /// Takes `keys` (a batch's case dictionary) as the cases, none with a handled contact yet.
    /// Leaves this unchanged when it throws.
    void adopt(std::shared_ptr<const InternTable> keys);

    /// Folds in rows of a batch whose case codes and flags (detail::batch_flag) are `codes`
    /// and `flags`, of the adopted dictionary; abandoned rows are no handled contact.
    void add_rows(std::span<const std::uint32_t> codes,
                  std::span<const std::uint32_t> flags) noexcept;

    /// Moves the cases into the empty case table `table`, every case in group 0, and leaves
    /// this empty; leaves both unchanged when it throws.
    void move_into(CaseTable& table);

    /// Folds the cases into the case table `table` (not empty), in group `group` (`order`
    /// being the table's tie-break for copies, which cannot arise here).
    void add_into(CaseTable& table, std::uint32_t group, const GroupOrder& order) const;

    /// FCR: inquiries and first-contact resolutions.
    [[nodiscard]] InquiryCount count() const noexcept;

    /// The bytes of storage held, the shared dictionary included.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

    // Visits each case with a handled contact as CaseTable would hold it after move_into.
    template <typename Visit>
    void for_each_case(Visit&& visit) const {
        for (std::uint32_t code = 0; code < state_.size(); ++code) {
            if ((state_[code] & kHandled) != 0) {
                visit(summary(code, 0));
            }
        }
    }

  private:
    // A case's byte: handled contacts (saturating at 2) in the low two bits, then whether the
    // only handled contact was resolved (meaningful with one), then whether one carried
    // `resolved`.
    static constexpr std::uint8_t kHandled = 3;
    static constexpr std::uint8_t kOnlyResolved = 4;
    static constexpr std::uint8_t kHasResolutionFlag = 8;

    [[nodiscard]] CaseSummary summary(std::uint32_t code, std::uint32_t group) const noexcept;

    std::shared_ptr<const InternTable> keys_;
    std::vector<std::uint8_t> state_;  // per key
    std::uint32_t unseen_from_ = 0;    // no row has reached a key from here on (add_rows)
};

}  // namespace cskpi::detail
