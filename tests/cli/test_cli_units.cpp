// Unit tests of the cskpi command's building blocks: durations, option values, the input account
// across files, and the progress line.

#include <chrono>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "catch.hpp"
#include "duration.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "progress.hpp"

using cskpi::cli::parse_duration;
using cskpi::cli::UsageError;

TEST_CASE("durations: every unit", "[cli][duration]") {
    CHECK(parse_duration("20s") == 20.0);
    CHECK(parse_duration("0s") == 0.0);
    CHECK(parse_duration("30m") == 1800.0);
    CHECK(parse_duration("1.5h") == 5400.0);
    CHECK(parse_duration("7d") == 604800.0);
    CHECK(parse_duration("2w") == 1209600.0);
    CHECK(parse_duration("1mo") == 2629746.0);  // 365.2425 / 12 days
    CHECK(parse_duration("12mo") == 31556952.0);
    CHECK(parse_duration("1y") == 31556952.0);  // 365.2425 days
    CHECK(parse_duration("0.5s") == 0.5);
    CHECK(parse_duration("5.s") == 5.0);
    CHECK(parse_duration(".5m") == 30.0);
}

TEST_CASE("durations: bad text is a usage error naming the problem", "[cli][duration]") {
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(parse_duration("7x"), Contains("unknown unit \"x\""));
    CHECK_THROWS_WITH(parse_duration("7"), Contains("needs a unit"));
    CHECK_THROWS_WITH(parse_duration("-1s"), Contains("negative"));
    CHECK_THROWS_WITH(parse_duration(""), Contains("empty"));
    CHECK_THROWS_WITH(parse_duration("s"), Contains("not a duration"));
    CHECK_THROWS_WITH(parse_duration("7 s"), Contains("unknown unit"));
    CHECK_THROWS_WITH(parse_duration("7S"), Contains("unknown unit"));
    CHECK_THROWS_WITH(parse_duration("7mos"), Contains("unknown unit"));
    CHECK_THROWS_WITH(parse_duration("1es"),
                      "\"1es\": unknown unit \"es\" (use s, m, h, d, w, mo or y)");
    CHECK_THROWS_WITH(parse_duration("1e+s"), Contains("unknown unit \"e+s\""));
    CHECK_THROWS_AS(parse_duration("inf s"), UsageError);
    CHECK_THROWS_AS(parse_duration("nan"), UsageError);
    CHECK_THROWS_AS(parse_duration("+5s"), UsageError);
    CHECK_THROWS_AS(parse_duration(" 5s"), UsageError);
    CHECK_THROWS_WITH(parse_duration(std::string(400, '9') + "y"),
                      "\"" + std::string(400, '9') + "y\": " + std::string(400, '9') +
                          " is outside the numbers a double holds (about 2.2e-308 to 1.8e308)");
}

TEST_CASE("durations: scientific notation, and a precise message past the largest double",
          "[cli][duration]") {
    using Catch::Matchers::Contains;
    CHECK(parse_duration("1e3s") == 1000.0);
    CHECK(parse_duration("1E3s") == 1000.0);
    CHECK(parse_duration("2.5e-1m") == 15.0);
    CHECK(parse_duration("1e+2h") == 360000.0);
    CHECK(parse_duration("1e308s") == 1e308);
    CHECK_THROWS_WITH(parse_duration("1e308y"),
                      "\"1e308y\" is outside the durations a number can hold (0 to 1.8e308 s)");
    CHECK_THROWS_WITH(parse_duration("1e400s"),
                      "\"1e400s\": 1e400 is outside the numbers a double holds (about 2.2e-308 "
                      "to 1.8e308)");
    CHECK_THROWS_WITH(parse_duration("-1e3s"), Contains("negative"));
}

