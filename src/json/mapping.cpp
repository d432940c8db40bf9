#include "cskpi/json/mapping.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compiled_mapping.hpp"

namespace cskpi::json {
namespace detail {

const std::vector<FieldInfo>& fields_of(RecordKind kind) {
    using T = FieldType;
    static const std::vector<FieldInfo> interaction{
        {FieldId::id, "id", T::text, true},
        {FieldId::customer_id, "customer_id", T::text, false},
        {FieldId::case_id, "case_id", T::text, false},
        {FieldId::agent_id, "agent_id", T::text, false},
        {FieldId::queue, "queue", T::text, false},
        {FieldId::team, "team", T::text, false},
        {FieldId::channel, "channel", T::channel, false},
        {FieldId::direction, "direction", T::direction, false},
        {FieldId::started_at, "started_at", T::time, true},
        {FieldId::answered_at, "answered_at", T::time, false},
        {FieldId::ended_at, "ended_at", T::time, false},
        {FieldId::wait_seconds, "wait_seconds", T::duration, false},
        {FieldId::talk_seconds, "talk_seconds", T::duration, false},
        {FieldId::hold_seconds, "hold_seconds", T::duration, false},
        {FieldId::wrap_seconds, "wrap_seconds", T::duration, false},
        {FieldId::handle_seconds, "handle_seconds", T::duration, false},
        {FieldId::abandoned, "abandoned", T::boolean, false},
        {FieldId::callback_requested, "callback_requested", T::boolean, false},
        {FieldId::flowed_out, "flowed_out", T::boolean, false},
        {FieldId::handled, "handled", T::boolean, false},
        {FieldId::transfer, "transfer", T::transfer, false},
        {FieldId::origin, "origin", T::origin, false},
        {FieldId::resolved, "resolved", T::boolean, false},
        {FieldId::first_contact_resolution, "first_contact_resolution", T::boolean, false},
        {FieldId::first_response_seconds, "first_response_seconds", T::duration, false},
        {FieldId::resolution_seconds, "resolution_seconds", T::duration, false},
        {FieldId::csat, "csat", T::integer, false},
        {FieldId::nps, "nps", T::integer, false},
        {FieldId::ces, "ces", T::integer, false},
        {FieldId::revenue, "revenue", T::number, false},
    };
    static const std::vector<FieldInfo> purchase{
        {FieldId::customer_id, "customer_id", T::text, true},
        {FieldId::at, "at", T::time, true},
        {FieldId::amount, "amount", T::number, false},
    };
    return kind == RecordKind::interaction ? interaction : purchase;
}

}  // namespace detail

namespace {

using detail::CompiledMapping;
using detail::Condition;
using detail::FieldRule;
using detail::FieldType;
using detail::Literal;
using detail::TrieNode;
using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& problem) {
    throw MappingError(fmt::format("{}: {}", where, problem));
}

// A value as a message quotes it. Containers are not dumped: dump() recurses as deep as they
// nest, which a hostile mapping makes deep enough to overflow the stack.
std::string shown(const json& v) {
    if (v.is_array()) {
        return "[...]";
    }
    if (v.is_object()) {
        return "{...}";
    }
    return v.dump();
}

// Splits an RFC 6901 JSON Pointer into unescaped tokens; "" (the whole record) is refused.
std::vector<std::string> pointer_tokens(const std::string& pointer, const std::string& where) {
    if (pointer.empty() || pointer[0] != '/') {
        fail(where, fmt::format("\"{}\" is not a JSON Pointer (it must start with '/')", pointer));
    }
    std::vector<std::string> tokens;
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            // Refused before the trie is built: readers walk it recursively, a level a segment.
            if (tokens.size() == MappingLimits::pointer_segments) {
                fail(where, fmt::format("the JSON Pointer has more than {} segments, more than "
                                        "a record can nest",
                                        MappingLimits::pointer_segments));
            }
            tokens.push_back(token);
            token.clear();
        } else if (pointer[i] == '~') {
            if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
                fail(where, fmt::format("\"{}\" has '~' not followed by 0 or 1", pointer));
            }
            token += pointer[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            token += pointer[i];
        }
    }
    return tokens;
}

