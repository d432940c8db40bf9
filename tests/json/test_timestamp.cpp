#include "cskpi/json/timestamp.hpp"

#include <chrono>

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
