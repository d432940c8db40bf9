#include "cskpi/staffing.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

using cskpi::StaffingResult;
using cskpi::StaffingTarget;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The argument an InvalidArgument names, or a marker when the call did not throw one.
template <typename F>
std::string rejected_argument(F&& call) {
    try {
        (void)call();
    } catch (const cskpi::InvalidArgument& e) {
        return e.argument();
    }
    return "(nothing thrown)";
}

// An independent Erlang C in log space: term_k = k ln A - ln k!, the waiting term scaled by
// N / (N - A), combined by log-sum-exp. Used only as a reference for large N.
double erlang_c_log_space(std::int64_t n, double a) {
    const double nd = static_cast<double>(n);
    std::vector<double> logs;
    for (std::int64_t k = 0; k < n; ++k) {
        const double kd = static_cast<double>(k);
        logs.push_back(kd * std::log(a) - std::lgamma(kd + 1.0));
    }
    const double log_wait = nd * std::log(a) - std::lgamma(nd + 1.0) + std::log(nd / (nd - a));
    double top = log_wait;
    for (double l : logs) {
        top = std::max(top, l);
    }
    double sum = std::exp(log_wait - top);
    for (double l : logs) {
        sum += std::exp(l - top);
    }
    return std::exp(log_wait - top) / sum;
}

bool finite_probability(double p) {
    return std::isfinite(p) && p >= 0.0 && p <= 1.0;
}

}  // namespace

TEST_CASE("traffic intensity is contacts x AHT / interval") {
    CHECK(cskpi::traffic_intensity(100, 1800, 180) == 10.0);  // 100 per 30 min, AHT 3 min
    CHECK(cskpi::traffic_intensity(360, 1800, 240) == 48.0);  // docs/cli.md's staffing example
    CHECK_THAT(cskpi::traffic_intensity(1, 3600, 90), WithinRel(0.025, 1e-15));
    CHECK(cskpi::traffic_intensity(0, 1800, 180) == 0.0);
}

TEST_CASE("published values: pyworkforce's 100 contacts per 30 min, AHT 3 min, 20 s target") {
    const double a = cskpi::traffic_intensity(100, 30 * 60, 3 * 60);
    const double t = 0.33 * 60;  // pyworkforce states the 20 s target as 0.33 min
    CHECK_THAT(cskpi::erlang_c(14, a), WithinAbs(0.174, 0.0005));
    CHECK_THAT(cskpi::erlang_service_level(14, a, 180, t) / 100, WithinAbs(0.888, 0.0005));
    CHECK_THAT(cskpi::erlang_occupancy(14, a) / 100, WithinAbs(0.714, 0.0005));
    CHECK_THAT(cskpi::erlang_c(15, a), WithinAbs(0.102, 0.0005));
    CHECK_THAT(cskpi::erlang_service_level(15, a, 180, t) / 100, WithinAbs(0.941, 0.0005));

    // pyworkforce's required positions for 80% with shrinkage 0.3 and max occupancy 85%:
    // 14 raw positions, 20 scheduled.
    const StaffingTarget target{.service_level_percent = 80,
                                .target_seconds = t,
                                .max_occupancy_percent = 85,
                                .shrinkage = 0.3};
    const StaffingResult r = cskpi::plan_staffing(a, 180, target);
    CHECK(r.agents == 14);
    CHECK(r.agents_with_shrinkage == 20);
    CHECK_THAT(r.probability_wait, WithinAbs(0.174, 0.0005));
    CHECK_THAT(r.service_level, WithinAbs(88.8, 0.05));
    CHECK_THAT(r.occupancy, WithinAbs(100.0 * 10 / 14, 1e-12));
}

