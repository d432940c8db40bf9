// Report-engine throughput over generated records held in memory (issue: at least 10 million
// records/s on one core for the full KPI set with FCR mode case and one grouping).
// Records: CSKPI_BENCH_RECORDS (default 10,000,000), generated once, deterministically.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/interaction_batch.hpp"
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

// Input: the records (added as a span) or the batch.
// Timed: building the accumulator, adding, and making the report; not freeing the state
// afterwards, which is not accumulating (and takes 0.3 to 9 ms here since the state's
// buffers are on huge pages).
template <typename Input>
void run_report(benchmark::State& state, const cskpi::ReportOptions& options, const Input& all) {
    std::optional<cskpi::ReportAccumulator> acc;
    for (auto _ : state) {
        acc.emplace(options);
        if constexpr (std::is_same_v<Input, cskpi::InteractionBatch>) {
            acc->add(all);
        } else {
            acc->add(std::span(all));
        }
        benchmark::DoNotOptimize(acc->report());
        state.PauseTiming();
        count_state(state, *acc);
        acc.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

void BM_Report_FcrCase_ByAgent(benchmark::State& state) {
    run_report(state, {.group_by = {cskpi::Dimension::agent_id}}, records());
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
    run_report(state, {}, records());
}

void BM_Report_FcrFlag_NoGroup(benchmark::State& state) {
    run_report(state, {.fcr_mode = cskpi::FcrMode::flag}, records());
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

// The same records as an InteractionBatch, built once (BM_Batch_Build times building it).
const cskpi::InteractionBatch& batch() {
    static const cskpi::InteractionBatch all = [] {
        cskpi::InteractionBatch b;
        b.append(std::span(records()));
        return b;
    }();
    return all;
}

void BM_Batch_FcrCase_ByAgent(benchmark::State& state) {
    run_report(state, {.group_by = {cskpi::Dimension::agent_id}}, batch());
}

void BM_Batch_FcrCase_NoGroup(benchmark::State& state) {
    run_report(state, {}, batch());
}

void BM_Batch_FcrFlag_ByAgent(benchmark::State& state) {
    run_report(state, {.group_by = {cskpi::Dimension::agent_id}, .fcr_mode = cskpi::FcrMode::flag},
               batch());
}

void BM_Batch_FcrFlag_NoGroup(benchmark::State& state) {
    run_report(state, {.fcr_mode = cskpi::FcrMode::flag}, batch());
}

// Building the batch from the records in memory: what the batch's speed is bought with, for
// input that does not arrive as a batch.
void BM_Batch_Build(benchmark::State& state) {
    const auto& all = records();
    for (auto _ : state) {
        cskpi::InteractionBatch b;
        b.append(std::span(all));
        benchmark::DoNotOptimize(b.size());
        state.PauseTiming();
        state.counters["batch_B_per_record"] =
            static_cast<double>(b.memory_bytes()) / static_cast<double>(b.size());
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

// References: what the machine gives for the simplest versions of the engine's two costs,
// measured on the same records in the same run, so the report figures above can be read
// against them (docs/performance.md).

// Streaming the records: four fields of each, nothing else.
void BM_Reference_ReadFourFields(benchmark::State& state) {
    const auto& all = records();
    for (auto _ : state) {
        std::int64_t sum = 0;
        for (const auto& r : all) {
            sum += r.started_at.time_since_epoch().count() +
                   static_cast<std::int64_t>(r.case_key().size()) + (r.abandoned ? 1 : 0) +
                   (r.wait_seconds ? 1 : 0);
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

// A minimal exact FCR case table: one 32-byte slot per case with the key inline (the
// generator's keys are short), sized once for the data's case count (half full, as the
// engine's table) so it never grows, each key hashed once, the slot of each handled record
// prefetched 32 records ahead; no first contact id, no group, no key arena. Not a usable
// table, and not a strict lower bound (the engine probes 8-byte slots, a smaller array):
// what one random read-modify-write per handled record costs here.
void BM_Reference_MinimalCaseTable(benchmark::State& state) {
    struct Slot {
        char key[16];
        std::int64_t first_at;
        std::uint32_t handled;
        std::uint32_t used;
    };
    static_assert(sizeof(Slot) == 32);
    const auto& all = records();
    static const std::size_t cases = [&all] {
        std::unordered_set<std::string_view> keys;
        for (const auto& r : all) {
            if (!r.abandoned) {
                keys.insert(r.case_key());
            }
        }
        return keys.size();
    }();
    std::size_t slots = 2;
    while (slots < 2 * cases) {
        slots *= 2;
    }
    const int shift = 64 - std::countr_zero(slots);
    const auto hash = [](std::string_view key) {
        return static_cast<std::uint64_t>(std::hash<std::string_view>{}(key)) *
               0x9E3779B97F4A7C15ULL;
    };
    constexpr std::size_t kAhead = 32;  // a power of two: the ring of hashes below
    std::array<std::uint64_t, kAhead> ahead{};
    for (auto _ : state) {
        cskpi::detail::PagedBytes bytes;
        bytes.reserve(slots * sizeof(Slot));
        auto* table = reinterpret_cast<Slot*>(bytes.data());
        for (std::size_t i = 0; i < std::min(kAhead, all.size()); ++i) {
            ahead[i] = hash(all[i].case_key());
        }
        for (std::size_t i = 0; i < all.size(); ++i) {
            const std::uint64_t h = ahead[i % kAhead];
            if (i + kAhead < all.size()) {
                ahead[i % kAhead] = hash(all[i + kAhead].case_key());
                __builtin_prefetch(table + (ahead[i % kAhead] >> shift));
            }
            const auto& r = all[i];
            if (r.abandoned) {
                continue;
            }
            const std::string_view key = r.case_key();
            char inline_key[16] = {};
            std::memcpy(inline_key, key.data(), std::min(key.size(), sizeof inline_key));
            auto at = static_cast<std::size_t>(h >> shift);
            while (table[at].used != 0 && std::memcmp(table[at].key, inline_key, 16) != 0) {
                at = (at + 1) & (slots - 1);
            }
            Slot& slot = table[at];
            const std::int64_t started = r.started_at.time_since_epoch().count();
            if (slot.used == 0) {
                std::memcpy(slot.key, inline_key, sizeof inline_key);
                slot.first_at = started;
                slot.used = 1;
            } else if (started < slot.first_at) {
                slot.first_at = started;
            }
            ++slot.handled;
        }
        benchmark::DoNotOptimize(table);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(all.size()));
}

// Committing fresh memory: 64 bytes per record (about what the engine's FCR case state holds
// over the generator's records, state_B_per_record above), grown through PagedBytes as the
// engine's tables grow, one byte written per 4 KiB page. What the kernel and the host charge
// for the engine's state alone, in the same run.
void BM_Reference_CommitStateMemory(benchmark::State& state) {
    const std::size_t bytes = records().size() * 64;
    for (auto _ : state) {
        cskpi::detail::PagedBytes memory;
        for (std::size_t used = 4096; used <= bytes; used += 4096) {
            memory.reserve(used);
            memory.data()[used - 1] = std::byte{1};
        }
        benchmark::DoNotOptimize(memory.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(records().size()));
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

// Writing a report's state to bytes and reading it back (to_bytes, from_bytes), against
// building that state from the records (adding them as a span, FCR mode case, by agent).
// Timed: the round trip; counters: the build's time, the round trip's share of it, and the
// bytes against the state in memory.
void BM_State_RoundTrip_ByAgent(benchmark::State& state) {
    using Clock = std::chrono::steady_clock;
    const auto& all = records();
    for (auto _ : state) {
        const auto start = Clock::now();
        cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
        acc.add(std::span(all));
        const auto built = Clock::now();
        const std::vector<std::byte> bytes = acc.to_bytes();
        const auto written = Clock::now();
        const cskpi::ReportAccumulator back = cskpi::ReportAccumulator::from_bytes(bytes);
        const auto done = Clock::now();
        state.counters["write_ms"] = std::chrono::duration<double>(written - built).count() * 1e3;
        benchmark::DoNotOptimize(back.records());
        const double build_s = std::chrono::duration<double>(built - start).count();
        const double trip_s = std::chrono::duration<double>(done - built).count();
        state.SetIterationTime(trip_s);
        state.counters["build_ms"] = build_s * 1e3;
        state.counters["trip_share_of_build"] = trip_s / build_s;
        state.counters["bytes_MB"] = static_cast<double>(bytes.size()) / 1e6;
        state.counters["state_MB"] = static_cast<double>(acc.memory_bytes()) / 1e6;
    }
}

}  // namespace

// Each benchmark runs once per repetition, five times: the median is the figure to quote,
// and the spread shows the host's noise (the first run in a process often pays for memory the
// host has not backed yet; docs/performance.md).
static void report_benchmark(benchmark::internal::Benchmark* b) {
    b->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(5);
}

BENCHMARK(BM_Report_FcrCase_ByAgent)->Apply(report_benchmark);
BENCHMARK(BM_Report_FcrCase_ByAgent_OneByOne)->Apply(report_benchmark);
BENCHMARK(BM_Report_FcrCase_NoGroup)->Apply(report_benchmark);
BENCHMARK(BM_Report_FcrFlag_NoGroup)->Apply(report_benchmark);
BENCHMARK(BM_Batch_FcrCase_ByAgent)->Apply(report_benchmark);
BENCHMARK(BM_Batch_FcrCase_NoGroup)->Apply(report_benchmark);
BENCHMARK(BM_Batch_FcrFlag_ByAgent)->Apply(report_benchmark);
BENCHMARK(BM_Batch_FcrFlag_NoGroup)->Apply(report_benchmark);
BENCHMARK(BM_Batch_Build)->Apply(report_benchmark);
BENCHMARK(BM_KpiAccumulator)->Apply(report_benchmark);
BENCHMARK(BM_State_RoundTrip_ByAgent)->Apply(report_benchmark)->UseManualTime();
BENCHMARK(BM_Reference_ReadFourFields)->Apply(report_benchmark);
BENCHMARK(BM_Reference_MinimalCaseTable)->Apply(report_benchmark);
BENCHMARK(BM_Reference_CommitStateMemory)->Apply(report_benchmark);
