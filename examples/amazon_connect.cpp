// Amazon Connect contact trace records through the `amazon-connect` preset: duplicates
// delivered by Connect's at-least-once delivery are dropped (newest LastUpdateTimestamp wins),
// and AHT, ASA, service level and abandonment come out per agent.
#include <fmt/format.h>

#include <cskpi/json.hpp>
#include <fstream>

namespace {
std::string value(const std::optional<double>& v, const char* unit) {
    return v ? fmt::format("{:.1f}{}", *v, unit) : std::string("-");
}
}  // namespace

int main(int argc, char** argv) {
    const std::string file = argc > 1 ? argv[1] : CSKPI_EXAMPLES_DATA "/amazon-connect.ndjson";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fmt::print(stderr, "{}: cannot open\n", file);
        return 1;
    }
    cskpi::ReportAccumulator accumulator({.group_by = {cskpi::Dimension::agent_id}});
    const auto input = cskpi::json::read_interactions(
        in, cskpi::json::Mapping::preset("amazon-connect"), {},
        [&](cskpi::Interaction&& contact) { accumulator.add(contact); }, file);
    fmt::print("{} contact records read: {} contacts, {} duplicate deliveries dropped\n\n",
               input.read, input.accepted, input.duplicates);
    const cskpi::Report report = accumulator.report();
    fmt::print("{:<12} {:>8} {:>8} {:>10} {:>10} {:>8} {:>10}\n", "agent", "contacts", "handled",
               "AHT", "ASA", "SL", "abandoned");
    const auto row = [](const std::string& name, const cskpi::KpiSet& k) {
        fmt::print("{:<12} {:>8} {:>8} {:>10} {:>10} {:>8} {:>10}\n", name, k.contacts, k.handled,
                   value(k.aht_seconds.value(), " s"), value(k.asa_seconds.value(), " s"),
                   value(k.service_level.value, "%"), value(k.abandonment_rate.value, "%"));
    };
    for (const auto& group : report.groups) {
        row(group.key.values[0].empty() ? "(no agent)" : group.key.values[0], group.kpis);
    }
    row("overall", report.overall);
    return 0;
}
