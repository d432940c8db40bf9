// Tests of the record generator (bench/generator): determinism, exact values, realism of the
// distribution, the NDJSON writer and its dirty mode, purchases.

#include "cskpi_generator/generator.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "catch.hpp"
#include "cskpi/error.hpp"

namespace gen = cskpi::generator;
using namespace std::chrono_literals;

namespace {

// ---------------------------------------------------------------------------------------------
// A small strict JSON parser (RFC 8259), independent of the writer under test.

struct Json {
    enum class Type { null, boolean, number, string, array, object };
    Type type = Type::null;
    bool boolean = false;
    std::string text;  // number: its literal; string: the unescaped value
    std::vector<Json> items;
    // Object members in order, as two lists: a pair holding the still incomplete Json is
    // not allowed (clang with libstdc++ rejects it), a vector of it is.
    std::vector<std::string> keys;
    std::vector<Json> values;

    [[nodiscard]] const Json* find(std::string_view key) const {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == key) {
                return &values[i];
            }
        }
        return nullptr;
    }
};

class Parser {
  public:
    explicit Parser(std::string_view s) : s_(s) {}

    /// The whole text as one JSON value; false when it is not valid JSON.
    bool parse(Json& out) {
        if (!value(out)) {
            return false;
        }
        ws();
        return i_ == s_.size();
    }

