#include "cskpi/json/reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <fstream>
#include <istream>
#include <iterator>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <sstream>
#include <system_error>
#include <thread>

#include "collector.hpp"
#include "compiled_mapping.hpp"
#include "csv.hpp"
#include "decode.hpp"
#include "nested.hpp"
#include "table_rows.hpp"

namespace cskpi::json {

RecordRejected::RecordRejected(InputError error)
    : Error(describe(error)), error_(std::move(error)) {}

std::string describe(const InputError& e) {
    std::string where = e.file.empty() ? std::string("input") : e.file;
    // A record of an object stream has both: several may start on one line.
    if (e.line) {
        where += fmt::format(":{}", *e.line);
    }
    if (e.index) {
        where += fmt::format("[{}]", *e.index);
    }
    return fmt::format("{}: {}{}{}: {}", where, e.field, e.field.empty() ? "" : ": ", e.code,
                       e.message);
}

namespace detail {
namespace {

namespace dom = simdjson::dom;

// A collision-free multiplicative hash of one trie node's member names, built when a reader
// starts. Records leave optional members out, so the names of a record seldom come in the
// order of the trie's children; with the table each member costs one probe and one compare
// instead of a scan. Nodes whose names it cannot tell apart keep TrieNode::find.
class KeyTable {
  public:
    explicit KeyTable(const TrieNode& node) {
        const std::size_t n = node.children.size();
        if (n == 0 || n > kMaxChildren) {
            return;
        }
        std::vector<std::uint64_t> features;
        for (const auto& [name, child] : node.children) {
            if (name.empty()) {
                return;
            }
            features.push_back(feature(name));
            entries_.push_back(Entry{features.back(), name.size(), name.data(), child.get()});
        }
        const int least = static_cast<int>(std::bit_width(n)) + 1;
        for (int bits = least; bits <= least + 4; ++bits) {
            for (const std::uint64_t multiplier : kMultipliers) {
                if (build(features, bits, multiplier)) {
                    return;
                }
            }
        }
        table_.clear();
    }

    bool usable() const noexcept { return !table_.empty(); }

    const TrieNode* find(std::string_view key) const noexcept {
        const std::size_t n = key.size();
        if (n == 0) {
            return nullptr;  // no child has an empty name when the table is in use
        }
        const std::uint64_t f = feature(key);
        const std::int32_t i = table_[slot(f)];
        if (i < 0) {
            return nullptr;
        }
        // The feature holds every byte of a name up to 8 bytes long; longer ones compare
        // the bytes between their first and last four.
        const Entry& e = entries_[static_cast<std::size_t>(i)];
        return e.feature == f && e.length == n &&
                       (n <= 8 || TrieNode::same_bytes(e.name + 4, key.data() + 4, n - 8))
                   ? e.child
                   : nullptr;
    }

  private:
    static constexpr std::size_t kMaxChildren = 4096;
    static constexpr std::uint64_t kMultipliers[] = {
        0x9E3779B97F4A7C15ULL, 0xBF58476D1CE4E5B9ULL, 0x94D049BB133111EBULL, 0xD6E8FEB86659FD93ULL,
        0xFF51AFD7ED558CCDULL, 0xC4CEB9FE1A85EC53ULL, 0x2545F4914F6CDD1DULL, 0xA0761D6478BD642FULL};

    // Length and the first and last four bytes (overlapping in short names): cheap to read
    // and, for field names, which differ at one end or the other, nearly always distinct.
    static std::uint64_t feature(std::string_view key) noexcept {
        const std::size_t n = key.size();
        const char* p = key.data();
        std::uint64_t f = 0;
        if (n >= 4) {
            std::uint32_t head;
            std::uint32_t tail;
            std::memcpy(&head, p, sizeof head);
            std::memcpy(&tail, p + n - 4, sizeof tail);
            f = (std::uint64_t{head} << 32) | tail;
        } else {
            const auto byte = [p](std::size_t i) {
                return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
            };
            f = byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
        }
        return f ^ (static_cast<std::uint64_t>(n) * 0x9E3779B97F4A7C15ULL);
    }

    std::size_t slot(std::uint64_t f) const noexcept {
        return static_cast<std::size_t>((f * multiplier_) >> shift_);
    }

    bool build(const std::vector<std::uint64_t>& features, int bits, std::uint64_t multiplier) {
        multiplier_ = multiplier;
        shift_ = 64 - bits;
        table_.assign(std::size_t{1} << bits, -1);
        for (std::size_t i = 0; i < features.size(); ++i) {
            std::int32_t& entry = table_[slot(features[i])];
            if (entry >= 0) {
                return false;
            }
            entry = static_cast<std::int32_t>(i);
        }
        return true;
    }

    struct Entry {
        std::uint64_t feature;
        std::size_t length;
        const char* name;
        const TrieNode* child;
    };

