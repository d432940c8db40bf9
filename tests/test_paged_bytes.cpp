// The storage under the report engine's large tables: growth keeps contents and zero-fills,
// across the switch from the heap to mapped memory at 64 KiB and from small mappings to
// huge-page-aligned ones at 2 MiB, and samples copy and merge.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "catch.hpp"
#include "cskpi/detail/paged_bytes.hpp"
#include "cskpi/detail/sample_vector.hpp"

TEST_CASE("PagedBytes grows from the heap into mapped memory, keeping contents, zero-filling") {
    cskpi::detail::PagedBytes bytes;
    CHECK(bytes.capacity() == 0);
    bytes.reserve(100);
    REQUIRE(bytes.capacity() >= 100);
    for (std::size_t i = 0; i < 100; ++i) {
        CHECK(bytes.data()[i] == std::byte{0});
        bytes.data()[i] = static_cast<std::byte>(i);
    }
    // Past 64 KiB (mapped, contents copied once), through a small mapping into huge-page
    // aligned ones (pages moved, not copied), each step keeping contents and zero-filling.
    for (const std::size_t size : {std::size_t{100} << 10, std::size_t{1} << 20,
                                   std::size_t{3} << 20, std::size_t{40} << 20}) {
        const std::size_t before = bytes.capacity();
        bytes.reserve(size);
        REQUIRE(bytes.capacity() >= size);
        for (std::size_t i = 0; i < 100; ++i) {
            CHECK(bytes.data()[i] == static_cast<std::byte>(i));
        }
        CHECK(bytes.data()[before] == std::byte{0});
        CHECK(bytes.data()[bytes.capacity() - 1] == std::byte{0});
        bytes.data()[bytes.capacity() - 1] = std::byte{7};
    }
    const std::size_t capacity = bytes.capacity();
    bytes.reserve(10);  // never shrinks
    CHECK(bytes.capacity() == capacity);

    cskpi::detail::PagedBytes moved(std::move(bytes));
    CHECK(moved.capacity() == capacity);
    CHECK(moved.data()[99] == std::byte{99});
    CHECK(moved.data()[capacity - 1] == std::byte{7});
    cskpi::detail::PagedBytes assigned;
    assigned.reserve(16);
    assigned = std::move(moved);
    CHECK(assigned.data()[42] == std::byte{42});
}

#if defined(__linux__)
namespace {

// How many of this process's mappings (/proc/self/maps lines) overlap [from, from + bytes).
int mappings_over(const std::byte* from, std::size_t bytes) {
    const auto begin = reinterpret_cast<std::uintptr_t>(from);
    const std::uintptr_t end = begin + bytes;
    std::ifstream maps("/proc/self/maps");
    std::string line;
    int count = 0;
    while (std::getline(maps, line)) {
        std::istringstream fields(line);
        std::uintptr_t low = 0;
        std::uintptr_t high = 0;
        char dash = 0;
        fields >> std::hex >> low >> dash >> high;
        count += low < end && high > begin ? 1 : 0;
    }
    return count;
}

}  // namespace

TEST_CASE("PagedBytes stays one kernel mapping however often it grows") {
    // Kernels before 6.17 cannot mremap a range made of several mappings, so a buffer that
    // fragmented while growing would fail its next growth there (std::bad_alloc).
    cskpi::detail::PagedBytes bytes;
    bytes.reserve(std::size_t{64} << 10);
    for (std::size_t size = std::size_t{128} << 10; size <= (std::size_t{64} << 20); size *= 2) {
        bytes.data()[bytes.capacity() - 1] = std::byte{1};
        const std::size_t before = bytes.capacity();
        bytes.reserve(size);
        REQUIRE(bytes.capacity() == size);
        CHECK(bytes.data()[before - 1] == std::byte{1});
        CHECK(bytes.data()[size - 1] == std::byte{0});
        CHECK(mappings_over(bytes.data(), bytes.capacity()) == 1);
    }
    CHECK(reinterpret_cast<std::uintptr_t>(bytes.data()) % (std::uintptr_t{2} << 20) == 0);
}

