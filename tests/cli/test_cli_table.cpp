// `--format table` of cskpi report: the columns, sorting and top-N options, their usage
// errors, and the width of the default table on the project's generated data.

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "catch.hpp"
#include "cli_run.hpp"
#include "cskpi_generator/generator.hpp"

namespace {

using cli_test::Run;
using cli_test::run_cskpi;

// The widest line of a text in terminal columns (UTF-8 continuation bytes take none).
std::size_t widest_line(std::string_view text) {
    std::size_t widest = 0;
    std::size_t width = 0;
    for (const char c : text) {
        if (c == '\n') {
            widest = std::max(widest, width);
            width = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++width;
        }
    }
    return std::max(widest, width);
}

}  // namespace

TEST_CASE("report table: the default by agent on 20000 generated records fits 120 columns",
          "[cli][table]") {
    // The records of `cskpi-generate --records 20000` (seed 42): 50 agents and the contacts
    // without one.
    const auto dir = cli_test::work_dir();
    const auto file = dir / "generated.ndjson";
    {
        std::ofstream out(file, std::ios::binary);
        cskpi::generator::GeneratorOptions options;
        options.records = 20000;
        REQUIRE(cskpi::generator::write_interactions_ndjson(options, out).lines == 20000);
    }
    const Run run = run_cskpi("report '" + file.string() + "' --by agent_id --format table");
    cli_test::fs::remove_all(dir);
    REQUIRE(run.code == 0);
    CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 2 + 1 + 1 + 1 + 51);
    CHECK(widest_line(run.out) <= 120);
    CHECK(run.out.find("\nagent_id  contacts            fcr          csat   aht   asa             "
                       "sl       abandon\n"
                       "overall      20000  68.9% (14750)  75.1% (3830)  7:35  0:18  69.5% (13922)"
                       "  3.9% (13922)\n") != std::string::npos);
}

TEST_CASE("report table: --columns --sort and --top", "[cli][table]") {
    // By FCR, lowest first: a1 (3 of 5) before a2 (3 of 3); the group without an agent has no
    // FCR and would come last, past --top 2.
    const Run run = run_cskpi(
        "report interactions.ndjson --by agent_id --format table --columns contacts,fcr,nps "
        "--sort fcr:asc --top 2");
    CHECK(run.code == 0);
    CHECK(run.out.substr(run.out.find("\n\n") + 2) ==
          "agent_id  contacts         fcr       nps\n"
          "overall         11   75.0% (8)  16.7 (6)\n"
          "a1               5   60.0% (5)  20.0 (5)\n"
          "a2               4  100.0% (3)   0.0 (1)\n"
          "1 of 3 groups not shown\n");
    // Descending is the default; :desc says so.
    const Run desc = run_cskpi(
        "report interactions.ndjson --by agent_id --format table --columns fcr --sort fcr");
    CHECK(desc.out == run_cskpi("report interactions.ndjson --by agent_id --format table "
                                "--columns fcr --sort fcr:desc")
                          .out);
    CHECK(desc.out.substr(desc.out.find("\n\n") + 2) ==
          "agent_id         fcr\n"
          "overall    75.0% (8)\n"
          "a2        100.0% (3)\n"
          "a1         60.0% (5)\n"
          "n/a              n/a\n");
}

TEST_CASE("report table: an --sla target is a column to name", "[cli][table]") {
    const Run run = run_cskpi(
        "report interactions.ndjson --sla first_response=1m --format table --columns "
        "contacts,frt_sla");
    CHECK(run.code == 0);
    CHECK(run.out.find("; sla first response 60 s, resolution none") != std::string::npos);
    CHECK(run.out.substr(run.out.find("\n\n") + 2) ==
          "scope    contacts   frt_sla\n"
          "overall        11  0.0% (2)\n");
    const Run all = run_cskpi(
        "report interactions.ndjson --sla first_response=1m --format table --columns all");
    CHECK(all.out.find("  survey   frt_sla\n") != std::string::npos);
    CHECK(all.out.find("res_sla") == std::string::npos);
}

TEST_CASE("report table: bad --columns --sort and --top are usage errors", "[cli][table][exit]") {
    const std::string names =
        "contacts, handled, fcr, csat, csat_mean, nps, ces, ces_agree, aht, asa, sl, abandon, "
        "frt_p50, frt_p90, res_p50, res_p90, queued, answered, abandoned, short_abandoned, "
        "abandoned_in_target, callback_requests, flowed_out, xfer_out, xfer_in, callbacks, "
        "outbound, held, max_wait, abandon_time, talk, hold, acw, survey, frt_sla, res_sla, "
        "frt_bh_p50, frt_bh_p90, res_bh_p50, res_bh_p90\n";
    const std::string only_table =
        "cskpi: report: --columns, --sort and --top shape --format table only; json and csv "
        "always carry every group and KPI, and html ranks its groups itself\n";
    struct Case {
        std::string args;
        std::string says;
    };
    const Case cases[] = {
        {"--format table --columns fcr,bogus",
         "cskpi: report: --columns: \"bogus\" is not a table column: use all, " + names},
        {"--format table --columns fcr,",
         "cskpi: report: --columns: \"\" is not a table column: "
         "use all, " +
             names},
        {"--format table --sort all",
         "cskpi: report: --sort: \"all\" is not a table column: use " + names},
        {"--format table --sort aht:up",
         "cskpi: report: --sort: \"up\" is not asc or desc (NAME:asc, NAME:desc)\n"},
        {"--format table --top -1", "cskpi: report: --top: -1 is outside 0..9223372036854775807\n"},
        {"--format table --top many", "cskpi: report: --top: \"many\" is not a whole number\n"},
        {"--format csv --sort fcr", only_table},
        {"--format csv --columns all", only_table},
        {"--format html --top 5", only_table},
        {"--top 3", only_table},
    };
    for (const Case& c : cases) {
        INFO(c.args);
        const Run run = run_cskpi("report interactions.ndjson " + c.args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err == c.says);
    }
}
