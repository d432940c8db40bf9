// A grouped KPI report from canonical NDJSON: contacts by queue and month, read through the
// JSON adapter (two threads for big files) and printed as a table. Run with no arguments for
// the bundled sample, or pass an NDJSON file.
#include <fmt/format.h>

#include <cskpi/json.hpp>

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : CSKPI_EXAMPLES_DATA "/contacts.ndjson";
    cskpi::ReportAccumulator accumulator(
        {.group_by = {cskpi::Dimension::queue}, .period = cskpi::Period::month});
    const cskpi::InputSummary input = cskpi::json::accumulate_file(
        file, cskpi::json::Mapping::canonical(), {.threads = 0}, accumulator);
    fmt::print("{}: {} records read, {} accepted, {} rejected\n\n", file, input.read,
               input.accepted, input.rejected);
    fmt::print("{}", cskpi::to_table(accumulator.report()));
    return 0;
}
