#pragma once
/// \file
/// Command-line values turned into typed ones, each throwing UsageError with a one-line
/// message that names the option: `--period: "fortnight" is not day, week or month`.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/period.hpp"
#include "cskpi/report_format.hpp"
#include "cskpi/report_options.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace cskpi::cli {

/// What a command prints on stdout.
enum class OutputFormat { json, table, csv, html };

/// Parses "json", "table", "csv" or "html".
///
/// Example: `parse_format("--format", "csv") == OutputFormat::csv`.
[[nodiscard]] OutputFormat parse_format(std::string_view option, std::string_view text);

/// Adds `--format json|table|csv|html` to a subcommand, the same on every one; `format` keeps its
/// default until parsed with parse_format.
///
/// Example: `add_format_option(*command, args->format);`
void add_format_option(CLI::App& command, std::string& format);

/// The options that shape `--format table` of a report, as given: `--columns`, `--sort`,
/// `--top`; empty when not given.
///
/// Example: `TableArgs{.columns = "contacts,fcr", .sort = "fcr", .top = "10"}`.
struct TableArgs {
    std::string columns{};
    std::string sort{};
    std::string top{};
};

/// Adds `--columns`, `--sort` and `--top` to a subcommand that prints a report table (report,
/// merge).
///
/// Example: `add_table_options(*command, args->table);`
void add_table_options(CLI::App& command, TableArgs& table);

/// The table options the arguments give: `--columns` a comma list of column names or "all",
/// `--sort NAME[:asc|:desc]` (descending when no direction is given), `--top N`. Throws
/// UsageError, listing the valid names, for a name that is not a column, and when any of them
/// is given with a format other than table.
///
/// Example: `parse_table_options({.sort = "aht:asc"}, OutputFormat::table).order` is
/// SortOrder::ascending.
[[nodiscard]] TableOptions parse_table_options(const TableArgs& table, OutputFormat format);

/// Parses a decimal integer in [min, max].
///
/// Example: `parse_integer("--threads", "4", 0, 1024)` is 4.
[[nodiscard]] std::int64_t parse_integer(std::string_view option, std::string_view text,
                                         std::int64_t min, std::int64_t max);

/// Parses a finite decimal number (no hex, no "inf" or "nan").
///
/// Example: `parse_number("--contacts", "360")` is 360.0.
[[nodiscard]] double parse_number(std::string_view option, std::string_view text);

/// Parses a duration with its unit (see duration.hpp); seconds, >= 0, or > 0 when `positive`.
///
/// Example: `parse_duration_option("--interval", "30m", true)` is 1800.0.
[[nodiscard]] double parse_duration_option(std::string_view option, std::string_view text,
                                           bool positive = false);

/// Parses "day", "week" or "month".
[[nodiscard]] Period parse_period_option(std::string_view option, std::string_view text);

/// Parses a UTC offset: "+02:00", "-05:30", "+0200" or "Z".
// --tz: an IANA time zone name, checked against the tz database; empty stays empty.
[[nodiscard]] std::string parse_time_zone_option(std::string_view option, std::string_view text);

[[nodiscard]] UtcOffset parse_utc_offset_option(std::string_view option, std::string_view text);

/// Calls `item` with each entry of a comma list, empty entries included ("a,,b" gives "a",
/// "", "b"; "" gives ""): the one splitting rule of the list options.
template <typename Item>
void for_each_item(std::string_view list, Item&& item) {
    while (true) {
        const auto comma = list.find(',');
        item(list.substr(0, comma));
        if (comma == std::string_view::npos) {
            return;
        }
        list.remove_prefix(comma + 1);
    }
}

/// Parses a comma-separated list of dimensions ("agent_id,queue"), each once.
///
/// Example: `parse_dimensions("--by", {"agent_id,queue"})` is {agent_id, queue}.
[[nodiscard]] std::vector<Dimension> parse_dimensions(std::string_view option,
                                                      const std::vector<std::string>& values);

/// Makes a message safe to print as one line on a terminal: line breaks become spaces, other
/// control characters `\xNN` (C1 controls `\u00NN`), trailing blanks go.
///
/// Example: `one_line("bad \x1b[31m\n")` is `"bad \x1b[31m"` with the ESC spelled out.
[[nodiscard]] std::string one_line(std::string_view text);

}  // namespace cskpi::cli
