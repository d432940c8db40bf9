#include "cskpi/retention_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <utility>

#include "cskpi/detail/check.hpp"
#include "cskpi/retention.hpp"
#include "cskpi/text_output.hpp"

namespace cskpi {
namespace {

// A percent for CSV: the shortest form that reads back as the same double, empty when undefined.
std::string csv_percent(const std::optional<double>& value) {
    const std::optional<double> shown = printable(value);
    return shown ? fmt::format("{}", *shown) : std::string();
}

std::optional<double> lower(const Rate& rate) {
    return rate.ci95 ? std::optional<double>(rate.ci95->lower) : std::nullopt;
}

std::optional<double> upper(const Rate& rate) {
    return rate.ci95 ? std::optional<double>(rate.ci95->upper) : std::nullopt;
}

// Aligns rows of cells (the first row is the header): the first column left-aligned, the
// others right-aligned, two spaces between columns. Rows may be shorter than the header.
std::string render_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], row[c].size());
        }
    }
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c == 0) {
                // No trailing blanks when the first column is the whole row.
                fmt::format_to(std::back_inserter(out), "{:<{}}", row[c],
                               row.size() == 1 ? row[c].size() : widths[c]);
            } else {
                fmt::format_to(std::back_inserter(out), "  {:>{}}", row[c], widths[c]);
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace

std::string grouped_count(std::uint64_t count) {
    std::string digits = fmt::format("{}", count);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

namespace {

std::string too_large_message(RetentionTooLarge::Table table, Period period, std::uint64_t periods,
                              std::uint64_t cells, std::uint64_t limit, const std::string& first,
                              const std::string& last) {
    const std::string span = fmt::format("{} periods {} to {}", to_string(period), first, last);
    if (table == RetentionTooLarge::Table::cohorts) {
        return fmt::format(
            "RetentionAccumulator::result: the cohort table would have {} cohorts and {} cells "
            "({}); the limit is {} cells: use a longer period, CohortTable::omit or fewer dates",
            grouped_count(periods), grouped_count(cells), span, grouped_count(limit));
    }
    return fmt::format(
        "RetentionAccumulator::result: the period table would have {} rows ({}); the limit is "
        "{} rows: use a longer period or fewer dates",
        grouped_count(periods), span, grouped_count(limit));
}

std::uint64_t triangle(std::uint64_t n) {
    // n is at most max_retention_periods here, so the product cannot overflow.
    return n * (n + 1) / 2;
}

}  // namespace

RetentionTooLarge::RetentionTooLarge(Table table, Period period, std::uint64_t periods,
                                     std::string first, std::string last)
    : Error(too_large_message(
          table, period, periods, table == Table::cohorts ? triangle(periods) : periods,
          table == Table::cohorts ? max_cohort_cells : max_retention_periods, first, last)),
      table_(table),
      period_(period),
      periods_(periods),
      first_(std::move(first)),
      last_(std::move(last)) {}

std::uint64_t RetentionTooLarge::cells() const noexcept {
    return table_ == Table::cohorts ? triangle(periods_) : periods_;
}

std::uint64_t RetentionTooLarge::limit() const noexcept {
    return table_ == Table::cohorts ? max_cohort_cells : max_retention_periods;
}

std::size_t RetentionAccumulator::Hash::operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
}

RetentionAccumulator::RetentionAccumulator(Period period, TimeZone zone)
    : period_(period), zone_(std::move(zone)) {
    const UtcOffset offset = zone_.fixed_offset();
    detail::require(std::abs(offset.minutes.count()) < 24 * 60, "RetentionAccumulator",
                    "utc_offset", static_cast<long long>(offset.minutes.count()),
                    "minutes is not within -23:59 to +23:59");
}

void RetentionAccumulator::add(std::string_view customer_id, Timestamp at) {
    if (customer_id.empty()) {
        ++skipped_;
        return;
    }
    ++records_;
    const std::int64_t index = period_index(at, period_, zone_);
    auto it = customers_.find(customer_id);
    if (it == customers_.end()) {
        it = customers_.emplace(std::string(customer_id), std::vector<std::int64_t>{}).first;
    }
    std::vector<std::int64_t>& periods = it->second;
    // Records mostly arrive in time order, so appending is the common case.
    if (periods.empty() || periods.back() < index) {
        periods.push_back(index);
        ++pairs_;
        return;
    }
    const auto pos = std::lower_bound(periods.begin(), periods.end(), index);
    if (*pos != index) {
        periods.insert(pos, index);
        ++pairs_;
    }
}

void RetentionAccumulator::merge(const RetentionAccumulator& other) {
    if (other.period_ != period_) {
        throw InvalidArgument(
            "RetentionAccumulator::merge", "other.period", to_string(other.period_),
            "differs from this accumulator's period " + std::string(to_string(period_)));
    }
    if (other.zone_.fixed_offset() != zone_.fixed_offset()) {
        throw InvalidArgument(
            "RetentionAccumulator::merge", "other.utc_offset",
            to_string(other.zone_.fixed_offset()),
            "differs from this accumulator's offset " + to_string(zone_.fixed_offset()));
    }
    if (other.zone_.name() != zone_.name()) {
        const auto name = [](const TimeZone& z) { return z.name().empty() ? "none" : z.name(); };
        throw InvalidArgument("RetentionAccumulator::merge", "other.time_zone", name(other.zone_),
                              "differs from this accumulator's time zone " + name(zone_));
    }
    records_ += other.records_;
    skipped_ += other.skipped_;
    if (&other == this) {
        return;  // The union of a set with itself is the set.
    }
    for (const auto& [id, theirs] : other.customers_) {
        std::vector<std::int64_t>& mine = customers_.try_emplace(id).first->second;
        if (mine.empty() || mine.back() < theirs.front()) {
            mine.insert(mine.end(), theirs.begin(), theirs.end());
            pairs_ += theirs.size();
            continue;
        }
        std::vector<std::int64_t> both;
        both.reserve(mine.size() + theirs.size());
        std::set_union(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                       std::back_inserter(both));
        pairs_ += both.size() - mine.size();
        mine = std::move(both);
    }
}

namespace {

// Per period (from the first with activity): the customers active, retained from the period
// before, and first seen; per cohort and period since, the cohort's customers active.
struct Tally {
    std::vector<std::uint64_t> active;
    std::vector<std::uint64_t> retained;
    std::vector<std::uint64_t> first_time;
    std::vector<std::vector<std::uint64_t>> cells;  // cells[c][k]: cohort c in period c + k
};

template <typename Customers>
Tally tally(const Customers& customers, std::int64_t first, std::size_t n, bool with_cohorts) {
    Tally t{std::vector<std::uint64_t>(n, 0), std::vector<std::uint64_t>(n, 0),
            std::vector<std::uint64_t>(n, 0),
            std::vector<std::vector<std::uint64_t>>(with_cohorts ? n : 0)};
    for (std::size_t c = 0; c < t.cells.size(); ++c) {
        t.cells[c].assign(n - c, 0);
    }
    for (const auto& entry : customers) {
        const std::vector<std::int64_t>& periods = entry.second;
        const auto cohort = static_cast<std::size_t>(periods.front() - first);
        ++t.first_time[cohort];
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const auto p = static_cast<std::size_t>(periods[i] - first);
            ++t.active[p];
            if (i > 0 && periods[i - 1] + 1 == periods[i]) {
                ++t.retained[p];
            }
            if (with_cohorts) {
                ++t.cells[cohort][p - cohort];
            }
        }
    }
    return t;
}

std::vector<RetentionPeriod> period_rows(const Tally& t, std::int64_t first, Period period,
                                         const TimeZone& zone) {
    std::vector<RetentionPeriod> rows;
    rows.reserve(t.active.size());
    for (std::size_t p = 0; p < t.active.size(); ++p) {
        RetentionPeriod row;
        row.index = first + static_cast<std::int64_t>(p);
        row.period = period_label(row.index, period, zone);
        row.start = p == 0 ? 0 : t.active[p - 1];
        row.retained = t.retained[p];
        row.end = t.active[p];
        row.new_customers = row.end - row.retained;
        row.first_time = t.first_time[p];
        row.retention_rate = retention_rate(row.retained, row.start);
        row.churn_rate = complement(row.retention_rate);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<RetentionCohort> cohort_rows(Tally& t, const std::vector<RetentionPeriod>& periods) {
    std::vector<RetentionCohort> rows;
    rows.reserve(t.cells.size());
    for (std::size_t c = 0; c < t.cells.size(); ++c) {
        RetentionCohort row;
        row.index = periods[c].index;
        row.cohort = periods[c].period;
        row.size = t.first_time[c];
        row.active = std::move(t.cells[c]);
        row.retention.reserve(row.active.size());
        for (const std::uint64_t a : row.active) {
            // The same expression as make_rate, so a cohort cell equals the matching Rate.
            row.retention.push_back(row.size == 0
                                        ? std::nullopt
                                        : std::optional<double>(100.0 * static_cast<double>(a) /
                                                                static_cast<double>(row.size)));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

RetentionReport RetentionAccumulator::result(CohortTable cohorts) const {
    RetentionReport report;
    report.period = period_;
    report.utc_offset = zone_.fixed_offset();
    report.time_zone = zone_.name();
    report.records = records_;
    report.skipped_without_customer = skipped_;
    report.customers = customers_.size();
    report.customer_periods = pairs_;
    if (customers_.empty()) {
        return report;
    }

    std::int64_t first = customers_.begin()->second.front();
    std::int64_t last = first;
    for (const auto& entry : customers_) {
        first = std::min(first, entry.second.front());
        last = std::max(last, entry.second.back());
    }
    // Refused before anything is allocated: one outlying date can ask for gigabytes.
    const auto span = static_cast<std::uint64_t>(last - first) + 1;
    if (span > max_retention_periods) {
        throw RetentionTooLarge(RetentionTooLarge::Table::periods, period_, span,
                                period_label(first, period_, zone_),
                                period_label(last, period_, zone_));
    }
    const bool with_cohorts = cohorts == CohortTable::include;
    if (with_cohorts && triangle(span) > max_cohort_cells) {
        throw RetentionTooLarge(RetentionTooLarge::Table::cohorts, period_, span,
                                period_label(first, period_, zone_),
                                period_label(last, period_, zone_));
    }
    Tally t = tally(customers_, first, static_cast<std::size_t>(span), with_cohorts);
    report.periods = period_rows(t, first, period_, zone_);
    report.cohorts = cohort_rows(t, report.periods);
    return report;
}

RetentionReport retention_report(std::span<const Interaction> records, Period period,
                                 const TimeZone& zone, CohortTable cohorts) {
    RetentionAccumulator acc{period, zone};
    for (const Interaction& record : records) {
        acc.add(record);
    }
    return acc.result(cohorts);
}

RetentionReport retention_report(std::span<const Purchase> records, Period period,
                                 const TimeZone& zone, CohortTable cohorts) {
    RetentionAccumulator acc{period, zone};
    for (const Purchase& record : records) {
        acc.add(record);
    }
    return acc.result(cohorts);
}

std::string to_table(const RetentionReport& report) {
    const std::string where = report.time_zone.empty() ? "at UTC" + to_string(report.utc_offset)
                                                       : "in " + report.time_zone;
    std::string out = fmt::format(
        "retention by {} {}: {} records, {} skipped without customer_id, {} customers, {} "
        "customer-periods\n\n",
        to_string(report.period), where, report.records, report.skipped_without_customer,
        report.customers, report.customer_periods);

    std::vector<std::vector<std::string>> rows;
    rows.push_back({"period", "start", "retained", "new", "first_time", "end", "retention_%",
                    "ci95_low", "ci95_high", "churn_%"});
    for (const RetentionPeriod& p : report.periods) {
        rows.push_back({p.period, fmt::format("{}", p.start), fmt::format("{}", p.retained),
                        fmt::format("{}", p.new_customers), fmt::format("{}", p.first_time),
                        fmt::format("{}", p.end), table_number(p.retention_rate.value, 2),
                        table_number(lower(p.retention_rate), 2),
                        table_number(upper(p.retention_rate), 2),
                        table_number(p.churn_rate.value, 2)});
    }
    out += render_table(rows);

    if (!report.cohorts.empty()) {
        rows.clear();
        std::size_t offsets = 0;
        for (const RetentionCohort& c : report.cohorts) {
            offsets = std::max(offsets, c.retention.size());
        }
        std::vector<std::string> header{"cohort", "size"};
        for (std::size_t k = 0; k < offsets; ++k) {
            header.push_back(fmt::format("{}", k));
        }
        rows.push_back(std::move(header));
        for (const RetentionCohort& c : report.cohorts) {
            std::vector<std::string> row{c.cohort, fmt::format("{}", c.size)};
            for (const auto& value : c.retention) {
                row.push_back(table_number(value, 2));
            }
            rows.push_back(std::move(row));
        }
        out += "\ncohorts: percent of each cohort active k periods after its first period\n\n";
        out += render_table(rows);
    }
    return out;
}

std::string to_csv(const RetentionReport& report) {
    std::string out =
        "period,start,retained,new,first_time,end,retention_rate,retention_ci95_low,"
        "retention_ci95_high,churn_rate\n";
    for (const RetentionPeriod& p : report.periods) {
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", p.period,
                       p.start, p.retained, p.new_customers, p.first_time, p.end,
                       csv_percent(p.retention_rate.value), csv_percent(lower(p.retention_rate)),
                       csv_percent(upper(p.retention_rate)), csv_percent(p.churn_rate.value));
    }
    return out;
}

std::string cohorts_to_csv(const RetentionReport& report) {
    std::size_t offsets = 0;
    for (const RetentionCohort& c : report.cohorts) {
        offsets = std::max(offsets, c.retention.size());
    }
    std::string out = "cohort,size";
    for (std::size_t k = 0; k < offsets; ++k) {
        fmt::format_to(std::back_inserter(out), ",offset_{}", k);
    }
    out += '\n';
    for (const RetentionCohort& c : report.cohorts) {
        fmt::format_to(std::back_inserter(out), "{},{}", c.cohort, c.size);
        for (std::size_t k = 0; k < offsets; ++k) {
            out += ',';
            if (k < c.retention.size()) {
                out += csv_percent(c.retention[k]);
            }
        }
        out += '\n';
    }
    return out;
}

}  // namespace cskpi
