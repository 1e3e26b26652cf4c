// urlcheck-demo-server: a tiny loopback-only HTTP/1.1 server with one
// endpoint per outcome urlcheck can report, so the demo (scripts/demo.sh,
// examples/demo.txt) runs offline and gives the same answers every time.
//
//   /             200 text
//   /health       200 JSON
//   /slow         200 after 1.5 s
//   /missing      404
//   /error        500
//   /unavailable  503 with Retry-After: 1
//   /redirect     301 -> /health
//   /loop         302 -> /loop (forever)
//   /hang         reads the request and never answers
//   /challenge    403 with cf-mitigated: challenge (a Cloudflare bot wall)
//   /waf          202 with x-amzn-waf-action: challenge (an AWS WAF challenge)
//   /ratelimited  429 with Retry-After: 1, every time
//   /login        401 with WWW-Authenticate: Basic
//
// Usage: urlcheck-demo-server [PORT]   (default 8765; 0 picks a free port)
//
// One thread, one io_context, one coroutine per connection. It binds
// 127.0.0.1 only: it is a demo fixture, not something to expose.
// GCC 12 at -O2 and up reports -Wmismatched-new-delete for every coroutine
// frame Asio recycles (its awaitable_frame operator new/delete pair goes
// through malloc/free, which GCC mistakes for a mismatch once both are
// inlined). A known false positive; silence it for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

constexpr unsigned short default_port = 8765;

// Long enough for any real client between requests on a kept-alive
// connection, short enough that abandoned connections do not pile up.
constexpr auto idle_timeout = 30s;
constexpr auto slow_delay = 1500ms;

constexpr auto token = asio::as_tuple(asio::use_awaitable);

struct reply {
    http::status status = http::status::ok;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
    std::string location;     // for redirects
    std::string retry_after;  // for 503 and 429
    std::string extra_name;   // one more header, e.g. a bot challenge's
    std::string extra_value;
};

enum class behaviour { answer, slow, hang };

struct route {
    behaviour what = behaviour::answer;
    reply answer;
};

route route_for(std::string_view path) {
    if (const auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);

    route r;
    if (path == "/") {
        r.answer.body = "urlcheck demo server: everything is fine here\n";
    } else if (path == "/health") {
        r.answer.content_type = "application/json";
        r.answer.body = "{\"status\":\"ok\"}\n";
    } else if (path == "/slow") {
        r.what = behaviour::slow;
        r.answer.body = "sorry for the wait\n";
    } else if (path == "/error") {
        r.answer.status = http::status::internal_server_error;
        r.answer.body = "something broke (on purpose)\n";
    } else if (path == "/unavailable") {
        // Retry-After exercises urlcheck's retry path without slowing the
        // demo by more than a second.
        r.answer.status = http::status::service_unavailable;
        r.answer.retry_after = "1";
        r.answer.body = "down for maintenance (on purpose)\n";
    } else if (path == "/redirect") {
        r.answer.status = http::status::moved_permanently;
        r.answer.location = "/health";
        r.answer.body = "moved to /health\n";
    } else if (path == "/loop") {
        r.answer.status = http::status::found;
        r.answer.location = "/loop";
        r.answer.body = "round and round\n";
    } else if (path == "/hang") {
        r.what = behaviour::hang;
    } else if (path == "/challenge") {
        // What Cloudflare answers a client it wants to see run JavaScript.
        r.answer.status = http::status::forbidden;
        r.answer.content_type = "text/html; charset=utf-8";
        r.answer.extra_name = "cf-mitigated";
        r.answer.extra_value = "challenge";
        r.answer.body = "<!DOCTYPE html><title>Just a moment...</title>\n";
    } else if (path == "/waf") {
        // AWS WAF's challenge action: a 202 whose body is a JavaScript page.
        r.answer.status = http::status::accepted;
        r.answer.content_type = "text/html; charset=utf-8";
        r.answer.extra_name = "x-amzn-waf-action";
        r.answer.extra_value = "challenge";
        r.answer.body = "<!DOCTYPE html><title>Verifying...</title>\n";
    } else if (path == "/ratelimited") {
        r.answer.status = http::status::too_many_requests;
        r.answer.retry_after = "1";
        r.answer.body = "slow down (on purpose)\n";
    } else if (path == "/login") {
        r.answer.status = http::status::unauthorized;
        r.answer.extra_name = "WWW-Authenticate";
        r.answer.extra_value = "Basic realm=\"demo\"";
        r.answer.body = "who are you?\n";
    } else {
        // Includes /missing: anything unknown is a plain 404.
        r.answer.status = http::status::not_found;
        r.answer.body = "no such page\n";
    }
    return r;
}

http::response<http::string_body> make_response(const reply& a, const http::request<http::string_body>& req) {
    http::response<http::string_body> res{a.status, req.version()};
    res.set(http::field::server, "urlcheck-demo-server");
    res.set(http::field::content_type, a.content_type);
    if (!a.location.empty()) res.set(http::field::location, a.location);
    if (!a.retry_after.empty()) res.set(http::field::retry_after, a.retry_after);
    if (!a.extra_name.empty()) res.set(a.extra_name, a.extra_value);
    res.keep_alive(req.keep_alive());
    res.body() = a.body;
    res.prepare_payload();
    // HEAD: same headers (including the Content-Length a GET would get), no
    // body. The serializer writes whatever body there is, so drop it after
    // prepare_payload has counted it.
    if (req.method() == http::verb::head) res.body().clear();
    return res;
}

