// Host name resolution behind one small interface, so the engine never knows
// how it is done. Today: Asio's resolver (getaddrinfo on Asio's helper
// thread); the deadline is enforced here because getaddrinfo itself cannot be
// cancelled.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace urlcheck {

struct resolved {
    boost::system::error_code ec;  // asio::error::timed_out when the deadline passed
    std::vector<boost::asio::ip::tcp::endpoint> endpoints;
};

class dns_resolver {
public:
    explicit dns_resolver(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // `host` must be a name, never an IP literal (the caller connects to
    // literals directly).
    boost::asio::awaitable<resolved> resolve(std::string host, std::uint16_t port,
                                             std::chrono::steady_clock::time_point deadline);

private:
    boost::asio::any_io_executor executor_;
};

}  // namespace urlcheck
