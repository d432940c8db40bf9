// Saved states (docs/state-format.md): KpiAccumulator, ReportAccumulator and
// RetentionAccumulator written to bytes and read back report and merge exactly as the
// originals; bytes that are not such a state give StateFormatError, never a crash.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/business_hours.hpp"
#include "cskpi/error.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/interaction_batch.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "cskpi/retention_report.hpp"
#include "random_records.hpp"

using cskpi::Dimension;
using cskpi::Interaction;
using cskpi::StateFormatError;
using fixtures::check_identical;
using fixtures::check_means_identical;
using fixtures::check_reports;
using fixtures::random_records;
using Bytes = std::vector<std::byte>;

namespace {

// CRC-32 bit by bit, as the format defines it: an implementation independent of the library's.
std::uint32_t reference_crc32(std::span<const std::byte> bytes) {
    std::uint32_t c = 0xFFFFFFFFU;
    for (const std::byte b : bytes) {
        c ^= std::to_integer<std::uint32_t>(b);
        for (int k = 0; k < 8; ++k) {
            c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        }
    }
    return ~c;
}

std::uint64_t read_le(const Bytes& b, std::size_t at, int width) {
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
        v |= std::to_integer<std::uint64_t>(b[at + static_cast<std::size_t>(i)]) << (8 * i);
    }
    return v;
}

// The trailer rewritten to match the bytes before it: a damaged payload that the checksum no
// longer catches, so that the payload's own checks are what is tested.
void reseal(Bytes& b) {
    const std::uint32_t crc = reference_crc32(std::span(b).first(b.size() - 4));
    for (std::size_t i = 0; i < 4; ++i) {
        b[b.size() - 4 + i] = static_cast<std::byte>(crc >> (8 * i));
    }
}

cskpi::ReportAccumulator through_bytes(const cskpi::ReportAccumulator& acc) {
    return cskpi::ReportAccumulator::from_bytes(acc.to_bytes());
}

// Adds records by the three paths at random (one by one, a span, a batch), so that every
// form of case state (case table, adopted batch dictionary, one-group batch cases) is saved.
void add_somehow(cskpi::ReportAccumulator& acc, std::span<const Interaction> records,
                 std::mt19937_64& rng) {
    switch (rng() % 3) {
        case 0:
            for (const Interaction& r : records) {
                acc.add(r);
            }
            break;
        case 1:
            acc.add(records);
            break;
        default: {
            cskpi::InteractionBatch batch;
            batch.append(records);
            acc.add(batch);
        }
    }
}

}  // namespace

TEST_CASE("the frame: magic number, version, kind, length, CRC-32 over header and payload") {
    const Bytes b = cskpi::KpiAccumulator{}.to_bytes();
    REQUIRE(b.size() > 24);
    const std::string magic(reinterpret_cast<const char*>(b.data()), 7);
    CHECK(magic == "cskpiST");
    CHECK(std::to_integer<int>(b[7]) == 0x1A);
    CHECK(read_le(b, 8, 2) == 4);                   // format version
    CHECK(read_le(b, 10, 2) == 1);                  // kind: KpiAccumulator
    CHECK(read_le(b, 12, 8) == b.size() - 20 - 4);  // payload length
    CHECK(read_le(b, b.size() - 4, 4) == reference_crc32(std::span(b).first(b.size() - 4)));
    // The reference CRC is the standard one: its check value on "123456789".
    const std::string check = "123456789";
    CHECK(reference_crc32(std::as_bytes(std::span(check))) == 0xCBF43926U);
    CHECK(read_le(cskpi::ReportAccumulator{}.to_bytes(), 10, 2) == 2);
    CHECK(read_le(cskpi::RetentionAccumulator{}.to_bytes(), 10, 2) == 3);
}

