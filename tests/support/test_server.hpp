// An in-process HTTP/1.1 test server, plain or TLS, on 127.0.0.1 (or ::1)
// and an ephemeral port. It runs its own io_context on its own thread:
// started by the constructor, stopped and joined by the destructor (which
// closes every socket first, so it never hangs on stuck connections).
//
// Requests are routed by path (the target without its query); each route is
// a `handler` coroutine. `serve::` makes the usual and the hostile ones:
//
//     test_server server;
//     server.route("/ok", serve::respond(200, {}, "hello"));
//     server.route("/slow", serve::respond(200, {}, "", 500ms));
//     server.route("/hang", serve::never_answer());
//     server.route("/cb", [](const http_request& r) { return http_response{200, {}, r.path}; });
//     run(server.url("/ok"));
//
// Behaviours that happen before a request can be read (close or reset right
// after accept, never read) are per server: server_options::accept_action.
// A plain server given an https:// URL is the "plain HTTP on a TLS port"
// case; it answers a ClientHello with "400 Bad Request" like nginx does.
//
// Unless server_options::keep_alive is set, every response carries
// "Connection: close" and the server closes the connection right after
// writing it, so open_connections() never over-counts the client's.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace urlcheck::test {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct http_request {
    std::string method;  // "GET", "HEAD", ...
    std::string target;  // as sent, e.g. "/a/b?x=1"
    std::string path;    // target without the query, e.g. "/a/b"
    int version = 11;    // 10 or 11
    header_list headers; // in the order received
    std::string body;
    // TLS: the subject of the certificate the client presented
    // ("/O=urlcheck tests/CN=..."); empty when it presented none.
    std::string client_subject;

    // The first value of header `name` (case-insensitive); empty when absent.
    std::string header(std::string_view name) const;
    bool has_header(std::string_view name) const;
};

struct http_response {
    int status = 200;
    header_list headers;  // Content-Length (and Connection) are added unless given
    std::string body;     // not sent for HEAD requests
    std::chrono::milliseconds delay{0};  // waited before anything is sent
};

// The server side of one connection, as seen by a handler. Every awaitable
// throws boost::system::system_error when the peer is gone or the server is
// stopping; the server catches that, so handlers need not.
class connection {
public:
    virtual ~connection() = default;
    // Raw bytes (through TLS on a TLS server).
    virtual boost::asio::awaitable<void> write(std::string bytes) = 0;
    // A complete response for the current request.
    virtual boost::asio::awaitable<void> send(http_response response) = 0;
    // A timer the server cancels when it stops.
    virtual boost::asio::awaitable<void> sleep(std::chrono::milliseconds duration) = 0;
    // Reads and discards until the peer closes (or the server stops).
    virtual boost::asio::awaitable<void> hold() = 0;
    // Orderly close: TLS close_notify (briefly), TCP FIN.
    virtual boost::asio::awaitable<void> close() = 0;
    // Abortive close: SO_LINGER 0, so the peer sees a TCP RST.
    virtual void reset() = 0;
    // TCP FIN without a TLS close_notify first (on a plain server: close()).
    virtual void drop() = 0;
    // Keep the connection for another request after the handler returns
    // (set by send() when keep-alive is on; hostile handlers leave it false).
    virtual void keep_open(bool keep) = 0;
    virtual bool is_open() const = 0;
};

// A route's behaviour. Lambda coroutines are fine (the server keeps the
// handler alive until its awaitable completes). With GCC 12, pass named
// objects to co_await'ed calls, e.g.
//     http_response r{...}; co_await c.send(std::move(r));
// not `co_await c.send(http_response{...})`: GCC 12 destroys such braced
// temporaries twice.
using handler = std::function<boost::asio::awaitable<void>(connection&, const http_request&)>;
using callback = std::function<http_response(const http_request&)>;

