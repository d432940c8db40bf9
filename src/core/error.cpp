#include "cskpi/error.hpp"

#include <fmt/format.h>

#include "cskpi/detail/check.hpp"

namespace cskpi {

InvalidArgument::InvalidArgument(std::string_view function, std::string_view argument,
                                 std::string_view value, std::string_view problem)
    : Error(fmt::format("{}: {} = {} {}", function, argument, value, problem)),
      argument_(argument) {}

InvalidArgument::InvalidArgument(std::string_view argument, const std::string& message)
    : Error(message), argument_(argument) {}

StateFormatError::StateFormatError(std::size_t offset, std::string_view problem)
    : Error(fmt::format("state bytes: at byte {}: {}", offset, problem)), offset_(offset) {}

namespace detail {

std::string to_text(double value) {
    return fmt::format("{}", value);
}
std::string to_text(long long value) {
    return fmt::format("{}", value);
}
std::string to_text(unsigned long long value) {
    return fmt::format("{}", value);
}

}  // namespace detail
}  // namespace cskpi