TEST_CASE("PagedBytes maps in doubling steps but commits a quarter ahead, in 2 MiB steps") {
    // Fresh memory is what a large table costs, so the slack of a doubling is not committed:
    // capacity() (the committed bytes) runs at most a quarter (or 2 MiB) ahead of the need.
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    cskpi::detail::PagedBytes bytes;
    bytes.reserve(40 * kMiB + 1);  // maps 64 MiB, commits 42
    CHECK(bytes.capacity() == 42 * kMiB);
    bytes.data()[bytes.capacity() - 1] = std::byte{3};
    const std::byte* mapped_at = bytes.data();
    bytes.reserve(43 * kMiB);  // 42 + a quarter = 52.5, rounded up to whole 2 MiB steps
    CHECK(bytes.capacity() == 54 * kMiB);
    CHECK(bytes.data() == mapped_at);  // committed within the mapping, nothing moved
    CHECK(bytes.data()[42 * kMiB - 1] == std::byte{3});
    CHECK(bytes.data()[54 * kMiB - 1] == std::byte{0});
    bytes.reserve(64 * kMiB);  // the rest of the mapping, no more
    CHECK(bytes.capacity() == 64 * kMiB);
    bytes.reserve(64 * kMiB + 1);  // maps 128 MiB, commits 64 + 16
    CHECK(bytes.capacity() == 80 * kMiB);
    CHECK(bytes.data()[42 * kMiB - 1] == std::byte{3});
    CHECK(bytes.data()[80 * kMiB - 1] == std::byte{0});
    CHECK(mappings_over(bytes.data(), 128 * kMiB) == 1);
}

#if defined(MADV_POPULATE_WRITE)
namespace {

// How many of the pages of [from, from + bytes) are resident (mincore).
std::size_t resident_pages(const std::byte* from, std::size_t bytes) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> in_core((bytes + page - 1) / page);
    if (mincore(const_cast<std::byte*>(from), bytes, in_core.data()) != 0) {
        return 0;
    }
    std::size_t count = 0;
    for (unsigned char c : in_core) {
        count += (c & 1U) != 0 ? 1 : 0;
    }
    return count;
}

}  // namespace

TEST_CASE("PagedBytes commits exactly what capacity() counts, also when it leaves the heap") {
    // From a small heap buffer (512 bytes: not a page boundary) into a 64 MiB mapping that
    // commits 42 MiB: every page of those is resident before it is touched, none beyond.
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    cskpi::detail::PagedBytes bytes;
    bytes.reserve(300);
    bytes.data()[299] = std::byte{9};
    bytes.reserve(40 * kMiB + 1);
    REQUIRE(bytes.capacity() == 42 * kMiB);
    CHECK(bytes.data()[299] == std::byte{9});
    CHECK(resident_pages(bytes.data(), 42 * kMiB) == 42 * kMiB / page);
    CHECK(resident_pages(bytes.data() + 42 * kMiB, 22 * kMiB) == 0);
}
#endif
#endif

TEST_CASE("SampleVector appends, copies and merges exactly") {
    cskpi::detail::SampleVector empty;
    CHECK(empty.values().empty());

    // 300,000 doubles (2.4 MB): crosses the heap-to-mapped switch while growing.
    cskpi::detail::SampleVector a;
    for (int i = 0; i < 300'000; ++i) {
        a.push_back(i * 0.5);
    }
    REQUIRE(a.values().size() == 300'000);
    CHECK(a.values()[0] == 0.0);
    CHECK(a.values()[299'999] == 149'999.5);

    cskpi::detail::SampleVector b = a;  // a copy, independent of a
    b.push_back(-1.0);
    CHECK(a.values().size() == 300'000);
    CHECK(b.values().size() == 300'001);
    CHECK(b.values()[300'000] == -1.0);

    cskpi::detail::SampleVector c;
    c.push_back(9.0);
    c.append(a.values());
    c.append({});
    REQUIRE(c.values().size() == 300'001);
    CHECK(c.values()[0] == 9.0);
    CHECK(c.values()[1] == 0.0);
    CHECK(c.values()[300'000] == 149'999.5);

    const auto& same = c;
    c = same;  // self-assignment keeps the values
    CHECK(c.values().size() == 300'001);
    b = empty;
    CHECK(b.values().empty());
}

TEST_CASE("push_back_if keeps only kept values, and a dropped value allocates nothing") {
    cskpi::detail::SampleVector samples;
    samples.push_back_if(1.5, false);
    CHECK(samples.values().empty());
    CHECK(samples.memory_bytes() == 0);
    samples.push_back_if(2.5, true);
    samples.push_back_if(3.5, false);
    samples.push_back_if(4.5, true);
    REQUIRE(samples.values().size() == 2);
    CHECK(samples.values()[0] == 2.5);
    CHECK(samples.values()[1] == 4.5);
}
