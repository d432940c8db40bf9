#pragma once
/// \file
/// RFM summary of purchases with the conventions of the `lifetimes` package (docs/clv.md,
/// "RFM summary"): the input of the CLV models.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cskpi/clv/time_unit.hpp"
#include "cskpi/records.hpp"

namespace cskpi::clv {

/// The three numbers a purchase-count model needs for one customer, in a model time unit.
///
/// `frequency` (x) is the number of repeat purchase periods, `recency` (t_x) the time from the
/// first to the last purchase, `T` the time from the first purchase to the calibration end;
/// 0 <= recency <= T, and recency is 0 when frequency is 0.
///
/// Example: `cskpi::clv::Rfm{.frequency = 2, .recency = 30.43, .T = 38.86}`.
struct Rfm {
    double frequency = 0.0;  ///< x: repeat purchase periods (a whole number >= 0).
    double recency = 0.0;    ///< t_x: last minus first purchase, in the model unit.
    double T = 0.0;          ///< Calibration end minus first purchase, in the model unit.
};

/// One customer's calibration summary plus the holdout counts used for model checking.
struct CustomerRfm {
    std::string customer_id{};
    Rfm rfm;                         ///< Calibration-period frequency, recency and T.
    double monetary_value = 0.0;     ///< Mean of the repeat periods' summed amounts; 0 when x = 0.
    double holdout_frequency = 0.0;  ///< Distinct purchase periods after the calibration end.
    double holdout_spend = 0.0;      ///< Sum of the amounts after the calibration end.
};

/// How to summarise purchases.
struct RfmOptions {
    /// Last instant of the calibration period. Periods are UTC calendar days: every purchase on
    /// the calendar day of `calibration_end` (or earlier) is in the calibration period.
    Timestamp calibration_end{};
    /// Unit of recency and T (exact: a week is 7 days, a month 365.2425 / 12 days).
    TimeUnit unit = TimeUnit::week;
    /// End of the holdout period (its calendar day included); empty: every later purchase.
    std::optional<Timestamp> holdout_end{};
};

/// Summarises purchases per customer, sorted by customer_id.
///
/// Purchases on the same UTC calendar day count as one purchase period (their amounts are
/// summed). frequency = distinct purchase days - 1; recency = last - first purchase day;
/// T = calibration-end day - first purchase day (exact, in `options.unit`); monetary_value =
/// mean of the repeat days' summed amounts (the first day excluded). Purchases after the
/// calibration end are not in the calibration summary; they are counted in holdout_frequency
/// (distinct days) and holdout_spend. A customer whose purchases all fall after the calibration
/// end is absent from the result.
///
/// Throws InvalidArgument for an empty customer_id or a non-finite amount. Empty input gives an
/// empty result.
///
/// Example:
/// ```
/// auto rows = cskpi::clv::rfm_summary(purchases, {.calibration_end = end, .unit =
/// TimeUnit::week});
/// ```
[[nodiscard]] std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                                   const RfmOptions& options);

/// The RFM summary built one purchase at a time, in any order, from shards that merge and
/// travel as bytes (docs/state-format.md).
///
/// Per customer it holds only its distinct purchase days (a byte or two each) and three sums:
/// the first calibration day's amounts, the later calibration days' and the holdout days':
/// never the purchases. Purchases after the holdout end are ignored, as by rfm_summary.
/// `summary()` gives the rows rfm_summary gives for all the purchases added (amounts equal up
/// to the order of summation).
///
/// Example:
/// ```
/// cskpi::clv::RfmAccumulator acc({.calibration_end = end, .unit = TimeUnit::week});
/// for (const cskpi::Purchase& p : purchases) acc.add(p);
/// std::vector<cskpi::clv::CustomerRfm> rows = acc.summary();
/// ```
class RfmAccumulator {
  public:
    /// An empty accumulator summarising with `options` (as rfm_summary does).
    ///
    /// Example: `cskpi::clv::RfmAccumulator acc({.calibration_end = end});`
    explicit RfmAccumulator(RfmOptions options);

    /// Folds in one purchase. Throws InvalidArgument for an empty customer_id or a non-finite
    /// amount; a purchase after the holdout end's day is ignored.
    ///
    /// Example: `acc.add(cskpi::Purchase{.customer_id = "c-42", .at = t, .amount = 9.5});`
    void add(const Purchase& purchase);

    /// Adds the state of `other`, as if its purchases had been added here: each customer's
    /// days are united and its amounts summed (the earlier first day's amount stays the first).
    /// Throws InvalidArgument when the two differ in calibration_end, unit or holdout_end.
    ///
    /// Example: `total.merge(shard);`
    void merge(const RfmAccumulator& other);

    /// The rows rfm_summary gives for every purchase added, sorted by customer_id; customers
    /// without a calibration purchase are left out. Throws InvalidArgument when a customer's
    /// repeat or holdout amounts sum beyond the largest finite number.
    ///
    /// Example: `auto data = cskpi::clv::rfm_values(acc.summary());`
    [[nodiscard]] std::vector<CustomerRfm> summary() const;

