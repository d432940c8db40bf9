// Records by columns (cskpi/json/table.hpp): cells read as the JSON values they stand for,
// nulls, errors naming the source and row, the account, the threads of accumulate_table,
// and the same records as the same data as CSV.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/json/table.hpp"
#include "cskpi/json/timestamp.hpp"

using cskpi::Interaction;
using cskpi::json::Mapping;
using cskpi::json::ReadOptions;
using cskpi::json::RecordTable;
using cskpi::json::TableColumn;
using Type = cskpi::json::TableColumn::Type;

namespace {

struct Result {
    cskpi::InputSummary summary;
    std::vector<Interaction> records;
};

Result read_table(const RecordTable& table, const Mapping& mapping = Mapping::canonical(),
                  const ReadOptions& options = {}) {
    Result out;
    out.summary = cskpi::json::read_interactions(
        table, mapping, options, [&](Interaction&& r) { out.records.push_back(std::move(r)); },
        "frame");
    const auto& s = out.summary;
    CHECK(s.read == s.accepted + s.rejected + s.duplicates);
    CHECK(out.records.size() == s.accepted);
    return out;
}

// 2026-01-05T09:00:00Z and 2026-01-05T09:00:01.234567891Z in nanoseconds since the epoch
// (date -u -d 2026-01-05T09:00:00Z +%s gives 1767603600).
constexpr std::int64_t kNine = 1'767'603'600'000'000'000;
constexpr std::int64_t kNineAndABit = kNine + 1'234'567'891;

}  // namespace

