#pragma once
/// \file
/// Erlang C staffing: traffic intensity, probability of waiting, service level, ASA and
/// occupancy for N agents, and the smallest N that meets a service-level target (with an
/// optional maximum occupancy and shrinkage). See docs/staffing.md.
///
/// Model (Erlang 1917; Cooper, "Introduction to Queueing Theory", 2nd ed. 1981, chapter 3;
/// Koole, "Call Center Optimization", 2013): M/M/N with an infinite queue and no
/// abandonment; contacts arrive at random (Poisson), handle times are exponential with mean
/// AHT, and the traffic A = arrival rate x AHT is measured in Erlangs.
///
/// Conventions (docs/staffing.md, "Conventions"): durations in seconds, service level and occupancy
/// in percent, probabilities in [0, 1]. When N <= A the queue is unstable (it grows without bound):
/// the probability of waiting is 1, the service level 0, the occupancy 100 and the ASA undefined
/// (an empty optional). No function returns NaN or infinity. Invalid arguments throw
/// cskpi::InvalidArgument naming the argument and its value.

#include <cstdint>
#include <optional>

namespace cskpi {

/// The largest traffic the Erlang functions accept, in Erlangs. The computation is linear in
/// min(N, A + O(sqrt(A))), so this bounds its cost (under 0.1 s per call); no real
/// contact centre comes near it.
///
/// Example: `cskpi::erlang_c(20, cskpi::max_traffic_erlangs + 1)` throws InvalidArgument.
inline constexpr double max_traffic_erlangs = 1e7;

/// Offered traffic in Erlangs: A = contacts x AHT / interval, the mean number of contacts in
/// service at once if every contact were answered immediately (Erlang 1917; Cooper 1981,
/// chapter 1). `contacts` is the number arriving in the interval; all times are in seconds.
/// Throws InvalidArgument when contacts is negative or not finite, or interval or AHT is not
/// a finite number > 0.
///
/// Example: `cskpi::traffic_intensity(100, 1800, 180)` is 10.0 (100 contacts per 30 minutes,
/// AHT 3 minutes).
[[nodiscard]] double traffic_intensity(double contacts, double interval_seconds,
                                       double aht_seconds);

/// Erlang B (loss) formula: the probability that all N agents are busy in a system without a
/// queue, B(N, A) = (A^N / N!) / sum_{k=0..N} A^k / k!, computed by the stable recursion
/// B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)) (Erlang 1917; Cooper 1981, chapter 3).
/// Throws InvalidArgument when agents < 1 or traffic is outside [0, max_traffic_erlangs].
///
/// Example: `cskpi::erlang_b(2, 1.0)` is 0.2.
[[nodiscard]] double erlang_b(std::int64_t agents, double traffic_erlangs);

/// Erlang C formula: the probability that a contact waits (finds all N agents busy),
/// Pw = C(N, A) = N B / (N - A (1 - B)) with B = B(N, A) the Erlang B value (Erlang 1917;
/// Cooper 1981, chapter 3; Koole 2013). 1 when N <= A (unstable queue).
/// Throws InvalidArgument when agents < 1 or traffic is outside [0, max_traffic_erlangs].
///
/// Example: `cskpi::erlang_c(2, 1.0)` is 1/3.
[[nodiscard]] double erlang_c(std::int64_t agents, double traffic_erlangs);

/// Service level in percent: the probability that a contact is answered within
/// `target_seconds`, P(wait <= t) = 1 - Pw exp(-(N - A) t / AHT), x 100 (Cooper 1981,
/// chapter 3; Koole 2013). 0 when N <= A (unstable queue).
/// Throws InvalidArgument when agents < 1, traffic is outside [0, max_traffic_erlangs], AHT
/// is not a finite number > 0, or target_seconds is not a finite number >= 0.
///
/// Example: `cskpi::erlang_service_level(14, 10.0, 180, 20)` is about 88.8.
[[nodiscard]] double erlang_service_level(std::int64_t agents, double traffic_erlangs,
                                          double aht_seconds, double target_seconds);

/// Average speed of answer in seconds, the mean wait over all contacts (waiting or not):
/// ASA = Pw x AHT / (N - A) (Cooper 1981, chapter 3; Koole 2013). Empty when
/// N <= A: the queue is unstable and the mean wait is unbounded.
/// Throws InvalidArgument when agents < 1, traffic is outside [0, max_traffic_erlangs] or
/// AHT is not a finite number > 0.
///
/// Example: `cskpi::erlang_asa(2, 1.0, 180)` is 60.0; `cskpi::erlang_asa(2, 2.0, 180)` is empty.
[[nodiscard]] std::optional<double> erlang_asa(std::int64_t agents, double traffic_erlangs,
                                               double aht_seconds);

/// Agent occupancy in percent: the share of the agents' time spent handling contacts,
/// A / N x 100 (Koole 2013); 100 when N <= A (every agent is always busy).
/// Throws InvalidArgument when agents < 1 or traffic is outside [0, max_traffic_erlangs].
///
/// Example: `cskpi::erlang_occupancy(14, 10.0)` is about 71.43.
[[nodiscard]] double erlang_occupancy(std::int64_t agents, double traffic_erlangs);

/// Agents to schedule so that `agents` are available after shrinkage (breaks, training,
/// absence): ceil(agents / (1 - shrinkage)) (Koole 2013; ICMI). `shrinkage` is a
/// fraction in [0, 1). Values within 1e-12 (relative) above a whole number, which are decimal
/// rounding error, round down: 14 agents with shrinkage 0.3 give 20, not 21.
/// Throws InvalidArgument when agents < 0 or shrinkage is outside [0, 1), or the result does
/// not fit in std::int64_t.
///
/// Example: `cskpi::agents_with_shrinkage(14, 0.3)` is 20; `agents_with_shrinkage(14, 0.25)` is 19.
[[nodiscard]] std::int64_t agents_with_shrinkage(std::int64_t agents, double shrinkage);

/// A staffing goal: at least `service_level_percent` of contacts answered within
/// `target_seconds` (the "80/20" of `cskpi staffing --target 80/20`), optionally at most
/// `max_occupancy_percent` occupancy, and `shrinkage` as a fraction of scheduled agents
/// who are not available.
///
/// Example: `cskpi::StaffingTarget{.service_level_percent = 80, .target_seconds = 20,
/// .max_occupancy_percent = 85, .shrinkage = 0.3}`.
struct StaffingTarget {
    double service_level_percent = 80.0;            ///< In (0, 100): 100 is never reachable.
    double target_seconds = 20.0;                   ///< Answer-time target T, finite, >= 0.
    std::optional<double> max_occupancy_percent{};  ///< In (0, 100]; empty: no occupancy cap.
    double shrinkage = 0.0;                         ///< Fraction in [0, 1).
    friend bool operator==(const StaffingTarget&, const StaffingTarget&) = default;
};

/// The Erlang C figures for one staffing level; the members are the keys `cskpi staffing`
/// prints (docs/output-formats.md, "Staffing").
///
/// Example: `cskpi::evaluate_staffing(10.0, 180, 14, 20).probability_wait` is about 0.174.
struct StaffingResult {
    double traffic_erlangs = 0.0;            ///< Offered traffic A, Erlangs.
    std::int64_t agents = 0;                 ///< Agents N on the phones (after shrinkage).
    double probability_wait = 0.0;           ///< Erlang C, in [0, 1].
    double service_level = 0.0;              ///< Percent answered within the target time.
    std::optional<double> asa_seconds{};     ///< Mean wait; empty when the queue is unstable.
    double occupancy = 0.0;                  ///< Percent of agent time busy.
    std::int64_t agents_with_shrinkage = 0;  ///< Agents to schedule, ceil(N / (1 - shrinkage)).
    friend bool operator==(const StaffingResult&, const StaffingResult&) = default;
};

/// The smallest number of agents N that meets `target`: service level >= the target percent
/// and, when given, occupancy <= the maximum (Koole 2013). Both are monotone in
/// N, so the search starts at max(floor(A) + 1, ceil(A x 100 / max occupancy)) and steps up
/// one Erlang B recursion step at a time: linear in N, under a millisecond for A = 5000.
/// Comparisons allow 1e-9 percentage points of rounding error. Shrinkage is not applied
/// (see agents_with_shrinkage). Zero traffic needs 0 agents: no contact arrives, so none
/// waits (apply a minimum-staffing rule such as max(1, N) for open hours yourself).
/// Throws InvalidArgument when traffic is outside [0, max_traffic_erlangs], AHT is not a
/// finite number > 0, or a member of `target` is outside its range.
///
/// Example: `cskpi::required_agents(10.0, 180, {.service_level_percent = 80,
/// .target_seconds = 20})` is 14.
[[nodiscard]] std::int64_t required_agents(double traffic_erlangs, double aht_seconds,
                                           const StaffingTarget& target);

/// All Erlang C figures for a given number of agents: what `cskpi staffing --agents N`
/// prints. `target_seconds` is the answer-time target of the service level; `shrinkage`
/// (a fraction in [0, 1)) only affects agents_with_shrinkage. When N <= A the result follows
/// the unstable-queue convention (probability_wait 1, service_level 0, occupancy 100, no ASA).
/// Throws InvalidArgument as erlang_service_level and agents_with_shrinkage do.
///
/// Example: `cskpi::evaluate_staffing(10.0, 180, 15, 20).service_level` is about 94.1.
[[nodiscard]] StaffingResult evaluate_staffing(double traffic_erlangs, double aht_seconds,
                                               std::int64_t agents, double target_seconds,
                                               double shrinkage = 0.0);

/// The smallest staffing that meets `target` (required_agents) with its Erlang C figures
/// and the agents to schedule after shrinkage: what `cskpi staffing` prints. For zero traffic
/// the result has 0 agents, probability_wait 0, service_level 100, asa_seconds 0,
/// occupancy 0 and agents_with_shrinkage 0.
/// Throws InvalidArgument as required_agents does.
///
/// Example: `cskpi::plan_staffing(10.0, 180, {.shrinkage = 0.3}).agents_with_shrinkage` is 20.
[[nodiscard]] StaffingResult plan_staffing(double traffic_erlangs, double aht_seconds,
                                           const StaffingTarget& target);

}  // namespace cskpi
