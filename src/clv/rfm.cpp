#include "cskpi/clv/rfm.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <new>
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
    RfmAccumulator acc(options);
    for (const Purchase& p : purchases) {
        acc.add(p);
    }
    std::vector<CustomerRfm> out;
    acc.visit_rows(kFunction, [&](const CustomerRfm& row) { out.push_back(row); });
    return out;
}

namespace {

constexpr std::string_view kAdd = "RfmAccumulator::add";
constexpr std::string_view kMerge = "RfmAccumulator::merge";

// Days are held as 32-bit offsets from the calibration end's day, biased so that 2^31 days
// (5.8 million years) either side fit: every date a record can carry, at a third of the memory.
constexpr long long kBias = 1LL << 31;
constexpr std::uint32_t kEndCode = static_cast<std::uint32_t>(kBias);

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

std::optional<std::uint32_t> encode_day(long long day, long long end_day) {
    const long long code = day - end_day + kBias;
    if (code < 0 || code > static_cast<long long>(std::numeric_limits<std::uint32_t>::max())) {
        return std::nullopt;
    }
    return static_cast<std::uint32_t>(code);
}

long long decode_day(std::uint32_t code, long long end_day) {
    return end_day - kBias + static_cast<long long>(code);
}

// The room of a customer's block for `n` days beyond the lowest: grown by half, so that a
// customer's days cost 12 bytes each plus at most a half of slack.
std::uint32_t capacity(std::uint32_t n) {
    std::uint32_t c = n == 0 ? 0 : 1;
    while (c < n) {
        c += std::max<std::uint32_t>(1, c / 2);
    }
    return c;
}

// A block holds `cap` amounts, then `cap` day codes.
std::byte* new_block(std::uint32_t cap) {
    return cap == 0 ? nullptr : static_cast<std::byte*>(::operator new (std::size_t{cap} * 12));
}
double* block_amounts(std::byte* block) {
    return reinterpret_cast<double*>(block);
}
std::uint32_t* block_days(std::byte* block, std::uint32_t cap) {
    return reinterpret_cast<std::uint32_t*>(block + std::size_t{cap} * 8);
}

// A day and its amount, as merge and the saved state walk them.
struct DayAmount {
    std::uint32_t day = 0;
    double amount = 0.0;
};

}  // namespace

RfmAccumulator::Customer::Customer(const Customer& other)
    : id(other.id),
      first_amount(other.first_amount),
      rest(nullptr),
      first_day(other.first_day),
      days(other.days) {
    const std::uint32_t n = days > 0 ? days - 1 : 0;
    const std::uint32_t cap = capacity(n);
    rest = new_block(cap);
    if (n > 0) {
        std::memcpy(block_amounts(rest), block_amounts(other.rest), std::size_t{n} * 8);
        std::memcpy(block_days(rest, cap), block_days(other.rest, cap), std::size_t{n} * 4);
    }
}

RfmAccumulator::Customer& RfmAccumulator::Customer::operator=(const Customer& other) {
    if (this != &other) {
        Customer copy(other);
        std::swap(id, copy.id);
        std::swap(first_amount, copy.first_amount);
        std::swap(rest, copy.rest);
        std::swap(first_day, copy.first_day);
        std::swap(days, copy.days);
    }
    return *this;
}

RfmAccumulator::Customer::~Customer() {
    ::operator delete(rest);
}

RfmAccumulator::RfmAccumulator(RfmOptions options)
    : options_(options),
      end_day_(day_number(options.calibration_end)),
      holdout_day_(options.holdout_end ? day_number(*options.holdout_end) : highest_day()) {}

std::string_view RfmAccumulator::id_of(const Customer& c) const noexcept {
    return std::string_view(ids_).substr(static_cast<std::size_t>(c.id >> 24),
                                         static_cast<std::size_t>(c.id & 0xFFFFFFU));
}

namespace {

std::size_t slot_of(std::string_view id, std::size_t mask) {
    const std::uint64_t h =
        static_cast<std::uint64_t>(std::hash<std::string_view>{}(id)) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> 32) & mask;
}

}  // namespace

