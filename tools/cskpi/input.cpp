#include "input.hpp"

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

#include "arguments.hpp"
#include "errors.hpp"

namespace cskpi::cli {

void add_input_options(CLI::App& command, InputOptions& options, const std::string& files_help) {
    command.add_option("FILE", options.files, files_help)->type_name("FILE");
    command
        .add_option("--preset", options.preset,
                    "Mapping preset: canonical (default), canonical-purchase, amazon-connect, "
                    "zendesk, zendesk-satisfaction")
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

json::Mapping choose_mapping(const InputOptions& options, const std::string& fallback) {
    if (!options.preset.empty() && !options.mapping_file.empty()) {
        throw UsageError("--preset and --mapping cannot be used together");
    }
    if (!options.mapping_file.empty()) {
        const std::string& path = options.mapping_file;
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            throw RunError(fmt::format("cannot read mapping {}: Is a directory", path));
        }
        if (std::ifstream probe(path); !probe) {
            throw RunError(fmt::format("cannot read mapping {}: {}", path, std::strerror(errno)));
        }
        try {
            return json::Mapping::load_file(path);
        } catch (const json::MappingError& e) {
            throw UsageError(fmt::format("--mapping: {}", one_line(e.what())));
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

std::vector<InputSource> resolve_inputs(const std::vector<std::string>& files) {
    std::vector<InputSource> inputs;
    if (files.empty()) {
        inputs.push_back({"-", true, 0});
    }
    bool stdin_seen = false;
    for (const std::string& name : files) {
        if (name == "-") {
            if (stdin_seen) {
                throw UsageError("\"-\" (stdin) can be given only once");
            }
            stdin_seen = true;
            inputs.push_back({"-", true, 0});
            continue;
        }
        std::error_code ec;
        if (std::filesystem::is_directory(name, ec)) {
            throw RunError(fmt::format("cannot read {}: Is a directory", name));
        }
        if (std::ifstream probe(name, std::ios::binary); !probe) {
            throw RunError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
        }
        const auto size = std::filesystem::file_size(name, ec);
        inputs.push_back({name, false, ec ? 0 : static_cast<std::uint64_t>(size)});
    }
    for (InputSource& input : inputs) {
        struct stat info {};
        if (input.is_stdin && ::fstat(STDIN_FILENO, &info) == 0 && S_ISREG(info.st_mode)) {
            const off_t position = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
            if (position >= 0 && position <= info.st_size) {
                input.size = static_cast<std::uint64_t>(info.st_size - position);
            }
        }
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
    if (input.is_stdin) {
        CountingStreambuf counting(*std::cin.rdbuf(), progress);
        std::istream in(&counting);
        read(in);
        return;
    }
    std::filebuf file;
    if (file.open(input.name, std::ios::in | std::ios::binary) == nullptr) {
        throw RunError(fmt::format("cannot read {}: {}", input.name, std::strerror(errno)));
    }
    CountingStreambuf counting(file, progress);
    std::istream in(&counting);
    read(in);
}

json::ReadOptions read_options(const InputOptions& options) {
    json::ReadOptions read;
    read.strict = options.strict;
    read.max_errors = static_cast<std::size_t>(parse_integer(
        "--max-errors", options.max_errors, 0, std::numeric_limits<std::int32_t>::max()));
    return read;
}

}  // namespace cskpi::cli
