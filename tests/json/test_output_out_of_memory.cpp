// Every output path lets std::bad_alloc out as an exception. This executable replaces the
// global operator new: armed, it fails every allocation from the n-th on, as an exhausted heap
// does, and each writer is run with n = 0, 1, 2, ... until it completes. A writer whose
// unwinding needs memory (nlohmann's destructor of a non-empty container does, and is
// noexcept) terminates the executable instead.

#include <cstddef>
#include <cstdlib>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include "catch.hpp"
#include "cskpi/json/report_json.hpp"
#include "cskpi/report_format.hpp"
#include "report_fixtures.hpp"

namespace {

// Allocations left before failing; negative when disarmed.
long allocations_left = -1;

}  // namespace

void* operator new(std::size_t size) {
    if (allocations_left == 0) {
        throw std::bad_alloc();
    }
    if (allocations_left > 0) {
        --allocations_left;
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}

// Replaced too, so that everything freed by the delete below came from malloc.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return ::operator new(size);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}

void operator delete(void* p) noexcept {
    std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

namespace {

// Runs `write` with allocations failing from the n-th on, for n = 0, 1, ... until it
// completes; returns how many runs threw std::bad_alloc (every one before the last must).
// `reset`, run before each with allocations working, clears what the previous run made.
std::size_t failures_until_done(const std::function<void()>& write,
                                const std::function<void()>& reset) {
    for (long n = 0;; ++n) {
        bool threw = false;
        reset();
        allocations_left = n;
        try {
            write();
        } catch (const std::bad_alloc&) {
            threw = true;
        }
        allocations_left = -1;
        if (!threw) {
            return static_cast<std::size_t>(n);
        }
    }
}

cskpi::Report grouped_report() {
    return cskpi::make_report(fixtures::seven_contacts(),
                              cskpi::ReportOptions{.group_by = {cskpi::Dimension::agent_id},
                                                   .period = cskpi::Period::month});
}

cskpi::InputSummary two_errors() {
    cskpi::InputSummary input{.read = 9, .accepted = 7, .rejected = 2};
    input.errors = {{.file = "a-rather-long-file-name.ndjson",
                     .line = 3,
                     .field = "csat",
                     .code = "out_of_range",
                     .message = "csat = 9 is outside the scale 1..5"},
                    {.index = 4, .code = "not_an_object", .message = "not an object"}};
    return input;
}

}  // namespace

TEST_CASE("report_to_json lets std::bad_alloc out from every allocation it makes") {
    const cskpi::Report report = grouped_report();
    const cskpi::InputSummary input = two_errors();
    // The document is kept past the disarming: destroying it allocates.
    std::optional<nlohmann::ordered_json> document;
    const std::size_t failures = failures_until_done(
        [&] { document.emplace(cskpi::report_to_json(report, input)); }, [&] { document.reset(); });
    CHECK(failures > 100);
    CHECK((*document)["groups"].size() == 2);
}

TEST_CASE("retention_to_json and staffing_to_json let std::bad_alloc out") {
    cskpi::RetentionAccumulator accumulator(cskpi::Period::month, cskpi::UtcOffset{});
    for (const cskpi::Interaction& record : fixtures::seven_contacts()) {
        accumulator.add(record);
    }
    const cskpi::RetentionReport retention = accumulator.result(cskpi::CohortTable::include);
    std::optional<nlohmann::ordered_json> document;
    const auto reset = [&] { document.reset(); };
    CHECK(failures_until_done([&] { document.emplace(cskpi::retention_to_json(retention)); },
                              reset) > 10);
    const cskpi::StaffingResult staffing = cskpi::plan_staffing(10.0, 180, {});
    CHECK(failures_until_done([&] { document.emplace(cskpi::staffing_to_json(staffing)); }, reset) >
          5);
}

TEST_CASE("the streaming writers let std::bad_alloc out from every allocation they make") {
    const cskpi::Report report = grouped_report();
    const cskpi::InputSummary input = two_errors();
    std::string text;
    const cskpi::TextSink sink = [&text](std::string_view piece) { text.append(piece); };
    const auto reset = [&] {
        text.clear();
        text.reserve(1 << 16);
    };
    CHECK(failures_until_done([&] { cskpi::write_report_json(sink, report, input); }, reset) > 2);
    CHECK(text == cskpi::report_to_json(report, input).dump(2) + "\n");
    CHECK(failures_until_done([&] { cskpi::write_csv(sink, report); }, reset) > 5);
    CHECK(text == cskpi::to_csv(report));
    CHECK(failures_until_done([&] { cskpi::write_table(sink, report); }, reset) > 5);
    CHECK(text == cskpi::to_table(report));
}
