#include "staffing_report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <string_view>

#include "errors.hpp"

namespace cskpi::cli {
namespace {

[[noreturn]] void fail(std::string_view problem) {
    throw UsageError(fmt::format("--from-report: {}", problem));
}

double interval_seconds_of(const nlohmann::ordered_json& options) {
    const auto period = options.find("period");
    const std::string name =
        period != options.end() && period->is_string() ? period->get<std::string>() : "none";
    if (name == "15m") {
        return 900.0;
    }
    if (name == "30m") {
        return 1800.0;
    }
    if (name == "1h") {
        return 3600.0;
    }
    fail(
        fmt::format("the report's period is {}, not an interval: make it with cskpi report "
                    "--period 15m, 30m or 1h --format json",
                    name));
}

// The AHT of a group's or the overall KPIs; empty when no contact was handled.
std::optional<double> aht_of(const nlohmann::ordered_json& kpis) {
    const auto aht = kpis.find("aht_seconds");
    if (aht == kpis.end() || !aht->is_object()) {
        return std::nullopt;
    }
    const auto value = aht->find("value");
    if (value == aht->end() || !value->is_number()) {
        return std::nullopt;
    }
    return value->get<double>();
}

ReportInterval interval_of(const nlohmann::ordered_json& group) {
    const auto key = group.find("key");
    const auto kpis = group.find("kpis");
    if (key == group.end() || !key->is_object() || kpis == group.end() || !kpis->is_object()) {
        fail("a group has no key or kpis object");
    }
    ReportInterval row;
    for (const auto& [name, value] : key->items()) {
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        if (name == "period") {
            row.period = text;
        } else {
            row.group += fmt::format("{}{}={}", row.group.empty() ? "" : ",", name, text);
        }
    }
    const auto contacts = kpis->find("contacts");
    if (row.period.empty() || contacts == kpis->end() || !contacts->is_number_unsigned()) {
        fail("a group has no period or no contacts count");
    }
    row.contacts = contacts->get<std::uint64_t>();
    row.aht_seconds = aht_of(*kpis);
    return row;
}

}  // namespace

ReportIntervals report_intervals(const nlohmann::ordered_json& report) {
    if (!report.is_object() || !report.contains("options") || !report.contains("groups") ||
        !report["groups"].is_array()) {
        fail("not a cskpi report JSON document (no options and groups)");
    }
    ReportIntervals out;
    out.interval_seconds = interval_seconds_of(report["options"]);
    if (report.contains("overall") && report["overall"].is_object()) {
        out.overall_aht = aht_of(report["overall"]);
    }
    for (const nlohmann::ordered_json& group : report["groups"]) {
        out.intervals.push_back(interval_of(group));
    }
    return out;
}

ReportIntervals read_report_intervals(const std::string& path) {
    nlohmann::ordered_json report;
    try {
        if (path == "-") {
            report = nlohmann::ordered_json::parse(std::cin);
        } else {
            std::ifstream in(path, std::ios::binary);
            if (!in) {
                fail(fmt::format("cannot open {}", path));
            }
            report = nlohmann::ordered_json::parse(in);
        }
    } catch (const nlohmann::ordered_json::exception& e) {
        fail(fmt::format("{} is not JSON: {}", path == "-" ? "stdin" : path, e.what()));
    }
    return report_intervals(report);
}

}  // namespace cskpi::cli