  private:
    void ws() {
        while (i_ < s_.size() &&
               (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
            ++i_;
        }
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) {
            return false;
        }
        i_ += word.size();
        return true;
    }
    bool value(Json& out) {
        ws();
        if (i_ >= s_.size()) {
            return false;
        }
        const char c = s_[i_];
        if (c == '{') {
            return object(out);
        }
        if (c == '[') {
            return array(out);
        }
        if (c == '"') {
            out.type = Json::Type::string;
            return string(out.text);
        }
        if (c == 't' || c == 'f') {
            out.type = Json::Type::boolean;
            out.boolean = c == 't';
            return literal(c == 't' ? "true" : "false");
        }
        if (c == 'n') {
            out.type = Json::Type::null;
            return literal("null");
        }
        return number(out);
    }
    bool digits() {
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
            ++i_;
        }
        return i_ > start;
    }
    bool number(Json& out) {
        const std::size_t start = i_;
        if (i_ < s_.size() && s_[i_] == '-') {
            ++i_;
        }
        if (i_ < s_.size() && s_[i_] == '0') {
            ++i_;
        } else if (!digits()) {
            return false;
        }
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            if (!digits()) {
                return false;
            }
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            ++i_;
            if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) {
                ++i_;
            }
            if (!digits()) {
                return false;
            }
        }
        out.type = Json::Type::number;
        out.text = std::string(s_.substr(start, i_ - start));
        return true;
    }
    bool string(std::string& out) {
        ++i_;  // opening quote
        out.clear();
        while (i_ < s_.size()) {
            const char c = s_[i_++];
            if (c == '"') {
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            }
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (i_ >= s_.size()) {
                return false;
            }
            const char e = s_[i_++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out.push_back(e);
                    break;
                case 'n':
                    out.push_back('\n');
                    break;
                case 't':
                    out.push_back('\t');
                    break;
                case 'r':
                    out.push_back('\r');
                    break;
                case 'b':
                    out.push_back('\b');
                    break;
                case 'f':
                    out.push_back('\f');
                    break;
                case 'u': {
                    if (i_ + 4 > s_.size()) {
                        return false;
                    }
                    unsigned code = 0;
                    const auto res = std::from_chars(s_.data() + i_, s_.data() + i_ + 4, code, 16);
                    if (res.ptr != s_.data() + i_ + 4) {
                        return false;
                    }
                    i_ += 4;
                    out.push_back(static_cast<char>(code));  // the tests only need ASCII
                    break;
                }
                default:
                    return false;
            }
        }
        return false;
    }
    bool array(Json& out) {
        out.type = Json::Type::array;
        ++i_;
        ws();
        if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            return true;
        }
        while (true) {
            Json item;
            if (!value(item)) {
                return false;
            }
            out.items.push_back(std::move(item));
            ws();
            if (i_ >= s_.size()) {
                return false;
            }
            if (s_[i_] == ']') {
                ++i_;
                return true;
            }
            if (s_[i_++] != ',') {
                return false;
            }
        }
    }
    bool object(Json& out) {
        out.type = Json::Type::object;
        ++i_;
        ws();
        if (i_ < s_.size() && s_[i_] == '}') {
            ++i_;
            return true;
        }
        while (true) {
            ws();
            if (i_ >= s_.size() || s_[i_] != '"') {
                return false;
            }
            std::string key;
            if (!string(key)) {
                return false;
            }
            ws();
            if (i_ >= s_.size() || s_[i_++] != ':') {
                return false;
            }
            Json v;
            if (!value(v)) {
                return false;
            }
            out.keys.push_back(std::move(key));
            out.values.push_back(std::move(v));
            ws();
            if (i_ >= s_.size()) {
                return false;
            }
            if (s_[i_] == '}') {
                ++i_;
                return true;
            }
            if (s_[i_++] != ',') {
                return false;
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

bool parse_json(std::string_view text, Json& out) {
    return Parser(text).parse(out);
}

double to_double(const Json& j) {
    double d = 0;
    std::from_chars(j.text.data(), j.text.data() + j.text.size(), d);
    return d;
}

/// Parses "YYYY-MM-DDTHH:MM:SS[.mmm]Z" strictly; false otherwise.
bool parse_rfc3339(std::string_view s, cskpi::Timestamp& out) {
    if (s.size() != 20 && s.size() != 24) {
        return false;
    }
    const auto num = [&](std::size_t at, std::size_t len, int& v) {
        const auto res = std::from_chars(s.data() + at, s.data() + at + len, v);
        return res.ec == std::errc{} && res.ptr == s.data() + at + len;
    };
    int y = 0;
    int mo = 0;
    int d = 0;
    int h = 0;
    int mi = 0;
    int sec = 0;
    int ms = 0;
    if (!num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d) ||
        s[10] != 'T' || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) || s[16] != ':' ||
        !num(17, 2, sec) || s.back() != 'Z') {
        return false;
    }
    if (s.size() == 24 && (s[19] != '.' || !num(20, 3, ms))) {
        return false;
    }
    const std::chrono::year_month_day ymd{std::chrono::year{y},
                                          std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) {
        return false;
    }
    out = cskpi::Timestamp{std::chrono::sys_days{ymd}} + std::chrono::hours{h} +
          std::chrono::minutes{mi} + std::chrono::seconds{sec} + std::chrono::milliseconds{ms};
    return true;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string ndjson_of(const gen::GeneratorOptions& options, gen::WriteStats* stats = nullptr) {
    std::ostringstream out;
    const auto s = gen::write_interactions_ndjson(options, out);
    if (stats != nullptr) {
        *stats = s;
    }
    return out.str();
}

/// 64-bit FNV-1a, to pin a large output to a constant.
std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::filesystem::path data_dir() {
    return std::filesystem::path(__FILE__).parent_path() / "data" / "generated";
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    INFO("fixture " << p.string());
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

gen::GeneratorOptions with(std::uint64_t seed, std::uint64_t records) {
    gen::GeneratorOptions o;
    o.seed = seed;
    o.records = records;
    return o;
}

std::int64_t ms_of(cskpi::Timestamp t) {
    return t.time_since_epoch().count();
}

bool is_multiple_of_step(double seconds, std::int64_t step_ms) {
    const double ms = seconds * 1000.0;
    const auto rounded = static_cast<std::int64_t>(std::llround(ms));
    return std::abs(ms - static_cast<double>(rounded)) < 1e-6 && rounded % step_ms == 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("the same seed and options give identical records, different seeds differ") {
    const auto a = ndjson_of(with(42, 3000));
    const auto b = ndjson_of(with(42, 3000));
    const auto c = ndjson_of(with(43, 3000));
    CHECK(a == b);
    CHECK(a != c);
    // The vector helper and the streaming generator agree.
    const auto records = gen::generate_interactions(with(42, 3000));
    REQUIRE(records.size() == 3000);
    std::string again;
    for (const auto& r : records) {
        gen::append_ndjson(again, r);
    }
    CHECK(again == a);
}

TEST_CASE("exact field values for seed 42 (catches accidental changes to the model)") {
    const auto records = gen::generate_interactions(with(42, 1000));
    REQUIRE(records.size() == 1000);

    const cskpi::Interaction& first = records[0];
    CHECK(first.id == "i-00000001");
    CHECK(first.customer_id == "c-0000124");
    CHECK(first.case_id == "k-00000001");
    CHECK(first.agent_id == "a-041");
    CHECK(first.queue == "sales");
    CHECK(first.team == "t-05");
    CHECK(first.channel == cskpi::Channel::phone);
    CHECK(gen::format_timestamp(first.started_at) == "2024-11-18T07:48:03Z");
    REQUIRE(first.ended_at);
    CHECK(gen::format_timestamp(*first.ended_at) == "2024-11-18T07:50:59Z");
    CHECK(first.wait_seconds == 1.0);
    CHECK(first.talk_seconds == 175.0);
    CHECK(first.hold_seconds == 0.0);
    CHECK(first.wrap_seconds == 52.0);
    CHECK_FALSE(first.handle_seconds);
    CHECK(first.resolved == true);
    CHECK_FALSE(first.csat);

    const cskpi::Interaction& chat = records[1];
    CHECK(chat.id == "i-00000002");
    CHECK(chat.channel == cskpi::Channel::chat);
    CHECK(gen::format_timestamp(chat.started_at) == "2024-11-18T08:28:00.084Z");
    CHECK(chat.wait_seconds == 1.125);
    CHECK(chat.talk_seconds == 671.5);
    CHECK_FALSE(chat.hold_seconds);

    const cskpi::Interaction& email = records[2];
    CHECK(email.channel == cskpi::Channel::email);
    CHECK(email.handle_seconds == 251.25);
    CHECK(email.first_response_seconds == 8033.0);
    CHECK(email.resolution_seconds == 25042.0);
    CHECK_FALSE(email.wait_seconds);

    std::string lines;
    for (std::size_t i = 0; i < 3; ++i) {
        gen::append_ndjson(lines, records[i]);
    }
    CHECK(
        lines ==
        R"({"id":"i-00000001","customer_id":"c-0000124","case_id":"k-00000001","agent_id":"a-041","queue":"sales","team":"t-05","channel":"phone","started_at":"2024-11-18T07:48:03Z","ended_at":"2024-11-18T07:50:59Z","wait_seconds":1,"talk_seconds":175,"hold_seconds":0,"wrap_seconds":52,"resolved":true}
{"id":"i-00000002","customer_id":"c-0000152","case_id":"k-00000002","agent_id":"a-019","queue":"general","team":"t-01","channel":"chat","started_at":"2024-11-18T08:28:00.084Z","ended_at":"2024-11-18T08:39:12.709Z","wait_seconds":1.125,"talk_seconds":671.5,"resolved":true}
{"id":"i-00000003","customer_id":"c-0000021","case_id":"k-00000003","agent_id":"a-003","queue":"tech_support","team":"t-03","channel":"email","started_at":"2024-11-18T08:49:07Z","handle_seconds":251.25,"resolved":true,"first_response_seconds":8033,"resolution_seconds":25042}
)");
}

TEST_CASE("the committed sample files are reproduced byte for byte") {
    // Regenerate with the commands in tests/data/generated/README.md.
    CHECK(ndjson_of(with(7, 200)) == read_file(data_dir() / "interactions_seed7_n200.ndjson"));

    auto dirty = with(7, 200);
    dirty.dirty_fraction = 0.05;
    CHECK(ndjson_of(dirty) == read_file(data_dir() / "interactions_seed7_n200_dirty5.ndjson"));

    gen::PurchaseOptions p;
    p.seed = 7;
    p.purchases = 100;
    std::ostringstream out;
    gen::write_purchases_ndjson(p, out);
    CHECK(out.str() == read_file(data_dir() / "purchases_seed7_n100.ndjson"));
}

TEST_CASE("the 100,000-record file behind the DuckDB fixtures has not changed") {
    // tests/data/generated/duckdb_*.json were computed by the DuckDB peer over this output
    // (cskpi-generate --records 100000 --seed 42); if the model changes, regenerate them.
    gen::WriteStats stats;
    const std::string text = ndjson_of(with(42, 100'000), &stats);
    CHECK(stats.lines == 100'000);
    CHECK(stats.bytes == text.size());
    CHECK(text.size() == 28'028'055);
    CHECK(fnv1a(text) == 0x14aa33e26202fea7ULL);
}

TEST_CASE("records are valid, unique, inside the period and only roughly time-ordered") {
    const gen::GeneratorOptions options = with(42, 100'000);
    gen::InteractionGenerator g(options);
    const std::int64_t begin = ms_of(cskpi::Timestamp{options.start});
    const std::int64_t end = begin + std::int64_t{options.span_days} * 86'400'000;

    std::set<std::string> ids;
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> cases;
    std::map<std::string, std::string> case_agent_pairs;
    std::set<std::string> months;
    std::int64_t previous = 0;
    std::int64_t latest = 0;
    std::uint64_t out_of_order = 0;
    std::uint64_t late_by_an_hour = 0;
    std::uint64_t with_ms = 0;
    std::uint64_t abandoned = 0;
    std::uint64_t short_abandons = 0;
    std::uint64_t abandon_at_5 = 0;
    std::uint64_t answered_at_20 = 0;
    std::uint64_t agent_handled = 0;
    std::uint64_t surveyed = 0;
    std::uint64_t handle_only = 0;
    std::uint64_t parts = 0;
    std::uint64_t resolved_missing = 0;
    std::uint64_t outbound = 0;
    std::map<cskpi::Channel, std::uint64_t> channels;

    cskpi::Interaction r;
    while (g.next(r)) {
        INFO("record " << r.id);
        REQUIRE(ids.insert(r.id).second);
        const std::int64_t t = ms_of(r.started_at);
        REQUIRE(t >= begin);
        REQUIRE(t < end);
        if (g.produced() > 1 && t < previous) {
            ++out_of_order;
        }
        if (t < latest - 3'600'000) {
            ++late_by_an_hour;
        }
        previous = t;
        latest = std::max(latest, t);
        with_ms += t % 1000 != 0 ? 1 : 0;
        months.insert(gen::format_timestamp(r.started_at).substr(0, 7));
        ++channels[r.channel];
        outbound += r.direction == cskpi::Direction::outbound ? 1 : 0;

        const bool queued =
            r.direction == cskpi::Direction::inbound &&
            (r.channel == cskpi::Channel::phone || r.channel == cskpi::Channel::chat);
        CHECK(r.wait_seconds.has_value() == queued);  // wait only on queued contacts
        if (r.ended_at) {
            CHECK(*r.ended_at >= r.started_at);
        }
        const std::int64_t step = r.channel == cskpi::Channel::phone ? 1000 : 125;
        for (const auto& d :
             {r.wait_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds, r.handle_seconds}) {
            if (d) {
                CHECK(*d >= 0.0);
                CHECK(is_multiple_of_step(*d, step));
            }
        }
        if (r.abandoned) {
            ++abandoned;
            CHECK(queued);
            CHECK(r.agent_id.empty());
            CHECK_FALSE(r.resolved);
            CHECK_FALSE(r.talk_seconds);
            short_abandons += *r.wait_seconds <= 5.0 ? 1 : 0;
            abandon_at_5 += *r.wait_seconds == 5.0 ? 1 : 0;
        } else {
            answered_at_20 += r.wait_seconds == 20.0 ? 1 : 0;
            resolved_missing += r.resolved ? 0 : 1;
        }
        if (!r.agent_id.empty()) {
            CHECK_FALSE(r.abandoned);
            CHECK_FALSE(r.team.empty());
            ++agent_handled;
            surveyed += r.csat ? 1 : 0;
            handle_only += r.handle_seconds && !r.talk_seconds ? 1 : 0;
            parts += r.talk_seconds ? 1 : 0;
        }
        if (r.csat) {
            CHECK((*r.csat >= 1 && *r.csat <= 5));
        }
        if (r.nps) {
            CHECK((*r.nps >= 0 && *r.nps <= 10));
            CHECK(r.csat);
        }
        if (r.ces) {
            CHECK((*r.ces >= 1 && *r.ces <= 7));
        }
        if (r.first_response_seconds || r.resolution_seconds) {
            CHECK((r.channel == cskpi::Channel::email || r.channel == cskpi::Channel::social ||
                   r.channel == cskpi::Channel::sms));
        }
        if (r.resolution_seconds && r.first_response_seconds) {
            CHECK(*r.resolution_seconds >= *r.first_response_seconds);
        }
        if (!r.case_id.empty()) {
            cases[r.case_id].emplace_back(t, r.agent_id);
        }
    }
    CHECK(g.produced() == 100'000);
    CHECK_FALSE(g.next(r));

    // Exact counts for this seed (they move if the model changes).
    CHECK(out_of_order == 39'854);
    CHECK(late_by_an_hour == 323);
    CHECK(abandoned == 4'298);
    CHECK(short_abandons == 1'482);
    CHECK(abandon_at_5 == 185);
    CHECK(answered_at_20 == 680);
    CHECK(outbound == 2'686);

    // Realistic shape.
    CHECK(months.size() == 5);  // 2024-11 .. 2025-03
    CHECK(channels[cskpi::Channel::phone] > channels[cskpi::Channel::chat]);
    CHECK(channels[cskpi::Channel::chat] > channels[cskpi::Channel::email]);
    CHECK(channels[cskpi::Channel::email] > channels[cskpi::Channel::social]);
    CHECK(channels.size() == 7);
    CHECK(with_ms > 20'000);
    CHECK(with_ms < 50'000);
    CHECK(short_abandons > 0);
    CHECK(short_abandons < abandoned);
    CHECK(static_cast<double>(surveyed) / static_cast<double>(agent_handled) ==
          Approx(0.2).margin(0.01));
    CHECK(handle_only > 10'000);
    CHECK(parts > 50'000);
    CHECK(resolved_missing > 3'000);

    std::uint64_t repeats_within_7d = 0;
    std::uint64_t repeats_after_7d = 0;
    std::uint64_t same_agent = 0;
    std::uint64_t other_agent = 0;
    for (auto& [id, contacts] : cases) {
        std::sort(contacts.begin(), contacts.end());
        for (std::size_t i = 1; i < contacts.size(); ++i) {
            const std::int64_t gap = contacts[i].first - contacts[i - 1].first;
            (gap <= 7 * 86'400'000LL ? repeats_within_7d : repeats_after_7d) += 1;
            if (!contacts[i].second.empty() && !contacts[i - 1].second.empty()) {
                (contacts[i].second == contacts[i - 1].second ? same_agent : other_agent) += 1;
            }
        }
    }
    CHECK(repeats_within_7d > 10'000);
    CHECK(repeats_after_7d > 1'000);
    CHECK(same_agent > 1'000);
    CHECK(other_agent > 1'000);
}

TEST_CASE("every clean NDJSON line is a JSON object with canonical fields that round-trip") {
    const auto records = gen::generate_interactions(with(11, 20'000));
    const std::set<std::string> canonical = {"id",
                                             "customer_id",
                                             "case_id",
                                             "agent_id",
                                             "queue",
                                             "team",
                                             "channel",
                                             "direction",
                                             "started_at",
                                             "answered_at",
                                             "ended_at",
                                             "wait_seconds",
                                             "talk_seconds",
                                             "hold_seconds",
                                             "wrap_seconds",
                                             "handle_seconds",
                                             "abandoned",
                                             "resolved",
                                             "first_contact_resolution",
                                             "first_response_seconds",
                                             "resolution_seconds",
                                             "csat",
                                             "nps",
                                             "ces",
                                             "revenue"};
    std::uint64_t bytes = 0;
    for (const auto& r : records) {
        std::string line;
        gen::append_ndjson(line, r);
        bytes += line.size();
        REQUIRE(line.back() == '\n');
        line.pop_back();
        REQUIRE(line.find('\n') == std::string::npos);
        Json j;
        INFO(line);
        REQUIRE(parse_json(line, j));
        REQUIRE(j.type == Json::Type::object);
        std::set<std::string> seen;
        for (const auto& k : j.keys) {
            CHECK(canonical.count(k) == 1);
            CHECK(seen.insert(k).second);  // no duplicate keys
        }
        const auto str = [&](const char* key) -> std::string {
            const Json* v = j.find(key);
            if (v == nullptr) {
                return {};
            }
            CHECK(v->type == Json::Type::string);
            return v->text;
        };
        const auto ts = [&](const char* key) -> std::optional<cskpi::Timestamp> {
            const Json* v = j.find(key);
            if (v == nullptr) {
                return std::nullopt;
            }
            cskpi::Timestamp t;
            CHECK(v->type == Json::Type::string);
            CHECK(parse_rfc3339(v->text, t));
            return t;
        };
        const auto num = [&](const char* key) -> std::optional<double> {
            const Json* v = j.find(key);
            if (v == nullptr) {
                return std::nullopt;
            }
            CHECK(v->type == Json::Type::number);
            // At most 3 decimals.
            const auto dot = v->text.find('.');
            CHECK((dot == std::string::npos || v->text.size() - dot - 1 <= 3));
            return to_double(*v);
        };
        const auto integer = [&](const char* key) -> std::optional<int> {
            const auto d = num(key);
            if (!d) {
                return std::nullopt;
            }
            CHECK(j.find(key)->text.find('.') == std::string::npos);
            return static_cast<int>(*d);
        };
        const auto flag = [&](const char* key) -> std::optional<bool> {
            const Json* v = j.find(key);
            if (v == nullptr) {
                return std::nullopt;
            }
            CHECK(v->type == Json::Type::boolean);
            return v->boolean;
        };
        CHECK(str("id") == r.id);
        CHECK(str("customer_id") == r.customer_id);
        CHECK(str("case_id") == r.case_id);
        CHECK(str("agent_id") == r.agent_id);
        CHECK(str("queue") == r.queue);
        CHECK(str("team") == r.team);
        CHECK(str("channel") == cskpi::to_string(r.channel));
        CHECK(str("direction") ==
              (r.direction == cskpi::Direction::outbound ? "outbound" : std::string{}));
        CHECK(ts("started_at") == r.started_at);
        CHECK(ts("answered_at") == r.answered_at);
        CHECK(ts("ended_at") == r.ended_at);
        CHECK(num("wait_seconds") == r.wait_seconds);
        CHECK(num("talk_seconds") == r.talk_seconds);
        CHECK(num("hold_seconds") == r.hold_seconds);
        CHECK(num("wrap_seconds") == r.wrap_seconds);
        CHECK(num("handle_seconds") == r.handle_seconds);
        CHECK(flag("abandoned").value_or(false) == r.abandoned);
        CHECK(flag("resolved") == r.resolved);
        CHECK(flag("first_contact_resolution") == r.first_contact_resolution);
        CHECK(num("first_response_seconds") == r.first_response_seconds);
        CHECK(num("resolution_seconds") == r.resolution_seconds);
        CHECK(integer("csat") == r.csat);
        CHECK(integer("nps") == r.nps);
        CHECK(integer("ces") == r.ces);
        const auto revenue = num("revenue");
        CHECK(revenue == r.revenue);
    }
    // About 280 bytes a record (bench/README.md, "The interaction model").
    const double average = static_cast<double>(bytes) / static_cast<double>(records.size());
    CHECK(average > 250.0);
    CHECK(average < 300.0);
}

TEST_CASE("the writer escapes strings and formats timestamps in RFC 3339 UTC") {
    cskpi::Interaction r;
    r.id = "a\"b\\c\nd";
    r.started_at = cskpi::Timestamp{std::chrono::sys_days{std::chrono::year{2024} / 2 / 29}} + 23h +
                   59min + 59s + 7ms;
    r.channel = cskpi::Channel::self_service;
    r.direction = cskpi::Direction::outbound;
    r.abandoned = true;
    r.resolved = false;
    r.wait_seconds = 0.5;
    std::string line;
    gen::append_ndjson(line, r);
    CHECK(line ==
          "{\"id\":\"a\\\"b\\\\c\\u000ad\",\"channel\":\"self_service\",\"direction\":\"outbound\","
          "\"started_at\":\"2024-02-29T23:59:59.007Z\",\"wait_seconds\":0.5,\"abandoned\":true,"
          "\"resolved\":false}\n");
    Json j;
    line.pop_back();
    REQUIRE(parse_json(line, j));
    CHECK(j.find("id")->text == r.id);

    CHECK(gen::format_timestamp(cskpi::Timestamp{}) == "1970-01-01T00:00:00Z");
    CHECK(gen::format_timestamp(cskpi::Timestamp{std::chrono::milliseconds{-1}}) ==
          "1969-12-31T23:59:59.999Z");
    CHECK(gen::format_timestamp(cskpi::Timestamp{std::chrono::milliseconds{1'735'689'600'120}}) ==
          "2025-01-01T00:00:00.120Z");
}

TEST_CASE("dirty mode: counts by kind, each line malformed as its kind says, the rest clean") {
    auto options = with(42, 100'000);
    const std::string clean = ndjson_of(options);
    options.dirty_fraction = 0.01;
    gen::WriteStats stats;
    const std::string dirty = ndjson_of(options, &stats);

    CHECK(stats.lines == 100'000);
    CHECK(stats.bytes == dirty.size());
    using K = gen::DirtyKind;
    const auto count = [&](K k) { return stats.dirty[static_cast<std::size_t>(k)]; };
    CHECK(count(K::not_json) == 162);
    CHECK(count(K::not_object) == 149);
    CHECK(count(K::missing_field) == 161);
    CHECK(count(K::wrong_type) == 132);
    CHECK(count(K::out_of_range) == 157);
    CHECK(count(K::bad_timestamp) == 174);
    CHECK(stats.dirty_total() == 935);
    CHECK(stats.clean() == 100'000 - stats.dirty_total());

    // Classify every line independently of the writer.
    const auto clean_lines = split_lines(clean);
    const auto dirty_lines = split_lines(dirty);
    REQUIRE(clean_lines.size() == dirty_lines.size());
    std::array<std::uint64_t, gen::kDirtyKinds> seen{};
    for (std::size_t i = 0; i < dirty_lines.size(); ++i) {
        const std::string& line = dirty_lines[i];
        if (line == clean_lines[i]) {
            continue;
        }
        INFO(line);
        Json j;
        if (!parse_json(line, j)) {
            ++seen[static_cast<std::size_t>(K::not_json)];
            CHECK(clean_lines[i].rfind(line, 0) == 0);  // a cut-off prefix of the record
            continue;
        }
        if (j.type != Json::Type::object) {
            ++seen[static_cast<std::size_t>(K::not_object)];
            continue;
        }
        const Json* id = j.find("id");
        const Json* started = j.find("started_at");
        if (id == nullptr || started == nullptr) {
            ++seen[static_cast<std::size_t>(K::missing_field)];
            continue;
        }
        const Json* abandoned = j.find("abandoned");
        const Json* channel = j.find("channel");
        if (id->type != Json::Type::string ||
            (abandoned != nullptr && abandoned->type != Json::Type::boolean) ||
            channel->type != Json::Type::string) {
            ++seen[static_cast<std::size_t>(K::wrong_type)];
            continue;
        }
        cskpi::Timestamp t;
        if (started->type != Json::Type::string || !parse_rfc3339(started->text, t)) {
            ++seen[static_cast<std::size_t>(K::bad_timestamp)];
            continue;
        }
        const Json* csat = j.find("csat");
        const Json* nps = j.find("nps");
        const Json* wait = j.find("wait_seconds");
        const bool out_of_range = (csat != nullptr && to_double(*csat) > 5) ||
                                  (nps != nullptr && to_double(*nps) > 10) ||
                                  (wait != nullptr && to_double(*wait) < 0);
        CHECK(out_of_range);
        ++seen[static_cast<std::size_t>(K::out_of_range)];
    }
    for (std::size_t k = 0; k < gen::kDirtyKinds; ++k) {
        INFO(gen::to_string(static_cast<K>(k)));
        CHECK(seen[k] == stats.dirty[k]);
        CHECK(seen[k] > 100);
    }
}

TEST_CASE("purchases: deterministic, limited by purchases or customers, inside the period") {
    gen::PurchaseOptions options;
    options.seed = 5;
    options.purchases = 0;
    options.customers = 2'000;
    const auto a = gen::generate_purchases(options);
    const auto b = gen::generate_purchases(options);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].customer_id == b[i].customer_id);
        CHECK(a[i].at == b[i].at);
        CHECK(a[i].amount == b[i].amount);
    }
    CHECK(a.size() == 7'168);
    CHECK(a.front().customer_id == "c-0000001");
    CHECK(a.back().customer_id == "c-0002000");

    const std::int64_t begin = ms_of(cskpi::Timestamp{options.start});
    const std::int64_t end = begin + std::int64_t{options.span_days} * 86'400'000;
    std::set<std::string> customers;
    std::uint64_t single = 0;
    std::map<std::string, std::uint64_t> per_customer;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto t = ms_of(a[i].at);
        CHECK(t >= begin);
        CHECK(t < end);
        CHECK(a[i].amount > 0.0);
        CHECK(is_multiple_of_step(a[i].amount * 10.0, 100));  // whole cents
        if (i > 0 && a[i].customer_id == a[i - 1].customer_id) {
            CHECK(a[i].at > a[i - 1].at);
        }
        ++per_customer[a[i].customer_id];
    }
    for (const auto& [id, n] : per_customer) {
        single += n == 1 ? 1 : 0;
    }
    CHECK(per_customer.size() == 2'000);
    CHECK(single > 400);  // many one-time buyers, as in CDNOW
    CHECK(single < 1'000);

    options.purchases = 1'000;
    gen::PurchaseGenerator limited(options);
    cskpi::Purchase p;
    while (limited.next(p)) {
    }
    CHECK(limited.produced() == 1'000);
    CHECK(limited.customers() < 2'000);

    std::string line;
    gen::append_ndjson(line, a.front());
    Json j;
    line.pop_back();
    REQUIRE(parse_json(line, j));
    CHECK(j.keys.size() == 3);
    CHECK(j.find("customer_id")->type == Json::Type::string);
    CHECK(j.find("at")->type == Json::Type::string);
    CHECK(j.find("amount")->type == Json::Type::number);
}

TEST_CASE("bad options throw InvalidArgument naming the option") {
    const auto throws_for = [](auto mutate, const char* name) {
        gen::GeneratorOptions o;
        mutate(o);
        try {
            gen::InteractionGenerator g(o);
            FAIL("no exception for " << name);
        } catch (const cskpi::InvalidArgument& e) {
            CHECK(e.argument() == name);
        }
    };
    throws_for([](gen::GeneratorOptions& o) { o.agents = 0; }, "agents");
    throws_for([](gen::GeneratorOptions& o) { o.queues = 100; }, "queues");
    throws_for([](gen::GeneratorOptions& o) { o.span_days = 0; }, "span_days");
    throws_for([](gen::GeneratorOptions& o) { o.abandon_rate = 1.5; }, "abandon_rate");
    throws_for([](gen::GeneratorOptions& o) { o.dirty_fraction = -0.1; }, "dirty_fraction");
    throws_for([](gen::GeneratorOptions& o) { o.duration_step_ms = 0; }, "duration_step_ms");

    gen::PurchaseOptions p;
    p.purchases = 0;
    p.customers = 0;
    CHECK_THROWS_AS(gen::PurchaseGenerator(p), cskpi::InvalidArgument);
}

TEST_CASE("edge options: no records, one record, one agent, millisecond durations") {
    CHECK(gen::generate_interactions(with(1, 0)).empty());
    CHECK(gen::generate_interactions(with(1, 1)).size() == 1);

    auto o = with(3, 5'000);
    o.agents = 1;
    o.teams = 3;  // fewer agents than teams: every queue still gets an agent
    o.queues = 12;
    o.span_days = 1;
    o.duration_step_ms = 1;
    o.survey_fraction = 1.0;
    o.abandon_rate = 0.0;
    o.repeat_contact_probability = 0.0;
    const auto records = gen::generate_interactions(o);
    REQUIRE(records.size() == 5'000);
    std::set<std::string> queues;
    std::set<std::string> ids;
    for (const auto& r : records) {
        CHECK_FALSE(r.abandoned);
        CHECK((r.agent_id.empty() || r.agent_id == "a-001"));
        if (!r.agent_id.empty()) {
            CHECK(r.csat);
        }
        if (!r.queue.empty()) {
            queues.insert(r.queue);
        }
        ids.insert(r.id);
        CHECK(r.started_at < cskpi::Timestamp{o.start + std::chrono::days{1}});
    }
    CHECK(ids.size() == 5'000);
    CHECK(queues.count("queue-12") == 1);
}
