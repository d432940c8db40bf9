#include "cskpi/json/timestamp.hpp"
#include "timestamp_text.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>

namespace cskpi::json {
namespace {

using namespace std::chrono;

// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z in milliseconds since 1970.
constexpr std::int64_t kFirstMs = -62'135'596'800'000;
constexpr std::int64_t kLastMs = 253'402'300'799'999;

// Reads exactly `n` digits at `pos`; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
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
}

[[gnu::always_inline]] inline std::optional<sys_days> make_date(int y, int m, int d) noexcept {
    if (y < 1 || m < 1 || m > 12 || d < 1) {
        return std::nullopt;
    }
    // The test year_month_day::ok() makes (proleptic Gregorian), in a form cheap enough for
    // a few timestamps per record.
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) {
        return std::nullopt;
    }
    return sys_days{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
}

// The directives of a timestamp pattern (time_pattern_problem lists what each reads).
constexpr std::string_view kDirectives = "YmbdHIMSfpz%";

// What a pattern's directives read from one text.
struct PatternFields {
    int year = -1;
    int month = -1;
    int day = -1;
    int hour = 0;
    int hour12 = -1;
    int pm = -1;  // %p: 0 AM, 1 PM
    int minute = 0;
    int second = 0;
    std::int64_t millis = 0;
    std::optional<std::int64_t> offset_minutes;  // %z
};

// Reads `least` to `most` digits at `pos`, advancing it; -1 when there are fewer.
int digits_at(std::string_view s, std::size_t& pos, std::size_t least, std::size_t most) noexcept {
    int value = 0;
    std::size_t n = 0;
    while (n < most && pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        value = value * 10 + (s[pos++] - '0');
        ++n;
    }
    return n >= least ? value : -1;
}

char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether the text at `pos` is `word` in any case, advancing past it when it is.
bool word_at(std::string_view s, std::size_t& pos, std::string_view word) noexcept {
    if (s.size() - pos < word.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(s[pos + i]) != word[i]) {
            return false;
        }
    }
    pos += word.size();
    return true;
}

bool read_month_name(std::string_view s, std::size_t& pos, PatternFields& f) noexcept {
    static constexpr std::string_view kMonths[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                     "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int m = 0; m < 12; ++m) {
        if (word_at(s, pos, kMonths[m])) {
            f.month = m + 1;
            return true;
        }
    }
    return false;
}

// %z: Z, +hh:mm or +hhmm.
bool read_offset(std::string_view s, std::size_t& pos, PatternFields& f) noexcept {
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
        f.offset_minutes = 0;
        return true;
    }
    if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) {
        return false;
    }
    const int sign = s[pos++] == '-' ? -1 : 1;
    const int hours = digits_at(s, pos, 2, 2);
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
    }
    const int minutes = digits_at(s, pos, 2, 2);
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        return false;
    }
    f.offset_minutes = sign * (hours * 60 + minutes);
    return true;
}

// %f: the fraction's digits, truncated to milliseconds.
bool read_fraction(std::string_view s, std::size_t& pos, PatternFields& f) noexcept {
    const std::size_t start = pos;
    std::int64_t scale = 100;
    while (pos < s.size() && pos - start < 9 && s[pos] >= '0' && s[pos] <= '9') {
        f.millis += scale * (s[pos++] - '0');
        scale /= 10;
    }
    return pos > start;
}