    std::vector<std::int32_t> table_;  // hash slot -> entry, or -1
    std::vector<Entry> entries_;       // one per child, in the trie's order
    std::uint64_t multiplier_ = 0;
    int shift_ = 64;
};

// A parser that could not allocate is out of memory: never the record's fault. It is also
// left half-initialised (its capacity set, its stacks missing), so it must not parse again:
// the read stops with std::bad_alloc and the decoder is dropped.
void throw_if_out_of_memory(simdjson::error_code error) {
    if (error == simdjson::MEMALLOC) {
        throw std::bad_alloc();
    }
}

// An array index token of a JSON Pointer: decimal digits without a leading zero ("0" is
// one), as RFC 6901 writes them, small enough for any array.
bool array_index(std::string_view token, std::size_t& index) {
    if (token.empty() || token.size() >= 19 || (token.size() > 1 && token[0] == '0') ||
        !std::all_of(token.begin(), token.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return false;
    }
    index = 0;
    for (const char ch : token) {
        index = index * 10 + static_cast<std::size_t>(ch - '0');
    }
    return true;
}

// Written member by member in place: a Captured built and returned would be copied
// with wide loads right after its narrow stores, which stalls on every member.
[[gnu::always_inline]] inline void capture_scalar(dom::element value, dom::element_type type,
                                                  Captured& c) noexcept {
    c.boolean = false;
    c.integral = false;
    c.integer = 0;
    c.number = 0.0;
    c.text = {};
    switch (type) {
        case dom::element_type::STRING:
            c.type = Captured::Type::string;
            c.text = value.get_string().value_unsafe();
            break;
        case dom::element_type::BOOL:
            c.type = Captured::Type::boolean;
            c.boolean = value.get_bool().value_unsafe();
            break;
        case dom::element_type::INT64:
            c.type = Captured::Type::number;
            c.integral = true;
            c.integer = value.get_int64().value_unsafe();
            c.number = static_cast<double>(c.integer);
            break;
        case dom::element_type::UINT64:
            c.type = Captured::Type::number;
            c.number = static_cast<double>(value.get_uint64().value_unsafe());
            break;
        case dom::element_type::DOUBLE:
            c.type = Captured::Type::number;
            c.number = value.get_double().value_unsafe();
            break;
        case dom::element_type::NULL_VALUE:
        case dom::element_type::OBJECT:  // not reached: visit() takes containers
        case dom::element_type::ARRAY:   // to visit_container; listed for -Wswitch
            c.type = Captured::Type::null;
            break;
    }
}

// The simdjson DOM as the `each` walks see it (nested.hpp).
struct DomTree {
    using Node = dom::element;

    static bool child(Node from, std::string_view token, Node& out) {
        dom::object object;
        if (!from.get(object)) {
            return !object.at_key(token).get(out);
        }
        dom::array array;
        std::size_t index = 0;
        if (from.get(array) || !array_index(token, index)) {
            return false;
        }
        return !array.at(index).get(out);
    }

    static bool is_array(Node n) { return n.type() == dom::element_type::ARRAY; }

    template <typename Each>
    static bool each_element(Node node, Each&& each) {
        dom::array array;
        if (node.get(array)) {
            return true;
        }
        for (const dom::element element : array) {
            if (!each(element)) {
                return false;
            }
        }
        return true;
    }

    static Captured value(Node n) {
        Captured c;
        const auto type = n.type();
        if (type == dom::element_type::OBJECT || type == dom::element_type::ARRAY) {
            c.type =
                type == dom::element_type::OBJECT ? Captured::Type::object : Captured::Type::array;
            return c;
        }
        capture_scalar(n, type, c);
        return c;
    }
};

// Parses one record with simdjson's DOM parser (full validation, runtime CPU dispatch) and
// walks it along the mapping's pointer trie, capturing the values of the slots it meets.
class DomDecoder {
  public:
    explicit DomDecoder(const CompiledMapping& m)
        : m_(m), slots_(m.slot_count), guesses_(m.node_count, 0) {
        tables_.reserve(m.node_count);
        add_tables(m.root);
    }

    // Captures the record's slots, or says why the text is not a JSON object. `data` must be
    // followed by simdjson::SIMDJSON_PADDING readable bytes.
    std::optional<DecodeError> capture(const char* data, std::size_t length) {
        reset_slots();
        dom::element doc;
        if (auto error = parser_.parse(data, length, false).get(doc)) {
            return parse_error(error);
        }
        dom::object object;
        if (doc.get(object)) {
            return DecodeError{"", "not_object", "the record is JSON but not an object"};
        }
        walk_object(object, m_.root);
        NestedWalk<DomTree>::fill(m_, doc, slots_);
        return std::nullopt;
    }

    const std::vector<Captured>& slots() const noexcept { return slots_; }

    // Parses a run of NDJSON lines with one parse_many call, which amortises simdjson's
    // per-call cost over the block, and calls `each(i)` with the slots of line i. It stops
    // at the first line the stream does not parse as exactly that line's one document (bad
    // JSON, two documents on a line, ...) and returns its position, so the caller can parse
    // the rest line by line and report errors exactly as the one-line path does.
    template <typename Each>
    std::size_t capture_block(const char* begin, std::size_t length,
                              const std::vector<std::pair<const char*, std::size_t>>& lines,
                              Each&& each) {
        dom::document_stream stream;
        if (const auto error =
                parser_.parse_many(begin, length, std::max<std::size_t>(length + 1, 1 << 16))
                    .get(stream)) {
            throw_if_out_of_memory(error);
            return 0;
        }
        std::size_t i = 0;
        for (auto it = stream.begin(); it != stream.end() && i < lines.size(); ++it) {
            dom::element doc;
            if (const auto error = (*it).get(doc)) {
                throw_if_out_of_memory(error);
                return i;
            }
            const std::string_view source = it.source();
            const auto& [line, line_length] = lines[i];
            const char* first = line;
            while (first < line + line_length && (*first == ' ' || *first == '\t')) {
                ++first;
            }
            if (source.data() != first || source.data() + source.size() > line + line_length) {
                return i;
            }
            for (const char* rest = source.data() + source.size(); rest < line + line_length;
                 ++rest) {
                if (*rest != ' ' && *rest != '\t' && *rest != '\r') {
                    return i;
                }
            }
            dom::object object;
            if (doc.get(object)) {
                return i;
            }
            reset_slots();
            walk_object(object, m_.root);
            NestedWalk<DomTree>::fill(m_, doc, slots_);
            each(i);
            ++i;
        }
        return i;
    }

  private:
    static DecodeError parse_error(simdjson::error_code error) {
        throw_if_out_of_memory(error);
        if (error == simdjson::UTF8_ERROR) {
            return {"", "invalid_utf8", "the record is not valid UTF-8"};
        }
        if (error == simdjson::DEPTH_ERROR) {
            return {"", "not_json", "the record nests deeper than 1024 levels"};
        }
        return {"", "not_json", fmt::format("not valid JSON ({})", simdjson::error_message(error))};
    }

    // Only the type says whether a slot holds a value: visit() writes a whole Captured.
    void reset_slots() noexcept {
        for (Captured& slot : slots_) {
            slot.type = Captured::Type::missing;
        }
    }

    void add_tables(const TrieNode& node) {
        if (tables_.size() <= node.node_id) {
            tables_.resize(node.node_id + 1);
        }
        tables_[node.node_id].emplace(node);
        for (const auto& child : node.children) {
            add_tables(*child.second);
        }
    }

    void walk_object(dom::object object, const TrieNode& node) {
        const auto end = object.end();
        if (const auto& table = tables_[node.node_id]; table && table->usable()) {
            for (auto it = object.begin(); it != end; ++it) {
                if (const TrieNode* child = table->find(it.key())) {
                    visit(it.value(), *child);
                }
            }
            return;
        }
        std::size_t& guess = guesses_[node.node_id];
        for (auto it = object.begin(); it != end; ++it) {
            if (const TrieNode* child = node.find(it.key(), guess)) {
                visit(it.value(), *child);
            }
        }
    }

    void walk_array(dom::array array, const TrieNode& node) {
        std::size_t index = 0;
        std::size_t& guess = guesses_[node.node_id];
        for (const dom::element element : array) {
            if (const TrieNode* child = node.find(fmt::format("{}", index++), guess)) {
                visit(element, *child);
            }
        }
    }

    // Scalars, nearly every member, are captured in place; only containers take the
    // recursive (out-of-line) path.
    [[gnu::always_inline]] void visit(dom::element value, const TrieNode& node) {
        const auto type = value.type();
        if (type == dom::element_type::OBJECT || type == dom::element_type::ARRAY) {
            visit_container(value, type, node);
        } else if (node.slot >= 0) {
            capture_scalar(value, type, slots_[static_cast<std::size_t>(node.slot)]);
        }
    }

    [[gnu::noinline]] void visit_container(dom::element value, dom::element_type type,
                                           const TrieNode& node) {
        Captured c;
        if (type == dom::element_type::OBJECT) {
            c.type = Captured::Type::object;
            walk_object(value.get_object().value_unsafe(), node);
        } else {
            c.type = Captured::Type::array;
            walk_array(value.get_array().value_unsafe(), node);
        }
        if (node.slot >= 0) {
            slots_[static_cast<std::size_t>(node.slot)] = c;
        }
    }

    const CompiledMapping& m_;
    dom::parser parser_;
    std::vector<Captured> slots_;
    std::vector<std::size_t> guesses_;
    std::vector<std::optional<KeyTable>> tables_;  // by node_id
};

// An nlohmann::json value as the readers capture it; a container only by its type.
Captured nlohmann_value(const nlohmann::json& value) {
    using nlohmann::json;
    Captured c;
    switch (value.type()) {
        case json::value_t::object:
            c.type = Captured::Type::object;
            break;
        case json::value_t::array:
            c.type = Captured::Type::array;
            break;
        case json::value_t::string:
            c.type = Captured::Type::string;
            c.text = value.get_ref<const std::string&>();
            break;
        case json::value_t::boolean:
            c.type = Captured::Type::boolean;
            c.boolean = value.get<bool>();
            break;
        case json::value_t::number_integer:
            c.type = Captured::Type::number;
            c.integral = true;
            c.integer = value.get<std::int64_t>();
            c.number = static_cast<double>(c.integer);
            break;
        case json::value_t::number_unsigned: {
            c.type = Captured::Type::number;
            const auto u = value.get<std::uint64_t>();
            if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                c.integral = true;
                c.integer = static_cast<std::int64_t>(u);
            }
            c.number = static_cast<double>(u);
            break;
        }
        case json::value_t::number_float:
            c.type = Captured::Type::number;
            c.number = value.get<double>();
            break;
        default:
            c.type = Captured::Type::null;
            break;
    }
    return c;
}

// Walks an nlohmann::json record the same way, for the in-memory path.
void capture_nlohmann(const nlohmann::json& value, const TrieNode& node,
                      std::vector<Captured>& slots) {
    if (value.is_object()) {
        for (const auto& [key, child] : node.children) {
            if (auto it = value.find(key); it != value.end()) {
                capture_nlohmann(*it, *child, slots);
            }
        }
    } else if (value.is_array()) {
        for (const auto& [key, child] : node.children) {
            std::size_t index = 0;
            if (array_index(key, index) && index < value.size()) {
                capture_nlohmann(value[index], *child, slots);
            }
        }
    }
    if (node.slot >= 0) {
        slots[static_cast<std::size_t>(node.slot)] = nlohmann_value(value);
    }
}

// nlohmann::json values as the `each` walks see them (nested.hpp).
struct NlohmannTree {
    using Node = const nlohmann::json*;

