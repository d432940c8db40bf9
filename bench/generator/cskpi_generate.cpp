// cskpi-generate: writes generated canonical interactions (or purchases) as NDJSON or CSV.

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "cskpi_generator/generator.hpp"

namespace {

constexpr const char* kUsage =
    R"(usage: cskpi-generate [--records N] [--seed S] [--dirty F] [--purchases] [--out FILE]
                      [options]

Writes deterministic, realistic canonical records as NDJSON (docs/records.md) to FILE or
stdout. The same options give the same bytes on every platform.

  --records N            interactions to write (default 100000); with --purchases, the
                         purchases to write (0: no limit, then --customers limits)
  --seed S               random seed (default 42)
  --dirty F              replace this fraction of lines by malformed ones (default 0)
  --purchases            write purchases {customer_id, at, amount} instead
  --out FILE             write to FILE instead of stdout
  --format F             ndjson (default) or csv: interactions as CSV with a header row of
                         the canonical field names (clean records only: --dirty and
                         --purchases are ndjson only)
  --customers N          interactions: distinct customers (default records / 4);
                         purchases: stop after N customers
  --agents N             agents (default 50)
  --queues N             queues, at most 99 (default 8)
  --teams N              teams (default 6)
  --start YYYY-MM-DD     first day (default 2024-11-18; purchases 2023-01-01)
  --days N               days covered (default 120; purchases 730)
  --surveys F            fraction of handled contacts with a survey (default 0.2)
  --abandon F            fraction of queued contacts abandoned (default 0.06)
  --repeat F             probability of a repeat contact in the case (default 0.2)
  --duration-step-ms N   resolution of non-phone durations (default 125)
  --acquisition-days N   purchases: days over which customers arrive (default days / 4)
  --quiet                no summary on stderr
  --help                 this text
)";

struct UsageError {
    std::string message;
};

template <typename T>
T parse_number(std::string_view flag, std::string_view text) {
    T value{};
    const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
    if (res.ec != std::errc{} || res.ptr != text.data() + text.size()) {
        throw UsageError{std::string(flag) + ": not a valid number: '" + std::string(text) + "'"};
    }
    return value;
}

std::chrono::sys_days parse_date(std::string_view flag, std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        throw UsageError{std::string(flag) + ": expected YYYY-MM-DD, got '" + std::string(text) +
                         "'"};
    }
    const auto y = parse_number<int>(flag, text.substr(0, 4));
    const auto m = parse_number<unsigned>(flag, text.substr(5, 2));
    const auto d = parse_number<unsigned>(flag, text.substr(8, 2));
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                          std::chrono::day{d}};
    if (!ymd.ok()) {
        throw UsageError{std::string(flag) + ": not a date: '" + std::string(text) + "'"};
    }
    return std::chrono::sys_days{ymd};
}

struct Args {
    cskpi::generator::GeneratorOptions interactions;
    cskpi::generator::PurchaseOptions purchases;
    bool want_purchases = false;
    bool csv = false;  // --format csv
    bool records_given = false;
    bool customers_given = false;
    bool start_given = false;
    bool days_given = false;
    std::uint64_t records = 100'000;
    std::uint64_t customers = 0;
    std::chrono::sys_days start{};
    std::uint32_t days = 0;
    std::string out;
    bool quiet = false;
    bool help = false;
};

void settle(Args& a);

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        const auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) {
                throw UsageError{std::string(flag) + ": missing value"};
            }
            return argv[++i];
        };
        auto& g = a.interactions;
        if (flag == "--help" || flag == "-h") {
            a.help = true;
        } else if (flag == "--records") {
            a.records = parse_number<std::uint64_t>(flag, value());
            a.records_given = true;
        } else if (flag == "--seed") {
            g.seed = parse_number<std::uint64_t>(flag, value());
        } else if (flag == "--dirty") {
            g.dirty_fraction = parse_number<double>(flag, value());
        } else if (flag == "--purchases") {
            a.want_purchases = true;
        } else if (flag == "--out") {
            a.out = value();
        } else if (flag == "--format") {
            const std::string_view format = value();
            if (format != "csv" && format != "ndjson") {
                throw UsageError{"--format: expected ndjson or csv, got '" + std::string(format) +
                                 "'"};
            }
            a.csv = format == "csv";
        } else if (flag == "--customers") {
            a.customers = parse_number<std::uint64_t>(flag, value());
            a.customers_given = true;
        } else if (flag == "--agents") {
            g.agents = parse_number<std::uint32_t>(flag, value());
        } else if (flag == "--queues") {
            g.queues = parse_number<std::uint32_t>(flag, value());
        } else if (flag == "--teams") {
            g.teams = parse_number<std::uint32_t>(flag, value());
        } else if (flag == "--start") {
            a.start = parse_date(flag, value());
            a.start_given = true;
        } else if (flag == "--days") {
            a.days = parse_number<std::uint32_t>(flag, value());
            a.days_given = true;
        } else if (flag == "--surveys") {
            g.survey_fraction = parse_number<double>(flag, value());
        } else if (flag == "--abandon") {
            g.abandon_rate = parse_number<double>(flag, value());
        } else if (flag == "--repeat") {
            g.repeat_contact_probability = parse_number<double>(flag, value());
        } else if (flag == "--duration-step-ms") {
            g.duration_step_ms = parse_number<std::uint32_t>(flag, value());
        } else if (flag == "--acquisition-days") {
            a.purchases.acquisition_days = parse_number<std::uint32_t>(flag, value());
        } else if (flag == "--quiet" || flag == "-q") {
            a.quiet = true;
        } else {
            throw UsageError{"unknown option '" + std::string(flag) + "' (see --help)"};
        }
    }
    settle(a);
    return a;
}

