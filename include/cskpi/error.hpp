#pragma once
/// \file
/// The exceptions cskpi throws. Undefined KPIs (an empty denominator) are never errors: they
/// are empty `std::optional`s. Exceptions are for arguments a caller should not have passed.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cskpi {

/// Base of every exception cskpi throws.
///
/// Example: `try { cskpi::fcr(5, 4); } catch (const cskpi::Error& e) { log(e.what()); }`
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An argument outside its domain: a negative count, a threshold outside its scale, a numerator
/// above its denominator. The message names the argument and the value.
///
/// Example: `cskpi::fcr(5, 4)` throws with "fcr: resolved_first_contact = 5 exceeds inquiries = 4".
class InvalidArgument : public Error {
  public:
    /// `InvalidArgument("fcr", "resolved_first_contact", "5", "exceeds inquiries = 4")` reads
    /// "fcr: resolved_first_contact = 5 exceeds inquiries = 4".
    InvalidArgument(std::string_view function, std::string_view argument, std::string_view value,
                    std::string_view problem);

    /// An already composed message about `argument`, e.g. for a record:
    /// `InvalidArgument("csat", "record c-7: csat = 9 is outside the scale 1..5")`.
    InvalidArgument(std::string_view argument, const std::string& message);

    /// The name of the offending argument, e.g. "threshold".
    [[nodiscard]] const std::string& argument() const noexcept { return argument_; }

  private:
    std::string argument_;
};

/// A numerical procedure that could not produce a valid answer (for example a model fit that
/// did not converge and was asked to throw rather than report).
class NumericalError : public Error {
  public:
    using Error::Error;
};

/// Bytes that are not a state `to_bytes` wrote: truncated, corrupted (the checksum fails),
/// of another kind or format version, or inconsistent. The message names the byte offset
/// where the problem was found; `offset()` gives it.
///
/// Example:
/// ```
/// try {
///     auto acc = cskpi::ReportAccumulator::from_bytes(bytes);
/// } catch (const cskpi::StateFormatError& e) {
///     std::cerr << e.what() << '\n';  // "state bytes: at byte 20: the state ends early"
/// }
/// ```
class StateFormatError : public Error {
  public:
    StateFormatError(std::size_t offset, std::string_view problem);

    /// The offset in the bytes where the problem was found.
    [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

  private:
    std::size_t offset_;
};

}  // namespace cskpi