void RfmAccumulator::rehash(std::size_t slots) {
    std::vector<std::uint32_t> table(slots, 0);
    for (std::size_t k = 0; k < customers_.size(); ++k) {
        std::size_t i = slot_of(id_of(customers_[k]), slots - 1);
        while (table[i] != 0) {
            i = (i + 1) & (slots - 1);
        }
        table[i] = static_cast<std::uint32_t>(k + 1);
    }
    slots_.swap(table);
}

// The customer of `id`, new (with no day) when first seen.
RfmAccumulator::Customer& RfmAccumulator::customer(std::string_view id) {
    if ((customers_.size() + 1) * 2 > slots_.size()) {
        rehash(std::max<std::size_t>(64, std::bit_ceil((customers_.size() + 1) * 2)));
    }
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = slot_of(id, mask);
    while (slots_[i] != 0) {
        Customer& c = customers_[slots_[i] - 1];
        if (id_of(c) == id) {
            return c;
        }
        i = (i + 1) & mask;
    }
    if (id.size() > 0xFFFFFFU || ids_.size() > (std::uint64_t{1} << 40) ||
        customers_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) {
        throw InvalidArgument("RfmAccumulator", "customer_id", fmt::format("{} bytes", id.size()),
                              "is beyond 16 MiB, or the ids beyond 1 TiB or 4 billion");
    }
    Customer& c = customers_.emplace_back();
    c.id = (std::uint64_t{ids_.size()} << 24) | id.size();
    ids_.append(id);
    slots_[i] = static_cast<std::uint32_t>(customers_.size());
    return c;
}

// Adds `amount` to the day `day` of `c`, the day inserted in order when new.
void RfmAccumulator::add_day(Customer& c, std::uint32_t day, double amount) {
    if (c.days == 0 || day == c.first_day) {
        c.first_amount = c.days == 0 ? amount : c.first_amount + amount;
        c.first_day = day;
        c.days = std::max<std::uint32_t>(c.days, 1);
        return;
    }
    const std::uint32_t n = c.days - 1;
    const std::uint32_t cap = capacity(n);
    double* amounts = block_amounts(c.rest);
    std::uint32_t* days = block_days(c.rest, cap);
    std::uint32_t at = 0;
    if (day > c.first_day) {
        // Sorted input appends: look at the last day first.
        at = n > 0 && days[n - 1] < day
                 ? n
                 : static_cast<std::uint32_t>(std::lower_bound(days, days + n, day) - days);
        if (at < n && days[at] == day) {
            amounts[at] += amount;
            return;
        }
    } else {
        std::swap(day, c.first_day);
        std::swap(amount, c.first_amount);
    }
    const std::uint32_t grown = capacity(n + 1);
    std::byte* block = grown == cap ? c.rest : new_block(grown);
    double* to_amounts = block_amounts(block);
    std::uint32_t* to_days = block_days(block, grown);
    std::memmove(to_amounts + at + 1, amounts + at, std::size_t{n - at} * 8);
    std::memmove(to_days + at + 1, days + at, std::size_t{n - at} * 4);
    if (block != c.rest) {
        std::memcpy(to_amounts, amounts, std::size_t{at} * 8);
        std::memcpy(to_days, days, std::size_t{at} * 4);
        ::operator delete(c.rest);
        c.rest = block;
    }
    to_amounts[at] = amount;
    to_days[at] = day;
    ++c.days;
}

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
    const std::optional<std::uint32_t> code = encode_day(day, end_day_);
    if (!code) {
        throw InvalidArgument(kAdd, "purchase.at", ms_text(purchase.at),
                              "is more than 5 million years from the calibration end");
    }
    Customer& c = customer(purchase.customer_id);
    add_day(c, *code, purchase.amount);
}

