// Shards reduced apart and merged later: each shard's contacts go into their own accumulator,
// which is saved as bytes (as a worker would write it to a file or send it over the network),
// and the bytes are read back and merged into one report, the report of all the contacts.
// A damaged state is refused with the byte where the damage was found.
#include <fmt/format.h>

#include <cskpi/json.hpp>
#include <fstream>
#include <vector>

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : CSKPI_EXAMPLES_DATA "/contacts.ndjson";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fmt::print(stderr, "{}: cannot open\n", file);
        return 1;
    }
    const cskpi::ReportOptions options{.group_by = {cskpi::Dimension::queue}};

    // Three workers, each with a third of the contacts (here: every third record).
    std::vector<cskpi::ReportAccumulator> workers;
    for (int i = 0; i < 3; ++i) {
        workers.emplace_back(options);
    }
    std::size_t n = 0;
    (void)cskpi::json::read_interactions(
        in, cskpi::json::Mapping::canonical(), {},
        [&](cskpi::Interaction&& contact) { workers[n++ % 3].add(contact); }, file);

    std::vector<std::vector<std::byte>> saved;
    for (const cskpi::ReportAccumulator& worker : workers) {
        saved.push_back(worker.to_bytes());
        fmt::print("worker: {} contacts, {} bytes saved\n", worker.records(), saved.back().size());
    }

    // Anywhere else, later: the states read back and merged.
    cskpi::ReportAccumulator total = cskpi::ReportAccumulator::from_bytes(saved[0]);
    for (std::size_t i = 1; i < saved.size(); ++i) {
        total.merge(cskpi::ReportAccumulator::from_bytes(saved[i]));
    }
    fmt::print("\nmerged: {} contacts\n{}", total.records(), cskpi::to_table(total.report()));

    saved[1][40] ^= std::byte{1};
    try {
        (void)cskpi::ReportAccumulator::from_bytes(saved[1]);
    } catch (const cskpi::StateFormatError& e) {
        fmt::print("\na damaged state: {}\n", e.what());
    }
    return 0;
}
