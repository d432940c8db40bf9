#pragma once
/// \file
/// The record-level retention engine: a mergeable accumulator of customer activity by period,
/// the period-over-period retention report and the cohort table, with
/// text-table and CSV renderings. The formulas themselves are in `cskpi/retention.hpp`; the
/// definitions and conventions are in docs/retention.md.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cskpi/error.hpp"
#include "cskpi/period.hpp"
#include "cskpi/rate.hpp"
#include "cskpi/records.hpp"

namespace cskpi {

/// One period of the retention report. With S = customers active in P-1, E = active in P:
/// `retained` = active in both, `new_customers` N = active in P but not in P-1 (first-time or
/// returning after a gap), so E - N = retained and ((E - N) / S) x 100 is `retention_rate`.
///
/// Example: for Jan {a, b, d}, Feb {a, b, c}, the "2026-02" row has start 3, retained 2,
/// new_customers 1, end 3, first_time 1 and retention_rate.value 66.67 (churn 33.33).
struct RetentionPeriod {
    std::int64_t index = 0;           ///< `period_index` of the period.
    std::string period;               ///< Its label, e.g. "2026-02" or "2026-W05".
    std::uint64_t start = 0;          ///< S: customers active in the previous period.
    std::uint64_t retained = 0;       ///< Customers active in the previous period and this one.
    std::uint64_t new_customers = 0;  ///< N: active here but not in the previous period.
    std::uint64_t end = 0;            ///< E: customers active in this period.
    std::uint64_t first_time = 0;     ///< Of N, customers whose first activity is here.
    Rate retention_rate;              ///< retained / start; undefined when start is 0.
    Rate churn_rate;                  ///< (start - retained) / start, the complement.
    friend bool operator==(const RetentionPeriod&, const RetentionPeriod&) = default;
};

/// One row of the cohort table: the customers whose first activity is in `cohort`, and the
/// share of them active k periods later, for k = 0 up to the last period with data.
///
/// Example: a January cohort {a, b, d} of which a and b are active in February, nobody in
/// March and a in April has size 3, active {3, 2, 0, 1} and retention {100, 66.67, 0, 33.33}.
struct RetentionCohort {
    std::int64_t index = 0;  ///< `period_index` of the cohort's period.
    std::string cohort;      ///< Its label, e.g. "2026-01".
    std::uint64_t size = 0;  ///< Customers first active in this period (0 in a gap period).
    /// active[k]: cohort members active in period index + k.
    std::vector<std::uint64_t> active;
    /// retention[k] = active[k] / size x 100 in percent; offset 0 is 100; every entry is empty
    /// (undefined) when size is 0.
    std::vector<std::optional<double>> retention;
    friend bool operator==(const RetentionCohort&, const RetentionCohort&) = default;
};

/// The retention report: one row per period from the first to the last period with activity,
/// gap periods included, and (unless omitted) one cohort per such period.
///
/// Example:
/// ```
/// cskpi::RetentionReport r = cskpi::retention_report(purchases);
/// for (const auto& p : r.periods) std::cout << p.period << ' ' << p.end << '\n';
/// ```
struct RetentionReport {
    Period period = Period::month;               ///< The period length the report uses.
    UtcOffset utc_offset;                        ///< The offset local periods are taken at.
    std::string time_zone;                       ///< Or the IANA zone; empty: the offset.
    std::uint64_t records = 0;                   ///< Records counted (those with a customer_id).
    std::uint64_t skipped_without_customer = 0;  ///< Records with an empty customer_id.
    std::uint64_t customers = 0;                 ///< Distinct customers.
    std::uint64_t customer_periods = 0;          ///< Distinct (customer, period) pairs.
    std::vector<RetentionPeriod> periods;        ///< Empty when nothing was counted.
    std::vector<RetentionCohort> cohorts;        ///< Empty when omitted or nothing was counted.
    friend bool operator==(const RetentionReport&, const RetentionReport&) = default;
};

/// Whether `RetentionAccumulator::result` builds the cohort table. It has (n² + n) / 2 cells
/// for n periods, which is large for daily periods over years.
///
/// Example: `acc.result(cskpi::CohortTable::omit).cohorts.empty()` is true.
enum class CohortTable { include, omit };

/// The most periods (rows of the period table) a report may have: daily periods over 547
/// years, weekly over 3,800, monthly over all of years 0001 to 9999. Each row costs a few
/// hundred bytes, and a few kilobytes in JSON.
///
/// Example: purchases on 0001-01-01 and 9999-12-31 make 3,652,059 daily periods: refused.
inline constexpr std::uint64_t max_retention_periods = 200'000;

/// The most cells a cohort table may have, (n² + n) / 2 for n periods: daily cohorts over 12
/// years, weekly over 85, monthly over 372. Each cell costs about 24 bytes, and 70 in JSON.
///
/// Example: 4,471 periods make 9,997,156 cells and are built; 4,472 are refused.
inline constexpr std::uint64_t max_cohort_cells = 10'000'000;

/// What `RetentionAccumulator::result` throws instead of building a table past
/// `max_retention_periods` or `max_cohort_cells`, which could take gigabytes: typically one
/// record with an outlying date. The message says how large the table would be, e.g.
/// "RetentionAccumulator::result: the cohort table would have 20,455 cohorts and 209,213,740
/// cells (day periods FIRST to LAST); the limit is 10,000,000 cells: use a longer period,
/// CohortTable::omit or fewer dates", FIRST and LAST being the labels of the periods.
///
/// Example: `catch (const cskpi::RetentionTooLarge& e) { std::cerr << e.periods() << '\n'; }`
class RetentionTooLarge : public Error {
  public:
    /// Which table is too large.
    enum class Table { periods, cohorts };

