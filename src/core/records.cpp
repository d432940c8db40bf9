#include "cskpi/records.hpp"

#include <array>
#include <utility>

#include "enum_names.hpp"

namespace cskpi {
namespace {

constexpr std::array<std::pair<Channel, std::string_view>, 7> kChannelNames{{
    {Channel::phone, "phone"},
    {Channel::email, "email"},
    {Channel::chat, "chat"},
    {Channel::social, "social"},
    {Channel::sms, "sms"},
    {Channel::self_service, "self_service"},
    {Channel::other, "other"},
}};

}  // namespace

std::string_view to_string(Channel channel) noexcept {
    return detail::name_of(kChannelNames, channel);
}

std::string_view to_string(Direction direction) noexcept {
    return direction == Direction::outbound ? "outbound" : "inbound";
}

std::optional<Channel> parse_channel(std::string_view name) noexcept {
    return detail::value_of(kChannelNames, name);
}

std::optional<Direction> parse_direction(std::string_view name) noexcept {
    if (name == "inbound") {
        return Direction::inbound;
    }
    if (name == "outbound") {
        return Direction::outbound;
    }
    return std::nullopt;
}

namespace {

constexpr std::array<std::pair<Transfer, std::string_view>, 4> kTransferNames{{
    {Transfer::none, "none"},
    {Transfer::queue, "queue"},
    {Transfer::agent, "agent"},
    {Transfer::external, "external"},
}};

constexpr std::array<std::pair<Origin, std::string_view>, 3> kOriginNames{{
    {Origin::direct, "direct"},
    {Origin::transfer, "transfer"},
    {Origin::callback, "callback"},
}};

}  // namespace

std::string_view to_string(Transfer transfer) noexcept {
    return detail::name_of(kTransferNames, transfer);
}

std::string_view to_string(Origin origin) noexcept {
    return detail::name_of(kOriginNames, origin);
}

std::optional<Transfer> parse_transfer(std::string_view name) noexcept {
    return detail::value_of(kTransferNames, name);
}

std::optional<Origin> parse_origin(std::string_view name) noexcept {
    return detail::value_of(kOriginNames, name);
}

}  // namespace cskpi
