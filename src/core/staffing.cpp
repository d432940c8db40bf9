#include "cskpi/staffing.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "cskpi/detail/check.hpp"

namespace cskpi {
namespace {

// Rounding allowance for the service-level and occupancy comparisons, in percentage points.
constexpr double kPercentTolerance = 1e-9;

// Relative allowance for ceil(agents / (1 - shrinkage)): 0.3 is not exact in binary, so
// 14 / (1 - 0.3) comes out a few ulps above 20.
constexpr double kShrinkageTolerance = 1e-12;

// The largest agent count the search and shrinkage produce: exactly representable as a double
// and far inside std::int64_t.
constexpr double kMaxAgents = 1e15;

void check_traffic(double traffic_erlangs, std::string_view function) {
    detail::require(std::isfinite(traffic_erlangs) && traffic_erlangs >= 0.0 &&
                        traffic_erlangs <= max_traffic_erlangs,
                    function, "traffic_erlangs", traffic_erlangs,
                    "must be a finite number in [0, 1e7]");
}

void check_agents(std::int64_t agents, std::string_view function) {
    detail::require(agents >= 1, function, "agents", agents, "must be at least 1");
}

void check_aht(double aht_seconds, std::string_view function) {
    detail::require(std::isfinite(aht_seconds) && aht_seconds > 0.0, function, "aht_seconds",
                    aht_seconds, "must be a finite number > 0");
}

void check_target_seconds(double target_seconds, std::string_view function) {
    detail::require_non_negative(target_seconds, function, "target_seconds");
}

void check_shrinkage(double shrinkage, std::string_view function) {
    detail::require(std::isfinite(shrinkage) && shrinkage >= 0.0 && shrinkage < 1.0, function,
                    "shrinkage", shrinkage, "must be a fraction in [0, 1)");
}

void check_target(const StaffingTarget& target, std::string_view function) {
    detail::require(std::isfinite(target.service_level_percent) &&
                        target.service_level_percent > 0.0 && target.service_level_percent < 100.0,
                    function, "service_level_percent", target.service_level_percent,
                    "must be a percentage in (0, 100)");
    check_target_seconds(target.target_seconds, function);
    if (target.max_occupancy_percent) {
        const double occ = *target.max_occupancy_percent;
        detail::require(std::isfinite(occ) && occ > 0.0 && occ <= 100.0, function,
                        "max_occupancy_percent", occ, "must be a percentage in (0, 100]");
    }
    check_shrinkage(target.shrinkage, function);
}

// Erlang B by the recursion B(k) = A B(k-1) / (k + A B(k-1)), advanced from (k, b) to `to`.
// Every term is positive, so the recursion neither overflows nor cancels. Once B has
// underflowed to 0 it stays 0, which ends the loop early for N far above A.
double advance_erlang_b(double b, std::int64_t from, std::int64_t to, double a) {
    for (std::int64_t k = from + 1; k <= to && b > 0.0; ++k) {
        const double ab = a * b;
        b = ab / (static_cast<double>(k) + ab);
    }
    return b;
}

// The Erlang C figures from B(N, A), unchecked; N > A.
double erlang_c_from_b(double n, double a, double b) {
    const double c = n * b / (n - a * (1.0 - b));
    return std::clamp(c, 0.0, 1.0);
}

double service_level_from_c(double n, double a, double c, double aht_seconds,
                            double target_seconds) {
    const double sl = 1.0 - c * std::exp(-(n - a) * target_seconds / aht_seconds);
    return std::clamp(sl, 0.0, 1.0) * 100.0;
}

double occupancy_percent(double n, double a) {
    return std::min(a / n, 1.0) * 100.0;
}

bool stable(std::int64_t agents, double a) {
    return static_cast<double>(agents) > a;
}

}  // namespace

double traffic_intensity(double contacts, double interval_seconds, double aht_seconds) {
    constexpr std::string_view fn = "traffic_intensity";
    detail::require_non_negative(contacts, fn, "contacts");
    detail::require(std::isfinite(interval_seconds) && interval_seconds > 0.0, fn,
                    "interval_seconds", interval_seconds, "must be a finite number > 0");
    check_aht(aht_seconds, fn);
    const double a = contacts * aht_seconds / interval_seconds;
    detail::require(std::isfinite(a), fn, "contacts", contacts,
                    "times aht_seconds / interval_seconds overflows");
    return a;
}

double erlang_b(std::int64_t agents, double traffic_erlangs) {
    check_agents(agents, "erlang_b");
    check_traffic(traffic_erlangs, "erlang_b");
    return advance_erlang_b(1.0, 0, agents, traffic_erlangs);
}

double erlang_c(std::int64_t agents, double traffic_erlangs) {
    check_agents(agents, "erlang_c");
    check_traffic(traffic_erlangs, "erlang_c");
    if (!stable(agents, traffic_erlangs)) {
        return 1.0;
    }
    const double b = advance_erlang_b(1.0, 0, agents, traffic_erlangs);
    return erlang_c_from_b(static_cast<double>(agents), traffic_erlangs, b);
}

double erlang_service_level(std::int64_t agents, double traffic_erlangs, double aht_seconds,
                            double target_seconds) {
    constexpr std::string_view fn = "erlang_service_level";
    check_agents(agents, fn);
    check_traffic(traffic_erlangs, fn);
    check_aht(aht_seconds, fn);
    check_target_seconds(target_seconds, fn);
    if (!stable(agents, traffic_erlangs)) {
        return 0.0;
    }
    const double n = static_cast<double>(agents);
    const double c =
        erlang_c_from_b(n, traffic_erlangs, advance_erlang_b(1.0, 0, agents, traffic_erlangs));
    return service_level_from_c(n, traffic_erlangs, c, aht_seconds, target_seconds);
}

std::optional<double> erlang_asa(std::int64_t agents, double traffic_erlangs, double aht_seconds) {
    constexpr std::string_view fn = "erlang_asa";
    check_agents(agents, fn);
    check_traffic(traffic_erlangs, fn);
    check_aht(aht_seconds, fn);
    if (!stable(agents, traffic_erlangs)) {
        return std::nullopt;
    }
    const double n = static_cast<double>(agents);
    const double c =
        erlang_c_from_b(n, traffic_erlangs, advance_erlang_b(1.0, 0, agents, traffic_erlangs));
    return c * aht_seconds / (n - traffic_erlangs);
}

double erlang_occupancy(std::int64_t agents, double traffic_erlangs) {
    check_agents(agents, "erlang_occupancy");
    check_traffic(traffic_erlangs, "erlang_occupancy");
    return occupancy_percent(static_cast<double>(agents), traffic_erlangs);
}

std::int64_t agents_with_shrinkage(std::int64_t agents, double shrinkage) {
    constexpr std::string_view fn = "agents_with_shrinkage";
    detail::require(agents >= 0, fn, "agents", agents, "must be >= 0");
    check_shrinkage(shrinkage, fn);
    const double exact = static_cast<double>(agents) / (1.0 - shrinkage);
    const double scheduled = std::ceil(exact - exact * kShrinkageTolerance);
    detail::require(
        scheduled <= kMaxAgents, fn, "shrinkage", shrinkage,
        "needs more than 1e15 scheduled agents for agents = " + detail::value_text(agents));
    return std::max(static_cast<std::int64_t>(scheduled), agents);
}

std::int64_t required_agents(double traffic_erlangs, double aht_seconds,
                             const StaffingTarget& target) {
    constexpr std::string_view fn = "required_agents";
    check_traffic(traffic_erlangs, fn);
    check_aht(aht_seconds, fn);
    check_target(target, fn);
    const double a = traffic_erlangs;
    if (a == 0.0) {
        return 0;  // no contact arrives: nobody is needed (documented convention)
    }

    // Lower bound from stability: N > A.
    auto n = static_cast<std::int64_t>(std::floor(a)) + 1;

    // Lower bound from the occupancy cap: the smallest N > A with 100 A / N <= max, found
    // from the closed form and then corrected by the same comparison the result reports.
    if (target.max_occupancy_percent) {
        const double max_occ = *target.max_occupancy_percent + kPercentTolerance;
        const double bound = std::ceil(a * 100.0 / *target.max_occupancy_percent);
        detail::require(
            bound <= kMaxAgents, fn, "max_occupancy_percent", *target.max_occupancy_percent,
            "needs more than 1e15 agents for traffic_erlangs = " + detail::value_text(a));
        auto m = std::max(n, static_cast<std::int64_t>(bound));
        while (m > n && occupancy_percent(static_cast<double>(m - 1), a) <= max_occ) {
            --m;
        }
        while (occupancy_percent(static_cast<double>(m), a) > max_occ) {
            ++m;
        }
        n = m;
    }

    // Service level rises with N: step up from the lower bound, one recursion step each.
    const double goal = target.service_level_percent - kPercentTolerance;
    double b = advance_erlang_b(1.0, 0, n, a);
    for (;;) {
        const double nd = static_cast<double>(n);
        const double c = erlang_c_from_b(nd, a, b);
        if (service_level_from_c(nd, a, c, aht_seconds, target.target_seconds) >= goal) {
            return n;
        }
        b = advance_erlang_b(b, n, n + 1, a);
        ++n;
    }
}

StaffingResult evaluate_staffing(double traffic_erlangs, double aht_seconds, std::int64_t agents,
                                 double target_seconds, double shrinkage) {
    constexpr std::string_view fn = "evaluate_staffing";
    check_agents(agents, fn);
    check_traffic(traffic_erlangs, fn);
    check_aht(aht_seconds, fn);
    check_target_seconds(target_seconds, fn);
    check_shrinkage(shrinkage, fn);

    StaffingResult r;
    r.traffic_erlangs = traffic_erlangs;
    r.agents = agents;
    r.agents_with_shrinkage = agents_with_shrinkage(agents, shrinkage);
    const double n = static_cast<double>(agents);
    r.occupancy = occupancy_percent(n, traffic_erlangs);
    if (!stable(agents, traffic_erlangs)) {
        r.probability_wait = 1.0;
        r.service_level = 0.0;
        r.asa_seconds = std::nullopt;
        return r;
    }
    const double c =
        erlang_c_from_b(n, traffic_erlangs, advance_erlang_b(1.0, 0, agents, traffic_erlangs));
    r.probability_wait = c;
    r.service_level = service_level_from_c(n, traffic_erlangs, c, aht_seconds, target_seconds);
    r.asa_seconds = c * aht_seconds / (n - traffic_erlangs);
    return r;
}

StaffingResult plan_staffing(double traffic_erlangs, double aht_seconds,
                             const StaffingTarget& target) {
    const std::int64_t n = required_agents(traffic_erlangs, aht_seconds, target);
    if (n == 0) {
        StaffingResult r;
        r.traffic_erlangs = traffic_erlangs;
        r.agents = 0;
        r.probability_wait = 0.0;
        r.service_level = 100.0;
        r.asa_seconds = 0.0;
        r.occupancy = 0.0;
        r.agents_with_shrinkage = 0;
        return r;
    }
    return evaluate_staffing(traffic_erlangs, aht_seconds, n, target.target_seconds,
                             target.shrinkage);
}

}  // namespace cskpi