    RetentionTooLarge(Table table, Period period, std::uint64_t periods, std::string first,
                      std::string last);

    /// The table refused. Example: `Table::cohorts` for a cohort table past max_cohort_cells.
    [[nodiscard]] Table table() const noexcept { return table_; }
    /// The period length. Example: `Period::day`.
    [[nodiscard]] Period period() const noexcept { return period_; }
    /// The periods the report would have. Example: 20,455.
    [[nodiscard]] std::uint64_t periods() const noexcept { return periods_; }
    /// The cells of the refused table: periods() rows, or (n² + n) / 2 cohort cells.
    [[nodiscard]] std::uint64_t cells() const noexcept;
    /// The limit passed: max_retention_periods or max_cohort_cells.
    [[nodiscard]] std::uint64_t limit() const noexcept;
    /// The labels of the first and last period with activity, as period_label writes them.
    [[nodiscard]] const std::string& first() const noexcept { return first_; }
    [[nodiscard]] const std::string& last() const noexcept { return last_; }

  private:
    Table table_;
    Period period_;
    std::uint64_t periods_;
    std::string first_;
    std::string last_;
};

/// "20,455": a count with thousands separators, as RetentionTooLarge's message writes it.
///
/// Example: `cskpi::grouped_count(10'000'000)` is "10,000,000".
[[nodiscard]] std::string grouped_count(std::uint64_t count);

/// Customer activity by period, accumulated from records and mergeable.
///
/// The state is the set of (customer, period index) pairs in which a customer was active
/// (a customer's first period is the smallest of its pairs), plus record counts: memory is
/// proportional to the distinct customer-periods, not to the records. Several contacts by one
/// customer in one period count once.
///
/// Merge contract: splitting the records into any shards, accumulating each shard separately
/// (same period and offset) and merging the shard accumulators in any order or tree shape
/// gives an accumulator equal (`==`) to one that saw every record, and hence an identical
/// report. Merging is a set union of the pairs plus a sum of the counts, so it is associative
/// and commutative; merging an accumulator into itself doubles only the record counts, exactly
/// as adding its records again would.
///
/// Example:
/// ```
/// cskpi::RetentionAccumulator acc{cskpi::Period::month, cskpi::parse_utc_offset("+02:00")};
/// for (const cskpi::Interaction& i : contacts) acc.add(i);
/// cskpi::RetentionReport report = acc.result();
/// ```
class RetentionAccumulator {
  public:
    /// An empty accumulator for periods of length `period` in local time at `zone` (a fixed
    /// UtcOffset converts to one). Throws InvalidArgument (argument "utc_offset") for an
    /// offset of 24 hours or more.
    ///
    /// Example: `cskpi::RetentionAccumulator weekly{cskpi::Period::week};`
    explicit RetentionAccumulator(Period period = Period::month, TimeZone zone = {});

    /// Records activity of `customer_id` at `at`. An empty id is not counted as a customer; it
    /// is tallied in `skipped_without_customer()`.
    ///
    /// Example: `acc.add("c-42", cskpi::Timestamp{std::chrono::sys_days{2026y / 1 / 31}});`
    void add(std::string_view customer_id, Timestamp at);

    /// Records a contact: its `customer_id` active at `started_at`.
    ///
    /// Example: `acc.add(cskpi::Interaction{.id = "i-1", .customer_id = "c-42", .started_at = t});`
    void add(const Interaction& interaction) {
        add(interaction.customer_id, interaction.started_at);
    }

    /// Records a purchase: its `customer_id` active at `at`.
    ///
    /// Example: `acc.add(cskpi::Purchase{.customer_id = "c-42", .at = t, .amount = 9.5});`
    void add(const Purchase& purchase) { add(purchase.customer_id, purchase.at); }

    /// Adds the state of `other`, as if its records had been added here. Throws
    /// InvalidArgument when the two differ in period, UTC offset or time zone.
    ///
    /// Example: `total.merge(shard);`
    void merge(const RetentionAccumulator& other);

    /// The state as bytes in cskpi's saved-state format (docs/state-format.md), period and
    /// offset inside, for another process or machine to read back with `from_bytes` and merge.
    ///
    /// Example: `std::vector<std::byte> bytes = acc.to_bytes();`
    [[nodiscard]] std::vector<std::byte> to_bytes() const;

