// Reading one HTTP response under our limits: Beast's parser set up with the
// header limit, interim responses skipped, at most max_body_bytes of body
// read. A template over the stream, so fetch.cpp reads from TCP or TLS and
// fuzz/fuzz_response.cpp reads from memory through the very same code.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "fetch.hpp"

namespace urlcheck {

struct exchange_state {
    bool got_bytes = false;  // any byte of a response arrived
    bool complete = false;   // the whole response was read
    bool reusable = false;   // complete response, keep-alive, nothing left over
    std::chrono::steady_clock::time_point header_at;  // when the final response header was read
};

// The body is only counted, never looked at, so every check on this thread
// shares one scratch buffer instead of carrying 16 KiB in its coroutine frame
// (5,000 checks in flight: 80 MiB).
inline std::array<char, 16 * 1024>& body_scratch() {
    thread_local std::array<char, 16 * 1024> chunk;
    return chunk;
}

// Reads the response to a request already sent: fills out.status, reason,
// location and retry_after, or out.failed; never throws.
template <class Stream>
boost::asio::awaitable<exchange_state> read_response(Stream& stream, const check_options& options,
                                                     http_method method, fetch_result& out) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    exchange_state state;

    // The buffer's cap backs up the parser's header limit: together they stop
    // a hostile server from growing memory with an endless header.
    beast::flat_buffer buffer(options.max_header_bytes + 16 * 1024);
    std::optional<http::response_parser<http::buffer_body>> parser;
    for (;;) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
        parser->body_limit(boost::none);
        if (method == http_method::head) parser->skip(true);
        auto [ec, n] = co_await http::async_read_header(stream, buffer, *parser, use_tuple);
        (void)n;
        state.got_bytes = state.got_bytes || parser->got_some();
        if (ec) {
            out.failed = classify(phase::read_header, ec, options.timeout);
            co_return state;
        }
        const unsigned status = parser->get().result_int();
        // Beast takes any three digits; 000-099 are no HTTP status (RFC 9110
        // 15) and would read as a verdict on the URL (curl refuses them too).
        if (status < 100) {
            out.failed = {error_kind::protocol, fmt::format("invalid HTTP response: status {:03} is below 100", status)};
            co_return state;
        }
        // Interim responses (100 Continue, 103 Early Hints) precede the real
        // one; 101 would switch protocols and is final.
        if (status >= 100 && status < 200 && status != 101) continue;
        break;
    }
    state.header_at = std::chrono::steady_clock::now();

    const auto& header = parser->get();
    out.status = static_cast<int>(header.result_int());
    out.reason = std::string(header.reason());
    if (out.reason.empty()) out.reason = std::string(http::obsolete_reason(header.result()));
    if (auto it = header.find(http::field::location); it != header.end()) out.location = std::string(it->value());
    if (auto it = header.find(http::field::retry_after); it != header.end())
        out.retry_after = std::string(it->value());

    // Read a bounded amount of body so a complete response is seen when it
    // is small, and stop there: an endless body must not stall a check. What
    // goes wrong in the body does not change the verdict on the status.
    auto& chunk = body_scratch();
    std::size_t body_read = 0;
    bool body_failed = false;
    while (!parser->is_done() && body_read < options.max_body_bytes) {
        auto& body = parser->get().body();
        body.data = chunk.data();
        body.size = std::min(chunk.size(), options.max_body_bytes - body_read);
        const std::size_t offered = body.size;
        auto [ec, n] = co_await http::async_read(stream, buffer, *parser, use_tuple);
        (void)n;
        body_read += offered - parser->get().body().size;
        if (ec == http::error::need_buffer) continue;
        if (ec) {
            body_failed = true;
            break;
        }
    }
    // A response read to its end leaves the TLS session fit for resumption;
    // a connection is worth keeping only at such a clean message boundary
    // with keep-alive agreed, no stray bytes behind it, and no protocol
    // switch (a 101 turns the connection into something else).
    state.complete = !body_failed && parser->is_done();
    state.reusable = state.complete && parser->keep_alive() && !parser->upgrade() && header.result_int() >= 200 &&
                     buffer.size() == 0;
    co_return state;
}

}  // namespace urlcheck
