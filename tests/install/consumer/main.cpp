// Uses the installed cskpi exactly as an application would: the core formulas and the JSON
// adapter with an installed preset.
#include <cskpi/json.hpp>
#include <cstdio>
#include <sstream>

int main() {
    const cskpi::Rate fcr = cskpi::fcr(850, 1000);
    std::printf("cskpi %s: FCR %.2f%%\n", cskpi::version_string, *fcr.value);
    std::istringstream in(R"({"id":"c-1","started_at":"2026-01-05T09:00:00Z","talk_seconds":60})");
    cskpi::ReportAccumulator acc;
    const auto summary = cskpi::json::read_interactions(
        in, cskpi::json::Mapping::canonical(), {}, [&](cskpi::Interaction&& r) { acc.add(r); });
    std::printf("read %llu, AHT %.0f s\n", static_cast<unsigned long long>(summary.read),
                *acc.report().overall.aht_seconds.value());
    return fcr.value && *fcr.value == 85.0 && summary.accepted == 1 ? 0 : 1;
}
