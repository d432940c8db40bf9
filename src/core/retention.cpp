#include "cskpi/retention.hpp"

#include <string_view>
#include <unordered_set>

#include "cskpi/detail/check.hpp"

namespace cskpi {

Rate retention_rate(std::uint64_t retained, std::uint64_t active_previous) {
    detail::require(retained <= active_previous, "retention_rate", "retained", retained,
                    "exceeds active_previous = " + detail::value_text(active_previous));
    return make_rate(retained, active_previous);
}

Rate churn_rate(std::uint64_t retained, std::uint64_t active_previous) {
    return complement(retention_rate(retained, active_previous));
}

Rate retention_from_counts(std::uint64_t start, std::uint64_t end, std::uint64_t new_customers) {
    detail::require(new_customers <= end, "retention_from_counts", "new_customers", new_customers,
                    "exceeds end = " + detail::value_text(end));
    detail::require(end - new_customers <= start, "retention_from_counts", "end", end,
                    "minus new_customers exceeds start = " + detail::value_text(start));
    return make_rate(end - new_customers, start);
}

Rate retention_rate(std::span<const std::string> active_previous,
                    std::span<const std::string> active_current) {
    const std::unordered_set<std::string_view> previous(active_previous.begin(),
                                                        active_previous.end());
    std::unordered_set<std::string_view> retained;
    for (const std::string& id : active_current) {
        if (previous.contains(id)) {
            retained.insert(id);
        }
    }
    return make_rate(retained.size(), previous.size());
}

}  // namespace cskpi