TEST_CASE("hand-computed Erlang B and C") {
    // A = 1, N = 2: B(1) = 1/2, B(2) = 0.5 / 2.5 = 0.2, C = 2 x 0.2 / (2 - 0.8) = 1/3.
    CHECK_THAT(cskpi::erlang_b(1, 1.0), WithinAbs(0.5, 1e-15));
    CHECK_THAT(cskpi::erlang_b(2, 1.0), WithinAbs(0.2, 1e-15));
    CHECK_THAT(cskpi::erlang_c(2, 1.0), WithinAbs(1.0 / 3.0, 1e-15));
    // A = 2, N = 3: B = 4/19, C = 3 (4/19) / (3 - 2 (15/19)) = 4/9 (closed form: 4 / (1+2+2+4)).
    CHECK_THAT(cskpi::erlang_b(3, 2.0), WithinAbs(4.0 / 19.0, 1e-15));
    CHECK_THAT(cskpi::erlang_c(3, 2.0), WithinAbs(4.0 / 9.0, 1e-15));
    // M/M/1: the probability of waiting is the utilisation.
    CHECK_THAT(cskpi::erlang_c(1, 0.5), WithinAbs(0.5, 1e-15));
    CHECK_THAT(cskpi::erlang_c(1, 0.25), WithinAbs(0.25, 1e-15));
}

TEST_CASE("Erlang B recursion matches the closed form A^N/N! / sum A^k/k!") {
    for (double a : {0.1, 0.9, 3.0, 7.5, 12.0}) {
        for (std::int64_t n = 1; n <= 20; ++n) {
            double term = 1.0;
            double sum = 1.0;
            for (std::int64_t k = 1; k <= n; ++k) {
                term *= a / static_cast<double>(k);
                sum += term;
            }
            CHECK_THAT(cskpi::erlang_b(n, a), WithinRel(term / sum, 1e-12));
        }
    }
}

TEST_CASE("hand-computed ASA, service level and occupancy") {
    // A = 1, N = 2, AHT 180 s: Pw = 1/3, ASA = Pw AHT / (N - A) = 60 s.
    CHECK_THAT(*cskpi::erlang_asa(2, 1.0, 180), WithinAbs(60.0, 1e-12));
    // t = 0: SL = 1 - Pw; t = AHT ln 2: exp(-(N - A) t / AHT) = 1/2, SL = 1 - 1/6.
    CHECK_THAT(cskpi::erlang_service_level(2, 1.0, 180, 0), WithinAbs(200.0 / 3.0, 1e-12));
    CHECK_THAT(cskpi::erlang_service_level(2, 1.0, 180, 180 * std::log(2.0)),
               WithinAbs(500.0 / 6.0, 1e-12));
    CHECK(cskpi::erlang_occupancy(2, 1.0) == 50.0);
    // M/M/1 with utilisation 1/2: mean wait = rho / (1 - rho) x AHT = AHT.
    CHECK_THAT(*cskpi::erlang_asa(1, 0.5, 240), WithinAbs(240.0, 1e-12));

    const StaffingResult r = cskpi::evaluate_staffing(1.0, 180, 2, 180 * std::log(2.0), 0.5);
    CHECK(r.traffic_erlangs == 1.0);
    CHECK(r.agents == 2);
    CHECK_THAT(r.probability_wait, WithinAbs(1.0 / 3.0, 1e-15));
    CHECK_THAT(r.service_level, WithinAbs(500.0 / 6.0, 1e-12));
    REQUIRE(r.asa_seconds);
    CHECK_THAT(*r.asa_seconds, WithinAbs(60.0, 1e-12));
    CHECK(r.occupancy == 50.0);
    CHECK(r.agents_with_shrinkage == 4);
}

TEST_CASE("the evaluated figures agree with the single functions") {
    const StaffingResult r = cskpi::evaluate_staffing(10.0, 180, 14, 20);
    CHECK(r.probability_wait == cskpi::erlang_c(14, 10.0));
    CHECK(r.service_level == cskpi::erlang_service_level(14, 10.0, 180, 20));
    CHECK(r.asa_seconds == cskpi::erlang_asa(14, 10.0, 180));
    CHECK(r.occupancy == cskpi::erlang_occupancy(14, 10.0));
    CHECK(r.agents_with_shrinkage == 14);
    CHECK_THAT(*r.asa_seconds, WithinAbs(7.835937, 1e-6));
}

