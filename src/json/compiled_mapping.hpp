#pragma once
// The compiled form of a Mapping: a trie of JSON Pointer tokens whose leaves are capture
// slots, and per canonical field how to turn captured values into the field. Internal.

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cskpi/detail/string_map.hpp"
#include "cskpi/json/mapping.hpp"
#include "cskpi/json/timestamp.hpp"

namespace cskpi::json::detail {

// Every canonical field a mapping can fill, of both record kinds.
enum class FieldId : std::uint8_t {
    id,
    customer_id,
    case_id,
    agent_id,
    queue,
    team,
    channel,
    direction,
    started_at,
    answered_at,
    ended_at,
    wait_seconds,
    talk_seconds,
    hold_seconds,
    wrap_seconds,
    handle_seconds,
    abandoned,
    callback_requested,
    flowed_out,
    handled,
    transfer,
    origin,
    resolved,
    first_contact_resolution,
    first_response_seconds,
    resolution_seconds,
    csat,
    nps,
    ces,
    revenue,
    at,      // purchase
    amount,  // purchase
};

enum class FieldType : std::uint8_t {
    text,
    channel,
    direction,
    transfer,
    origin,
    time,
    duration,
    boolean,
    integer,
    number
};

struct FieldInfo {
    FieldId id;
    std::string_view name;
    FieldType type;
    bool required;
};

// The canonical fields of a record kind, in the order docs/records.md lists them.
const std::vector<FieldInfo>& fields_of(RecordKind kind);

// A captured JSON value. Strings point into the parser's buffer (or the nlohmann object)
// and live only while one record is decoded.
struct Captured {
    enum class Type : std::uint8_t { missing, null, boolean, number, string, object, array };
    Type type = Type::missing;
    bool boolean = false;
    bool integral = false;  // number without fraction or exponent, within int64
    std::int64_t integer = 0;
    double number = 0.0;
    std::string_view text;
};

// A boolean condition over captured slots (presence tests and comparisons).
struct Condition {
    enum class Kind : std::uint8_t { present, absent, compare, all, any };
    enum class Op : std::uint8_t { eq, ne, lt, le, gt, ge };
    Kind kind = Kind::present;
    int slot = -1;
    Op op = Op::eq;
    double number = 0.0;              // compare with a number
    std::optional<std::string> text;  // or with a string
    std::optional<bool> boolean;      // or with a bool
    std::vector<Condition> children;
};

// A mapped value: what an enum map or a default yields. Null means "absent".
struct Literal {
    enum class Type : std::uint8_t { null, boolean, number, string };
    Type type = Type::null;
    bool boolean = false;
    double number = 0.0;
    std::string text;
};

// One entry of a `choose` list: the value the field takes when its condition holds first.
struct Choice {
    Condition when;
    Literal value;  // null: the field is absent
};

struct FieldRule {
    FieldInfo info;
    int slot = -1;                  // the pointer's slot, or -1
    std::optional<Condition> when;  // boolean fields computed from a condition
    std::vector<Choice> choose;     // tried in order; none holding gives default_value
    double seconds_per_unit = 1.0;  // durations
    bool from_text = false;         // numbers may come as text ("35"); blank text is absent
    TimeFormat time_format = TimeFormat::rfc3339;
    std::string time_pattern;  // "%m/%d/%Y %I:%M %p": read by it instead of time_format
    TimeZone time_zone;        // the zone a time_pattern's local times are in
    std::unordered_map<std::string, Literal> map;  // source text -> value
    bool has_map = false;
    std::optional<Literal> default_value;  // when missing, (with a map) unmatched, or no
                                           // choice holds
    std::string where;                     // "fields.talk_seconds", for messages
};

// A rule as the per-record loop reads it: what the common case needs, packed, so that the
// loop does not stride through whole FieldRules. One per rule, in the same order.
struct RuleStep {
    int slot = -1;             // the slot to try storing straight from; -1: the general path
    bool skip_absent = false;  // a missing or null value is left out (optional, no default)
    FieldId id = FieldId::id;
    TimeFormat time_format = TimeFormat::rfc3339;
    double seconds_per_unit = 1.0;
};

struct TrieNode {
    std::vector<std::pair<std::string, std::unique_ptr<TrieNode>>> children;
    int slot = -1;
    std::size_t node_id = 0;  // index of this node's guess in a walker's guess table
    cskpi::detail::StringMap<std::size_t> index;  // key -> child position

