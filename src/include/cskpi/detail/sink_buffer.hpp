#pragma once
// Collects a streamed rendering into bounded pieces for a TextSink. Internal: not part of the
// public API.

#include <cstddef>
#include <string>
#include <string_view>

#include "cskpi/text_output.hpp"

namespace cskpi::detail {

class SinkBuffer {
  public:
    // Big enough that a pipe or a file sees few large writes, small enough to stay out of the
    // way of the report it renders.
    static constexpr std::size_t capacity = std::size_t{64} * 1024;

    explicit SinkBuffer(const TextSink& sink) : sink_(sink) { text_.reserve(capacity + 256); }

    // The buffer itself, for formatting into; call spill() after appending.
    [[nodiscard]] std::string& text() noexcept { return text_; }

    void append(std::string_view piece) {
        text_.append(piece);
        spill();
    }

    void append(char c) {
        text_.push_back(c);
        spill();
    }

    // Hands the buffer over once it is full.
    void spill() {
        if (text_.size() >= capacity) {
            flush();
        }
    }

    // Hands over what is left; a writer calls this once at the end. Not done by the
    // destructor: after an exception, nothing more may be written.
    void flush() {
        if (!text_.empty()) {
            sink_(text_);
            text_.clear();
        }
    }

  private:
    const TextSink& sink_;
    std::string text_;
};

}  // namespace cskpi::detail