// A duration field's "unit", as seconds per unit.
double seconds_per_unit(const json& u, const std::string& where) {
    const std::string unit = u.is_string() ? u.get<std::string>() : shown(u);
    if (unit == "ms") {
        return 0.001;
    }
    if (unit == "s") {
        return 1.0;
    }
    if (unit == "min") {
        return 60.0;
    }
    if (unit == "h") {
        return 3600.0;
    }
    fail(where, fmt::format("unknown unit \"{}\" (ms, s, min, h)", unit));
}

// "from_text": true lets a numeric field read numbers written as JSON strings ("35").
bool from_text(const detail::FieldInfo& info, const json& flag, const std::string& where) {
    if (!flag.is_boolean()) {
        fail(where, fmt::format("must be true or false, not {}", shown(flag)));
    }
    if (info.type != FieldType::duration && info.type != FieldType::integer &&
        info.type != FieldType::number) {
        fail(where,
             fmt::format("{} is not a number field (a duration, score or amount)", info.name));
    }
    return flag.get<bool>();
}

// A timestamp "format": the one list of them, for fields and for de-duplication (which
// compares instants, so a plain date is not offered there).
TimeFormat time_format(const json& f, const std::string& where, bool with_date) {
    const std::string format = f.is_string() ? f.get<std::string>() : shown(f);
    if (format == "rfc3339") {
        return TimeFormat::rfc3339;
    }
    if (format == "epoch_s") {
        return TimeFormat::epoch_s;
    }
    if (format == "epoch_ms") {
        return TimeFormat::epoch_ms;
    }
    if (format == "date" && with_date) {
        return TimeFormat::date;
    }
    fail(where, fmt::format("unknown format \"{}\" ({})", format,
                            with_date ? "rfc3339, epoch_s, epoch_ms, date, or a pattern such as "
                                        "\"%Y-%m-%d %H:%M:%S\""
                                      : "rfc3339, epoch_s, epoch_ms"));
}

class Compiler {
  public:
    explicit Compiler(CompiledMapping& m) : m_(m) {}

    int slot_for(const json& pointer_value, const std::string& where) {
        if (!pointer_value.is_string()) {
            fail(where, "a JSON Pointer must be a string");
        }
        const auto pointer = pointer_value.get<std::string>();
        if (locals_ != nullptr) {
            return local_slot(pointer_tokens(pointer, where));
        }
        if (auto it = slots_.find(pointer); it != slots_.end()) {
            return it->second;
        }
        TrieNode* node = &m_.root;
        for (const auto& token : pointer_tokens(pointer, where)) {
            auto it = node->index.find(token);
            if (it == node->index.end()) {
                // Each reader holds a table per node, so their number bounds its memory.
                if (m_.node_count > MappingLimits::pointer_prefixes) {
                    fail(where, fmt::format("the mapping's JSON Pointers have more than {} "
                                            "distinct prefixes in all",
                                            MappingLimits::pointer_prefixes));
                }
                auto child = std::make_unique<TrieNode>();
                child->node_id = m_.node_count++;
                node->index.emplace(token, node->children.size());
                node->children.emplace_back(token, std::move(child));
                node = node->children.back().second.get();
            } else {
                node = node->children[it->second].second.get();
            }
        }
        if (node->slot < 0) {
            node->slot = static_cast<int>(m_.slot_count++);
            m_.slot_pointers.push_back(pointer);
        }
        slots_.emplace(pointer, node->slot);
        return node->slot;
    }

