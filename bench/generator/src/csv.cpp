// The CSV writer: canonical interactions and purchases, one row each under a header of the
// canonical field names (RFC 4180 quoting; empty cells for absent fields).

#include <charconv>
#include <ostream>

#include "cskpi_generator/generator.hpp"
#include "detail.hpp"

namespace cskpi::generator {

namespace {

constexpr const char* kInteractionHeader =
    "id,customer_id,case_id,agent_id,queue,team,channel,direction,started_at,answered_at,"
    "ended_at,wait_seconds,talk_seconds,hold_seconds,wrap_seconds,handle_seconds,abandoned,"
    "resolved,first_contact_resolution,first_response_seconds,resolution_seconds,csat,nps,ces,"
    "revenue\n";

void text(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(s);
    } else {
        out.push_back('"');
        for (const char c : s) {
            if (c == '"') {
                out.push_back('"');
            }
            out.push_back(c);
        }
        out.push_back('"');
    }
    out.push_back(',');
}

void number(std::string& out, const std::optional<double>& v) {
    if (v) {
        detail::append_number(out, *v);
    }
    out.push_back(',');
}

void integer(std::string& out, const std::optional<int>& v) {
    if (v) {
        char buf[16];
        const auto res = std::to_chars(buf, buf + sizeof buf, *v);
        out.append(buf, res.ptr);
    }
    out.push_back(',');
}

void flag(std::string& out, const std::optional<bool>& v) {
    if (v) {
        out.append(*v ? "true" : "false");
    }
    out.push_back(',');
}

void stamp(std::string& out, const std::optional<Timestamp>& v) {
    if (v) {
        detail::append_timestamp(out, *v);
    }
    out.push_back(',');
}

}  // namespace

void append_csv(std::string& out, const Interaction& r) {
    text(out, r.id);
    text(out, r.customer_id);
    text(out, r.case_id);
    text(out, r.agent_id);
    text(out, r.queue);
    text(out, r.team);
    text(out, to_string(r.channel));
    text(out, to_string(r.direction));
    stamp(out, r.started_at);
    stamp(out, r.answered_at);
    stamp(out, r.ended_at);
    number(out, r.wait_seconds);
    number(out, r.talk_seconds);
    number(out, r.hold_seconds);
    number(out, r.wrap_seconds);
    number(out, r.handle_seconds);
    flag(out, r.abandoned);
    flag(out, r.resolved);
    flag(out, r.first_contact_resolution);
    number(out, r.first_response_seconds);
    number(out, r.resolution_seconds);
    integer(out, r.csat);
    integer(out, r.nps);
    integer(out, r.ces);
    number(out, r.revenue);
    out.back() = '\n';
}

WriteStats write_interactions_csv(const GeneratorOptions& options, std::ostream& out) {
    InteractionGenerator gen(options);
    std::string buffer(kInteractionHeader);
    WriteStats stats;
    stats.bytes = buffer.size();
    Interaction record;
    while (gen.next(record)) {
        const std::size_t before = buffer.size();
        append_csv(buffer, record);
        ++stats.lines;
        stats.bytes += buffer.size() - before;
        if (buffer.size() >= (std::size_t{1} << 20U)) {
            out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            buffer.clear();
        }
    }
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.flush();
    return stats;
}

}  // namespace cskpi::generator
