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

double holdout_duration(const RfmOptions& options) {
    constexpr std::string_view kHoldoutFunction = "holdout_duration";
    if (!options.holdout_end) {
        throw InvalidArgument(kHoldoutFunction, "options.holdout_end", "(none)",
                              "must be given to check a model on a holdout");
    }
    const long long days = day_number(*options.holdout_end) - day_number(options.calibration_end);
    cskpi::detail::require(days > 0, kHoldoutFunction, "the holdout's days", days,
                           "must be > 0: the holdout end must be on a day after the calibration "
                           "end");
    return convert(static_cast<double>(days), TimeUnit::day, options.unit);
}

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

// Gaps of up to 8 bytes live in the record itself (most customers buy on a few days); longer
// ones in a block of their own, grown by half so that insertion stays amortised.
constexpr std::uint32_t kInline = 8;
static_assert(sizeof(std::uint8_t*) <= kInline);

std::uint32_t block_room(std::uint32_t bytes) {
    std::uint32_t room = 16;
    while (room < bytes) {
        room += room / 2;
    }
    return room;
}

std::uint8_t* block_of(const std::uint8_t* gaps) {
    std::uint8_t* block = nullptr;
    std::memcpy(&block, gaps, sizeof block);
    return block;
}

// The gap bytes of a customer whose gaps field is `gaps` and that has `bytes` of them.
const std::uint8_t* gap_data(const std::uint8_t* gaps, std::uint32_t bytes) {
    return bytes > kInline ? block_of(gaps) : gaps;
}

void free_gaps(std::uint8_t* gaps, std::uint32_t stored) {
    if (stored > kInline + 1) {
        delete[] block_of(gaps);
    }
}

std::uint32_t put_varint(std::uint8_t* out, std::uint32_t v) {
    std::uint32_t n = 0;
    while (v >= 0x80) {
        out[n++] = static_cast<std::uint8_t>(v | 0x80);
        v >>= 7;
    }
    out[n++] = static_cast<std::uint8_t>(v);
    return n;
}

// Written by put_varint only: at most 5 bytes, within the gaps.
std::uint32_t get_varint(const std::uint8_t* in, std::uint32_t& at) {
    std::uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        const std::uint8_t b = in[at++];
        v |= static_cast<std::uint32_t>(b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
            return v;
        }
    }
}

// Replaces `old` gap bytes at `at` with the `n` bytes of `add` (n >= old: days are only ever
// inserted), moving the gaps into a block, or a larger one, when they outgrow their room.
void splice(std::uint8_t* gaps, std::uint32_t& stored, std::uint32_t at, std::uint32_t old,
            const std::uint8_t* add, std::uint32_t n) {
    const std::uint32_t bytes = stored - 1;
    const std::uint32_t grown = bytes - old + n;
    std::uint8_t* from = bytes > kInline ? block_of(gaps) : gaps;
    std::uint8_t* to = from;
    if (grown > kInline && (bytes <= kInline || block_room(grown) != block_room(bytes))) {
        to = new std::uint8_t[block_room(grown)];
        std::memcpy(to, from, at);
    }
    std::memmove(to + at + n, from + at + old, bytes - at - old);
    std::memcpy(to + at, add, n);
    if (to != from) {
        if (bytes > kInline) {
            delete[] from;
        }
        std::memcpy(gaps, &to, sizeof to);
    }
    stored = grown + 1;
}

// Adds `day` to the set of `first` and `gaps`; false when it was there.
bool insert_day(std::uint8_t* gaps, std::uint32_t& stored, std::uint32_t& first,
                std::uint32_t day) {
    std::uint8_t add[10];
    if (stored == 0 || day < first) {
        const std::uint32_t n = stored == 0 ? 0 : put_varint(add, first - day);
        stored = std::max<std::uint32_t>(stored, 1);
        splice(gaps, stored, 0, 0, add, n);
        first = day;
        return true;
    }
    const std::uint32_t bytes = stored - 1;
    const std::uint8_t* data = gap_data(gaps, bytes);
    std::uint32_t previous = first;
    std::uint32_t at = 0;
    while (previous != day && at < bytes) {
        const std::uint32_t from = at;
        const std::uint32_t next = previous + get_varint(data, at);
        if (next > day) {
            // A day between two held ones: its gap splits in two.
            std::uint32_t n = put_varint(add, day - previous);
            n += put_varint(add + n, next - day);
            splice(gaps, stored, from, at - from, add, n);
            return true;
        }
        previous = next;
    }
    if (previous == day) {
        return false;
    }
    splice(gaps, stored, bytes, 0, add, put_varint(add, day - previous));
    return true;
}

