#include "cskpi/json/timestamp.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

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

}  // namespace

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
    const auto day = floor<days>(at);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> time{at - day};
    const auto ms = time.subseconds().count();
    std::string out =
        fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                    static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                    time.hours().count(), time.minutes().count(), time.seconds().count());
    if (ms != 0) {
        out += fmt::format(".{:03}", ms);
    }
    out += 'Z';
    return out;
}

}  // namespace cskpi::json
