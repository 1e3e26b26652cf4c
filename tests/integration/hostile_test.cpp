// Hostile servers: every way a server can misbehave that we know of, each
// with the exact verdict urlcheck must reach, plain and (where it means
// something) over TLS. One row per scenario:
//
//     {.name = "...", .on = plain | tls | both,
//      .setup = how the server(s) behave, returning the URL to check,
//      .options = changes to the base options (short deadlines, no retries),
//      .expect = {ok, status (absent unless given), error kind, a substring of
//                 the message, attempts, redirects, the leaf's not_after},
//      .deadline = the time the check may take (default: --timeout), plus a
//                  generous margin; .at_least = the time it must take}
//
// The selected rows run in parallel (each with its own servers and its own
// engine run) when the suite starts; each test then checks its row's result,
// so a failure names the scenario and a whole run takes a few seconds.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/engine_run.hpp"
#include "support/proxy_server.hpp"
#include "support/result_matchers.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------
// What a row is made of.

enum over { plain = 1, tls = 2, both = plain | tls };

// The servers of one row, over the row's transport.
struct world {
    bool tls = false;
    std::vector<std::unique_ptr<test_server>> servers;
    std::vector<std::unique_ptr<proxy_server>> proxies;
    std::string proxy;  // --proxy for the row's check; empty: direct

    test_server& start(server_options options) {
        servers.push_back(std::make_unique<test_server>(std::move(options)));
        return *servers.back();
    }
    // A server over this row's transport (TLS: the valid leaf of the test CA).
    test_server& server(accept_action on_accept = accept_action::serve, std::string banner = {}) {
        server_options options;
        if (tls) options.tls = make_server_context(leaf_kind::valid);
        options.on_accept = on_accept;
        if (!banner.empty()) options.garbage_bytes = std::move(banner);
        return start(std::move(options));
    }
};

using setup_fn = std::function<std::string(world&)>;  // returns the URL to check
using options_fn = std::function<void(check_options&)>;

struct expected {
    bool ok = false;
    std::optional<int> status = std::nullopt;  // no response header may have arrived
    error_kind error = error_kind::none;
    std::string message = {};  // a substring of result.message; with ok the message must be empty
    int attempts = 1;
    int redirects = 0;
    bool cert_date = false;    // result.tls->not_after is reported
};

struct scenario {
    std::string name = {};
    int on = both;
    setup_fn setup = nullptr;
    options_fn options = nullptr;
    expected expect = {};
    milliseconds deadline{0};  // 0: the options' timeout
    milliseconds at_least{0};
};

// Rows share these: short deadlines keep the table quick.
constexpr milliseconds connect_timeout = 1000ms;
constexpr milliseconds timeout = 1500ms;
constexpr milliseconds margin = 1500ms;

check_options base_options() {
    check_options o = fast_check_options();
    o.cacert = root_ca_file();
    o.connect_timeout = connect_timeout;
    o.timeout = timeout;
    o.retries = 0;
    o.max_retry_after = 10s;  // the default: a Retry-After of 1 s is honoured
    // The rows pin down one GET exchange (body caps, cut-off bodies, what a
    // reset after the header means); --method auto's HEAD-then-GET has its
    // own tests in method_test.
    o.method = http_method::get;
    return o;
}

// ---------------------------------------------------------------------------
// Setups.

// The server answers "/" with `h`.
setup_fn answer(handler h) {
    return [h](world& w) {
        auto& s = w.server();
        s.route("/", h);
        return s.url("/");
    };
}

// The server reads the request and answers with exactly `bytes`, then closes.
setup_fn raw(std::string bytes) { return answer(serve::garbage(std::move(bytes))); }

// A site that answers 200, checked through a fake proxy (a plain test
// server) that reads the CONNECT, or the absolute-form GET, and answers with
// exactly `bytes`, then closes: what tinyproxy will not do on demand.
setup_fn through_fake_proxy(std::string bytes, accept_action on_accept = accept_action::serve) {
    return [bytes, on_accept](world& w) {
        server_options fake;
        fake.on_accept = on_accept;
        fake.garbage_bytes = bytes;
        auto& proxy = w.start(std::move(fake));
        proxy.fallback(serve::garbage(bytes));
        w.proxy = proxy.url("/");
        w.proxy.pop_back();  // a proxy URL has no path
        auto& site = w.server();
        site.route("/", serve::respond(200, {}, "ok"));
        return site.url("/");
    };
}

const std::string proxy_407 =
    "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\nContent-Length: 0\r\n\r\n";