    /// Distinct customers held, including those with holdout purchases only.
    ///
    /// Example: 0 for a new accumulator.
    [[nodiscard]] std::size_t customers() const noexcept { return customers_.size(); }

    /// The options. Example: `acc.options().unit == cskpi::clv::TimeUnit::week`.
    [[nodiscard]] const RfmOptions& options() const noexcept { return options_; }

    /// The state as bytes in cskpi's saved-state format (docs/state-format.md), options inside,
    /// for another process or machine to read back with `from_bytes` and merge. Throws
    /// InvalidArgument when a day's or the holdout amounts sum beyond the largest finite number.
    ///
    /// Example: `std::vector<std::byte> bytes = acc.to_bytes();`
    [[nodiscard]] std::vector<std::byte> to_bytes() const;

    /// The accumulator whose `to_bytes` gave `bytes`. Bytes are untrusted: anything else
    /// throws StateFormatError naming the byte offset.
    ///
    /// Example: `acc.merge(cskpi::clv::RfmAccumulator::from_bytes(bytes));`
    [[nodiscard]] static RfmAccumulator from_bytes(std::span<const std::byte> bytes);

    /// Calls `visit` with each row `summary()` gives, in the same order, one at a time: what
    /// a million customers' rows would take in memory is not held at once. Throws as
    /// `summary()` does, before the row concerned is visited.
    ///
    /// Example: `acc.for_each_row([&](const cskpi::clv::CustomerRfm& row) { total += row.rfm.T;
    /// });`
    void for_each_row(const std::function<void(const CustomerRfm&)>& visit) const;

    /// Releases the id lookup table (8 bytes a customer) and spare capacity, when no more
    /// purchases are coming; a later `add` or `merge` builds the table again.
    ///
    /// Example: `acc.shrink_to_fit(); auto rows = acc.summary();`
    void shrink_to_fit();

    /// The bytes of memory the state holds (ids, customers, days and the lookup table): 48
    /// bytes a customer, its id, 8 (the lookup table) and, for its distinct purchase days
    /// beyond the first, 1 byte a day less than 128 days after the one before (2 below 16384),
    /// held in the 48 up to 8 bytes and beyond in a block of up to a half more for growth.
    ///
    /// Example: `acc.memory_bytes() / acc.customers()`.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

  private:
    // A customer's summary and its distinct purchase days, calibration then holdout (the
    // holdout days are later than the calibration end, so one ascending set holds both). A
    // million customers must fit in a few dozen MiB and a further day cost a byte or two, so
    // the amounts are kept as the three sums the rows need (not per day), the id lives in the
    // shared arena, and the days after the lowest are varint gaps, in the record while they
    // fit in 8 bytes and in a block of their own beyond. Days are 32-bit offsets from the
    // calibration end.
    struct Customer {
        Customer() = default;
        Customer(const Customer& other);
        Customer& operator=(const Customer& other);
        ~Customer();

        std::uint64_t id = 0;         // arena offset << 24 | length
        double first_amount = 0.0;    // the lowest calibration day's amount
        double repeat_amount = 0.0;   // the later calibration days' amounts
        double holdout_amount = 0.0;  // the holdout days' amounts
        std::uint32_t first_day = 0;  // the lowest day, encoded
        std::uint32_t stored = 0;     // 0: no day yet; else 1 + the bytes of gaps
        std::uint8_t gaps[8] = {};    // the gaps, or a pointer to their block past 8 bytes
    };

    friend std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                                const RfmOptions& options);

    void visit_rows(std::string_view function,
                    const std::function<void(const CustomerRfm&)>& visit) const;
    Customer& customer(std::string_view id);
    void add_day(Customer& c, std::uint32_t day, double amount);
    [[nodiscard]] std::string_view id_of(const Customer& c) const noexcept;
    [[nodiscard]] std::vector<std::uint32_t> by_id() const;
    void rehash(std::size_t slots);

    RfmOptions options_;
    long long end_day_ = 0;      // the calibration end's day
    long long holdout_day_ = 0;  // the holdout end's day, or the last day a Timestamp reaches
    std::string ids_;            // every customer's id, back to back
    std::deque<Customer> customers_;
    std::vector<std::uint32_t> slots_;  // open addressing: customer index + 1, 0 when empty
};

/// The holdout's length in `options.unit`: the holdout end's UTC day minus the calibration
/// end's (both days belong to their periods, so the holdout is the days in between, the last
/// included). Throws InvalidArgument when `holdout_end` is empty or not on a later day.
///
/// Example: calibration end 1997-09-30 and holdout end 1998-06-30 in weeks give 273 / 7 = 39.
[[nodiscard]] double holdout_duration(const RfmOptions& options);

/// The `rfm` member of each row, in order: the input of the purchase-count model fits.
[[nodiscard]] std::vector<Rfm> rfm_values(std::span<const CustomerRfm> rows);

}  // namespace cskpi::clv
