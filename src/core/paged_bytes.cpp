#include "cskpi/detail/paged_bytes.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cskpi::detail {
namespace {

constexpr std::size_t kMinCapacity = 256;
constexpr std::size_t kMapThreshold = std::size_t{64} << 10;

#if defined(__linux__)
// Transparent huge pages are 2 MiB on x86-64 and (with 4 KiB base pages) on arm64. Mappings
// start on that boundary so the kernel can back them with huge pages from the first byte.
constexpr std::size_t kHugePage = std::size_t{2} << 20;

// An anonymous mapping of `bytes` (a power of two of at least 64 KiB), or nullptr. From one
// huge page on it starts on a huge-page boundary: over-mapped by one huge page, the ends
// trimmed.
std::byte* map_aligned(std::size_t bytes) noexcept {
    if (bytes < kHugePage) {
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? nullptr : static_cast<std::byte*>(p);
    }
    const std::size_t span = bytes + kHugePage;
    void* p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return nullptr;
    }
    const auto raw = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t aligned = (raw + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1);
    const std::size_t head = aligned - raw;
    if (head > 0) {
        munmap(p, head);
    }
    const std::size_t tail = span - head - bytes;
    if (tail > 0) {
        munmap(reinterpret_cast<void*>(aligned + bytes), tail);
    }
    auto* start = reinterpret_cast<std::byte*>(aligned);
#if defined(MADV_HUGEPAGE)
    // Best effort (THP may be disabled). On the CI machine huge pages make committing a
    // large table four times cheaper and random lookups a third faster (docs/performance.md).
    (void)madvise(start, bytes, MADV_HUGEPAGE);
#endif
    return start;
}

void populate(std::byte* from, std::size_t bytes) noexcept {
#if defined(MADV_POPULATE_WRITE)
    // Best effort: on an older kernel the pages are simply faulted in on first use.
    (void)madvise(from, bytes, MADV_POPULATE_WRITE);
#else
    (void)from;
    (void)bytes;
#endif
}

// Grows a mapping made by map_aligned: a new (aligned) range is reserved, and the old pages
// are moved to its start and the mapping extended over it in one mremap (page tables move,
// nothing is copied, and the result stays one kernel mapping, which older kernels need for
// the next move); the rest is then populated. nullptr when refused, the old mapping intact.
std::byte* grow_mapping(std::byte* old, std::size_t old_bytes, std::size_t bytes) noexcept {
    std::byte* fresh = map_aligned(bytes);
    if (fresh == nullptr) {
        return nullptr;
    }
    void* moved =
        mremap(old, old_bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, static_cast<void*>(fresh));
    if (moved == MAP_FAILED) {
        // The kernel may have unmapped the reserved range before failing, and another thread
        // may have mapped into it since: it is left alone (untouched address space holds no
        // memory). The caller throws std::bad_alloc.
        return nullptr;
    }
#if defined(MADV_HUGEPAGE)
    if (bytes >= kHugePage) {
        // The moved mapping kept the old one's flags, which a small mapping lacks.
        (void)madvise(fresh, bytes, MADV_HUGEPAGE);
    }
#endif
    populate(fresh + old_bytes, bytes - old_bytes);
    return fresh;
}
#endif

}  // namespace

PagedBytes::~PagedBytes() {
    release();
}

PagedBytes::PagedBytes(PagedBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      capacity_(std::exchange(other.capacity_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

PagedBytes& PagedBytes::operator=(PagedBytes&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        capacity_ = std::exchange(other.capacity_, 0);
        mapped_ = std::exchange(other.mapped_, false);
    }
    return *this;
}

void PagedBytes::release() noexcept {
    if (data_ == nullptr) {
        return;
    }
#if defined(__linux__)
    if (mapped_) {
        munmap(data_, capacity_);
    } else {
        std::free(data_);
    }
#else
    std::free(data_);
#endif
    data_ = nullptr;
    capacity_ = 0;
    mapped_ = false;
}

void PagedBytes::reserve(std::size_t bytes) {
    if (bytes <= capacity_) {
        return;
    }
    std::size_t capacity = capacity_ == 0 ? kMinCapacity : capacity_;
    while (capacity < bytes) {
        if (capacity > (std::size_t{1} << 62)) {
            throw std::bad_alloc();
        }
        capacity *= 2;
    }
#if defined(__linux__)
    // Small buffers (most groups' samples) stay on the heap; large ones are mapped.
    if (capacity >= kMapThreshold) {
        if (mapped_) {
            std::byte* grown = grow_mapping(data_, capacity_, capacity);
            if (grown == nullptr) {
                throw std::bad_alloc();
            }
            data_ = grown;
            capacity_ = capacity;
            return;
        }
        if (std::byte* start = map_aligned(capacity)) {
            populate(start, capacity);
            if (data_ != nullptr) {
                std::memcpy(start, data_, capacity_);
                std::free(data_);
            }
            data_ = start;
            capacity_ = capacity;
            mapped_ = true;
            return;
        }
    }
#endif
    void* p = std::realloc(data_, capacity);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    data_ = static_cast<std::byte*>(p);
    std::memset(data_ + capacity_, 0, capacity - capacity_);
    capacity_ = capacity;
}

}  // namespace cskpi::detail