namespace serve {
// A plain response, optionally after `delay`.
handler respond(int status, header_list headers = {}, std::string body = {},
                std::chrono::milliseconds delay = std::chrono::milliseconds(0));
handler respond(http_response response);
// A callback producing the response.
handler from_callback(callback cb);
// `status` with Location: `location` and an empty body.
handler redirect(int status, std::string location);
// Reads the request, then holds the connection open without answering.
handler never_answer();
// Reads the request, then closes the connection without a byte (FIN).
handler empty_reply();
// Reads the request, then resets the connection (RST).
handler reset();
// Writes `bytes` instead of a response, then closes.
handler garbage(std::string bytes = "SSH-2.0-OpenSSH_9.0\r\n");
// Writes `bytes`, then closes without a TLS close_notify: how most HTTPS
// servers end a body that runs to the close.
handler write_and_drop(std::string bytes);
// Writes `count` pseudo-random bytes followed by "\r\n\r\n", then closes.
handler random_bytes(std::size_t count = 512);
// Writes "HTTP/1.1 200 OK\r\nX-Trickle: aaaa..." one byte per `interval`,
// forever (the header never ends), until the client goes away.
handler trickle_headers(std::chrono::milliseconds interval);
// Writes `raw` one byte per `interval`, then closes.
handler trickle(std::string raw, std::chrono::milliseconds interval);
// 200 with Content-Length 1 TiB (or chunked) and a body that never ends
// until the client closes.
handler endless_body(bool chunked = false);
// Writes `head`, then `piece` over and over, `interval` apart, until the
// client goes away: a huge body behind any header, endless interim
// responses, ...
handler stream(std::string head, std::string piece,
               std::chrono::milliseconds interval = std::chrono::milliseconds(0));
// Writes `bytes` (say, a header and part of the body), then holds the
// connection open without another byte until the client goes away.
handler write_and_hold(std::string bytes);
// The first `count` requests to this handler get `failing`, later ones `then`.
handler fail_first(int count, handler failing, handler then);
}  // namespace serve

enum class accept_action {
    serve,       // (TLS handshake, then) read requests and route them
    never_read,  // accept and keep the socket open, never reading
    close,       // close (FIN) right after accept
    reset,       // reset (RST) right after accept
    garbage,     // write server_options::garbage_bytes at once (raw, no TLS),
                 // read once, close: like an SSH server
    read_then_hold,   // read once (a request, or a ClientHello), raw, then never answer
    read_then_reset,  // read once, raw, then reset (RST): a reset mid-handshake on TLS
};

struct server_options {
    std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
    accept_action on_accept = accept_action::serve;
    std::string garbage_bytes = "SSH-2.0-OpenSSH_9.0\r\n";
    bool ipv6 = false;        // listen on ::1 instead of 127.0.0.1
    bool keep_alive = false;  // honour keep-alive instead of closing after each response
    // TLS: non-empty, every client must present a certificate issued by
    // this CA (PEM), or the handshake fails (test_ca's
    // require_client_certificate, applied to `tls` by the constructor).
    std::string client_ca_pem{};
    // TLS: speak TLS 1.2 at most. A TLS 1.2 server refuses a missing client
    // certificate inside the handshake; a TLS 1.3 one only after the
    // client's handshake is done.
    bool tls12_only = false;
    // Another loopback address to listen on, e.g. "127.0.0.2" (--all-addresses
    // tests: one name, several addresses on one port); empty: as `ipv6` says.
    std::string address{};
    unsigned short port = 0;  // 0: an ephemeral one
};

class test_server {
public:
    explicit test_server(server_options options = {});
    // A TLS server with this context.
    explicit test_server(std::shared_ptr<boost::asio::ssl::context> tls);
    ~test_server();
    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    unsigned short port() const;
    bool is_tls() const;
    // "http://127.0.0.1:PORT/path" ("https" for TLS, "[::1]" for ipv6).
    std::string url(std::string_view path = "/") const;
    // The same with another host name or scheme, e.g. ("localhost", "/x").
    std::string url(std::string_view host, std::string_view path) const;
    std::string url(std::string_view scheme, std::string_view host, std::string_view path) const;

    // Routes by exact path; thread-safe, may be called while serving.
    test_server& route(std::string path, handler h);
    test_server& route(std::string path, callback cb);
    // For paths without a route (default: 404).
    test_server& fallback(handler h);

    // Counters (thread-safe).
    std::size_t requests(std::string_view path) const;  // requests read for this path
    std::size_t total_requests() const;
    std::size_t connections() const;           // accepted so far
    std::size_t open_connections() const;      // accepted and not yet closed by the server
    std::size_t max_open_connections() const;  // the peak of open_connections()
    std::size_t max_in_flight() const;         // peak of requests being handled at once
    std::optional<http_request> last_request() const;
    std::vector<http_request> all_requests() const;  // in arrival order
    void clear_stats();

    struct impl;  // implementation detail (public only for test_server.cpp's helpers)

private:
    std::unique_ptr<impl> impl_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed), for
// "connection refused".
unsigned short unused_port();

}  // namespace urlcheck::test