// Replaces the days of `first` and `gaps` by `days` (ascending, not empty).
void assign_days(std::uint8_t* gaps, std::uint32_t& stored, std::uint32_t& first,
                 std::span<const std::uint32_t> days) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(days.size() * 2);
    std::uint8_t add[5];
    for (std::size_t i = 1; i < days.size(); ++i) {
        const std::uint32_t n = put_varint(add, days[i] - days[i - 1]);
        bytes.insert(bytes.end(), add, add + n);
    }
    free_gaps(gaps, stored);
    first = days[0];
    stored = 1;
    splice(gaps, stored, 0, 0, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
}

// Calls `visit` with each day of a customer, ascending.
template <typename Customer, typename Visit>
void each_day(const Customer& c, Visit visit) {
    if (c.stored == 0) {
        return;
    }
    const std::uint32_t bytes = c.stored - 1;
    const std::uint8_t* data = gap_data(c.gaps, bytes);
    std::uint32_t day = c.first_day;
    visit(day);
    for (std::uint32_t at = 0; at < bytes;) {
        day += get_varint(data, at);
        visit(day);
    }
}

template <typename Customer>
std::vector<std::uint32_t> day_list(const Customer& c) {
    std::vector<std::uint32_t> days;
    each_day(c, [&](std::uint32_t d) { days.push_back(d); });
    return days;
}

}  // namespace

RfmAccumulator::Customer::Customer(const Customer& other)
    : id(other.id),
      first_amount(other.first_amount),
      repeat_amount(other.repeat_amount),
      holdout_amount(other.holdout_amount),
      first_day(other.first_day),
      stored(other.stored) {
    std::memcpy(gaps, other.gaps, sizeof gaps);
    if (stored > kInline + 1) {
        const std::uint32_t bytes = stored - 1;
        auto* block = new std::uint8_t[block_room(bytes)];
        std::memcpy(block, block_of(other.gaps), bytes);
        std::memcpy(gaps, &block, sizeof block);
    }
}

RfmAccumulator::Customer& RfmAccumulator::Customer::operator=(const Customer& other) {
    if (this != &other) {
        Customer copy(other);
        std::swap(id, copy.id);
        std::swap(first_amount, copy.first_amount);
        std::swap(repeat_amount, copy.repeat_amount);
        std::swap(holdout_amount, copy.holdout_amount);
        std::swap(first_day, copy.first_day);
        std::swap(stored, copy.stored);
        std::swap(gaps, copy.gaps);
    }
    return *this;
}

RfmAccumulator::Customer::~Customer() {
    free_gaps(gaps, stored);
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

// Adds a purchase of `amount` on `day` to `c`. A calibration day earlier than the first makes
// the first a repeat day: its amount joins the repeat amount, which is all a row needs of it.
void RfmAccumulator::add_day(Customer& c, std::uint32_t day, double amount) {
    if (day > kEndCode) {
        c.holdout_amount += amount;
    } else if (c.stored == 0 || c.first_day > kEndCode || day < c.first_day) {
        c.repeat_amount += c.first_amount;  // 0 when there was no calibration day
        c.first_amount = amount;
    } else if (day == c.first_day) {
        c.first_amount += amount;
    } else {
        c.repeat_amount += amount;
    }
    insert_day(c.gaps, c.stored, c.first_day, day);
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
        if (mine.stored == 0) {
            const std::uint64_t id = mine.id;
            mine = theirs;
            mine.id = id;
            continue;
        }
        // The earlier first calibration day stays the first; the later one is a repeat day.
        const bool mine_first = mine.first_day <= kEndCode;
        if (theirs.first_day <= kEndCode) {
            if (!mine_first || theirs.first_day < mine.first_day) {
                mine.repeat_amount += mine.first_amount + theirs.repeat_amount;
                mine.first_amount = theirs.first_amount;
            } else if (theirs.first_day == mine.first_day) {
                mine.first_amount += theirs.first_amount;
                mine.repeat_amount += theirs.repeat_amount;
            } else {
                mine.repeat_amount += theirs.first_amount + theirs.repeat_amount;
            }
        }
        mine.holdout_amount += theirs.holdout_amount;
        const std::vector<std::uint32_t> a = day_list(mine);
        const std::vector<std::uint32_t> b = day_list(theirs);
        std::vector<std::uint32_t> days;
        days.reserve(a.size() + b.size());
        std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(days));
        assign_days(mine.gaps, mine.stored, mine.first_day, days);
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
        CustomerDays days;
        std::uint32_t last = c.first_day;
        long long holdout = 0;
        each_day(c, [&](std::uint32_t d) {
            if (d <= kEndCode) {
                ++days.calibration_days;
                last = d;
            } else {
                ++holdout;
            }
        });
        if (days.calibration_days > 0) {
            days.first_day = decode_day(c.first_day, end_day_);
            days.last_day = decode_day(last, end_day_);
            days.repeat_amount = c.repeat_amount;
        }
        days.holdout_days = static_cast<double>(holdout);
        days.holdout_amount = c.holdout_amount;
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
        bytes += c.stored > kInline + 1 ? std::size_t{block_room(c.stored - 1)} : 0;
    }
    return bytes;
}
namespace {

void write_days(cskpi::detail::ByteWriter& out, std::span<const std::uint32_t> days,
                long long end_day) {
    out.varint(days.size());
    for (std::size_t i = 0; i < days.size(); ++i) {
        // The gaps are positive (the days ascend) and small.
        if (i == 0) {
            out.svarint(decode_day(days[0], end_day));
        } else {
            out.varint(days[i] - days[i - 1]);
        }
    }
}

}  // namespace

