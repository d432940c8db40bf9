#include "cskpi/clv/rfm.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "cskpi/detail/check.hpp"
#include "cskpi/detail/state_bytes.hpp"

namespace cskpi::clv {
namespace {

constexpr std::string_view kFunction = "rfm_summary";

long long day_number(Timestamp t) {
    return std::chrono::floor<std::chrono::days>(t).time_since_epoch().count();
}

void check_purchases(std::span<const Purchase> purchases) {
    for (std::size_t i = 0; i < purchases.size(); ++i) {
        if (purchases[i].customer_id.empty()) {
            throw InvalidArgument(kFunction, "purchases[" + std::to_string(i) + "].customer_id",
                                  "\"\"", "must not be empty");
        }
        cskpi::detail::require(std::isfinite(purchases[i].amount), kFunction,
                               "purchases[" + std::to_string(i) + "].amount", purchases[i].amount,
                               "must be a finite number");
    }
}

// The positions of the purchases, by customer and then by time.
std::vector<std::size_t> by_customer_and_time(std::span<const Purchase> purchases) {
    std::vector<std::size_t> order(purchases.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
        const int c = purchases[l].customer_id.compare(purchases[r].customer_id);
        if (c != 0) {
            return c < 0;
        }
        return purchases[l].at < purchases[r].at;
    });
    return order;
}

// The days that end the calibration and holdout periods, and the length of the RFM unit.
struct Periods {
    long long end_day = 0;
    long long holdout_day = 0;
    double unit_days = 0.0;
};

// One customer's purchases, counted in distinct days.
struct CustomerDays {
    long long first_day = 0;
    long long last_day = 0;
    long long calibration_days = 0;
    double repeat_amount = 0.0;
    double holdout_days = 0.0;
    double holdout_amount = 0.0;
};

// Walks the distinct days of one customer's purchases (`positions`, by time).
CustomerDays count_days(std::span<const Purchase> purchases, std::span<const std::size_t> positions,
                        const Periods& periods) {
    CustomerDays days;
    long long previous_day = std::numeric_limits<long long>::min();
    long long previous_holdout_day = std::numeric_limits<long long>::min();
    for (const std::size_t position : positions) {
        const Purchase& p = purchases[position];
        const long long day = day_number(p.at);
        if (day <= periods.end_day) {
            if (days.calibration_days == 0) {
                days.first_day = day;
            }
            if (day != previous_day) {
                ++days.calibration_days;
                previous_day = day;
                days.last_day = day;
            }
            if (day != days.first_day) {
                days.repeat_amount += p.amount;
            }
        } else if (day <= periods.holdout_day) {
            if (day != previous_holdout_day) {
                days.holdout_days += 1.0;
                previous_holdout_day = day;
            }
            days.holdout_amount += p.amount;
        }
    }
    return days;
}

// Only reachable through the API: record readers bound each amount, so no realistic number of
// purchases can sum past the largest double.
void check_sums_finite(std::string_view function, const std::string& id, const CustomerDays& days) {
    if (!std::isfinite(days.repeat_amount) || !std::isfinite(days.holdout_amount)) {
        throw InvalidArgument(
            "purchases",
            fmt::format("{}: customer \"{}\": the {} purchases sum beyond the largest finite "
                        "number",
                        function, id, std::isfinite(days.repeat_amount) ? "holdout" : "repeat"));
    }
}

CustomerRfm customer_row(const std::string& id, const CustomerDays& days, const Periods& periods) {
    CustomerRfm row;
    row.customer_id = id;
    const long long x = days.calibration_days - 1;
    row.rfm.frequency = static_cast<double>(x);
    row.rfm.recency = static_cast<double>(days.last_day - days.first_day) / periods.unit_days;
    row.rfm.T = static_cast<double>(periods.end_day - days.first_day) / periods.unit_days;
    row.monetary_value = x > 0 ? days.repeat_amount / static_cast<double>(x) : 0.0;
    row.holdout_frequency = days.holdout_days;
    row.holdout_spend = days.holdout_amount;
    return row;
}

}  // namespace

