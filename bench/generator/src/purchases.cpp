// The purchase generator: customer by customer, a Pareto/NBD-like buying process.

#include <algorithm>
#include <string>

#include "cskpi/error.hpp"
#include "cskpi_generator/generator.hpp"
#include "detail.hpp"

namespace cskpi::generator {

namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::uint64_t kYearMs = 31'556'952'000;  // 365.2425 days

/// Uniform in [0, n) for any n (the high word of a 64 x 64-bit product).
std::uint64_t uniform_below(detail::Rng& rng, std::uint64_t n) {
    return detail::mul_wide(rng.next(), n).hi;
}

}  // namespace

struct PurchaseGenerator::Impl {
    PurchaseOptions opts;
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::uint64_t acquisition_ms = 0;
    std::uint64_t exp_mean = detail::table_mean(detail::kExp1);
    std::uint64_t produced = 0;
    std::uint64_t customers = 0;

    // The current customer.
    detail::Rng rng{0};
    bool alive = false;
    std::int64_t next_ms = 0;
    std::uint64_t mean_gap_ms = 0;
    std::uint64_t dropout_ppm = 0;
    std::uint64_t spend_cents = 0;
    std::string customer_id;

    explicit Impl(const PurchaseOptions& o) : opts(o) {
        start_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(opts.start.time_since_epoch())
                .count();
        end_ms = start_ms + static_cast<std::int64_t>(opts.span_days) * kDayMs;
        const std::uint32_t days =
            opts.acquisition_days != 0 ? opts.acquisition_days : std::max(1U, opts.span_days / 4);
        acquisition_ms = std::uint64_t{days} * static_cast<std::uint64_t>(kDayMs);
    }

    bool start_customer() {
        if (opts.customers != 0 && customers >= opts.customers) {
            return false;
        }
        rng = detail::Rng(detail::mix(opts.seed, customers));
        ++customers;
        detail::assign_id(customer_id, "c-", customers, 7);
        const auto offset = static_cast<std::int64_t>(uniform_below(rng, acquisition_ms));
        next_ms = start_ms + offset / kSecond * kSecond;
        const std::uint64_t rate_milli =
            std::max<std::uint64_t>(50, rng.sample(detail::kPurchaseRate));
        mean_gap_ms = detail::mul_div(kYearMs, 1000, rate_milli);
        dropout_ppm = rng.sample(detail::kDropout);
        spend_cents = std::max<std::uint64_t>(100, rng.sample(detail::kSpendCents));
        alive = true;
        return true;
    }

    bool next(Purchase& out) {
        if (opts.purchases != 0 && produced >= opts.purchases) {
            return false;
        }
        if (!alive && !start_customer()) {
            return false;
        }
        out.customer_id = customer_id;
        out.at = Timestamp{std::chrono::milliseconds{next_ms}};
        const std::uint64_t cents =
            std::max<std::uint64_t>(1, spend_cents * rng.between(600, 1400) / 1000);
        out.amount = static_cast<double>(cents) / 100.0;
        ++produced;
        // After each purchase the customer may drop out for good; otherwise the next purchase
        // follows an exponential gap at the customer's rate.
        if (rng.below(1'000'000) < dropout_ppm) {
            alive = false;
        } else {
            const std::uint64_t gap =
                detail::mul_div(mean_gap_ms, rng.sample(detail::kExp1), exp_mean);
            next_ms +=
                std::max<std::int64_t>(kSecond, static_cast<std::int64_t>(gap / 1000 * 1000));
            alive = next_ms < end_ms;
        }
        return true;
    }
};

PurchaseGenerator::PurchaseGenerator(const PurchaseOptions& options) {
    if (options.purchases == 0 && options.customers == 0) {
        throw InvalidArgument("PurchaseGenerator", "purchases", "0",
                              "and customers = 0: one of them must limit the output");
    }
    if (options.span_days < 1 || options.span_days > 36'600) {
        throw InvalidArgument("PurchaseGenerator", "span_days", std::to_string(options.span_days),
                              "is outside [1, 36600]");
    }
    if (options.acquisition_days > options.span_days) {
        throw InvalidArgument("PurchaseGenerator", "acquisition_days",
                              std::to_string(options.acquisition_days),
                              "exceeds span_days = " + std::to_string(options.span_days));
    }
    impl_ = std::make_unique<Impl>(options);
}

PurchaseGenerator::~PurchaseGenerator() = default;
PurchaseGenerator::PurchaseGenerator(PurchaseGenerator&&) noexcept = default;
PurchaseGenerator& PurchaseGenerator::operator=(PurchaseGenerator&&) noexcept = default;

bool PurchaseGenerator::next(Purchase& out) {
    return impl_->next(out);
}

std::uint64_t PurchaseGenerator::produced() const noexcept {
    return impl_->produced;
}

std::uint64_t PurchaseGenerator::customers() const noexcept {
    return impl_->customers;
}

std::vector<Purchase> generate_purchases(const PurchaseOptions& options) {
    PurchaseGenerator gen(options);
    std::vector<Purchase> purchases;
    Purchase p;
    while (gen.next(p)) {
        purchases.push_back(p);
    }
    return purchases;
}

}  // namespace cskpi::generator
