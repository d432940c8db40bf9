#include "cskpi/detail/state_bytes.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cskpi::detail {
namespace {

// "cskpiST" and a 0x1A byte (which stops a text viewer), then the frame's fixed fields.
constexpr std::array<std::uint8_t, 8> kMagic{'c', 's', 'k', 'p', 'i', 'S', 'T', 0x1A};
constexpr std::uint16_t kVersion = 4;
constexpr std::size_t kHeaderBytes = 8 + 2 + 2 + 8;  // magic, version, kind, payload length
constexpr std::size_t kTrailerBytes = 4;             // CRC-32 of header and payload

// Slicing by 8: eight tables let the loop fold 8 bytes per step (Kounavis & Berry 2005, "A
// Systematic Approach to Building High Performance Software-based CRC Generators").
constexpr std::array<std::array<std::uint32_t, 256>, 8> make_crc_tables() {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        }
        t[0][i] = c;
    }
    for (std::size_t s = 1; s < 8; ++s) {
        for (std::size_t i = 0; i < 256; ++i) {
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFFU];
        }
    }
    return t;
}
constexpr auto kCrcTables = make_crc_tables();

std::uint64_t read_le(std::span<const std::byte> bytes, std::size_t at, int width) {
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
        v |= std::to_integer<std::uint64_t>(bytes[at + static_cast<std::size_t>(i)]) << (8 * i);
    }
    return v;
}

}  // namespace

std::string_view to_string(StateKind kind) noexcept {
    switch (kind) {
        case StateKind::kpi_accumulator:
            return "KpiAccumulator";
        case StateKind::report_accumulator:
            return "ReportAccumulator";
        case StateKind::retention_accumulator:
            return "RetentionAccumulator";
        case StateKind::rfm_summary:
            return "RfmAccumulator";
        case StateKind::input_summary:
            break;
    }
    return "InputSummary";
}

std::uint32_t crc32(std::span<const std::byte> bytes, std::uint32_t crc) noexcept {
    const auto& t = kCrcTables;
    std::uint32_t c = ~crc;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        const auto b = [&](std::size_t k) { return std::to_integer<std::uint32_t>(bytes[i + k]); };
        const std::uint32_t low = c ^ (b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24);
        c = t[7][low & 0xFFU] ^ t[6][(low >> 8) & 0xFFU] ^ t[5][(low >> 16) & 0xFFU] ^
            t[4][low >> 24] ^ t[3][b(4)] ^ t[2][b(5)] ^ t[1][b(6)] ^ t[0][b(7)];
    }
    for (; i < bytes.size(); ++i) {
        c = t[0][(c ^ std::to_integer<std::uint32_t>(bytes[i])) & 0xFFU] ^ (c >> 8);
    }
    return ~c;
}

ByteWriter::ByteWriter(StateKind kind, std::size_t expected_bytes) {
    bytes_.resize(std::max<std::size_t>(expected_bytes, 256));
    for (const std::uint8_t m : kMagic) {
        u8(m);
    }
    u16(kVersion);
    u16(static_cast<std::uint16_t>(kind));
    u64(0);  // the payload's length, filled in by finish()
}

void ByteWriter::grow(std::size_t n) {
    bytes_.resize(std::max(bytes_.size() * 2, size_ + n));
}

void ByteWriter::f64s(std::span<const double> values) {
    if constexpr (std::endian::native == std::endian::little) {
        if (!values.empty()) {
            std::memcpy(room(values.size_bytes()), values.data(), values.size_bytes());
        }
    } else {
        for (const double v : values) {
            f64(v);
        }
    }
}

std::vector<std::byte> ByteWriter::finish() && {
    const std::uint64_t payload = size_ - kHeaderBytes;
    for (std::size_t i = 0; i < 8; ++i) {
        bytes_[12 + i] = static_cast<std::byte>(payload >> (8 * i));
    }
    u32(crc32(std::span(bytes_).first(size_)));
    bytes_.resize(size_);
    return std::move(bytes_);
}

ByteReader ByteReader::unframe(std::span<const std::byte> bytes, StateKind kind) {
    const auto fail = [](std::size_t at, const std::string& problem) {
        throw StateFormatError(at, problem);
    };
    if (bytes.size() < kHeaderBytes + kTrailerBytes) {
        fail(bytes.size(), fmt::format("{} bytes are too few for a saved state ({} at least)",
                                       bytes.size(), kHeaderBytes + kTrailerBytes));
    }
    for (std::size_t i = 0; i < kMagic.size(); ++i) {
        if (std::to_integer<std::uint8_t>(bytes[i]) != kMagic[i]) {
            fail(i, "not a cskpi saved state (the magic number differs)");
        }
    }
    const auto version = static_cast<std::uint16_t>(read_le(bytes, 8, 2));
    if (version != kVersion) {
        fail(8,
             fmt::format("format version {}, but this cskpi reads version {}", version, kVersion));
    }
    const auto found = static_cast<StateKind>(read_le(bytes, 10, 2));
    if (found != kind) {
        const auto number = static_cast<unsigned>(found);
        fail(10, number >= 1 && number <= 5
                     ? fmt::format("a saved {}, not a {}", to_string(found), to_string(kind))
                     : fmt::format("unknown state kind {}", number));
    }
    const std::uint64_t length = read_le(bytes, 12, 8);
    if (length != bytes.size() - kHeaderBytes - kTrailerBytes) {
        fail(12, fmt::format("the header gives a payload of {} bytes, the input holds {}", length,
                             bytes.size() - kHeaderBytes - kTrailerBytes));
    }
    const std::size_t end = bytes.size() - kTrailerBytes;
    const auto stored = static_cast<std::uint32_t>(read_le(bytes, end, 4));
    if (crc32(bytes.first(end)) != stored) {
        fail(end, "the checksum does not match: the bytes were changed or damaged");
    }
    return ByteReader(bytes.subspan(kHeaderBytes, end - kHeaderBytes), kHeaderBytes);
}

std::uint64_t ByteReader::varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        const std::uint8_t b = u8();
        v |= std::uint64_t{b & 0x7FU} << shift;
        if ((b & 0x80U) == 0) {
            if (shift == 63 && b > 1) {
                break;
            }
            return v;
        }
    }
    fail("a variable-length number is longer than 64 bits");
}

bool ByteReader::flag(std::string_view what) {
    const std::uint8_t b = u8();
    if (b > 1) {
        fail(fmt::format("{} is {}, not 0 or 1", what, b));
    }
    return b == 1;
}

std::string_view ByteReader::text(std::string_view what) {
    const std::size_t n = count(what, 1);
    const std::string_view s(reinterpret_cast<const char*>(bytes_.data() + at_), n);
    at_ += n;
    return s;
}

std::size_t ByteReader::count(std::string_view what, std::size_t min_bytes) {
    const std::size_t at = at_;
    const std::uint64_t n = varint();
    const std::size_t left = bytes_.size() - at_;
    if (n > left / min_bytes) {
        at_ = at;
        fail(fmt::format("{} gives {} items, more than the {} bytes left can hold", what, n, left));
    }
    return static_cast<std::size_t>(n);
}

void ByteReader::finish() const {
    if (!done()) {
        fail(fmt::format("{} bytes follow the end of the state", bytes_.size() - at_));
    }
}

void ByteReader::fail(std::string_view problem) const {
    throw StateFormatError(base_ + at_, problem);
}

}  // namespace cskpi::detail
