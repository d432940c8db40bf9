#pragma once
// The NPS answer classes (Reichheld 2003, "The One Number You Need to Grow", Harvard Business
// Review 81(12)): the one place their boundaries are written. Internal.

namespace cskpi::detail {

inline constexpr int kLowestPromoter = 9;    // 9 and 10 promote
inline constexpr int kHighestDetractor = 6;  // 0 to 6 detract; 7 and 8 are passive

}  // namespace cskpi::detail