    static bool child(Node from, std::string_view token, Node& out) {
        if (from->is_object()) {
            const auto it = from->find(token);
            out = it == from->end() ? nullptr : &*it;
            return out != nullptr;
        }
        std::size_t index = 0;
        if (!from->is_array() || !array_index(token, index) || index >= from->size()) {
            return false;
        }
        out = &(*from)[index];
        return true;
    }

    static bool is_array(Node n) { return n->is_array(); }

    template <typename Each>
    static bool each_element(Node array, Each&& each) {
        for (const auto& element : *array) {
            if (!each(&element)) {
                return false;
            }
        }
        return true;
    }

    static Captured value(Node n) { return nlohmann_value(*n); }
};

template <typename Record>
Decoded<Record> decode_json(const CompiledMapping& m, const nlohmann::json& record,
                            const CsatScale& csat) {
    if (!record.is_object()) {
        return {DecodeError{"", "not_object", "the record is JSON but not an object"},
                std::nullopt};
    }
    std::vector<Captured> slots(m.slot_count);
    capture_nlohmann(record, m.root, slots);
    NestedWalk<NlohmannTree>::fill(m, &record, slots);
    return decode_record<Record>(m, slots, csat);
}

// Finds record boundaries in a byte stream: NDJSON lines, or the elements of one top-level
// JSON array (tracking strings, escapes and nesting), in a buffer that holds at most one
// record beyond a read chunk, plus simdjson's padding.
class RecordSplitter {
  public:
    enum class Event {
        record,
        too_large,
        empty_element,        // "[1,,2]" or "[1,]"
        unterminated_array,   // the input ends before the closing ']'
        trailing_content,     // something other than whitespace after the closing ']'
        unterminated_object,  // an object stream ends inside a record
        open_object,          // an object stream's record is left open before the next one
        end
    };

    // `limit`: read at most this many bytes (a byte range of a file); `detect_array`: look
    // for a top-level JSON array (only at the start of an input).
    RecordSplitter(std::istream& in, std::size_t max_record, std::uint64_t limit = UINT64_MAX,
                   bool detect_array = true, std::size_t chunk = std::size_t{1} << 20)
        : in_(in),
          max_record_(max_record),
          chunk_(chunk),
          remaining_(limit),
          detect_array_(detect_array) {
        buffer_.resize(chunk_ + simdjson::SIMDJSON_PADDING);
    }

    // The next record: its bytes stay valid, with readable padding after them, until the
    // next call. `line` is NDJSON's 1-based line, `index` an array element's position.
    Event next(const char*& data, std::size_t& length, std::size_t& capacity) {
        if (!started_) {
            start();
        }
        while (true) {
            const auto e = array_mode_     ? next_element(data, length)
                           : objects_mode_ ? next_object(data, length)
                                           : next_line(data, length);
            if (e) {
                if (*e == Event::record) {
                    capacity = buffer_.size() - static_cast<std::size_t>(data - buffer_.data());
                }
                return *e;
            }
            if (!fill()) {
                return finish_tail(data, length, capacity);
            }
        }
    }

    struct Item {
        Event event;
        const char* data;
        std::size_t length;
        std::uint64_t line;            // NDJSON's line; an array's or object stream's index + 1
        std::uint64_t start_line = 0;  // object streams: the line the record starts on
    };

    // NDJSON: every complete line now in the buffer (at least one unless the input is
    // done), all valid until the next call. Arrays: one element at a time.
    bool next_batch(std::vector<Item>& items) {
        items.clear();
        if (!started_) {
            start();
        }
        const char* data = nullptr;
        std::size_t length = 0;
        std::size_t capacity = 0;
        if (array_mode_ || objects_mode_) {
            const Event e = next(data, length, capacity);
            items.push_back(Item{e, data, length, index_, record_line_});
            return e != Event::end;
        }
        while (true) {
            while (auto e = next_line(data, length)) {
                items.push_back(Item{*e, data, length, line_});
            }
            if (!items.empty()) {
                return true;
            }
            if (!fill()) {
                const Event e = finish_tail(data, length, capacity);
                if (e == Event::end) {
                    return false;
                }
                items.push_back(Item{e, data, length, line_});
                return true;
            }
        }
    }

    std::uint64_t line() const noexcept { return line_; }
    // Where the content after an array's closing ']' starts (0-based byte of the input).
    std::uint64_t trailing_offset() const noexcept { return trailing_offset_; }
    std::uint64_t index() const noexcept { return index_; }
    bool array_mode() const noexcept { return array_mode_; }
    // Whether the input is a stream of JSON objects not one a line: pretty-printed (`jq .`)
    // or concatenated without separators (Kinesis Firehose). Known once reading starts.
    bool objects_mode() noexcept {
        if (!started_) {
            start();
        }
        return objects_mode_;
    }

  private:
    void start() {
        started_ = true;
        fill();
        // A UTF-8 byte-order mark is not part of the data (RFC 8259 section 8.1 allows a
        // parser to ignore it).
        if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
            begin_ += 3;
        }
        std::size_t i = begin_;
        while (true) {
            while (i < end_ && is_space(buffer_[i])) {
                ++i;
            }
            if (i < end_ || !fill()) {
                break;
            }
        }
        if (detect_array_ && i < end_ && buffer_[i] == '[') {
            array_mode_ = true;
            // Lines before the '[' are not records.
            begin_ = i + 1;
            scan_ = begin_;
        } else if (detect_array_ && i < end_ && buffer_[i] == '{' && first_object_not_a_line(i)) {
            objects_mode_ = true;
            scan_ = begin_;
        }
    }