// A site checked through a proxy that is not there.
setup_fn through_absent_proxy() {
    return [](world& w) {
        w.proxy = "http://127.0.0.1:" + std::to_string(unused_port());
        auto& site = w.server();
        site.route("/", serve::respond(200, {}, "ok"));
        return site.url("/");
    };
}

// A site checked through a real tinyproxy that allows CONNECT to 443 only.
setup_fn through_tinyproxy_allowing_443() {
    return [](world& w) {
        w.proxies.push_back(std::make_unique<proxy_server>(proxy_server_options{.connect_ports = {443}}));
        w.proxy = w.proxies.back()->url();
        auto& site = w.server();
        site.route("/", serve::respond(200, {}, "ok"));
        return site.url("/");
    };
}

// The server does `action` on every accepted connection.
setup_fn on_accept(accept_action action, std::string banner = {}) {
    return [action, banner](world& w) { return w.server(action, banner).url("/"); };
}

setup_fn refused() {
    return [](world& w) {
        return std::string(w.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(unused_port()) + "/";
    };
}

// The server's routes, set by `f` (which may need the server's own URLs).
setup_fn routes(std::function<void(test_server&)> f) {
    return [f](world& w) {
        auto& s = w.server();
        f(s);
        return s.url("/");
    };
}

// A TLS server with this context answering 200, checked by `host`.
setup_fn tls_server(std::function<std::shared_ptr<boost::asio::ssl::context>()> context,
                    std::string host = "127.0.0.1") {
    return [context, host](world& w) {
        server_options o;
        o.tls = context();
        auto& s = w.start(std::move(o));
        s.route("/", serve::respond(200, {}, "secure"));
        return s.url(host, "/");
    };
}

setup_fn certificate(leaf_kind kind, std::string host = "127.0.0.1") {
    return tls_server([kind] { return make_server_context(kind); }, std::move(host));
}

// The intermediate's leaf, but the server sends the leaf alone.
setup_fn incomplete_chain() {
    return tls_server([] {
        pem_leaf alone = leaf(leaf_kind::via_intermediate);
        alone.chain.clear();
        return make_server_context(alone);
    });
}

// A plain server given an https:// URL.
setup_fn plain_on_tls_port() {
    return [](world& w) {
        auto& s = w.start({});
        s.route("/", serve::respond(200));
        return s.url("https", "127.0.0.1", "/");
    };
}

// http -> https -> http on two servers.
setup_fn https_and_back() {
    return [](world& w) {
        auto& web = w.start({});
        server_options o;
        o.tls = make_server_context(leaf_kind::valid);
        auto& secure = w.start(std::move(o));
        web.route("/", serve::redirect(302, secure.url("/secure")));
        secure.route("/secure", serve::redirect(302, web.url("/final")));
        web.route("/final", serve::respond(200));
        return web.url("/");
    };
}

// A 429/503 that asks for `retry_after` (seconds or an HTTP date), then 200.
// (fail_first counts: each run needs its own.)
setup_fn retry_after_then_ok(int status, std::function<std::string()> retry_after) {
    return [status, retry_after](world& w) {
        auto busy = serve::from_callback([status, retry_after](const http_request&) {
            return http_response{status, {{"Retry-After", retry_after()}}, "busy"};
        });
        return answer(serve::fail_first(1, busy, serve::respond(200)))(w);
    };
}

std::string seconds(int n) { return std::to_string(n); }

// An IMF-fixdate 2 s ahead, in whole seconds: a wait of (1 s, 2 s].
std::string http_date_in_2s() {
    const std::time_t at = std::time(nullptr) + 2;
    std::tm tm{};
    gmtime_r(&at, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return text;
}

std::string many_headers(int count) {
    std::string out = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < count; ++i) out += "X-Filler-" + std::to_string(100000 + i) + ": some value\r\n";
    return out + "Content-Length: 0\r\n\r\n";
}

std::string repeat(const std::string& s, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += s;
    return out;
}

const std::string big_piece(16 * 1024, 'x');
const std::string cut_at_6 = "HTTP/1.1 200 OK\r\nContent-Length: 75\r\n\r\n012345";
const std::string chunked_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

// Writes `bytes`, then resets the connection (RST). A reset throws away
// what is still in the send queue, and Nagle can hold a small TLS record
// there until the client's delayed ACK (up to 40 ms): wait before it.
handler write_then_reset(std::string bytes) {
    return [bytes](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        std::string copy = bytes;
        co_await c.write(std::move(copy));
        co_await c.sleep(200ms);
        c.reset();
    };
}

// ---------------------------------------------------------------------------
// Options.

options_fn retries(int n) {
    return [n](check_options& o) { o.retries = n; };
}
options_fn max_redirects(int n) {
    return [n](check_options& o) { o.max_redirects = n; };
}
options_fn body_limit(std::size_t bytes) {
    return [bytes](check_options& o) { o.max_body_bytes = bytes; };
}

// ---------------------------------------------------------------------------
// Expectations.

expected up(int status) { return {.ok = true, .status = status}; }
expected down(error_kind kind, std::string message) { return {.error = kind, .message = std::move(message)}; }
expected bad_status(int status, std::string message) {
    return {.status = status, .error = error_kind::status, .message = std::move(message)};
}
expected protocol_after(int status, std::string message, int redirects = 0) {
    return {.status = status, .error = error_kind::protocol, .message = std::move(message), .redirects = redirects};
}
expected timeout_after(int status, std::string message) {
    return {.status = status, .error = error_kind::timeout, .message = std::move(message)};
}
expected bad_certificate(std::string message) {
    return {.error = error_kind::tls, .message = std::move(message), .cert_date = true};
}

const std::string header_timeout = "timed out after 1.5 s waiting for the response header";
const std::string closed_before_header = "connection closed by peer before a complete response header";
const std::string transfer_encoding_conflict =
    "invalid HTTP response: invalid Transfer-Encoding (chunked twice, or sent with Content-Length)";

// ---------------------------------------------------------------------------
// The table.

const std::vector<scenario>& table() {
    using serve::respond;
    static const std::vector<scenario> rows = {
        // Connection level.
        {.name = "refused", .setup = refused(), .expect = down(error_kind::connect, "connection refused")},
        {.name = "closed_at_once", .on = plain, .setup = on_accept(accept_action::close),
         .expect = down(error_kind::protocol, closed_before_header)},
        {.name = "closed_at_once", .on = tls, .setup = on_accept(accept_action::close),
         .expect = down(error_kind::tls, "connection closed during the TLS handshake")},
        {.name = "reset_at_once", .on = plain, .setup = on_accept(accept_action::reset),
         .expect = down(error_kind::protocol, "connection reset by peer")},
        {.name = "reset_at_once", .on = tls, .setup = on_accept(accept_action::reset),
         .expect = down(error_kind::tls, "connection reset during the TLS handshake")},
        {.name = "never_reads", .on = plain, .setup = on_accept(accept_action::never_read),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "never_reads", .on = tls, .setup = on_accept(accept_action::never_read),
         .expect = down(error_kind::timeout, "timed out after 1 s during the TLS handshake"),
         .deadline = connect_timeout, .at_least = connect_timeout},
        {.name = "never_answers", .setup = answer(serve::never_answer()),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "answers_after_the_deadline", .setup = answer(respond(200, {}, "late", 3s)),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "trickles_the_status_line",
         .setup = answer(serve::trickle("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 500ms)),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "trickles_the_headers", .setup = answer(serve::trickle_headers(500ms)),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "closes_mid_header", .setup = raw("HTTP/1.1 200 OK\r\nContent-Type: text/pl"),
         .expect = down(error_kind::protocol, closed_before_header)},
        {.name = "resets_after_the_request", .setup = answer(serve::reset()),
         .expect = down(error_kind::protocol, "connection reset by peer")},
        // The body (GET, up to --body-limit): one that ends early, breaks
        // its framing or stalls is down, whatever the status said; one that
        // goes on past the limit is up (the read stops there on purpose).
        {.name = "closes_mid_body_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"),
         .expect = protocol_after(200, "body cut short: connection closed after 10 of 1000 bytes")},
        {.name = "closes_mid_body_chunked",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n0123456789"),
         .expect = protocol_after(200, "body cut short: connection closed after 10 bytes, before the end of the "
                                       "chunked body")},
        {.name = "content_length_75_cut_at_6", .setup = raw(cut_at_6),
         .expect = protocol_after(200, "body cut short: connection closed after 6 of 75 bytes")},
        {.name = "content_length_75_cut_at_6_without_close_notify", .on = tls,
         .setup = answer(serve::write_and_drop(cut_at_6)),
         .expect = protocol_after(200, "body cut short: connection closed after 6 of 75 bytes")},
        {.name = "content_length_75_cut_at_6_by_reset", .setup = answer(write_then_reset(cut_at_6)),
         .expect = protocol_after(200, "body cut short: connection reset by peer after 6 of 75 bytes")},
        {.name = "chunked_closed_before_the_last_chunk", .setup = raw(chunked_head + "5\r\nhello\r\n"),
         .expect = protocol_after(200, "body cut short: connection closed after 5 bytes, before the end of the "
                                       "chunked body")},
        {.name = "chunked_closed_before_the_last_chunk_without_close_notify", .on = tls,
         .setup = answer(serve::write_and_drop(chunked_head + "5\r\nhello\r\n")),
         .expect = protocol_after(200, "body cut short: connection closed after 5 bytes, before the end of the "
                                       "chunked body")},
        {.name = "chunked_closed_in_the_trailer", .setup = raw(chunked_head + "5\r\nhello\r\n0\r\nX-Sum: 1"),
         .expect = protocol_after(200, "body cut short: connection closed after 5 bytes, before the end of the "
                                       "chunked body")},
        {.name = "chunk_size_not_hex", .setup = raw(chunked_head + "2\r\na\n\r\nILLEGAL"),
         .expect = protocol_after(200, "invalid chunk size in the body: \"ILLEGAL\" (not hexadecimal)")},
        // Refused as soon as the line is in, not at the deadline.
        {.name = "chunk_size_not_hex_kept_open",
         .setup = answer(serve::write_and_hold(chunked_head + "2\r\na\n\r\nILLEGAL\r\n")),
         .expect = protocol_after(200, "invalid chunk size in the body: \"ILLEGAL\" (not hexadecimal)"),
         .deadline = 500ms},
        {.name = "chunk_size_over_64_bits",
         .setup = answer(serve::write_and_hold(chunked_head + "10000000000000000\r\nhello\r\n0\r\n\r\n")),
         .expect = protocol_after(200, "chunk size too large in the body: \"10000000000000000\" (over 64 bits)"),
         .deadline = 500ms},
        {.name = "chunk_size_with_many_leading_zeros",
         .setup = raw(chunked_head + "0000000000000000005\r\nhello\r\n0\r\n\r\n"), .expect = up(200)},
        {.name = "chunk_longer_than_its_size", .setup = raw(chunked_head + "2\r\nhello\r\n0\r\n\r\n"),
         .expect = protocol_after(200, "invalid chunk in the body: more data than its size (no CRLF after it)")},
        {.name = "body_stalls_past_the_timeout",
         .setup = answer(serve::write_and_hold("HTTP/1.1 200 OK\r\n\r\n" + std::string(19, 'x'))),
         .expect = timeout_after(200, "timed out after 1.5 s reading the response body (19 bytes read)"),
         .at_least = timeout},
        {.name = "body_open_forever",
         .setup = answer(serve::write_and_hold("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello")),
         .expect = timeout_after(200, "timed out after 1.5 s reading the response body (5 of 100 bytes read)"),
         .at_least = timeout},
        // Most HTTPS servers end a body that runs to the close without a
        // close_notify; curl takes that as its end, and so do we.
        {.name = "body_to_eof_without_close_notify",
         .setup = answer(serve::write_and_drop("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end")),
         .expect = up(200)},
        {.name = "body_cut_past_the_body_limit", .setup = raw(cut_at_6), .options = body_limit(4), .expect = up(200)},
        {.name = "endless_chunked_body", .setup = answer(serve::endless_body(true)), .expect = up(200),
         .deadline = 500ms},
        {.name = "content_length_10_gb",
         .setup = answer(serve::stream("HTTP/1.1 200 OK\r\nContent-Length: 10737418240\r\n\r\n", big_piece)),
         .expect = up(200), .deadline = 500ms},

        // HTTP level.
        {.name = "http10_body_to_eof", .setup = raw("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end"),
         .expect = up(200)},
        {.name = "continue_then_200",
         .setup = raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
         .expect = up(200)},
        {.name = "early_hints_then_200",
         .setup = raw("HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
         .expect = up(200)},
        {.name = "interim_responses_then_500",
         .setup = raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n"
                      "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"),
         .expect = bad_status(500, "HTTP 500 Internal Server Error")},
        {.name = "endless_interim_responses",
         .setup = answer(serve::stream("", "HTTP/1.1 100 Continue\r\n\r\n", 50ms)),
         .expect = down(error_kind::timeout, header_timeout), .at_least = timeout},
        {.name = "status_line_garbage", .setup = raw("HTTP/1.1 OK 200\r\nContent-Length: 0\r\n\r\n"),
         .expect = down(error_kind::protocol, "not an HTTP/1.x response (bad status line): \"HTTP/1.1 OK 200\"")},
        {.name = "header_line_over_64_kib",
         .setup = raw("HTTP/1.1 200 OK\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n"),
         .expect = down(error_kind::protocol, "response header too large")},
        {.name = "ten_thousand_headers", .setup = raw(many_headers(10000)),
         .expect = down(error_kind::protocol, "response header too large")},
        // Memory is capped by the header's size, not the count of fields.
        {.name = "ten_thousand_tiny_headers",
         .setup = raw("HTTP/1.1 200 OK\r\n" + repeat("X:1\r\n", 10000) + "Content-Length: 0\r\n\r\n"),
         .expect = up(200)},
        {.name = "duplicate_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"), .expect = up(200)},
        {.name = "conflicting_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"),
         .expect = down(error_kind::protocol, "conflicting Content-Length")},
        {.name = "content_length_and_chunked",
         .setup = raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
         .expect = down(error_kind::protocol, "Transfer-Encoding")},
        // RFC 9112 6.3: Transfer-Encoding and Content-Length together are a
        // framing conflict in either order, whether chunked is the final
        // coding or not.
        {.name = "chunked_and_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n"
                      "2\r\nok\r\n0\r\n\r\n"),
         .expect = down(error_kind::protocol, "Transfer-Encoding")},
        {.name = "content_length_and_chunked_identity",
         .setup = raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked, identity\r\n\r\nok"),
         .expect = down(error_kind::protocol, transfer_encoding_conflict)},
        {.name = "chunked_identity_and_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\nContent-Length: 2\r\n\r\nok"),
         .expect = down(error_kind::protocol, transfer_encoding_conflict)},
        {.name = "gzip_coding_and_content_length",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nok"),
         .expect = down(error_kind::protocol, transfer_encoding_conflict)},
        // Chunked not the final coding: the body runs to the close.
        {.name = "chunked_identity_to_the_close",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
         .expect = up(200)},
        {.name = "chunked_twice",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
         .expect = down(error_kind::protocol, "Transfer-Encoding")},
        {.name = "invalid_chunk_size",
         .setup = raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
         .expect = protocol_after(200, "invalid chunk size in the body: \"zz\" (not hexadecimal)")},
        // RFC 9112 2.2 lets a client accept a bare LF; curl and browsers do.
        {.name = "bare_lf_line_endings", .setup = raw("HTTP/1.1 200 OK\nContent-Length: 2\n\nok"), .expect = up(200)},
        {.name = "bare_lf_mixed_with_crlf", .setup = raw("HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 2\r\n\nok"),
         .expect = up(200)},
        {.name = "bare_lf_trickled",
         .setup = answer(serve::trickle("HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\nContent-Length: 2\n\nok", 5ms)),
         .expect = up(200)},
        {.name = "bare_cr_line_endings", .setup = raw("HTTP/1.1 200 OK\rContent-Length: 0\r\r"),
         .expect = down(error_kind::protocol, "invalid HTTP response: a line ends in a CR without LF")},
        {.name = "bare_cr_in_a_header", .setup = raw("HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\n\r\n"),
         .expect = down(error_kind::protocol, "invalid HTTP response: a line ends in a CR without LF")},
        {.name = "bare_lf_blank_line_kept_open",
         .setup = answer(serve::write_and_hold("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\n")), .expect = up(200),
         .deadline = 500ms},
        {.name = "bare_lf_line_endings_kept_open",
         .setup = answer(serve::write_and_hold("HTTP/1.1 404 Not Found\nContent-Length: 0\n\n")),
         .expect = bad_status(404, "HTTP 404 Not Found"), .deadline = 500ms},
        {.name = "nul_in_a_header", .setup = raw(std::string("HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", 28)),
         .expect = down(error_kind::protocol, "invalid HTTP response")},
        {.name = "nul_in_the_body", .setup = raw(std::string("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\na\0b", 41)),
         .expect = up(200)},
        {.name = "ssh_banner", .on = plain, .setup = on_accept(accept_action::garbage, "SSH-2.0-OpenSSH_9.0\r\n"),
         .expect = down(error_kind::protocol, "not an HTTP/1.x response (bad status line): \"SSH-2.0-OpenSSH_9.0\"")},
        {.name = "smtp_banner", .on = plain,
         .setup = on_accept(accept_action::garbage, "220 mail.example.com ESMTP Postfix\r\n"),
         .expect = down(error_kind::protocol, "\"220 mail.example.com ESMTP Postfix\"")},
        {.name = "ssh_banner", .on = tls, .setup = on_accept(accept_action::garbage, "SSH-2.0-OpenSSH_9.0\r\n"),
         .expect = down(error_kind::tls, "wrong version number")},
        {.name = "http09_body_without_status_line", .setup = raw("<html>hello</html>\n"),
         .expect = down(error_kind::protocol, "not an HTTP/1.x response (bad status line): \"<html>hello</html>\"")},
        {.name = "no_content_with_a_body", .setup = raw("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"),
         .expect = up(204)},
        {.name = "not_modified_with_a_body",
         .setup = raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello"),
         .expect = bad_status(304, "HTTP 304 Not Modified")},
        {.name = "gzip_reported_as_is",
         .setup = answer(respond(200, {{"Content-Encoding", "gzip"}}, std::string("\x1f\x8b\x08\x00garbage", 11))),
         .expect = up(200)},
        {.name = "switching_protocols_unasked",
         .setup = raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"),
         .expect = bad_status(101, "HTTP 101 Switching Protocols")},
        {.name = "status_200", .setup = answer(respond(200, {}, "fine")), .expect = up(200)},
        {.name = "status_404", .setup = answer(respond(404)), .expect = bad_status(404, "HTTP 404 Not Found")},
        {.name = "status_500", .setup = answer(respond(500)), .expect = bad_status(500, "HTTP 500 Internal Server Error")},
        {.name = "status_999", .setup = raw("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n"),
         .expect = bad_status(999, "HTTP 999 Odd")},
        {.name = "retry_after_seconds_429", .setup = retry_after_then_ok(429, [] { return seconds(1); }),
         .options = retries(1), .expect = {.ok = true, .status = 200, .attempts = 2}, .deadline = 2 * timeout + 1s,
         .at_least = 1s},
        {.name = "retry_after_date_503", .setup = retry_after_then_ok(503, http_date_in_2s), .options = retries(1),
         .expect = {.ok = true, .status = 200, .attempts = 2}, .deadline = 2 * timeout + 2s, .at_least = 1s},
        {.name = "retry_after_an_hour", .setup = answer(respond(503, {{"Retry-After", "3600"}})),
         .options = retries(1),
         .expect = bad_status(503, "HTTP 503 Service Unavailable (Retry-After 3600 s too long to wait)"),
         .deadline = 500ms},

        // Redirects.
        {.name = "redirect_absolute",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(301, s.url("/final")));
             s.route("/final", respond(200));
         }),
         .expect = {.ok = true, .status = 200, .redirects = 1}},
        {.name = "redirect_relative",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(302, "a/b/../final"));
             s.route("/a/final", respond(200));
         }),
         .expect = {.ok = true, .status = 200, .redirects = 1}},
        {.name = "redirect_protocol_relative",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(307, "//127.0.0.1:" + std::to_string(s.port()) + "/final"));
             s.route("/final", respond(200));
         }),
         .expect = {.ok = true, .status = 200, .redirects = 1}},
        {.name = "redirect_to_another_host",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(308, s.url("localhost", "/final")));
             s.route("/final", respond(200));
         }),
         .expect = {.ok = true, .status = 200, .redirects = 1}},
        {.name = "redirect_to_https_and_back", .on = plain, .setup = https_and_back(),
         .expect = {.ok = true, .status = 200, .redirects = 2}},
        {.name = "redirect_without_location", .setup = answer(respond(301)),
         .expect = bad_status(301, "HTTP 301 Moved Permanently (redirect without a Location header)")},
        {.name = "redirect_to_invalid_url", .setup = answer(serve::redirect(302, "http://[zz]/")),
         .expect = protocol_after(302, "invalid Location header 'http://[zz]/'")},
        {.name = "redirect_loop_of_two",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(302, "/other"));
             s.route("/other", serve::redirect(302, "/"));
         }),
         .expect = {.status = 302, .error = error_kind::too_many_redirects, .message = "redirect loop back to",
                    .redirects = 1}},
        {.name = "redirect_chain_one_too_long",
         .setup = routes([](test_server& s) {
             s.route("/", serve::redirect(302, "/r1"));
             for (int i = 1; i <= 5; ++i)
                 s.route("/r" + std::to_string(i), serve::redirect(302, "/r" + std::to_string(i + 1)));
             s.route("/r6", respond(200));
         }),
         .options = max_redirects(5),
         .expect = {.status = 302, .error = error_kind::too_many_redirects, .message = "more than 5 redirects",
                    .redirects = 5}},
        {.name = "redirect_to_ftp", .setup = answer(serve::redirect(302, "ftp://example.com/file")),
         .expect = protocol_after(302, "refused redirect to non-HTTP URL 'ftp://example.com/file'")},
        {.name = "redirect_to_javascript", .setup = answer(serve::redirect(302, "javascript:alert(1)")),
         .expect = protocol_after(302, "refused redirect to non-HTTP URL 'javascript:alert(1)'")},
        {.name = "redirect_to_file", .setup = answer(serve::redirect(302, "file:///etc/passwd")),
         .expect = protocol_after(302, "refused redirect to non-HTTP URL 'file:///etc/passwd'")},

        // TLS.
        {.name = "certificate_valid", .on = tls, .setup = certificate(leaf_kind::valid),
         .expect = {.ok = true, .status = 200, .cert_date = true}},
        {.name = "certificate_expired", .on = tls, .setup = certificate(leaf_kind::expired),
         .expect = bad_certificate("certificate expired")},
        {.name = "certificate_not_yet_valid", .on = tls, .setup = certificate(leaf_kind::not_yet_valid),
         .expect = bad_certificate("certificate not yet valid")},
        {.name = "certificate_for_another_ip", .on = tls, .setup = certificate(leaf_kind::wrong_host),
         .expect = bad_certificate("IP address mismatch")},
        {.name = "certificate_for_another_host", .on = tls, .setup = certificate(leaf_kind::wrong_host, "localhost"),
         .expect = bad_certificate("hostname mismatch")},
        {.name = "certificate_self_signed", .on = tls, .setup = certificate(leaf_kind::self_signed),
         .expect = bad_certificate("self-signed certificate")},
        {.name = "certificate_from_untrusted_ca", .on = tls, .setup = certificate(leaf_kind::untrusted_root),
         .expect = bad_certificate("untrusted")},
        {.name = "certificate_chain_incomplete", .on = tls, .setup = incomplete_chain(),
         .expect = bad_certificate("issuer certificate was not sent")},
        {.name = "plain_http_on_the_tls_port", .on = tls, .setup = plain_on_tls_port(),
         .expect = down(error_kind::tls, "wrong version number (is the server speaking plain HTTP?)")},
        {.name = "tls10_only_server", .on = tls, .setup = tls_server(make_tls10_server_context),
         .expect = down(error_kind::tls, "the server offers only TLS versions older than 1.2, which urlcheck refuses")},
        {.name = "handshake_stalls", .on = tls, .setup = on_accept(accept_action::read_then_hold),
         .expect = down(error_kind::timeout, "timed out after 1 s during the TLS handshake"),
         .deadline = connect_timeout, .at_least = connect_timeout},
        {.name = "reset_mid_handshake", .on = tls, .setup = on_accept(accept_action::read_then_reset),
         .expect = down(error_kind::tls, "connection reset during the TLS handshake")},

        // Proxies (README "Behind a proxy"): the proxy's own failures are
        // kind proxy, never the site's; a proxy that cannot reach the site
        // (502/503/504 to CONNECT) is the site's connect failure.
        {.name = "proxy_down", .setup = through_absent_proxy(),
         .expect = down(error_kind::proxy, "connection refused")},
        // Plain: the 407 is the answer to the request itself (its status is
        // kept); https: the answer to CONNECT, no status of the site's.
        {.name = "proxy_answers_407", .on = plain, .setup = through_fake_proxy(proxy_407),
         .expect = {.status = 407, .error = error_kind::proxy, .message = "proxy authentication required (407)"}},
        {.name = "proxy_answers_407", .on = tls, .setup = through_fake_proxy(proxy_407),
         .expect = down(error_kind::proxy, "proxy authentication required (407)")},
        {.name = "proxy_refuses_connect", .on = tls,
         .setup = through_fake_proxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"),
         .expect = down(error_kind::proxy, ": 403 Forbidden")},
        {.name = "proxy_refuses_connect_port", .on = tls, .setup = through_tinyproxy_allowing_443(),
         .expect = down(error_kind::proxy, ": 403 Access violation")},
        {.name = "proxy_cannot_reach_site", .on = tls,
         .setup = through_fake_proxy("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"),
         .expect = down(error_kind::connect, "could not reach 127.0.0.1:")},
        {.name = "proxy_closes_tunnel_after_200", .on = tls,
         .setup = through_fake_proxy("HTTP/1.1 200 Connection established\r\n\r\n"),
         .expect = down(error_kind::proxy, "closed during the TLS handshake")},
        {.name = "proxy_closes_without_answer", .on = tls, .setup = through_fake_proxy("", accept_action::close),
         .expect = down(error_kind::proxy, "closed the connection in answer to CONNECT")},
        {.name = "proxy_answers_garbage", .on = tls, .setup = through_fake_proxy("SSH-2.0-OpenSSH_9.0\r\n"),
         .expect = down(error_kind::proxy, "is not HTTP: \"SSH-2.0-OpenSSH_9.0\"")},
    };
    return rows;
}

