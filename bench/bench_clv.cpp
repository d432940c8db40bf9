// Benchmarks of the CLV models (Google Benchmark): fits on CDNOW (2,357 customers) and on
// 1,000,000 simulated customers, and predictions for 1,000,000 customers.
// Build with -DCSKPI_BUILD_BENCHMARKS=ON; run bench_clv. Figures are in docs/clv.md.

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "cdnow.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/mbgnbd.hpp"
#include "cskpi/clv/pareto_nbd.hpp"
#include "simulate.hpp"

using namespace cskpi::clv;

namespace {

constexpr std::size_t kMillion = 1000000;

const std::vector<CustomerRfm>& cdnow_rows() {
    static const std::vector<CustomerRfm> rows = cdnow::rfm();
    return rows;
}

const std::vector<Rfm>& cdnow_data() {
    static const std::vector<Rfm> data = rfm_values(cdnow_rows());
    return data;
}

const std::vector<SpendObservation>& cdnow_spend() {
    static const std::vector<SpendObservation> spend = [] {
        std::vector<SpendObservation> out;
        for (const auto& r : cdnow_rows()) {
            out.push_back({r.rfm.frequency, r.monetary_value});
        }
        return out;
    }();
    return spend;
}

// 1,000,000 BG/NBD customers with CDNOW-like parameters and 26 to 39 weeks of history.
const std::vector<Rfm>& million() {
    static const std::vector<Rfm> data = [] {
        std::mt19937_64 rng(42);
        const auto T = simulate::observation_lengths(rng, kMillion, 26.0, 39.0);
        return simulate::bgnbd(rng, T, 0.2426, 4.414, 0.7929, 2.426);
    }();
    return data;
}

// Spend of the million customers: transaction values ~ Gamma(p, nu), nu ~ Gamma(q, gamma);
// z-bar of x transactions ~ Gamma(p x, x nu). Customers with x = 0 get x = 1 here so that all
// 1,000,000 rows carry spend.
const std::vector<SpendObservation>& million_spend() {
    static const std::vector<SpendObservation> spend = [] {
        std::mt19937_64 rng(43);
        const double p = 6.25, q = 3.74, gamma = 15.44;
        std::gamma_distribution<double> nu_draw(q, 1.0 / gamma);
        std::vector<SpendObservation> out;
        out.reserve(kMillion);
        for (const Rfm& c : million()) {
            const double x = std::max(c.frequency, 1.0);
            const double nu = nu_draw(rng);
            std::gamma_distribution<double> zbar(p * x, 1.0 / (x * nu));
            out.push_back({x, zbar(rng)});
        }
        return out;
    }();
    return spend;
}

void BM_BgNbdFit_Cdnow(benchmark::State& state) {
    const auto& data = cdnow_data();
    for (auto _ : state) {
        auto fit = BgNbd::fit(data);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_BgNbdFit_Cdnow)->Unit(benchmark::kMillisecond);

void BM_BgNbdFit_Cdnow_NoStdErrors(benchmark::State& state) {
    const auto& data = cdnow_data();
    for (auto _ : state) {
        auto fit = BgNbd::fit(data, {.standard_errors = false});
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_BgNbdFit_Cdnow_NoStdErrors)->Unit(benchmark::kMillisecond);

void BM_MbgNbdFit_Cdnow(benchmark::State& state) {
    const auto& data = cdnow_data();
    for (auto _ : state) {
        auto fit = MbgNbd::fit(data);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_MbgNbdFit_Cdnow)->Unit(benchmark::kMillisecond);

void BM_ParetoNbdFit_Cdnow(benchmark::State& state) {
    const auto& data = cdnow_data();
    for (auto _ : state) {
        auto fit = ParetoNbd::fit(data);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_ParetoNbdFit_Cdnow)->Unit(benchmark::kMillisecond);

void BM_GammaGammaFit_Cdnow(benchmark::State& state) {
    const auto& data = cdnow_spend();
    for (auto _ : state) {
        auto fit = GammaGamma::fit(data);
        benchmark::DoNotOptimize(fit);
    }
}
BENCHMARK(BM_GammaGammaFit_Cdnow)->Unit(benchmark::kMillisecond);

void BM_BgNbdFit_Million(benchmark::State& state) {
    const auto& data = million();
    for (auto _ : state) {
        auto fit = BgNbd::fit(data);
        benchmark::DoNotOptimize(fit);
        state.counters["converged"] = fit.report.converged ? 1.0 : 0.0;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_BgNbdFit_Million)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_GammaGammaFit_Million(benchmark::State& state) {
    const auto& data = million_spend();
    for (auto _ : state) {
        auto fit = GammaGamma::fit(data);
        benchmark::DoNotOptimize(fit);
        state.counters["converged"] = fit.report.converged ? 1.0 : 0.0;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_GammaGammaFit_Million)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_BgNbdPredict_Million(benchmark::State& state) {
    const auto& data = million();
    const BgNbd model({0.2426, 4.414, 0.7929, 2.426});
    for (auto _ : state) {
        auto e = conditional_expected_purchases(model, 52.0, data);
        auto alive = p_alive(model, data);
        benchmark::DoNotOptimize(e);
        benchmark::DoNotOptimize(alive);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_BgNbdPredict_Million)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ParetoNbdPredict_Million(benchmark::State& state) {
    const auto& data = million();
    const ParetoNbd model({0.5532, 10.58, 0.6062, 11.67});
    for (auto _ : state) {
        auto e = conditional_expected_purchases(model, 52.0, data);
        auto alive = p_alive(model, data);
        benchmark::DoNotOptimize(e);
        benchmark::DoNotOptimize(alive);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_ParetoNbdPredict_Million)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Clv12Months_Million(benchmark::State& state) {
    const auto& data = million();
    const BgNbd model({0.2426, 4.414, 0.7929, 2.426});
    const GammaGamma spend_model({6.25, 3.74, 15.44});
    std::vector<double> spend;
    spend.reserve(data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        spend.push_back(*spend_model.conditional_expected_spend({data[i].frequency, 30.0}));
    }
    for (auto _ : state) {
        auto v = customer_lifetime_value(model, data, spend, {.horizon = 12.0});
        benchmark::DoNotOptimize(v);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(data.size()));
}
BENCHMARK(BM_Clv12Months_Million)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
