// The cskpi command (docs/cli.md): parses the command line, runs the chosen subcommand and
// turns every failure into one line on stderr and an exit code (0, 1 or 2).

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "commands.hpp"
#include "cskpi/json/reader.hpp"
#include "cskpi/version.hpp"
#include "errors.hpp"
#include "output.hpp"

namespace {

using cskpi::cli::note;

int run(int argc, char** argv) {
    CLI::App app("cskpi: customer-service KPIs from interaction and purchase records", "cskpi");
    app.set_version_flag("--version", fmt::format("cskpi {}", cskpi::version_string));
    app.require_subcommand(1);
    app.fallthrough(false);
    app.footer("Run cskpi COMMAND --help for the options of a command.");

    // The subcommands, in the order --help lists them.
    const std::vector<cskpi::cli::Command> commands = {
        cskpi::cli::add_report_command(app),   cskpi::cli::add_retention_command(app),
        cskpi::cli::add_staffing_command(app), cskpi::cli::add_clv_command(app),
        cskpi::cli::add_merge_command(app),
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const auto parsed = app.get_subcommands();
        if (parsed.empty() && argc > 1 && argv[1][0] != '-') {
            std::vector<std::string> names;
            for (const cskpi::cli::Command& command : commands) {
                names.push_back(command.app->get_name());
            }
            note(fmt::format("unknown command \"{}\" ({}; see cskpi --help)", argv[1],
                             fmt::join(names, ", ")));
        } else if (parsed.empty()) {
            note(fmt::format("{} (see cskpi --help)", e.what()));
        } else {
            const std::string& name = parsed.front()->get_name();
            note(fmt::format("{}: {} (see cskpi {} --help)", name, e.what(), name));
        }
        return cskpi::cli::exit_usage;
    }
    for (const cskpi::cli::Command& command : commands) {
        if (command.app->parsed()) {
            try {
                return command.run();
            } catch (const cskpi::cli::UsageError& e) {
                // Name the command, as CLI11's own messages above do.
                throw cskpi::cli::UsageError(
                    fmt::format("{}: {}", command.app->get_name(), e.what()));
            }
        }
    }
    note("no command given (see cskpi --help)");
    return cskpi::cli::exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    try {
        return run(argc, argv);
    } catch (const cskpi::cli::UsageError& e) {
        note(e.what());
        return cskpi::cli::exit_usage;
    } catch (const cskpi::json::RecordRejected& e) {
        note(cskpi::json::describe(e.error()));
        return cskpi::cli::exit_failure;
    } catch (const cskpi::cli::RunError& e) {
        note(e.what());
        return cskpi::cli::exit_failure;
    } catch (const std::bad_alloc&) {
        // Written without allocating: there may be no memory left for a formatted note.
        static constexpr char message[] = "cskpi: out of memory\n";
        std::fwrite(message, 1, sizeof message - 1, stderr);
        return cskpi::cli::exit_failure;
    } catch (const std::exception& e) {
        note(e.what());
        return cskpi::cli::exit_failure;
    }
}