    // `root` is the `when` the condition is in; `depth` its level there, 1 at the top.
    // Checked on the way down, so the recursion here, in evaluation and in destruction stays
    // within condition_depth levels however deep the document nests.
    Condition condition(const json& c, const std::string& where, const std::string& root,
                        std::size_t depth) {
        if (depth > MappingLimits::condition_depth) {
            fail(root, fmt::format("conditions nest more than {} levels deep",
                                   MappingLimits::condition_depth));
        }
        if (++conditions_ > MappingLimits::conditions) {
            fail(where,
                 fmt::format("more than {} conditions in the mapping", MappingLimits::conditions));
        }
        if (!c.is_object() || c.empty()) {
            fail(where, "a condition is an object such as {\"present\": \"/Queue\"}");
        }
        Condition out;
        if (c.contains("exists")) {
            return exists(c, where);
        }
        if (c.contains("all") || c.contains("any")) {
            const bool all = c.contains("all");
            const json& list = c.at(all ? "all" : "any");
            if (!list.is_array() || list.empty() || c.size() != 1) {
                fail(where, "\"all\" / \"any\" take a non-empty array of conditions, alone");
            }
            out.kind = all ? Condition::Kind::all : Condition::Kind::any;
            for (std::size_t i = 0; i < list.size(); ++i) {
                out.children.push_back(
                    condition(list[i], fmt::format("{}.{}[{}]", where, all ? "all" : "any", i),
                              root, depth + 1));
            }
            return out;
        }
        if (c.contains("present") || c.contains("absent")) {
            const bool present = c.contains("present");
            if (c.size() != 1) {
                fail(where, "\"present\" / \"absent\" stand alone in their condition");
            }
            out.kind = present ? Condition::Kind::present : Condition::Kind::absent;
            out.slot = slot_for(c.at(present ? "present" : "absent"),
                                where + (present ? ".present" : ".absent"));
            return out;
        }
        if (!c.contains("pointer")) {
            fail(where,
                 "unknown condition (use present, absent, exists, all, any, or pointer with "
                 "eq, ne, lt, le, gt, ge)");
        }
        out.kind = Condition::Kind::compare;
        out.slot = slot_for(c.at("pointer"), where + ".pointer");
        static const std::vector<std::pair<std::string, Condition::Op>> ops{
            {"eq", Condition::Op::eq}, {"ne", Condition::Op::ne}, {"lt", Condition::Op::lt},
            {"le", Condition::Op::le}, {"gt", Condition::Op::gt}, {"ge", Condition::Op::ge}};
        int found = 0;
        for (const auto& [name, op] : ops) {
            if (!c.contains(name)) {
                continue;
            }
            ++found;
            out.op = op;
            const json& v = c.at(name);
            if (v.is_number()) {
                out.number = v.get<double>();
            } else if (v.is_string() && (op == Condition::Op::eq || op == Condition::Op::ne)) {
                out.text = v.get<std::string>();
            } else if (v.is_boolean() && (op == Condition::Op::eq || op == Condition::Op::ne)) {
                out.boolean = v.get<bool>();
            } else {
                fail(where + "." + name,
                     "compares with a number (or, for eq / ne, a string or bool)");
            }
        }
        if (found != 1 || c.size() != 2) {
            fail(where, "a comparison has \"pointer\" and exactly one of eq, ne, lt, le, gt, ge");
        }
        return out;
    }

    static Literal literal(const json& v, const FieldRule& rule, const std::string& where) {
        Literal out;
        if (v.is_null()) {
            return out;
        }
        const auto type = rule.info.type;
        if (v.is_boolean() && type == FieldType::boolean) {
            out.type = Literal::Type::boolean;
            out.boolean = v.get<bool>();
        } else if (v.is_number() && (type == FieldType::integer || type == FieldType::number ||
                                     type == FieldType::duration)) {
            out.type = Literal::Type::number;
            out.number = v.get<double>();
            if (type == FieldType::integer &&
                out.number != static_cast<double>(static_cast<long long>(out.number))) {
                fail(where, fmt::format("{} takes whole numbers", rule.info.name));
            }
        } else if (v.is_string() && (type == FieldType::text || type == FieldType::channel ||
                                     type == FieldType::direction || type == FieldType::transfer ||
                                     type == FieldType::origin || type == FieldType::time)) {
            out.type = Literal::Type::string;
            out.text = v.get<std::string>();
            if (type == FieldType::channel && !parse_channel(out.text)) {
                fail(where, fmt::format("\"{}\" is not a channel (phone, email, chat, social, sms, "
                                        "self_service, other)",
                                        out.text));
            }
            if (type == FieldType::direction && !parse_direction(out.text)) {
                fail(where, fmt::format("\"{}\" is not a direction (inbound, outbound)", out.text));
            }
            if (type == FieldType::transfer && !parse_transfer(out.text)) {
                fail(where, fmt::format("\"{}\" is not a transfer (none, queue, agent, external)",
                                        out.text));
            }
            if (type == FieldType::origin && !parse_origin(out.text)) {
                fail(where,
                     fmt::format("\"{}\" is not an origin (direct, transfer, callback)", out.text));
            }
            if (type == FieldType::time && !parse_rfc3339(out.text)) {
                fail(where, fmt::format("\"{}\" is not an RFC 3339 timestamp", out.text));
            }
        } else {
            fail(where, fmt::format("{} is not a valid value for {}", shown(v), rule.info.name));
        }
        return out;
    }

