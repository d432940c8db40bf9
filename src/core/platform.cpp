#include "platform.hpp"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace cskpi::detail::vm {

#if defined(__linux__)

std::byte* map(std::size_t bytes) noexcept {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : static_cast<std::byte*>(p);
}

void unmap(std::byte* start, std::size_t bytes) noexcept {
    (void)munmap(start, bytes);
}

bool move(std::byte* from, std::size_t from_bytes, std::byte* to, std::size_t bytes) noexcept {
    return mremap(from, from_bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED, static_cast<void*>(to)) !=
           MAP_FAILED;
}

void advise_huge_pages(std::byte* start, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
    (void)madvise(start, bytes, MADV_HUGEPAGE);
#else
    (void)start;
    (void)bytes;
#endif
}

void populate(std::byte* start, std::size_t bytes) noexcept {
#if defined(MADV_POPULATE_WRITE)
    // madvise takes page-aligned ranges only. On an older kernel the pages are simply faulted
    // in on first use.
    static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto at = reinterpret_cast<std::uintptr_t>(start);
    const std::uintptr_t page_start = at / page * page;
    (void)madvise(reinterpret_cast<void*>(page_start), bytes + (at - page_start),
                  MADV_POPULATE_WRITE);
#else
    (void)start;
    (void)bytes;
#endif
}

#else

std::byte* map(std::size_t) noexcept {
    return nullptr;
}

void unmap(std::byte*, std::size_t) noexcept {}

bool move(std::byte*, std::size_t, std::byte*, std::size_t) noexcept {
    return false;
}

void advise_huge_pages(std::byte*, std::size_t) noexcept {}

void populate(std::byte*, std::size_t) noexcept {}

#endif

}  // namespace cskpi::detail::vm
