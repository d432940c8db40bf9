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
/// that overflowed). An empty result is `null` in JSON, an empty field in CSV and "-" in a
/// table, like an undefined KPI; every writer sends its floating-point values through here.
///
/// Example: `cskpi::printable(2.5)` is 2.5; `cskpi::printable(1e308 * 10)` is empty.
[[nodiscard]] std::optional<double> printable(std::optional<double> value) noexcept;

/// Appends `field` to a CSV line as RFC 4180 writes it: as it is, or, when it holds a comma,
/// a double quote, CR or LF, enclosed in double quotes with each quote doubled. Every CSV
/// writer of cskpi (reports, staffing, CLV) sends its text fields through here.
///
/// Example: appending `Smith, "Jo"` gives `"Smith, ""Jo"""`; `a1` stays `a1`.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace cskpi