std::vector<CustomerRfm> rfm_summary(std::span<const Purchase> purchases,
                                     const RfmOptions& options) {
    check_purchases(purchases);
    const std::vector<std::size_t> order = by_customer_and_time(purchases);
    const Periods periods{.end_day = day_number(options.calibration_end),
                          .holdout_day = options.holdout_end
                                             ? day_number(*options.holdout_end)
                                             : std::numeric_limits<long long>::max(),
                          .unit_days = days_per(options.unit)};

    std::vector<CustomerRfm> out;
    std::size_t i = 0;
    while (i < order.size()) {
        const std::string& id = purchases[order[i]].customer_id;
        std::size_t j = i;
        while (j < order.size() && purchases[order[j]].customer_id == id) {
            ++j;
        }
        const CustomerDays days =
            count_days(purchases, std::span(order).subspan(i, j - i), periods);
        check_sums_finite(kFunction, id, days);
        if (days.calibration_days > 0) {
            out.push_back(customer_row(id, days, periods));
        }
        i = j;
    }
    return out;
}

namespace {

constexpr std::string_view kAdd = "RfmAccumulator::add";
constexpr std::string_view kMerge = "RfmAccumulator::merge";

// The first and last days a Timestamp can fall on.
long long lowest_day() {
    return day_number(Timestamp::min());
}
long long highest_day() {
    return day_number(Timestamp::max());
}

std::string ms_text(Timestamp t) {
    return fmt::format("{} ms since 1970", t.time_since_epoch().count());
}

std::string ms_text(const std::optional<Timestamp>& t) {
    return t ? ms_text(*t) : std::string("none");
}

}  // namespace

RfmAccumulator::RfmAccumulator(RfmOptions options)
    : options_(options),
      end_day_(day_number(options.calibration_end)),
      holdout_day_(options.holdout_end ? day_number(*options.holdout_end) : highest_day()) {}

void RfmAccumulator::add(const Purchase& purchase) {
    if (purchase.customer_id.empty()) {
        throw InvalidArgument(kAdd, "purchase.customer_id", "\"\"", "must not be empty");
    }
    cskpi::detail::require(std::isfinite(purchase.amount), kAdd, "purchase.amount", purchase.amount,
                           "must be a finite number");
    const long long day = day_number(purchase.at);
    if (day > end_day_ && day > holdout_day_) {
        return;  // after the holdout end: in neither period
    }
    auto it = customers_.find(std::string_view(purchase.customer_id));
    if (it == customers_.end()) {
        it = customers_.emplace(purchase.customer_id, Customer{}).first;
    }
    Customer& c = it->second;
    if (day <= end_day_) {
        std::vector<Day>& days = c.calibration;
        if (!days.empty() && days.back().day == day) {
            days.back().amount += purchase.amount;
        } else if (days.empty() || days.back().day < day) {
            days.push_back({day, purchase.amount});
        } else {
            const auto at = std::lower_bound(days.begin(), days.end(), day,
                                             [](const Day& d, long long v) { return d.day < v; });
            if (at != days.end() && at->day == day) {
                at->amount += purchase.amount;
            } else {
                days.insert(at, Day{day, purchase.amount});
            }
        }
    } else {
        std::vector<long long>& days = c.holdout_days;
        if (days.empty() || days.back() < day) {
            days.push_back(day);
        } else {
            const auto at = std::lower_bound(days.begin(), days.end(), day);
            if (*at != day) {
                days.insert(at, day);
            }
        }
        c.holdout_amount += purchase.amount;
    }
}