TEST_CASE("an unstable queue (N <= A) waits surely, meets nothing and has no ASA") {
    for (std::int64_t n : {1, 5, 9, 10}) {
        CAPTURE(n);
        CHECK(cskpi::erlang_c(n, 10.0) == 1.0);
        CHECK(cskpi::erlang_service_level(n, 10.0, 180, 20) == 0.0);
        CHECK_FALSE(cskpi::erlang_asa(n, 10.0, 180));
        CHECK(cskpi::erlang_occupancy(n, 10.0) == 100.0);
        const StaffingResult r = cskpi::evaluate_staffing(10.0, 180, n, 20, 0.2);
        CHECK(r.probability_wait == 1.0);
        CHECK(r.service_level == 0.0);
        CHECK_FALSE(r.asa_seconds);
        CHECK(r.occupancy == 100.0);
        CHECK(r.agents_with_shrinkage == cskpi::agents_with_shrinkage(n, 0.2));
    }
    // Just above A the queue is stable but heavily loaded: finite, Pw close to 1.
    const double pw = cskpi::erlang_c(10, 9.999999);
    CHECK(finite_probability(pw));
    CHECK(pw > 0.99);
    const auto asa = cskpi::erlang_asa(10, 9.999999, 180);
    REQUIRE(asa);
    CHECK(std::isfinite(*asa));
    CHECK(*asa > 1e6);
}

TEST_CASE("zero traffic: nobody waits, and no agent is required") {
    CHECK(cskpi::erlang_b(1, 0.0) == 0.0);
    CHECK(cskpi::erlang_c(1, 0.0) == 0.0);
    CHECK(cskpi::erlang_c(50, 0.0) == 0.0);
    CHECK(cskpi::erlang_service_level(1, 0.0, 180, 0) == 100.0);
    CHECK(*cskpi::erlang_asa(3, 0.0, 180) == 0.0);
    CHECK(cskpi::erlang_occupancy(3, 0.0) == 0.0);

    const StaffingTarget target{.max_occupancy_percent = 85, .shrinkage = 0.3};
    CHECK(cskpi::required_agents(0.0, 180, target) == 0);
    const StaffingResult r = cskpi::plan_staffing(0.0, 180, target);
    CHECK(r == StaffingResult{.traffic_erlangs = 0.0,
                              .agents = 0,
                              .probability_wait = 0.0,
                              .service_level = 100.0,
                              .asa_seconds = 0.0,
                              .occupancy = 0.0,
                              .agents_with_shrinkage = 0});
    // Any traffic at all needs an agent.
    CHECK(cskpi::required_agents(1e-9, 180, target) == 1);
}

TEST_CASE("required agents sit exactly on the service-level boundary") {
    // A = 10, AHT 180 s, 80/20: 13 agents give 79.56%, 14 give 88.84%.
    const StaffingTarget target{.service_level_percent = 80, .target_seconds = 20};
    CHECK(cskpi::required_agents(10.0, 180, target) == 14);
    CHECK(cskpi::erlang_service_level(13, 10.0, 180, 20) < 80.0);
    CHECK(cskpi::erlang_service_level(14, 10.0, 180, 20) >= 80.0);
    // 79.5% is met by 13.
    CHECK(cskpi::required_agents(10.0, 180,
                                 {.service_level_percent = 79.5, .target_seconds = 20}) == 13);

    for (double a : {0.3, 1.0, 2.5, 10.0, 47.9, 48.0, 123.4, 1000.0}) {
        for (double sl : {50.0, 80.0, 90.0, 99.0}) {
            for (double t : {0.0, 20.0, 60.0}) {
                CAPTURE(a, sl, t);
                const std::int64_t n = cskpi::required_agents(
                    a, 240, {.service_level_percent = sl, .target_seconds = t});
                CHECK(static_cast<double>(n) > a);
                CHECK(cskpi::erlang_service_level(n, a, 240, t) >= sl);
                if (static_cast<double>(n - 1) > a) {
                    CHECK(cskpi::erlang_service_level(n - 1, a, 240, t) < sl);
                }
            }
        }
    }
}

