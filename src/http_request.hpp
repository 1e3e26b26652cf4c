// From a URL to what goes on the wire: where to connect (split_target) and
// the request header to send there (build_request). Pure; unit-tested in
// http_request_test.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace urlcheck {

struct fetch_request;   // fetch.hpp
struct proxy_endpoint;  // proxy.hpp

// Where a URL points, in the forms connecting needs.
struct target_parts {
    bool https = false;
    std::uint16_t port = 0;  // the URL's, else 443 or 80
    std::string host;        // name (lower case) or address, without brackets or trailing dot
    bool host_is_ip = false;
    std::optional<boost::asio::ip::tcp::endpoint> literal;  // for IP literals: no DNS
    // "https://host:443": the pool and session key. Checks that do not
    // verify certificates get "https://host:443 insecure": their connections
    // and TLS sessions (resuming one skips verification) never serve a
    // check that does.
    std::string origin;
    // Through a proxy (route_via): the one it goes through; null: direct.
    const proxy_endpoint* proxy = nullptr;
    // The connection pool's key: the origin when direct. Through a proxy,
    // https gets "ORIGIN via PROXY" (a tunnel belongs to its origin, and
    // never serves a direct check or the other way round), and plain http
    // gets "via PROXY" alone: every request names its origin in full, so one
    // connection to the proxy serves any origin, as curl reuses it.
    std::string pool_key;
    // --all-addresses (fetch.cpp): the one endpoint to connect to, no
    // lookup; the origin then ends in " @ADDR:PORT".
    std::optional<boost::asio::ip::tcp::endpoint> pinned;
};

// `insecure`: the check does not verify certificates.
// `insecure`: the check does not verify certificates. Direct: pool_key is
// the origin.
target_parts split_target(const boost::urls::url_view& url, bool insecure);

// Sends `t` through `proxy` (null: direct), setting its proxy and pool key.
void route_via(target_parts& t, const proxy_endpoint* proxy);

// The request line and header for `request` to `url`: Host as written in
// the URL (without userinfo), the check's User-Agent and headers, and the
// credentials only while request.send_credentials holds. Through a proxy
// (plain http), the target is the absolute URL (RFC 9112 3.2.2) and the
// proxy's own credentials go as Proxy-Authorization.
boost::beast::http::request<boost::beast::http::empty_body> build_request(const fetch_request& request,
                                                                          const boost::urls::url_view& url,
                                                                          const proxy_endpoint* proxy = nullptr);

}  // namespace urlcheck
