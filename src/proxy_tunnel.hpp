// The CONNECT exchange that turns a connection to an http:// proxy into a
// tunnel to the origin, for https URLs; TLS with the origin then runs inside
// it (open_connection). Bounded by the caller's connect deadline.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <string>

#include "classify.hpp"

namespace urlcheck {

struct proxy_endpoint;

struct tunnel_outcome {
    failure failed;  // kind none: the tunnel is open
    int status = 0;  // the proxy's answer; 0 when none came
    std::string reason;
};

// Sends "CONNECT authority HTTP/1.1" (Host, User-Agent, and the proxy's
// Proxy-Authorization when its URL had credentials) on `stream` and reads
// the answer's header. `limit` is the timeout in force, for the message.
boost::asio::awaitable<tunnel_outcome> open_tunnel(boost::beast::tcp_stream& stream, const proxy_endpoint& proxy,
                                                   const std::string& authority, const std::string& user_agent,
                                                   std::chrono::milliseconds limit);

}  // namespace urlcheck