TEST_CASE("a large centre: A = 5000 is staffed quickly and on the boundary") {
    const StaffingTarget target{.service_level_percent = 80, .target_seconds = 20};
    const std::int64_t n = cskpi::required_agents(5000.0, 180, target);
    CHECK(n == 5013);
    CHECK(cskpi::erlang_service_level(5012, 5000.0, 180, 20) < 80.0);
    CHECK(cskpi::erlang_service_level(5013, 5000.0, 180, 20) >= 80.0);
    CHECK_THAT(cskpi::erlang_service_level(5013, 5000.0, 180, 20), WithinAbs(81.387, 0.001));

    const StaffingResult r = cskpi::plan_staffing(5000.0, 180, {.shrinkage = 0.35});
    CHECK(r.agents == 5013);
    CHECK(r.agents_with_shrinkage == 7713);  // ceil(5013 / 0.65) = ceil(7712.3)
}

TEST_CASE("huge N stays finite, in range, monotone and matches a log-space reference") {
    const double a = 5000.0;
    double previous_pw = 1.0;
    double previous_sl = 0.0;
    for (std::int64_t n = 5001; n <= 5400; ++n) {
        CAPTURE(n);
        const double pw = cskpi::erlang_c(n, a);
        const double sl = cskpi::erlang_service_level(n, a, 180, 20);
        const auto asa = cskpi::erlang_asa(n, a, 180);
        REQUIRE(finite_probability(pw));
        REQUIRE(std::isfinite(sl));
        REQUIRE(asa);
        REQUIRE(std::isfinite(*asa));
        CHECK(sl >= 0.0);
        CHECK(sl <= 100.0);
        CHECK(pw <= previous_pw);
        CHECK(sl >= previous_sl);
        previous_pw = pw;
        previous_sl = sl;
    }
    for (std::int64_t n : {5001, 5013, 5100, 5250}) {
        CAPTURE(n);
        CHECK_THAT(cskpi::erlang_c(n, a), WithinRel(erlang_c_log_space(n, a), 1e-9));
    }
    // Far above the traffic everything is answered at once; no underflow turns into NaN.
    CHECK(cskpi::erlang_c(1'000'000, a) == 0.0);
    CHECK(cskpi::erlang_service_level(1'000'000, a, 180, 0) == 100.0);
    CHECK(*cskpi::erlang_asa(1'000'000, a, 180) == 0.0);
    CHECK(cskpi::erlang_b(1'000'000'000'000, a) == 0.0);  // ends early once B underflows
    // Large traffic near the limit.
    CHECK(finite_probability(cskpi::erlang_c(1'000'100, 1e6)));
    CHECK(finite_probability(cskpi::erlang_c(5000, 4999.999)));
}

TEST_CASE("a maximum occupancy can bind the staffing") {
    const StaffingTarget sl_only{.service_level_percent = 80, .target_seconds = 20};
    auto with_cap = [&](double cap) {
        StaffingTarget t = sl_only;
        t.max_occupancy_percent = cap;
        return cskpi::required_agents(10.0, 180, t);
    };
    CHECK(with_cap(100) == 14);
    CHECK(with_cap(80) == 14);    // 10 / 14 = 71.4%: the service level binds
    CHECK(with_cap(70) == 15);    // 10 / 15 = 66.7%; 10 / 14 = 71.4% is too high
    CHECK(with_cap(62.5) == 16);  // exactly 62.5% is allowed
    CHECK(with_cap(62.4) == 17);
    CHECK(with_cap(10) == 100);
    CHECK(with_cap(1) == 1000);

    const StaffingResult r = cskpi::plan_staffing(
        8.5, 180, {.service_level_percent = 50, .target_seconds = 20, .max_occupancy_percent = 85});
    CHECK(r.agents == 10);
    CHECK(r.occupancy == 85.0);
}

