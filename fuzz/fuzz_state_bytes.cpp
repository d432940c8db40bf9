// libFuzzer target: arbitrary bytes as a saved state (docs/state-format.md). The first byte
// chooses what to read them as (a ReportAccumulator, KpiAccumulator, RetentionAccumulator,
// InputSummary or clv::RfmAccumulator: (byte >> 1) % 5) and whether to reseal them first: with its
// low bit set the frame's length and CRC-32 are rewritten to match, so that mutations reach the
// payload's own checks instead of stopping at the checksum. Reading either succeeds or throws
// StateFormatError; a state read then reports, merges with itself through bytes and is written
// again without any other error (a retention report may be refused as too large, as for any state).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "cskpi/clv/rfm.hpp"
#include "cskpi/detail/state_bytes.hpp"
#include "cskpi/error.hpp"
#include "cskpi/input_summary.hpp"
#include "cskpi/kpi_accumulator.hpp"
#include "cskpi/report.hpp"
#include "cskpi/retention_report.hpp"

namespace {

void reseal(std::vector<std::byte>& b) {
    constexpr std::size_t kHeader = 20;
    constexpr std::size_t kTrailer = 4;
    if (b.size() < kHeader + kTrailer) {
        return;
    }
    const std::uint64_t payload = b.size() - kHeader - kTrailer;
    for (std::size_t i = 0; i < 8; ++i) {
        b[12 + i] = static_cast<std::byte>(payload >> (8 * i));
    }
    const std::uint32_t crc = cskpi::detail::crc32(std::span(b).first(b.size() - kTrailer));
    for (std::size_t i = 0; i < 4; ++i) {
        b[b.size() - kTrailer + i] = static_cast<std::byte>(crc >> (8 * i));
    }
}

void read_report(std::span<const std::byte> bytes) {
    cskpi::ReportAccumulator acc = cskpi::ReportAccumulator::from_bytes(bytes);
    (void)acc.report();
    const std::vector<std::byte> again = acc.to_bytes();
    acc.merge(cskpi::ReportAccumulator::from_bytes(again));
    (void)acc.report();
}

void read_kpis(std::span<const std::byte> bytes) {
    cskpi::KpiAccumulator acc = cskpi::KpiAccumulator::from_bytes(bytes);
    (void)acc.kpis();
    acc.merge(cskpi::KpiAccumulator::from_bytes(acc.to_bytes()));
    (void)acc.kpis();
}

void read_retention(std::span<const std::byte> bytes) {
    cskpi::RetentionAccumulator acc = cskpi::RetentionAccumulator::from_bytes(bytes);
    acc.merge(cskpi::RetentionAccumulator::from_bytes(acc.to_bytes()));
    try {
        (void)acc.result(cskpi::CohortTable::include);
    } catch (const cskpi::RetentionTooLarge&) {
    }
}

void read_rfm(std::span<const std::byte> bytes) {
    cskpi::clv::RfmAccumulator acc = cskpi::clv::RfmAccumulator::from_bytes(bytes);
    // Amounts are each finite, but a customer's may sum past the largest double (and do, merged
    // with themselves): summary and to_bytes then refuse with InvalidArgument, naming the
    // customer, as rfm_summary does.
    try {
        (void)acc.summary();
        acc.merge(cskpi::clv::RfmAccumulator::from_bytes(acc.to_bytes()));
        (void)acc.summary();
    } catch (const cskpi::InvalidArgument&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t mode = data[0];
    std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(data) + 1,
                                 reinterpret_cast<const std::byte*>(data) + size);
    if ((mode & 1U) != 0) {
        reseal(bytes);
    }
    try {
        switch ((mode >> 1U) % 5) {
            case 0:
                read_report(bytes);
                break;
            case 1:
                read_kpis(bytes);
                break;
            case 2:
                read_retention(bytes);
                break;
            case 3:
                (void)cskpi::input_summary_from_bytes(bytes);
                break;
            default:
                read_rfm(bytes);
        }
    } catch (const cskpi::StateFormatError&) {
    }
    return 0;
}