bool read_directive(char directive, std::string_view s, std::size_t& pos,
                    PatternFields& f) noexcept {
    switch (directive) {
        case 'Y':
            return (f.year = digits_at(s, pos, 4, 4)) >= 0;
        case 'm':
            return (f.month = digits_at(s, pos, 1, 2)) >= 0;
        case 'b':
            return read_month_name(s, pos, f);
        case 'd':
            return (f.day = digits_at(s, pos, 1, 2)) >= 0;
        case 'H':
            return (f.hour = digits_at(s, pos, 1, 2)) >= 0;
        case 'I':
            return (f.hour12 = digits_at(s, pos, 1, 2)) >= 0;
        case 'M':
            return (f.minute = digits_at(s, pos, 1, 2)) >= 0;
        case 'S':
            return (f.second = digits_at(s, pos, 1, 2)) >= 0;
        case 'f':
            return read_fraction(s, pos, f);
        case 'p':
            if (word_at(s, pos, "am") || word_at(s, pos, "pm")) {
                f.pm = lower(s[pos - 2]) == 'p' ? 1 : 0;
                return true;
            }
            return false;
        case 'z':
            return read_offset(s, pos, f);
        default:  // '%'
            return pos < s.size() && s[pos++] == '%';
    }
}

// The local time the fields name, in milliseconds since 1970-01-01T00:00 on that clock.
std::optional<std::int64_t> local_ms_of(PatternFields f) noexcept {
    if (f.hour12 >= 0) {
        if (f.hour12 < 1 || f.hour12 > 12 || f.pm < 0) {
            return std::nullopt;
        }
        f.hour = f.hour12 % 12 + 12 * f.pm;
    }
    const auto date = make_date(f.year, f.month, f.day);
    if (!date || f.hour > 23 || f.minute > 59 || f.second > 59) {
        return std::nullopt;
    }
    const std::int64_t day_ms = std::int64_t{date->time_since_epoch().count()} * 86'400'000;
    return day_ms + ((std::int64_t{f.hour} * 60 + f.minute) * 60 + f.second) * 1000 + f.millis;
}

}  // namespace

std::string time_pattern_problem(std::string_view pattern) {
    std::string seen;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') {
            continue;
        }
        const char d = ++i < pattern.size() ? pattern[i] : '\0';
        if (d == '\0' || kDirectives.find(d) == std::string_view::npos) {
            return fmt::format("\"{}\" has {} (known: %Y %m %b %d %H %I %M %S %f %p %z %%)",
                               pattern, d == '\0' ? "a '%' at its end" : fmt::format("%{}", d));
        }
        if (d != '%' && seen.find(d) != std::string::npos) {
            return fmt::format("\"{}\" has %{} twice", pattern, d);
        }
        seen += d;
    }
    const auto has = [&](char d) { return seen.find(d) != std::string::npos; };
    if (!has('Y') || !(has('m') || has('b')) || !has('d')) {
        return fmt::format("\"{}\" needs a year (%Y), a month (%m or %b) and a day (%d)", pattern);
    }
    if ((has('m') && has('b')) || (has('H') && has('I')) || has('I') != has('p')) {
        return fmt::format(
            "\"{}\" mixes directives: one of %m and %b, one of %H and %I, and %I with %p", pattern);
    }
    return {};
}

std::optional<Timestamp> parse_with_pattern(std::string_view text, std::string_view pattern,
                                            const TimeZone& zone) noexcept {
    PatternFields f;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size()) {
            if (!read_directive(pattern[++i], text, pos, f)) {
                return std::nullopt;
            }
        } else if (pos >= text.size() || text[pos++] != pattern[i]) {
            return std::nullopt;
        }
    }
    const auto local = local_ms_of(f);
    if (pos != text.size() || !local) {
        return std::nullopt;
    }
    const std::int64_t offset_ms =
        f.offset_minutes ? *f.offset_minutes * 60'000 : zone.offset_seconds_of_local(*local) * 1000;
    return Timestamp{milliseconds{*local - offset_ms}};
}

