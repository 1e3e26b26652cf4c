// One HTTP(S) exchange: resolve, connect, handshake, send one request, read
// the response header and at most a bounded amount of body. Every step is
// bounded by the caller's deadline. fetch.cpp and read_response.hpp are the
// only files that speak Beast.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check_spec.hpp"
#include "classify.hpp"
#include "head_refusals.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

class dns_resolver;
class tls_contexts;

// Idle keep-alive connections per origin (scheme, host, port), reused by
// later requests to the same origin. Opaque here: only fetch.cpp knows Beast.
class connection_pool {
public:
    // At most `max_idle` idle connections in all; the least recently used
    // goes first.
    explicit connection_pool(std::size_t max_idle);
    ~connection_pool();
    connection_pool(const connection_pool&) = delete;
    connection_pool& operator=(const connection_pool&) = delete;

    // Lowers (or raises) the cap on idle connections; those over it close
    // now, least recently used first.
    void limit_idle(std::size_t max_idle);

    std::size_t idle() const noexcept;
    std::size_t reused() const noexcept;   // requests that went over a reused connection
    std::size_t opened() const noexcept;   // connections opened
    std::size_t resumed() const noexcept;  // TLS handshakes that resumed a session

    struct impl;
    std::unique_ptr<impl> impl_;
};

struct fetch_request {
    std::string url;  // absolute http(s) URL
    http_method method = http_method::get;
    // Authorization, Cookie and Proxy-Authorization from -H are withheld
    // once a redirect left the original origin.
    bool send_credentials = true;
    // "Basic ..." from the userinfo of the URL that was checked; withheld
    // like the headers above.
    std::string authorization;
    // The check's settings (headers, timeout, insecure, what to keep of the
    // response); null: the command line's, as ctx.defaults.
    const check_spec* spec = nullptr;
    // Stop right after the response header and close the connection: the
    // GET that confirms a HEAD never downloads a body.
    bool header_only = false;
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

struct fetch_context {
    boost::asio::any_io_executor executor;
    dns_resolver& dns;
    tls_contexts& tls;
    connection_pool& pool;
    const check_options& options;
    std::string user_agent;
    // The command line's settings for checks of lines without options.
    const check_spec* defaults = nullptr;
    // --max-time: no attempt, retry wait or Retry-After goes past it.
    std::chrono::steady_clock::time_point run_deadline = std::chrono::steady_clock::time_point::max();
    // Politeness: a 429 or 503 with Retry-After asks the engine to start no
    // other check of this URL's host before `until`. May be empty.
    std::function<void(const std::string& url, std::chrono::steady_clock::time_point until)> hold_host{};
    // --method auto: origins that refuse HEAD get GET only for the rest of the run.
    head_refusals heads{};
    // News worth a line with -v (an origin went GET only). May be empty.
    std::function<void(const std::string& message)> on_detail{};
};

// Fills `out`, which the caller owns: returned by value, a fetch_result was
// held three times while the exchange waited (a local here, this
// coroutine's promise, the caller's temporary), ~1.2 KiB more per check in
// flight.
boost::asio::awaitable<void> fetch(fetch_context& ctx, const fetch_request& request,
                                   std::chrono::steady_clock::time_point deadline, fetch_result& out);

}  // namespace urlcheck
