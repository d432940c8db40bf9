// `--save-state` and `cskpi merge`: a file split in three, each part saved by its own process,
// merges into the report of the whole file; bad or mismatched states are refused by name.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "cli_run.hpp"

using cli_test::read_file;
using cli_test::run_cskpi;
using cli_test::work_dir;
using cli_test::fs::path;

namespace {

const std::string kGenerated = "../../data/generated/";

// Writes line i of `file` to part i % 3, and returns the three parts' paths.
std::vector<std::string> split_in_three(const std::string& file, const path& dir) {
    std::ifstream in(path(CSKPI_CLI_DATA) / file);
    std::vector<std::ofstream> out;
    std::vector<std::string> names;
    for (int i = 0; i < 3; ++i) {
        names.push_back((dir / ("part" + std::to_string(i) + ".ndjson")).string());
        out.emplace_back(names.back());
    }
    std::string line;
    for (std::size_t i = 0; std::getline(in, line); ++i) {
        out[i % 3] << line << '\n';
    }
    return names;
}

// Equal documents, numbers within rounding: means summed in another order differ in the last
// bits; everything else (counts, rates, quantiles, keys) is exact.
void check_same_json(const nlohmann::json& a, const nlohmann::json& b, const std::string& at) {
    INFO(at);
    if (a.is_number_float() || b.is_number_float()) {
        REQUIRE(b.is_number());
        const double x = a.get<double>();
        const double y = b.get<double>();
        CHECK(std::abs(x - y) <= 1e-12 * std::max(1.0, std::abs(y)));
        return;
    }
    REQUIRE(a.type() == b.type());
    if (a.is_object()) {
        REQUIRE(a.size() == b.size());
        for (const auto& [key, value] : a.items()) {
            REQUIRE(b.contains(key));
            check_same_json(value, b.at(key), at + "/" + key);
        }
    } else if (a.is_array()) {
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            check_same_json(a[i], b[i], at + "/" + std::to_string(i));
        }
    } else {
        CHECK(a == b);
    }
}

// Saves each part's state in its own process, with `options`, and returns the states' paths.
std::vector<std::string> save_parts(const std::string& command,
                                    const std::vector<std::string>& parts,
                                    const std::string& options) {
    std::vector<std::string> states;
    for (const std::string& part : parts) {
        states.push_back(part + ".state");
        const auto run = run_cskpi(command + " '" + part + "' " + options + " --save-state '" +
                                   states.back() + "'");
        REQUIRE(run.code == 0);
        CHECK(run.out.empty());
    }
    return states;
}

std::string quoted(const std::vector<std::string>& files) {
    std::string out;
    for (const std::string& f : files) {
        out += " '" + f + "'";
    }
    return out;
}

}  // namespace

TEST_CASE("merge: three saved report states give the report of the whole file") {
    const path dir = work_dir();
    const std::string file = kGenerated + "interactions_seed7_n200.ndjson";
    const auto parts = split_in_three(file, dir);
    for (const std::string options :
         {"--by agent_id --period month", "--by queue,channel --fcr window --fcr-window 2d",
          "--fcr flag --sl-threshold 30s", ""}) {
        INFO(options);
        const auto states = save_parts("report", parts, options);
        const auto merged = run_cskpi("merge" + quoted(states));
        const auto whole = run_cskpi("report " + file + " " + options);
        REQUIRE(merged.code == 0);
        REQUIRE(whole.code == 0);
        check_same_json(nlohmann::json::parse(merged.out), nlohmann::json::parse(whole.out), "");
        // The other formats from a merge too (their text may differ from the whole file's in a
        // mean's last printed digit, rounded from a sum in another order).
        const auto table = run_cskpi("merge --format table" + quoted(states));
        const auto whole_table = run_cskpi("report --format table " + file + " " + options);
        CHECK(table.code == 0);
        const auto lines = [](const std::string& text) {
            return std::count(text.begin(), text.end(), '\n');
        };
        CHECK(lines(table.out) == lines(whole_table.out));
        // The table options act on a merged report as on a whole one: the overall row and the
        // two groups with the most contacts, below them a line for the rest.
        const auto top = run_cskpi("merge --format table --sort contacts --top 2" + quoted(states));
        const auto whole_top =
            run_cskpi("report --format table --sort contacts --top 2 " + file + " " + options);
        CHECK(top.code == 0);
        CHECK(lines(top.out) == lines(whole_top.out));
        const bool grouped = std::string(options).rfind("--by", 0) == 0;
        CHECK((top.out.find(" groups not shown\n") != std::string::npos) == grouped);
    }
    cli_test::fs::remove_all(dir);
}

TEST_CASE("merge: every record read is still accounted for") {
    const path dir = work_dir();
    const auto parts = split_in_three(kGenerated + "interactions_seed7_n200_dirty5.ndjson", dir);
    const auto states = save_parts("report", parts, "--by team");
    const auto merged = run_cskpi("merge" + quoted(states));
    const auto whole =
        run_cskpi("report " + kGenerated + "interactions_seed7_n200_dirty5.ndjson " + "--by team");
    REQUIRE(merged.code == 0);
    const auto m = nlohmann::json::parse(merged.out)["input"];
    const auto w = nlohmann::json::parse(whole.out)["input"];
    for (const char* key : {"read", "accepted", "rejected", "duplicates"}) {
        CHECK(m[key] == w[key]);
    }
    CHECK(m["errors"].size() == w["errors"].size());
    // The errors name the part files and their lines, as each process read them.
    CHECK(m["errors"][0]["file"].get<std::string>().find("part") != std::string::npos);
    CHECK(merged.err.find("records rejected") != std::string::npos);
    cli_test::fs::remove_all(dir);
}

