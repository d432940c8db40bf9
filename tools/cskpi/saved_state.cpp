#include "saved_state.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

#include <sys/stat.h>

#include "cskpi/error.hpp"
#include "errors.hpp"

namespace cskpi::cli {
namespace {

// The frame's fixed layout (docs/state-format.md): 20 header bytes, the payload, a 4-byte CRC;
// the kind at byte 10 and the payload length at byte 12, little-endian.
constexpr std::size_t kHeaderBytes = 20;
constexpr std::size_t kTrailerBytes = 4;
constexpr std::uint64_t kReportKind = 2;
constexpr std::uint64_t kRetentionKind = 3;
constexpr std::uint64_t kRfmKind = 4;

std::uint64_t little_endian(std::span<const std::byte> bytes, std::size_t at, int width) {
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
        v |= std::to_integer<std::uint64_t>(bytes[at + static_cast<std::size_t>(i)]) << (8 * i);
    }
    return v;
}

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

std::vector<std::byte> read_whole(const std::string& path) {
    std::unique_ptr<std::FILE, FileCloser> owned;
    std::FILE* in = stdin;
    if (path != "-") {
        owned.reset(std::fopen(path.c_str(), "rb"));
        if (!owned) {
            throw RunError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
        }
        in = owned.get();
    }
    // Read straight into the buffer, sized from the file when it is a regular one: growing a
    // vector chunk by chunk copies a large state several times over.
    struct stat info {};
    const bool sized = fstat(fileno(in), &info) == 0 && S_ISREG(info.st_mode);
    std::vector<std::byte> bytes(sized ? static_cast<std::size_t>(info.st_size) + 1 : 1 << 16);
    std::size_t filled = 0;
    std::size_t n = 0;
    while ((n = std::fread(bytes.data() + filled, 1, bytes.size() - filled, in)) > 0) {
        filled += n;
        if (filled == bytes.size()) {
            bytes.resize(bytes.size() * 2);
        }
    }
    bytes.resize(filled);
    if (std::ferror(in) != 0) {
        throw RunError(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    }
    return bytes;
}

}  // namespace

std::vector<std::byte> saved_state_bytes(std::span<const std::byte> accumulator,
                                         const InputSummary& input) {
    const std::vector<std::byte> summary = to_bytes(input);
    std::vector<std::byte> bytes;
    bytes.reserve(accumulator.size() + summary.size());
    bytes.insert(bytes.end(), accumulator.begin(), accumulator.end());
    bytes.insert(bytes.end(), summary.begin(), summary.end());
    return bytes;
}

void save_state(const std::string& path, std::span<const std::byte> accumulator,
                const InputSummary& input) {
    // The two frames saved_state_bytes joins, written one after the other: joining a large
    // state in memory first would copy it once more.
    const std::vector<std::byte> summary = to_bytes(input);
    std::unique_ptr<std::FILE, FileCloser> owned;
    std::FILE* out = stdout;
    if (path != "-") {
        owned.reset(std::fopen(path.c_str(), "wb"));
        if (!owned) {
            throw RunError(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
        }
        out = owned.get();
    }
    const bool written =
        std::fwrite(accumulator.data(), 1, accumulator.size(), out) == accumulator.size() &&
        std::fwrite(summary.data(), 1, summary.size(), out) == summary.size() &&
        std::fflush(out) == 0;
    const bool closed = path == "-" || std::fclose(owned.release()) == 0;
    if (!written || !closed) {
        throw RunError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
}

SavedState load_state(const std::string& path) {
    return parse_saved_state(path == "-" ? "stdin" : path, read_whole(path));
}

SavedState parse_saved_state(std::string name, std::vector<std::byte> bytes_read) {
    SavedState state;
    state.name = std::move(name);
    state.bytes = std::move(bytes_read);
    const std::span<const std::byte> bytes(state.bytes);
    const auto fail = [&](const std::string& why) {
        throw RunError(fmt::format("{} is not a saved state of cskpi report or retention: {}",
                                   state.name, why));
    };
    if (bytes.size() < kHeaderBytes + kTrailerBytes) {
        fail(fmt::format("it holds {} bytes", bytes.size()));
    }
    constexpr std::string_view kMagic{"cskpiST\x1a", 8};
    if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) {
        fail("its magic number differs");
    }
    const std::uint64_t kind = little_endian(bytes, 10, 2);
    if (kind != kReportKind && kind != kRetentionKind && kind != kRfmKind) {
        fail(fmt::format("its first frame is of kind {}", kind));
    }
    state.kind = kind == kReportKind      ? SavedKind::report
                 : kind == kRetentionKind ? SavedKind::retention
                                          : SavedKind::rfm;
    const std::uint64_t payload = little_endian(bytes, 12, 8);
    if (payload > bytes.size() - kHeaderBytes - kTrailerBytes) {
        fail(fmt::format("its first frame claims {} bytes of the {} there are", payload,
                         bytes.size()));
    }
    const auto first = static_cast<std::size_t>(kHeaderBytes + payload + kTrailerBytes);
    state.accumulator = bytes.first(first);
    try {
        state.input = input_summary_from_bytes(bytes.subspan(first));
    } catch (const StateFormatError& e) {
        // The offset within the summary's frame, made one within the file.
        throw RunError(fmt::format("{}: its input summary: {} (from byte {} of the file)",
                                   state.name, e.what(), first));
    }
    return state;
}

void save_or_print(const std::string& save_path, const InputSummary& summary,
                   const std::vector<InputSource>& inputs,
                   const std::function<std::vector<std::byte>()>& to_bytes,
                   const std::function<void()>& print) {
    if (save_path.empty() || summary.read > 0) {
        require_accepted(summary, inputs);
    }
    if (save_path.empty()) {
        print();
        return;
    }
    naming_out_of_memory("saving the state", [&] { save_state(save_path, to_bytes(), summary); });
}

}  // namespace cskpi::cli