TEST_CASE("the bytes of an empty KpiAccumulator, field by field as docs/state-format.md has them") {
    Bytes expected;
    const auto put = [&expected](std::initializer_list<int> bytes) {
        for (const int b : bytes) {
            expected.push_back(static_cast<std::byte>(b));
        }
    };
    const auto put_u64 = [&expected](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            expected.push_back(static_cast<std::byte>(v >> (8 * i)));
        }
    };
    put({'c', 's', 'k', 'p', 'i', 'S', 'T', 0x1A, 4, 0, 1, 0});  // magic, version 4, kind 1
    put_u64(283);                                                // payload length
    put({10, 8});                 // CSAT scale 5, threshold 4 (zigzag varints)
    put_u64(0x4034000000000000);  // service-level target 20.0 s
    put_u64(0x4014000000000000);  // short-abandon cut 5.0 s
    put({0, 0});                  // abandon mode against, FCR mode case
    put({0, 3});  // definitions standard; Genesys switches: abandons and short abandons
    put_u64(0x7FF8000000000000);  // no first-response SLA target (NaN)
    put_u64(0x7FF8000000000000);  // no resolution SLA target (NaN)
    put({0, 0});                  // no business hours; SLA basis calendar
    for (int count = 0; count < 25; ++count) {
        put({0});  // the 25 counts
    }
    for (int mean = 0; mean < 8; ++mean) {
        put({0});  // count
        put_u64(0);
        put_u64(0);
        put_u64(0);  // sum, mean, squared deviations
        put({1});    // has spread
    }
    put_u64(0x7FF8000000000000);  // the longest wait: NaN, nothing queued
    put({0, 0});                  // no first-response or resolution samples
    const std::uint32_t crc = reference_crc32(expected);
    put({static_cast<int>(crc & 0xFF), static_cast<int>((crc >> 8) & 0xFF),
         static_cast<int>((crc >> 16) & 0xFF), static_cast<int>(crc >> 24)});
    CHECK(cskpi::KpiAccumulator{}.to_bytes() == expected);
}

TEST_CASE("a KpiAccumulator read back gives the same KPIs to the last bit, and merges") {
    const auto records = random_records(11, 500);
    cskpi::KpiAccumulator a;
    cskpi::KpiAccumulator b;
    cskpi::KpiAccumulator whole;
    for (std::size_t i = 0; i < records.size(); ++i) {
        (i % 3 == 0 ? a : b).add(records[i]);
        whole.add(records[i]);
    }
    const cskpi::KpiAccumulator a2 = cskpi::KpiAccumulator::from_bytes(a.to_bytes());
    fixtures::check_kpis(a2.kpis(), a.kpis());
    check_means_identical(a2.kpis(), a.kpis());
    CHECK(a2.to_bytes() == a.to_bytes());
    cskpi::KpiAccumulator merged = a2;
    merged.merge(cskpi::KpiAccumulator::from_bytes(b.to_bytes()));
    fixtures::check_kpis(merged.kpis(), whole.kpis());
    CHECK(merged.contacts() == 500);

    SECTION("the options travel with the state, and merging different ones is refused") {
        const cskpi::KpiAccumulator scale7(
            cskpi::ReportOptions{.csat = {7, 6}, .service_level_seconds = 30.0});
        const auto back = cskpi::KpiAccumulator::from_bytes(scale7.to_bytes());
        cskpi::KpiAccumulator other;
        CHECK_THROWS_WITH(other.merge(back),
                          "KpiAccumulator::merge: other = accumulator was built with different "
                          "KPI options");
        cskpi::KpiAccumulator same(
            cskpi::ReportOptions{.csat = {7, 6}, .service_level_seconds = 30.0});
        CHECK_NOTHROW(same.merge(back));
    }
}

TEST_CASE("a report state read back is identical, for every option set and input path") {
    std::mt19937_64 rng(20261205);
    const auto records = random_records(20261205, 2000);
    for (const auto& options : fixtures::merge_option_sets()) {
        for (int trial = 0; trial < 3; ++trial) {
            cskpi::ReportAccumulator acc(options);
            add_somehow(acc, records, rng);
            const cskpi::ReportAccumulator back = through_bytes(acc);
            CHECK(back.records() == acc.records());
            CHECK(back.options() == acc.options());
            check_identical(back.report(), acc.report());
            // Written again, the state read back gives the same bytes.
            CHECK(back.to_bytes() == through_bytes(back).to_bytes());
            // Within the bound the class documents: no larger than the state in memory.
            CHECK(acc.to_bytes().size() <= acc.memory_bytes());
        }
    }
}

