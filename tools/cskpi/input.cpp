#include "input.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "arguments.hpp"
#include "errors.hpp"
#include "output.hpp"

namespace cskpi::cli {

void add_input_options(CLI::App& command, InputOptions& options, const std::string& files_help) {
    command.add_option("FILE", options.files, files_help)->type_name("FILE");
    command
        .add_option("--preset", options.preset,
                    "Mapping preset: canonical (default), canonical-purchase, amazon-connect, "
                    "genesys-cloud, zendesk, zendesk-satisfaction")
        ->type_name("NAME");
    command.add_option("--mapping", options.mapping_file, "Mapping file (docs/mapping.md)")
        ->type_name("FILE");
    command.add_flag("--strict", options.strict,
                     "Stop at the first bad record (exit 1) instead of skipping and listing it");
    command
        .add_option("--max-errors", options.max_errors,
                    "How many rejected records to list (the rest are counted)")
        ->type_name("N")
        ->default_str("100");
}

void add_input_format_option(CLI::App& command, InputOptions& options) {
    options.input_format = "auto";
    command
        .add_option("--input-format", options.input_format,
                    "Input format: csv, ndjson, json or auto (by extension: .csv, .ndjson, "
                    ".jsonl, .json; else by content: '{' or '[' first is JSON, else CSV)")
        ->type_name("FORMAT")
        ->default_str("auto");
}

void add_dedupe_option(CLI::App& command, InputOptions& options) {
    command.add_flag("--dedupe", options.dedupe,
                     "Count canonical records with the same id once, keeping the later copy "
                     "(overlapping exports); a mapping de-duplicates with its \"dedupe\"");
}

json::Mapping choose_mapping(const InputOptions& options, const std::string& fallback) {
    const bool mapped = !options.mapping_file.empty() || !options.mapping_document.empty();
    if (!options.preset.empty() && mapped) {
        throw UsageError("--preset and --mapping cannot be used together");
    }
    if (options.dedupe) {
        // Only the canonical records have a known id; a mapping names its own key.
        if (mapped || (options.preset.empty() ? fallback : options.preset) != "canonical") {
            throw UsageError(
                "--dedupe is for canonical interaction records; a mapping de-duplicates with "
                "its \"dedupe\" member (docs/mapping.md)");
        }
        return json::Mapping::canonical_deduplicated();
    }
    if (!options.mapping_document.empty()) {
        std::istringstream in(options.mapping_document);
        try {
            return json::Mapping::load(in, "mapping");
        } catch (const json::MappingError& e) {
            throw UsageError(fmt::format("mapping: {}", one_line(e.what())));
        }
    }
    if (!options.mapping_file.empty()) {
        const std::string& path = options.mapping_file;
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            throw RunError(fmt::format("cannot read mapping {}: Is a directory", path));
        }
        // Opened once: a FIFO or process substitution can be read only once.
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw RunError(fmt::format("cannot read mapping {}: {}", path, std::strerror(errno)));
        }
        try {
            return json::Mapping::load(in, std::filesystem::path(path).stem().string());
        } catch (const json::MappingError& e) {
            throw UsageError(fmt::format("--mapping: {}: {}", path, one_line(e.what())));
        }
    }
    const std::string& name = options.preset.empty() ? fallback : options.preset;
    const auto names = json::Mapping::preset_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        throw UsageError(
            fmt::format("--preset: unknown preset \"{}\" ({})", name, fmt::join(names, ", ")));
    }
    try {
        return json::Mapping::preset(name);
    } catch (const json::MappingError& e) {
        throw RunError(one_line(e.what()));
    }
}

// An input file opened once: reads go through it, and its first bytes are kept for
// require_accepted's diagnosis.
class OpenInput {
  public:
    OpenInput(int fd, bool owned, std::string name)
        : fd_(fd), owned_(owned), name_(std::move(name)) {}
    ~OpenInput() {
        if (owned_) {
            ::close(fd_);
        }
    }
    OpenInput(const OpenInput&) = delete;
    OpenInput& operator=(const OpenInput&) = delete;

