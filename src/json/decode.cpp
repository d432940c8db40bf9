#include "decode.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "cskpi/record_validation.hpp"
#include "csv.hpp"

namespace cskpi::json::detail {
namespace {

using Type = Captured::Type;

const char* type_name(Type t) noexcept {
    switch (t) {
        case Type::missing:
            return "missing";
        case Type::null:
            return "null";
        case Type::boolean:
            return "a boolean";
        case Type::number:
            return "a number";
        case Type::string:
            return "a string";
        case Type::object:
            return "an object";
        case Type::array:
            break;
    }
    return "an array";
}

// Everything one field can become, before it is stored in the record.
struct Value {
    enum class Kind : std::uint8_t { absent, text, time, number, boolean } kind = Kind::absent;
    std::string text;
    Timestamp time{};
    double number = 0.0;
    bool boolean = false;
};

struct Failure {
    DecodeError error;
};

[[noreturn]] void reject(const FieldRule& r, const char* code, std::string message) {
    throw Failure{DecodeError{std::string(r.info.name), code, std::move(message)}};
}

}  // namespace

bool evaluate(const Condition& c, const std::vector<Captured>& slots) {
    switch (c.kind) {
        case Condition::Kind::present: {
            const auto t = slots[static_cast<std::size_t>(c.slot)].type;
            return t != Type::missing && t != Type::null;
        }
        case Condition::Kind::absent: {
            const auto t = slots[static_cast<std::size_t>(c.slot)].type;
            return t == Type::missing || t == Type::null;
        }
        case Condition::Kind::all:
            for (const auto& child : c.children) {
                if (!evaluate(child, slots)) {
                    return false;
                }
            }
            return true;
        case Condition::Kind::any:
            for (const auto& child : c.children) {
                if (evaluate(child, slots)) {
                    return true;
                }
            }
            return false;
        case Condition::Kind::compare:
            break;
    }
    const Captured& v = slots[static_cast<std::size_t>(c.slot)];
    const bool equal_test = c.op == Condition::Op::eq || c.op == Condition::Op::ne;
    if (c.text) {
        const bool eq = v.type == Type::string && v.text == *c.text;
        return c.op == Condition::Op::eq ? eq : !eq;
    }
    if (c.boolean) {
        const bool eq = v.type == Type::boolean && v.boolean == *c.boolean;
        return c.op == Condition::Op::eq ? eq : !eq;
    }
    if (v.type != Type::number) {
        return equal_test && c.op == Condition::Op::ne;
    }
    switch (c.op) {
        case Condition::Op::eq:
            return v.number == c.number;
        case Condition::Op::ne:
            return v.number != c.number;
        case Condition::Op::lt:
            return v.number < c.number;
        case Condition::Op::le:
            return v.number <= c.number;
        case Condition::Op::gt:
            return v.number > c.number;
        case Condition::Op::ge:
            break;
    }
    return v.number >= c.number;
}

namespace {

// The text an enum map looks a captured value up by.
std::string map_key(const FieldRule& r, const Captured& c) {
    switch (c.type) {
        case Type::string:
            return std::string(c.text);
        case Type::boolean:
            return c.boolean ? "true" : "false";
        case Type::number:
            return c.integral ? fmt::format("{}", c.integer) : fmt::format("{}", c.number);
        default:
            reject(r, "wrong_type",
                   fmt::format("{}: expected a value to look up in its map, got {}", r.info.name,
                               type_name(c.type)));
    }
}

// A number written as text, for a field mapped with "from_text": blank text is absent (as
// an empty CSV cell is), anything but a number is the record's fault.
Captured number_from_text(const FieldRule& r, const Captured& text) {
    Captured c;
    if (text.text.find_first_not_of(" \t") == std::string_view::npos) {
        c.type = Type::null;
    } else if (!parse_number(text.text, c)) {
        reject(r, "wrong_type",
               fmt::format("{}: \"{}\" is not a number", r.info.name, text.text.substr(0, 64)));
    }
    return c;
}

// A value the mapping gives: null is absent, which a required field may not be (a null
// default on started_at would otherwise give the epoch).
Value from_literal(const FieldRule& r, const Literal& l) {
    Value v;
    switch (l.type) {
        case Literal::Type::null:
            if (r.info.required) {
                reject(r, "missing_field", fmt::format("{} is required", r.info.name));
            }
            return v;
        case Literal::Type::boolean:
            v.kind = Value::Kind::boolean;
            v.boolean = l.boolean;
            return v;
        case Literal::Type::number:
            v.kind = Value::Kind::number;
            v.number = l.number * (r.info.type == FieldType::duration ? r.seconds_per_unit : 1.0);
            return v;
        case Literal::Type::string:
            break;
    }
    if (r.info.type == FieldType::time) {
        v.kind = Value::Kind::time;
        v.time = *parse_rfc3339(l.text);  // checked when the mapping was loaded
        return v;
    }
    v.kind = Value::Kind::text;
    v.text = l.text;
    return v;
}

// A timestamp written as the field's pattern says, in its zone.
Value convert_patterned_time(const FieldRule& r, const Captured& c) {
    if (c.type != Type::string) {
        reject(
            r, "wrong_type",
            fmt::format("{}: expected a timestamp string, got {}", r.info.name, type_name(c.type)));
    }
    const auto t = parse_with_pattern(c.text, r.time_pattern, r.time_zone);
    if (!t) {
        reject(r, "bad_timestamp",
               fmt::format("{}: \"{}\" does not match the format \"{}\"", r.info.name,
                           c.text.substr(0, 64), r.time_pattern));
    }
    if (!within_years_1_to_9999(*t)) {
        reject(r, "bad_timestamp",
               fmt::format("{}: \"{}\" is outside years 1 to 9999 in UTC", r.info.name,
                           c.text.substr(0, 64)));
    }
    Value v;
    v.kind = Value::Kind::time;
    v.time = *t;
    return v;
}

// A timestamp field's value, in the field's format.
Value convert_time(const FieldRule& r, const Captured& c) {
    if (!r.time_pattern.empty()) {
        return convert_patterned_time(r, c);
    }
    Value v;
    if (r.time_format == TimeFormat::epoch_s || r.time_format == TimeFormat::epoch_ms) {
        if (c.type != Type::number) {
            reject(r, "wrong_type",
                   fmt::format("{}: expected epoch {} as a number, got {}", r.info.name,
                               r.time_format == TimeFormat::epoch_s ? "seconds" : "milliseconds",
                               type_name(c.type)));
        }
        if (auto t = from_epoch(c.number, r.time_format)) {
            v.kind = Value::Kind::time;
            v.time = *t;
            return v;
        }
        reject(r, "bad_timestamp",
               fmt::format("{}: {} is outside years 1 to 9999", r.info.name, c.number));
    }
    if (c.type != Type::string) {
        reject(
            r, "wrong_type",
            fmt::format("{}: expected a timestamp string, got {}", r.info.name, type_name(c.type)));
    }
    if (auto t = r.time_format == TimeFormat::date ? parse_date(c.text) : parse_rfc3339(c.text)) {
        if (!within_years_1_to_9999(*t)) {
            // Only an offset on 0001-01-01 or 9999-12-31 gets here; periods and
            // outputs assume four-digit years in UTC.
            reject(r, "bad_timestamp",
                   fmt::format("{}: \"{}\" is outside years 1 to 9999 in UTC", r.info.name,
                               c.text.substr(0, 64)));
        }
        v.kind = Value::Kind::time;
        v.time = *t;
        return v;
    }
    reject(r, "bad_timestamp",
           fmt::format("{}: \"{}\" is not {}", r.info.name, c.text.substr(0, 64),
                       r.time_format == TimeFormat::date ? "a date (YYYY-MM-DD)"
                                                         : "an RFC 3339 timestamp"));
}

Value convert(const FieldRule& r, const Captured& c) {
    Value v;
    switch (r.info.type) {
        case FieldType::text:
        case FieldType::channel:
        case FieldType::direction:
        case FieldType::transfer:
        case FieldType::origin:
            if (c.type == Type::string) {
                v.kind = Value::Kind::text;
                v.text = std::string(c.text);
                return v;
            }
            if (c.type == Type::number && c.integral && r.info.type == FieldType::text) {
                v.kind = Value::Kind::text;
                v.text = fmt::format("{}", c.integer);
                return v;
            }
            reject(r, "wrong_type",
                   fmt::format("{}: expected a string, got {}", r.info.name, type_name(c.type)));
        case FieldType::time:
            return convert_time(r, c);
        case FieldType::duration:
        case FieldType::integer:
        case FieldType::number:
            if (c.type != Type::number) {
                reject(
                    r, "wrong_type",
                    fmt::format("{}: expected a number, got {}", r.info.name, type_name(c.type)));
            }
            v.kind = Value::Kind::number;
            v.number = c.number * (r.info.type == FieldType::duration ? r.seconds_per_unit : 1.0);
            return v;
        case FieldType::boolean:
            break;
    }
    if (c.type != Type::boolean) {
        reject(r, "wrong_type",
               fmt::format("{}: expected true or false, got {}", r.info.name, type_name(c.type)));
    }
    v.kind = Value::Kind::boolean;
    v.boolean = c.boolean;
    return v;
}

// The value of the first choice whose condition holds, else the default, else absent.
Value choose(const FieldRule& r, const std::vector<Captured>& slots) {
    for (const Choice& choice : r.choose) {
        if (evaluate(choice.when, slots)) {
            return from_literal(r, choice.value);
        }
    }
    if (r.default_value) {
        return from_literal(r, *r.default_value);
    }
    if (r.info.required) {
        reject(r, "missing_field", fmt::format("{} is required", r.info.name));
    }
    return {};
}

Value resolve(const FieldRule& r, const std::vector<Captured>& slots) {
    if (!r.choose.empty()) {
        return choose(r, slots);
    }
    if (r.when) {
        Value v;
        v.kind = Value::Kind::boolean;
        v.boolean = evaluate(*r.when, slots);
        return v;
    }
    static const Captured missing{};
    const Captured& captured = r.slot >= 0 ? slots[static_cast<std::size_t>(r.slot)] : missing;
    Captured parsed;
    const Captured& c = r.from_text && captured.type == Type::string
                            ? (parsed = number_from_text(r, captured))
                            : captured;
    if (c.type == Type::missing || c.type == Type::null) {
        if (r.default_value) {
            return from_literal(r, *r.default_value);
        }
        if (r.info.required) {
            reject(r, "missing_field", fmt::format("{} is required", r.info.name));
        }
        return {};
    }
    if (r.has_map) {
        const auto it = r.map.find(map_key(r, c));
        if (it != r.map.end()) {
            return from_literal(r, it->second);
        }
        if (r.default_value) {
            return from_literal(r, *r.default_value);
        }
        reject(r, "bad_enum",
               fmt::format("{}: {} is not in the mapping's map", r.info.name,
                           map_key(r, c).substr(0, 64)));
    }
    return convert(r, c);
}

std::optional<double> duration(const FieldRule& r, const Value& v) {
    if (v.kind == Value::Kind::absent) {
        return std::nullopt;
    }
    if (!std::isfinite(v.number) || v.number < 0.0) {
        reject(r, "out_of_range",
               fmt::format("{} = {} must be a finite number >= 0", r.info.name, v.number));
    }
    return v.number;
}

std::optional<int> answer(const FieldRule& r, const Value& v) {
    if (v.kind == Value::Kind::absent) {
        return std::nullopt;
    }
    if (!(v.number >= -1e6 && v.number <= 1e6) || v.number != std::floor(v.number)) {
        reject(r, v.number == std::floor(v.number) ? "out_of_range" : "wrong_type",
               fmt::format("{} = {} must be a whole number on its scale", r.info.name, v.number));
    }
    return static_cast<int>(v.number);
}

std::optional<Timestamp> time(const Value& v) {
    return v.kind == Value::Kind::absent ? std::nullopt : std::optional<Timestamp>(v.time);
}

std::optional<bool> flag(const Value& v) {
    return v.kind == Value::Kind::absent ? std::nullopt : std::optional<bool>(v.boolean);
}

// Where each kind of Interaction field is stored: one definition of the field-to-member map,
// for the general path and the direct one. Null for a field of another kind.
std::string* text_member(Interaction& out, FieldId id) noexcept {
    switch (id) {
        case FieldId::id:
            return &out.id;
        case FieldId::customer_id:
            return &out.customer_id;
        case FieldId::case_id:
            return &out.case_id;
        case FieldId::agent_id:
            return &out.agent_id;
        case FieldId::queue:
            return &out.queue;
        case FieldId::team:
            return &out.team;
        default:
            return nullptr;
    }
}

std::optional<double>* seconds_member(Interaction& out, FieldId id) noexcept {
    switch (id) {
        case FieldId::wait_seconds:
            return &out.wait_seconds;
        case FieldId::talk_seconds:
            return &out.talk_seconds;
        case FieldId::hold_seconds:
            return &out.hold_seconds;
        case FieldId::wrap_seconds:
            return &out.wrap_seconds;
        case FieldId::handle_seconds:
            return &out.handle_seconds;
        case FieldId::first_response_seconds:
            return &out.first_response_seconds;
        case FieldId::resolution_seconds:
            return &out.resolution_seconds;
        default:
            return nullptr;
    }
}

std::optional<int>* answer_member(Interaction& out, FieldId id) noexcept {
    switch (id) {
        case FieldId::csat:
            return &out.csat;
        case FieldId::nps:
            return &out.nps;
        case FieldId::ces:
            return &out.ces;
        default:
            return nullptr;
    }
}

std::optional<bool>* flag_member(Interaction& out, FieldId id) noexcept {
    switch (id) {
        case FieldId::resolved:
            return &out.resolved;
        case FieldId::first_contact_resolution:
            return &out.first_contact_resolution;
        case FieldId::handled:
            return &out.handled;
        default:
            return nullptr;
    }
}

// The flags that say how a contact left the queue: absent is false.
bool* queue_exit_member(Interaction& out, FieldId id) noexcept {
    switch (id) {
        case FieldId::abandoned:
            return &out.abandoned;
        case FieldId::callback_requested:
            return &out.callback_requested;
        case FieldId::flowed_out:
            return &out.flowed_out;
        default:
            return nullptr;
    }
}

// started_at, which every record has, is not optional; the others are.
void set_time(Interaction& out, FieldId id, Timestamp at) noexcept {
    if (id == FieldId::started_at) {
        out.started_at = at;
    } else if (id == FieldId::answered_at) {
        out.answered_at = at;
    } else {
        out.ended_at = at;
    }
}

void store(Interaction& out, const FieldRule& r, Value v) {
    const FieldId id = r.info.id;
    if (std::string* text = text_member(out, id)) {
        *text = std::move(v.text);
    } else if (std::optional<double>* seconds = seconds_member(out, id)) {
        *seconds = duration(r, v);
    } else if (std::optional<int>* score = answer_member(out, id)) {
        *score = answer(r, v);
    } else if (std::optional<bool>* verdict = flag_member(out, id)) {
        *verdict = flag(v);
    } else if (id == FieldId::started_at) {
        out.started_at = v.time;
    } else if (id == FieldId::answered_at) {
        out.answered_at = time(v);
    } else if (id == FieldId::ended_at) {
        out.ended_at = time(v);
    } else if (bool* exit = queue_exit_member(out, id)) {
        *exit = v.kind != Value::Kind::absent && v.boolean;
    } else if (v.kind == Value::Kind::absent) {
        return;  // channel, direction, transfer, origin and revenue keep their defaults
    } else if (id == FieldId::channel) {
        const auto c = parse_channel(v.text);
        if (!c) {
            reject(r, "bad_enum",
                   fmt::format("channel: \"{}\" is not phone, email, chat, social, sms, "
                               "self_service or other",
                               v.text.substr(0, 64)));
        }
        out.channel = *c;
    } else if (id == FieldId::direction) {
        const auto d = parse_direction(v.text);
        if (!d) {
            reject(
                r, "bad_enum",
                fmt::format("direction: \"{}\" is not inbound or outbound", v.text.substr(0, 64)));
        }
        out.direction = *d;
    } else if (id == FieldId::transfer) {
        const auto t = parse_transfer(v.text);
        if (!t) {
            reject(r, "bad_enum",
                   fmt::format("transfer: \"{}\" is not none, queue, agent or external",
                               v.text.substr(0, 64)));
        }
        out.transfer = *t;
    } else if (id == FieldId::origin) {
        const auto o = parse_origin(v.text);
        if (!o) {
            reject(r, "bad_enum",
                   fmt::format("origin: \"{}\" is not direct, transfer or callback",
                               v.text.substr(0, 64)));
        }
        out.origin = *o;
    } else if (id == FieldId::revenue) {
        if (!std::isfinite(v.number)) {
            reject(r, "out_of_range", "revenue must be a finite number");
        }
        out.revenue = v.number;
    }
}

void store(Purchase& out, const FieldRule& r, Value v) {
    switch (r.info.id) {
        case FieldId::customer_id:
            out.customer_id = std::move(v.text);
            break;
        case FieldId::at:
            out.at = v.time;
            break;
        case FieldId::amount:
            if (v.kind != Value::Kind::absent) {
                if (!std::isfinite(v.number)) {
                    reject(r, "out_of_range", "amount must be a finite number");
                }
                out.amount = v.number;
            }
            break;
        default:
            break;
    }
}

// The common case without maps or defaults, straight from the captured value: no
// intermediate strings. False when the general path must handle it (including errors, so
// they are reported in one place).
// store_direct for the fields that are not text, durations, scores or optional flags.
bool store_direct_other(Interaction& out, const RuleStep& r, const Captured& c) {
    switch (r.id) {
        case FieldId::started_at:
        case FieldId::answered_at:
        case FieldId::ended_at:
            if (c.type == Type::string && r.time_format == TimeFormat::rfc3339) {
                if (auto t = parse_rfc3339(c.text); t && within_years_1_to_9999(*t)) {
                    set_time(out, r.id, *t);
                    return true;
                }
            }
            return false;
        case FieldId::direction:
            if (c.type == Type::string) {
                if (auto direction = parse_direction(c.text)) {
                    out.direction = *direction;
                    return true;
                }
            }
            return false;
        case FieldId::channel:
            if (c.type == Type::string) {
                if (auto channel = parse_channel(c.text)) {
                    out.channel = *channel;
                    return true;
                }
            }
            return false;
        case FieldId::revenue:
            if (c.type != Type::number || !std::isfinite(c.number)) {
                return false;
            }
            out.revenue = c.number;
            return true;
        case FieldId::abandoned:
        case FieldId::callback_requested:
        case FieldId::flowed_out:
            if (c.type != Type::boolean) {
                return false;
            }
            *queue_exit_member(out, r.id) = c.boolean;
            return true;
        default:
            return false;
    }
}

template <typename Record>
bool store_direct(Record& out, const RuleStep& r, const Captured& c) {
    if constexpr (std::is_same_v<Record, Interaction>) {
        if (std::string* text = text_member(out, r.id)) {
            if (c.type != Type::string) {
                return false;
            }
            text->assign(c.text);
            return true;
        }
        if (std::optional<double>* seconds = seconds_member(out, r.id)) {
            const double value = c.number * r.seconds_per_unit;
            if (c.type != Type::number || !(value >= 0.0) || !std::isfinite(value)) {
                return false;
            }
            *seconds = value;
            return true;
        }
        if (std::optional<int>* score = answer_member(out, r.id)) {
            // The bounds and whole-number test of answer(); anything else goes the general
            // way, which reports it.
            if (c.type != Type::number || !(c.number >= -1e6 && c.number <= 1e6) ||
                c.number != std::floor(c.number)) {
                return false;
            }
            *score = static_cast<int>(c.number);
            return true;
        }
        if (std::optional<bool>* verdict = flag_member(out, r.id)) {
            if (c.type != Type::boolean) {
                return false;
            }
            *verdict = c.boolean;
            return true;
        }
        return store_direct_other(out, r, c);
    } else {
        (void)out;
        (void)r;
        (void)c;
        return false;
    }
}

std::optional<DedupeInfo> dedupe_info(const CompiledMapping& m,
                                      const std::vector<Captured>& slots) {
    if (!m.dedupe) {
        return std::nullopt;
    }
    const Captured& key = slots[static_cast<std::size_t>(m.dedupe->key_slot)];
    DedupeInfo info;
    if (key.type == Type::string) {
        info.key = std::string(key.text);
    } else if (key.type == Type::number && key.integral) {
        info.key = fmt::format("{}", key.integer);
    } else {
        return std::nullopt;  // no key: the record is kept as it is
    }
    if (m.dedupe->by_slot >= 0) {
        const Captured& by = slots[static_cast<std::size_t>(m.dedupe->by_slot)];
        if (m.dedupe->by_format && by.type == Type::string) {
            if (auto t = parse_rfc3339(by.text)) {
                info.rank.type = DedupeRank::Type::number;
                info.rank.number = static_cast<double>(t->time_since_epoch().count());
            }
        } else if (by.type == Type::number) {
            info.rank.type = DedupeRank::Type::number;
            info.rank.number = by.number;
        } else if (by.type == Type::string) {
            info.rank.type = DedupeRank::Type::text;
            info.rank.text = std::string(by.text);
        }
    }
    return info;
}

template <typename Record>
Decoded<Record> decode(const CompiledMapping& m, const std::vector<Captured>& slots,
                       const CsatScale* scale) {
    // Default member initialisers only: value-initialising would first zero the whole record.
    Record out;
    std::uint64_t present = 0;
    try {
        // Plain pointers: stores into the record's strings could alias the vectors' own
        // members as far as the compiler knows, which would reload them on every step.
        const RuleStep* const steps = m.steps.data();
        const std::size_t count = m.steps.size();
        const Captured* const captured = slots.data();
        for (std::size_t i = 0; i < count; ++i) {
            const RuleStep& step = steps[i];
            if (step.slot >= 0) {
                const Captured& c = captured[step.slot];
                if (c.type == Type::missing || c.type == Type::null) {
                    if (step.skip_absent) {
                        continue;  // an absent optional field: nothing to do
                    }
                } else {
                    present |= std::uint64_t{1} << (i & 63);
                    if (store_direct(out, step, c)) {
                        continue;
                    }
                }
            }
            const FieldRule& rule = m.rules[i];
            if (step.slot < 0 && rule.slot >= 0) {
                // A field with a map takes this path for every value; its source still
                // counts as found for the coverage.
                const Type t = captured[rule.slot].type;
                if (t != Type::missing && t != Type::null) {
                    present |= std::uint64_t{1} << (i & 63);
                }
            }
            store(out, rule, resolve(rule, slots));
        }
    } catch (Failure& f) {
        return {std::move(f.error), std::nullopt};
    }
    std::optional<RecordIssue> issue;
    if constexpr (std::is_same_v<Record, Interaction>) {
        issue = check_interaction(out, *scale);
    } else {
        issue = check_purchase(out);
    }
    if (issue) {
        return {DecodeError{issue->field, issue->code, issue->message}, std::nullopt};
    }
    return {std::move(out), dedupe_info(m, slots), present};
}

}  // namespace

Decoded<Interaction> decode_interaction(const CompiledMapping& m,
                                        const std::vector<Captured>& slots,
                                        const CsatScale& scale) {
    return decode<Interaction>(m, slots, &scale);
}

Decoded<Purchase> decode_purchase(const CompiledMapping& m, const std::vector<Captured>& slots) {
    return decode<Purchase>(m, slots, nullptr);
}

void require_record_kind(const CompiledMapping& m, RecordKind kind) {
    if (m.kind != kind) {
        throw MappingError(
            fmt::format("mapping \"{}\" makes {}s, not {}s", m.name,
                        m.kind == RecordKind::interaction ? "interaction" : "purchase",
                        kind == RecordKind::interaction ? "interaction" : "purchase"));
    }
}

bool keeps_over(const DedupeRank& a, const DedupeRank& b) noexcept {
    if (a.type != b.type) {
        return a.type > b.type || b.type == DedupeRank::Type::none;
    }
    switch (a.type) {
        case DedupeRank::Type::number:
            return a.number >= b.number;
        case DedupeRank::Type::text:
            return a.text >= b.text;
        case DedupeRank::Type::none:
            break;
    }
    return true;
}

}  // namespace cskpi::json::detail