TEST_CASE("shards through bytes, merged in random trees, give the one-place report") {
    std::mt19937_64 rng(7);
    const auto records = random_records(20261125, 3000);
    for (const auto& options : fixtures::merge_option_sets()) {
        const cskpi::Report whole = cskpi::make_report(records, options);
        for (int trial = 0; trial < 4; ++trial) {
            const std::size_t shards = 2 + rng() % 6;
            std::vector<std::vector<Interaction>> split(shards);
            for (const auto& r : records) {
                split[rng() % shards].push_back(r);
            }
            std::vector<cskpi::ReportAccumulator> parts;
            for (const auto& shard : split) {
                cskpi::ReportAccumulator part(options);
                add_somehow(part, shard, rng);
                parts.push_back(through_bytes(part));
            }
            while (parts.size() > 1) {
                const std::size_t i = rng() % (parts.size() - 1);
                parts[i].merge(std::move(parts[i + 1]));
                parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                if (rng() % 2 == 0) {
                    parts[i] = through_bytes(parts[i]);
                }
            }
            CHECK(parts[0].records() == records.size());
            check_reports(parts[0].report(), whole);
        }
    }
}

TEST_CASE("a retention state read back is equal, and shards through bytes merge exactly") {
    const auto records = random_records(5, 1500);
    std::mt19937_64 rng(5);
    for (const auto period : {cskpi::Period::day, cskpi::Period::week, cskpi::Period::month}) {
        const auto offset = cskpi::parse_utc_offset("-03:30");
        cskpi::RetentionAccumulator whole(period, offset);
        std::array<cskpi::RetentionAccumulator, 3> parts{
            cskpi::RetentionAccumulator(period, offset),
            cskpi::RetentionAccumulator(period, offset),
            cskpi::RetentionAccumulator(period, offset)};
        for (const auto& r : records) {
            whole.add(r);
            parts[rng() % 3].add(r);
        }
        CHECK(cskpi::RetentionAccumulator::from_bytes(whole.to_bytes()) == whole);
        cskpi::RetentionAccumulator merged(period, offset);
        for (const auto& p : parts) {
            merged.merge(cskpi::RetentionAccumulator::from_bytes(p.to_bytes()));
        }
        CHECK(merged == whole);
        CHECK(merged.result() == whole.result());
    }
    CHECK(cskpi::RetentionAccumulator::from_bytes(cskpi::RetentionAccumulator{}.to_bytes()) ==
          cskpi::RetentionAccumulator{});
}

TEST_CASE("a time zone and an interval period survive the saved state") {
    const auto records = random_records(22, 500);
    cskpi::ReportOptions options;
    options.period = cskpi::Period::minutes_15;
    options.time_zone = "Europe/Berlin";
    cskpi::ReportAccumulator acc(options);
    acc.add(records);
    const cskpi::ReportAccumulator back = through_bytes(acc);
    CHECK(back.options().time_zone == "Europe/Berlin");
    CHECK(back.options().period == cskpi::Period::minutes_15);
    check_identical(back.report(), acc.report());
    cskpi::ReportOptions other = options;
    other.time_zone = "America/New_York";
    cskpi::ReportAccumulator elsewhere(other);
    CHECK_THROWS_AS(elsewhere.merge(back), cskpi::InvalidArgument);

    cskpi::RetentionAccumulator retention(cskpi::Period::day, cskpi::TimeZone{"America/New_York"});
    for (const auto& r : records) {
        retention.add(r);
    }
    const auto retention_back = cskpi::RetentionAccumulator::from_bytes(retention.to_bytes());
    CHECK(retention_back == retention);
    CHECK(retention_back.time_zone().name() == "America/New_York");
    CHECK(retention_back.result().time_zone == "America/New_York");
    cskpi::RetentionAccumulator utc(cskpi::Period::day);
    CHECK_THROWS_AS(utc.merge(retention_back), cskpi::InvalidArgument);
}