    // Up to `size` bytes, 0 at the end; throws RunError on a read error.
    std::size_t read(char* data, std::size_t size) {
        while (true) {
            const ssize_t n = ::read(fd_, data, size);
            if (n >= 0) {
                const auto got = static_cast<std::size_t>(n);
                if (head_.size() < kHeadBytes) {
                    head_.append(data, std::min(got, kHeadBytes - head_.size()));
                }
                return got;
            }
            if (errno != EINTR) {
                error_ = errno;
                throw RunError(fmt::format("cannot read {}: {}", name_, std::strerror(error_)));
            }
        }
    }

    // The first bytes of the input: those read so far, or for a regular file read by other
    // handles (the threaded reader), read here without moving this handle.
    std::string head(bool regular) const {
        if (!head_.empty() || !regular) {
            return head_;
        }
        std::string bytes(kHeadBytes, '\0');
        const ssize_t n = ::pread(fd_, bytes.data(), bytes.size(), 0);
        bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        return bytes;
    }

    // The errno of a failed read, 0 if none.
    int error() const noexcept { return error_; }

  private:
    static constexpr std::size_t kHeadBytes = 4096;
    int error_ = 0;
    int fd_;
    bool owned_;
    std::string name_;
    std::string head_;
};

namespace {

// A read-only stream buffer over an open input that counts the bytes into a Progress.
class InputStreambuf : public std::streambuf {
  public:
    InputStreambuf(OpenInput& input, Progress& progress)
        : input_(input), progress_(progress), buffer_(std::size_t{64} << 10) {}

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) {
            return traits_type::to_int_type(*gptr());
        }
        const std::size_t n = input_.read(buffer_.data(), buffer_.size());
        if (n == 0) {
            return traits_type::eof();
        }
        progress_.add_bytes(n);
        setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

    // What is buffered first, then large reads straight from the file.
    std::streamsize xsgetn(char* data, std::streamsize count) override {
        std::streamsize done = std::min<std::streamsize>(count, egptr() - gptr());
        if (done > 0) {
            std::memcpy(data, gptr(), static_cast<std::size_t>(done));
            gbump(static_cast<int>(done));
        }
        while (done < count) {
            const std::size_t n = input_.read(data + done, static_cast<std::size_t>(count - done));
            if (n == 0) {
                break;
            }
            progress_.add_bytes(n);
            done += static_cast<std::streamsize>(n);
        }
        return done;
    }

  private:
    OpenInput& input_;
    Progress& progress_;
    std::vector<char> buffer_;
};

InputSource open_input(const std::string& name, bool is_stdin) {
    const int fd = is_stdin ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw RunError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
    }
    auto handle = std::make_shared<OpenInput>(fd, !is_stdin, name);
    InputSource input{name, is_stdin, false, 0, handle};
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        throw RunError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
    }
    if (S_ISDIR(info.st_mode)) {
        throw RunError(fmt::format("cannot read {}: Is a directory", name));
    }
    if (S_ISREG(info.st_mode)) {
        input.regular = true;
        const off_t position = is_stdin ? ::lseek(fd, 0, SEEK_CUR) : 0;
        if (position >= 0 && position <= info.st_size) {
            input.size = static_cast<std::uint64_t>(info.st_size - position);
        }
    }
    return input;
}

}  // namespace

std::vector<InputSource> resolve_inputs(const std::vector<std::string>& files) {
    std::vector<InputSource> inputs;
    if (files.empty()) {
        inputs.push_back(open_input("-", true));
    }
    bool stdin_seen = false;
    for (const std::string& name : files) {
        if (name == "-") {
            if (stdin_seen) {
                throw UsageError("\"-\" (stdin) can be given only once");
            }
            stdin_seen = true;
        }
        inputs.push_back(open_input(name, name == "-"));
    }
    return inputs;
}

std::uint64_t total_size(const std::vector<InputSource>& inputs) {
    std::uint64_t total = 0;
    for (const InputSource& input : inputs) {
        if (input.size == 0) {
            return 0;
        }
        total += input.size;
    }
    return total;
}

void merge_summary(InputSummary& total, const InputSummary& part, std::size_t max_errors) {
    merge(total, part, max_errors);
}

