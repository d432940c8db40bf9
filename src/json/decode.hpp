#pragma once
// Turns the values captured for one source record into a canonical record, or the reason it
// is rejected. Shared by the bulk (simdjson) and in-memory (nlohmann) paths so both give the
// same records. Internal.

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "compiled_mapping.hpp"
#include "cskpi/contact_kpis.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/records.hpp"

namespace cskpi::json::detail {

// Rank of a copy for de-duplication: greater wins; ties keep the later copy.
struct DedupeRank {
    enum class Type : std::uint8_t { none, number, text } type = Type::none;
    double number = 0.0;
    std::string text;
};

struct DedupeInfo {
    std::string key;
    DedupeRank rank;
};

// A problem found while decoding: field ("" for the record), code, message.
struct DecodeError {
    std::string field;
    std::string code;
    std::string message;
};

template <typename Record>
struct Decoded {
    std::variant<Record, DecodeError> result;
    std::optional<DedupeInfo> dedupe;
    // Bit i: rule i read a value (not null) from its source; for the field coverage.
    std::uint64_t present = 0;
};

Decoded<Interaction> decode_interaction(const CompiledMapping& m,
                                        const std::vector<Captured>& slots, const CsatScale& scale);
Decoded<Purchase> decode_purchase(const CompiledMapping& m, const std::vector<Captured>& slots);

// The record of one kind from captured slots: what the readers of every format call.
template <typename Record>
Decoded<Record> decode_record(const CompiledMapping& m, const std::vector<Captured>& slots,
                              const CsatScale& csat) {
    if constexpr (std::is_same_v<Record, Interaction>) {
        return decode_interaction(m, slots, csat);
    } else {
        return decode_purchase(m, slots);
    }
}

// Throws MappingError unless the mapping makes `kind` records.
void require_record_kind(const CompiledMapping& m, RecordKind kind);

template <typename Record>
void require_record_kind(const CompiledMapping& m) {
    require_record_kind(
        m, std::is_same_v<Record, Interaction> ? RecordKind::interaction : RecordKind::purchase);
}

// Whether a condition holds over captured slots, e.g. {"present": "/Queue"} when the slot
// of "/Queue" holds a value that is not null.
bool evaluate(const Condition& c, const std::vector<Captured>& slots);

// True when `a` outranks (or ties) `b`: the copy that de-duplication keeps.
bool keeps_over(const DedupeRank& a, const DedupeRank& b) noexcept;

}  // namespace cskpi::json::detail