    // Whether the object starting at buffer_[at] is complete but not alone on its line: it
    // spans lines, or more follows it on its line. An NDJSON file's first line is one whole
    // object; one that never closes (within max_record bytes) is read as NDJSON, whose bad
    // lines are rejected one by one rather than swallowing the rest of the input.
    bool first_object_not_a_line(std::size_t at) {
        scan_ = begin_;  // fill() moves scan_ back by begin_ (3 after a byte-order mark)
        std::size_t offset = at - begin_;  // fill() moves the bytes, not their offset
        std::size_t depth = 0;
        bool in_string = false;
        bool escape = false;
        bool spans_lines = false;
        bool closed = false;
        while (offset <= max_record_) {
            if (begin_ + offset >= end_) {
                if (!fill()) {
                    return closed && spans_lines;
                }
                continue;
            }
            const char ch = buffer_[begin_ + offset++];
            if (closed) {
                if (ch == '\n') {
                    return spans_lines;
                }
                if (!is_space(ch)) {
                    return true;
                }
            } else if (escape) {
                escape = false;
            } else if (in_string) {
                escape = ch == '\\';
                in_string = ch != '"';
            } else if (ch == '"') {
                in_string = true;
            } else if (ch == '{' || ch == '[') {
                ++depth;
            } else if ((ch == '}' || ch == ']') && depth > 0) {
                closed = --depth == 0;
            } else if (ch == '\n') {
                spans_lines = true;
            }
        }
        return false;
    }

    static bool is_space(char c) noexcept {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    // Reads more input after the unconsumed bytes; false at the end of input.
    bool fill() {
        if (eof_) {
            return false;
        }
        // Keep the unconsumed tail (the start of a record) at the front.
        const std::size_t keep = end_ - begin_;
        consumed_ += begin_;
        if (begin_ > 0) {
            std::memmove(buffer_.data(), buffer_.data() + begin_, keep);
            scan_ -= begin_;
            begin_ = 0;
            end_ = keep;
        }
        if (skipping_) {
            // Dropping a too-large record: forget what was scanned of it.
            consumed_ += end_;
            end_ = 0;
            scan_ = 0;
        }
        if (buffer_.size() < end_ + chunk_ + simdjson::SIMDJSON_PADDING) {
            buffer_.resize(end_ + chunk_ + simdjson::SIMDJSON_PADDING);
        }
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_, remaining_));
        if (want == 0) {
            eof_ = true;
            return false;
        }
        in_.read(buffer_.data() + end_, static_cast<std::streamsize>(want));
        const auto got = static_cast<std::size_t>(in_.gcount());
        end_ += got;
        remaining_ -= got;
        if (got == 0 || !in_) {
            eof_ = in_.eof() || got == 0;
        }
        return got > 0;
    }

    std::optional<Event> next_line(const char*& data, std::size_t& length) {
        while (true) {
            const char* base = buffer_.data();
            const void* nl = scan_ < end_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr;
            if (nl == nullptr) {
                scan_ = end_;
                if (end_ - begin_ > max_record_) {
                    skipping_ = true;
                }
                return std::nullopt;
            }
            const auto pos = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
            ++line_;
            const std::size_t start = begin_;
            begin_ = pos + 1;
            scan_ = begin_;
            if (skipping_ || pos - start > max_record_) {
                skipping_ = false;
                return Event::too_large;
            }
            std::size_t stop = pos;
            if (stop > start && base[stop - 1] == '\r') {
                --stop;
            }
            if (blank(start, stop)) {
                continue;
            }
            data = base + start;
            length = stop - start;
            return Event::record;
        }
    }

    bool blank(std::size_t from, std::size_t to) const noexcept {
        for (std::size_t i = from; i < to; ++i) {
            if (!is_space(buffer_[i])) {
                return false;
            }
        }
        return true;
    }

    // Array mode: scans for the ',' or ']' that ends the current element at depth 0. A stray
    // '}' at depth 0 stays in the element, whose parse then rejects it, so a bad element
    // is counted once.
    std::optional<Event> next_element(const char*& data, std::size_t& length) {
        if (array_done_) {
            return after_array();
        }
        const char* base = buffer_.data();
        while (scan_ < end_) {
            const char ch = base[scan_];
            if (in_string_) {
                if (escape_) {
                    escape_ = false;
                } else if (ch == '\\') {
                    escape_ = true;
                } else if (ch == '"') {
                    in_string_ = false;
                }
            } else if (ch == '"') {
                in_string_ = true;
            } else if (ch == '{' || ch == '[') {
                ++depth_;
            } else if ((ch == '}' || ch == ']') && depth_ > 0) {
                --depth_;
            } else if ((ch == ']' || ch == ',') && depth_ == 0) {
                const std::size_t start = begin_;
                begin_ = ++scan_;
                if (ch == ']') {
                    array_done_ = true;
                    // "[]" is an empty array; "[1,]" ends with an empty element.
                    if (index_ == 0 && blank(start, scan_ - 1)) {
                        return after_array();
                    }
                }
                return emit_element(start, scan_ - 1, data, length);
            }
            ++scan_;
        }
        if (end_ - begin_ > max_record_) {
            skipping_ = true;
        }
        return std::nullopt;
    }

    Event emit_element(std::size_t start, std::size_t stop, const char*& data,
                       std::size_t& length) {
        ++index_;
        // A record that fits in the buffer may still be over the limit.
        if (skipping_ || stop - start > max_record_) {
            skipping_ = false;
            return Event::too_large;
        }
        if (blank(start, stop)) {
            return Event::empty_element;
        }
        data = buffer_.data() + start;
        length = stop - start;
        return Event::record;
    }

    // Object streams: a record is a value at depth 0, found by tracking strings and nesting as
    // array mode does; an object or array ends at its closing bracket, anything else (a stray
    // ',' or '}', a number) at the next blank, '{' or '[', and is then rejected by the parser.
    // Blanks between records are skipped, counting lines, so each record knows where it starts.
    //
    // A record left open (a '{', '[' or '"' never closed) would swallow the records after it.
    // It ends instead where a line begins with '{' after a line that ended with '}', or after
    // a line break inside a string: no valid JSON has either (a ',' or ':' stands between a
    // '}' and a '{'; a string holds no raw line break), so the record is bad whatever follows,
    // and the next one starts there.
    std::optional<Event> next_object(const char*& data, std::size_t& length) {
        const char* base = buffer_.data();
        if (!in_record_) {
            while (scan_ < end_ && is_space(base[scan_])) {
                newlines_ += base[scan_++] == '\n' ? 1 : 0;
            }
            begin_ = scan_;
            if (scan_ == end_) {
                return std::nullopt;
            }
            in_record_ = true;
            record_line_ = newlines_ + 1;
            line_start_ = false;
            broken_string_ = false;
            last_mark_ = 0;
        }
        while (scan_ < end_) {
            const char ch = base[scan_];
            if (escape_) {
                escape_ = false;
            } else if (in_string_ && ch == '\n') {
                in_string_ = false;
                broken_string_ = true;
            } else if (in_string_) {
                escape_ = ch == '\\';
                in_string_ = ch != '"';
            } else if (depth_ == 0 && scan_ > begin_ && (is_space(ch) || ch == '{' || ch == '[')) {
                return end_object(data, length);
            } else if (ch == '{' && depth_ > 0 && line_start_ &&
                       (broken_string_ || last_mark_ == '}')) {
                return end_open_object(data, length);
            } else if (ch == '"') {
                in_string_ = true;
            } else if (ch == '{' || ch == '[') {
                ++depth_;
            } else if ((ch == '}' || ch == ']') && depth_ > 0 && --depth_ == 0) {
                ++scan_;
                return end_object(data, length);
            }
            newlines_ += ch == '\n' ? 1 : 0;
            line_start_ = ch == '\n';
            last_mark_ = is_space(ch) ? last_mark_ : ch;
            ++scan_;
        }
        if (end_ - begin_ > max_record_) {
            skipping_ = true;
        }
        return std::nullopt;
    }