TEST_CASE("merge: retention states, with cohorts, and a merged state saved again") {
    const path dir = work_dir();
    const std::string file = kGenerated + "interactions_seed7_n200.ndjson";
    const auto parts = split_in_three(file, dir);
    const auto states = save_parts("retention", parts, "--period week --utc-offset +02:00");
    const auto whole =
        run_cskpi("retention " + file + " --period week --utc-offset +02:00 --cohorts");
    const auto merged = run_cskpi("merge --cohorts" + quoted(states));
    REQUIRE(merged.code == 0);
    CHECK(merged.out == whole.out);
    // Two merged first, saved, then merged with the third: the same.
    const std::string two = (dir / "two.state").string();
    REQUIRE(run_cskpi("merge --save-state '" + two + "'" + quoted({states[0], states[1]})).code ==
            0);
    CHECK(run_cskpi("merge --cohorts" + quoted({two, states[2]})).out == whole.out);
    // The report table's options have nothing to shape in a retention report.
    const auto sorted = run_cskpi("merge --format table --sort fcr" + quoted(states));
    CHECK(sorted.code == 2);
    CHECK(sorted.out.empty());
    CHECK(sorted.err == "cskpi: merge: " + states[0] +
                            " holds a retention state: --columns, --sort and --top shape report "
                            "tables only\n");
    cli_test::fs::remove_all(dir);
}

TEST_CASE("merge: states that are not, or do not go together, are refused by name") {
    const path dir = work_dir();
    const std::string file = kGenerated + "interactions_seed7_n200.ndjson";
    const auto parts = split_in_three(file, dir);
    const auto by_agent = save_parts("report", {parts[0]}, "--by agent_id");
    const auto by_team = save_parts("report", {parts[1]}, "--by team");
    const auto retention = save_parts("retention", {parts[2]}, "");

    const auto mismatch = run_cskpi("merge" + quoted({by_agent[0], by_team[0]}));
    CHECK(mismatch.code == 1);
    CHECK(mismatch.out.empty());
    CHECK(mismatch.err == "cskpi: " + by_team[0] +
                              ": cannot be merged with the files before it: "
                              "ReportAccumulator::merge: other = accumulator was built with "
                              "different options (group_by team, not agent_id)\n");

    const auto kinds = run_cskpi("merge" + quoted({by_agent[0], retention[0]}));
    CHECK(kinds.code == 1);
    CHECK(kinds.err == "cskpi: " + retention[0] + ": a saved retention state, but " + by_agent[0] +
                           " holds a report state\n");

    const auto not_state = run_cskpi("merge interactions.ndjson");
    CHECK(not_state.code == 1);
    CHECK(not_state.err ==
          "cskpi: interactions.ndjson is not a saved state of cskpi report or retention: its "
          "magic number differs\n");

    // A damaged byte inside the accumulator's frame: the checksum names it.
    std::string bytes = read_file(by_agent[0]);
    bytes[40] = static_cast<char>(bytes[40] ^ 0x20);
    const std::string damaged = (dir / "damaged.state").string();
    std::ofstream(damaged, std::ios::binary) << bytes;
    const auto bad = run_cskpi("merge '" + damaged + "'");
    CHECK(bad.code == 1);
    CHECK(bad.err.find("cskpi: " + damaged + ": state bytes: at byte") == 0);
    CHECK(bad.err.find("the checksum does not match") != std::string::npos);

    // Cut short: the file is shorter than its first frame says.
    const std::string cut = (dir / "cut.state").string();
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, 30);
    CHECK(run_cskpi("merge '" + cut + "'").err.find("its first frame claims") != std::string::npos);

    CHECK(run_cskpi("merge").code == 2);
    CHECK(run_cskpi("merge missing.state").err ==
          "cskpi: cannot open missing.state: No such file or directory\n");
    cli_test::fs::remove_all(dir);
}

TEST_CASE("merge: an empty shard saves an empty state; other mappings are refused") {
    const path dir = work_dir();
    const std::string file = kGenerated + "interactions_seed7_n200.ndjson";
    const auto parts = split_in_three(file, dir);
    const std::string empty = (dir / "empty.ndjson").string();
    std::ofstream(empty).flush();
    const auto states = save_parts("report", {parts[0], parts[1], parts[2], empty}, "--by team");
    const auto merged = run_cskpi("merge" + quoted(states));
    const auto whole = run_cskpi("report " + file + " --by team");
    REQUIRE(merged.code == 0);
    check_same_json(nlohmann::json::parse(merged.out), nlohmann::json::parse(whole.out), "");
    // Without --save-state an empty input is still an error.
    CHECK(run_cskpi("report '" + empty + "'").code == 1);

    // The same records read with a mapping that takes the team from another field: their
    // field coverage would not add up with the canonical mapping's.
    std::string mapping = read_file(path(CSKPI_CLI_DATA) / "../../../presets/canonical.json");
    const std::string team = "\"team\": \"/team\"";
    REQUIRE(mapping.find(team) != std::string::npos);
    mapping.replace(mapping.find(team), team.size(), "\"team\": \"/queue\"");
    const std::string mapping_file = (dir / "mapping.json").string();
    std::ofstream(mapping_file) << mapping;
    const auto other =
        save_parts("report", {parts[2]}, "--by team --mapping '" + mapping_file + "'");
    const auto refused = run_cskpi("merge" + quoted({states[0], other[0]}));
    CHECK(refused.code == 1);
    CHECK(refused.err.find("its records were read with another mapping than those of " +
                           states[0]) != std::string::npos);
    cli_test::fs::remove_all(dir);
}
