// Runs `cskpi clv` on the CDNOW sample and small fixtures and checks what it prints against the
// published estimates (docs/clv.md, "Validation on CDNOW") and the library called directly;
// with --holdout-end against the reference of tests/clv/test_holdout.cpp, with --top against
// the full output.
//
// data/cdnow.csv: tests/data/cdnow/CDNOW_sample.txt as CSV (customer = id_sample, date as
// YYYY-MM-DD, cds, dollars); 6,919 purchases of 2,357 customers.
// data/purchases.csv: 11 rows with quoted fields (a comma, doubled quotes, a line break inside
// a quoted field), a blank line, and bad rows on lines 5 (month 13), 8 (amount "abc"), 9 (two
// fields) and 12 (no customer).

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cli_run.hpp"
#include "cskpi/clv/bgnbd.hpp"
#include "cskpi/clv/clv_value.hpp"
#include "cskpi/clv/gamma_gamma.hpp"
#include "cskpi/clv/rfm.hpp"
#include "cskpi/json/timestamp.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using cli_test::read_file;
using cli_test::run_cskpi;

const std::string cdnow_csv =
    "clv cdnow.csv --calibration-end 1997-09-30 --period week --customer-col customer "
    "--date-col date --amount-col dollars";

bool within(double value, double reference, double relative) {
    return std::abs(value - reference) <= relative * std::abs(reference);
}

// The CDNOW sample read straight from tests/data/cdnow, not through the command's CSV reader.
std::vector<cskpi::Purchase> cdnow_purchases() {
    std::ifstream in(fs::path(CSKPI_TEST_DATA_DIR) / "cdnow" / "CDNOW_sample.txt");
    std::vector<cskpi::Purchase> purchases;
    std::string total_id;
    std::string sample_id;
    std::string date;
    int cds = 0;
    double dollars = 0;
    while (in >> total_id >> sample_id >> date >> cds >> dollars) {
        purchases.push_back({sample_id, *cskpi::json::parse_date(date), dollars});
    }
    return purchases;
}

// The first two lines of a CSV output (header and first row), and the first row's cells.
struct CsvHead {
    std::string header;
    std::vector<std::string> cells;
};

CsvHead csv_head(const std::string& text) {
    std::istringstream lines(text);
    CsvHead head;
    std::string row;
    std::getline(lines, head.header);
    std::getline(lines, row);
    std::istringstream fields(row);
    for (std::string cell; std::getline(fields, cell, ',');) {
        head.cells.push_back(cell);
    }
    return head;
}

// The customer object with this id in a clv document.
const json& customer(const json& doc, const std::string& id) {
    for (const json& c : doc.at("customers")) {
        if (c.at("customer_id") == id) {
            return c;
        }
    }
    FAIL("no customer " << id);
    static const json none;
    return none;
}

}  // namespace

TEST_CASE("clv: CDNOW from CSV matches the published BG/NBD and Gamma-Gamma estimates",
          "[cli][clv]") {
    const cli_test::Run run = run_cskpi(cdnow_csv);
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    const json doc = json::parse(run.out);
    CHECK(doc.at("input").at("read") == 6919);
    CHECK(doc.at("input").at("accepted") == 6919);
    CHECK(doc.at("input").at("rejected") == 0);
    CHECK(doc.at("model") == "bgnbd");
    const json& p = doc.at("params");
    CHECK(within(p.at("r").get<double>(), 0.2426, 1e-3));
    CHECK(within(p.at("alpha").get<double>(), 4.414, 1e-3));
    CHECK(within(p.at("a").get<double>(), 0.7929, 1e-3));
    CHECK(within(p.at("b").get<double>(), 2.426, 1e-3));
    CHECK(std::abs(doc.at("log_likelihood").get<double>() - -9582.43) <= 0.01);
    CHECK(doc.at("converged") == true);
    for (const char* name : {"r", "alpha", "a", "b"}) {
        CHECK(doc.at("std_errors").at(name).get<double>() > 0.0);
    }
    const json& g = doc.at("spend_model").at("params");
    CHECK(within(g.at("p").get<double>(), 6.249, 1e-3));
    CHECK(within(g.at("q").get<double>(), 3.745, 1e-3));
    CHECK(within(g.at("gamma").get<double>(), 15.45, 1e-3));
    CHECK(doc.at("spend_model").at("log_likelihood").is_number());
    CHECK(doc.at("customers").size() == 2357);
    const json& options = doc.at("options");
    CHECK(options.at("period") == "week");
    CHECK(options.at("horizon_months") == 12.0);
    CHECK(options.at("discount_rate") == 0.01);

    // A customer without repeat purchases has no mean repeat spend.
    for (const json& c : doc.at("customers")) {
        if (c.at("frequency") == 0.0) {
            CHECK(c.at("monetary_value").is_null());
            CHECK(c.at("p_alive") == 1.0);  // BG/NBD: no dropout before a repeat purchase
            break;
        }
    }
}

