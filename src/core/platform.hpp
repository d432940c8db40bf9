#pragma once
// What the report engine asks of the operating system and the compiler beyond standard C++,
// kept here so the rest of the code has no platform conditionals: anonymous memory mappings
// for PagedBytes, and cache prefetch hints. Both are about speed, never about results, so each
// has a fallback that is always correct: where mappings are not available (anywhere but
// Linux, whose mremap and MADV_POPULATE_WRITE PagedBytes relies on) map() refuses and
// PagedBytes keeps every buffer on the heap (std::realloc); where the compiler has no
// __builtin_prefetch a prefetch does nothing.
// Internal: not part of the public API.

#include <cstddef>

#if defined(__has_builtin)
#if __has_builtin(__builtin_prefetch)
#define CSKPI_HAS_BUILTIN_PREFETCH 1
#endif
#elif defined(__GNUC__)
#define CSKPI_HAS_BUILTIN_PREFETCH 1
#endif

namespace cskpi::detail {

/// Starts loading the cache line of `p`, soon to be read. `p` need not be valid: a prefetch
/// never faults.
inline void prefetch_read(const void* p) noexcept {
#if defined(CSKPI_HAS_BUILTIN_PREFETCH)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/// As prefetch_read, for a line soon to be written.
inline void prefetch_write(const void* p) noexcept {
#if defined(CSKPI_HAS_BUILTIN_PREFETCH)
    __builtin_prefetch(p, 1);
#else
    (void)p;
#endif
}

namespace vm {

/// Whether map() can succeed on this platform at all.
#if defined(__linux__)
inline constexpr bool kAvailable = true;
#else
inline constexpr bool kAvailable = false;
#endif

/// A fresh zero-filled read-write mapping of `bytes` (a multiple of the page size), or nullptr
/// when the system refuses or has none.
[[nodiscard]] std::byte* map(std::size_t bytes) noexcept;

/// Returns the whole pages of [start, start + bytes) of a mapping to the system.
void unmap(std::byte* start, std::size_t bytes) noexcept;

/// Moves the mapping [from, from + from_bytes) onto the range [to, to + bytes) that map()
/// reserved, replacing it: the pages move, nothing is copied, and the result is one mapping.
/// False when refused; the old mapping is then intact, the reserved range no longer reliably
/// there (never unmap it).
[[nodiscard]] bool move(std::byte* from, std::size_t from_bytes, std::byte* to,
                        std::size_t bytes) noexcept;

/// Asks for transparent huge pages over a mapped range (best effort).
void advise_huge_pages(std::byte* start, std::size_t bytes) noexcept;

/// Commits the pages of the mapped range [start, start + bytes) now rather than on first
/// touch (best effort); `start` need not be on a page boundary.
void populate(std::byte* start, std::size_t bytes) noexcept;

}  // namespace vm
}  // namespace cskpi::detail