std::string peer_name(const tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return "?";
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void log_request(const std::string& peer, const http::request<http::string_body>& req, std::string_view outcome) {
    // stderr, unbuffered: the log interleaves correctly with the listening
    // line and survives a kill.
    std::fprintf(stderr, "%s \"%.*s %.*s\" %.*s\n", peer.c_str(), static_cast<int>(req.method_string().size()),
                 req.method_string().data(), static_cast<int>(req.target().size()), req.target().data(),
                 static_cast<int>(outcome.size()), outcome.data());
}

// /hang: keep the connection open and silent until the client gives up (or
// the server stops). Reading rather than just sleeping notices the client's
// close, so hung connections do not outlive their clients.
asio::awaitable<void> hang(beast::tcp_stream& stream) {
    stream.expires_never();
    char sink[512];
    for (;;) {
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), token);
        if (ec) co_return;
    }
}

asio::awaitable<void> session(beast::tcp_stream stream) {
    const std::string peer = peer_name(stream.socket());
    beast::flat_buffer buffer;

    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(64 * 1024);

        stream.expires_after(idle_timeout);
        auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, token);
        if (read_ec == http::error::end_of_stream || read_ec == asio::error::eof ||
            read_ec == asio::error::connection_reset || read_ec == beast::error::timeout) {
            break;
        }
        if (read_ec) {
            // Not HTTP: typically a TLS ClientHello from an https:// URL
            // pointed at this plain server. Say so in plain HTTP and close;
            // the client's TLS layer turns that into a handshake error.
            std::fprintf(stderr, "%s bad request: %s\n", peer.c_str(), read_ec.message().c_str());
            http::response<http::string_body> bad{http::status::bad_request, 11};
            bad.set(http::field::server, "urlcheck-demo-server");
            bad.set(http::field::content_type, "text/plain; charset=utf-8");
            bad.keep_alive(false);
            bad.body() = "bad request: " + read_ec.message() + "\n";
            bad.prepare_payload();
            stream.expires_after(5s);
            co_await http::async_write(stream, bad, token);
            break;
        }

        const auto& req = parser.get();
        route r = route_for(req.target());
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            r = route{};
            r.answer.status = http::status::method_not_allowed;
            r.answer.body = "GET and HEAD only\n";
        }

        if (r.what == behaviour::hang) {
            log_request(peer, req, "(hanging)");
            co_await hang(stream);
            co_return;
        }
        if (r.what == behaviour::slow) {
            stream.expires_never();
            asio::steady_timer timer(co_await asio::this_coro::executor, slow_delay);
            co_await timer.async_wait(token);
        }

        auto res = make_response(r.answer, req);
        log_request(peer, req, std::to_string(res.result_int()));
        stream.expires_after(idle_timeout);
        auto [write_ec, write_n] = co_await http::async_write(stream, res, token);
        if (write_ec || !res.keep_alive()) break;
    }

    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
    const auto executor = co_await asio::this_coro::executor;
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(token);
        if (ec == asio::error::operation_aborted) co_return;  // acceptor closed: shutting down
        if (ec) {
            // E.g. EMFILE. Back off briefly instead of spinning on the error.
            std::fprintf(stderr, "accept: %s\n", ec.message().c_str());
            asio::steady_timer pause(executor, 100ms);
            co_await pause.async_wait(token);
            continue;
        }
        asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
}

bool parse_port(std::string_view text, unsigned short& port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return false;
    port = static_cast<unsigned short>(value);
    return true;
}

void usage(std::FILE* to) {
    std::fprintf(to,
                 "usage: urlcheck-demo-server [PORT]\n"
                 "Serves the urlcheck demo endpoints on http://127.0.0.1:PORT (default %u; 0 picks a free port).\n"
                 "Endpoints: / /health /slow /missing /error /unavailable /redirect /loop /hang\n"
                 "           /challenge /waf /ratelimited /login\n",
                 static_cast<unsigned>(default_port));
}

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = default_port;
    if (argc > 2) {
        usage(stderr);
        return 2;
    }
    if (argc == 2) {
        const std::string_view arg = argv[1];
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return 0;
        }
        if (!parse_port(arg, port)) {
            std::fprintf(stderr, "urlcheck-demo-server: invalid port '%s'\n", argv[1]);
            usage(stderr);
            return 2;
        }
    }

    try {
        asio::io_context ioc(1);

        tcp::acceptor acceptor(ioc);
        const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
        boost::system::error_code ec;
        acceptor.open(endpoint.protocol(), ec);
        // reuse_address: restarting the demo right after a run must not fail
        // on the previous run's TIME_WAIT connections.
        if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            std::fprintf(stderr, "urlcheck-demo-server: cannot listen on 127.0.0.1:%u: %s\n",
                         static_cast<unsigned>(port), ec.message().c_str());
            return 1;
        }

        asio::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code& error, int signal_number) {
            if (error) return;
            std::fprintf(stderr, "urlcheck-demo-server: %s, stopping\n",
                         signal_number == SIGINT ? "SIGINT" : "SIGTERM");
            acceptor.close();
            // Sessions (including /hang ones) are not waited for: stopping
            // the context drops them, and destroying it frees their frames
            // and closes their sockets.
            ioc.stop();
        });

        asio::co_spawn(ioc, accept_loop(acceptor), asio::detached);

        // Scripts wait for this exact line, so flush it even when stdout is
        // a file or a pipe.
        std::printf("demo server listening on http://127.0.0.1:%u\n",
                    static_cast<unsigned>(acceptor.local_endpoint().port()));
        std::fflush(stdout);

        ioc.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "urlcheck-demo-server: %s\n", e.what());
        return 1;
    }
    return 0;
}