TEST_CASE("clv: a customer's values equal the library's", "[cli][clv]") {
    using cskpi::clv::TimeUnit;
    const auto purchases = cdnow_purchases();
    REQUIRE(purchases.size() == 6919);
    const auto rows = cskpi::clv::rfm_summary(
        purchases,
        {.calibration_end = *cskpi::json::parse_date("1997-09-30"), .unit = TimeUnit::week});
    const auto rfm = cskpi::clv::rfm_values(rows);
    const auto fit = cskpi::clv::BgNbd::fit(rfm);
    std::vector<cskpi::clv::SpendObservation> spend;
    for (const auto& row : rows) {
        if (row.rfm.frequency > 0) {
            spend.push_back({row.rfm.frequency, row.monetary_value});
        }
    }
    const auto spend_fit = cskpi::clv::GammaGamma::fit(spend);

    const json doc = json::parse(run_cskpi(cdnow_csv).out);
    for (const std::string id : {"0001", "0002", "0100", "2357"}) {
        CAPTURE(id);
        const auto* row = &rows.front();
        for (const auto& r : rows) {
            if (r.customer_id == id) {
                row = &r;
            }
        }
        REQUIRE(row->customer_id == id);
        const json& c = customer(doc, id);
        const double horizon_weeks = 12.0 * (365.2425 / 12.0) / 7.0;
        const double expected_spend =
            *spend_fit.model.conditional_expected_spend({row->rfm.frequency, row->monetary_value});
        const double clv = cskpi::clv::customer_lifetime_value(fit.model, row->rfm, expected_spend,
                                                               {.model_unit = TimeUnit::week,
                                                                .horizon = 12,
                                                                .horizon_unit = TimeUnit::month,
                                                                .discount_period = TimeUnit::month,
                                                                .discount_rate = 0.01});
        CHECK(c.at("frequency").get<double>() == Approx(row->rfm.frequency));
        CHECK(c.at("recency").get<double>() == Approx(row->rfm.recency));
        CHECK(c.at("T").get<double>() == Approx(row->rfm.T));
        if (row->rfm.frequency > 0) {
            CHECK(c.at("monetary_value").get<double>() == Approx(row->monetary_value));
        }
        CHECK(c.at("p_alive").get<double>() == Approx(fit.model.p_alive(row->rfm)));
        CHECK(c.at("expected_purchases").get<double>() ==
              Approx(fit.model.conditional_expected_purchases(horizon_weeks, row->rfm)));
        CHECK(c.at("expected_spend").get<double>() == Approx(expected_spend));
        CHECK(c.at("clv").get<double>() == Approx(clv));
    }
    // Customer 0001 (FHL 2005's first customer): x 2, t_x 30.43, T 38.86 weeks, z-bar 22.345.
    const json& first = customer(doc, "0001");
    CHECK(first.at("frequency") == 2.0);
    CHECK(first.at("recency").get<double>() == Approx(213.0 / 7.0));
    CHECK(first.at("T").get<double>() == Approx(272.0 / 7.0));
    CHECK(first.at("monetary_value").get<double>() == Approx(22.345));
}

TEST_CASE("clv: NDJSON purchases give the same result as the CSV", "[cli][clv]") {
    const fs::path dir = fs::path(CSKPI_CLI_WORK);
    fs::create_directories(dir);
    const fs::path ndjson = dir / ("cdnow-" + std::to_string(::getpid()) + ".ndjson");
    {
        std::ifstream in(fs::path(CSKPI_CLI_DATA) / "cdnow.csv");
        std::ofstream out(ndjson);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string id;
            std::string date;
            std::string cds;
            std::string dollars;
            std::getline(fields, id, ',');
            std::getline(fields, date, ',');
            std::getline(fields, cds, ',');
            std::getline(fields, dollars, ',');
            out << R"({"customer_id":")" << id << R"(","at":")" << date << R"(","amount":)"
                << dollars << "}\n";
        }
    }
    const cli_test::Run from_json =
        run_cskpi("clv '" + ndjson.string() + "' --calibration-end 1997-09-30 --period week");
    const cli_test::Run from_stdin = run_cskpi(
        "clv --calibration-end 1997-09-30 --preset canonical-purchase <'" + ndjson.string() + "'");
    fs::remove(ndjson);
    REQUIRE(from_json.code == 0);
    REQUIRE(from_stdin.code == 0);
    const json a = json::parse(from_json.out);
    const json b = json::parse(run_cskpi(cdnow_csv).out);
    CHECK(a.at("options").at("input_format") == "ndjson");
    CHECK(a.at("input").at("read") == 6919);
    CHECK(a.at("params") == b.at("params"));
    CHECK(a.at("spend_model") == b.at("spend_model"));
    CHECK(a.at("customers") == b.at("customers"));
    CHECK(json::parse(from_stdin.out).at("customers") == b.at("customers"));
}