TEST_CASE("truncated, damaged or foreign bytes are refused with the offset") {
    const auto records = random_records(3, 60);
    cskpi::ReportAccumulator acc(cskpi::ReportOptions{.group_by = {Dimension::agent_id}});
    acc.add(records);
    const Bytes good = acc.to_bytes();

    SECTION("every truncation") {
        for (std::size_t n = 0; n < good.size(); ++n) {
            CHECK_THROWS_AS(cskpi::ReportAccumulator::from_bytes(std::span(good).first(n)),
                            StateFormatError);
        }
        CHECK_THROWS_WITH(cskpi::ReportAccumulator::from_bytes({}),
                          "state bytes: at byte 0: 0 bytes are too few for a saved state (24 at "
                          "least)");
    }
    SECTION("every single-byte change") {
        for (std::size_t i = 0; i < good.size(); ++i) {
            Bytes bad = good;
            bad[i] ^= std::byte{0x5A};
            CHECK_THROWS_AS(cskpi::ReportAccumulator::from_bytes(bad), StateFormatError);
        }
        Bytes bad = good;
        bad[30] ^= std::byte{1};
        CHECK_THROWS_WITH(cskpi::ReportAccumulator::from_bytes(bad),
                          Catch::Matchers::EndsWith("the checksum does not match: the bytes "
                                                    "were changed or damaged"));
    }
    SECTION("another kind, another version, not a state") {
        CHECK_THROWS_WITH(cskpi::KpiAccumulator::from_bytes(good),
                          "state bytes: at byte 10: a saved ReportAccumulator, not a "
                          "KpiAccumulator");
        Bytes v1 = good;
        v1[8] = std::byte{1};
        CHECK_THROWS_WITH(cskpi::ReportAccumulator::from_bytes(v1),
                          "state bytes: at byte 8: format version 1, but this cskpi reads "
                          "version 4");
        const std::string text = "{\"not\": \"a state at all, but long enough\"}";
        CHECK_THROWS_WITH(cskpi::ReportAccumulator::from_bytes(std::as_bytes(std::span(text))),
                          "state bytes: at byte 0: not a cskpi saved state (the magic number "
                          "differs)");
        Bytes longer = good;
        longer.push_back(std::byte{0});
        CHECK_THROWS_WITH(cskpi::ReportAccumulator::from_bytes(longer),
                          Catch::Matchers::Contains("the header gives a payload of"));
    }
}

