#pragma once
/// \file
/// Checks that a record's values are in range before it is accumulated. The JSON adapter
/// reports these problems per line; the report engine refuses records that fail them.

#include <optional>
#include <string>

#include "cskpi/contact_kpis.hpp"
#include "cskpi/records.hpp"

namespace cskpi {

/// What is wrong with a record: the canonical field, a stable error code and a message.
/// Codes: "missing_field" (a required field is empty) and "out_of_range" (csat outside its
/// scale, nps outside 0-10, ces outside 1-7, a negative or non-finite duration, and, on field
/// "handle_seconds", talk + hold + wrap beyond the largest double when handle_seconds is
/// absent: the handle time AHT would add), and "conflict" (more than one of abandoned,
/// flowed_out and callback_requested, or one of them with handled = true).
///
/// Example: `RecordIssue{"csat", "out_of_range", "csat = 9 is outside the scale 1..5"}`.
struct RecordIssue {
    std::string field;
    std::string code;
    std::string message;
    friend bool operator==(const RecordIssue&, const RecordIssue&) = default;
};

/// The first problem of an interaction, or empty when it is valid for `scale`.
///
/// Example: `cskpi::check_interaction(Interaction{.id = "c-1", .csat = 9})->field` is "csat".
[[nodiscard]] std::optional<RecordIssue> check_interaction(const Interaction& interaction,
                                                           const CsatScale& scale = {});

/// The largest purchase amount, in magnitude, a record may have. Far above any real purchase
/// in any currency, it keeps every customer's total and mean finite (a sum of a trillion
/// such amounts is 1e27), so a typo of an exponent cannot turn spend models into infinities.
///
/// Example: `cskpi::check_purchase({.customer_id = "c", .amount = 2e15})->code` is
/// "out_of_range".
inline constexpr double max_purchase_amount = 1e15;

/// The first problem of a purchase (missing customer_id, an amount that is not finite or is
/// beyond +-max_purchase_amount), or empty.
///
/// Example: `cskpi::check_purchase(Purchase{})->code` is "missing_field".
[[nodiscard]] std::optional<RecordIssue> check_purchase(const Purchase& purchase);

}  // namespace cskpi
