// Throughput of the generator and of the NDJSON writer.

#include <benchmark/benchmark.h>

#include <string>

#include "cskpi_generator/generator.hpp"

namespace {

void BM_GenerateInteractions(benchmark::State& state) {
    cskpi::generator::GeneratorOptions options;
    options.records = static_cast<std::uint64_t>(state.range(0));
    for (auto _ : state) {
        cskpi::generator::InteractionGenerator gen(options);
        cskpi::Interaction r;
        std::uint64_t n = 0;
        while (gen.next(r)) {
            ++n;
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateInteractions)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_WriteNdjson(benchmark::State& state) {
    cskpi::generator::GeneratorOptions options;
    options.records = 10'000;
    const auto records = cskpi::generator::generate_interactions(options);
    std::string out;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        out.clear();
        for (const auto& r : records) {
            cskpi::generator::append_ndjson(out, r);
        }
        bytes += static_cast<std::int64_t>(out.size());
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records.size()));
}
BENCHMARK(BM_WriteNdjson);

void BM_GeneratePurchases(benchmark::State& state) {
    cskpi::generator::PurchaseOptions options;
    options.purchases = static_cast<std::uint64_t>(state.range(0));
    for (auto _ : state) {
        cskpi::generator::PurchaseGenerator gen(options);
        cskpi::Purchase p;
        std::uint64_t n = 0;
        while (gen.next(p)) {
            ++n;
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GeneratePurchases)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