// ---------------------------------------------------------------------------
// Running the rows.

struct row {
    const scenario* s;
    bool tls;
    std::string name() const { return s->name + (tls ? "_tls" : "_plain"); }
};

void PrintTo(const row& r, std::ostream* os) { *os << r.name(); }

std::vector<row> all_rows() {
    std::vector<row> out;
    for (const auto& s : table()) {
        if (s.on & plain) out.push_back({&s, false});
        if (s.on & tls) out.push_back({&s, true});
    }
    return out;
}

struct outcome {
    std::optional<result> r;
    int calls = 0;
    milliseconds wall{0};
    milliseconds deadline{0};
    std::string url;
};

outcome run_row(const row& row) {
    world w;
    w.tls = row.tls;
    check_options options = base_options();
    if (row.s->options) row.s->options(options);
    outcome out;
    out.url = row.s->setup(w);
    if (!w.proxy.empty()) options.proxy.url = w.proxy;
    auto run = run_entries(entries_for({out.url}), options);
    out.r = run.results.at(0);
    out.calls = run.calls.at(0);
    out.wall = std::chrono::duration_cast<milliseconds>(run.wall);
    out.deadline = row.s->deadline > 0ms ? row.s->deadline : options.timeout;
    return out;
}


class Hostile : public ::testing::TestWithParam<row> {
public:
    // Runs every selected row at once, a few threads at a time.
    static void SetUpTestSuite() {
        std::map<std::string, row> selected;
        for (const auto& r : all_rows()) selected.emplace(r.name(), r);
        std::vector<row> todo;
        const auto* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
        for (int i = 0; suite != nullptr && i < suite->total_test_count(); ++i) {
            const auto* info = suite->GetTestInfo(i);
            const std::string name = info->name();
            auto it = selected.find(name.substr(name.find('/') + 1));
            if (info->should_run() && it != selected.end()) todo.push_back(it->second);
        }
        outcomes().clear();
        std::mutex mutex;
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> workers;
        const std::size_t threads = std::min<std::size_t>(todo.size(), 24);
        for (std::size_t t = 0; t < threads; ++t)
            workers.emplace_back([&] {
                for (std::size_t i; (i = next++) < todo.size();) {
                    outcome o = run_row(todo[i]);
                    std::lock_guard lock(mutex);
                    outcomes()[todo[i].name()] = std::move(o);
                }
            });
        for (auto& t : workers) t.join();
    }