// The saved state (docs/state-format.md, kind 4): the options, then per customer its id, its
// calibration days (the first, then the gaps), the first day's and the repeat days' amounts,
// its holdout days (the same) and its holdout amount.
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
        if (!std::isfinite(c.first_amount) || !std::isfinite(c.repeat_amount) ||
            !std::isfinite(c.holdout_amount)) {
            throw InvalidArgument("purchases",
                                  fmt::format("RfmAccumulator::to_bytes: customer \"{}\": the "
                                              "purchases sum beyond the largest finite number",
                                              id_of(c)));
        }
        const std::vector<std::uint32_t> days = day_list(c);
        const auto split = static_cast<std::size_t>(
            std::upper_bound(days.begin(), days.end(), kEndCode) - days.begin());
        out.text(id_of(c));
        write_days(out, std::span(days).first(split), end_day_);
        if (split > 0) {
            out.f64(c.first_amount);
            out.f64(c.repeat_amount);
        }
        write_days(out, std::span(days).subspan(split), end_day_);
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

// One period's days of a customer, as day codes, appended to `days`.
void read_days(cskpi::detail::ByteReader& in, std::string_view what, long long lowest,
               long long highest, long long end_day, std::vector<std::uint32_t>& days) {
    // A day takes at least a byte.
    const std::size_t n = in.count(fmt::format("a customer's {} days", what), 1);
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
        days.push_back(*code);
    }
}

}  // namespace

// Reads back what to_bytes wrote; the customers' days, amounts and ids are checked as they are
// read, so that any state it accepts is one `add` could have built.
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
    std::vector<std::uint32_t> days;
    for (std::size_t i = 0; i < customers; ++i) {
        const std::string_view id = in.text("a customer id");
        if (id.empty()) {
            in.fail("a customer id is empty");
        }
        days.clear();
        read_days(in, "calibration", lowest_day(), acc.end_day_, acc.end_day_, days);
        const std::size_t calibration = days.size();
        const double first = calibration > 0 ? read_amount(in, "the first day's amount") : 0.0;
        const double repeat = calibration > 0 ? read_amount(in, "the repeat amount") : 0.0;
        if (calibration == 1 && repeat != 0.0) {
            in.fail(
                fmt::format("the customer \"{}\" has a repeat amount of {} but one "
                            "calibration day",
                            id, repeat));
        }
        read_days(in, "holdout", acc.end_day_ + 1, acc.holdout_day_, acc.end_day_, days);
        const double holdout_amount = read_amount(in, "the holdout amount");
        if (days.empty()) {
            in.fail(fmt::format("the customer \"{}\" has no purchase day", id));
        }
        if (days.size() == calibration && holdout_amount != 0.0) {
            in.fail(fmt::format("the customer \"{}\" has a holdout amount of {} but no holdout day",
                                id, holdout_amount));
        }
        Customer& c = acc.customer(id);
        if (c.stored != 0) {
            in.fail(fmt::format("the customer \"{}\" repeats", id));
        }
        assign_days(c.gaps, c.stored, c.first_day, days);
        c.first_amount = first;
        c.repeat_amount = repeat;
        c.holdout_amount = holdout_amount;
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