TEST_CASE("clv: table and CSV carry the JSON's numbers", "[cli][clv]") {
    const json doc = json::parse(run_cskpi(cdnow_csv).out);
    const json& first = customer(doc, "0001");

    const cli_test::Run csv = run_cskpi(cdnow_csv + " --format csv");
    REQUIRE(csv.code == 0);
    const auto [header, cells] = csv_head(csv.out);
    CHECK(header ==
          "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
          "expected_spend,clv");
    REQUIRE(cells.size() == 9);
    CHECK(cells[0] == "0001");
    CHECK(std::stod(cells[5]) == first.at("p_alive").get<double>());
    CHECK(std::stod(cells[6]) == first.at("expected_purchases").get<double>());
    CHECK(std::stod(cells[7]) == first.at("expected_spend").get<double>());
    CHECK(std::stod(cells[8]) == first.at("clv").get<double>());
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 2358);

    const cli_test::Run table = run_cskpi(cdnow_csv + " --format table");
    REQUIRE(table.code == 0);
    CHECK(table.out.find("bgnbd: r 0.2426") != std::string::npos);
    CHECK(table.out.find("log-likelihood -9582.43; converged") != std::string::npos);
    CHECK(table.out.find("gamma-gamma on 946 repeat buyers: p 6.2496") != std::string::npos);
    CHECK(table.out.find("\n0001                 2      30.43      38.86           22.34   0.7266"
                         "              1.5630           24.65       36.30\n") !=
          std::string::npos);
    // A customer without repeat purchases has no mean repeat spend: n/a, as in every table.
    CHECK(table.out.find("\n0003                 0       0.00      38.86             n/a   1.0000"
                         "              0.2524           35.17        8.35\n") !=
          std::string::npos);
}

TEST_CASE("clv: Pareto/NBD on CDNOW", "[cli][clv]") {
    const cli_test::Run run = run_cskpi(cdnow_csv + " --model pareto");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc.at("model") == "pareto_nbd");
    const json& p = doc.at("params");
    CHECK(within(p.at("r").get<double>(), 0.5532, 1e-3));
    CHECK(within(p.at("alpha").get<double>(), 10.58, 1e-3));
    CHECK(within(p.at("s").get<double>(), 0.6062, 1e-3));
    CHECK(within(p.at("beta").get<double>(), 11.67, 1e-3));
    CHECK(std::abs(doc.at("log_likelihood").get<double>() - -9594.97) <= 0.01);
}

TEST_CASE("clv: usage errors exit 2 and name the option", "[cli][clv]") {
    const std::string base = "clv purchases.ndjson ";
    const auto check = [&](const std::string& args, const std::string& message) {
        CAPTURE(args);
        const cli_test::Run run = run_cskpi(base + args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err == "cskpi: clv: " + message + "\n");
    };
    check("--calibration-end 2026-13-01",
          "--calibration-end: \"2026-13-01\" is not a date (YYYY-MM-DD, YYYYMMDD or RFC 3339)");
    check("--calibration-end 2026-03-31 --model foo",
          "--model: \"foo\" is not bgnbd, pareto or mbgnbd");
    check("--calibration-end 2026-03-31 --horizon 7x",
          "--horizon: \"7x\": unknown unit \"x\" (use s, m, h, d, w, mo or y)");
    check("--calibration-end 2026-03-31 --discount-rate -0.1",
          "--discount-rate: -0.1 is negative (a rate per month, e.g. 0.01)");
    check("--calibration-end 2026-03-31 --period fortnight",
          "--period: \"fortnight\" is not day, week or month");
    check("--calibration-end 2026-03-31 --format xml",
          "--format: \"xml\" is not json, table, csv or html");
    check("--calibration-end 2026-03-31 --csv --preset canonical-purchase",
          "--csv (or a --*-col option) cannot be used with --preset or --mapping");
    const std::string after =
        " is not after --calibration-end 2026-03-31 (the holdout is the "
        "days after the calibration end's)";
    check("--calibration-end 2026-03-31 --holdout-end 2026-03-31",
          "--holdout-end: 2026-03-31" + after);
    check("--calibration-end 2026-03-31 --holdout-end 2026-03-31T23:59:59Z",
          "--holdout-end: 2026-03-31T23:59:59Z" + after);
    check("--calibration-end 2026-03-31 --holdout-end 2026-01-01",
          "--holdout-end: 2026-01-01" + after);
    check("--calibration-end 2026-03-31 --holdout-end 2026-13-01",
          "--holdout-end: \"2026-13-01\" is not a date (YYYY-MM-DD, YYYYMMDD or RFC 3339)");
    check("--calibration-end 2026-03-31 --top -1", "--top: -1 is outside 0..1000000000");
    check("--calibration-end 2026-03-31 --top x", "--top: \"x\" is not a whole number");
    check("--calibration-end 2026-03-31 --preset canonical",
          "mapping \"canonical\" makes interactions; cskpi clv needs purchase records");
    const cli_test::Run missing = run_cskpi(base);
    CHECK(missing.code == 2);
    CHECK(missing.err.find("--calibration-end is required") != std::string::npos);
}

