// Which proxy, if any, a URL goes through: the proxy URL's grammar, the
// NO_PROXY matcher and the choice between --proxy and the environment, read
// the way curl reads them (README "Behind a proxy"). Pure: table-tested in
// proxy_test. The I/O is in proxy_tunnel and open_connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

// One proxy to connect to: an http:// proxy (the only kind supported).
struct proxy_endpoint {
    std::string host;  // lower case, no brackets, no trailing dot
    std::uint16_t port = 1080;  // curl's default when the URL names none
    // "Basic BASE64(user:password)" from the userinfo, percent-decoded;
    // empty without one. Sent as Proxy-Authorization, never shown.
    std::string authorization;
    // "http://host:port": how messages, --explain and the pool name it.
    // Never the userinfo.
    std::string shown;
};

// An http:// proxy URL ("http://[user:pass@]host[:port][/]"; without a
// scheme, http:// is assumed, as in curl). nullopt with *why set otherwise:
// "https:// proxies are not supported", a path, no host, ...
std::optional<proxy_endpoint> parse_proxy_url(std::string_view text, std::string* why);

// Whether a NO_PROXY list exempts `host` (normalised; an IPv6 literal
// without brackets) on `port`. Entries are separated by commas or spaces:
// "*" (every host), a domain ("example.com" and ".example.com" both match it
// and its subdomains), an IP literal, a CIDR range ("10.0.0.0/8", matched
// against IP literals only: no DNS is asked), any of them with ":PORT" to
// match that port only.
bool no_proxy_matches(std::string_view list, std::string_view host, std::uint16_t port);

// The run's proxies, decided once from the options (and the environment
// they carry): --proxy for every URL, else https_proxy for https URLs and
// http_proxy for http ones, falling back to all_proxy; then --noproxy (or
// NO_PROXY) takes hosts out.
struct proxy_plan {
    std::optional<proxy_endpoint> http;
    std::optional<proxy_endpoint> https;
    std::string no_proxy;
    bool empty() const noexcept { return !http && !https; }
};

// nullopt with *why set when a proxy URL (from --proxy or the environment,
// named in the message) cannot be used.
std::optional<proxy_plan> plan_proxies(const proxy_options& options, std::string* why);

// The proxy for a URL with this scheme, host and port, or null: direct.
const proxy_endpoint* choose_proxy(const proxy_plan& plan, bool https, std::string_view host, std::uint16_t port);

// "host:443", "[::1]:443": what CONNECT asks for.
std::string connect_authority(std::string_view host, bool host_is_ip_v6, std::uint16_t port);

// The verdict on the proxy's answer to CONNECT: none for 2xx (the tunnel is
// open). 502, 503 and 504 are the proxy saying it could not reach the
// origin: kind connect, as a refused connection would be without the proxy.
// Anything else is the proxy's own refusal, kind proxy: 407 as "proxy
// authentication required" or, when `credentials_sent`, "the proxy refused
// the credentials" (401 too: tinyproxy's answer to wrong ones); others with
// their status and reason.
failure classify_connect_answer(int status, std::string_view reason, bool credentials_sent,
                                const proxy_endpoint& proxy, std::string_view authority);

// A failure on the way to the proxy (its DNS, its TCP connect, a broken
// answer) as kind proxy naming it. An exhausted descriptor table stays
// kind resource: that is this machine's, not the proxy's.
failure proxy_failure(const proxy_endpoint& proxy, failure underlying);

}  // namespace urlcheck
