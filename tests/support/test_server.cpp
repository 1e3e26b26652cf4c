#include "support/test_server.hpp"
#include "support/test_ca.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <cctype>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace urlcheck::test {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool has_field(const header_list& h, std::string_view name) {
    return std::any_of(h.begin(), h.end(), [&](const auto& f) { return iequals(f.first, name); });
}

void update_max(std::atomic<std::size_t>& max, std::size_t value) {
    std::size_t seen = max.load();
    while (value > seen && !max.compare_exchange_weak(seen, value)) {
    }
}

}  // namespace

std::string http_request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

bool http_request::has_header(std::string_view name) const { return has_field(headers, name); }

// ---------------------------------------------------------------------------

class conn_impl;

struct test_server::impl {
    server_options options;

    mutable std::mutex mutex;  // guards everything below up to the atomics
    std::map<std::string, handler, std::less<>> routes;
    handler fallback_handler;
    std::map<std::string, std::size_t, std::less<>> per_path;
    std::vector<http_request> requests;

    std::atomic<std::size_t> accepted{0};
    std::atomic<std::size_t> open{0};
    std::atomic<std::size_t> max_open{0};
    std::atomic<std::size_t> in_flight{0};
    std::atomic<std::size_t> max_in_flight{0};

    // Server thread only.
    bool stopping = false;
    std::vector<std::weak_ptr<conn_impl>> live;

    // Declared last: destroyed first among these is `thread` (already
    // joined), then the acceptor, then the io_context, whose destruction
    // destroys suspended coroutines (and their connections) while the
    // members above still exist.
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    unsigned short port = 0;
    std::thread thread;
    std::promise<void> ran_out;

    handler lookup(std::string_view path) {
        std::lock_guard lock(mutex);
        auto it = routes.find(path);
        if (it != routes.end()) return it->second;
        return fallback_handler;
    }

    void record(const http_request& r) {
        std::lock_guard lock(mutex);
        ++per_path[r.path];
        requests.push_back(r);
    }

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> session(std::shared_ptr<conn_impl> c);
    void shutdown_all();
};

// One accepted connection.
class conn_impl final : public connection, public std::enable_shared_from_this<conn_impl> {
public:
    conn_impl(test_server::impl& server, tcp::socket socket) : server_(server), timer_(socket.get_executor()) {
        if (server.options.tls)
            tls_.emplace(std::move(socket), *server.options.tls);
        else
            plain_.emplace(std::move(socket));
        std::size_t now = ++server_.open;
        update_max(server_.max_open, now);
        ++server_.accepted;
    }

    ~conn_impl() override { finish(); }

    tcp::socket& lowest() { return tls_ ? tls_->next_layer() : *plain_; }
    const tcp::socket& lowest() const { return tls_ ? tls_->next_layer() : *plain_; }
    bool tls() const { return tls_.has_value(); }

    // Closes the socket (once) and stops the timer.
    void finish() {
        if (finished_) return;
        finished_ = true;
        error_code ec;
        timer_.cancel();
        lowest().close(ec);
        --server_.open;
    }

    asio::awaitable<void> write_raw_tcp(std::string bytes) {
        co_await asio::async_write(lowest(), asio::buffer(bytes), asio::use_awaitable);
    }

    asio::awaitable<void> write(std::string bytes) override {
        if (tls_)
            co_await asio::async_write(*tls_, asio::buffer(bytes), asio::use_awaitable);
        else
            co_await asio::async_write(*plain_, asio::buffer(bytes), asio::use_awaitable);
    }