    // A record left open, ended before the '{' at scan_ that starts the next one.
    Event end_open_object(const char*& data, std::size_t& length) {
        depth_ = 0;
        const Event e = end_object(data, length);
        return e == Event::record ? Event::open_object : e;
    }

    Event end_object(const char*& data, std::size_t& length) {
        in_record_ = false;
        const std::size_t start = begin_;
        begin_ = scan_;
        return emit_element(start, scan_, data, length);
    }

    // After the closing ']': only whitespace may follow. Anything else (a second array, NDJSON
    // lines) is reported once, as one more element, and not read: the input is not one JSON
    // text, so its records cannot be told apart with any confidence.
    Event after_array() {
        if (trailing_checked_) {
            return Event::end;
        }
        trailing_checked_ = true;
        while (true) {
            for (std::size_t i = begin_; i < end_; ++i) {
                if (!is_space(buffer_[i])) {
                    trailing_offset_ = consumed_ + i;
                    ++index_;
                    begin_ = end_;
                    return Event::trailing_content;
                }
            }
            begin_ = end_;
            if (!fill()) {
                return Event::end;
            }
        }
    }

    Event finish_tail(const char*& data, std::size_t& length, std::size_t& capacity) {
        if (objects_mode_) {
            // The input ended inside a record: a scalar ends there, an object or array is cut.
            if (!in_record_) {
                return Event::end;
            }
            const bool cut = depth_ > 0;
            const Event e = end_object(data, length);
            if (e == Event::record) {
                capacity = buffer_.size() - static_cast<std::size_t>(data - buffer_.data());
            }
            return cut && e == Event::record ? Event::unterminated_object : e;
        }
        if (array_mode_) {
            // Reached only before the closing ']': the input ended inside the array, and
            // whatever it held after the last complete element is one bad element.
            if (tail_reported_) {
                return Event::end;
            }
            tail_reported_ = true;
            begin_ = end_;
            ++index_;
            return Event::unterminated_array;
        }
        // NDJSON without a final newline: the tail is the last line.
        if (begin_ < end_) {
            ++line_;
            const std::size_t start = begin_;
            std::size_t stop = end_;
            begin_ = end_;
            if (skipping_) {
                skipping_ = false;
                return Event::too_large;
            }
            if (stop > start && buffer_[stop - 1] == '\r') {
                --stop;
            }
            if (!blank(start, stop)) {
                data = buffer_.data() + start;
                length = stop - start;
                capacity = buffer_.size() - start;
                return Event::record;
            }
        }
        return Event::end;
    }

    std::istream& in_;
    std::size_t max_record_;
    std::size_t chunk_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;  // start of the unconsumed bytes
    std::size_t end_ = 0;    // end of the bytes read
    std::size_t scan_ = 0;   // how far the current record has been scanned
    bool started_ = false;
    bool eof_ = false;
    bool skipping_ = false;
    bool array_mode_ = false;
    bool objects_mode_ = false;
    bool in_record_ = false;  // object streams: between a record's first byte and its end
    bool array_done_ = false;
    bool in_string_ = false;
    bool escape_ = false;
    bool tail_reported_ = false;
    bool trailing_checked_ = false;
    std::size_t depth_ = 0;
    // Object streams: the last character was a line break; the last non-blank one; a line
    // break was found inside a string of the current record.
    bool line_start_ = false;
    char last_mark_ = 0;
    bool broken_string_ = false;
    std::uint64_t consumed_ = 0;  // bytes of the input before buffer_[0]
    std::uint64_t trailing_offset_ = 0;
    std::uint64_t line_ = 0;
    std::uint64_t index_ = 0;
    std::uint64_t newlines_ = 0;     // object streams: line breaks before scan_
    std::uint64_t record_line_ = 0;  // object streams: the line the current record starts on
    std::uint64_t remaining_;
    bool detect_array_;
};

template <typename Record>
InputSummary read_lines(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                        const std::function<void(Record&&)>& sink, std::string_view source,
                        std::uint64_t limit = UINT64_MAX, bool detect_array = true);

template <typename Record>
InputSummary read_document(const nlohmann::json& doc, const Mapping& mapping,
                           const ReadOptions& options, const std::function<void(Record&&)>& sink,
                           std::string source) {
    const CompiledMapping& m = mapping.compiled();
    Collector<Record> collector(options, std::move(source), sink, m);
    const nlohmann::json* records = &doc;
    if (m.records_at && doc.is_object()) {
        const nlohmann::json::json_pointer pointer(*m.records_at);
        if (doc.contains(pointer)) {
            records = &doc.at(pointer);
            if (!records->is_array()) {
                // Read as a record, it would be rejected for the fields it lacks (or taken),
                // hiding that the wrapper is not the list response the mapping expects.
                const std::string type = records->type_name();
                const std::string what =
                    type == "null" ? type : (type == "object" ? "an " : "a ") + type;
                collector.take(
                    Position{},
                    Decoded<Record>{DecodeError{"", "wrong_type",
                                                fmt::format("the value at records_at \"{}\" is {}, "
                                                            "not an array of records",
                                                            *m.records_at, what)},
                                    std::nullopt});
                return collector.finish();
            }
        }
    }
    if (records->is_array()) {
        for (std::size_t i = 0; i < records->size(); ++i) {
            collector.take(Position{std::nullopt, i},
                           decode_json<Record>(m, (*records)[i], options.csat));
        }
    } else {
        collector.take(Position{}, decode_json<Record>(m, *records, options.csat));
    }
    return collector.finish();
}

template <typename Record>
InputSummary read_json_stream(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                              const std::function<void(Record&&)>& sink, std::string_view source) {
    const CompiledMapping& m = mapping.compiled();
    if (m.records_at) {
        // The input may be a wrapper document (an API list response, one page) holding the
        // records at records_at: read it whole and look. Anything else is read as usual.
        std::string text(std::istreambuf_iterator<char>(in), {});
        if (in.bad()) {
            throw InputFileError(fmt::format("{}: read error", source.empty() ? "input" : source));
        }
        auto doc = nlohmann::json::parse(text, nullptr, false);
        if (!doc.is_discarded() && doc.is_object() &&
            doc.contains(nlohmann::json::json_pointer(*m.records_at))) {
            return read_document<Record>(doc, mapping, options, sink, std::string(source));
        }
        std::istringstream again(std::move(text));
        return read_lines<Record>(again, mapping, options, sink, source);
    }
    return read_lines<Record>(in, mapping, options, sink, source);
}

// A stream that gives `head`, bytes already taken from `rest`, and then the rest of `rest`.
class PrefixedBuffer : public std::streambuf {
  public:
    PrefixedBuffer(std::string head, std::istream& rest) : head_(std::move(head)), rest_(rest) {
        setg(head_.data(), head_.data(), head_.data() + head_.size());
    }

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        rest_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        const auto got = static_cast<std::size_t>(rest_.gcount());
        if (got == 0) {
            return traits_type::eof();
        }
        setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
        return traits_type::to_int_type(*gptr());
    }