    /// The accumulator whose `to_bytes` gave `bytes` (equal to the original). Bytes are
    /// untrusted: anything else throws StateFormatError naming the byte offset.
    ///
    /// Example: `acc.merge(cskpi::RetentionAccumulator::from_bytes(bytes));`
    [[nodiscard]] static RetentionAccumulator from_bytes(std::span<const std::byte> bytes);

    /// The retention report of everything added so far (see RetentionReport). Throws
    /// RetentionTooLarge, before allocating, when the periods from the first to the last with
    /// activity are more than max_retention_periods, or (with the cohort table) make more
    /// than max_cohort_cells cells.
    ///
    /// Example: `acc.result().periods.front().period` is the first period with activity.
    [[nodiscard]] RetentionReport result(CohortTable cohorts = CohortTable::include) const;

    /// The period length. Example: `RetentionAccumulator{}.period() == Period::month`.
    [[nodiscard]] Period period() const noexcept { return period_; }

    /// The UTC offset. Example: `RetentionAccumulator{}.utc_offset().minutes.count() == 0`.
    [[nodiscard]] UtcOffset utc_offset() const noexcept { return zone_.fixed_offset(); }

    /// The time zone (or fixed offset). Example: `RetentionAccumulator{}.time_zone().name()`.
    [[nodiscard]] const TimeZone& time_zone() const noexcept { return zone_; }

    /// Records counted (with a customer id). Example: 0 for a new accumulator.
    [[nodiscard]] std::uint64_t records() const noexcept { return records_; }

    /// Records passed with an empty customer_id. Example: `acc.add("", t)` makes it 1.
    [[nodiscard]] std::uint64_t skipped_without_customer() const noexcept { return skipped_; }

    /// Distinct customers seen. Example: two adds for "a" and one for "b" make 2.
    [[nodiscard]] std::uint64_t customers() const noexcept { return customers_.size(); }

    /// Distinct (customer, period) pairs. Example: "a" in January twice and in March make 2.
    [[nodiscard]] std::uint64_t customer_periods() const noexcept { return pairs_; }

    /// Equal state: same options, counts and activity pairs (independent of insertion order).
    ///
    /// Example: `merged == single_pass` after a sharded run.
    friend bool operator==(const RetentionAccumulator&, const RetentionAccumulator&) = default;

  private:
    // Transparent hashing so lookups by string_view do not allocate.
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept;
    };

    Period period_;
    TimeZone zone_;
    std::uint64_t records_ = 0;
    std::uint64_t skipped_ = 0;
    std::uint64_t pairs_ = 0;
    // Each customer's active period indexes, sorted ascending without duplicates.
    std::unordered_map<std::string, std::vector<std::int64_t>, Hash, std::equal_to<>> customers_;
};

/// The report of a span of contacts, each counted at its `started_at`. Throws
/// RetentionTooLarge as RetentionAccumulator::result does.
///
/// Example: `cskpi::retention_report(contacts, cskpi::Period::week).periods.size()`.
[[nodiscard]] RetentionReport retention_report(std::span<const Interaction> records,
                                               Period period = Period::month,
                                               const TimeZone& zone = {},
                                               CohortTable cohorts = CohortTable::include);

/// The report of a span of purchases, each counted at its `at`. Throws RetentionTooLarge as
/// RetentionAccumulator::result does.
///
/// Example: `cskpi::retention_report(purchases).cohorts.front().retention[1]`.
[[nodiscard]] RetentionReport retention_report(std::span<const Purchase> records,
                                               Period period = Period::month,
                                               const TimeZone& zone = {},
                                               CohortTable cohorts = CohortTable::include);

/// The periods as an aligned text table, a summary line first, then (when the report has
/// them) the cohort table. Percentages have two decimals; undefined values show as "n/a"
/// (`cskpi::table_number`).
///
/// Periods columns: period, start, retained, new, first_time, end, retention_%, ci95_low,
/// ci95_high, churn_%. Cohort columns: cohort, size, then one per offset k = 0, 1, 2, ...
/// (percent active k periods after the cohort's period; blank past the last period).
///
/// Example: `std::cout << cskpi::to_table(acc.result());`
[[nodiscard]] std::string to_table(const RetentionReport& report);

/// The periods as CSV (RFC 4180, "\n" line ends), one header line then one line per period.
/// Columns: period,start,retained,new,first_time,end,retention_rate,retention_ci95_low,
/// retention_ci95_high,churn_rate. Percentages are written with the shortest round-trip
/// decimal form; undefined values are empty fields.
///
/// Example: `cskpi::to_csv(report)` starts "period,start,retained,new,first_time,end,...".
[[nodiscard]] std::string to_csv(const RetentionReport& report);

/// The cohort table as CSV: cohort,size,offset_0,offset_1,... up to the longest row. Cells are
/// percent active (shortest round-trip form); undefined cells and cells past the last period
/// are empty.
///
/// Example: a line "2026-01,3,100,66.66666666666667,0,33.333333333333336".
[[nodiscard]] std::string cohorts_to_csv(const RetentionReport& report);

}  // namespace cskpi
