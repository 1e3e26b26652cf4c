// Reading one HTTP response under our limits: Beast's parser set up with the
// header limit, interim responses skipped, at most max_body_bytes of body
// read. A template over the stream, so fetch.cpp reads from TCP or TLS and
// fuzz/fuzz_response.cpp reads from memory through the very same code.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/core/string.hpp>
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
#include <string_view>

#include "fetch.hpp"
#include "use_tuple.hpp"

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

namespace read_response_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Header lines that end in a bare LF get the CR Beast insists on: RFC 9112
// 2.2 lets a client accept them and curl and browsers do, so such a server
// is up for everyone else. Without this Beast waits for a CRLF that never
// comes (a timeout, or "closed before a complete response header"). Only
// complete lines up to the blank line that ends the header are touched,
// never the body behind it.
class bare_lf_fixer {
public:
    // False when the fixed header no longer fits the buffer.
    bool fix(beast::flat_buffer& buffer) {
        if (header_ended_) return true;
        const std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        std::string fixed;        // data[0, copied) with the missing CRs, built only when one is missing
        std::size_t copied = 0;
        std::size_t added = 0;
        std::size_t line = line_start_;
        for (std::size_t lf; !header_ended_ && (lf = data.find('\n', line)) != std::string_view::npos;) {
            header_ended_ = lf == line || (lf == line + 1 && data[line] == '\r');  // the blank line
            if (lf == 0 || data[lf - 1] != '\r') {
                fixed.append(data.substr(copied, lf - copied));
                fixed.push_back('\r');
                copied = lf;
                ++added;
            }
            line = lf + 1;
        }
        line_start_ = line + added;
        if (added == 0) return true;
        fixed.append(data.substr(copied));
        if (fixed.size() > buffer.max_size()) return false;
        buffer.consume(buffer.size());
        buffer.commit(asio::buffer_copy(buffer.prepare(fixed.size()), asio::buffer(fixed)));
        return true;
    }
    // The parser took `n` bytes (whole lines) from the front of the buffer.
    void consumed(std::size_t n) { line_start_ -= std::min(line_start_, n); }

private:
    std::size_t line_start_ = 0;  // where the first line not looked at yet starts
    bool header_ended_ = false;
};

// http::async_read_header, with every byte passing bare_lf_fixer on its way
// to the parser. The error of the read or the parse; none once the whole
// header is in.
template <class Stream, class Parser>
asio::awaitable<boost::system::error_code> read_header(Stream& stream, beast::flat_buffer& buffer, Parser& parser) {
    bare_lf_fixer fixer;
    for (;;) {
        if (buffer.size() > 0) {
            if (!fixer.fix(buffer)) co_return http::error::header_limit;
            boost::system::error_code ec;
            const std::size_t used = parser.put(buffer.data(), ec);
            buffer.consume(used);
            fixer.consumed(used);
            if (ec != http::error::need_more) {
                if (!ec && !parser.is_header_done()) continue;
                co_return ec;
            }
        }
        // Grow the buffer as Beast's own reads do (512 bytes, then doubling
        // up to 64 KiB per read), not 64 KiB up front: a check waiting for its
        // answer holds this buffer, and a fresh 64 KiB block costs a resident
        // page or two even while empty (5,000 checks in flight: ~18 MiB).
        const std::size_t room = beast::read_size(buffer, 64 * 1024);
        if (room == 0) co_return http::error::buffer_overflow;
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(room), use_tuple);
        buffer.commit(n);
        if (ec == asio::error::eof) {
            if (!parser.got_some()) co_return http::error::end_of_stream;
            boost::system::error_code eof_ec;
            parser.put_eof(eof_ec);  // partial_message: the header was cut short
            co_return eof_ec ? eof_ec : http::error::partial_message;
        }
        if (ec) co_return ec;
    }
}

}  // namespace read_response_detail

// Bot-management challenges announced in a header (Cloudflare, AWS WAF), as
// "name: value", or empty. The page behind them is for browsers.
template <class Header>
std::string bot_challenge(const Header& header) {
    if (auto it = header.find("cf-mitigated"); it != header.end() && boost::beast::iequals(it->value(), "challenge"))
        return "cf-mitigated: challenge";
    if (auto it = header.find("x-amzn-waf-action"); it != header.end() && !it->value().empty())
        return fmt::format("x-amzn-waf-action: {}", std::string_view(it->value()).substr(0, 32));
    return {};
}