std::vector<std::string> coverage_notes(const InputSummary& summary) {
    std::vector<std::string> notes;
    for (const FieldCoverage& field : summary.fields) {
        // Under 1% of the accepted records: a pointer that matches (nearly) nothing.
        if (summary.accepted > 0 && field.found * 100 < summary.accepted) {
            notes.push_back(fmt::format("{}: mapped from {}, found in {} of {} records",
                                        field.field, field.source, field.found, summary.accepted));
        }
    }
    return notes;
}

std::string rejection_note(const InputSummary& summary) {
    if (summary.rejected == 0) {
        return {};
    }
    std::string note = fmt::format("{} of {} records rejected", summary.rejected, summary.read);
    if (!summary.errors.empty()) {
        note += fmt::format(" (first: {})", one_line(json::describe(summary.errors.front())));
    }
    return note;
}

void with_input_stream(const InputSource& input, Progress& progress,
                       const std::function<void(std::istream&)>& read) {
    InputStreambuf buffer(*input.handle, progress);
    std::istream in(&buffer);
    try {
        read(in);
    } catch (const json::InputFileError& e) {
        // A read error in the stream buffer reaches the reader only as the stream's badbit.
        const int error = input.handle->error();
        throw RunError(error != 0
                           ? fmt::format("cannot read {}: {}", input.name, std::strerror(error))
                           : std::string(e.what()));
    }
}

std::string input_label(const std::vector<InputSource>& inputs, std::size_t i) {
    return inputs.size() == 1 ? inputs[i].name
                              : fmt::format("{} ({}/{})", inputs[i].name, i + 1, inputs.size());
}

InputSummary read_each_input(
    const std::vector<InputSource>& inputs, std::size_t max_errors,
    const std::function<InputSummary(std::istream&, const InputSource&, Progress&)>& read_one) {
    InputSummary summary;
    Progress progress(total_size(inputs), stderr_is_terminal());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        progress.set_label(input_label(inputs, i));
        InputSummary part;
        with_input_stream(inputs[i], progress,
                          [&](std::istream& in) { part = read_one(in, inputs[i], progress); });
        merge_summary(summary, part, max_errors);
    }
    return summary;
}

InputSummary read_deduplicated(const std::vector<InputSource>& inputs, const json::Mapping& mapping,
                               const json::ReadOptions& read,
                               const std::function<void(Interaction&&)>& sink) {
    std::vector<Interaction> kept;
    std::unordered_map<std::string, std::size_t> index_of_id;
    std::uint64_t dropped = 0;
    const auto keep = [&](Interaction&& record) {
        const auto [at, first] = index_of_id.try_emplace(record.id, kept.size());
        if (first) {
            kept.push_back(std::move(record));
        } else {
            // The later copy is kept, as a mapping's dedupe keeps it within one input.
            kept[at->second] = std::move(record);
            ++dropped;
        }
    };
    InputSummary summary =
        read_each_input(inputs, read.max_errors,
                        [&](std::istream& in, const InputSource& input, Progress& progress) {
                            return json::read_interactions(
                                in, mapping, read,
                                [&](Interaction&& record) {
                                    progress.add_records(1);
                                    keep(std::move(record));
                                },
                                input.name);
                        });
    for (Interaction& record : kept) {
        sink(std::move(record));
    }
    summary.accepted -= dropped;
    summary.duplicates += dropped;
    return summary;
}

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The name of the first member of a JSON object text whose value is an array, e.g.
// "satisfaction_ratings" in `{"satisfaction_ratings": [{...`; "" when there is none.
std::string first_array_member(std::string_view text) {
    std::size_t at = 0;
    while ((at = text.find('"', at)) != std::string_view::npos) {
        const auto close = text.find('"', at + 1);
        if (close == std::string_view::npos) {
            return {};
        }
        const std::string_view rest = trim(text.substr(close + 1));
        if (rest.size() >= 2 && rest[0] == ':' && trim(rest.substr(1)).starts_with('[')) {
            return std::string(text.substr(at + 1, close - at - 1));
        }
        at = close + 1;
    }
    return {};
}

