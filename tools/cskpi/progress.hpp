#pragma once
/// \file
/// The progress bar a long run shows on stderr, only when stderr is a terminal (docs/cli.md,
/// "Common to all commands").

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cskpi::cli {

/// True when file descriptor 2 is a terminal; the only case in which progress is drawn.
[[nodiscard]] bool stderr_is_terminal() noexcept;

/// How long a run lasts before its progress bar appears: 500 ms, or the milliseconds in the
/// environment variable CSKPI_PROGRESS_DELAY_MS (the tests set it to 0). Quick runs draw
/// nothing even on a terminal.
[[nodiscard]] std::chrono::milliseconds progress_delay();

/// What the bar shows at one moment.
struct ProgressState {
    std::uint64_t bytes_done = 0;
    std::uint64_t bytes_total = 0;  ///< 0: unknown (stdin from a pipe).
    std::uint64_t records = 0;
    std::chrono::duration<double> elapsed{};
    std::string label{};  ///< The file being read, e.g. "calls.ndjson (2/3)".
    /// False while a file is read by several threads at once, whose bytes are only counted
    /// when it is done: the bar then shows a moving block instead of a percentage.
    bool live = true;
};

/// One line of progress, at most `width` - 1 characters:
/// `[########............]  40%  100.0 MB of 250.0 MB  1.2M records/s  ETA 0:07  calls.ndjson`.
/// Without a known total it shows the bytes read and the rate; while the current file is not
/// counted live (`live` false), a moving block, the bytes of the files done and the elapsed
/// time instead of the percentage and the ETA.
[[nodiscard]] std::string format_progress(const ProgressState& state, std::size_t width);

/// A progress bar on stderr. Counts are thread-safe; a background thread redraws the line a
/// few times a second once `progress_delay()` has passed, and the line is erased when the
/// bar finishes, so what follows on stderr starts on a clean line. When not `enabled` no
/// thread starts and nothing is ever written.
class Progress {
  public:
    Progress(std::uint64_t bytes_total, bool enabled);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void add_bytes(std::uint64_t bytes) noexcept {
        bytes_.fetch_add(bytes, std::memory_order_relaxed);
    }
    void add_records(std::uint64_t records) noexcept {
        records_.fetch_add(records, std::memory_order_relaxed);
    }
    /// The file now being read, and whether its bytes are counted as they are read (false: they
    /// are added when it is done). A line already on the terminal is redrawn with it at once.
    void set_label(std::string label, bool live = true);
    /// Stops redrawing and erases the line (also done by the destructor).
    void finish() noexcept;
    [[nodiscard]] bool enabled() const noexcept { return enabled_; }

  private:
    void run();
    void draw();

    bool enabled_;
    std::uint64_t total_;
    std::atomic<std::uint64_t> bytes_{0};
    std::atomic<std::uint64_t> records_{0};
    std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool drawn_ = false;
    std::string label_;
    bool live_ = true;
    std::thread thread_;
};

}  // namespace cskpi::cli
