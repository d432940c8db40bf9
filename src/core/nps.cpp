#include "cskpi/nps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "cskpi/detail/check.hpp"
#include "cskpi/rate.hpp"
#include "nps_classes.hpp"

namespace cskpi {

NpsScore nps(std::uint64_t promoters, std::uint64_t passives, std::uint64_t detractors) {
    constexpr auto max = std::numeric_limits<std::uint64_t>::max();
    detail::require(passives <= max - promoters && detractors <= max - promoters - passives, "nps",
                    "detractors", detractors, "makes the number of responses overflow");
    NpsScore score{promoters,    passives,    detractors, promoters + passives + detractors,
                   std::nullopt, std::nullopt};
    if (score.responses == 0) {
        return score;
    }
    const auto n = static_cast<double>(score.responses);
    const double p = static_cast<double>(promoters) / n;
    const double d = static_cast<double>(detractors) / n;
    score.value = 100.0 * (p - d);
    // p + d - (p - d)^2 is the variance of the +1/0/-1 score; it cannot be negative in exact
    // arithmetic, so clamp the rounding error away.
    const double variance = std::max(0.0, p + d - (p - d) * (p - d));
    score.margin95 = 100.0 * z95 * std::sqrt(variance / n);
    return score;
}

int nps_class(int answer) {
    detail::require(answer >= 0 && answer <= 10, "nps_class", "answer", answer,
                    "is outside the 0-10 scale");
    if (answer >= detail::kLowestPromoter) {
        return 1;
    }
    return answer > detail::kHighestDetractor ? 0 : -1;
}

}  // namespace cskpi