    // Bulk reads (the readers' chunks) copy the head once and then read the rest straight
    // into the caller's buffer.
    std::streamsize xsgetn(char* s, std::streamsize n) override {
        const auto held = std::min<std::streamsize>(n, egptr() - gptr());
        if (held > 0) {
            std::memcpy(s, gptr(), static_cast<std::size_t>(held));
            setg(eback(), gptr() + held, egptr());
        }
        if (held == n) {
            return n;
        }
        rest_.read(s + held, n - held);
        return held + rest_.gcount();
    }

  private:
    std::string head_;
    std::istream& rest_;
    std::vector<char> buffer_ = std::vector<char>(std::size_t{1} << 16);
};

// The format a source's name says: .csv, or .ndjson, .jsonl and .json (any case).
std::optional<InputFormat> extension_format(std::string_view source) {
    const auto dot = source.rfind('.');
    if (dot == std::string_view::npos || source.find('/', dot) != std::string_view::npos) {
        return std::nullopt;
    }
    std::string ext(source.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (ext == "csv") {
        return InputFormat::csv;
    }
    if (ext == "ndjson" || ext == "jsonl" || ext == "json") {
        return InputFormat::json;
    }
    return std::nullopt;
}

// JSON when the first byte after a byte-order mark and blanks is '{' or '[' (or there is
// none: an empty input is empty either way); anything else is CSV.
InputFormat content_format(char first) {
    return first == 0 || first == '{' || first == '[' ? InputFormat::json : InputFormat::csv;
}

// Takes bytes from `in` up to and including the first that is not a blank or part of a
// leading byte-order mark; `first` is that byte, 0 when there is none (or none in the first
// 64 KiB: the input is then read as JSON, whose readers skip blank lines in bounded memory).
std::string read_head(std::istream& in, char& first) {
    std::string head;
    first = 0;
    char c = 0;
    while (head.size() < (std::size_t{1} << 16) && in.get(c)) {
        head.push_back(c);
        const bool bom =
            head.size() <= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", head.size()) == 0;
        if (!bom && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            first = c;
            break;
        }
    }
    return head;
}

template <typename Record>
InputSummary read_csv_records(std::istream& in, std::string_view head, const Mapping& mapping,
                              const ReadOptions& options, const std::function<void(Record&&)>& sink,
                              std::string_view source) {
    if constexpr (std::is_same_v<Record, Interaction>) {
        return read_csv_interactions(in, head, mapping, options, sink, source);
    } else {
        return read_csv_purchases(in, head, mapping, options, sink, source);
    }
}

template <typename Record>
InputSummary read_stream(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                         const std::function<void(Record&&)>& sink, std::string_view source) {
    require_record_kind<Record>(mapping.compiled());
    InputFormat format = options.format;
    if (format == InputFormat::automatic) {
        format = extension_format(source).value_or(InputFormat::automatic);
    }
    std::string head;
    if (format == InputFormat::automatic) {
        char first = 0;
        head = read_head(in, first);
        format = content_format(first);
    }
    if (format == InputFormat::csv) {
        return read_csv_records<Record>(in, head, mapping, options, sink, source);
    }
    if (head.empty()) {
        return read_json_stream<Record>(in, mapping, options, sink, source);
    }
    PrefixedBuffer buffer(std::move(head), in);
    std::istream joined(&buffer);
    InputSummary summary = read_json_stream<Record>(joined, mapping, options, sink, source);
    if (in.bad()) {
        throw InputFileError(fmt::format("{}: read error", source.empty() ? "input" : source));
    }
    return summary;
}

// What reading one stream of records takes: the splitter finds the records, the decoder
// captures their values and the collector decodes, counts and hands them on.
template <typename Record>
struct LineReader {
    const CompiledMapping& m;
    const ReadOptions& options;
    RecordSplitter& splitter;
    DomDecoder& decoder;
    Collector<Record>& collector;
};

// NDJSON records are told by their line, a JSON array's by their index, an object stream's
// by both: several of its records may share a line.
Position position_of(RecordSplitter& splitter, const RecordSplitter::Item& item) {
    Position at;
    if (splitter.array_mode()) {
        at.index = item.line - 1;
    } else if (splitter.objects_mode()) {
        at.index = item.line - 1;
        at.line = item.start_line;
    } else {
        at.line = item.line;
    }
    return at;
}

template <typename Record>
void take_item(LineReader<Record>& reader, const RecordSplitter::Item& item) {
    const Position at = position_of(reader.splitter, item);
    switch (item.event) {
        case RecordSplitter::Event::too_large:
            reader.collector.reject(
                at, "", "too_large",
                fmt::format("the record is longer than {} bytes", reader.options.max_record_bytes));
            break;
        case RecordSplitter::Event::empty_element:
            reader.collector.reject(
                at, "", "not_json",
                "empty array element (a comma before ']' or after another comma)");
            break;
        case RecordSplitter::Event::unterminated_array:
            reader.collector.reject(at, "", "not_json",
                                    "the input ends inside the JSON array (no closing ']')");
            break;
        case RecordSplitter::Event::unterminated_object:
            reader.collector.reject(at, "", "not_json",
                                    "the input ends inside this record (a '{' or '[' is not "
                                    "closed)");
            break;
        case RecordSplitter::Event::open_object:
            reader.collector.reject(at, "", "not_json",
                                    "this record is not closed (a '{', '[' or '\"' is left open) "
                                    "before the next one begins on a line of its own");
            break;
        case RecordSplitter::Event::trailing_content:
            reader.collector.reject(
                at, "", "not_json",
                fmt::format("content after the closing ']' of the JSON array, at byte {}: "
                            "only whitespace may follow it (one array, or NDJSON: one "
                            "record a line)",
                            reader.splitter.trailing_offset()));
            break;
        case RecordSplitter::Event::record:
            if (auto error = reader.decoder.capture(item.data, item.length)) {
                reader.collector.take(at, Decoded<Record>{std::move(*error), std::nullopt});
            } else {
                reader.collector.take(at, decode_record<Record>(reader.m, reader.decoder.slots(),
                                                                reader.options.csat));
            }
            break;
        case RecordSplitter::Event::end:
            break;
    }
}

// A batch of NDJSON lines that are all records is parsed with one parse_many call (see
// capture_block). Returns how many items it took, from the front: 0 when the batch does not
// qualify; the caller takes the rest one by one. `block` is scratch space kept across batches.
template <typename Record>
std::size_t take_block(LineReader<Record>& reader, const std::vector<RecordSplitter::Item>& items,
                       std::vector<std::pair<const char*, std::size_t>>& block) {
    const bool all_records = std::all_of(items.begin(), items.end(), [](const auto& item) {
        return item.event == RecordSplitter::Event::record;
    });
    if (reader.splitter.array_mode() || reader.splitter.objects_mode() || !all_records ||
        items.size() <= 1) {
        return 0;
    }
    block.clear();
    for (const auto& item : items) {
        block.emplace_back(item.data, item.length);
    }
    const char* begin = items.front().data;
    const char* end = items.back().data + items.back().length;
    return reader.decoder.capture_block(
        begin, static_cast<std::size_t>(end - begin), block, [&](std::size_t i) {
            reader.collector.take(
                position_of(reader.splitter, items[i]),
                decode_record<Record>(reader.m, reader.decoder.slots(), reader.options.csat));
        });
}

template <typename Record>
InputSummary read_lines(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                        const std::function<void(Record&&)>& sink, std::string_view source,
                        std::uint64_t limit, bool detect_array) {
    const CompiledMapping& m = mapping.compiled();
    Collector<Record> collector(options, std::string(source), sink, m);
    DomDecoder decoder(m);
    RecordSplitter splitter(in, options.max_record_bytes, limit, detect_array);
    LineReader<Record> reader{m, options, splitter, decoder, collector};
    std::vector<RecordSplitter::Item> items;
    std::vector<std::pair<const char*, std::size_t>> block;
    while (splitter.next_batch(items)) {
        const std::size_t done = take_block(reader, items, block);
        for (std::size_t i = done; i < items.size(); ++i) {
            take_item(reader, items[i]);
        }
        if (in.bad()) {
            break;
        }
    }
    if (in.bad()) {
        throw InputFileError(fmt::format("{}: read error", source.empty() ? "input" : source));
    }
    return collector.finish();
}

}  // namespace
}  // namespace detail

