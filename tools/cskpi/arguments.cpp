#include "arguments.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>

#include "cskpi/error.hpp"
#include "duration.hpp"
#include "errors.hpp"

namespace cskpi::cli {

OutputFormat parse_format(std::string_view option, std::string_view text) {
    if (text == "json") {
        return OutputFormat::json;
    }
    if (text == "table") {
        return OutputFormat::table;
    }
    if (text == "csv") {
        return OutputFormat::csv;
    }
    if (text == "html") {
        return OutputFormat::html;
    }
    throw UsageError(fmt::format("{}: \"{}\" is not json, table, csv or html", option, text));
}

void add_format_option(CLI::App& command, std::string& format) {
    command.add_option("--format", format, "Output: json, table, csv or html (a page with charts)")
        ->type_name("FORMAT")
        ->capture_default_str();
}

void add_table_options(CLI::App& command, TableArgs& table) {
    command
        .add_option("--columns", table.columns,
                    "Table columns, a comma list of KPI names or all (default: contacts, fcr, "
                    "csat, aht, asa, sl, abandon)")
        ->type_name("LIST");
    command
        .add_option("--sort", table.sort,
                    "Table: sort the groups by a column, highest first (NAME:asc for lowest)")
        ->type_name("NAME");
    command.add_option("--top", table.top, "Table: show only the first N groups")->type_name("N");
}

namespace {

// A column name of --columns or --sort, checked against the library's catalogue, whose
// message lists the valid names.
void check_column(std::string_view option, std::string_view name, bool all_allowed) {
    try {
        check_table_column(name, all_allowed);
    } catch (const InvalidArgument& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
}

}  // namespace

TableOptions parse_table_options(const TableArgs& table, OutputFormat format) {
    if (format != OutputFormat::table &&
        !(table.columns.empty() && table.sort.empty() && table.top.empty())) {
        throw UsageError(
            "--columns, --sort and --top shape --format table only; json and csv always carry "
            "every group and KPI, and html ranks its groups itself");
    }
    TableOptions options;
    if (!table.columns.empty()) {
        for_each_item(table.columns, [&](std::string_view name) {
            check_column("--columns", name, true);
            options.columns.emplace_back(name);
        });
    }
    if (!table.sort.empty()) {
        const std::string_view sort = table.sort;
        const auto colon = sort.find(':');
        const std::string_view direction =
            colon == std::string_view::npos ? "desc" : sort.substr(colon + 1);
        if (direction != "asc" && direction != "desc") {
            throw UsageError(
                fmt::format("--sort: \"{}\" is not asc or desc (NAME:asc, NAME:desc)", direction));
        }
        options.sort_by = sort.substr(0, colon);
        check_column("--sort", options.sort_by, false);
        options.order = direction == "asc" ? SortOrder::ascending : SortOrder::descending;
    }
    if (!table.top.empty()) {
        options.top = static_cast<std::size_t>(
            parse_integer("--top", table.top, 0, std::numeric_limits<std::int64_t>::max()));
    }
    return options;
}

std::int64_t parse_integer(std::string_view option, std::string_view text, std::int64_t min,
                           std::int64_t max) {
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != text.data() + text.size()) {
        throw UsageError(fmt::format("{}: \"{}\" is not a whole number", option, text));
    }
    if (ec == std::errc::result_out_of_range || value < min || value > max) {
        throw UsageError(fmt::format("{}: {} is outside {}..{}", option, text, min, max));
    }
    return value;
}

double parse_number(std::string_view option, std::string_view text) {
    double value = 0.0;
    // chars_format::general accepts "1.5", "-2", "1e3" but not hex; reject inf and nan below.
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() ||
        !std::isfinite(value)) {
        throw UsageError(fmt::format("{}: \"{}\" is not a number", option, text));
    }
    return value;
}

double parse_duration_option(std::string_view option, std::string_view text, bool positive) {
    double seconds = 0.0;
    try {
        seconds = parse_duration(text);
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}: {}", option, e.what()));
    }
    if (positive && seconds <= 0.0) {
        throw UsageError(fmt::format("{}: \"{}\" must be longer than zero", option, text));
    }
    return seconds;
}

Period parse_period_option(std::string_view option, std::string_view text) {
    if (const auto period = parse_period(text)) {
        return *period;
    }
    throw UsageError(
        fmt::format("{}: \"{}\" is not day, week, month, 15m, 30m or 1h", option, text));
}

std::string parse_time_zone_option(std::string_view option, std::string_view text) {
    if (!text.empty()) {
        try {
            [[maybe_unused]] const TimeZone zone{text};
        } catch (const cskpi::Error&) {
            throw UsageError(fmt::format(
                "{}: \"{}\" is not a time zone of the tz database (an IANA name such as "
                "America/New_York)",
                option, text));
        }
    }
    return std::string(text);
}

UtcOffset parse_utc_offset_option(std::string_view option, std::string_view text) {
    try {
        return parse_utc_offset(text);
    } catch (const cskpi::Error&) {
        throw UsageError(fmt::format(
            "{}: \"{}\" is not a UTC offset (+02:00, -05:30, +0200 or Z, under 24 hours)", option,
            text));
    }
}

std::vector<Dimension> parse_dimensions(std::string_view option,
                                        const std::vector<std::string>& values) {
    std::vector<Dimension> dimensions;
    for (const std::string& value : values) {
        for_each_item(value, [&](std::string_view name) {
            const auto dimension = parse_dimension(name);
            if (!dimension) {
                throw UsageError(fmt::format(
                    "{}: \"{}\" is not a dimension (agent_id, queue, team, channel, customer_id)",
                    option, name));
            }
            if (std::find(dimensions.begin(), dimensions.end(), *dimension) != dimensions.end()) {
                throw UsageError(fmt::format("{}: {} is listed twice", option, name));
            }
            dimensions.push_back(*dimension);
        });
    }
    return dimensions;
}

std::string one_line(std::string_view text) {
    // Messages quote record values, which may hold anything: a newline would split the line,
    // and ESC or another control byte would reach the user's terminal as a command.
    // The C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F) include a one-byte CSI as well.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0U;
        if (c == '\n' || c == '\r') {
            out += ' ';
        } else if (byte < 0x20 || byte == 0x7F) {
            fmt::format_to(std::back_inserter(out), "\\x{:02x}", byte);
        } else if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", next);
            ++i;
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

}  // namespace cskpi::cli
