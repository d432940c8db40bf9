#pragma once
// Small helpers shared by the CLV tests.

#include <string>

#include "cskpi/error.hpp"

/// The message of the cskpi::InvalidArgument that f() throws; "" when it throws nothing.
template <typename F>
std::string invalid_argument_message(F&& f) {
    try {
        f();
    } catch (const cskpi::InvalidArgument& e) {
        return e.what();
    }
    return "";
}

/// True when f() throws cskpi::InvalidArgument mentioning both `argument` and `value`.
template <typename F>
bool throws_naming(F&& f, const std::string& argument, const std::string& value) {
    const std::string m = invalid_argument_message(f);
    return m.find(argument) != std::string::npos && m.find(value) != std::string::npos;
}
