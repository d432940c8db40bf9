// Unit tests of the CSV purchase reader of `cskpi clv` (tools/cskpi/purchase_csv.hpp).

#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cskpi/json/timestamp.hpp"
#include "errors.hpp"
#include "purchase_csv.hpp"

namespace {

struct CsvResult {
    std::vector<cskpi::Purchase> purchases;
    cskpi::InputSummary summary;
};

CsvResult read_csv(const std::string& text, const cskpi::json::ReadOptions& options = {},
                   const cskpi::cli::PurchaseCsvColumns& columns = {}) {
    std::istringstream in(text);
    CsvResult result;
    result.summary = cskpi::cli::read_purchases_csv(
        in, columns, options,
        [&](cskpi::Purchase&& purchase) { result.purchases.push_back(std::move(purchase)); },
        "p.csv");
    return result;
}

}  // namespace

TEST_CASE("purchase CSV: BOM, CRLF, quoted fields, blank lines, column order", "[cli][csv]") {
    const CsvResult r = read_csv(
        "\xEF\xBB\xBF"
        "amount,note,customer_id,date\r\n"
        "10.5,\"a, b\",c1,2026-01-02\r\n"
        "\r\n"
        "3,\"say \"\"hi\"\"\",\"c2\",20260103\r\n"
        "4,\"two\r\nlines\",c3,2026-01-04T10:00:00+02:00\r\n"
        "5,,c4,2026-01-05");
    CHECK(r.summary.read == 4);
    CHECK(r.summary.accepted == 4);
    CHECK(r.summary.rejected == 0);
    REQUIRE(r.purchases.size() == 4);
    CHECK(r.purchases[0].customer_id == "c1");
    CHECK(r.purchases[0].amount == 10.5);
    CHECK(r.purchases[0].at == *cskpi::json::parse_date("2026-01-02"));
    CHECK(r.purchases[1].customer_id == "c2");
    CHECK(r.purchases[1].at == *cskpi::json::parse_date("2026-01-03"));
    CHECK(r.purchases[2].at == *cskpi::json::parse_rfc3339("2026-01-04T08:00:00Z"));
    CHECK(r.purchases[3].amount == 5.0);
}

TEST_CASE("purchase CSV: bad rows are listed with the line they start on", "[cli][csv]") {
    const CsvResult r = read_csv(
        "customer_id,date,amount\n"
        "c1,2026-02-30,1\n"           // line 2: no 30 February
        "c1,2026-01-01,nan\n"         // line 3: not finite
        "\"c\n2\",2026-01-01,1,9\n"   // line 4-5: five fields
        "c1,2026-01-01,1\n"           // line 6: fine
        "c\"1,2026-01-01,1\n"         // line 7: stray quote
        "\"c1\"x,2026-01-01,1\n"      // line 8: text after the closing quote
        "c1,,1\n"                     // line 9: no date
        "c1,2026-01-01,\"12 \"\n"     // line 10: fine (spaces around numbers are trimmed)
        "c1,2026-01-01,\"unclosed\n"  // line 11: the quote runs to the end
        "c9,2026-01-01,1\n");
    CHECK(r.summary.read == 9);
    CHECK(r.summary.accepted == 2);
    CHECK(r.summary.rejected == 7);
    REQUIRE(r.summary.errors.size() == 7);
    const auto check = [&](std::size_t i, std::uint64_t line, const std::string& field,
                           const std::string& code) {
        CAPTURE(i);
        CHECK(r.summary.errors[i].file == "p.csv");
        CHECK(r.summary.errors[i].line == line);
        CHECK(r.summary.errors[i].field == field);
        CHECK(r.summary.errors[i].code == code);
    };
    check(0, 2, "at", "bad_timestamp");
    check(1, 3, "amount", "out_of_range");
    check(2, 4, "", "bad_csv");
    check(3, 7, "", "bad_csv");
    check(4, 8, "", "bad_csv");
    check(5, 9, "at", "missing_field");
    check(6, 11, "", "bad_csv");
    CHECK(r.purchases.at(1).amount == 12.0);
}

TEST_CASE("purchase CSV: amounts beyond 1e15 and instants outside years 1 to 9999", "[cli][csv]") {
    const CsvResult r = read_csv(
        "customer_id,date,amount\n"
        "c1,2026-01-01,1.7e308\n"
        "c1,2026-01-01,-1e15\n"
        "c1,9999-12-31T23:00:00-01:00,1\n"
        "c1,0001-01-01T00:00:00+00:00,1e15\n");
    CHECK(r.summary.accepted == 2);
    REQUIRE(r.summary.errors.size() == 2);
    CHECK(r.summary.errors[0].line == 2);
    CHECK(r.summary.errors[0].field == "amount");
    CHECK(r.summary.errors[0].code == "out_of_range");
    CHECK(r.summary.errors[0].message ==
          "amount = 1.7e308 is beyond +-1e+15, the largest amount allowed");
    CHECK(r.summary.errors[1].line == 4);
    CHECK(r.summary.errors[1].field == "at");
    CHECK(r.summary.errors[1].code == "bad_timestamp");
    CHECK(r.summary.errors[1].message ==
          "date = \"9999-12-31T23:00:00-01:00\" is outside years 1 to 9999 in UTC");
}

TEST_CASE("purchase CSV: strict mode, limits, header problems", "[cli][csv]") {
    cskpi::json::ReadOptions strict;
    strict.strict = true;
    try {
        (void)read_csv("customer_id,date,amount\nc1,2026-01-01,1\nc1,2026-01-01,x\n", strict);
        FAIL("no RecordRejected");
    } catch (const cskpi::json::RecordRejected& e) {
        CHECK(cskpi::json::describe(e.error()) ==
              "p.csv:3: amount: wrong_type: amount = \"x\" is not a number");
    }

    cskpi::json::ReadOptions few;
    few.max_errors = 1;
    few.max_record_bytes = 40;
    const CsvResult r = read_csv(
        "customer_id,date,amount\n,2026-01-01,1\nc1,2026-01-01,1" + std::string(50, '0') + "\n",
        few);
    CHECK(r.summary.rejected == 2);
    CHECK(r.summary.errors.size() == 1);
    CHECK(r.summary.errors_truncated);

    CHECK_THROWS_AS(read_csv(""), cskpi::cli::RunError);
    CHECK_THROWS_WITH(read_csv("id,day,usd\n"),
                      "p.csv:1: the header has no column \"customer_id\" (--customer-col; "
                      "columns: id, day, usd)");
    const CsvResult named = read_csv("id,day,usd\nx,2026-01-01,2\n", {}, {"id", "day", "usd"});
    CHECK(named.purchases.size() == 1);
}
