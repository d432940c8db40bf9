#include "detail.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace cskpi::generator::detail {

std::uint64_t probability_threshold(double p) {
    if (!(p > 0.0)) {
        return 0;
    }
    if (p >= 1.0) {
        return UINT64_MAX;
    }
    // p * 2^64 is exact (a power-of-two scaling) and below 2^64, so the conversion is exact too.
    return static_cast<std::uint64_t>(std::ldexp(p, 64));
}

void append_padded(std::string& out, std::uint64_t value, int width) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    for (int i = n; i < width; ++i) {
        out.push_back('0');
    }
    while (n > 0) {
        out.push_back(digits[--n]);
    }
}

namespace {

void append2(std::string& out, unsigned v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

void append_timestamp(std::string& out, std::chrono::sys_time<std::chrono::milliseconds> t) {
    const std::int64_t ms = t.time_since_epoch().count();
    constexpr std::int64_t kDay = 86'400'000;
    std::int64_t days = ms / kDay;
    std::int64_t rem = ms % kDay;
    if (rem < 0) {
        rem += kDay;
        --days;
    }
    // civil_from_days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);

    append_padded(out, static_cast<std::uint64_t>(y < 0 ? 0 : y), 4);
    out.push_back('-');
    append2(out, m);
    out.push_back('-');
    append2(out, d);
    out.push_back('T');
    const auto r = static_cast<std::uint64_t>(rem);
    append2(out, static_cast<unsigned>(r / 3'600'000));
    out.push_back(':');
    append2(out, static_cast<unsigned>(r / 60'000 % 60));
    out.push_back(':');
    append2(out, static_cast<unsigned>(r / 1000 % 60));
    if (const auto frac = static_cast<unsigned>(r % 1000); frac != 0) {
        out.push_back('.');
        out.push_back(static_cast<char>('0' + frac / 100));
        append2(out, frac % 100);
    }
    out.push_back('Z');
}

void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out.append("null");  // JSON has no NaN or infinity
        return;
    }
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

}  // namespace cskpi::generator::detail
