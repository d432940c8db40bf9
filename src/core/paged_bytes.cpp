#include "cskpi/detail/paged_bytes.hpp"

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
constexpr std::size_t kMapThreshold = std::size_t{1} << 20;

#if defined(__linux__)
void populate(std::byte* from, std::size_t bytes) noexcept {
#if defined(MADV_POPULATE_WRITE)
    // Best effort: on an older kernel the pages are simply faulted in on first use.
    (void)madvise(from, bytes, MADV_POPULATE_WRITE);
#else
    (void)from;
    (void)bytes;
#endif
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
        void* p = MAP_FAILED;
        if (mapped_) {
            p = mremap(data_, capacity_, capacity, MREMAP_MAYMOVE);
        } else {
            p = mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        }
        if (p != MAP_FAILED) {
            auto* start = static_cast<std::byte*>(p);
            if (mapped_) {
                populate(start + capacity_, capacity - capacity_);
            } else {
                populate(start, capacity);
                if (data_ != nullptr) {
                    std::memcpy(start, data_, capacity_);
                    std::free(data_);
                }
            }
            data_ = start;
            capacity_ = capacity;
            mapped_ = true;
            return;
        }
        if (mapped_) {
            throw std::bad_alloc();
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