std::optional<Timestamp> parse_date(std::string_view s) noexcept {
    int y = 0;
    int m = 0;
    int d = 0;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 0, 4);
        m = digits(s, 5, 2);
        d = digits(s, 8, 2);
    } else if (s.size() == 8) {
        y = digits(s, 0, 4);
        m = digits(s, 4, 2);
        d = digits(s, 6, 2);
    } else {
        return std::nullopt;
    }
    const auto date = make_date(y, m, d);
    if (!date) {
        return std::nullopt;
    }
    return Timestamp{*date};
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) noexcept {
    if (s.size() == 10) {
        return parse_date(s);
    }
    // YYYY-MM-DDThh:mm:ss at least, then fraction, then Z or offset.
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) {
        return std::nullopt;
    }
    // Every record carries a few timestamps, so the fixed fields are read without a branch
    // per character (a byte below '0' wraps around to a large value, so one test suffices).
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto at = [p](std::size_t i) noexcept { return static_cast<unsigned>(p[i]) - '0'; };
    const unsigned fixed[14] = {at(0), at(1),  at(2),  at(3),  at(5),  at(6),  at(8),
                                at(9), at(11), at(12), at(14), at(15), at(17), at(18)};
    bool bad = false;
    for (const unsigned d : fixed) {
        bad |= d > 9;
    }
    if (bad) {
        return std::nullopt;
    }
    const int y = static_cast<int>(fixed[0] * 1000 + fixed[1] * 100 + fixed[2] * 10 + fixed[3]);
    const int mo = static_cast<int>(fixed[4] * 10 + fixed[5]);
    const int d = static_cast<int>(fixed[6] * 10 + fixed[7]);
    const int hh = static_cast<int>(fixed[8] * 10 + fixed[9]);
    const int mm = static_cast<int>(fixed[10] * 10 + fixed[11]);
    const int ss = static_cast<int>(fixed[12] * 10 + fixed[13]);
    const auto date = make_date(y, mo, d);
    // A leap second (ss = 60) is accepted and folded onto the next second, as POSIX time does.
    if (!date || hh > 23 || mm > 59 || ss > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    std::int64_t millis = 0;
    if (s[pos] == '.') {
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
    std::int64_t offset_minutes = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        const int oh = digits(s, pos + 1, 2);
        const int om = pos + 3 < s.size() && s[pos + 3] == ':' ? digits(s, pos + 4, 2) : -1;
        if (oh < 0 || oh > 23 || om < 0 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    const std::int64_t ms_of_day =
        ((static_cast<std::int64_t>(hh) * 60 + mm - offset_minutes) * 60 + ss) * 1000 + millis;
    return Timestamp{*date} + milliseconds{ms_of_day};
}

bool within_years_1_to_9999(Timestamp at) noexcept {
    const std::int64_t ms = at.time_since_epoch().count();
    return ms >= kFirstMs && ms <= kLastMs;
}

std::optional<Timestamp> from_epoch(double value, TimeFormat format) noexcept {
    if (!std::isfinite(value)) {
        return std::nullopt;
    }
    const double ms = std::round(format == TimeFormat::epoch_s ? value * 1000.0 : value);
    if (ms < static_cast<double>(kFirstMs) || ms > static_cast<double>(kLastMs)) {
        return std::nullopt;
    }
    return Timestamp{milliseconds{static_cast<std::int64_t>(ms)}};
}

std::string format_rfc3339(Timestamp at) {
    char text[detail::kRfc3339Bytes];
    return {text, detail::write_rfc3339(at, text)};
}

namespace detail {
namespace {

char* write_digits(char* out, long long value, int digits) noexcept {
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + digits;
}

}  // namespace

std::size_t write_rfc3339(Timestamp at, char* out) noexcept {
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> time{at - day};
    char* p = write_digits(out, static_cast<int>(ymd.year()), 4);
    *p++ = '-';
    p = write_digits(p, static_cast<unsigned>(ymd.month()), 2);
    *p++ = '-';
    p = write_digits(p, static_cast<unsigned>(ymd.day()), 2);
    *p++ = 'T';
    p = write_digits(p, time.hours().count(), 2);
    *p++ = ':';
    p = write_digits(p, time.minutes().count(), 2);
    *p++ = ':';
    p = write_digits(p, time.seconds().count(), 2);
    if (const auto ms = time.subseconds().count(); ms != 0) {
        *p++ = '.';
        p = write_digits(p, ms, 3);
    }
    *p++ = 'Z';
    return static_cast<std::size_t>(p - out);
}

}  // namespace detail

}  // namespace cskpi::json