InputSummary read_interactions(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                               const InteractionSink& sink, std::string_view source) {
    return detail::read_stream<Interaction>(in, mapping, options, sink, source);
}

InputSummary read_purchases(std::istream& in, const Mapping& mapping, const ReadOptions& options,
                            const PurchaseSink& sink, std::string_view source) {
    return detail::read_stream<Purchase>(in, mapping, options, sink, source);
}

std::variant<Interaction, InputError> decode_interaction(const nlohmann::json& record,
                                                         const Mapping& mapping,
                                                         const CsatScale& csat) {
    auto d = detail::decode_json<Interaction>(mapping.compiled(), record, csat);
    if (auto* e = std::get_if<detail::DecodeError>(&d.result)) {
        return InputError{"", std::nullopt, std::nullopt, e->field, e->code, e->message};
    }
    return std::get<Interaction>(std::move(d.result));
}

std::variant<Purchase, InputError> decode_purchase(const nlohmann::json& record,
                                                   const Mapping& mapping) {
    auto d = detail::decode_json<Purchase>(mapping.compiled(), record, {});
    if (auto* e = std::get_if<detail::DecodeError>(&d.result)) {
        return InputError{"", std::nullopt, std::nullopt, e->field, e->code, e->message};
    }
    return std::get<Purchase>(std::move(d.result));
}

InputSummary read_interactions(const nlohmann::json& records, const Mapping& mapping,
                               const ReadOptions& options, const InteractionSink& sink) {
    return detail::read_document<Interaction>(records, mapping, options, sink, "");
}

namespace {

[[noreturn]] void cannot_read(const std::filesystem::path& path) {
    throw InputFileError(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
}

// The first non-blank byte of a file, after a byte-order mark; 0 when there is none.
char first_byte(std::ifstream& in) {
    char c = 0;
    bool first = true;
    while (in.get(c)) {
        if (first && c == '\xEF') {
            in.ignore(2);
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return c;
        }
        first = false;
    }
    return 0;
}

// Whether a file is NDJSON, which can be split on line boundaries: not a JSON array, not a
// stream of pretty-printed or concatenated objects (whose records cross lines), not CSV.
bool splits_as_ndjson(std::ifstream& in, std::string_view source, const ReadOptions& options) {
    InputFormat format = options.format;
    if (format == InputFormat::automatic) {
        format = detail::extension_format(source).value_or(InputFormat::automatic);
    }
    if (format == InputFormat::csv) {
        return false;
    }
    const char first = first_byte(in);
    if (first == '[' ||
        (format != InputFormat::json && detail::content_format(first) != InputFormat::json)) {
        return false;
    }
    in.clear();
    in.seekg(0);
    detail::RecordSplitter splitter(in, options.max_record_bytes);
    return !splitter.objects_mode();
}

std::uint64_t count_newlines(const std::filesystem::path& path, std::uint64_t from,
                             std::uint64_t to) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(from));
    std::vector<char> buffer(std::size_t{1} << 20);
    std::uint64_t lines = 0;
    std::uint64_t left = to - from;
    while (left > 0 && in) {
        in.read(buffer.data(),
                static_cast<std::streamsize>(std::min<std::uint64_t>(buffer.size(), left)));
        const auto got = static_cast<std::size_t>(in.gcount());
        lines += static_cast<std::uint64_t>(std::count(buffer.data(), buffer.data() + got, '\n'));
        left -= got;
    }
    return lines;
}

// Hands records to an accumulator a block at a time (ReportAccumulator::add of a span
// overlaps the case-table lookups of the block).
class BlockAdder {
  public:
    explicit BlockAdder(ReportAccumulator& accumulator) : accumulator_(accumulator) {
        block_.reserve(kBlock);
    }
    void operator()(Interaction&& r) {
        block_.push_back(std::move(r));
        if (block_.size() == kBlock) {
            flush();
        }
    }
    void flush() {
        // Cleared even when add throws, so nothing is added twice.
        std::vector<Interaction> block;
        block.swap(block_);
        block_.reserve(kBlock);
        accumulator_.add(std::span<const Interaction>(block));
    }

  private:
    static constexpr std::size_t kBlock = 256;
    ReportAccumulator& accumulator_;
    std::vector<Interaction> block_;
};

// Reads with `read`, giving records to `accumulator` in blocks; the records read before a
// failure are added before it propagates.
template <typename Read>
InputSummary read_in_blocks(ReportAccumulator& accumulator, Read&& read) {
    BlockAdder adder(accumulator);
    InputSummary summary;
    try {
        summary = read([&adder](Interaction&& r) { adder(std::move(r)); });
    } catch (...) {
        adder.flush();
        throw;
    }
    adder.flush();
    return summary;
}

// One part of a file read in parallel. A failure is kept, to be raised in file order.
struct FilePart {
    std::optional<ReportAccumulator> accumulator;
    InputSummary summary;
    std::uint64_t lines_before = 0;
    std::exception_ptr failure;
    std::optional<InputError> rejected;
};

// A regular file read by several threads, one part each.
struct SplitFile {
    const std::filesystem::path& path;
    const Mapping& mapping;
    const ReadOptions& options;
    const std::string& source;
    std::vector<std::uint64_t> starts;  // part k is the bytes [starts[k], starts[k + 1])
};

