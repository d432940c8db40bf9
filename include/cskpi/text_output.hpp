#pragma once
/// \file
/// What every rendering of a result (JSON, CSV, table) shares: where streamed text goes, and
/// which numbers can be written at all.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cskpi {

/// Receives a streamed rendering piece by piece, in order. The writers hand it pieces of at
/// most about 64 KiB, so a rendering never needs the whole text in memory. An exception thrown
/// by the sink (a write error) stops the writer and propagates to its caller.
///
/// Example: `cskpi::TextSink sink = [&](std::string_view s) { out.write(s.data(),
/// static_cast<std::streamsize>(s.size())); };` streams to a `std::ostream out`.
using TextSink = std::function<void(std::string_view)>;

/// The value as the renderings print it: itself when it is a finite number, empty when it is
/// undefined or cannot be represented in a text format (NaN, infinity, say a sum of durations
/// that overflowed). An empty result is `null` in JSON, an empty field in CSV and "n/a" in a
/// table, like an undefined KPI; every writer sends its floating-point values through here.
///
/// Example: `cskpi::printable(2.5)` is 2.5; `cskpi::printable(1e308 * 10)` is empty.
[[nodiscard]] std::optional<double> printable(std::optional<double> value) noexcept;

/// What a text table shows for a value that is undefined or not printable: people read "n/a"
/// where "-" could pass for a minus sign or a zero.
///
/// Example: `cskpi::table_number(std::nullopt, 2) == cskpi::not_available`.
inline constexpr std::string_view not_available = "n/a";

/// A number for a text table: `decimals` fixed decimals, or `not_available` when the value is
/// not printable. Every table of cskpi (reports, retention, staffing, CLV) formats its plain
/// numbers here, so they agree on rounding and on what a missing value looks like.
///
/// Example: `cskpi::table_number(66.666, 2)` is "66.67"; `table_number(NAN, 1)` is "n/a".
[[nodiscard]] std::string table_number(std::optional<double> value, int decimals);

/// A duration in seconds for a text table, rounded to the second: "m:ss" below an hour,
/// "h:mm:ss" from an hour on ("0:07", "4:05", "1:02:03", "250:00:00"), a leading "-" when
/// negative. A duration of a million hours or more (no contact lasts that long; it comes from
/// a hand-built or overflowing value) shows in seconds with three significant digits
/// ("3.6e+09 s") rather than as a line-wide number. Not printable: `not_available`.
///
/// Example: `cskpi::table_duration(245.4)` is "4:05"; `table_duration(3723)` is "1:02:03".
[[nodiscard]] std::string table_duration(std::optional<double> seconds);

/// Appends `field` to a CSV line as RFC 4180 writes it: as it is, or, when it holds a comma,
/// a double quote, CR or LF, enclosed in double quotes with each quote doubled. Every CSV
/// writer of cskpi (reports, staffing, CLV) sends its text fields through here.
///
/// Example: appending `Smith, "Jo"` gives `"Smith, ""Jo"""`; `a1` stays `a1`.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace cskpi
