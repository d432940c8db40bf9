#include "cskpi/input_summary.hpp"

#include <fmt/format.h>

#include "cskpi/detail/state_bytes.hpp"

namespace cskpi {

void merge(InputSummary& total, const InputSummary& part, std::size_t max_errors) {
    total.read += part.read;
    total.accepted += part.accepted;
    total.rejected += part.rejected;
    total.duplicates += part.duplicates;
    for (const InputError& error : part.errors) {
        if (total.errors.size() < max_errors) {
            total.errors.push_back(error);
        } else {
            total.errors_truncated = true;
        }
    }
    total.errors_truncated = total.errors_truncated || part.errors_truncated;
    if (total.fields.empty()) {
        total.fields = part.fields;
        return;
    }
    for (std::size_t i = 0; i < total.fields.size() && i < part.fields.size(); ++i) {
        total.fields[i].found += part.fields[i].found;
    }
}

namespace {

void write_optional(detail::ByteWriter& out, const std::optional<std::uint64_t>& v) {
    out.u8(v ? 1 : 0);
    if (v) {
        out.varint(*v);
    }
}

std::optional<std::uint64_t> read_optional(detail::ByteReader& in, std::string_view what) {
    if (!in.flag(what)) {
        return std::nullopt;
    }
    return in.varint();
}

}  // namespace

std::vector<std::byte> to_bytes(const InputSummary& s) {
    detail::ByteWriter out(detail::StateKind::input_summary);
    for (const std::uint64_t n : {s.read, s.accepted, s.rejected, s.duplicates}) {
        out.varint(n);
    }
    out.varint(s.errors.size());
    for (const InputError& e : s.errors) {
        out.text(e.file);
        write_optional(out, e.line);
        write_optional(out, e.index);
        out.text(e.field);
        out.text(e.code);
        out.text(e.message);
    }
    out.u8(s.errors_truncated ? 1 : 0);
    out.varint(s.fields.size());
    for (const FieldCoverage& f : s.fields) {
        out.text(f.field);
        out.text(f.source);
        out.varint(f.found);
    }
    return std::move(out).finish();
}

InputSummary input_summary_from_bytes(std::span<const std::byte> bytes) {
    auto in = detail::ByteReader::unframe(bytes, detail::StateKind::input_summary);
    InputSummary s;
    s.read = in.varint();
    s.accepted = in.varint();
    s.rejected = in.varint();
    s.duplicates = in.varint();
    // Each part at most what is left of read, so the sum cannot wrap around.
    if (s.accepted > s.read || s.rejected > s.read - s.accepted ||
        s.duplicates != s.read - s.accepted - s.rejected) {
        in.fail(fmt::format("{} records read, but {} accepted, {} rejected and {} duplicates",
                            s.read, s.accepted, s.rejected, s.duplicates));
    }
    const std::size_t errors = in.count("the listed errors", 6);
    s.errors.resize(errors);
    for (InputError& e : s.errors) {
        e.file = in.text("an error's file");
        e.line = read_optional(in, "an error's line flag");
        e.index = read_optional(in, "an error's index flag");
        e.field = in.text("an error's field");
        e.code = in.text("an error's code");
        e.message = in.text("an error's message");
    }
    s.errors_truncated = in.flag("errors_truncated");
    const std::size_t fields = in.count("the field coverage", 3);
    s.fields.resize(fields);
    for (FieldCoverage& f : s.fields) {
        f.field = in.text("a field's name");
        f.source = in.text("a field's source");
        f.found = in.varint();
    }
    in.finish();
    return s;
}

}  // namespace cskpi
