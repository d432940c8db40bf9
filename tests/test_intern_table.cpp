// detail::InternTable, the dictionaries of batches and report groups (an internal header):
// ids in first-seen order, growth that keeps every value, and undoing the last value.
#include "intern_table.hpp"

#include <string>

#include "catch.hpp"

namespace {

std::string value(std::size_t i) {
    std::string out("v");
    out += std::to_string(i);
    return out;
}

}  // namespace

TEST_CASE("values get dense ids in first-seen order and keep them through growth") {
    cskpi::detail::InternTable table;
    CHECK(table.size() == 0);
    for (std::size_t i = 0; i < 100'000; ++i) {
        REQUIRE(table.intern(value(i)) == i);
    }
    CHECK(table.intern("") == 100'000);  // the empty string is a value too
    for (std::size_t i = 0; i < 100'000; i += 997) {
        CHECK(table.intern(value(i)) == i);
        CHECK(table.value(static_cast<std::uint32_t>(i)) == value(i));
    }
    CHECK(table.size() == 100'001);
}

TEST_CASE("pop_back removes the last value; the others stay found") {
    cskpi::detail::InternTable table;
    for (std::size_t i = 0; i < 1'000; ++i) {
        table.intern(value(i));
    }
    table.pop_back();
    CHECK(table.size() == 999);
    for (std::size_t i = 0; i < 999; ++i) {
        REQUIRE(table.intern(value(i)) == i);
    }
    CHECK(table.intern(value(999)) == 999);  // interned anew, at the same id
    CHECK(table.size() == 1'000);
    cskpi::detail::InternTable empty;
    empty.pop_back();  // nothing to remove
    CHECK(empty.size() == 0);
}