TEST_CASE("table: typed columns read as the JSON values they stand for", "[table]") {
    const std::vector<std::string_view> ids = {"a", "b"};
    const std::vector<std::int64_t> started = {kNine, kNineAndABit};
    const std::vector<std::int64_t> agents = {42, 7};
    const std::vector<double> talk = {60.5, NAN};
    const bool abandoned[] = {false, true};
    const std::vector<std::string_view> channels = {"phone", "chat"};
    const bool csat_nulls[] = {false, true};
    const std::vector<std::int64_t> csat = {5, 0};
    RecordTable table{.rows = 2};
    table.columns = {
        {.name = "id", .type = Type::text, .texts = ids},
        {.name = "started_at", .type = Type::time, .integers = started},
        {.name = "agent_id", .type = Type::integer, .integers = agents},
        {.name = "talk_seconds", .type = Type::number, .numbers = talk},
        {.name = "abandoned", .type = Type::boolean, .booleans = abandoned},
        {.name = "channel", .type = Type::text, .texts = channels},
        {.name = "csat", .type = Type::integer, .integers = csat, .nulls = csat_nulls},
        {.name = "not_a_field", .type = Type::number, .numbers = talk},
    };
    const Result r = read_table(table);
    REQUIRE(r.summary.accepted == 2);
    const Interaction& a = r.records[0];
    const Interaction& b = r.records[1];
    CHECK(a.id == "a");
    CHECK(a.started_at.time_since_epoch() == std::chrono::seconds(1'767'603'600));
    // Nanoseconds become the record's milliseconds, rounded down as RFC 3339 text would be.
    CHECK(b.started_at - a.started_at == std::chrono::milliseconds(1'234));
    CHECK(a.agent_id == "42");  // an integer is text to a text field, as JSON's 42 is
    CHECK(a.talk_seconds == 60.5);
    CHECK_FALSE(b.talk_seconds.has_value());  // NaN is a null
    CHECK(a.abandoned == false);
    CHECK(b.abandoned == true);
    CHECK(b.channel == cskpi::Channel::chat);
    CHECK(a.csat == 5);
    CHECK_FALSE(b.csat.has_value());
}

TEST_CASE("table: bad cells are rejected naming the source and row", "[table]") {
    const std::vector<std::string_view> ids = {"a", "b", "c"};
    const std::vector<std::int64_t> started = {kNine, kNine, kNine};
    const std::vector<std::string_view> talk = {"35", "", "x"};
    const bool talk_nulls[] = {true, true, false};
    RecordTable table{.rows = 3};
    table.columns = {
        {.name = "id", .type = Type::text, .texts = ids},
        {.name = "started_at", .type = Type::time, .integers = started},
        {.name = "talk_seconds", .type = Type::text, .texts = talk, .nulls = talk_nulls},
    };
    table.first_row = 100;
    const Result r = read_table(table);
    CHECK(r.summary.read == 3);
    CHECK(r.summary.accepted == 2);
    REQUIRE(r.summary.errors.size() == 1);
    const cskpi::InputError& e = r.summary.errors[0];
    CHECK(e.file == "frame");
    CHECK(e.index == 102u);  // first_row + 2
    CHECK_FALSE(e.line.has_value());
    CHECK(e.field == "talk_seconds");
    CHECK(e.code == "wrong_type");  // text is not a duration, as in JSON
    CHECK_THROWS_AS(read_table(table, Mapping::canonical(), {.strict = true}),
                    cskpi::json::RecordRejected);
}

TEST_CASE("table: empty tables and columns of unequal length", "[table]") {
    CHECK(read_table(RecordTable{}).summary.read == 0);
    // Rows without the columns a record needs are rejected, not lost.
    const Result bare = read_table(RecordTable{.rows = 2});
    CHECK(bare.summary.read == 2);
    CHECK(bare.summary.rejected == 2);
    const std::vector<std::string_view> ids = {"a", "b"};
    const std::vector<std::int64_t> started = {kNine};
    RecordTable table{.rows = 2};
    table.columns = {{.name = "id", .type = Type::text, .texts = ids},
                     {.name = "started_at", .type = Type::time, .integers = started}};
    CHECK_THROWS_AS(read_table(table), cskpi::InvalidArgument);
    const bool one_null[] = {true};
    table.columns = {{.name = "id", .type = Type::text, .texts = ids, .nulls = one_null}};
    CHECK_THROWS_AS(read_table(table), cskpi::InvalidArgument);
    table.columns.clear();
    CHECK_THROWS_AS(read_table(table, Mapping::canonical(cskpi::json::RecordKind::purchase)),
                    cskpi::json::MappingError);
}

TEST_CASE("table: the same records and report as the same data as CSV", "[table]") {
    // 40,000 rows split across 2 threads: the report and account equal one CSV read's.
    constexpr std::size_t kRows = 40'000;
    std::vector<std::string> id_text(kRows);
    std::vector<std::string_view> ids(kRows);
    std::vector<std::int64_t> started(kRows);
    std::vector<std::string_view> agents(kRows);
    std::vector<double> handle(kRows);
    std::vector<unsigned char> resolved(kRows);
    const std::string_view agent_names[] = {"ann", "bob", "cy"};
    std::ostringstream csv;
    csv << "id,started_at,agent_id,handle_seconds,resolved\n";
    for (std::size_t i = 0; i < kRows; ++i) {
        id_text[i] = std::to_string(i);
        ids[i] = id_text[i];
        started[i] = kNine + static_cast<std::int64_t>(i) * 61'000'000'000;
        agents[i] = agent_names[i % 3];
        handle[i] = i % 7 == 0 ? NAN : static_cast<double>(i % 500) + 0.25;
        resolved[i] = i % 4 != 0 ? 1 : 0;
        const auto at = cskpi::Timestamp(std::chrono::milliseconds(started[i] / 1'000'000));
        csv << ids[i] << ',' << cskpi::json::format_rfc3339(at) << ',' << agents[i] << ',';
        if (!std::isnan(handle[i])) {
            csv << handle[i];
        }
        csv << ',' << (resolved[i] != 0 ? "true" : "false") << '\n';
    }
    RecordTable table{.rows = kRows};
    table.columns = {
        {.name = "id", .type = Type::text, .texts = ids},
        {.name = "started_at", .type = Type::time, .integers = started},
        {.name = "agent_id", .type = Type::text, .texts = agents},
        {.name = "handle_seconds", .type = Type::number, .numbers = handle},
        {.name = "resolved",
         .type = Type::boolean,
         .booleans = {reinterpret_cast<const bool*>(resolved.data()), kRows}},
    };
    const cskpi::ReportOptions by_agent{.group_by = {cskpi::Dimension::agent_id}};
    cskpi::ReportAccumulator from_csv(by_agent);
    std::istringstream in(csv.str());
    const auto csv_summary = cskpi::json::read_interactions(
        in, Mapping::canonical(), {.format = cskpi::json::InputFormat::csv},
        [&](Interaction&& r) { from_csv.add(r); }, "in.csv");
    const auto csv_report = cskpi::report_to_json(from_csv.report(), csv_summary);
    CHECK(csv_summary.accepted == kRows);
    for (const unsigned threads : {1U, 2U}) {
        cskpi::ReportAccumulator from_table(by_agent);
        const auto table_summary = cskpi::json::accumulate_table(
            table, Mapping::canonical(), {.threads = threads}, from_table, "frame");
        const auto table_report = cskpi::report_to_json(from_table.report(), table_summary);
        if (threads == 1) {
            CHECK(table_report.dump() == csv_report.dump());
        }
        // Two threads sum each half apart: counts and rates exact, means to rounding.
        CHECK(table_report["input"] == csv_report["input"]);
        CHECK(table_report["overall"]["fcr"] == csv_report["overall"]["fcr"]);
        CHECK(table_report["overall"]["aht_seconds"]["count"] == 34'285);
        CHECK_THAT(table_report["overall"]["aht_seconds"]["value"].get<double>(),
                   Catch::Matchers::WithinRel(
                       csv_report["overall"]["aht_seconds"]["value"].get<double>(), 1e-12));
    }
}

TEST_CASE("table: a table viewed a block at a time", "[table]") {
    // 40,000 rows in blocks, on 1 and 2 threads: errors name the table's rows, and each part
    // is viewed in blocks of its own rows only.
    constexpr std::size_t kRows = 40'000;
    std::vector<std::string> id_text(kRows);
    std::vector<std::string_view> ids(kRows);
    std::vector<std::int64_t> started(kRows, kNine);
    std::vector<double> csat(kRows, 4.0);
    for (std::size_t i = 0; i < kRows; ++i) {
        id_text[i] = std::to_string(i);
        ids[i] = id_text[i];
    }
    csat[5] = 9.0;       // above the 1-5 scale: rejected
    csat[30'001] = 0.0;  // below it
    RecordTable whole{.rows = kRows};
    whole.columns = {{.name = "id", .type = Type::text, .texts = ids},
                     {.name = "started_at", .type = Type::time, .integers = started},
                     {.name = "csat", .type = Type::number, .numbers = csat}};
    for (const unsigned threads : {1U, 2U}) {
        std::vector<RecordTable> blocks(2);
        std::vector<std::vector<std::pair<std::size_t, std::size_t>>> asked(2);
        const cskpi::json::BlockedTable table{
            kRows, [&](std::size_t first, std::size_t last, unsigned part) -> const RecordTable& {
                asked.at(part).emplace_back(first, last);
                RecordTable& block = blocks.at(part);
                block = {.rows = last - first, .first_row = first};
                for (const TableColumn& column : whole.columns) {
                    block.columns.push_back(column.slice(first, last));
                }
                return block;
            }};
        cskpi::ReportAccumulator acc;
        const cskpi::InputSummary s = cskpi::json::accumulate_table(
            table, Mapping::canonical(), {.threads = threads}, acc, "frame");
        CHECK(s.read == kRows);
        CHECK(s.rejected == 2);
        CHECK(acc.records() == kRows - 2);
        REQUIRE(s.errors.size() == 2);
        CHECK(s.errors[0].index == 5u);
        CHECK(s.errors[1].index == 30'001u);
        CHECK(s.errors[1].field == "csat");
        for (unsigned part = 0; part < threads; ++part) {
            const std::size_t first = kRows * part / threads;
            const std::size_t last = kRows * (part + 1) / threads;
            REQUIRE_FALSE(asked[part].empty());
            CHECK(asked[part].front().first == first);
            CHECK(asked[part].back().second == last);
            for (const auto& [from, to] : asked[part]) {
                CHECK(to - from <= 4096);
            }
        }
        CHECK(asked[1].empty() == (threads == 1));
    }
    // A column's slice cuts the spans that hold values and leaves the others empty.
    const TableColumn part = whole.columns[2].slice(5, 7);
    CHECK(part.name == "csat");
    CHECK(part.numbers.size() == 2);
    CHECK(part.numbers[0] == 9.0);
    CHECK(part.numbers[1] == 4.0);
    CHECK(part.texts.empty());
    CHECK(part.nulls.empty());
    CHECK(cskpi::json::reading_threads({.threads = 3}) == 3);
    CHECK(cskpi::json::reading_threads({.threads = 0}) >= 1);
    // A view that gives other rows than were asked for is the caller's bug, named.
    const cskpi::json::BlockedTable wrong{
        kRows, [&](std::size_t, std::size_t, unsigned) -> const RecordTable& { return whole; }};
    cskpi::ReportAccumulator acc;
    CHECK_THROWS_AS(
        cskpi::json::accumulate_table(wrong, Mapping::canonical(), {.threads = 1}, acc, "frame"),
        cskpi::InvalidArgument);
}
