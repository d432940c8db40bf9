#include "cskpi/json/timestamp.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "catch.hpp"

using namespace std::chrono;
using cskpi::json::parse_rfc3339;

namespace {
std::int64_t ms(std::optional<cskpi::Timestamp> t) {
    return t->time_since_epoch().count();
}
}  // namespace

TEST_CASE("RFC 3339 with Z, offsets and fractions") {
    // 2026-01-31T23:59:59Z is 1769903999 s after the epoch.
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59Z")) == 1769903999000);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.5Z")) == 1769903999500);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.123456789Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-02-01T01:59:59+02:00")) == 1769903999000);
    CHECK(ms(parse_rfc3339("2026-01-31T18:29:59-05:30")) == 1769903999000);
    CHECK(ms(parse_rfc3339("2026-01-31 23:59:59z")) == 1769903999000);
    CHECK(ms(parse_rfc3339("2026-01-31")) == 1769817600000);
}

TEST_CASE("malformed and impossible timestamps are refused") {
    for (const char* bad :
         {"", "2026-01-31T23:59:59", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
          "2026-01-31T24:00:00Z", "2026-01-31T23:60:00Z", "2026-01-31T23:59:59.Z",
          "2026-01-31T23:59:59+2:00", "2026-01-31T23:59:59Zjunk", "yesterday", "2026-1-31",
          "2026-01-31T23:59:59+24:00"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
}

TEST_CASE("dates, epochs and formatting") {
    CHECK(ms(cskpi::json::parse_date("19970101")) == 852076800000);
    CHECK(ms(cskpi::json::parse_date("1997-01-01")) == 852076800000);
    CHECK_FALSE(cskpi::json::parse_date("19970230"));
    CHECK(ms(cskpi::json::from_epoch(1769903999.5, cskpi::json::TimeFormat::epoch_s)) ==
          1769903999500);
    CHECK(ms(cskpi::json::from_epoch(1769903999123.0, cskpi::json::TimeFormat::epoch_ms)) ==
          1769903999123);
    CHECK_FALSE(cskpi::json::from_epoch(1e300, cskpi::json::TimeFormat::epoch_s));
    CHECK(cskpi::json::format_rfc3339(*parse_rfc3339("2026-01-31T23:59:59.120Z")) ==
          "2026-01-31T23:59:59.120Z");
    CHECK(cskpi::json::format_rfc3339(*parse_rfc3339("2026-01-31T23:59:59Z")) ==
          "2026-01-31T23:59:59Z");
}

TEST_CASE("RFC 3339 fractions of every length, offsets, leap years and bounds") {
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.1Z")) == 1769903999100);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.12Z")) == 1769903999120);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.123Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.1239Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.12399Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.123999Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.1239999Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.12399999Z")) == 1769903999123);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.999999999Z")) == 1769903999999);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.000000000000000000001Z")) == 1769903999000);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:59.1+00:00")) == 1769903999100);
    CHECK(ms(parse_rfc3339("2026-01-31T23:59:60Z")) == 1769904000000);  // leap second
    CHECK(ms(parse_rfc3339("2026-01-01T00:00:00+23:59")) == 1767139260000);
    CHECK(ms(parse_rfc3339("2026-01-01T00:00:00-23:59")) == 1767311940000);
    CHECK(ms(parse_rfc3339("2026-01-01t00:00:00-00:00")) == 1767225600000);
    CHECK(ms(parse_rfc3339("2024-02-29T12:00:00Z")) == 1709208000000);
    CHECK(ms(parse_rfc3339("2000-02-29T00:00:00Z")) == 951782400000);
    CHECK(ms(parse_rfc3339("1900-03-01T00:00:00Z")) == -2203891200000);
    CHECK(ms(parse_rfc3339("1969-12-31T23:59:59.999Z")) == -1);
    CHECK(ms(parse_rfc3339("0001-01-01T00:00:00Z")) == -62135596800000);
    CHECK(ms(parse_rfc3339("9999-12-31T23:59:59.999Z")) == 253402300799999);
    for (const char* bad :
         {"2023-02-29T00:00:00Z",      "1900-02-29T00:00:00Z",     "2100-02-29T00:00:00Z",
          "2026-04-31T00:00:00Z",      "2026-06-31T00:00:00Z",     "2026-09-31T00:00:00Z",
          "2026-11-31T00:00:00Z",      "2026-01-32T00:00:00Z",     "2026-01-00T00:00:00Z",
          "2026-00-10T00:00:00Z",      "0000-01-01T00:00:00Z",     "2026-01-31T23:59:61Z",
          "2026-01-31T23:59:59.",      "2026-01-31T23:59:59.5",    "2026-01-31T23:59:59+01",
          "2026-01-31T23:59:59+01:60", "2026-01-31T23:59:59+0100", "2026-01-31T23:59:59+01:00Z",
          "2026-01-31X23:59:59Z",      "2026-01-31T23-59-59Z",     "2026-01-3aT23:59:59Z",
          "2026-01-31T2:59:59ZZ",      "2026-01-31T23:59:5 Z",     "2026-01-31T23:59:59 Z",
          "+026-01-31T23:59:59Z",      "2026-01-31T23:59:59.1.2Z", "2026-01-31T23:59:59.-1Z",
          "2026/01/31T23:59:59Z",      "2026-01-31T23:59:59z ",    "2026-01-31T\xc3\xa9:59:59Z"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
}

namespace {

// A plain restatement of the RFC 3339 rules (the parser's earlier form), to check the fast
// parser against on many generated strings.
std::optional<cskpi::Timestamp> reference_rfc3339(std::string_view s) {
    const auto number = [&s](std::size_t pos, std::size_t n) {
        if (pos + n > s.size()) {
            return -1;
        }
        int value = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (s[i] < '0' || s[i] > '9') {
                return -1;
            }
            value = value * 10 + (s[i] - '0');
        }
        return value;
    };
    const auto date = [](int y, int m, int d) -> std::optional<sys_days> {
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) {
            return std::nullopt;
        }
        const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)},
                                 day{static_cast<unsigned>(d)}};
        return ymd.ok() ? std::optional<sys_days>(sys_days{ymd}) : std::nullopt;
    };
    if (s.size() == 10) {
        if (s[4] != '-' || s[7] != '-') {
            return std::nullopt;
        }
        const auto d = date(number(0, 4), number(5, 2), number(8, 2));
        return d ? std::optional<cskpi::Timestamp>(cskpi::Timestamp{*d}) : std::nullopt;
    }
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) {
        return std::nullopt;
    }
    const auto d = date(number(0, 4), number(5, 2), number(8, 2));
    const int hh = number(11, 2);
    const int mm = number(14, 2);
    const int ss = number(17, 2);
    if (!d || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const std::size_t start = pos;
        int scale = 100;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            millis += scale * (s[pos] - '0');
            scale /= 10;
            ++pos;
        }
        if (pos == start) {
            return std::nullopt;
        }
    }
    if (pos >= s.size()) {
        return std::nullopt;
    }
    std::int64_t offset = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        const int oh = number(pos + 1, 2);
        const int om = pos + 3 < s.size() && s[pos + 3] == ':' ? number(pos + 4, 2) : -1;
        if (oh < 0 || oh > 23 || om < 0 || om > 59) {
            return std::nullopt;
        }
        offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    return cskpi::Timestamp{*d} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{millis} -
           minutes{offset};
}

}  // namespace

