// Several reports from one set of contacts held as an InteractionBatch: the records are read
// once (canonical NDJSON through the JSON adapter), stored by column, and each report adds the
// whole batch, which looks every group value and FCR case up once instead of once per record.
#include <fmt/format.h>

#include <cskpi/json.hpp>
#include <fstream>

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : CSKPI_EXAMPLES_DATA "/contacts.ndjson";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fmt::print(stderr, "{}: cannot open\n", file);
        return 1;
    }
    cskpi::InteractionBatch batch;
    const cskpi::InputSummary input = cskpi::json::read_interactions(
        in, cskpi::json::Mapping::canonical(), {},
        [&](cskpi::Interaction&& contact) { batch.append(contact); }, file);
    fmt::print("{}: {} records read, {} in the batch ({} cases, {} bytes)\n\n", file, input.read,
               batch.size(), batch.cases(), batch.memory_bytes());

    for (const cskpi::FcrMode mode :
         {cskpi::FcrMode::case_based, cskpi::FcrMode::window, cskpi::FcrMode::flag}) {
        cskpi::ReportAccumulator overall({.fcr_mode = mode});
        overall.add(batch);
        const cskpi::Rate fcr = overall.report().overall.fcr;
        fmt::print("FCR, mode {:<6}: {} of {} inquiries\n", cskpi::to_string(mode), fcr.numerator,
                   fcr.denominator);
    }
    fmt::print("\n");
    cskpi::ReportAccumulator by_queue({.group_by = {cskpi::Dimension::queue}});
    by_queue.add(batch);
    fmt::print("{}", cskpi::to_table(by_queue.report()));
    return 0;
}