TEST_CASE("shrinkage rounds scheduled agents up, without decimal rounding error") {
    CHECK(cskpi::agents_with_shrinkage(14, 0.3) == 20);   // exactly 20, not 21
    CHECK(cskpi::agents_with_shrinkage(14, 0.25) == 19);  // 18.67
    CHECK(cskpi::agents_with_shrinkage(14, 0.0) == 14);
    CHECK(cskpi::agents_with_shrinkage(0, 0.5) == 0);
    CHECK(cskpi::agents_with_shrinkage(7, 0.3) == 10);
    CHECK(cskpi::agents_with_shrinkage(8, 0.2) == 10);
    CHECK(cskpi::agents_with_shrinkage(1, 0.999) == 1000);
    CHECK(cskpi::agents_with_shrinkage(1000, 1e-9) == 1001);  // a real fraction still rounds up

    // Against exact integer arithmetic: shrinkage s = p / 100, S = ceil(100 N / (100 - p)).
    for (std::int64_t p = 0; p < 100; ++p) {
        const double s = static_cast<double>(p) / 100.0;
        for (std::int64_t n = 0; n <= 3000; ++n) {
            const std::int64_t exact = (100 * n + (100 - p) - 1) / (100 - p);
            if (cskpi::agents_with_shrinkage(n, s) != exact) {
                CAPTURE(p, n, exact);
                FAIL_CHECK("agents_with_shrinkage(n, p / 100) != ceil(100 n / (100 - p))");
            }
        }
    }
}