namespace {

// A customer's days, lowest first.
template <typename Customer>
std::vector<DayAmount> day_list(const Customer& c) {
    std::vector<DayAmount> out;
    if (c.days == 0) {
        return out;
    }
    out.reserve(c.days);
    out.push_back({c.first_day, c.first_amount});
    const std::uint32_t n = c.days - 1;
    const std::uint32_t cap = capacity(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        out.push_back({block_days(c.rest, cap)[i], block_amounts(c.rest)[i]});
    }
    return out;
}

// The union of two customers' days: a day both have sums its amounts (`mine` first).
std::vector<DayAmount> united(const std::vector<DayAmount>& mine,
                              const std::vector<DayAmount>& theirs) {
    std::vector<DayAmount> days;
    days.reserve(mine.size() + theirs.size());
    auto a = mine.begin();
    auto b = theirs.begin();
    while (a != mine.end() || b != theirs.end()) {
        if (b == theirs.end() || (a != mine.end() && a->day < b->day)) {
            days.push_back(*a++);
        } else if (a == mine.end() || b->day < a->day) {
            days.push_back(*b++);
        } else {
            days.push_back({a->day, a->amount + b->amount});
            ++a;
            ++b;
        }
    }
    return days;
}

}  // namespace

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
    for (const Customer& theirs : other.customers_) {
        Customer& mine = customer(other.id_of(theirs));
        const std::vector<DayAmount> days = united(day_list(mine), day_list(theirs));
        Customer fresh;
        fresh.id = mine.id;
        for (const DayAmount& d : days) {
            add_day(fresh, d.day, d.amount);  // ascending: appends
        }
        mine = fresh;
    }
}

// The customers' positions, by id: the order of the summary and of the saved state.
std::vector<std::uint32_t> RfmAccumulator::by_id() const {
    std::vector<std::uint32_t> order(customers_.size());
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::sort(order.begin(), order.end(), [&](std::uint32_t l, std::uint32_t r) {
        return id_of(customers_[l]) < id_of(customers_[r]);
    });
    return order;
}

void RfmAccumulator::visit_rows(std::string_view function,
                                const std::function<void(const CustomerRfm&)>& visit) const {
    const Periods periods{
        .end_day = end_day_, .holdout_day = holdout_day_, .unit_days = days_per(options_.unit)};
    for (const std::uint32_t k : by_id()) {
        const Customer& c = customers_[k];
        const std::uint32_t n = c.days - 1;
        const std::uint32_t cap = capacity(n);
        const std::uint32_t* rest = block_days(c.rest, cap);
        const double* amounts = block_amounts(c.rest);
        CustomerDays days;
        if (c.first_day <= kEndCode) {
            const auto repeats =
                static_cast<std::uint32_t>(std::upper_bound(rest, rest + n, kEndCode) - rest);
            days.calibration_days = repeats + 1;
            days.first_day = decode_day(c.first_day, end_day_);
            days.last_day = decode_day(repeats == 0 ? c.first_day : rest[repeats - 1], end_day_);
            for (std::uint32_t i = 0; i < repeats; ++i) {
                days.repeat_amount += amounts[i];
            }
        }
        days.holdout_days = static_cast<double>(c.days - days.calibration_days);
        for (auto i = static_cast<std::uint32_t>(days.calibration_days); i < c.days; ++i) {
            days.holdout_amount += i == 0 ? c.first_amount : amounts[i - 1];
        }
        const std::string id(id_of(c));
        check_sums_finite(function, id, days);
        if (days.calibration_days > 0) {
            visit(customer_row(id, days, periods));
        }
    }
}

void RfmAccumulator::for_each_row(const std::function<void(const CustomerRfm&)>& visit) const {
    visit_rows("RfmAccumulator::summary", visit);
}

std::vector<CustomerRfm> RfmAccumulator::summary() const {
    std::vector<CustomerRfm> out;
    for_each_row([&](const CustomerRfm& row) { out.push_back(row); });
    return out;
}

void RfmAccumulator::shrink_to_fit() {
    ids_.shrink_to_fit();
    customers_.shrink_to_fit();
    std::vector<std::uint32_t>().swap(slots_);
}

std::size_t RfmAccumulator::memory_bytes() const noexcept {
    std::size_t bytes = ids_.capacity() + slots_.capacity() * sizeof(std::uint32_t) +
                        customers_.size() * sizeof(Customer);
    for (const Customer& c : customers_) {
        bytes += c.days > 1 ? std::size_t{capacity(c.days - 1)} * 12 : 0;
    }
    return bytes;
}

