#pragma once
/// \file
/// The two ways a `cskpi` command fails, and the exit codes
/// (docs/cli.md, "Common to all commands").

#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cskpi::cli {

/// Exit codes: 0 success, 1 data rejected in strict mode / unreadable file / failed model,
/// 2 usage error.
inline constexpr int exit_success = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A bad command line: an unknown option, a value outside its domain. Exit code 2. The message
/// is one line and names the option, e.g. `--period: "fortnight" is not day, week or month`.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The command line is fine but the run cannot complete: a file that cannot be read, a record
/// rejected in strict mode, a failed model. Exit code 1. One line, naming the file.
class RunError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Runs `step` and turns running out of memory in it into a RunError that says during what:
/// "out of memory while reading calls.ndjson". Memory is never the data's fault, so this is
/// never reported as a rejected record. When even the message cannot be allocated, the
/// std::bad_alloc goes on to main, which prints a message that needs no memory.
template <typename Step>
decltype(auto) naming_out_of_memory(std::string_view during, Step&& step) {
    try {
        return step();
    } catch (const std::bad_alloc&) {
        throw RunError("out of memory while " + std::string(during));
    }
}

}  // namespace cskpi::cli