    FieldRule rule(const detail::FieldInfo& info, const json& spec) {
        FieldRule r;
        r.info = info;
        r.where = fmt::format("fields.{}", info.name);
        if (spec.is_string()) {
            r.slot = slot_for(spec, r.where);
            return r;
        }
        if (!spec.is_object()) {
            fail(r.where, "must be a JSON Pointer string or an object");
        }
        static const std::vector<std::string> known{
            "pointer", "unit",  "format", "map", "default", "when",      "value", "choose",
            "each",    "first", "last",   "sum", "count",   "from_text", "zone"};
        for (const auto& [key, value] : spec.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                fail(r.where, fmt::format("unknown member \"{}\" (pointer, unit, format, map, "
                                          "default, when, value, choose, from_text, zone, each "
                                          "with first, last, sum or count)",
                                          key));
            }
        }
        source(r, spec);
        if (spec.contains("from_text")) {
            r.from_text = from_text(info, spec.at("from_text"), r.where + ".from_text");
        }
        if (spec.contains("unit")) {
            if (info.type != FieldType::duration) {
                fail(r.where + ".unit", fmt::format("{} is not a duration", info.name));
            }
            r.seconds_per_unit = seconds_per_unit(spec.at("unit"), r.where + ".unit");
        }
        if (spec.contains("format")) {
            if (info.type != FieldType::time) {
                fail(r.where + ".format", fmt::format("{} is not a timestamp", info.name));
            }
            time_layout(r, spec);
        } else if (spec.contains("zone")) {
            fail(r.where + ".zone", "applies to a \"format\" pattern with % directives");
        }
        if (spec.contains("map")) {
            const json& map = spec.at("map");
            if (!map.is_object() || map.empty()) {
                fail(r.where + ".map", "must be a non-empty object from source values to values");
            }
            if (spec.contains("choose")) {
                fail(r.where, "\"map\" and \"choose\" exclude each other");
            }
            r.has_map = true;
            for (const auto& [from, to] : map.items()) {
                r.map.emplace(from, literal(to, r, fmt::format("{}.map.{}", r.where, from)));
            }
        }
        if (spec.contains("default")) {
            if (spec.contains("value")) {
                fail(r.where, "\"default\" and \"value\" exclude each other");
            }
            r.default_value = literal(spec.at("default"), r, r.where + ".default");
        }
        return r;
    }

    // A timestamp's "format": a named one, or a pattern with % directives read in "zone".
    static void time_layout(FieldRule& r, const json& spec) {
        const json& format = spec.at("format");
        if (!format.is_string() || format.get<std::string>().find('%') == std::string::npos) {
            if (spec.contains("zone")) {
                fail(r.where + ".zone", "applies to a \"format\" pattern with % directives");
            }
            r.time_format = time_format(format, r.where + ".format", true);
            return;
        }
        r.time_pattern = format.get<std::string>();
        if (const std::string problem = time_pattern_problem(r.time_pattern); !problem.empty()) {
            fail(r.where + ".format", problem);
        }
        if (spec.contains("zone")) {
            const json& zone = spec.at("zone");
            if (!zone.is_string()) {
                fail(r.where + ".zone", "must be a time zone name such as \"America/New_York\"");
            }
            try {
                r.time_zone = TimeZone(zone.get<std::string>());
            } catch (const InvalidArgument&) {
                fail(r.where + ".zone",
                     fmt::format("\"{}\" is not a time zone of the tz database (such as "
                                 "\"America/New_York\" or \"UTC\")",
                                 zone.get<std::string>()));
            }
        }
    }

    // The field's one source: a pointer, a condition, a constant or a list of choices.
    void source(FieldRule& r, const json& spec) {
        if (!spec.contains("each") && reducer_member(spec) != nullptr) {
            fail(r.where, fmt::format("\"{}\" reduces an \"each\" walk, which is missing",
                                      reducer_member(spec)));
        }
        const int sources = (spec.contains("pointer") ? 1 : 0) + (spec.contains("when") ? 1 : 0) +
                            (spec.contains("value") ? 1 : 0) + (spec.contains("choose") ? 1 : 0) +
                            (spec.contains("each") ? 1 : 0);
        if (sources != 1) {
            fail(r.where,
                 "needs exactly one of \"pointer\", \"when\", \"value\", \"choose\" "
                 "or \"each\"");
        }
        if (spec.contains("each")) {
            r.slot = nested(spec, r.where, false);
        }
        if (spec.contains("pointer")) {
            r.slot = slot_for(spec.at("pointer"), r.where + ".pointer");
        }
        if (spec.contains("when")) {
            if (r.info.type != FieldType::boolean) {
                fail(r.where + ".when",
                     fmt::format("only true/false fields take a condition, not {}", r.info.name));
            }
            const std::string where = r.where + ".when";
            r.when = condition(spec.at("when"), where, where, 1);
        }
        if (spec.contains("value")) {
            r.default_value = literal(spec.at("value"), r, r.where + ".value");
        }
        if (spec.contains("choose")) {
            choices(r, spec.at("choose"));
        }
    }

    // "choose": [{"when": condition, "value": value}, ...], checked like `when` and `value`.
    void choices(FieldRule& r, const json& list) {
        const std::string where = r.where + ".choose";
        if (!list.is_array() || list.empty()) {
            fail(where, "must be a non-empty array of {\"when\": condition, \"value\": value}");
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string at = fmt::format("{}[{}]", where, i);
            const json& entry = list[i];
            if (!entry.is_object()) {
                fail(at, "must be an object {\"when\": condition, \"value\": value}");
            }
            for (const auto& [key, value] : entry.items()) {
                if (key != "when" && key != "value") {
                    fail(at, fmt::format("unknown member \"{}\" (when, value)", key));
                }
            }
            for (const char* member : {"when", "value"}) {
                if (!entry.contains(member)) {
                    fail(at, fmt::format("missing \"{}\"", member));
                }
            }
            detail::Choice choice;
            choice.when = condition(entry.at("when"), at + ".when", at + ".when", 1);
            choice.value = literal(entry.at("value"), r, at + ".value");
            r.choose.push_back(std::move(choice));
        }
    }

  private:
    // {"exists": {"each": [...]}}: the walk finds at least one element.
    Condition exists(const json& c, const std::string& where) {
        const json& walk = c.at("exists");
        if (c.size() != 1 || !walk.is_object() || walk.size() != 1 || !walk.contains("each")) {
            fail(where, "\"exists\" stands alone and takes {\"each\": [steps]}");
        }
        Condition out;
        out.kind = Condition::Kind::compare;
        out.op = Condition::Op::gt;
        out.number = 0.0;
        out.slot = nested(walk, where + ".exists", true);
        return out;
    }

    static const char* reducer_member(const json& spec) {
        for (const char* name : {"first", "last", "sum", "count"}) {
            if (spec.contains(name)) {
                return name;
            }
        }
        return nullptr;
    }

    // An "each" walk and its reducer (`count` for an `exists`), in a slot of its own.
    int nested(const json& spec, const std::string& where, bool exists) {
        if (locals_ != nullptr) {
            fail(where, "an \"each\" step's condition cannot hold another \"each\"");
        }
        if (m_.nested.size() >= MappingLimits::each_walks) {
            fail(where, fmt::format("more than {} \"each\" walks in the mapping",
                                    MappingLimits::each_walks));
        }
        const json& steps = spec.at("each");
        if (!steps.is_array() || steps.empty()) {
            fail(where + ".each", "must be a non-empty array of JSON Pointers and conditions");
        }
        if (steps.size() > MappingLimits::each_steps) {
            fail(where + ".each",
                 fmt::format("more than {} steps in one walk", MappingLimits::each_steps));
        }
        detail::NestedSource source;
        std::string described;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::string at = fmt::format("{}.each[{}]", where, i);
            source.steps.push_back(nested_step(steps[i], at));
            described +=
                fmt::format("{} ", steps[i].is_string() ? steps[i].get<std::string>() : "{...}");
        }
        described += exists ? "exists" : reducer(source, spec, where);
        source.slot = static_cast<int>(m_.slot_count++);
        m_.slot_pointers.push_back(fmt::format("each {}", described));
        m_.nested.push_back(std::move(source));
        return m_.nested.back().slot;
    }

    detail::NestedStep nested_step(const json& step, const std::string& where) {
        detail::NestedStep out;
        if (step.is_string()) {
            out.tokens = pointer_tokens(step.get<std::string>(), where);
        } else if (step.is_object()) {
            locals_ = &out.locals;
            out.when = condition(step, where, where, 1);
            locals_ = nullptr;
        } else {
            fail(where, "a step is a JSON Pointer string or a condition object");
        }
        return out;
    }

    // The one reducer of a field's walk; returns it as the field's coverage names it.
    static std::string reducer(detail::NestedSource& source, const json& spec,
                               const std::string& where) {
        using Reduce = detail::NestedSource::Reduce;
        static const std::vector<std::pair<std::string, Reduce>> reducers{{"first", Reduce::first},
                                                                          {"last", Reduce::last},
                                                                          {"sum", Reduce::sum},
                                                                          {"count", Reduce::count}};
        int found = 0;
        std::string described;
        for (const auto& [name, reduce] : reducers) {
            if (!spec.contains(name)) {
                continue;
            }
            ++found;
            source.reduce = reduce;
            const json& v = spec.at(name);
            described = name;
            if (reduce == Reduce::count) {
                if (v != json(true)) {
                    fail(where + ".count", "takes true");
                }
            } else if (!v.is_string()) {
                fail(fmt::format("{}.{}", where, name),
                     "a JSON Pointer relative to the element must be a string");
            } else if (!v.get<std::string>().empty()) {
                source.value_tokens =
                    pointer_tokens(v.get<std::string>(), fmt::format("{}.{}", where, name));
                described = fmt::format("{} {}", name, v.get<std::string>());
            }
        }
        if (found != 1) {
            fail(where,
                 "an \"each\" takes exactly one of \"first\", \"last\", \"sum\" or "
                 "\"count\"");
        }
        return described;
    }

    // A pointer of an each step's condition, relative to the element it tests.
    int local_slot(std::vector<std::string> tokens) {
        const auto it = std::find(locals_->begin(), locals_->end(), tokens);
        if (it != locals_->end()) {
            return static_cast<int>(it - locals_->begin());
        }
        locals_->push_back(std::move(tokens));
        return static_cast<int>(locals_->size() - 1);
    }

    CompiledMapping& m_;
    std::unordered_map<std::string, int> slots_;
    std::size_t conditions_ = 0;
    std::vector<std::vector<std::string>>* locals_ = nullptr;  // set inside an each step
};