// What the head of an input looks like, and what would read it; "" when nothing stands out.
std::string diagnose(std::string_view head, const std::string& csv_hint) {
    if (head.starts_with("\xEF\xBB\xBF")) {
        head.remove_prefix(3);
    }
    const std::string_view first_line = trim(head.substr(0, head.find('\n')));
    const std::string_view start = trim(head);
    if (start.starts_with('{')) {
        const std::string member = first_array_member(start.substr(1));
        if (!member.empty()) {
            for (const std::string& name : json::Mapping::preset_names()) {
                try {
                    if (json::Mapping::preset(name).records_at() == "/" + member) {
                        return fmt::format(
                            "it looks like an API list response with the records under "
                            "\"{}\": --preset {} reads it",
                            member, name);
                    }
                } catch (const json::MappingError&) {
                    // A preset that is not installed cannot be suggested.
                }
            }
            return fmt::format(
                "it looks like an API list response with the records under \"{}\": a mapping "
                "with \"records_at\": \"/{}\" reads it (docs/mapping.md)",
                member, member);
        }
        return {};
    }
    if (!start.starts_with('[') && first_line.find(',') != std::string_view::npos) {
        // Without a hint the command reads CSV itself (--input-format): its rows were
        // rejected for reasons of their own, which the caller gives.
        return csv_hint.empty() ? std::string()
                                : fmt::format("it looks like CSV: {} reads it", csv_hint);
    }
    return {};
}

}  // namespace

void require_accepted(const InputSummary& summary, const std::vector<InputSource>& inputs,
                      const std::string& csv_hint) {
    if (summary.accepted > 0 || summary.duplicates > 0) {
        return;
    }
    std::vector<std::string> names;
    for (const InputSource& input : inputs) {
        names.push_back(input.name);
    }
    const std::string which = fmt::format("{}", fmt::join(names, ", "));
    if (summary.read == 0) {
        throw RunError(
            fmt::format("no records: {} {} empty", which, inputs.size() == 1 ? "is" : "are"));
    }
    std::string why;
    for (const InputSource& input : inputs) {
        why = diagnose(input.handle->head(input.regular), csv_hint);
        if (!why.empty()) {
            if (inputs.size() > 1) {
                why = fmt::format("{}: {}", input.name, why);
            }
            break;
        }
    }
    if (why.empty() && !summary.errors.empty()) {
        // The most common reason among the listed errors, with its first example.
        std::map<std::pair<std::string, std::string>, std::size_t> reasons;
        for (const InputError& error : summary.errors) {
            ++reasons[{error.field, error.code}];
        }
        const auto most =
            std::max_element(reasons.begin(), reasons.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        const auto example = std::find_if(
            summary.errors.begin(), summary.errors.end(),
            [&](const InputError& e) { return std::pair(e.field, e.code) == most->first; });
        why = fmt::format("the most common reason ({} of the {} listed): {}", most->second,
                          summary.errors.size(), one_line(json::describe(*example)));
    }
    throw RunError(fmt::format("no record accepted: all {} records read from {} were rejected{}{}",
                               summary.rejected, which, why.empty() ? "" : "; ", why));
}

void note_input(const InputSummary& summary, const InputOptions& options) {
    if (const std::string rejected = rejection_note(summary); !rejected.empty()) {
        note(rejected);
    }
    if (options.mapping_file.empty()) {
        return;
    }
    for (const std::string& line : coverage_notes(summary)) {
        note(line);
    }
}

json::ReadOptions read_options(const InputOptions& options) {
    json::ReadOptions read;
    read.strict = options.strict;
    read.max_errors = static_cast<std::size_t>(parse_integer(
        "--max-errors", options.max_errors, 0, std::numeric_limits<std::int32_t>::max()));
    const std::string& f = options.input_format;
    if (f.empty() || f == "ndjson" || f == "json") {
        read.format = json::InputFormat::json;
    } else if (f == "csv") {
        read.format = json::InputFormat::csv;
    } else if (f == "auto") {
        read.format = json::InputFormat::automatic;
    } else {
        throw UsageError(fmt::format("--input-format: \"{}\" is not csv, ndjson, json or auto", f));
    }
    return read;
}

}  // namespace cskpi::cli