TEST_CASE("clv: bad CSV rows are listed with their line, strict mode stops at the first",
          "[cli][clv]") {
    // Four customers on five good rows are too few to identify the models: the fits do not
    // converge, which is exit status 1 with the result still printed.
    const cli_test::Run run = run_cskpi("clv purchases.csv --csv --calibration-end 2026-03-31");
    CHECK(run.code == 1);
    const json doc = json::parse(run.out);
    const json& input = doc.at("input");
    CHECK(input.at("read") == 10);
    CHECK(input.at("accepted") == 6);
    CHECK(input.at("rejected") == 4);
    const json& errors = input.at("errors");
    REQUIRE(errors.size() == 4);
    const auto check_error = [&](std::size_t i, int line, const std::string& field,
                                 const std::string& code) {
        CAPTURE(i);
        CHECK(errors[i].at("file") == "purchases.csv");
        CHECK(errors[i].at("line") == line);
        // The report's form: no field (the row as a whole) is null.
        CHECK(errors[i].at("field") == (field.empty() ? json(nullptr) : json(field)));
        CHECK(errors[i].at("code") == code);
    };
    check_error(0, 5, "at", "bad_timestamp");
    check_error(1, 8, "amount", "wrong_type");
    check_error(2, 9, "", "bad_csv");
    check_error(3, 12, "customer_id", "missing_field");
    CHECK(run.err.find("cskpi: 4 of 10 records rejected (first: purchases.csv:5: at: "
                       "bad_timestamp: date = \"2026-13-01\" is not a date (YYYY-MM-DD, YYYYMMDD "
                       "or RFC 3339))\n") == 0);
    CHECK(run.err.find("cskpi: bgnbd did not converge: ") != std::string::npos);
    // Quoted fields: a comma, a line break; the row after the April date is past the
    // calibration end.
    std::vector<std::string> ids;
    for (const json& c : doc.at("customers")) {
        ids.push_back(c.at("customer_id").get<std::string>());
    }
    CHECK(ids == std::vector<std::string>{"c,2", "c1", "c2", "c4\nsplit"});
    CHECK(customer(doc, "c1").at("frequency") == 1.0);

    const cli_test::Run strict =
        run_cskpi("clv purchases.csv --csv --calibration-end 2026-03-31 --strict");
    CHECK(strict.code == 1);
    CHECK(strict.out.empty());
    CHECK(strict.err ==
          "cskpi: purchases.csv:5: at: bad_timestamp: date = \"2026-13-01\" is not a date "
          "(YYYY-MM-DD, YYYYMMDD or RFC 3339)\n");

    const cli_test::Run column =
        run_cskpi("clv purchases.csv --calibration-end 2026-03-31 --amount-col usd");
    CHECK(column.code == 1);
    CHECK(column.err ==
          "cskpi: purchases.csv:1: the header has no column \"usd\" (--amount-col; columns: "
          "customer_id, date, amount)\n");
}