// Every member of "fields" names a canonical field of the record kind.
void check_field_names(const json& fields, RecordKind kind) {
    const auto& infos = detail::fields_of(kind);
    for (const auto& item : fields.items()) {
        const std::string& name = item.key();
        if (std::none_of(infos.begin(), infos.end(),
                         [&](const auto& f) { return f.name == name; })) {
            std::string names;
            for (const auto& f : infos) {
                names += (names.empty() ? "" : ", ") + std::string(f.name);
            }
            fail("fields." + name,
                 fmt::format("unknown canonical field (a {} has: {})",
                             kind == RecordKind::interaction ? "interaction" : "purchase", names));
        }
    }
}

// A rule as the per-record loop reads it.
detail::RuleStep step_of(const FieldRule& rule) {
    detail::RuleStep step;
    // Patterns and numbers as text are read on the general path only.
    if (!rule.when && !rule.has_map && rule.time_pattern.empty() && !rule.from_text) {
        step.slot = rule.slot;
    }
    step.skip_absent = !rule.default_value && !rule.info.required;
    step.id = rule.info.id;
    step.time_format = rule.time_format;
    step.seconds_per_unit = rule.seconds_per_unit;
    return step;
}

// The canonical mapping's document: every field of the kind at "/" + its name.
json canonical_document(RecordKind kind) {
    json fields = json::object();
    for (const auto& f : detail::fields_of(kind)) {
        std::string pointer(1, '/');
        pointer.append(f.name);  // not "/" + name: GCC 12 warns falsely (-Wrestrict) on that
        fields[std::string(f.name)] = pointer;
    }
    return json{{"name", kind == RecordKind::interaction ? "canonical" : "canonical-purchase"},
                {"record", kind == RecordKind::interaction ? "interaction" : "purchase"},
                {"fields", fields}};
}

