// ip_address to and from Asio's address, for the code that opens sockets.
#pragma once

#include <algorithm>

#include <boost/asio/ip/address.hpp>

#include "urlcheck/ip_address.hpp"

namespace urlcheck {

inline boost::asio::ip::address to_asio(const ip_address& a) {
    namespace ip = boost::asio::ip;
    if (a.is_v4()) {
        ip::address_v4::bytes_type b;
        std::copy_n(a.bytes.begin(), b.size(), b.begin());
        return ip::address_v4(b);
    }
    ip::address_v6::bytes_type b;
    std::copy_n(a.bytes.begin(), b.size(), b.begin());
    return ip::address_v6(b, a.scope_id);
}

inline ip_address from_asio(const boost::asio::ip::address& a) {
    ip_address out;
    if (a.is_v4()) {
        const auto b = a.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), out.bytes.begin());
        return out;
    }
    out.family = address_family::v6;
    const auto v6 = a.to_v6();
    const auto b = v6.to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
    out.scope_id = static_cast<std::uint32_t>(v6.scope_id());
    return out;
}

}  // namespace urlcheck
