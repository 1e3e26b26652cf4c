// An IP address as plain bytes, so settings (--dns-server, --resolve) can
// carry one parsed without a socket library in the public headers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "urlcheck/vocabulary.hpp"

namespace urlcheck {

struct ip_address {
    address_family family = address_family::v4;  // v4 or v6, never any
    std::array<std::uint8_t, 16> bytes{};         // network order; IPv4 in the first 4
    std::uint32_t scope_id = 0;                   // IPv6 "%eth0" as an interface index
    bool is_v4() const noexcept { return family == address_family::v4; }
    bool is_v6() const noexcept { return family == address_family::v6; }
    // "192.0.2.1", "2001:db8::1": the usual text form.
    std::string to_string() const;
    friend bool operator==(const ip_address&, const ip_address&) = default;
};

// "192.0.2.1", "2001:db8::1", "fe80::1%eth0" (no brackets); nullopt for
// anything else, host names included.
std::optional<ip_address> parse_ip_address(std::string_view text);

}  // namespace urlcheck
