// One HTTP(S) exchange: resolve, connect, handshake, send one request, read
// the response header and at most a bounded amount of body. Every step is
// bounded by the caller's deadline. The only file that speaks Beast.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "classify.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

class dns_resolver;
class tls_contexts;

struct fetch_request {
    std::string url;  // absolute http(s) URL
    http_method method = http_method::get;
    // Authorization, Cookie and Proxy-Authorization from -H are withheld
    // once a redirect left the original origin.
    bool send_credentials = true;
};

struct fetch_result {
    failure failed;             // kind none: a response header arrived
    std::optional<int> status;  // set whenever a response header arrived
    std::string reason;
    std::string location;     // Location header, if any
    std::string retry_after;  // Retry-After header, if any
    timings phases;
    std::optional<tls_info> tls;
};

struct fetch_context {
    boost::asio::any_io_executor executor;
    dns_resolver& dns;
    tls_contexts& tls;
    const check_options& options;
    std::string user_agent;
};

boost::asio::awaitable<fetch_result> fetch(fetch_context& ctx, const fetch_request& request,
                                           std::chrono::steady_clock::time_point deadline);

// Header names that carry credentials and so never cross origins.
bool is_credential_header(std::string_view name) noexcept;

}  // namespace urlcheck