TEST_CASE("option values", "[cli][arguments]") {
    using namespace cskpi::cli;
    using Catch::Matchers::Contains;
    CHECK(parse_duration_option("--interval", "30m", true) == 1800.0);
    CHECK_THROWS_WITH(parse_duration_option("--interval", "0s", true),
                      Contains("--interval") && Contains("longer than zero"));
    CHECK_THROWS_WITH(parse_duration_option("--fcr-window", "7x"),
                      Contains("--fcr-window: \"7x\""));
    CHECK(parse_integer("--threads", "4", 0, 16) == 4);
    CHECK_THROWS_WITH(parse_integer("--threads", "17", 0, 16), Contains("outside 0..16"));
    CHECK_THROWS_WITH(parse_integer("--threads", "4x", 0, 16), Contains("not a whole number"));
    CHECK_THROWS_WITH(parse_integer("--threads", "", 0, 16), Contains("not a whole number"));
    CHECK_THROWS_AS(parse_integer("--n", "99999999999999999999", 0, 16), UsageError);
    CHECK(parse_number("--contacts", "360") == 360.0);
    CHECK(parse_number("--contacts", "-2.5") == -2.5);
    CHECK_THROWS_AS(parse_number("--contacts", "inf"), UsageError);
    CHECK_THROWS_AS(parse_number("--contacts", "nan"), UsageError);
    CHECK_THROWS_AS(parse_number("--contacts", "0x10"), UsageError);
    CHECK(parse_format("--format", "csv") == OutputFormat::csv);
    CHECK_THROWS_WITH(parse_format("--format", "xml"), Contains("not json, table, csv or html"));
    CHECK(parse_period_option("--period", "week") == cskpi::Period::week);
    CHECK_THROWS_WITH(parse_period_option("--period", "fortnight"),
                      Contains("--period: \"fortnight\""));
    CHECK(parse_utc_offset_option("--utc-offset", "-05:30").minutes.count() == -330);
    CHECK_THROWS_AS(parse_utc_offset_option("--utc-offset", "+24:00"), UsageError);
    using cskpi::Dimension;
    CHECK(parse_dimensions("--by", {"agent_id,queue", "team"}) ==
          std::vector<Dimension>{Dimension::agent_id, Dimension::queue, Dimension::team});
    CHECK(parse_dimensions("--by", {}).empty());
    CHECK_THROWS_WITH(parse_dimensions("--by", {"agent_id,agent_id"}), Contains("listed twice"));
    CHECK_THROWS_WITH(parse_dimensions("--by", {"agent"}),
                      Contains("\"agent\" is not a dimension"));
    CHECK_THROWS_AS(parse_dimensions("--by", {"agent_id,"}), UsageError);
    CHECK(one_line("a\nb\r\n") == "a b");
}

TEST_CASE("input accounts of several files add up", "[cli][input]") {
    using cskpi::InputError;
    using cskpi::InputSummary;
    InputSummary a{10,
                   8,
                   2,
                   0,
                   {InputError{"a", 3, {}, "csat", "out_of_range", "x"},
                    InputError{"a", 7, {}, "", "not_json", "y"}},
                   false};
    InputSummary b{5, 3, 1, 1, {InputError{"b", 1, {}, "nps", "out_of_range", "z"}}, false};
    InputSummary total;
    cskpi::cli::merge_summary(total, a, 2);
    cskpi::cli::merge_summary(total, b, 2);
    CHECK(total.read == 15);
    CHECK(total.accepted == 11);
    CHECK(total.rejected == 3);
    CHECK(total.duplicates == 1);
    CHECK(total.read == total.accepted + total.rejected + total.duplicates);
    REQUIRE(total.errors.size() == 2);
    CHECK(total.errors[1].line == 7u);
    CHECK(total.errors_truncated);

    InputSummary all;
    cskpi::cli::merge_summary(all, a, 100);
    cskpi::cli::merge_summary(all, b, 100);
    CHECK(all.errors.size() == 3);
    CHECK_FALSE(all.errors_truncated);

    CHECK(cskpi::cli::rejection_note(InputSummary{}).empty());
    CHECK(cskpi::cli::rejection_note(all) ==
          "3 of 15 records rejected (first: a:3: csat: out_of_range: x)");
}

TEST_CASE("the progress line", "[cli][progress]") {
    using cskpi::cli::format_progress;
    using cskpi::cli::ProgressState;
    using namespace std::chrono_literals;
    ProgressState s;
    s.bytes_done = 100'000'000;
    s.bytes_total = 250'000'000;
    s.records = 400'000;
    s.elapsed = 2s;
    s.label = "calls.ndjson";
    CHECK(format_progress(s, 200) ==
          "[########............]  40%  100.0 MB of 250.0 MB  200k records/s  ETA 0:03  "
          "calls.ndjson");
    // Narrow terminals: cut to width - 1 so the line never wraps.
    CHECK(format_progress(s, 30).size() == 29);

    ProgressState unknown_total;
    unknown_total.bytes_done = 1500;
    unknown_total.records = 3;
    unknown_total.elapsed = 1s;
    CHECK(format_progress(unknown_total, 200) == "1.5 kB read  3 records/s  0:01 elapsed");

    ProgressState threaded;
    threaded.bytes_total = 2'000'000'000;
    threaded.elapsed = 65s;
    threaded.live = false;
    threaded.label = "big.ndjson";
    CHECK(format_progress(threaded, 200) ==
          "[..........####......]  0 B of 2.00 GB done  1:05 elapsed  big.ndjson");
}

TEST_CASE("a disabled progress bar writes nothing and starts no thread", "[cli][progress]") {
    cskpi::cli::Progress progress(1000, false);
    progress.add_bytes(10);
    progress.add_records(1);
    progress.set_label("x");
    CHECK_FALSE(progress.enabled());
    progress.finish();
}