void RfmAccumulator::merge(const RfmAccumulator& other) {
    if (other.options_.calibration_end != options_.calibration_end) {
        throw InvalidArgument(
            kMerge, "other.options.calibration_end", ms_text(other.options_.calibration_end),
            "differs from this accumulator's calibration_end " + ms_text(options_.calibration_end));
    }
    if (other.options_.unit != options_.unit) {
        throw InvalidArgument(
            kMerge, "other.options.unit", to_string(other.options_.unit),
            "differs from this accumulator's unit " + std::string(to_string(options_.unit)));
    }
    if (other.options_.holdout_end != options_.holdout_end) {
        throw InvalidArgument(
            kMerge, "other.options.holdout_end", ms_text(other.options_.holdout_end),
            "differs from this accumulator's holdout_end " + ms_text(options_.holdout_end));
    }
    if (&other == this) {
        const RfmAccumulator copy = other;  // every amount doubles: merge from a copy
        merge(copy);
        return;
    }
    for (const auto& [id, theirs] : other.customers_) {
        auto [it, inserted] = customers_.try_emplace(id, theirs);
        if (inserted) {
            continue;
        }
        Customer& mine = it->second;
        std::vector<Day> days;
        days.reserve(mine.calibration.size() + theirs.calibration.size());
        auto a = mine.calibration.begin();
        auto b = theirs.calibration.begin();
        while (a != mine.calibration.end() || b != theirs.calibration.end()) {
            if (b == theirs.calibration.end() || (a != mine.calibration.end() && a->day < b->day)) {
                days.push_back(*a++);
            } else if (a == mine.calibration.end() || b->day < a->day) {
                days.push_back(*b++);
            } else {
                days.push_back({a->day, a->amount + b->amount});
                ++a;
                ++b;
            }
        }
        mine.calibration = std::move(days);
        std::vector<long long> holdout;
        holdout.reserve(mine.holdout_days.size() + theirs.holdout_days.size());
        std::set_union(mine.holdout_days.begin(), mine.holdout_days.end(),
                       theirs.holdout_days.begin(), theirs.holdout_days.end(),
                       std::back_inserter(holdout));
        mine.holdout_days = std::move(holdout);
        mine.holdout_amount += theirs.holdout_amount;
    }
}

std::vector<CustomerRfm> RfmAccumulator::summary() const {
    const Periods periods{
        .end_day = end_day_, .holdout_day = holdout_day_, .unit_days = days_per(options_.unit)};
    std::vector<CustomerRfm> out;
    for (const auto& [id, c] : customers_) {
        CustomerDays days;
        days.calibration_days = static_cast<long long>(c.calibration.size());
        if (!c.calibration.empty()) {
            days.first_day = c.calibration.front().day;
            days.last_day = c.calibration.back().day;
        }
        for (std::size_t i = 1; i < c.calibration.size(); ++i) {
            days.repeat_amount += c.calibration[i].amount;
        }
        days.holdout_days = static_cast<double>(c.holdout_days.size());
        days.holdout_amount = c.holdout_amount;
        check_sums_finite("RfmAccumulator::summary", id, days);
        if (days.calibration_days > 0) {
            out.push_back(customer_row(id, days, periods));
        }
    }
    return out;
}

// The saved state (docs/state-format.md, kind 4): the options, then per customer its id, its
// calibration days (the first, then the gaps, each with its amount), its holdout days (the
// same) and its holdout amount.
std::vector<std::byte> RfmAccumulator::to_bytes() const {
    cskpi::detail::ByteWriter out(cskpi::detail::StateKind::rfm_summary);
    out.svarint(options_.calibration_end.time_since_epoch().count());
    out.u8(static_cast<std::uint8_t>(options_.unit));
    out.u8(options_.holdout_end ? 1 : 0);
    if (options_.holdout_end) {
        out.svarint(options_.holdout_end->time_since_epoch().count());
    }
    out.varint(customers_.size());
    for (const auto& [id, c] : customers_) {
        const bool finite = std::isfinite(c.holdout_amount) &&
                            std::all_of(c.calibration.begin(), c.calibration.end(),
                                        [](const Day& d) { return std::isfinite(d.amount); });
        if (!finite) {
            throw InvalidArgument("purchases",
                                  fmt::format("RfmAccumulator::to_bytes: customer \"{}\": the "
                                              "purchases sum beyond the largest finite number",
                                              id));
        }
        out.text(id);
        out.varint(c.calibration.size());
        for (std::size_t i = 0; i < c.calibration.size(); ++i) {
            // The gaps are positive (the days ascend) and small.
            if (i == 0) {
                out.svarint(c.calibration[0].day);
            } else {
                out.varint(
                    static_cast<std::uint64_t>(c.calibration[i].day - c.calibration[i - 1].day));
            }
            out.f64(c.calibration[i].amount);
        }
        out.varint(c.holdout_days.size());
        for (std::size_t i = 0; i < c.holdout_days.size(); ++i) {
            if (i == 0) {
                out.svarint(c.holdout_days[0]);
            } else {
                out.varint(static_cast<std::uint64_t>(c.holdout_days[i] - c.holdout_days[i - 1]));
            }
        }
        out.f64(c.holdout_amount);
    }
    return std::move(out).finish();
}