namespace {

void write_days(cskpi::detail::ByteWriter& out, std::span<const DayAmount> days, long long end_day,
                bool amounts) {
    out.varint(days.size());
    for (std::size_t i = 0; i < days.size(); ++i) {
        // The gaps are positive (the days ascend) and small.
        if (i == 0) {
            out.svarint(decode_day(days[0].day, end_day));
        } else {
            out.varint(days[i].day - days[i - 1].day);
        }
        if (amounts) {
            out.f64(days[i].amount);
        }
    }
}

}  // namespace

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
    for (const std::uint32_t k : by_id()) {
        const Customer& c = customers_[k];
        const std::vector<DayAmount> days = day_list(c);
        const auto split = static_cast<std::size_t>(
            std::upper_bound(days.begin(), days.end(), kEndCode,
                             [](std::uint32_t v, const DayAmount& d) { return v < d.day; }) -
            days.begin());
        double holdout_amount = 0.0;
        for (std::size_t i = split; i < days.size(); ++i) {
            holdout_amount += days[i].amount;
        }
        const bool finite = std::isfinite(holdout_amount) &&
                            std::all_of(days.begin(), days.end(),
                                        [](const DayAmount& d) { return std::isfinite(d.amount); });
        if (!finite) {
            throw InvalidArgument("purchases",
                                  fmt::format("RfmAccumulator::to_bytes: customer \"{}\": the "
                                              "purchases sum beyond the largest finite number",
                                              id_of(c)));
        }
        out.text(id_of(c));
        write_days(out, std::span(days).first(split), end_day_, true);
        write_days(out, std::span(days).subspan(split), end_day_, false);
        out.f64(holdout_amount);
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

// One period's days of a customer, as day codes; `amounts` for the calibration period.
std::vector<DayAmount> read_days(cskpi::detail::ByteReader& in, std::string_view what,
                                 long long lowest, long long highest, long long end_day,
                                 bool amounts) {
    // A day takes at least a byte of day number, and 8 of amount in the calibration period.
    const std::size_t n = in.count(
        amounts ? "a customer's calibration days" : "a customer's holdout days", amounts ? 9 : 1);
    std::vector<DayAmount> days(n);
    long long previous = 0;
    for (std::size_t k = 0; k < n; ++k) {
        previous = k == 0 ? read_first_day(in, what, lowest, highest)
                          : read_next_day(in, what, previous, highest);
        const std::optional<std::uint32_t> code = encode_day(previous, end_day);
        if (!code) {
            in.fail(
                fmt::format("a {} day {} is more than 5 million years from the calibration "
                            "end",
                            what, previous));
        }
        days[k].day = *code;
        days[k].amount = amounts ? read_amount(in, "a day's amount") : 0.0;
    }
    return days;
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
        std::vector<DayAmount> days =
            read_days(in, "calibration", lowest_day(), acc.end_day_, acc.end_day_, true);
        const std::vector<DayAmount> holdout =
            read_days(in, "holdout", acc.end_day_ + 1, acc.holdout_day_, acc.end_day_, false);
        const double holdout_amount = read_amount(in, "the holdout amount");
        if (days.empty() && holdout.empty()) {
            in.fail(fmt::format("the customer \"{}\" has no purchase day", id));
        }
        if (holdout.empty() && holdout_amount != 0.0) {
            in.fail(fmt::format("the customer \"{}\" has a holdout amount of {} but no holdout day",
                                id, holdout_amount));
        }
        Customer& c = acc.customer(id);
        if (c.days != 0) {
            in.fail(fmt::format("the customer \"{}\" repeats", id));
        }
        days.insert(days.end(), holdout.begin(), holdout.end());
        if (!holdout.empty()) {
            days[days.size() - holdout.size()].amount = holdout_amount;  // held by its first day
        }
        for (const DayAmount& d : days) {
            acc.add_day(c, d.day, d.amount);  // ascending: appends
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
