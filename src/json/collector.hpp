#pragma once
// Accounts for every record of an input: counts, the first N errors, strict mode, and
// de-duplication. Shared by the streaming and in-memory readers. Internal.

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

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

    Collector(const ReadOptions& options, std::string source, const Sink& sink, bool dedupe)
        : options_(options), source_(std::move(source)), sink_(sink), dedupe_(dedupe) {}

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
            sink_(std::move(record));
            return;
        }
        // Kept in order of first appearance, so output does not depend on hashing.
        auto [it, inserted] = held_index_.try_emplace(std::move(d.dedupe->key), held_.size());
        if (inserted) {
            held_.push_back(Held{std::move(d.dedupe->rank), std::move(record)});
            return;
        }
        ++summary_.duplicates;
        Held& held = held_[it->second];
        if (keeps_over(d.dedupe->rank, held.rank)) {
            held = Held{std::move(d.dedupe->rank), std::move(record)};
        }
    }

    // Passes on the de-duplicated records and returns the account.
    InputSummary finish() {
        for (auto& held : held_) {
            ++summary_.accepted;
            sink_(std::move(held.record));
        }
        held_.clear();
        held_index_.clear();
        return summary_;
    }

    InputSummary& summary() noexcept { return summary_; }

  private:
    struct Held {
        DedupeRank rank;
        Record record;
    };
    const ReadOptions& options_;
    std::string source_;
    const Sink& sink_;
    bool dedupe_;
    InputSummary summary_;
    std::vector<Held> held_;
    std::unordered_map<std::string, std::size_t> held_index_;
};

}  // namespace cskpi::json::detail
