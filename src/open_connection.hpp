// A new connection for a check: resolve (unless the host is an IP literal),
// connect with Happy Eyeballs, and for https the TLS handshake, all within
// the check's --connect-timeout; a failure is classified with the wording a
// person can act on (an expired or incomplete certificate chain, ...).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>

namespace urlcheck {

struct check_spec;
struct http_connection;
struct fetch_context;
struct fetch_result;
struct target_parts;

// The connection, ready for a request; null on failure, with out.failed
// said. Fills out.phases (dns, connect, tls), out.remote_addr once a peer
// answered, and out.tls when a handshake got as far as a certificate.
boost::asio::awaitable<std::unique_ptr<http_connection>> open_connection(fetch_context& ctx, const target_parts& target,
                                                                    const check_spec& spec,
                                                                    std::chrono::steady_clock::time_point deadline,
                                                                    fetch_result& out);

}  // namespace urlcheck