std::string preset_file_name(std::string_view name) {
    return std::string(name) + ".json";
}

}  // namespace

Mapping::Mapping(std::shared_ptr<const detail::CompiledMapping> compiled)
    : compiled_(std::move(compiled)) {}

Mapping Mapping::parse(const nlohmann::json& doc) {
    try {
        return parse_checked(doc);
    } catch (const nlohmann::json::exception& e) {
        // A member of an unexpected JSON type that no check above caught: still a mapping
        // mistake, never an escaping library exception.
        throw MappingError(fmt::format("mapping: {}", e.what()));
    }
}

Mapping Mapping::parse_checked(const nlohmann::json& doc) {
    auto m = std::make_shared<CompiledMapping>();
    if (!doc.is_object()) {
        fail("mapping", "must be a JSON object with a \"fields\" member");
    }
    static const std::vector<std::string> known{"name",        "description",  "record",
                                                "fields",      "dedupe",       "records_at",
                                                "definitions", "cskpi_mapping"};
    for (const auto& [key, value] : doc.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            fail("mapping", fmt::format("unknown member \"{}\" (name, description, record, fields, "
                                        "dedupe, records_at, definitions)",
                                        key));
        }
    }
    if (doc.contains("definitions")) {
        const json& d = doc.at("definitions");
        if (!d.is_string() || !parse_definitions(d.get<std::string>())) {
            fail("definitions", fmt::format("{} is not a definitions profile (standard, "
                                            "amazon-connect, genesys, zendesk)",
                                            shown(d)));
        }
        m->definitions = *parse_definitions(d.get<std::string>());
    }
    if (doc.contains("name") && !doc.at("name").is_string()) {
        fail("name", "must be a string");
    }
    m->name = doc.value("name", std::string("mapping"));
    if (doc.contains("record")) {
        const json& kind = doc.at("record");
        if (kind == "interaction") {
            m->kind = RecordKind::interaction;
        } else if (kind == "purchase") {
            m->kind = RecordKind::purchase;
        } else {
            fail("record", fmt::format("{} is not \"interaction\" or \"purchase\"", shown(kind)));
        }
    }
    if (!doc.contains("fields") || !doc.at("fields").is_object()) {
        fail("fields", "missing: an object from canonical field names to their sources");
    }
    Compiler compiler(*m);
    const json& fields = doc.at("fields");
    check_field_names(fields, m->kind);
    for (const auto& info : detail::fields_of(m->kind)) {
        if (!fields.contains(info.name)) {
            if (info.required) {
                fail("fields." + std::string(info.name), "required but not mapped");
            }
            continue;
        }
        m->rules.push_back(compiler.rule(info, fields.at(std::string(info.name))));
        m->steps.push_back(step_of(m->rules.back()));
    }
    if (doc.contains("dedupe")) {
        const json& d = doc.at("dedupe");
        if (!d.is_object() || !d.contains("key")) {
            fail("dedupe",
                 "must be an object with \"key\" (and optionally \"keep_greatest\", \"format\")");
        }
        detail::Dedupe dedupe;
        dedupe.key_slot = compiler.slot_for(d.at("key"), "dedupe.key");
        if (d.contains("keep_greatest")) {
            dedupe.by_slot = compiler.slot_for(d.at("keep_greatest"), "dedupe.keep_greatest");
        }
        if (d.contains("format")) {
            dedupe.by_format = time_format(d.at("format"), "dedupe.format", false);
        }
        m->dedupe = dedupe;
    }
    if (doc.contains("records_at")) {
        const json& p = doc.at("records_at");
        if (!p.is_string()) {
            fail("records_at", "must be a JSON Pointer string");
        }
        pointer_tokens(p.get<std::string>(), "records_at");
        m->records_at = p.get<std::string>();
    }
    return Mapping(std::move(m));
}