TEST_CASE("every invalid argument throws InvalidArgument naming it") {
    using cskpi::InvalidArgument;
    const auto ta = [](double c, double i, double aht) {
        return cskpi::traffic_intensity(c, i, aht);
    };
    CHECK(rejected_argument([&] { return ta(-1, 1800, 180); }) == "contacts");
    CHECK(rejected_argument([&] { return ta(kNaN, 1800, 180); }) == "contacts");
    CHECK(rejected_argument([&] { return ta(kInf, 1800, 180); }) == "contacts");
    CHECK(rejected_argument([&] { return ta(1e300, 1e-300, 1e300); }) == "contacts");
    CHECK(rejected_argument([&] { return ta(100, 0, 180); }) == "interval_seconds");
    CHECK(rejected_argument([&] { return ta(100, -1800, 180); }) == "interval_seconds");
    CHECK(rejected_argument([&] { return ta(100, kInf, 180); }) == "interval_seconds");
    CHECK(rejected_argument([&] { return ta(100, 1800, 0); }) == "aht_seconds");
    CHECK(rejected_argument([&] { return ta(100, 1800, -3); }) == "aht_seconds");
    CHECK(rejected_argument([&] { return ta(100, 1800, kNaN); }) == "aht_seconds");

    // Agents, traffic, AHT and target time of the evaluators.
    CHECK(rejected_argument([] { return cskpi::erlang_b(0, 1.0); }) == "agents");
    CHECK(rejected_argument([] { return cskpi::erlang_c(0, 1.0); }) == "agents");
    CHECK(rejected_argument([] { return cskpi::erlang_c(-3, 1.0); }) == "agents");
    CHECK(rejected_argument([] { return cskpi::erlang_service_level(0, 1.0, 180, 20); }) ==
          "agents");
    CHECK(rejected_argument([] { return cskpi::erlang_asa(0, 1.0, 180); }) == "agents");
    CHECK(rejected_argument([] { return cskpi::erlang_occupancy(0, 1.0); }) == "agents");
    CHECK(rejected_argument([] { return cskpi::evaluate_staffing(1.0, 180, 0, 20); }) == "agents");
    for (double bad : {-1.0, kNaN, kInf, cskpi::max_traffic_erlangs * 2}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] { return cskpi::erlang_b(5, bad); }) == "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::erlang_c(5, bad); }) == "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::erlang_service_level(5, bad, 180, 20); }) ==
              "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::erlang_asa(5, bad, 180); }) ==
              "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::erlang_occupancy(5, bad); }) ==
              "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::evaluate_staffing(bad, 180, 5, 20); }) ==
              "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::required_agents(bad, 180, {}); }) ==
              "traffic_erlangs");
        CHECK(rejected_argument([&] { return cskpi::plan_staffing(bad, 180, {}); }) ==
              "traffic_erlangs");
    }
    for (double bad : {0.0, -180.0, kNaN, kInf}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] { return cskpi::erlang_service_level(5, 1.0, bad, 20); }) ==
              "aht_seconds");
        CHECK(rejected_argument([&] { return cskpi::erlang_asa(5, 1.0, bad); }) == "aht_seconds");
        CHECK(rejected_argument([&] { return cskpi::evaluate_staffing(1.0, bad, 5, 20); }) ==
              "aht_seconds");
        CHECK(rejected_argument([&] { return cskpi::required_agents(1.0, bad, {}); }) ==
              "aht_seconds");
    }
    for (double bad : {-1.0, kNaN, kInf}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] { return cskpi::erlang_service_level(5, 1.0, 180, bad); }) ==
              "target_seconds");
        CHECK(rejected_argument([&] { return cskpi::evaluate_staffing(1.0, 180, 5, bad); }) ==
              "target_seconds");
        CHECK(rejected_argument([&] {
                  return cskpi::required_agents(1.0, 180, {.target_seconds = bad});
              }) == "target_seconds");
    }

    // The staffing target.
    for (double bad : {0.0, 100.0, -5.0, 150.0, kNaN}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] {
                  return cskpi::required_agents(1.0, 180, {.service_level_percent = bad});
              }) == "service_level_percent");
        CHECK(rejected_argument([&] {
                  return cskpi::plan_staffing(1.0, 180, {.service_level_percent = bad});
              }) == "service_level_percent");
    }
    for (double bad : {0.0, -10.0, 100.5, kNaN, kInf}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] {
                  return cskpi::required_agents(1.0, 180, {.max_occupancy_percent = bad});
              }) == "max_occupancy_percent");
    }
    for (double bad : {1.0, -0.1, 1.5, kNaN}) {
        CAPTURE(bad);
        CHECK(rejected_argument([&] {
                  return cskpi::required_agents(1.0, 180, {.shrinkage = bad});
              }) == "shrinkage");
        CHECK(rejected_argument([&] { return cskpi::agents_with_shrinkage(10, bad); }) ==
              "shrinkage");
        CHECK(rejected_argument([&] { return cskpi::evaluate_staffing(1.0, 180, 5, 20, bad); }) ==
              "shrinkage");
    }
    CHECK(rejected_argument([] { return cskpi::agents_with_shrinkage(-1, 0.2); }) == "agents");
    // Valid alone but unreachable together: more agents than can be counted.
    CHECK(rejected_argument([] {
              return cskpi::required_agents(1e6, 180, {.max_occupancy_percent = 1e-300});
          }) == "max_occupancy_percent");
    CHECK(rejected_argument([] { return cskpi::agents_with_shrinkage(1'000'000, 1 - 1e-15); }) ==
          "shrinkage");
    // Zero traffic does not skip validation.
    CHECK(rejected_argument([] {
              return cskpi::required_agents(0.0, 180, {.service_level_percent = 100});
          }) == "service_level_percent");

    // Every one is a cskpi::Error, and the message names the function, argument and value.
    CHECK_THROWS_AS(cskpi::erlang_c(0, 1.0), cskpi::Error);
    CHECK_THROWS_AS(cskpi::agents_with_shrinkage(10, 1.0), InvalidArgument);
    CHECK_THROWS_WITH(cskpi::erlang_c(0, 1.0), "erlang_c: agents = 0 must be at least 1");
    CHECK_THROWS_WITH(cskpi::traffic_intensity(100, 1800, -3),
                      "traffic_intensity: aht_seconds = -3 must be a finite number > 0");
    CHECK_THROWS_WITH(cskpi::required_agents(10, 180, {.shrinkage = 1.5}),
                      "required_agents: shrinkage = 1.5 must be a fraction in [0, 1)");
}