TEST_CASE("clv: an amount beyond 1e15 is a rejected record, named by line and field",
          "[cli][clv]") {
    const fs::path dir = cli_test::work_dir();
    const fs::path input = dir / "huge.ndjson";
    {
        std::ofstream out(input);
        out << R"({"customer_id":"a","at":"2026-01-01","amount":1})" << '\n'
            << R"({"customer_id":"a","at":"2026-01-02","amount":1.7e308})" << '\n'
            << R"({"customer_id":"a","at":"2026-01-09","amount":3})" << '\n';
    }
    const cli_test::Run strict =
        run_cskpi("clv '" + input.string() + "' --calibration-end 2026-02-01 --strict");
    CHECK(strict.code == 1);
    CHECK(strict.out.empty());
    CHECK(strict.err == "cskpi: " + input.string() +
                            ":2: amount: out_of_range: amount = 1.7e+308 is beyond +-1e+15, the "
                            "largest amount allowed\n");
    const cli_test::Run lenient =
        run_cskpi("clv '" + input.string() + "' --calibration-end 2026-02-01 --format csv");
    CHECK(lenient.out.find("\na,1,1.1428571428571428,4.428571428571429,3,") != std::string::npos);
    CHECK(lenient.err.find("cskpi: 1 of 3 records rejected (first: " + input.string() +
                           ":2: amount: out_of_range: ") == 0);
    fs::remove_all(dir);
}

TEST_CASE("clv: repeat buyers whose repeat purchases total 0 or less are counted and named",
          "[cli][clv]") {
    const fs::path dir = cli_test::work_dir();
    const fs::path input = dir / "zero.ndjson";
    {
        std::ofstream out(input);
        // a: a repeat purchase of 0; d: repeat purchases of -5 and 2; b: a positive mean.
        for (const char* line : {
                 R"({"customer_id":"a","at":"2026-01-01","amount":1})",
                 R"({"customer_id":"a","at":"2026-01-02","amount":0})",
                 R"({"customer_id":"b","at":"2026-01-01","amount":5})",
                 R"({"customer_id":"b","at":"2026-01-05","amount":7})",
                 R"({"customer_id":"b","at":"2026-01-12","amount":9})",
                 R"({"customer_id":"c","at":"2026-01-01","amount":5})",
                 R"({"customer_id":"d","at":"2026-01-03","amount":5})",
                 R"({"customer_id":"d","at":"2026-01-09","amount":-5})",
                 R"({"customer_id":"d","at":"2026-01-19","amount":2})",
             }) {
            out << line << '\n';
        }
    }
    const std::string note =
        "cskpi: 2 repeat buyers with repeat purchases totalling 0 or less (first: \"a\") have no "
        "expected_spend and no clv: Gamma-Gamma needs a positive mean repeat spend\n";
    const cli_test::Run run =
        run_cskpi("clv '" + input.string() + "' --calibration-end 2026-02-01");
    CHECK(run.err.find(note) == 0);
    const json doc = json::parse(run.out);
    CHECK(doc.at("spend_model").at("customers") == 1);
    CHECK(doc.at("spend_model").at("repeat_buyers_without_spend") == 2);
    CHECK(customer(doc, "a").at("monetary_value") == 0.0);
    CHECK(customer(doc, "a").at("expected_spend").is_null());
    CHECK(customer(doc, "a").at("clv").is_null());
    CHECK(customer(doc, "d").at("monetary_value") == -1.5);
    CHECK(customer(doc, "d").at("clv").is_null());
    // The same note in every format.
    CHECK(run_cskpi("clv '" + input.string() + "' --calibration-end 2026-02-01 --format csv")
              .err.find(note) == 0);

    // Without d, one buyer.
    std::ofstream(input) << R"({"customer_id":"a","at":"2026-01-01","amount":1})" << '\n'
                         << R"({"customer_id":"a","at":"2026-01-02","amount":0})" << '\n'
                         << R"({"customer_id":"b","at":"2026-01-01","amount":5})" << '\n'
                         << R"({"customer_id":"b","at":"2026-01-05","amount":7})" << '\n';
    CHECK(run_cskpi("clv '" + input.string() + "' --calibration-end 2026-02-01")
              .err.find("cskpi: 1 repeat buyer with repeat purchases totalling 0 or less (first: "
                        "\"a\") has no expected_spend and no clv: Gamma-Gamma needs a positive "
                        "mean repeat spend\n") == 0);
    fs::remove_all(dir);
}

