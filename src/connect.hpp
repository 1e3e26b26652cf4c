// TCP connection establishment with Happy Eyeballs v2 (RFC 8305 §4-5): a host
// with a broken IPv6 (or IPv4) path costs a quarter second, not a connect
// timeout per dead address.
//
//     auto answer = co_await dns.resolve(host, port, connect_deadline);
//     auto c = co_await connect_happy_eyeballs(executor, std::move(answer.endpoints),
//                                              connect_deadline, options.ip_family);
//     if (c.ec) { /* classify(phase::connect, c.ec, ...) */ }
//     beast::tcp_stream stream(std::move(c.socket));  // connected, ready for TLS or HTTP
//
// The attempts:
//  - The endpoints are filtered by `family` (-4 / -6), de-duplicated, and
//    reordered so the families alternate, starting with the family of the
//    first endpoint (the resolver gives RFC 6724 order, so that is IPv6 where
//    this host has working IPv6, else IPv4). Within a family, order is kept.
//  - The first attempt starts at once. Each further attempt starts
//    `attempt_delay` (250 ms, RFC 8305's recommended Connection Attempt Delay)
//    after the previous one started, or at once when an attempt fails, so a
//    refused or unreachable address costs nothing. The previous attempt keeps
//    running in parallel, but at most two are in flight (each holds a
//    descriptor): a further one waits until one of them fails or the older
//    has gone 4 x `attempt_delay` (1 s) unanswered, which then is closed.
//  - The first attempt to connect wins; every other one is closed at once.
//  - Nothing outlives `deadline`: all attempts still running are closed and
//    the result is asio::error::timed_out.
//  - An attempt that finds no descriptor for its socket (EMFILE, ENFILE)
//    ends the starting of further ones; unless one still in flight wins,
//    that error is the result.
//
// Single-threaded: run it on the connection's own (strand-free) executor.
// If the calling coroutine is destroyed mid-race (io_context teardown), the
// attempts' sockets are closed when their handlers are destroyed.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "urlcheck/options.hpp"
#include "urlcheck/trace.hpp"

namespace urlcheck {

struct connect_result {
    explicit connect_result(const boost::asio::any_io_executor& executor) : socket(executor) {}

    // Empty on success. Otherwise: asio::error::no_descriptors (EMFILE) or
    // errc::too_many_files_open_in_system (ENFILE) when an attempt could not
    // get a socket; asio::error::timed_out when the deadline
    // ended the race; the error of the last attempt to fail when every
    // attempt failed (connection_refused, network_unreachable, ...);
    // address_family_not_supported when `family` left no endpoint;
    // invalid_argument for an empty endpoint list.
    boost::system::error_code ec;
    // Connected on success, closed otherwise. Moves into a
    // beast::tcp_stream (`beast::tcp_stream s(std::move(r.socket))`).
    boost::asio::ip::tcp::socket socket;
    // The peer connected to; on failure the last endpoint tried.
    boost::asio::ip::tcp::endpoint endpoint;
    int attempts = 0;  // connection attempts started
};

// "127.0.0.1:8080", "[::1]:8080": an endpoint as reports show it.
std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint);

// RFC 8305 §4 order (see above), without duplicates and without endpoints
// `family` excludes. Exposed for tests.
std::vector<boost::asio::ip::tcp::endpoint> happy_eyeballs_order(std::vector<boost::asio::ip::tcp::endpoint> endpoints,
                                                                 address_family family);

// RFC 8305's recommended Connection Attempt Delay.
inline constexpr std::chrono::milliseconds happy_eyeballs_delay{250};

// `trace` (--explain), when not null, is told how each attempt ended.
boost::asio::awaitable<connect_result> connect_happy_eyeballs(
    boost::asio::any_io_executor executor, std::vector<boost::asio::ip::tcp::endpoint> endpoints,
    std::chrono::steady_clock::time_point deadline, address_family family = address_family::any,
    std::chrono::milliseconds attempt_delay = happy_eyeballs_delay, trace::sink* trace = nullptr);

}  // namespace urlcheck
