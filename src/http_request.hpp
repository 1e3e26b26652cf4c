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

struct fetch_request;  // fetch.hpp

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
    // --all-addresses (fetch.cpp): the one endpoint to connect to, no
    // lookup; the origin then ends in " @ADDR:PORT".
    std::optional<boost::asio::ip::tcp::endpoint> pinned;
};

// `insecure`: the check does not verify certificates.
target_parts split_target(const boost::urls::url_view& url, bool insecure);

// The request line and header for `request` to `url`: Host as written in
// the URL (without userinfo), the check's User-Agent and headers, and the
// credentials only while request.send_credentials holds.
boost::beast::http::request<boost::beast::http::empty_body> build_request(const fetch_request& request,
                                                                          const boost::urls::url_view& url);

}  // namespace urlcheck