// Applies the options that concern both record kinds, and checks the combinations.
void settle(Args& a) {
    auto& g = a.interactions;
    g.records = a.records;
    if (a.customers_given) {
        g.customers = a.customers;
    }
    if (a.start_given) {
        g.start = a.start;
        a.purchases.start = a.start;
    }
    if (a.days_given) {
        g.span_days = a.days;
        a.purchases.span_days = a.days;
    }
    a.purchases.seed = g.seed;
    // Purchases: --customers alone means "this many customers, however many purchases".
    a.purchases.purchases = a.records_given || !a.customers_given ? a.records : 0;
    a.purchases.customers = a.customers_given ? a.customers : 0;
    if (a.want_purchases && g.dirty_fraction != 0.0) {
        throw UsageError{"--dirty applies to interactions only"};
    }
    if (a.csv && (a.want_purchases || g.dirty_fraction != 0.0)) {
        throw UsageError{"--format csv writes clean interactions only (no --purchases or --dirty)"};
    }
}

void summary(const Args& a, const cskpi::generator::WriteStats& s) {
    const double per_line =
        s.lines == 0 ? 0.0 : static_cast<double>(s.bytes) / static_cast<double>(s.lines);
    std::fprintf(stderr, "cskpi-generate: %llu %s, %llu bytes (%.1f bytes a line) to %s\n",
                 static_cast<unsigned long long>(s.lines),
                 a.want_purchases ? "purchases" : "interactions",
                 static_cast<unsigned long long>(s.bytes), per_line,
                 a.out.empty() ? "stdout" : a.out.c_str());
    if (s.dirty_total() != 0 || a.interactions.dirty_fraction != 0.0) {
        std::fprintf(stderr, "cskpi-generate: %llu malformed lines:",
                     static_cast<unsigned long long>(s.dirty_total()));
        for (std::size_t k = 0; k < cskpi::generator::kDirtyKinds; ++k) {
            const auto name =
                cskpi::generator::to_string(static_cast<cskpi::generator::DirtyKind>(k));
            std::fprintf(stderr, " %.*s=%llu", static_cast<int>(name.size()), name.data(),
                         static_cast<unsigned long long>(s.dirty[k]));
        }
        std::fprintf(stderr, "\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    try {
        args = parse(argc, argv);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "cskpi-generate: %s\n", e.message.c_str());
        return 2;
    }
    if (args.help) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    try {
        std::ofstream file;
        std::ostream* out = &std::cout;
        if (!args.out.empty()) {
            file.open(args.out, std::ios::binary | std::ios::trunc);
            if (!file) {
                std::fprintf(stderr, "cskpi-generate: cannot write %s: %s\n", args.out.c_str(),
                             std::strerror(errno));
                return 1;
            }
            out = &file;
        } else {
            std::ios::sync_with_stdio(false);
        }
        const auto stats =
            args.want_purchases
                ? cskpi::generator::write_purchases_ndjson(args.purchases, *out)
                : (args.csv ? cskpi::generator::write_interactions_csv(args.interactions, *out)
                            : cskpi::generator::write_interactions_ndjson(args.interactions, *out));
        if (!*out) {
            std::fprintf(stderr, "cskpi-generate: write error on %s\n",
                         args.out.empty() ? "stdout" : args.out.c_str());
            return 1;
        }
        if (!args.quiet) {
            summary(args, stats);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cskpi-generate: %s\n", e.what());
        return 2;
    }
    return 0;
}
