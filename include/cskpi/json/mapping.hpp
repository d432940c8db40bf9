#pragma once
/// \file
/// `Mapping`: where each canonical field is in a source's JSON records, and how to convert it.
/// The format is documented with examples in docs/mapping.md; presets are mapping files.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <optional>

#include "cskpi/error.hpp"
#include "cskpi/queue_kpis.hpp"

namespace cskpi::json {

/// A mapping document with a mistake: unknown canonical field, bad JSON Pointer, unknown
/// unit or format, an enum map to a value the field cannot take, ... The message names the
/// place in the mapping, e.g. `fields.talk_seconds.unit: unknown unit "sec" (ms, s, min, h)`.
class MappingError : public Error {
  public:
    using Error::Error;
};

/// Bounds on a mapping, checked when it is loaded: past one the mapping is refused with a
/// MappingError naming the place. They keep loading and decoding within a fixed stack depth
/// and in memory proportional to what a real mapping needs, whatever the document holds.
struct MappingLimits {
    /// Segments of one JSON Pointer (`/a/b` has 2). Records nest at most 1024 levels, the
    /// record object being the first, so a longer pointer could never match.
    static constexpr std::size_t pointer_segments = 1023;
    /// Distinct pointer prefixes of the whole mapping (`/a/b` and `/a/c` make 3: `/a`, `/a/b`,
    /// `/a/c`), the places a reader looks for members.
    static constexpr std::size_t pointer_prefixes = 65536;
    /// Levels of a `when` condition: the condition is level 1, one in its `all` / `any` list
    /// level 2, and so on.
    static constexpr std::size_t condition_depth = 32;
    /// Conditions in the whole mapping, at every level; each is evaluated on every record.
    static constexpr std::size_t conditions = 10000;
    /// Steps of one `each` walk (`"each": ["/participants", {"pointer": "/purpose", "eq":
    /// "agent"}]` has 2). A pointer step always descends, so a walk visits each element of a
    /// record at most once per step.
    static constexpr std::size_t each_steps = 32;
    /// `each` walks in the whole mapping, those of `exists` conditions included; each walks
    /// the record once more.
    static constexpr std::size_t each_walks = 256;
};

/// What a mapping produces.
enum class RecordKind { interaction, purchase };

namespace detail {
struct CompiledMapping;
}

/// A validated mapping, ready to decode records. Cheap to copy (shared, immutable).
///
/// Example:
/// ```
/// auto mapping = cskpi::json::Mapping::preset("amazon-connect");
/// auto custom = cskpi::json::Mapping::load_file("my-crm.json");
/// ```
class Mapping {
  public:
    /// Parses and validates a mapping document. Throws MappingError naming the problem.
    ///
    /// Example: `Mapping::parse(nlohmann::json::parse(R"({"fields": {"id": "/ContactId"}})"))`
    /// fails: started_at is required.
    [[nodiscard]] static Mapping parse(const nlohmann::json& document);

    /// Reads and validates a mapping file. Throws MappingError naming the file and problem.
    ///
    /// Example: `Mapping::load_file("presets/zendesk.json")`.
    [[nodiscard]] static Mapping load_file(const std::filesystem::path& path);

    /// Reads and validates a mapping from a stream already open, such as a pipe that can be
    /// read only once. `name` names it in errors and is the mapping's name when the document
    /// has none. Throws MappingError.
    ///
    /// Example: `Mapping::load(std::cin, "stdin-mapping")`.
    [[nodiscard]] static Mapping load(std::istream& in, const std::string& name);

    /// A shipped preset by name: "canonical", "canonical-purchase", "amazon-connect",
    /// "zendesk", "zendesk-satisfaction". Looked up in $CSKPI_PRESET_DIR, then the
    /// installed share/cskpi/presets, then the source tree. Throws MappingError when unknown.
    ///
    /// Example: `Mapping::preset("canonical")`.
    [[nodiscard]] static Mapping preset(std::string_view name);

    /// The names of the shipped presets.
    [[nodiscard]] static std::vector<std::string> preset_names();

    /// The built-in canonical interaction mapping (the field names of docs/records.md at the
    /// top level), available without any file.
    ///
    /// Example: `auto m = cskpi::json::Mapping::canonical();`
    [[nodiscard]] static Mapping canonical(RecordKind kind = RecordKind::interaction);

    /// The canonical interaction mapping that also reduces records with the same `id` to one,
    /// the later copy, counting the others as duplicates (a mapping's `"dedupe": {"key":
    /// "/id"}`): overlapping exports read together then count each contact once.
    ///
    /// Example: `read_interactions(in, Mapping::canonical_deduplicated(), {}, sink);`
    [[nodiscard]] static Mapping canonical_deduplicated();

    /// Interactions or purchases.
    [[nodiscard]] RecordKind kind() const noexcept;

    /// The mapping's name (its "name" member, or the preset or file name).
    [[nodiscard]] const std::string& name() const noexcept;

    /// Where a wrapper document (an API list response) holds the records, as a JSON Pointer
    /// ("/satisfaction_ratings"); empty when the mapping reads records directly.
    ///
    /// Example: `Mapping::preset("zendesk").records_at()` is "/ticket_metrics".
    [[nodiscard]] std::string records_at() const;

    /// Whether the mapping reads the top-level member `name` as a value (the pointer
    /// "/name"): which columns of a CSV file or a RecordTable it looks at.
    ///
    /// Example: `Mapping::canonical().reads_column("agent_id")` is true.
    [[nodiscard]] bool reads_column(std::string_view name) const;

    /// Whether the mapping reduces records with the same key to one (its "dedupe" member):
    /// such records must be read in one pass, not in parts.
    ///
    /// Example: `Mapping::canonical_deduplicated().deduplicates()` is true.
    [[nodiscard]] bool deduplicates() const noexcept;

    /// Whose KPI definitions the source's own dashboards follow (the mapping's "definitions"
    /// member), which `cskpi report` uses unless told otherwise; empty when not given.
    ///
    /// Example: `Mapping::preset("amazon-connect").definitions() ==
    /// cskpi::Definitions::amazon_connect`.
    [[nodiscard]] std::optional<Definitions> definitions() const noexcept;

    /// Internal: the compiled form the readers use.
    [[nodiscard]] const detail::CompiledMapping& compiled() const noexcept { return *compiled_; }

  private:
    explicit Mapping(std::shared_ptr<const detail::CompiledMapping> compiled);
    static Mapping parse_checked(const nlohmann::json& document);
    std::shared_ptr<const detail::CompiledMapping> compiled_;
};

}  // namespace cskpi::json
