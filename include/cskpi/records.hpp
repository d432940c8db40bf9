#pragma once
/// \file
/// The canonical record types (docs/records.md): `Interaction` (one contact) and `Purchase`.
/// Plain value types; the JSON adapter fills them, applications may fill them directly.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cskpi {

/// A UTC instant with millisecond resolution, the time type of every record.
///
/// Example: `cskpi::Timestamp t{std::chrono::sys_days{std::chrono::year{2026} / 1 / 31}};`
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// The channel a contact came through.
enum class Channel { phone, email, chat, social, sms, self_service, other };

/// Who started the contact. Inbound is the default.
enum class Direction { inbound, outbound };

/// Where a contact was transferred to, when it was (docs/records.md, "How a contact ended").
enum class Transfer { none, queue, agent, external };

/// How a contact came to be: started by the customer or an agent (`direct`, the default),
/// transferred in from another contact, or a callback the customer asked for.
enum class Origin { direct, transfer, callback };

/// The canonical name of a channel, e.g. `to_string(Channel::self_service)` is "self_service".
[[nodiscard]] std::string_view to_string(Channel channel) noexcept;

/// The canonical name of a direction, e.g. `to_string(Direction::outbound)` is "outbound".
[[nodiscard]] std::string_view to_string(Direction direction) noexcept;

/// The canonical name of a transfer: "none", "queue", "agent" or "external".
///
/// Example: `cskpi::to_string(cskpi::Transfer::external)` is "external".
[[nodiscard]] std::string_view to_string(Transfer transfer) noexcept;

/// The canonical name of an origin: "direct", "transfer" or "callback".
///
/// Example: `cskpi::to_string(cskpi::Origin::callback)` is "callback".
[[nodiscard]] std::string_view to_string(Origin origin) noexcept;

/// Parses a canonical channel name; empty when it is not one.
///
/// Example: `parse_channel("chat") == Channel::chat`, `parse_channel("fax")` is empty.
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view name) noexcept;

/// Parses "inbound" or "outbound"; empty otherwise.
[[nodiscard]] std::optional<Direction> parse_direction(std::string_view name) noexcept;

/// Parses "none", "queue", "agent" or "external"; empty otherwise.
///
/// Example: `cskpi::parse_transfer("queue") == cskpi::Transfer::queue`.
[[nodiscard]] std::optional<Transfer> parse_transfer(std::string_view name) noexcept;

/// Parses "direct", "transfer" or "callback"; empty otherwise.
///
/// Example: `cskpi::parse_origin("transfer") == cskpi::Origin::transfer`.
[[nodiscard]] std::optional<Origin> parse_origin(std::string_view name) noexcept;

/// One contact between a customer and the service, on any channel (docs/records.md,
/// "Interaction").
/// Durations are seconds; optional fields are empty when the source does not give them.
///
/// Example:
/// ```
/// cskpi::Interaction call{.id = "c-1", .agent_id = "a-7", .started_at = t,
///                         .wait_seconds = 12.0, .talk_seconds = 240.0, .resolved = true};
/// ```
struct Interaction {
    std::string id{};           ///< Unique id of the contact (required).
    std::string customer_id{};  ///< Who contacted; empty when unknown.
    std::string case_id{};      ///< The inquiry; empty means the contact is its own case.
    std::string agent_id{};     ///< Grouping dimension; empty when unknown.
    std::string queue{};        ///< Grouping dimension; empty when unknown.
    std::string team{};         ///< Grouping dimension; empty when unknown.
    Channel channel = Channel::other;
    Direction direction = Direction::inbound;
    Timestamp started_at{};  ///< When the contact started (required).
    std::optional<Timestamp> answered_at{};
    std::optional<Timestamp> ended_at{};
    std::optional<double> wait_seconds{};  ///< Time in queue before answer or abandon.
    std::optional<double> talk_seconds{};
    std::optional<double> hold_seconds{};
    std::optional<double> wrap_seconds{};    ///< After-contact work.
    std::optional<double> handle_seconds{};  ///< Total handle time when only the total is known.
    bool abandoned = false;                  ///< The customer left before reaching an agent.
    bool callback_requested = false;         ///< Left the queue by asking to be called back.
    bool flowed_out = false;                 ///< The system took it out of the queue unanswered.
    std::optional<bool> handled{};           ///< Connected to an agent; see `is_handled`.
    Transfer transfer = Transfer::none;      ///< Transferred out, and where to.
    Origin origin = Origin::direct;          ///< Started directly, by a transfer or as a callback.
    std::optional<bool> resolved{};          ///< This contact resolved the case.
    std::optional<bool> first_contact_resolution{};  ///< The source's own FCR verdict.
    std::optional<double> first_response_seconds{};
    std::optional<double> resolution_seconds{};
    std::optional<int> csat{};  ///< Survey answer on the CSAT scale.
    std::optional<int> nps{};   ///< Likelihood to recommend, 0 to 10.
    std::optional<int> ces{};   ///< Customer effort, 1 to 7.
    std::optional<double> revenue{};

    /// Whether an agent handled the contact: `handled` when the source says, else a contact
    /// is handled unless it was abandoned, flowed out or left for a callback (so records
    /// without the outcome fields mean what they always meant).
    ///
    /// Example: `cskpi::Interaction{.id = "c", .abandoned = true}.is_handled()` is false.
    [[nodiscard]] bool is_handled() const noexcept {
        const bool left_unanswered = abandoned || flowed_out || callback_requested;
        return handled.has_value() ? *handled : !left_unanswered;
    }

    /// The case this contact belongs to: `case_id`, or the contact's own id when it has none.
    [[nodiscard]] std::string_view case_key() const noexcept {
        return case_id.empty() ? std::string_view(id) : std::string_view(case_id);
    }
};

/// One purchase by a customer, the input of retention by purchases and of the CLV models.
///
/// Example: `cskpi::Purchase p{.customer_id = "00001", .at = t, .amount = 11.77};`
struct Purchase {
    std::string customer_id{};  ///< Required.
    Timestamp at{};             ///< Required; a plain date is midnight UTC.
    double amount = 0.0;        ///< Monetary value (any currency, consistently).
};

}  // namespace cskpi