// Values `cskpi clv` printed for the CDNOW sample when it held every purchase in memory and
// fitted one likelihood term per customer. The summary folded as purchases arrive and the fits
// over distinct (x, t_x, T) triples and (x, mean spend) pairs must give the same numbers.
TEST_CASE("clv: CDNOW values are those of the per-customer fits to 1e-9", "[cli][clv]") {
    const json doc = json::parse(run_cskpi(cdnow_csv).out);
    const json& p = doc.at("params");
    CHECK(within(p.at("r").get<double>(), 0.2425945219896021, 1e-9));
    CHECK(within(p.at("alpha").get<double>(), 4.413601976732204, 1e-9));
    CHECK(within(p.at("a").get<double>(), 0.7929220320779695, 1e-9));
    CHECK(within(p.at("b").get<double>(), 2.4259068044201078, 1e-9));
    CHECK(within(doc.at("log_likelihood").get<double>(), -9582.42920667395, 1e-9));
    const json& spend = doc.at("spend_model");
    CHECK(within(spend.at("params").at("p").get<double>(), 6.249572271321409, 1e-9));
    CHECK(within(spend.at("params").at("q").get<double>(), 3.7442246671318564, 1e-9));
    CHECK(within(spend.at("params").at("gamma").get<double>(), 15.443520962595485, 1e-9));
    CHECK(within(spend.at("log_likelihood").get<double>(), -4055.9176948018867, 1e-9));
    CHECK(spend.at("customers") == 946);

    struct Expected {
        const char* id;
        double p_alive, expected_purchases, expected_spend, clv;
    };
    for (const Expected& e : {
             Expected{"0001", 0.7266203094551713, 1.5630388228033472, 24.65391869822174,
                      36.29540321905073},
             Expected{"0002", 0.21239104207966997, 0.26086728069639736, 18.910018446792886,
                      4.643748928889266},
             Expected{"0100", 0.6469924611826747, 0.8035767857120376, 28.950974445530953,
                      21.900987546234834},
             Expected{"1203", 0.8466967682891323, 5.439126986093856, 35.63126947219975,
                      182.81557821911446},
             Expected{"2357", 1.0, 0.3330370477694613, 35.170371265659284, 11.023764271902147},
         }) {
        CAPTURE(e.id);
        const json& c = customer(doc, e.id);
        CHECK(within(c.at("p_alive").get<double>(), e.p_alive, 1e-9));
        CHECK(within(c.at("expected_purchases").get<double>(), e.expected_purchases, 1e-9));
        CHECK(within(c.at("expected_spend").get<double>(), e.expected_spend, 1e-9));
        CHECK(within(c.at("clv").get<double>(), e.clv, 1e-9));
    }
}

namespace {

// A CSV of purchases in a fresh directory, for the command to read by absolute path.
std::string write_purchases(const std::string& text) {
    const fs::path path = cli_test::work_dir() / "purchases.csv";
    std::ofstream(path) << text;
    return path.string();
}

}  // namespace

// The reference numbers are those printed by tests/clv/holdout_reference.py (scipy's hyp2f1,
// FHL 2005 eq. 10) for the fitted parameters the command prints, as tests/clv/test_holdout.cpp
// lists them with the command that produced them.
TEST_CASE("clv holdout: CDNOW by calibration frequency matches the reference", "[cli][clv]") {
    const cli_test::Run run = run_cskpi(cdnow_csv + " --holdout-end 1998-06-30");
    REQUIRE(run.code == 0);
    CHECK(run.err.empty());
    const json doc = json::parse(run.out);
    CHECK(doc.at("options").at("holdout_end") == "1998-06-30T00:00:00Z");
    CHECK(within(doc.at("params").at("r").get<double>(), 0.2425945219896021, 1e-9));
    CHECK(within(doc.at("params").at("b").get<double>(), 2.4259068044201078, 1e-9));
    const json& h = doc.at("holdout");
    CHECK(h.at("holdout_end") == "1998-06-30T00:00:00Z");
    CHECK(h.at("duration") == 39.0);
    CHECK(h.at("customers") == 2357);
    CHECK(h.at("customers_first_seen_in_holdout") == 0);
    CHECK(h.at("actual_purchases") == 1882.0);
    CHECK(within(h.at("expected_purchases").get<double>(), 1653.408689247173, 1e-9));
    CHECK(within(h.at("mean_absolute_error").get<double>(), 0.7854542357864056, 1e-9));
    CHECK(within(h.at("aggregate_error").get<double>(), 1653.408689247173 - 1882.0, 1e-9));
    CHECK(within(h.at("relative_aggregate_error").get<double>(),
                 (1653.408689247173 - 1882.0) / 1882.0, 1e-9));
    const std::vector<std::vector<double>> reference{
        {1411, 334, 317.5982166467778}, {439, 306, 229.65458383381178},
        {214, 298, 223.44470064766912}, {100, 156, 152.02795028252157},
        {62, 157, 134.15967869845008},  {38, 112, 100.84614297963334},
        {29, 112, 101.61722596637243},  {64, 407, 394.0601901919367},
    };
    const json& groups = h.at("by_calibration_frequency");
    REQUIRE(groups.size() == reference.size());
    for (std::size_t i = 0; i < reference.size(); ++i) {
        CAPTURE(i);
        const json& g = groups[i];
        CHECK(g.at("calibration_frequency") == i);
        CHECK(g.at("and_more") == (i == 7));
        CHECK(g.at("customers").get<double>() == reference[i][0]);
        CHECK(g.at("actual_sum").get<double>() == reference[i][1]);
        CHECK(g.at("actual_mean").get<double>() == reference[i][1] / reference[i][0]);
        CHECK(within(g.at("expected_sum").get<double>(), reference[i][2], 1e-9));
        CHECK(within(g.at("expected_mean").get<double>(), reference[i][2] / reference[i][0], 1e-9));
    }
    // By hand from data/cdnow.csv: 0001 buys on 1997-12-12 in the holdout; 0949 on 5 days
    // (x = 7); 1560 on 4 days (x = 8, two purchases on 1997-03-30 being one day).
    CHECK(customer(doc, "0001").at("holdout_purchases") == 1.0);
    CHECK(within(customer(doc, "0001").at("holdout_expected_purchases").get<double>(),
                 1.2259944499237325, 1e-9));
    CHECK(customer(doc, "0949").at("frequency") == 7.0);
    CHECK(customer(doc, "0949").at("holdout_purchases") == 5.0);
    CHECK(customer(doc, "1560").at("frequency") == 8.0);
    CHECK(customer(doc, "1560").at("holdout_purchases") == 4.0);
}

