// Report-engine throughput over generated records held in memory (issue: at least 10 million
// records/s on one core for the full KPI set with FCR mode case and one grouping).
// Records: CSKPI_BENCH_RECORDS (default 10,000,000), generated once, deterministically.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <span>
#include <vector>

#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "cskpi_generator/generator.hpp"

namespace {

const std::vector<cskpi::Interaction>& records() {
    static const std::vector<cskpi::Interaction> all = [] {
        cskpi::generator::GeneratorOptions options;
        const char* n = std::getenv("CSKPI_BENCH_RECORDS");
        options.records = n != nullptr ? std::strtoull(n, nullptr, 10) : 10'000'000;
        options.customers = options.records / 4;
        return cskpi::generator::generate_interactions(options);
    }();
    return all;
}

// The accumulator's state after all records, in bytes per record (grows with cases, groups
// and quantile samples, not with repeat contacts; see ReportAccumulator::memory_bytes).
void count_state(benchmark::State& state, const cskpi::ReportAccumulator& acc) {
    state.counters["state_MB"] = static_cast<double>(acc.memory_bytes()) / 1e6;
    state.counters["state_B_per_record"] =
        static_cast<double>(acc.memory_bytes()) / static_cast<double>(acc.records());
}

void run_report(benchmark::State& state, const cskpi::ReportOptions& options) {
    const auto& all = records();
    for (auto _ : state) {
        cskpi::ReportAccumulator acc(options);
        acc.add(std::span(all));
        benchmark::DoNotOptimize(acc.report());
        state.PauseTiming();
        count_state(state, acc);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

void BM_Report_FcrCase_ByAgent(benchmark::State& state) {
    run_report(state, {.group_by = {cskpi::Dimension::agent_id}});
}

// The same, adding the records one by one (no block to prefetch ahead in).
void BM_Report_FcrCase_ByAgent_OneByOne(benchmark::State& state) {
    const auto& all = records();
    for (auto _ : state) {
        cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
        for (const auto& r : all) {
            acc.add(r);
        }
        benchmark::DoNotOptimize(acc.report());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

void BM_Report_FcrCase_NoGroup(benchmark::State& state) {
    run_report(state, {});
}

void BM_Report_FcrFlag_NoGroup(benchmark::State& state) {
    run_report(state, {.fcr_mode = cskpi::FcrMode::flag});
}

// The per-group KPI state alone: every KPI except case/window FCR, no grouping.
void BM_KpiAccumulator(benchmark::State& state) {
    const auto& all = records();
    for (auto _ : state) {
        cskpi::KpiAccumulator acc;
        for (const auto& r : all) {
            acc.add(r);
        }
        benchmark::DoNotOptimize(acc.kpis());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

}  // namespace

BENCHMARK(BM_Report_FcrCase_ByAgent)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report_FcrCase_ByAgent_OneByOne)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report_FcrCase_NoGroup)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Report_FcrFlag_NoGroup)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_KpiAccumulator)->Unit(benchmark::kMillisecond)->Iterations(3);
