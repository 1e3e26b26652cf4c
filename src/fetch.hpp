// One HTTP(S) exchange: a pooled connection or a new one (open_connection),
// one request, the response header and at most a bounded amount of body.
// Every step is bounded by the caller's deadline.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "classify.hpp"
#include "head_refusals.hpp"
#include "proxy.hpp"
#include "urlcheck/header_field.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/trace.hpp"

namespace urlcheck {

struct check_spec;
class connection_pool;
class dns_resolver;
class tls_contexts;

// Where a check tells its run that a host asked everyone to wait (a 429 or
// 503 with Retry-After): the run then starts no other check of that host
// before `until`. The engine implements it.
class host_hold_sink {
public:
    virtual void hold_host(const std::string& url, std::chrono::steady_clock::time_point until) = 0;

protected:
    ~host_hold_sink() = default;
};

// --all-addresses: one look at a name, pinned to one of its addresses.
// Connections to `host` on `port` go to `endpoint`; on another port (a
// redirect from http to https) to its address on that port; other hosts are
// resolved as usual.
struct address_pin {
    std::string host;  // normalised, as target_parts::host
    std::uint16_t port = 0;  // the URL's (endpoint's may differ under --connect-to)
    boost::asio::ip::tcp::endpoint endpoint;
};

struct fetch_request {
    // The check's settings: headers, timeouts, insecure, what to keep of the
    // response.
    const check_spec& spec;
    std::string url;  // absolute http(s) URL
    http_method method = http_method::get;
    // Authorization, Cookie and Proxy-Authorization from -H are withheld
    // once a redirect left the original origin.
    bool send_credentials = true;
    // "Basic ..." from the userinfo of the URL that was checked; withheld
    // like the headers above.
    std::string authorization;
    // Stop right after the response header and close the connection: the
    // GET that confirms a HEAD never downloads a body.
    bool header_only = false;
    // --all-addresses: the address this look is pinned to; null otherwise.
    const address_pin* pin = nullptr;
};

struct fetch_result {
    failure failed;             // kind none: a response header arrived
    std::optional<int> status;  // set whenever a response header arrived
    std::string reason;
    std::string location;     // Location header, if any
    std::string retry_after;  // Retry-After header, if any
    std::string challenge;    // a bot challenge header, e.g. "cf-mitigated: challenge"; empty if none
    timings phases;
    std::optional<tls_info> tls;
    std::string remote_addr;  // the address that answered, e.g. "127.0.0.1:8080"
    // Kept only when the check has expectations that look at them.
    std::vector<header_field> headers;  // every field of the final response, in order
    std::string body;                   // its first --body-limit bytes
    bool body_truncated = false;        // the body went on past what was read
};

// The services checks share for a run; their settings are in check_spec.
struct fetch_context {
    boost::asio::any_io_executor executor;
    dns_resolver& dns;
    tls_contexts& tls;
    connection_pool& pool;
    // --max-time: no attempt, retry wait or Retry-After goes past it.
    std::chrono::steady_clock::time_point run_deadline = std::chrono::steady_clock::time_point::max();
    // Politeness: told of every Retry-After hold. May be null.
    host_hold_sink* host_holds = nullptr;
    // --method auto: origins that refuse HEAD get GET only for the rest of the run.
    head_refusals heads{};
    // News worth a line with -v (an origin went GET only). May be empty.
    std::function<void(const std::string& message)> on_detail{};
    // --explain: told each step of the check (trace.hpp). Null in every
    // other run, so the steps cost nothing there.
    trace::sink* trace = nullptr;
    // --proxy, --noproxy and the proxy variables, decided once for the run.
    proxy_plan proxies{};
};

// --all-addresses: the host name (normalised) and port `url` connects to;
// nullopt for an IP literal (one address: nothing to spread over), a URL
// that goes through a proxy (the proxy picks the address) or a URL fetch()
// would refuse anyway.
struct named_host {
    std::string host;
    std::uint16_t port = 0;
};
std::optional<named_host> named_host_of(const std::string& url, const proxy_plan& proxies);

// Fills `out`, which the caller owns: returned by value, a fetch_result was
// held three times while the exchange waited (a local here, this
// coroutine's promise, the caller's temporary), ~1.2 KiB more per check in
// flight.
boost::asio::awaitable<void> fetch(fetch_context& ctx, const fetch_request& request,
                                   std::chrono::steady_clock::time_point deadline, fetch_result& out);

}  // namespace urlcheck
