#include "cskpi/error.hpp"

#include <stdexcept>

#include "catch.hpp"

TEST_CASE("InvalidArgument names the function, argument and value") {
    const cskpi::InvalidArgument e("fcr", "inquiries", "-3", "must be >= 0");
    CHECK(std::string(e.what()) == "fcr: inquiries = -3 must be >= 0");
    CHECK(e.argument() == "inquiries");
    const cskpi::Error& base = e;
    CHECK(std::string(base.what()) == e.what());
    const std::runtime_error& standard = e;
    CHECK(std::string(standard.what()) == e.what());
}
