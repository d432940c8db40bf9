#pragma once
// Accounts for every record of an input: counts, the first N errors, strict mode, and
// de-duplication. Shared by the streaming and in-memory readers. Internal.

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiled_mapping.hpp"
#include "cskpi/json/reader.hpp"
#include "decode.hpp"

namespace cskpi::json::detail {

// Where a record was: an NDJSON line or an array index.
struct Position {
    std::optional<std::uint64_t> line;
    std::optional<std::uint64_t> index;
};

template <typename Record>
class Collector {
  public:
    using Sink = std::function<void(Record&&)>;

    Collector(const ReadOptions& options, std::string source, const Sink& sink,
              const CompiledMapping& mapping)
        : options_(options),
          source_(std::move(source)),
          sink_(sink),
          dedupe_(mapping.dedupe.has_value()) {
        // The optional fields read from a pointer; required ones are in every accepted record.
        const std::size_t rules = std::min<std::size_t>(mapping.rules.size(), 64);
        for (std::size_t i = 0; i < rules; ++i) {
            const FieldRule& rule = mapping.rules[i];
            if (rule.slot >= 0 && !rule.info.required) {
                tracked_ |= std::uint64_t{1} << i;
                summary_.fields.push_back(
                    FieldCoverage{std::string(rule.info.name),
                                  mapping.slot_pointers[static_cast<std::size_t>(rule.slot)], 0});
                field_rules_.push_back(i);
            }
        }
    }

    void reject(const Position& at, std::string field, std::string code, std::string message) {
        ++summary_.read;
        ++summary_.rejected;
        InputError e{source_,          at.line,         at.index,
                     std::move(field), std::move(code), std::move(message)};
        if (options_.strict) {
            throw RecordRejected(std::move(e));
        }
        if (summary_.errors.size() < options_.max_errors) {
            summary_.errors.push_back(std::move(e));
        } else {
            summary_.errors_truncated = true;
        }
    }

    void take(const Position& at, Decoded<Record>&& d) {
        if (auto* error = std::get_if<DecodeError>(&d.result)) {
            reject(at, std::move(error->field), std::move(error->code), std::move(error->message));
            return;
        }
        ++summary_.read;
        Record& record = std::get<Record>(d.result);
        if (!dedupe_ || !d.dedupe) {
            ++summary_.accepted;
            count_fields(d.present);
            sink_(std::move(record));
            return;
        }
        // Kept in order of first appearance, so output does not depend on hashing.
        auto [it, inserted] = held_index_.try_emplace(std::move(d.dedupe->key), held_.size());
        if (inserted) {
            held_.push_back(Held{std::move(d.dedupe->rank), std::move(record), d.present});
            return;
        }
        ++summary_.duplicates;
        Held& held = held_[it->second];
        if (keeps_over(d.dedupe->rank, held.rank)) {
            held = Held{std::move(d.dedupe->rank), std::move(record), d.present};
        }
    }

    // Passes on the de-duplicated records and returns the account.
    InputSummary finish() {
        for (auto& held : held_) {
            ++summary_.accepted;
            count_fields(held.present);
            sink_(std::move(held.record));
        }
        held_.clear();
        held_index_.clear();
        for (std::size_t k = 0; k < field_rules_.size(); ++k) {
            summary_.fields[k].found = found_[field_rules_[k]];
        }
        return summary_;
    }

    InputSummary& summary() noexcept { return summary_; }

  private:
    struct Held {
        DedupeRank rank;
        Record record;
        std::uint64_t present;
    };

    void count_fields(std::uint64_t present) noexcept {
        for (std::uint64_t bits = present & tracked_; bits != 0; bits &= bits - 1) {
            ++found_[static_cast<std::size_t>(std::countr_zero(bits))];
        }
    }

    const ReadOptions& options_;
    std::string source_;
    const Sink& sink_;
    bool dedupe_;
    InputSummary summary_;
    std::vector<Held> held_;
    std::uint64_t tracked_ = 0;              // rules whose coverage is counted
    std::vector<std::size_t> field_rules_;   // summary_.fields[k] is rule field_rules_[k]
    std::array<std::uint64_t, 64> found_{};  // by rule
    std::unordered_map<std::string, std::size_t> held_index_;
};

}  // namespace cskpi::json::detail