    static std::map<std::string, outcome>& outcomes() {
        static std::map<std::string, outcome> map;
        return map;
    }
};

TEST_P(Hostile, Verdict) {
    const row& row = GetParam();
    const scenario& s = *row.s;
    const expected& e = s.expect;
    ASSERT_TRUE(outcomes().count(row.name()));
    const outcome& o = outcomes().at(row.name());
    ASSERT_EQ(o.calls, 1) << o.url;
    ASSERT_TRUE(o.r);
    const result& r = *o.r;
    SCOPED_TRACE(row.name() + ": " + o.url + " -> " + describe(r));

    EXPECT_EQ(r.ok, e.ok);
    EXPECT_EQ(r.status, e.status);
    EXPECT_EQ(to_string(r.error), to_string(e.error));
    if (e.message.empty())
        EXPECT_EQ(r.message, "");
    else
        EXPECT_NE(r.message.find(e.message), std::string::npos) << "expected in the message: " << e.message;
    EXPECT_EQ(r.attempts, e.attempts);
    EXPECT_EQ(r.redirects, e.redirects);
    if (e.cert_date) {
        ASSERT_TRUE(r.tls) << "the leaf's not_after is reported";
        EXPECT_EQ(r.tls->not_after.size(), 20u) << r.tls->not_after;
    }
    EXPECT_LE(o.wall, o.deadline + margin) << "deadline " << o.deadline.count() << " ms";
    EXPECT_GE(o.wall, s.at_least) << "took " << o.wall.count() << " ms";
}

INSTANTIATE_TEST_SUITE_P(Table, Hostile, ::testing::ValuesIn(all_rows()),
                         [](const ::testing::TestParamInfo<row>& info) { return info.param.name(); });

}  // namespace
