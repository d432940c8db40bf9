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

}  // namespace cskpi