TEST_CASE("clv holdout: the holdout only adds keys to the output", "[cli][clv]") {
    const cli_test::Run plain_run = run_cskpi(cdnow_csv);
    REQUIRE(plain_run.code == 0);
    const json plain = json::parse(plain_run.out);
    CHECK_FALSE(plain.contains("holdout"));
    CHECK_FALSE(plain.contains("totals"));
    CHECK_FALSE(plain.at("options").contains("holdout_end"));
    CHECK_FALSE(plain.at("options").contains("top"));
    CHECK_FALSE(plain.at("customers").at(0).contains("holdout_purchases"));

    json with = json::parse(run_cskpi(cdnow_csv + " --holdout-end 1998-06-30").out);
    with.erase("holdout");
    with.at("options").erase("holdout_end");
    for (json& c : with.at("customers")) {
        c.erase("holdout_purchases");
        c.erase("holdout_expected_purchases");
    }
    CHECK(with == plain);
}

TEST_CASE("clv holdout: table and CSV carry the holdout", "[cli][clv]") {
    const cli_test::Run csv = run_cskpi(cdnow_csv + " --holdout-end 1998-06-30 --format csv");
    REQUIRE(csv.code == 0);
    const auto [header, cells] = csv_head(csv.out);
    CHECK(header ==
          "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,"
          "expected_spend,clv,holdout_purchases,holdout_expected_purchases");
    const json doc = json::parse(run_cskpi(cdnow_csv + " --holdout-end 1998-06-30").out);
    REQUIRE(cells.size() == 11);
    CHECK(cells[0] == "0001");
    CHECK(std::stod(cells[9]) == customer(doc, "0001").at("holdout_purchases").get<double>());
    CHECK(std::stod(cells[10]) ==
          customer(doc, "0001").at("holdout_expected_purchases").get<double>());
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 2358);

    const cli_test::Run table = run_cskpi(cdnow_csv + " --holdout-end 1998-06-30 --format table");
    REQUIRE(table.code == 0);
    CHECK(table.out.find("\nholdout to 1998-06-30 (39.00 weeks): 2357 customers compared, 0 "
                         "first seen in the holdout not compared\n") != std::string::npos);
    CHECK(table.out.find("\n                    0       1411       0.2367         0.2251         "
                         "334        317.60\n") != std::string::npos);
    CHECK(table.out.find("\n                   7+         64       6.3594         6.1572         "
                         "407        394.06\n") != std::string::npos);
    CHECK(table.out.find("\nmean absolute error 0.7855 purchases a customer; aggregate error "
                         "-228.59 (-12.15%): 1653.41 expected, 1882 actual\n") !=
          std::string::npos);
}

