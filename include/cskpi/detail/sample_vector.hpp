#pragma once
// The samples a KpiAccumulator keeps for exact quantiles (first-response and resolution
// times): one double per record that has the field, so millions of them on a large input.
// Stored in PagedBytes rather than std::vector: growing never copies (mremap) and fresh
// pages are committed in large steps, which on a virtual machine costs a quarter of faulting
// them in one by one (see paged_bytes.hpp). Internal: not part of the public API.

#include <cstring>
#include <span>

#include "cskpi/detail/paged_bytes.hpp"

namespace cskpi::detail {

/// A growable array of doubles; copyable, appendable.
class SampleVector {
  public:
    SampleVector() = default;
    SampleVector(const SampleVector& other) { append(other.values()); }
    SampleVector& operator=(const SampleVector& other) {
        if (this != &other) {
            size_ = 0;
            append(other.values());
        }
        return *this;
    }
    SampleVector(SampleVector&&) noexcept = default;
    SampleVector& operator=(SampleVector&&) noexcept = default;
    ~SampleVector() = default;

    void push_back(double value) {
        if ((size_ + 1) * sizeof(double) > bytes_.capacity()) {
            bytes_.reserve((size_ + 1) * sizeof(double));
        }
        std::memcpy(bytes_.data() + size_ * sizeof(double), &value, sizeof value);
        ++size_;
    }

    /// Appends `value` when `keep` is true, without a branch on `keep`: the value is written
    /// past the end either way and kept by advancing the size (for the report engine's column
    /// kernels, where which rows have a sample is data a branch would mispredict).
    void push_back_if(double value, bool keep) {
        if ((size_ + 1) * sizeof(double) > bytes_.capacity()) {
            if (!keep) {
                return;  // no room for the scratch write, and nothing to keep: grow no further
            }
            bytes_.reserve((size_ + 1) * sizeof(double));
        }
        std::memcpy(bytes_.data() + size_ * sizeof(double), &value, sizeof value);
        size_ += static_cast<std::size_t>(keep);
    }

    void append(std::span<const double> more) {
        if (more.empty()) {
            return;
        }
        bytes_.reserve((size_ + more.size()) * sizeof(double));
        std::memcpy(bytes_.data() + size_ * sizeof(double), more.data(),
                    more.size() * sizeof(double));
        size_ += more.size();
    }

    [[nodiscard]] std::span<const double> values() const noexcept {
        return {reinterpret_cast<const double*>(bytes_.data()), size_};
    }
    /// The values, writable: for selecting quantiles in place (order carries no meaning).
    [[nodiscard]] std::span<double> values() noexcept {
        return {reinterpret_cast<double*>(bytes_.data()), size_};
    }

    /// The bytes of storage held (capacity, not size).
    [[nodiscard]] std::size_t memory_bytes() const noexcept { return bytes_.capacity(); }

  private:
    PagedBytes bytes_;
    std::size_t size_ = 0;
};

}  // namespace cskpi::detail