TEST_CASE("payloads that pass the checksum but are not states are refused") {
    SECTION("a count larger than the bytes left allocates nothing") {
        // A KpiAccumulator payload whose first-response sample count claims 2^60 values.
        Bytes b = cskpi::KpiAccumulator{}.to_bytes();
        const std::size_t samples_at = b.size() - 4 - 2;  // the two sample counts, both 0
        b[samples_at] = std::byte{0x80};
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(samples_at) + 1,
                 {std::byte{0x80}, std::byte{0x80}, std::byte{0x80}, std::byte{0x80},
                  std::byte{0x80}, std::byte{0x80}, std::byte{0x80}, std::byte{0x10}});
        const std::uint64_t payload = b.size() - 24;
        for (std::size_t i = 0; i < 8; ++i) {
            b[12 + i] = static_cast<std::byte>(payload >> (8 * i));
        }
        reseal(b);
        CHECK_THROWS_WITH(cskpi::KpiAccumulator::from_bytes(b),
                          Catch::Matchers::Contains("first-response gives 1152921504606846976 "
                                                    "items, more than the 1 bytes left can hold"));
    }
    SECTION("inconsistent counts") {
        cskpi::KpiAccumulator acc;
        acc.add(random_records(1, 1)[0]);
        Bytes b = acc.to_bytes();
        // The payload starts with the KPI options (CSAT 5 and 4 as zigzag varints, two doubles,
        // three enums, the Genesys switches, two SLA targets, the business-hours flag and the
        // SLA basis: 40 bytes), then the counts: contacts first.
        CHECK(std::to_integer<int>(b[20 + 40]) == 1);  // contacts
        b[20 + 40] = std::byte{0};
        reseal(b);
        CHECK_THROWS_WITH(cskpi::KpiAccumulator::from_bytes(b),
                          Catch::Matchers::Contains("inconsistent counts"));
    }
    SECTION("random damage behind a valid checksum: refused or read, never a crash") {
        const auto records = random_records(9, 40);
        std::mt19937_64 rng(99);
        for (const auto& options : fixtures::merge_option_sets()) {
            cskpi::ReportAccumulator acc(options);
            acc.add(records);
            const Bytes good = acc.to_bytes();
            for (int trial = 0; trial < 300; ++trial) {
                Bytes bad = good;
                for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
                    const std::size_t at = 20 + rng() % (bad.size() - 24);
                    bad[at] = static_cast<std::byte>(rng());
                }
                reseal(bad);
                try {
                    const auto read = cskpi::ReportAccumulator::from_bytes(bad);
                    (void)read.report();
                } catch (const StateFormatError&) {
                } catch (const cskpi::Error& e) {
                    FAIL("not a StateFormatError: " << e.what());
                }
            }
        }
    }
}

TEST_CASE("an input summary read back is equal; counts that do not add up are refused") {
    cskpi::InputSummary s;
    s.read = 7;
    s.accepted = 4;
    s.rejected = 2;
    s.duplicates = 1;
    s.errors.push_back({.file = "a.ndjson",
                        .line = 3,
                        .index = std::nullopt,
                        .field = "csat",
                        .code = "out_of_range",
                        .message = "csat = 9 is outside the scale 1..5"});
    s.errors_truncated = true;
    s.fields.push_back({.field = "agent_id", .source = "/agent", .found = 4});
    CHECK(cskpi::input_summary_from_bytes(cskpi::to_bytes(s)) == s);

    // Parts that wrap around 2^64 to the total are no account of the records read.
    cskpi::InputSummary wraps;
    wraps.read = 5;
    wraps.accepted = 5;
    wraps.rejected = ~std::uint64_t{0};
    wraps.duplicates = 1;
    CHECK_THROWS_WITH(cskpi::input_summary_from_bytes(cskpi::to_bytes(wraps)),
                      Catch::Matchers::Contains("5 records read, but 5 accepted"));
}

TEST_CASE("a saved business-hours schedule is validated when read back") {
    cskpi::BusinessSchedule office{.zone = cskpi::TimeZone{"Europe/Berlin"}};
    office.week[0] = {cskpi::OpenInterval{9 * 3600, 17 * 3600}};
    const cskpi::KpiAccumulator acc(cskpi::ReportOptions{.business_hours = office});
    Bytes b = acc.to_bytes();
    // 09:00 and 17:00 as svarints: zigzag 64800 = A0 FA 03, 122400 = A0 BC 07. 25:00 (zigzag
    // 180000 = A0 FE 0A) has the same length: a schedule past the end of the day.
    const std::array<std::byte, 6> hours{std::byte{0xA0}, std::byte{0xFA}, std::byte{0x03},
                                         std::byte{0xA0}, std::byte{0xBC}, std::byte{0x07}};
    const auto at = std::search(b.begin(), b.end(), hours.begin(), hours.end());
    REQUIRE(at != b.end());
    CHECK(cskpi::KpiAccumulator::from_bytes(b).to_bytes() == b);
    at[4] = std::byte{0xFE};
    at[5] = std::byte{0x0A};
    reseal(b);
    CHECK_THROWS_WITH(cskpi::KpiAccumulator::from_bytes(b),
                      Catch::Matchers::Contains("a business-hours time is 90000 s, beyond a day"));
}
