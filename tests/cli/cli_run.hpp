#pragma once
// Running the cskpi command from the CLI tests: each run in a fresh work directory, its
// exit code, stdout and stderr captured. Shared by test_cli.cpp and test_cli_clv.cpp.

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_test {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A fresh directory for one run's files; unique across the processes ctest runs in parallel.
inline fs::path work_dir() {
    static std::atomic<int> counter{0};
    fs::path dir = fs::path(CSKPI_CLI_WORK) /
                   (std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)));
    fs::create_directories(dir);
    return dir;
}

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs `cskpi ARGS` in the data directory through the shell (ARGS may hold redirections and
// environment assignments go in `env`), stdin from /dev/null unless ARGS redirects it.
inline Run run_cskpi(const std::string& args, const std::string& env = "") {
    const fs::path dir = work_dir();
    const std::string command = "cd '" CSKPI_CLI_DATA "' && " + env + " '" CSKPI_CLI_EXE "' " +
                                args + " >'" + (dir / "out").string() + "' 2>'" +
                                (dir / "err").string() + "'";
    const std::string full = "exec </dev/null; " + command;
    const int status = std::system(full.c_str());
    Run run;
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = read_file(dir / "out");
    run.err = read_file(dir / "err");
    fs::remove_all(dir);
    return run;
}

}  // namespace cli_test