TEST_CASE("the RFC 3339 parser agrees with a plain restatement on generated text") {
    // Valid timestamps of many shapes, then each byte replaced by characters that probe the
    // digit, separator and range tests, and each string cut short.
    const char* shapes[] = {"2024-02-29T23:59:60Z",
                            "1999-12-31t00:00:00.5z",
                            "2100-02-28 12:34:56.789+05:30",
                            "0001-01-01T00:00:00-00:00",
                            "9999-12-31T23:59:59.999999Z",
                            "2026-11-30T09:08:07.01-12:45",
                            "2026-01-31",
                            "1970-01-01T00:00:00Z"};
    const char probes[] = {'0', '1', '2', '3', '5', '9', '/',  ':',    '-',
                           '+', '.', 'T', 'Z', ' ', 'a', '\0', '\x7f', '\xff'};
    std::size_t compared = 0;
    std::size_t valid = 0;
    for (const std::string shape : shapes) {
        for (std::size_t length = 0; length <= shape.size(); ++length) {
            const std::string cut = shape.substr(0, length);
            CAPTURE(cut);
            CHECK(parse_rfc3339(cut) == reference_rfc3339(cut));
            ++compared;
        }
        for (std::size_t i = 0; i < shape.size(); ++i) {
            for (const char probe : probes) {
                std::string text = shape;
                text[i] = probe;
                for (const std::string& candidate : {text, text + "Z", text.substr(0, i + 1)}) {
                    CAPTURE(candidate);
                    const auto got = parse_rfc3339(candidate);
                    CHECK(got == reference_rfc3339(candidate));
                    valid += got ? 1 : 0;
                    ++compared;
                }
            }
        }
    }
    // Every day around two century years (1900 common, 2000 leap) and a recent leap year, at
    // a varying time of day and fraction length.
    const auto print = [](const char* format, auto... values) {
        char text[64];
        std::snprintf(text, sizeof text, format, values...);
        return std::string(text);
    };
    for (const sys_days first : {sys_days{year{1899} / 1 / 1}, sys_days{year{1999} / 1 / 1},
                                 sys_days{year{2023} / 1 / 1}}) {
        for (int day = 0; day < 3 * 366; ++day) {
            const year_month_day ymd{first + days{day}};
            const std::string text =
                print("%04d-%02u-%02uT%02d:%02d:%02d.%dZ", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      day % 24, day % 60, (day * 7) % 61, day);
            CAPTURE(text);
            CHECK(parse_rfc3339(text) == reference_rfc3339(text));
            ++compared;
        }
    }
    // The 28th to 32nd of every month of common, leap and century years.
    for (const int y : {2023, 2024, 1900, 2000}) {
        for (int m = 1; m <= 12; ++m) {
            for (int d = 28; d <= 32; ++d) {
                const std::string text = print("%04d-%02d-%02dT00:00:00Z", y, m, d);
                CAPTURE(text);
                CHECK(parse_rfc3339(text) == reference_rfc3339(text));
            }
        }
    }
    CHECK(compared > 3000);
    CHECK(valid > 100);
}