    // Records of one source list their keys in the same order, so the child after the
    // previous match is tried first (`guess`, kept per walker so threads share nothing
    // mutable); a miss falls back to the hash index.
    const TrieNode* find(std::string_view key, std::size_t& guess) const {
        const std::size_t n = children.size();
        if (n == 0) {
            return nullptr;
        }
        if (n <= kScanLimit) {
            // Scan onwards from the guess: optional members a record leaves out only shift
            // the match a few places, and comparing lengths first makes each miss cheap.
            std::size_t i = guess < n ? guess : 0;
            for (std::size_t step = 0; step < n; ++step) {
                const std::string& candidate = children[i].first;
                if (candidate.size() == key.size() &&
                    same_bytes(candidate.data(), key.data(), key.size())) {
                    guess = i + 1;
                    return children[i].second.get();
                }
                i = i + 1 == n ? 0 : i + 1;
            }
            return nullptr;
        }
        std::size_t i = guess < n ? guess : 0;
        if (children[i].first != key) {
            const auto it = index.find(key);
            if (it == index.end()) {
                return nullptr;
            }
            i = it->second;
        }
        guess = i + 1;
        return children[i].second.get();
    }

    static constexpr std::size_t kScanLimit = 32;

    // Keys are short, so a few word compares (the last one overlapping) beat a call to
    // memcmp, which this would otherwise be for every member of every record.
    static bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
        const auto word8 = [](const char* p) {
            std::uint64_t w;
            std::memcpy(&w, p, sizeof w);
            return w;
        };
        const auto word4 = [](const char* p) {
            std::uint32_t w;
            std::memcpy(&w, p, sizeof w);
            return w;
        };
        if (n >= 8) {
            for (std::size_t i = 0; i + 8 < n; i += 8) {
                if (word8(a + i) != word8(b + i)) {
                    return false;
                }
            }
            return word8(a + n - 8) == word8(b + n - 8);
        }
        if (n >= 4) {
            return word4(a) == word4(b) && word4(a + n - 4) == word4(b + n - 4);
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
};

// One step of an `each` walk: a pointer relative to the current value (an array it lands on
// fans out over its elements), or a condition on the current value that filters.
struct NestedStep {
    std::vector<std::string> tokens;               // the pointer's tokens, when `when` is empty
    std::optional<Condition> when;                 // its slots index `locals`
    std::vector<std::vector<std::string>> locals;  // the condition's pointers, relative
};

// An `each` walk and its reducer, computed once per record into a slot of its own after the
// pointer trie is walked, so that fields and conditions read it like any captured value.
struct NestedSource {
    enum class Reduce : std::uint8_t { first, last, sum, count };
    std::vector<NestedStep> steps;
    Reduce reduce = Reduce::count;
    std::vector<std::string> value_tokens;  // first / last / sum: the value's relative pointer
    int slot = -1;
};

struct Dedupe {
    int key_slot = -1;
    int by_slot = -1;  // keep the copy with the greatest value here; -1: keep the last
    std::optional<TimeFormat> by_format;  // compare as timestamps when set, else as numbers/text
};

struct CompiledMapping {
    std::string name;
    RecordKind kind = RecordKind::interaction;
    TrieNode root;
    std::size_t slot_count = 0;
    std::size_t node_count = 1;
    std::vector<std::string> slot_pointers;  // slot -> pointer text, for messages
    std::vector<FieldRule> rules;
    std::vector<RuleStep> steps;       // rules[i] as steps[i]
    std::vector<NestedSource> nested;  // their slots follow the trie's
    std::optional<Dedupe> dedupe;
    std::optional<std::string> records_at;   // pointer to the record array of a wrapper document
    std::optional<Definitions> definitions;  // whose KPI definitions the source follows
};

}  // namespace cskpi::json::detail
