// The NDJSON writer: canonical lines, malformed lines, buffered stream output.

#include <charconv>
#include <initializer_list>
#include <ostream>

#include "cskpi/error.hpp"
#include "cskpi_generator/generator.hpp"
#include "detail.hpp"

namespace cskpi::generator {

namespace {

using detail::append_number;
using detail::append_timestamp;

/// How a line deviates from the canonical record (the dirty kinds' variants).
enum class Mutation {
    none,
    drop_id,
    drop_started_at,
    id_number,
    abandoned_string,
    channel_number,
    csat_9,
    nps_11,
    wait_negative,
    ts_month_13,
    ts_hour_25,
    ts_text,
};

void append_escaped(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20) {
            out.append("\\u00");
            out.push_back(kHex[u >> 4U]);
            out.push_back(kHex[u & 15U]);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

class Line {
  public:
    explicit Line(std::string& out) : out_(out) { out_.push_back('{'); }
    void key(std::string_view k) {
        if (!first_) {
            out_.push_back(',');
        }
        first_ = false;
        out_.push_back('"');
        out_.append(k);
        out_.append("\":");
    }
    void string(std::string_view k, std::string_view v) {
        if (!v.empty()) {
            key(k);
            append_escaped(out_, v);
        }
    }
    void raw(std::string_view k, std::string_view v) {
        key(k);
        out_.append(v);
    }
    void number(std::string_view k, const std::optional<double>& v) {
        if (v) {
            key(k);
            append_number(out_, *v);
        }
    }
    void integer(std::string_view k, const std::optional<int>& v) {
        if (v) {
            key(k);
            char buf[16];
            const auto res = std::to_chars(buf, buf + sizeof buf, *v);
            out_.append(buf, res.ptr);
        }
    }
    void boolean(std::string_view k, const std::optional<bool>& v) {
        if (v) {
            raw(k, *v ? "true" : "false");
        }
    }
    void timestamp(std::string_view k, const std::optional<Timestamp>& v) {
        if (v) {
            key(k);
            out_.push_back('"');
            append_timestamp(out_, *v);
            out_.push_back('"');
        }
    }
    void end() { out_.push_back('}'); }
    std::string& out() { return out_; }

  private:
    std::string& out_;
    bool first_ = true;
};

// The id, or for id_number its digits as a JSON number, or nothing for drop_id.
void append_id(Line& line, const Interaction& r, Mutation m) {
    std::string& out = line.out();
    if (m == Mutation::id_number) {
        std::uint64_t n = 0;
        for (const char c : r.id) {
            if (c >= '0' && c <= '9') {
                n = n * 10 + static_cast<std::uint64_t>(c - '0');
            }
        }
        line.key("id");
        detail::append_padded(out, n, 1);
    } else if (m != Mutation::drop_id) {
        line.key("id");
        append_escaped(out, r.id);
    }
}

// started_at, or the timestamp mutations: dropped, not a date, or an out-of-range month or
// hour written into the canonical text.
void append_started_at(Line& line, const Interaction& r, Mutation m) {
    std::string& out = line.out();
    switch (m) {
        case Mutation::drop_started_at:
            break;
        case Mutation::ts_text:
            line.raw("started_at", "\"not a date\"");
            break;
        case Mutation::ts_month_13:
        case Mutation::ts_hour_25: {
            line.key("started_at");
            out.push_back('"');
            const std::size_t at = out.size();
            append_timestamp(out, r.started_at);
            const std::size_t pos = at + (m == Mutation::ts_month_13 ? 5 : 11);
            out[pos] = m == Mutation::ts_month_13 ? '1' : '2';
            out[pos + 1] = m == Mutation::ts_month_13 ? '3' : '5';
            out.push_back('"');
            break;
        }
        default:
            line.timestamp("started_at", r.started_at);
    }
}

void append_record(std::string& out, const Interaction& r, Mutation m) {
    Line line(out);
    append_id(line, r, m);
    line.string("customer_id", r.customer_id);
    line.string("case_id", r.case_id);
    line.string("agent_id", r.agent_id);
    line.string("queue", r.queue);
    line.string("team", r.team);
    if (m == Mutation::channel_number) {
        line.raw("channel", "3");
    } else {
        line.string("channel", to_string(r.channel));
    }
    if (r.direction == Direction::outbound) {
        line.string("direction", to_string(r.direction));
    }
    append_started_at(line, r, m);
    line.timestamp("answered_at", r.answered_at);
    line.timestamp("ended_at", r.ended_at);
    if (m == Mutation::wait_negative) {
        line.raw("wait_seconds", "-12.5");
    } else {
        line.number("wait_seconds", r.wait_seconds);
    }
    line.number("talk_seconds", r.talk_seconds);
    line.number("hold_seconds", r.hold_seconds);
    line.number("wrap_seconds", r.wrap_seconds);
    line.number("handle_seconds", r.handle_seconds);
    if (m == Mutation::abandoned_string) {
        line.raw("abandoned", "\"no\"");
    } else if (r.abandoned) {
        line.raw("abandoned", "true");
    }
    line.boolean("resolved", r.resolved);
    line.boolean("first_contact_resolution", r.first_contact_resolution);
    line.number("first_response_seconds", r.first_response_seconds);
    line.number("resolution_seconds", r.resolution_seconds);
    if (m == Mutation::csat_9) {
        line.raw("csat", "9");
    } else {
        line.integer("csat", r.csat);
    }
    if (m == Mutation::nps_11) {
        line.raw("nps", "11");
    } else {
        line.integer("nps", r.nps);
    }
    line.integer("ces", r.ces);
    line.number("revenue", r.revenue);
    line.end();
}

}  // namespace

void append_ndjson(std::string& out, const Interaction& record) {
    append_record(out, record, Mutation::none);
    out.push_back('\n');
}

void append_ndjson(std::string& out, const Purchase& purchase) {
    Line line(out);
    line.string("customer_id", purchase.customer_id);
    line.timestamp("at", purchase.at);
    line.key("amount");
    append_number(out, purchase.amount);
    line.end();
    out.push_back('\n');
}

std::string format_timestamp(Timestamp t) {
    std::string s;
    append_timestamp(s, t);
    return s;
}

std::string_view to_string(DirtyKind kind) noexcept {
    switch (kind) {
        case DirtyKind::not_json:
            return "not_json";
        case DirtyKind::not_object:
            return "not_object";
        case DirtyKind::missing_field:
            return "missing_field";
        case DirtyKind::wrong_type:
            return "wrong_type";
        case DirtyKind::out_of_range:
            return "out_of_range";
        case DirtyKind::bad_timestamp:
            return "bad_timestamp";
    }
    return "unknown";
}

void append_dirty_ndjson(std::string& out, const Interaction& record, DirtyKind kind,
                         std::uint64_t variant) {
    const auto pick = [variant](std::initializer_list<Mutation> options) {
        return *(options.begin() + static_cast<std::ptrdiff_t>(variant % options.size()));
    };
    switch (kind) {
        case DirtyKind::not_json: {
            // A prefix of an object that lacks its closing brace is never valid JSON.
            const std::size_t at = out.size();
            append_record(out, record, Mutation::none);
            const std::size_t len = out.size() - at;
            out.resize(at + len / 4 + variant % (len / 2 + 1));
            break;
        }
        case DirtyKind::not_object:
            switch (variant % 3) {
                case 0:
                    out.push_back('[');
                    append_record(out, record, Mutation::none);
                    out.push_back(']');
                    break;
                case 1:
                    append_escaped(out, record.id);
                    break;
                default:
                    out.append("null");
            }
            break;
        case DirtyKind::missing_field:
            append_record(out, record, pick({Mutation::drop_id, Mutation::drop_started_at}));
            break;
        case DirtyKind::wrong_type:
            append_record(
                out, record,
                pick({Mutation::id_number, Mutation::abandoned_string, Mutation::channel_number}));
            break;
        case DirtyKind::out_of_range:
            append_record(out, record,
                          pick({Mutation::csat_9, Mutation::nps_11, Mutation::wait_negative}));
            break;
        case DirtyKind::bad_timestamp:
            append_record(out, record,
                          pick({Mutation::ts_month_13, Mutation::ts_hour_25, Mutation::ts_text}));
            break;
    }
    out.push_back('\n');
}

std::uint64_t WriteStats::dirty_total() const noexcept {
    std::uint64_t n = 0;
    for (const auto d : dirty) {
        n += d;
    }
    return n;
}

namespace {
constexpr std::size_t kBufferBytes = std::size_t{1} << 20U;
}

NdjsonWriter::NdjsonWriter(std::ostream& out, std::uint64_t seed, double dirty_fraction)
    : out_(out),
      rng_state_(detail::mix(seed, 0x64697274792d6c6eULL)),
      dirty_threshold_(detail::probability_threshold(dirty_fraction)) {
    if (!(dirty_fraction >= 0.0 && dirty_fraction <= 1.0)) {
        throw InvalidArgument("NdjsonWriter", "dirty_fraction", std::to_string(dirty_fraction),
                              "is outside [0, 1]");
    }
    buffer_.reserve(kBufferBytes + 4096);
}

NdjsonWriter::~NdjsonWriter() {
    try {
        flush();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
}

void NdjsonWriter::write(const Interaction& record) {
    const std::size_t before = buffer_.size();
    if (dirty_threshold_ != 0 && detail::splitmix64(rng_state_) < dirty_threshold_) {
        const std::uint64_t r = detail::splitmix64(rng_state_);
        const auto kind = static_cast<std::size_t>(((r >> 32U) * kDirtyKinds) >> 32U);
        append_dirty_ndjson(buffer_, record, static_cast<DirtyKind>(kind), r & 0xffffffffULL);
        ++stats_.dirty[kind];
    } else {
        append_ndjson(buffer_, record);
    }
    ++stats_.lines;
    stats_.bytes += buffer_.size() - before;
    maybe_flush();
}

void NdjsonWriter::write(const Purchase& purchase) {
    const std::size_t before = buffer_.size();
    append_ndjson(buffer_, purchase);
    ++stats_.lines;
    stats_.bytes += buffer_.size() - before;
    maybe_flush();
}

void NdjsonWriter::maybe_flush() {
    if (buffer_.size() >= kBufferBytes) {
        flush();
    }
}

void NdjsonWriter::flush() {
    if (!buffer_.empty()) {
        out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        buffer_.clear();
    }
    out_.flush();
}

WriteStats write_interactions_ndjson(const GeneratorOptions& options, std::ostream& out) {
    InteractionGenerator gen(options);
    NdjsonWriter writer(out, options.seed, options.dirty_fraction);
    Interaction record;
    while (gen.next(record)) {
        writer.write(record);
    }
    writer.flush();
    return writer.stats();
}

WriteStats write_purchases_ndjson(const PurchaseOptions& options, std::ostream& out) {
    PurchaseGenerator gen(options);
    NdjsonWriter writer(out);
    Purchase purchase;
    while (gen.next(purchase)) {
        writer.write(purchase);
    }
    writer.flush();
    return writer.stats();
}

}  // namespace cskpi::generator