namespace {

// The first of a customer's days, within `lowest` to `highest`.
long long read_first_day(cskpi::detail::ByteReader& in, std::string_view what, long long lowest,
                         long long highest) {
    const std::int64_t day = in.svarint();
    if (day < lowest || day > highest) {
        in.fail(fmt::format("a {} day {} is outside {} to {}", what, day, lowest, highest));
    }
    return day;
}

// The next day after `previous`: a gap of at least 1 that stays within `highest`.
long long read_next_day(cskpi::detail::ByteReader& in, std::string_view what, long long previous,
                        long long highest) {
    const std::uint64_t gap = in.varint();
    if (gap == 0 || gap > static_cast<std::uint64_t>(highest - previous)) {
        in.fail(fmt::format("a gap of {} days after {} day {} is not within {} to {}", gap, what,
                            previous, 1, highest - previous));
    }
    return previous + static_cast<long long>(gap);
}

double read_amount(cskpi::detail::ByteReader& in, std::string_view what) {
    const double amount = in.f64();
    if (!std::isfinite(amount)) {
        in.fail(fmt::format("{} is {}, not a finite number", what, amount));
    }
    return amount;
}

}  // namespace

RfmAccumulator RfmAccumulator::from_bytes(std::span<const std::byte> bytes) {
    auto in = cskpi::detail::ByteReader::unframe(bytes, cskpi::detail::StateKind::rfm_summary);
    RfmOptions options;
    options.calibration_end = Timestamp{std::chrono::milliseconds{in.svarint()}};
    const std::uint8_t unit = in.u8();
    if (unit > static_cast<std::uint8_t>(TimeUnit::year)) {
        in.fail(fmt::format("the time unit is {}, not one this cskpi knows", unit));
    }
    options.unit = static_cast<TimeUnit>(unit);
    if (in.flag("the holdout end's flag")) {
        options.holdout_end = Timestamp{std::chrono::milliseconds{in.svarint()}};
    }
    RfmAccumulator acc(options);
    // An id of at least 1 byte and its length, two day counts and the holdout amount.
    const std::size_t customers = in.count("the customers", 12);
    for (std::size_t i = 0; i < customers; ++i) {
        const std::string_view id = in.text("a customer id");
        if (id.empty()) {
            in.fail("a customer id is empty");
        }
        Customer c;
        // A day takes at least a byte of day number and 8 of amount.
        const std::size_t n = in.count("a customer's calibration days", 9);
        c.calibration.resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            c.calibration[k].day =
                k == 0 ? read_first_day(in, "calibration", lowest_day(), acc.end_day_)
                       : read_next_day(in, "calibration", c.calibration[k - 1].day, acc.end_day_);
            c.calibration[k].amount = read_amount(in, "a day's amount");
        }
        const std::size_t h = in.count("a customer's holdout days", 1);
        c.holdout_days.resize(h);
        for (std::size_t k = 0; k < h; ++k) {
            c.holdout_days[k] =
                k == 0 ? read_first_day(in, "holdout", acc.end_day_ + 1, acc.holdout_day_)
                       : read_next_day(in, "holdout", c.holdout_days[k - 1], acc.holdout_day_);
        }
        c.holdout_amount = read_amount(in, "the holdout amount");
        if (n == 0 && h == 0) {
            in.fail(fmt::format("the customer \"{}\" has no purchase day", id));
        }
        if (h == 0 && c.holdout_amount != 0.0) {
            in.fail(fmt::format("the customer \"{}\" has a holdout amount of {} but no holdout day",
                                id, c.holdout_amount));
        }
        if (!acc.customers_.emplace(std::string(id), std::move(c)).second) {
            in.fail(fmt::format("the customer \"{}\" repeats", id));
        }
    }
    in.finish();
    return acc;
}

std::vector<Rfm> rfm_values(std::span<const CustomerRfm> rows) {
    std::vector<Rfm> out;
    out.reserve(rows.size());
    for (const CustomerRfm& row : rows) {
        out.push_back(row.rfm);
    }
    return out;
}

}  // namespace cskpi::clv