TEST_CASE("timestamp patterns read local times in a zone, with a rule for DST changes") {
    using cskpi::TimeZone;
    using cskpi::json::parse_with_pattern;
    // Expected values from Python's zoneinfo, e.g.
    // python3 -c "from datetime import datetime; from zoneinfo import ZoneInfo;
    //   print(int(datetime(2025,3,3,8,2,11,tzinfo=ZoneInfo('America/New_York')).timestamp()))"
    const TimeZone ny{"America/New_York"};
    // 2025-03-03 08:02:11 EST (-05:00) is 13:02:11Z: 1741006931.
    CHECK(ms(parse_with_pattern("2025-03-03 08:02:11", "%Y-%m-%d %H:%M:%S", ny)) == 1741006931000);
    // 03/03/2025 8:02 AM, one-digit hour: 1741006920.
    CHECK(ms(parse_with_pattern("03/03/2025 8:02 AM", "%m/%d/%Y %I:%M %p", ny)) == 1741006920000);
    // 12 AM is midnight, 12 PM noon; "pm" in any case. 2025-03-03 20:02 UTC is 1741032120.
    CHECK(ms(parse_with_pattern("3/3/2025 8:02 pm", "%m/%d/%Y %I:%M %p", TimeZone{})) ==
          1741032120000);
    CHECK(ms(parse_with_pattern("01/01/1970 12:00 AM", "%m/%d/%Y %I:%M %p", TimeZone{})) == 0);
    CHECK(ms(parse_with_pattern("01/01/1970 12:00 PM", "%m/%d/%Y %I:%M %p", TimeZone{})) ==
          43200000);
    // A skipped local time (02:30 on 2025-03-09, spring forward) takes the offset before the
    // change (-05:00): 07:30Z, 1741505400 (zoneinfo, fold=0).
    CHECK(ms(parse_with_pattern("2025-03-09 02:30:00", "%Y-%m-%d %H:%M:%S", ny)) == 1741505400000);
    // A repeated local time (01:30 on 2025-11-02, fall back) is the first, EDT (-04:00):
    // 05:30Z, 1762061400 (zoneinfo, fold=0).
    CHECK(ms(parse_with_pattern("2025-11-02 01:30:00", "%Y-%m-%d %H:%M:%S", ny)) == 1762061400000);
    // %z overrides the zone; %f keeps milliseconds; %b reads month names; %% a '%'.
    CHECK(ms(parse_with_pattern("1970-01-01T01:00:00.1239+01:00", "%Y-%m-%dT%H:%M:%S.%f%z", ny)) ==
          123);
    CHECK(ms(parse_with_pattern("02 JAN 1970 %", "%d %b %Y %%", TimeZone{})) == 86400000);
    // Mismatches, impossible dates and leftovers are empty.
    CHECK_FALSE(parse_with_pattern("2025-02-29 00:00:00", "%Y-%m-%d %H:%M:%S", ny));
    CHECK_FALSE(parse_with_pattern("2025-03-03 24:00:00", "%Y-%m-%d %H:%M:%S", ny));
    CHECK_FALSE(parse_with_pattern("03/03/2025 13:02 PM", "%m/%d/%Y %I:%M %p", ny));
    CHECK_FALSE(parse_with_pattern("2025-03-03 08:02:11 ", "%Y-%m-%d %H:%M:%S", ny));
    CHECK_FALSE(parse_with_pattern("25-03-03", "%Y-%m-%d", ny));
    CHECK_FALSE(parse_with_pattern("", "%Y-%m-%d", ny));
}

TEST_CASE("a timestamp pattern is checked before it is used") {
    using cskpi::json::time_pattern_problem;
    CHECK(time_pattern_problem("%Y-%m-%d %H:%M:%S").empty());
    CHECK(time_pattern_problem("%m/%d/%Y %I:%M %p").empty());
    CHECK(time_pattern_problem("%Y-%m-%d %q") ==
          "\"%Y-%m-%d %q\" has %q (known: %Y %m %b %d %H %I %M %S %f %p %z %%)");
    CHECK(time_pattern_problem("%Y-%m-%d %") ==
          "\"%Y-%m-%d %\" has a '%' at its end (known: %Y %m %b %d %H %I %M %S %f %p %z %%)");
    CHECK(time_pattern_problem("%Y-%m-%d %d") == "\"%Y-%m-%d %d\" has %d twice");
    CHECK(time_pattern_problem("%H:%M") ==
          "\"%H:%M\" needs a year (%Y), a month (%m or %b) and a day (%d)");
    CHECK(time_pattern_problem("%Y-%m-%d %I:%M") ==
          "\"%Y-%m-%d %I:%M\" mixes directives: one of %m and %b, one of %H and %I, and %I "
          "with %p");
}
