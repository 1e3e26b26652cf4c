#include "http_request.hpp"

#include <boost/asio/ip/address.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "check_spec.hpp"
#include "credentials.hpp"
#include "fetch.hpp"
#include "proxy.hpp"
#include "text.hpp"

namespace urlcheck {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace urls = boost::urls;

target_parts split_target(const urls::url_view& url, bool insecure) {
    target_parts t;
    t.https = url.scheme_id() == urls::scheme::https;
    t.port = url.has_port() ? url.port_number() : (t.https ? 443 : 80);
    switch (url.host_type()) {
        case urls::host_type::ipv4:
            t.host_is_ip = true;
            t.host = url.host_address();
            t.literal.emplace(asio::ip::address_v4(url.host_ipv4_address().to_uint()), t.port);
            break;
        case urls::host_type::ipv6: {
            t.host_is_ip = true;
            asio::ip::address_v6::bytes_type bytes;
            const auto v6 = url.host_ipv6_address().to_bytes();
            std::copy(v6.begin(), v6.end(), bytes.begin());
            t.literal.emplace(asio::ip::address_v6(bytes), t.port);
            t.host = url.host_ipv6_address().to_string();
            break;
        }
        default:
            // A trailing dot (FQDN) is fine for DNS but not for SNI or
            // certificate matching.
            t.host = normalise_host(url.host_name());
    }
    t.origin = fmt::format("{}://{}:{}", t.https ? "https" : "http", t.host, t.port);
    if (t.https && insecure) t.origin += " insecure";
    t.pool_key = t.origin;
    return t;
}

void route_via(target_parts& t, const proxy_endpoint* proxy) {
    t.proxy = proxy;
    if (!proxy)
        t.pool_key = t.origin;
    else if (t.https)
        t.pool_key = t.origin + " via " + proxy->shown;
    else
        t.pool_key = "via " + proxy->shown;
}

http::request<http::empty_body> build_request(const fetch_request& request, const urls::url_view& url,
                                              const proxy_endpoint* proxy) {
    http::request<http::empty_body> req;
    req.method(request.method == http_method::head ? http::verb::head : http::verb::get);
    // Absolute-form names the origin without the URL's userinfo: that goes
    // as Authorization, never to the proxy in the clear of the request line.
    std::string target = proxy ? fmt::format("{}://{}", url.scheme(), std::string_view(url.encoded_host_and_port()))
                               : std::string();
    target += url.encoded_path();
    if (url.encoded_path().empty()) target.push_back('/');  // not `= "/"`: GCC 12 warns falsely (-Wrestrict)
    if (url.has_query()) {
        target += '?';
        target += url.encoded_query();
    }
    req.target(target);
    req.version(11);
    req.set(http::field::host, std::string_view(url.encoded_host_and_port()));
    req.set(http::field::user_agent, request.spec.user_agent);
    req.set(http::field::accept, "*/*");
    // Set first, so that an Authorization given with -H replaces it (as in curl).
    if (request.send_credentials && !request.authorization.empty())
        req.set(http::field::authorization, request.authorization);
    if (proxy && !proxy->authorization.empty()) req.set(http::field::proxy_authorization, proxy->authorization);
    for (const auto& h : request.spec.headers) {
        if (!request.send_credentials && is_credential_header(h.name)) continue;
        req.set(h.name, h.value);
    }
    return req;
}

}  // namespace urlcheck