// Splits on line boundaries: each part starts just after a newline.
std::vector<std::uint64_t> part_starts(std::ifstream& in, std::uint64_t size, unsigned parts) {
    std::vector<std::uint64_t> starts{0};
    for (unsigned k = 1; k < parts; ++k) {
        in.clear();
        in.seekg(static_cast<std::streamoff>(size * k / parts));
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
        const auto at = in ? static_cast<std::uint64_t>(in.tellg()) : size;
        starts.push_back(std::max(at, starts.back()));
    }
    starts.push_back(size);
    return starts;
}

// Runs `read(k, sink)` for part k on a thread of its own, into the part's accumulator. A
// failure is kept, to be raised in input order.
template <typename Read>
std::vector<FilePart> read_in_parallel(unsigned threads, const ReportOptions& report_options,
                                       const Read& read) {
    std::vector<FilePart> parts(threads);
    const auto read_part = [&](unsigned k) {
        FilePart& part = parts[k];
        try {
            part.accumulator.emplace(report_options);
            part.summary = read_in_blocks(
                *part.accumulator, [&](const InteractionSink& sink) { return read(k, sink); });
        } catch (const RecordRejected& e) {
            part.rejected = e.error();
        } catch (...) {
            part.failure = std::current_exception();
        }
    };
    // jthreads: when starting one fails (no memory for its stack), those already running are
    // joined as the exception leaves, instead of terminating the process.
    std::vector<std::jthread> workers;
    workers.reserve(threads);
    for (unsigned k = 0; k < threads; ++k) {
        try {
            workers.emplace_back(read_part, k);
        } catch (const std::system_error&) {
            throw std::bad_alloc();
        }
    }
    workers.clear();
    return parts;
}

std::vector<FilePart> read_parts(const SplitFile& file, const ReportOptions& report_options) {
    const auto threads = static_cast<unsigned>(file.starts.size() - 1);
    std::vector<FilePart> parts =
        read_in_parallel(threads, report_options, [&](unsigned k, const InteractionSink& sink) {
            std::ifstream in(file.path, std::ios::binary);
            if (!in) {
                cannot_read(file.path);
            }
            in.seekg(static_cast<std::streamoff>(file.starts[k]));
            return detail::read_lines<Interaction>(in, file.mapping, file.options, sink,
                                                   file.source, file.starts[k + 1] - file.starts[k],
                                                   k == 0);
        });
    // Line numbers in a later part count from its start; the newlines before it are counted
    // only when that part has something to report, which a clean file never does.
    for (std::size_t k = 1; k < parts.size(); ++k) {
        if (!parts[k].summary.errors.empty() || parts[k].rejected) {
            parts[k].lines_before = count_newlines(file.path, 0, file.starts[k]);
        }
    }
    return parts;
}

// The parts in file order: the first failure is raised, else their accounts and accumulators
// are merged, with line numbers counted from the start of the file.
InputSummary merge_parts(std::vector<FilePart>& parts, std::size_t max_errors,
                         ReportAccumulator& accumulator) {
    InputSummary total;
    for (auto& part : parts) {
        if (part.failure) {
            std::rethrow_exception(part.failure);
        }
        if (part.rejected) {
            // Strict mode: the first bad record of the file is the one in the earliest part.
            InputError e = *part.rejected;
            if (e.line) {
                e.line = *e.line + part.lines_before;
            }
            throw RecordRejected(std::move(e));
        }
        for (auto& e : part.summary.errors) {
            if (e.line) {
                e.line = *e.line + part.lines_before;
            }
        }
        merge(total, part.summary, max_errors);
        accumulator.merge(std::move(*part.accumulator));
    }
    return total;
}

}  // namespace

unsigned reading_threads(const ReadOptions& options) noexcept {
    return options.threads == 0 ? std::max(1U, std::thread::hardware_concurrency())
                                : options.threads;
}

InputSummary accumulate_file(const std::filesystem::path& path, const Mapping& mapping,
                             const ReadOptions& options, ReportAccumulator& accumulator) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        cannot_read(path);
    }
    unsigned threads = reading_threads(options);
    const auto& m = mapping.compiled();
    const std::string source = path.string();
    const auto read_as_stream = [&] {
        return read_in_blocks(accumulator, [&](const InteractionSink& sink) {
            return read_interactions(in, mapping, options, sink, source);
        });
    };
    // Only a regular file can be sized, split and reopened at an offset. A pipe, a FIFO or a
    // terminal (process substitution, /dev/stdin) is read once, as a stream, from the handle
    // opened above: its bytes can be read only once.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::is_regular_file(status)) {
        return read_as_stream();
    }
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    constexpr std::uint64_t kMinBytesPerThread = std::uint64_t{4} << 20;
    if (ec || threads <= 1 || size < 2 * kMinBytesPerThread || m.dedupe || m.records_at ||
        m.kind != RecordKind::interaction || !splits_as_ndjson(in, source, options)) {
        in.clear();
        in.seekg(0);
        if (!in) {
            cannot_read(path);
        }
        return read_as_stream();
    }
    threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, size / kMinBytesPerThread));
    const SplitFile file{path, mapping, options, source, part_starts(in, size, threads)};
    std::vector<FilePart> parts = read_parts(file, accumulator.options());
    return merge_parts(parts, options.max_errors, accumulator);
}

InputSummary accumulate_table(const BlockedTable& table, const Mapping& mapping,
                              const ReadOptions& options, ReportAccumulator& accumulator,
                              std::string_view source) {
    const std::size_t rows = table.rows;
    constexpr std::size_t kMinRowsPerThread = 16'384;
    unsigned threads = reading_threads(options);
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, rows / kMinRowsPerThread));
    const auto& m = mapping.compiled();
    if (threads <= 1 || m.dedupe || m.kind != RecordKind::interaction) {
        return read_in_blocks(accumulator, [&](const InteractionSink& sink) {
            return detail::read_table_rows(table, mapping, options, sink, source, 0, 0, rows);
        });
    }
    std::vector<FilePart> parts = read_in_parallel(
        threads, accumulator.options(), [&](unsigned k, const InteractionSink& sink) {
            return detail::read_table_rows(table, mapping, options, sink, source, k,
                                           rows * k / threads, rows * (k + 1) / threads);
        });
    return merge_parts(parts, options.max_errors, accumulator);
}

InputSummary accumulate_table(const RecordTable& table, const Mapping& mapping,
                              const ReadOptions& options, ReportAccumulator& accumulator,
                              std::string_view source) {
    const std::size_t rows = detail::table_rows(table);
    // A block is the table's columns cut to the block's rows, in the part's own RecordTable.
    std::vector<RecordTable> blocks(reading_threads(options));
    const auto view = [&](std::size_t first, std::size_t last,
                          unsigned part) -> const RecordTable& {
        RecordTable& block = blocks[part];
        block.rows = last - first;
        block.first_row = table.first_row + first;
        block.columns.resize(table.columns.size());
        for (std::size_t k = 0; k < table.columns.size(); ++k) {
            block.columns[k] = table.columns[k].slice(first, last);
        }
        return block;
    };
    return accumulate_table(BlockedTable{rows, view}, mapping, options, accumulator, source);
}

}  // namespace cskpi::json
