// NDJSON decode throughput into Interactions (issue: at least 500 MB/s on one core), on the
// generator's 1,000,000-record file, next to a plain nlohmann DOM parse per line; and the same
// records as CSV (BM_Decode_csv_cskpi, at least 300 MB/s). The file is written once to
// CSKPI_BENCH_FILE (default /tmp/cskpi-bench-1m.ndjson) if it is missing.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cskpi/json/reader.hpp"
#include "cskpi_generator/generator.hpp"

namespace {

// The generator's 1,000,000 records written once by `write` to the file named by `env`
// (default `fallback`) if it is missing; the path.
template <typename Write>
std::string generated_file(const char* env, const char* fallback, Write write) {
    const char* given = std::getenv(env);
    std::string p = given != nullptr ? given : fallback;
    if (!std::filesystem::exists(p)) {
        std::ofstream out(p, std::ios::binary);
        cskpi::generator::GeneratorOptions options;
        options.records = 1'000'000;
        write(options, out);
    }
    return p;
}

const std::string& input_file() {
    static const std::string path = generated_file(
        "CSKPI_BENCH_FILE", "/tmp/cskpi-bench-1m.ndjson",
        [](const auto& o, auto& out) { cskpi::generator::write_interactions_ndjson(o, out); });
    return path;
}

// The same records as CSV (the CSV ingest target: at least 300 MB/s on one core).
const std::string& csv_file() {
    static const std::string path = generated_file(
        "CSKPI_BENCH_CSV_FILE", "/tmp/cskpi-bench-1m.csv",
        [](const auto& o, auto& out) { cskpi::generator::write_interactions_csv(o, out); });
    return path;
}

void BM_Decode_csv_cskpi(benchmark::State& state) {
    const auto& path = csv_file();
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    const auto mapping = cskpi::json::Mapping::canonical();
    std::int64_t records = 0;
    for (auto _ : state) {
        std::ifstream in(path, std::ios::binary);
        const auto s = cskpi::json::read_interactions(
            in, mapping, {.format = cskpi::json::InputFormat::csv},
            [](cskpi::Interaction&& r) { benchmark::DoNotOptimize(r); });
        records += static_cast<std::int64_t>(s.accepted);
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.SetItemsProcessed(records);
}

void BM_Decode_cskpi(benchmark::State& state) {
    const auto& path = input_file();
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    const auto mapping = cskpi::json::Mapping::canonical();
    std::int64_t records = 0;
    for (auto _ : state) {
        std::ifstream in(path, std::ios::binary);
        const auto s = cskpi::json::read_interactions(
            in, mapping, {}, [](cskpi::Interaction&& r) { benchmark::DoNotOptimize(r); });
        records += static_cast<std::int64_t>(s.accepted);
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.SetItemsProcessed(records);
}

void BM_DecodeAndReport_cskpi(benchmark::State& state) {
    const auto& path = input_file();
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    const auto mapping = cskpi::json::Mapping::canonical();
    const auto threads = static_cast<unsigned>(state.range(0));
    for (auto _ : state) {
        cskpi::ReportAccumulator acc({.group_by = {cskpi::Dimension::agent_id}});
        benchmark::DoNotOptimize(
            cskpi::json::accumulate_file(path, mapping, {.threads = threads}, acc));
        benchmark::DoNotOptimize(acc.report());
    }
    state.SetBytesProcessed(state.iterations() * bytes);
}

void BM_Decode_nlohmann_dom_per_line(benchmark::State& state) {
    const auto& path = input_file();
    const auto bytes = static_cast<std::int64_t>(std::filesystem::file_size(path));
    const auto mapping = cskpi::json::Mapping::canonical();
    for (auto _ : state) {
        std::ifstream in(path, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
            auto r = cskpi::json::decode_interaction(nlohmann::json::parse(line), mapping);
            benchmark::DoNotOptimize(r);
        }
    }
    state.SetBytesProcessed(state.iterations() * bytes);
}

// Reference: simdjson's DOM parser alone over the same bytes, already in memory (read once,
// outside the timing), every line parsed (parse_many) and nothing done with the documents:
// the part of BM_Decode_cskpi that is simdjson's, measured in the same run. What is left is
// reading in chunks, mapping the members and building the records.
void BM_Reference_SimdjsonParseOnly(benchmark::State& state) {
    static const simdjson::padded_string text = [] {
        simdjson::padded_string loaded;
        if (simdjson::padded_string::load(input_file()).get(loaded) != simdjson::SUCCESS) {
            return simdjson::padded_string();  // empty: reported below
        }
        return loaded;
    }();
    if (text.size() == 0) {
        state.SkipWithError("cannot read the input");
        return;
    }
    simdjson::dom::parser parser;
    std::int64_t documents = 0;
    for (auto _ : state) {
        simdjson::dom::document_stream stream;
        if (parser.parse_many(text, std::size_t{1} << 20).get(stream)) {
            state.SkipWithError("parse_many failed");
            return;
        }
        for (auto document : stream) {
            simdjson::dom::element root;
            documents += document.get(root) ? 0 : 1;
        }
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.SetItemsProcessed(documents);
}

}  // namespace

BENCHMARK(BM_Reference_SimdjsonParseOnly)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Decode_cskpi)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Decode_csv_cskpi)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_DecodeAndReport_cskpi)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();
BENCHMARK(BM_Decode_nlohmann_dom_per_line)->Unit(benchmark::kMillisecond)->Iterations(1);
