#pragma once
// How the report engine's FCR state breaks the one tie the record order cannot: copies of one
// contact (same time and id) that differ in report group. Internal: not part of the public API.

#include <cstdint>

namespace cskpi::detail {

/// Orders report groups by their keys, for copies of one contact that differ in group: the
/// inquiry goes to the copy in the smaller group, whatever order the copies come in and
/// however the records were split into shards.
class GroupOrder {
  public:
    [[nodiscard]] virtual bool less(std::uint32_t a, std::uint32_t b) const = 0;

  protected:
    GroupOrder() = default;
    GroupOrder(const GroupOrder&) = default;
    GroupOrder& operator=(const GroupOrder&) = default;
    ~GroupOrder() = default;
};

}  // namespace cskpi::detail
