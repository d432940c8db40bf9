#pragma once
// Writing and reading the saved-state format (docs/state-format.md): a frame of magic number,
// version, kind, length and CRC-32 around a payload of little-endian fixed-width numbers and
// LEB128 varints. The reader trusts nothing: every length is checked against the bytes left
// before anything is allocated for it, so hostile input costs at most a constant times its
// own size, and every problem is a StateFormatError naming the byte offset. Internal.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/error.hpp"

namespace cskpi::detail {

// What a frame holds; a reader asked for one kind refuses another.
enum class StateKind : std::uint16_t {
    kpi_accumulator = 1,
    report_accumulator = 2,
    retention_accumulator = 3,
    rfm_summary = 4,
    input_summary = 5,
};

[[nodiscard]] std::string_view to_string(StateKind kind) noexcept;

// CRC-32 (the polynomial of zlib, PNG and Python's zlib.crc32), continued from `crc`.
[[nodiscard]] std::uint32_t crc32(std::span<const std::byte> bytes, std::uint32_t crc = 0) noexcept;

class ByteWriter {
  public:
    // A frame of `kind` under construction; `expected_bytes` sizes the buffer up front (an
    // estimate: it grows past it as needed).
    explicit ByteWriter(StateKind kind, std::size_t expected_bytes = 0);

    void u8(std::uint8_t v) { *room(1) = static_cast<std::byte>(v); }
    void u16(std::uint16_t v) { fixed(v, 2); }
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void varint(std::uint64_t v) {
        std::byte* out = room(10);
        std::size_t n = 0;
        while (v >= 0x80) {
            out[n++] = static_cast<std::byte>(v | 0x80);
            v >>= 7;
        }
        out[n++] = static_cast<std::byte>(v);
        size_ -= 10 - n;
    }
    // Zigzag: small magnitudes of either sign take few bytes.
    void svarint(std::int64_t v) {
        varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void text(std::string_view s) {
        varint(s.size());
        if (!s.empty()) {
            std::memcpy(room(s.size()), s.data(), s.size());
        }
    }
    void f64s(std::span<const double> values);

    // The frame: the header's length filled in, the CRC-32 appended.
    [[nodiscard]] std::vector<std::byte> finish() &&;

  private:
    // `n` bytes at the end, written by the caller; the buffer grows by doubling.
    std::byte* room(std::size_t n) {
        if (bytes_.size() - size_ < n) {
            grow(n);
        }
        std::byte* at = bytes_.data() + size_;
        size_ += n;
        return at;
    }
    void grow(std::size_t n);
    void fixed(std::uint64_t v, int width) {
        std::byte* out = room(static_cast<std::size_t>(width));
        for (int i = 0; i < width; ++i) {
            out[i] = static_cast<std::byte>(v >> (8 * i));
        }
    }
    std::vector<std::byte> bytes_;
    std::size_t size_ = 0;
};

class ByteReader {
  public:
    // The payload of a frame of `kind`, checked (magic, version, kind, length, CRC).
    [[nodiscard]] static ByteReader unframe(std::span<const std::byte> bytes, StateKind kind);

    std::uint8_t u8() {
        need(1);
        return std::to_integer<std::uint8_t>(bytes_[at_++]);
    }
    std::uint16_t u16() { return static_cast<std::uint16_t>(fixed(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
    std::uint64_t u64() { return fixed(8); }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::uint64_t varint();
    std::int64_t svarint() {
        const std::uint64_t z = varint();
        return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    }
    // A boolean byte: 0 or 1, nothing else.
    bool flag(std::string_view what);
    // A string, viewing the input (valid while the input is).
    std::string_view text(std::string_view what);
    // A count of items each taking at least `min_bytes`: refused when the bytes left could
    // not hold them, so no allocation is ever larger than the input.
    std::size_t count(std::string_view what, std::size_t min_bytes);
    // `n` doubles (a count of at least 8 bytes each), handed to `sink` a chunk of up to 512
    // at a time as a span: the input need not be aligned for doubles.
    template <typename Sink>
    void f64s(std::size_t n, Sink sink) {
        need(n * sizeof(double));
        std::array<double, 512> chunk;
        while (n > 0) {
            const std::size_t k = std::min(n, chunk.size());
            if constexpr (std::endian::native == std::endian::little) {
                std::memcpy(chunk.data(), bytes_.data() + at_, k * sizeof(double));
                at_ += k * sizeof(double);
            } else {
                for (std::size_t i = 0; i < k; ++i) {
                    chunk[i] = f64();
                }
            }
            sink(std::span<const double>(chunk.data(), k));
            n -= k;
        }
    }

    // The bytes read so far from the payload's start.
    [[nodiscard]] std::size_t offset() const noexcept { return at_; }
    [[nodiscard]] bool done() const noexcept { return at_ == bytes_.size(); }
    // Refuses anything left after the state.
    void finish() const;

    // Throws StateFormatError at the current offset.
    [[noreturn]] void fail(std::string_view problem) const;

  private:
    explicit ByteReader(std::span<const std::byte> payload, std::size_t base)
        : bytes_(payload), base_(base) {}
    void need(std::size_t n) const {
        if (bytes_.size() - at_ < n) {
            fail("the state ends early");
        }
    }
    std::uint64_t fixed(int width) {
        need(static_cast<std::size_t>(width));
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            v |= std::to_integer<std::uint64_t>(bytes_[at_ + static_cast<std::size_t>(i)])
                 << (8 * i);
        }
        at_ += static_cast<std::size_t>(width);
        return v;
    }

    std::span<const std::byte> bytes_;
    std::size_t at_ = 0;
    std::size_t base_ = 0;  // the payload's offset in the frame, for messages
};

}  // namespace cskpi::detail