TEST_CASE("clv holdout: customers first seen in the holdout are counted apart", "[cli][clv]") {
    // "a": x = 1, 2 holdout days (two purchases on 02-05); "b": x = 0, none; "n": first seen
    // on 2024-02-10, in the holdout; 03-02 is after the holdout end.
    const std::string path = write_purchases(
        "customer_id,date,amount\n"
        "a,2024-01-01,5\na,2024-01-10,2\na,2024-02-05,3\na,2024-02-05,4\na,2024-02-06,1\n"
        "b,2024-01-05,7\nn,2024-02-10,9\nn,2024-03-02,9\na,2024-03-02,1\n");
    const cli_test::Run run = run_cskpi("clv '" + path +
                                        "' --csv --calibration-end 2024-01-31 "
                                        "--holdout-end 2024-03-01 --period day");
    // Two customers do not identify the models: exit 1, the output still written.
    CHECK(run.code == 1);
    const json doc = json::parse(run.out);
    const json& h = doc.at("holdout");
    CHECK(h.at("duration") == 30.0);
    CHECK(h.at("customers") == 2);
    CHECK(h.at("customers_first_seen_in_holdout") == 1);
    CHECK(h.at("actual_purchases") == 2.0);
    CHECK(doc.at("customers").size() == 2);
    CHECK(customer(doc, "a").at("holdout_purchases") == 2.0);
    CHECK(customer(doc, "b").at("holdout_purchases") == 0.0);
    const json& groups = h.at("by_calibration_frequency");
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].at("calibration_frequency") == 0);
    CHECK(groups[0].at("actual_sum") == 0.0);
    CHECK(groups[1].at("calibration_frequency") == 1);
    CHECK(groups[1].at("actual_sum") == 2.0);
}

TEST_CASE("clv holdout: a holdout without purchases has no relative error", "[cli][clv]") {
    // CDNOW ends on 1998-06-30: calibrated on all of it, nothing is left for the holdout.
    const cli_test::Run run = run_cskpi(
        "clv cdnow.csv --calibration-end 1998-06-30 --holdout-end 1998-12-31 --customer-col "
        "customer --amount-col dollars");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    const json& h = doc.at("holdout");
    CHECK(h.at("actual_purchases") == 0.0);
    CHECK(h.at("relative_aggregate_error").is_null());
    CHECK(h.at("aggregate_error") == h.at("expected_purchases"));
    CHECK(within(h.at("mean_absolute_error").get<double>(),
                 h.at("expected_purchases").get<double>() / 2357.0, 1e-12));
}

TEST_CASE("clv top: the customers of highest CLV and totals over all", "[cli][clv]") {
    const json all = json::parse(run_cskpi(cdnow_csv).out);
    std::vector<std::pair<double, std::string>> ranked;
    double clv_sum = 0.0;
    double p_alive_sum = 0.0;
    int likely_alive = 0;
    for (const json& c : all.at("customers")) {
        ranked.emplace_back(-c.at("clv").get<double>(), c.at("customer_id").get<std::string>());
        clv_sum += c.at("clv").get<double>();
        p_alive_sum += c.at("p_alive").get<double>();
        likely_alive += c.at("p_alive").get<double>() > 0.5 ? 1 : 0;
    }
    std::sort(ranked.begin(), ranked.end());

    const cli_test::Run run = run_cskpi(cdnow_csv + " --top 3");
    REQUIRE(run.code == 0);
    const json doc = json::parse(run.out);
    CHECK(doc.at("options").at("top") == 3);
    const json& listed = doc.at("customers");
    REQUIRE(listed.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(listed[i].at("customer_id") == ranked[i].second);
        CHECK(listed[i] == customer(all, ranked[i].second));
    }
    const json& t = doc.at("totals");
    CHECK(t.at("customers") == 2357);
    CHECK(t.at("customers_with_clv") == 2357);
    CHECK(within(t.at("clv_sum").get<double>(), clv_sum, 1e-12));
    CHECK(within(t.at("p_alive_mean").get<double>(), p_alive_sum / 2357.0, 1e-12));
    CHECK(t.at("likely_alive") == likely_alive);

    const cli_test::Run csv = run_cskpi(cdnow_csv + " --top 2 --format csv");
    REQUIRE(csv.code == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);
    CHECK(csv.out.find("\n" + ranked[0].second + ",") != std::string::npos);
    const cli_test::Run none = run_cskpi(cdnow_csv + " --top 0");
    REQUIRE(none.code == 0);
    CHECK(json::parse(none.out).at("customers").empty());
    const cli_test::Run table = run_cskpi(cdnow_csv + " --top 1 --format table");
    CHECK(table.out.find("totals over 2357 customers: CLV sum ") != std::string::npos);
    CHECK(table.out.find("\n" + ranked[0].second + " ") != std::string::npos);
}
