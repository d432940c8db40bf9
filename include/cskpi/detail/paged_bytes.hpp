#pragma once
// Growable raw storage for the report engine's large tables, committed in big steps.
//
// Why not std::vector: first touching a fresh page costs a page fault, and on virtual
// machines a fault is expensive (microseconds per 4 KiB page: more than the table work
// itself). Asking the kernel to populate a whole
// range at once (MADV_POPULATE_WRITE) costs a quarter of that, and growing with mremap moves
// pages instead of copying them. A mapping doubles when it grows, but only the part in use
// plus a step (a quarter of it, at least 2 MiB, in whole 2 MiB steps) is committed: the rest
// stays address space.
// Mappings of 2 MiB and more ask for transparent huge pages (MADV_HUGEPAGE): random lookups
// in them cost half as much, and where the hypervisor shadows the guest's page tables each
// fresh 4 KiB page costs a trap on its first write (the figures are in docs/performance.md).
// Buffers under 64 KiB stay on the heap (many small ones are common: one per report group);
// elsewhere than Linux, or when the kernel refuses, large ones fall back to the heap too.
// Internal: not part of the public API.

#include <cstddef>

namespace cskpi::detail {

/// Zero-filled bytes that keep their contents when grown; move-only.
class PagedBytes {
  public:
    PagedBytes() = default;
    ~PagedBytes();
    PagedBytes(PagedBytes&& other) noexcept;
    PagedBytes& operator=(PagedBytes&& other) noexcept;
    PagedBytes(const PagedBytes&) = delete;
    PagedBytes& operator=(const PagedBytes&) = delete;

    /// Makes at least `bytes` bytes usable (new ones zero); may move the storage.
    /// Throws std::bad_alloc when the memory is not there.
    void reserve(std::size_t bytes);

    [[nodiscard]] std::byte* data() noexcept { return data_; }
    [[nodiscard]] const std::byte* data() const noexcept { return data_; }
    /// The bytes usable now, committed up front (where the kernel has MADV_POPULATE_WRITE;
    /// else on first touch): what the buffer costs in memory. A mapped buffer reserves
    /// address space in doubling steps but commits it in smaller ones.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

  private:
    void release() noexcept;
    // Mapped buffers: commits at least `bytes` (at most the mapping) a step ahead.
    void commit(std::size_t bytes) noexcept;

    std::byte* data_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t mapped_bytes_ = 0;  // the mapping's size; 0 when on the heap (realloc)
};

}  // namespace cskpi::detail