    asio::awaitable<void> send(http_response r) override {
        if (r.delay > 0ms) co_await sleep(r.delay);
        const bool keep = server_.options.keep_alive && request_keep_alive_;
        std::string reason(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(r.status))));
        if (reason == "<unknown-status>") reason = "Unknown";
        std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason + "\r\n";
        for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
        if (!has_field(r.headers, "Content-Length") && !has_field(r.headers, "Transfer-Encoding"))
            out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
        if (!has_field(r.headers, "Connection")) out += keep ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
        out += "\r\n";
        if (!head_request_) out += r.body;
        co_await write(std::move(out));
        keep_ = keep;
    }

    asio::awaitable<void> sleep(std::chrono::milliseconds d) override {
        timer_.expires_after(d);
        co_await timer_.async_wait(asio::use_awaitable);
        if (server_.stopping || finished_) throw boost::system::system_error(asio::error::operation_aborted);
    }

    asio::awaitable<void> wait_forever() {
        timer_.expires_at(asio::steady_timer::time_point::max());
        error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }

    asio::awaitable<void> hold() override {
        char buf[4096];
        error_code ec;
        while (!ec && !finished_) {
            if (tls_)
                co_await tls_->async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
            else
                co_await plain_->async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    asio::awaitable<void> read_once() {
        char buf[4096];
        error_code ec;
        co_await lowest().async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
    }

    asio::awaitable<void> close() override {
        if (finished_) co_return;
        error_code ec;
        if (tls_) {
            // Send close_notify; don't wait more than a moment for the peer's.
            timer_.expires_after(200ms);
            timer_.async_wait([weak = weak_from_this()](error_code e) {
                if (e) return;
                if (auto self = weak.lock()) self->finish();
            });
            co_await tls_->async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
        } else {
            lowest().shutdown(tcp::socket::shutdown_send, ec);
        }
        finish();
    }

    void reset() override {
        if (finished_) return;
        error_code ec;
        lowest().set_option(asio::socket_base::linger(true, 0), ec);
        finish();
    }

    void drop() override {
        if (finished_) return;
        error_code ec;
        lowest().shutdown(tcp::socket::shutdown_send, ec);
        finish();
    }

    void keep_open(bool keep) override { keep_ = keep; }
    bool keep() const { return keep_; }
    bool is_open() const override { return !finished_ && lowest().is_open(); }

    asio::awaitable<bool> handshake() {
        error_code ec;
        co_await tls_->async_handshake(ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
    }

    // The next request, or nullopt when the peer closed or sent junk (which
    // gets a 400 first, as a real server would).
    asio::awaitable<std::optional<http_request>> read_request() {
        http::request_parser<http::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(1024 * 1024);
        error_code ec;
        if (tls_)
            co_await http::async_read(*tls_, buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
        else
            co_await http::async_read(*plain_, buffer_, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
                ec != http::error::end_of_stream && ec != http::error::partial_message && is_open()) {
                std::string bad_request =
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                co_await write(std::move(bad_request));
            }
            co_return std::nullopt;
        }
        const auto& msg = parser.get();
        http_request r;
        r.method = std::string(msg.method_string());
        r.target = std::string(msg.target());
        r.path = r.target.substr(0, r.target.find('?'));
        r.version = static_cast<int>(msg.version());
        for (const auto& f : msg) r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
        r.body = msg.body();
        if (tls_) {
            if (X509* peer = SSL_get0_peer_certificate(tls_->native_handle())) {
                char subject[256] = {};
                X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
                r.client_subject = subject;
            }
        }
        head_request_ = msg.method() == http::verb::head;
        request_keep_alive_ = msg.keep_alive();
        keep_ = false;
        co_return r;
    }

private:
    test_server::impl& server_;
    std::optional<tcp::socket> plain_;
    std::optional<ssl::stream<tcp::socket>> tls_;
    asio::steady_timer timer_;
    boost::beast::flat_buffer buffer_;
    bool finished_ = false;
    bool keep_ = false;
    bool head_request_ = false;
    bool request_keep_alive_ = false;
};

asio::awaitable<void> test_server::impl::accept_loop() {
    for (;;) {
        error_code ec;
        tcp::socket socket(ioc);
        co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (stopping || !acceptor.is_open()) co_return;
        if (ec) continue;
        auto c = std::make_shared<conn_impl>(*this, std::move(socket));
        std::erase_if(live, [](const auto& w) { return w.expired(); });
        live.push_back(c);
        asio::co_spawn(ioc, session(std::move(c)), [](std::exception_ptr) {});
    }
}

asio::awaitable<void> test_server::impl::session(std::shared_ptr<conn_impl> c) {
    try {
        switch (options.on_accept) {
            case accept_action::serve: break;
            case accept_action::never_read: co_await c->wait_forever(); co_return;
            case accept_action::close: {
                error_code ec;
                c->lowest().shutdown(tcp::socket::shutdown_send, ec);
                c->finish();
                co_return;
            }
            case accept_action::reset: c->reset(); co_return;
            case accept_action::garbage:
                co_await c->write_raw_tcp(options.garbage_bytes);
                co_await c->read_once();
                c->finish();
                co_return;
            case accept_action::read_then_hold:
                co_await c->read_once();
                co_await c->wait_forever();
                co_return;
            case accept_action::read_then_reset:
                co_await c->read_once();
                c->reset();
                co_return;
        }
        if (c->tls() && !co_await c->handshake()) {
            c->finish();
            co_return;
        }
        for (;;) {
            auto request = co_await c->read_request();
            if (!request) break;
            record(*request);
            struct in_flight_guard {
                impl& s;
                explicit in_flight_guard(impl& server) : s(server) { update_max(s.max_in_flight, ++s.in_flight); }
                ~in_flight_guard() { --s.in_flight; }
            } guard(*this);
            handler h = lookup(request->path);
            co_await h(*c, *request);
            if (!c->keep() || !c->is_open()) break;
        }
        if (c->is_open()) co_await c->close();
    } catch (const std::exception&) {
        // Per-connection errors (peer gone, server stopping) end the connection only.
    }
    c->finish();
}

void test_server::impl::shutdown_all() {
    stopping = true;
    error_code ec;
    acceptor.close(ec);
    for (auto& w : live)
        if (auto c = w.lock()) c->finish();
    live.clear();
}

// ---------------------------------------------------------------------------

test_server::test_server(std::shared_ptr<ssl::context> tls) : test_server(server_options{.tls = std::move(tls)}) {}

test_server::test_server(server_options options) : impl_(std::make_unique<impl>()) {
    impl& s = *impl_;
    s.options = std::move(options);
    if (s.options.tls && !s.options.client_ca_pem.empty())
        require_client_certificate(*s.options.tls, s.options.client_ca_pem);
    if (s.options.tls && s.options.tls12_only)
        SSL_CTX_set_max_proto_version(s.options.tls->native_handle(), TLS1_2_VERSION);
    s.fallback_handler = serve::respond(404, {{"Content-Type", "text/plain"}}, "no route\n");
    const auto address = !s.options.address.empty() ? asio::ip::make_address(s.options.address)
                         : s.options.ipv6          ? asio::ip::make_address("::1")
                                                   : asio::ip::make_address("127.0.0.1");
    tcp::endpoint endpoint(address, s.options.port);
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen(asio::socket_base::max_listen_connections);
    s.port = s.acceptor.local_endpoint().port();
    asio::co_spawn(s.ioc, s.accept_loop(), [](std::exception_ptr) {});
    s.thread = std::thread([&s] {
        for (;;) {
            try {
                s.ioc.run();
                break;
            } catch (...) {
                // A handler threw past its coroutine: keep serving.
            }
        }
        s.ran_out.set_value();
    });
}

test_server::~test_server() {
    impl& s = *impl_;
    auto done = s.ran_out.get_future();
    asio::post(s.ioc, [&s] { s.shutdown_all(); });
    // Everything should wind down once its sockets are closed; a handler
    // stuck on its own timer must not hang the test, so stop hard after 2 s.
    if (done.wait_for(2s) != std::future_status::ready) s.ioc.stop();
    s.thread.join();
}

unsigned short test_server::port() const { return impl_->port; }
bool test_server::is_tls() const { return impl_->options.tls != nullptr; }

std::string test_server::url(std::string_view path) const {
    return url(is_tls() ? "https" : "http", impl_->options.ipv6 ? "[::1]" : "127.0.0.1", path);
}

std::string test_server::url(std::string_view host, std::string_view path) const {
    return url(is_tls() ? "https" : "http", host, path);
}

std::string test_server::url(std::string_view scheme, std::string_view host, std::string_view path) const {
    std::string out(scheme);
    out += "://";
    out += host;
    out += ":" + std::to_string(port());
    if (path.empty() || path.front() != '/') out += '/';
    out += path;
    return out;
}

test_server& test_server::route(std::string path, handler h) {
    std::lock_guard lock(impl_->mutex);
    impl_->routes[std::move(path)] = std::move(h);
    return *this;
}

test_server& test_server::route(std::string path, callback cb) {
    return route(std::move(path), serve::from_callback(std::move(cb)));
}

test_server& test_server::fallback(handler h) {
    std::lock_guard lock(impl_->mutex);
    impl_->fallback_handler = std::move(h);
    return *this;
}

std::size_t test_server::requests(std::string_view path) const {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->per_path.find(path);
    return it == impl_->per_path.end() ? 0 : it->second;
}

std::size_t test_server::total_requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests.size();
}

std::size_t test_server::connections() const { return impl_->accepted.load(); }
std::size_t test_server::open_connections() const { return impl_->open.load(); }
std::size_t test_server::max_open_connections() const { return impl_->max_open.load(); }
std::size_t test_server::max_in_flight() const { return impl_->max_in_flight.load(); }

std::optional<http_request> test_server::last_request() const {
    std::lock_guard lock(impl_->mutex);
    if (impl_->requests.empty()) return std::nullopt;
    return impl_->requests.back();
}

std::vector<http_request> test_server::all_requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

void test_server::clear_stats() {
    std::lock_guard lock(impl_->mutex);
    impl_->per_path.clear();
    impl_->requests.clear();
    impl_->accepted = 0;
    impl_->max_open = impl_->open.load();
    impl_->max_in_flight = impl_->in_flight.load();
}

unsigned short unused_port() {
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    unsigned short port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

// ---------------------------------------------------------------------------

namespace serve {
namespace {

asio::awaitable<void> do_send(connection& c, http_response r) { co_await c.send(std::move(r)); }

asio::awaitable<void> do_callback(connection& c, const http_request& req, callback cb) {
    http_response r = cb(req);
    co_await c.send(std::move(r));
}

asio::awaitable<void> do_write_close(connection& c, std::string bytes) {
    co_await c.write(std::move(bytes));
    co_await c.close();
}

asio::awaitable<void> do_write_drop(connection& c, std::string bytes) {
    co_await c.write(std::move(bytes));
    c.drop();
}

asio::awaitable<void> do_trickle(connection& c, std::string raw, std::chrono::milliseconds interval, bool endless) {
    for (char ch : raw) {
        std::string one(1, ch);
        co_await c.write(std::move(one));
        co_await c.sleep(interval);
    }
    while (endless) {
        std::string one = "a";
        co_await c.write(std::move(one));
        co_await c.sleep(interval);
    }
    co_await c.close();
}

asio::awaitable<void> do_stream(connection& c, std::string head, std::string piece,
                                std::chrono::milliseconds interval) {
    if (!head.empty()) co_await c.write(std::move(head));
    for (;;) {
        co_await c.write(piece);
        if (interval > 0ms) co_await c.sleep(interval);
    }
}

asio::awaitable<void> do_write_hold(connection& c, std::string bytes) {
    co_await c.write(std::move(bytes));
    co_await c.hold();
}

asio::awaitable<void> do_never(connection& c) { co_await c.hold(); }

asio::awaitable<void> do_nothing(connection&) { co_return; }

asio::awaitable<void> do_reset(connection& c) {
    c.reset();
    co_return;
}

}  // namespace

handler respond(int status, header_list headers, std::string body, std::chrono::milliseconds delay) {
    return respond(http_response{status, std::move(headers), std::move(body), delay});
}

handler respond(http_response response) {
    return [response](connection& c, const http_request&) { return do_send(c, response); };
}

handler from_callback(callback cb) {
    return [cb = std::move(cb)](connection& c, const http_request& r) { return do_callback(c, r, cb); };
}

handler redirect(int status, std::string location) {
    return respond(status, {{"Location", std::move(location)}}, {});
}

handler never_answer() {
    return [](connection& c, const http_request&) { return do_never(c); };
}

handler empty_reply() {
    return [](connection& c, const http_request&) { return do_nothing(c); };
}

handler reset() {
    return [](connection& c, const http_request&) { return do_reset(c); };
}

handler garbage(std::string bytes) {
    return [bytes = std::move(bytes)](connection& c, const http_request&) { return do_write_close(c, bytes); };
}

handler write_and_drop(std::string bytes) {
    return [bytes = std::move(bytes)](connection& c, const http_request&) { return do_write_drop(c, bytes); };
}

handler random_bytes(std::size_t count) {
    std::mt19937 rng(12345);
    std::string bytes(count, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xff);
    bytes += "\r\n\r\n";
    return garbage(std::move(bytes));
}

handler trickle_headers(std::chrono::milliseconds interval) {
    return [interval](connection& c, const http_request&) {
        return do_trickle(c, "HTTP/1.1 200 OK\r\nX-Trickle: ", interval, true);
    };
}

handler trickle(std::string raw, std::chrono::milliseconds interval) {
    return [raw = std::move(raw), interval](connection& c, const http_request&) {
        return do_trickle(c, raw, interval, false);
    };
}

handler endless_body(bool chunked) {
    std::string head = std::string("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n") +
                       (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 1099511627776\r\n") +
                       "Connection: close\r\n\r\n";
    const std::string data(16 * 1024, 'x');
    return stream(std::move(head), chunked ? "4000\r\n" + data + "\r\n" : data);
}

handler stream(std::string head, std::string piece, std::chrono::milliseconds interval) {
    return [head = std::move(head), piece = std::move(piece), interval](connection& c, const http_request&) {
        return do_stream(c, head, piece, interval);
    };
}

handler write_and_hold(std::string bytes) {
    return [bytes = std::move(bytes)](connection& c, const http_request&) { return do_write_hold(c, bytes); };
}

handler fail_first(int count, handler failing, handler then) {
    auto seen = std::make_shared<int>(0);  // the server thread only
    return [=](connection& c, const http_request& r) { return (*seen)++ < count ? failing(c, r) : then(c, r); };
}

}  // namespace serve
}  // namespace urlcheck::test