// What a check allows and wants of a response: its limits (check_spec's,
// whose defaults are the command line's) and what to keep beyond the status.
struct response_wants {
    std::chrono::milliseconds timeout{10000};  // the attempt's, named in timeout messages
    std::size_t max_header_bytes = 64 * 1024;
    std::size_t max_body_bytes = 64 * 1024;
    bool body = false;     // keep the first max_body_bytes of the body in out.body
    bool headers = false;  // keep every header field in out.headers
    // Stop after the final response header: no body is read and the
    // connection is not reusable (the GET that confirms a HEAD).
    bool header_only = false;
};

// Reads the response to a request already sent: fills out.status, reason,
// location and retry_after, or out.failed (also after a status: a body that
// broke within max_body_bytes); never throws.
template <class Stream>
boost::asio::awaitable<exchange_state> read_response(Stream& stream, const response_wants& wants,
                                                     http_method method, fetch_result& out) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    exchange_state state;

    // The buffer's cap backs up the parser's header limit: together they stop
    // a hostile server from growing memory with an endless header.
    beast::flat_buffer buffer(wants.max_header_bytes + 16 * 1024);
    std::optional<http::response_parser<http::buffer_body>> parser;
    for (;;) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(wants.max_header_bytes));
        parser->body_limit(boost::none);
        if (method == http_method::head) parser->skip(true);
        const auto ec = co_await read_response_detail::read_header(stream, buffer, *parser);
        state.got_bytes = state.got_bytes || parser->got_some();
        if (ec) {
            const std::string_view unparsed(static_cast<const char*>(buffer.data().data()), buffer.size());
            out.failed = classify(phase::read_header, ec, wants.timeout, unparsed);
            co_return state;
        }
        // RFC 9112 6.3: Transfer-Encoding next to Content-Length is a
        // framing conflict (a smuggling attempt, or a broken proxy). Beast
        // refuses it when Content-Length comes first or chunked is the final
        // coding; the other spellings ("chunked, identity" first) it reads
        // by Content-Length. Refused in every spelling, with one message.
        if (parser->get().count(http::field::transfer_encoding) > 0 &&
            parser->get().count(http::field::content_length) > 0) {
            out.failed = classify(phase::read_header, http::error::bad_transfer_encoding, wants.timeout);
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
    out.challenge = bot_challenge(header);
    if (wants.headers) {
        for (const auto& field : header)
            out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    if (wants.header_only) co_return state;

    // Read a bounded amount of body so a complete response is seen when it
    // is small, and stop there: an endless body must not stall a check, and
    // stopping on purpose is no failure. A body that ends early, breaks its
    // framing or stalls within that amount is: a backend that dies
    // mid-response sends exactly that after a good status.
    // Only a check with body expectations keeps the bytes (in out.body);
    // the others share one scratch buffer.
    auto& chunk = body_scratch();
    std::size_t body_read = 0;
    boost::system::error_code body_ec;
    while (!parser->is_done() && body_read < wants.max_body_bytes) {
        auto& body = parser->get().body();
        const std::size_t room = std::min(chunk.size(), wants.max_body_bytes - body_read);
        if (wants.body) {
            out.body.resize(body_read + room);
            body.data = out.body.data() + body_read;
        } else {
            body.data = chunk.data();
        }
        body.size = room;
        auto [ec, n] = co_await http::async_read(stream, buffer, *parser, use_tuple);
        (void)n;
        body_read += room - parser->get().body().size;
        if (wants.body) out.body.resize(body_read);
        if (ec == http::error::need_buffer) continue;
        // Most HTTPS servers end a body read to the close without a TLS
        // close_notify; curl and browsers take that as its end. A body with
        // a length or chunks knows its end, so a close before it stays a
        // body cut short, close_notify or not.
        if (ec == boost::asio::ssl::error::stream_truncated && !parser->chunked() && !parser->content_length())
            parser->put_eof(ec);
        if (ec) {
            body_ec = ec;
            break;
        }
    }
    if (body_ec) {
        body_progress progress;
        progress.read = body_read;
        if (const auto length = parser->content_length()) progress.length = *length;
        progress.chunked = parser->chunked();
        progress.unparsed = std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size());
        out.failed = classify_body(body_ec, wants.timeout, progress);
        co_return state;
    }
    out.body_truncated = !parser->is_done();
    // A response read to its end leaves the TLS session fit for resumption;
    // a connection is worth keeping only at such a clean message boundary
    // with keep-alive agreed, no stray bytes behind it, and no protocol
    // switch (a 101 turns the connection into something else).
    state.complete = parser->is_done();
    state.reusable = state.complete && parser->keep_alive() && !parser->upgrade() && header.result_int() >= 200 &&
                     buffer.size() == 0;
    co_return state;
}

}  // namespace urlcheck
