#pragma once
// Seeded simulators of the purchase models (tests only): std::mt19937_64 with gamma, exponential
// and uniform draws from <random>.

#include <random>
#include <vector>

#include "cskpi/clv/rfm.hpp"

namespace simulate {

/// Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
inline double beta(std::mt19937_64& rng, double a, double b) {
    std::gamma_distribution<double> ga(a, 1.0), gb(b, 1.0);
    const double x = ga(rng);
    const double y = gb(rng);
    return x / (x + y);
}

/// Observation lengths T, uniform on [t_min, t_max].
inline std::vector<double> observation_lengths(std::mt19937_64& rng, std::size_t n, double t_min,
                                               double t_max) {
    std::uniform_real_distribution<double> u(t_min, t_max);
    std::vector<double> out(n);
    for (auto& t : out) {
        t = u(rng);
    }
    return out;
}

/// BG/NBD (FHL 2005): lambda ~ Gamma(r, rate alpha), p ~ Beta(a, b); purchases at exponential
/// gaps; after each repeat purchase the customer leaves with probability p. modified = true
/// (MBG/NBD) also tosses the coin right after the first purchase, at time 0.
inline std::vector<cskpi::clv::Rfm> bgnbd(std::mt19937_64& rng, const std::vector<double>& T,
                                          double r, double alpha, double a, double b,
                                          bool modified = false) {
    std::gamma_distribution<double> rate(r, 1.0 / alpha);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::vector<cskpi::clv::Rfm> out;
    out.reserve(T.size());
    for (const double t_end : T) {
        const double lambda = rate(rng);
        const double p = beta(rng, a, b);
        std::exponential_distribution<double> gap(lambda);
        cskpi::clv::Rfm c{0.0, 0.0, t_end};
        bool alive = !(modified && coin(rng) < p);
        double t = 0.0;
        while (alive) {
            t += gap(rng);
            if (t > t_end) {
                break;
            }
            c.frequency += 1.0;
            c.recency = t;
            alive = coin(rng) >= p;
        }
        out.push_back(c);
    }
    return out;
}

/// Pareto/NBD (SMC 1987): lambda ~ Gamma(r, rate alpha), mu ~ Gamma(s, rate beta); lifetime
/// ~ Exponential(mu); Poisson purchases at rate lambda while alive.
inline std::vector<cskpi::clv::Rfm> pareto_nbd(std::mt19937_64& rng, const std::vector<double>& T,
                                               double r, double alpha, double s, double beta_) {
    std::gamma_distribution<double> rate(r, 1.0 / alpha);
    std::gamma_distribution<double> death(s, 1.0 / beta_);
    std::vector<cskpi::clv::Rfm> out;
    out.reserve(T.size());
    for (const double t_end : T) {
        const double lambda = rate(rng);
        const double mu = death(rng);
        const double lifetime = std::exponential_distribution<double>(mu)(rng);
        const double horizon = std::min(lifetime, t_end);
        std::exponential_distribution<double> gap(lambda);
        cskpi::clv::Rfm c{0.0, 0.0, t_end};
        double t = gap(rng);
        while (t <= horizon) {
            c.frequency += 1.0;
            c.recency = t;
            t += gap(rng);
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace simulate
