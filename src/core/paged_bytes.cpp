#include "cskpi/detail/paged_bytes.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include "platform.hpp"

namespace cskpi::detail {
namespace {

constexpr std::size_t kMinCapacity = 256;
constexpr std::size_t kMapThreshold = std::size_t{64} << 10;

// Transparent huge pages are 2 MiB on x86-64 and (with 4 KiB base pages) on arm64. Mappings
// start on that boundary so the kernel can back them with huge pages from the first byte.
constexpr std::size_t kHugePage = std::size_t{2} << 20;

// How far the committed part of a mapping runs ahead of what was asked for: a quarter of it,
// at least 2 MiB, in whole 2 MiB steps, never past the mapping. The mapping itself doubles (address
// space costs nothing), but fresh memory costs more than the table work on a virtual machine, so
// the slack of a doubling is committed only when it is needed.
std::size_t committed_target(std::size_t committed, std::size_t bytes, std::size_t mapped) {
    const std::size_t wanted = std::max(bytes, committed + std::max(committed / 4, kHugePage));
    const std::size_t rounded = (wanted + kHugePage - 1) / kHugePage * kHugePage;
    return std::min(rounded, mapped);
}

// Transparent huge pages (best effort: THP may be disabled) for every mapping of a huge page
// or more. They halve the cost of a random lookup in a table far beyond the TLB's reach, and
// on virtual machines whose hypervisor shadows the guest's page tables the first write to each
// fresh 4 KiB page traps to the hypervisor (microseconds a page, however it was committed), where a
// huge page traps once per 2 MiB. Where fresh huge pages are dearer instead (a hypervisor that
// has taken the guest's free memory back), end-to-end runs measured the same either way.
void ask_for_huge_pages(std::byte* start, std::size_t bytes) noexcept {
    constexpr std::size_t kHugePagesFrom = std::size_t{2} << 20;
    if (bytes >= kHugePagesFrom) {
        vm::advise_huge_pages(start, bytes);
    }
}

// An anonymous mapping of `bytes` (a power of two of at least 64 KiB), or nullptr. From one
// huge page on it starts on a huge-page boundary: over-mapped by one huge page, the ends
// trimmed.
std::byte* map_aligned(std::size_t bytes) noexcept {
    if (bytes < kHugePage) {
        return vm::map(bytes);
    }
    const std::size_t span = bytes + kHugePage;
    std::byte* p = vm::map(span);
    if (p == nullptr) {
        return nullptr;
    }
    const auto raw = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t aligned = (raw + kHugePage - 1) & ~(std::uintptr_t{kHugePage} - 1);
    const std::size_t head = aligned - raw;
    if (head > 0) {
        vm::unmap(p, head);
    }
    const std::size_t tail = span - head - bytes;
    if (tail > 0) {
        vm::unmap(reinterpret_cast<std::byte*>(aligned + bytes), tail);
    }
    auto* start = reinterpret_cast<std::byte*>(aligned);
    ask_for_huge_pages(start, bytes);
    return start;
}

// Grows a mapping made by map_aligned: a new (aligned) range is reserved, and the old pages
// are moved to its start and the mapping extended over it in one mremap (page tables move,
// nothing is copied, and the result stays one kernel mapping, which older kernels need for
// the next move). The caller populates what it commits. nullptr when refused, the old
// mapping intact.
std::byte* grow_mapping(std::byte* old, std::size_t old_bytes, std::size_t bytes) noexcept {
    std::byte* fresh = map_aligned(bytes);
    if (fresh == nullptr) {
        return nullptr;
    }
    if (!vm::move(old, old_bytes, fresh, bytes)) {
        // The kernel may have unmapped the reserved range before failing, and another thread
        // may have mapped into it since: it is left alone (untouched address space holds no
        // memory). The caller throws std::bad_alloc.
        return nullptr;
    }
    // The moved mapping kept the old one's flags, which a smaller mapping lacks.
    ask_for_huge_pages(fresh, bytes);
    return fresh;
}

}  // namespace

PagedBytes::~PagedBytes() {
    release();
}

PagedBytes::PagedBytes(PagedBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      capacity_(std::exchange(other.capacity_, 0)),
      mapped_bytes_(std::exchange(other.mapped_bytes_, 0)) {}

PagedBytes& PagedBytes::operator=(PagedBytes&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        capacity_ = std::exchange(other.capacity_, 0);
        mapped_bytes_ = std::exchange(other.mapped_bytes_, 0);
    }
    return *this;
}

void PagedBytes::release() noexcept {
    if (data_ == nullptr) {
        return;
    }
    if (mapped_bytes_ != 0) {
        vm::unmap(data_, mapped_bytes_);
    } else {
        std::free(data_);
    }
    data_ = nullptr;
    capacity_ = 0;
    mapped_bytes_ = 0;
}

void PagedBytes::commit(std::size_t bytes) noexcept {
    const std::size_t target = committed_target(capacity_, bytes, mapped_bytes_);
    // From the page that holds the old end (not on a page boundary after a buffer leaves the
    // heap).
    vm::populate(data_ + capacity_, target - capacity_);
    capacity_ = target;
}

void PagedBytes::reserve(std::size_t bytes) {
    if (bytes <= capacity_) {
        return;
    }
    if (mapped_bytes_ != 0 && bytes <= mapped_bytes_) {
        commit(bytes);  // mapped already: the next step
        return;
    }
    std::size_t capacity = std::max(kMinCapacity, mapped_bytes_ != 0 ? mapped_bytes_ : capacity_);
    while (capacity < bytes) {
        if (capacity > (std::size_t{1} << 62)) {
            throw std::bad_alloc();
        }
        capacity *= 2;
    }
    // Small buffers (most groups' samples) stay on the heap; large ones are mapped where the
    // platform can.
    if (vm::kAvailable && capacity >= kMapThreshold) {
        std::byte* start = nullptr;
        if (mapped_bytes_ != 0) {
            start = grow_mapping(data_, mapped_bytes_, capacity);
            if (start == nullptr) {
                throw std::bad_alloc();
            }
        } else if ((start = map_aligned(capacity)) != nullptr && data_ != nullptr) {
            std::memcpy(start, data_, capacity_);
            std::free(data_);
        }
        if (start != nullptr) {
            data_ = start;
            mapped_bytes_ = capacity;
            commit(bytes);
            return;
        }
    }
    void* p = std::realloc(data_, capacity);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    data_ = static_cast<std::byte*>(p);
    std::memset(data_ + capacity_, 0, capacity - capacity_);
    capacity_ = capacity;
}

}  // namespace cskpi::detail
