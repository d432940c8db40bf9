#include "output.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "arguments.hpp"
#include "cskpi/json/report_json.hpp"
#include "errors.hpp"

namespace cskpi::cli {

void write_stdout(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
        std::fflush(stdout) != 0) {
        throw RunError(fmt::format("cannot write the output: {}", std::strerror(errno)));
    }
}

std::string dump(const nlohmann::ordered_json& document) {
    return document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void note(std::string_view text) {
    try {
        const std::string line = fmt::format("cskpi: {}\n", one_line(text));
        std::fwrite(line.data(), 1, line.size(), stderr);
    } catch (const std::bad_alloc&) {
        // No memory for the escaped copy: the text as it is still says what happened.
        std::fwrite("cskpi: ", 1, 7, stderr);
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fwrite("\n", 1, 1, stderr);
    }
    std::fflush(stderr);
}

nlohmann::ordered_json input_to_json(const InputSummary& summary) {
    // report_to_json is the one place that writes an input account; take it from there so the
    // retention output carries exactly the report's form.
    return report_to_json(Report{}, summary)["input"];
}

}  // namespace cskpi::cli
