#include "progress.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace cskpi::cli {
namespace {

std::string bytes_text(std::uint64_t bytes) {
    const auto b = static_cast<double>(bytes);
    if (bytes < 1000) {
        return fmt::format("{} B", bytes);
    }
    if (bytes < 1000 * 1000) {
        return fmt::format("{:.1f} kB", b / 1e3);
    }
    if (bytes < std::uint64_t{1000} * 1000 * 1000) {
        return fmt::format("{:.1f} MB", b / 1e6);
    }
    return fmt::format("{:.2f} GB", b / 1e9);
}

std::string count_text(double count) {
    if (count < 1e4) {
        return fmt::format("{:.0f}", count);
    }
    if (count < 1e6) {
        return fmt::format("{:.0f}k", count / 1e3);
    }
    return fmt::format("{:.1f}M", count / 1e6);
}

std::string clock_text(double seconds) {
    const auto s = static_cast<std::int64_t>(std::llround(std::max(0.0, seconds)));
    if (s >= 3600) {
        return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::size_t terminal_width() noexcept {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
        return size.ws_col;
    }
    return 80;
}

void write_stderr(std::string_view text) noexcept {
    while (!text.empty()) {
        const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
        if (n <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

bool stderr_is_terminal() noexcept {
    return ::isatty(STDERR_FILENO) == 1;
}

std::chrono::milliseconds progress_delay() {
    if (const char* value = std::getenv("CSKPI_PROGRESS_DELAY_MS")) {
        char* end = nullptr;
        const long ms = std::strtol(value, &end, 10);
        if (end != value && *end == '\0' && ms >= 0) {
            return std::chrono::milliseconds{ms};
        }
    }
    return std::chrono::milliseconds{500};
}

std::string format_progress(const ProgressState& state, std::size_t width) {
    const double elapsed = state.elapsed.count();
    std::string line;
    constexpr int bar = 20;
    if (!state.live) {
        // A block of 4 moving across the bar and back, one step per 100 ms.
        const auto step = static_cast<int>(std::fmod(elapsed * 10.0, 2.0 * (bar - 4)));
        const int at = step < bar - 4 ? step : 2 * (bar - 4) - step;
        line = fmt::format("[{}####{}]", std::string(static_cast<std::size_t>(at), '.'),
                           std::string(static_cast<std::size_t>(bar - 4 - at), '.'));
        line += state.bytes_total > 0 ? fmt::format("  {} of {} done", bytes_text(state.bytes_done),
                                                    bytes_text(state.bytes_total))
                                      : fmt::format("  {} done", bytes_text(state.bytes_done));
    } else if (state.bytes_total > 0) {
        const double fraction = std::min(
            1.0, static_cast<double>(state.bytes_done) / static_cast<double>(state.bytes_total));
        const auto filled = static_cast<int>(std::floor(fraction * bar));
        line = fmt::format(
            "[{}{}] {:3.0f}%  {} of {}", std::string(static_cast<std::size_t>(filled), '#'),
            std::string(static_cast<std::size_t>(bar - filled), '.'), std::floor(fraction * 100.0),
            bytes_text(state.bytes_done), bytes_text(state.bytes_total));
    } else {
        line = fmt::format("{} read", bytes_text(state.bytes_done));
    }
    if (elapsed > 0.0 && state.records > 0) {
        line +=
            fmt::format("  {} records/s", count_text(static_cast<double>(state.records) / elapsed));
    }
    if (state.live && state.bytes_total > 0 && state.bytes_done > 0 &&
        state.bytes_done < state.bytes_total && elapsed > 0.0) {
        const double rate = static_cast<double>(state.bytes_done) / elapsed;
        line += fmt::format(
            "  ETA {}",
            clock_text(static_cast<double>(state.bytes_total - state.bytes_done) / rate));
    } else {
        line += fmt::format("  {} elapsed", clock_text(elapsed));
    }
    if (!state.label.empty()) {
        line += "  ";
        line += state.label;
    }
    const std::size_t limit = width > 1 ? width - 1 : 0;
    if (line.size() > limit) {
        line.resize(limit);
    }
    return line;
}

Progress::Progress(std::uint64_t bytes_total, bool enabled)
    : enabled_(enabled), total_(bytes_total), start_(std::chrono::steady_clock::now()) {
    if (enabled_) {
        thread_ = std::thread([this] { run(); });
    }
}

Progress::~Progress() {
    finish();
}

void Progress::set_label(std::string label, bool live) {
    const std::lock_guard lock(mutex_);
    label_ = std::move(label);
    live_ = live;
    // A line already shown names the new file now, not at the next redraw, which a short read
    // may never reach (the first draw can come before the first label).
    if (drawn_ && !stop_) {
        draw();
    }
}

void Progress::finish() noexcept {
    if (!thread_.joinable()) {
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    // A run that outlived the delay shows its line at least once, even when the redraw
    // thread was not scheduled in time (a loaded machine): deterministic for the tests too.
    if (!drawn_ && std::chrono::steady_clock::now() >= start_ + progress_delay()) {
        const std::lock_guard lock(mutex_);
        draw();
    }
    if (drawn_) {
        write_stderr("\r\033[K");
    }
}

void Progress::run() {
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, start_ + progress_delay(), [this] { return stop_; })) {
        return;
    }
    while (!stop_) {
        draw();
        wake_.wait_for(lock, std::chrono::milliseconds{200}, [this] { return stop_; });
    }
}

// Called with the mutex held (by the redraw thread, or by finish() once it has stopped).
void Progress::draw() {
    ProgressState state;
    state.bytes_done = bytes_.load(std::memory_order_relaxed);
    state.bytes_total = total_;
    state.records = records_.load(std::memory_order_relaxed);
    state.elapsed = std::chrono::steady_clock::now() - start_;
    state.label = label_;
    state.live = live_;
    write_stderr(fmt::format("\r{}\033[K", format_progress(state, terminal_width())));
    drawn_ = true;
}

}  // namespace cskpi::cli
