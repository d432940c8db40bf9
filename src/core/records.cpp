#include "cskpi/records.hpp"

#include <array>
#include <utility>

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
    for (const auto& [value, name] : kChannelNames) {
        if (value == channel) {
            return name;
        }
    }
    return "other";
}

std::string_view to_string(Direction direction) noexcept {
    return direction == Direction::outbound ? "outbound" : "inbound";
}

std::optional<Channel> parse_channel(std::string_view name) noexcept {
    for (const auto& [value, text] : kChannelNames) {
        if (text == name) {
            return value;
        }
    }
    return std::nullopt;
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

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) noexcept {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return names[0].second;
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view name) noexcept {
    for (const auto& [v, text] : names) {
        if (text == name) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(Transfer transfer) noexcept {
    return name_of(kTransferNames, transfer);
}

std::string_view to_string(Origin origin) noexcept {
    return name_of(kOriginNames, origin);
}

std::optional<Transfer> parse_transfer(std::string_view name) noexcept {
    return value_of(kTransferNames, name);
}

std::optional<Origin> parse_origin(std::string_view name) noexcept {
    return value_of(kOriginNames, name);
}

}  // namespace cskpi