Mapping Mapping::load_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw MappingError(fmt::format("{}: cannot open the mapping file", path.string()));
    }
    try {
        return load(in, path.stem().string());
    } catch (const MappingError& e) {
        throw MappingError(fmt::format("{}: {}", path.string(), e.what()));
    }
}

Mapping Mapping::load(std::istream& in, const std::string& name) {
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::parse_error& e) {
        throw MappingError(fmt::format("not valid JSON: {}", e.what()));
    }
    if (doc.is_object() && !doc.contains("name")) {
        doc["name"] = name;
    }
    return parse(doc);
}

std::vector<std::string> Mapping::preset_names() {
    return {"amazon-connect", "canonical", "canonical-purchase",
            "genesys-cloud",  "zendesk",   "zendesk-satisfaction"};
}

Mapping Mapping::preset(std::string_view name) {
    const auto names = preset_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        throw MappingError(
            fmt::format("unknown preset \"{}\" (amazon-connect, canonical, "
                        "canonical-purchase, genesys-cloud, zendesk, zendesk-satisfaction)",
                        name));
    }
    std::vector<std::filesystem::path> dirs;
    if (const char* env = std::getenv("CSKPI_PRESET_DIR")) {
        dirs.emplace_back(env);
    }
    dirs.emplace_back(CSKPI_INSTALLED_PRESET_DIR);
    dirs.emplace_back(CSKPI_SOURCE_PRESET_DIR);
    for (const auto& dir : dirs) {
        const auto path = dir / preset_file_name(name);
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
            return load_file(path);
        }
    }
    if (name == "canonical") {
        return canonical(RecordKind::interaction);
    }
    if (name == "canonical-purchase") {
        return canonical(RecordKind::purchase);
    }
    throw MappingError(fmt::format("preset \"{}\" not found (looked in $CSKPI_PRESET_DIR, {}, {})",
                                   name, CSKPI_INSTALLED_PRESET_DIR, CSKPI_SOURCE_PRESET_DIR));
}

Mapping Mapping::canonical(RecordKind kind) {
    return parse(canonical_document(kind));
}

Mapping Mapping::canonical_deduplicated() {
    json doc = canonical_document(RecordKind::interaction);
    doc["dedupe"] = json{{"key", "/id"}};
    return parse(doc);
}

RecordKind Mapping::kind() const noexcept {
    return compiled_->kind;
}

std::optional<Definitions> Mapping::definitions() const noexcept {
    return compiled_->definitions;
}

bool Mapping::reads_column(std::string_view name) const {
    std::size_t guess = 0;
    const detail::TrieNode* node = compiled_->root.find(name, guess);
    return node != nullptr && node->slot >= 0;
}

bool Mapping::deduplicates() const noexcept {
    return compiled_->dedupe.has_value();
}

std::string Mapping::records_at() const {
    return compiled_->records_at.value_or(std::string());
}

const std::string& Mapping::name() const noexcept {
    return compiled_->name;
}

}  // namespace cskpi::json
