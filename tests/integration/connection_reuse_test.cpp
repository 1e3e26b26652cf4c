// Connection reuse and TLS session resumption, proven by what the server saw:
// how many connections it accepted and how many handshakes resumed.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "check_spec.hpp"
#include "connection_pool.hpp"
#include "dns.hpp"
#include "fetch.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "tls.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;

check_options sequential_options(const std::string& cacert = {}) {
    check_options o;
    o.concurrency = 1;  // one at a time: each request could reuse the previous connection
    o.per_host = 1;
    o.connect_timeout = 2000ms;
    o.timeout = 3000ms;
    o.retries = 0;
    o.confirm = false;
    o.cacert = cacert;
    return o;
}

std::vector<result> run_all(const std::vector<std::string>& urls, const check_options& o) {
    std::vector<entry> entries;
    for (std::size_t i = 0; i < urls.size(); ++i) entries.push_back(make_entry(urls[i], "t:" + std::to_string(i + 1)));
    std::vector<result> results(entries.size());
    run_hooks hooks;
    hooks.on_result = [&](std::size_t index, const result& r) {
        results[index] = r;
        return report_status::keep_going;
    };
    run_checks(entries, o, hooks);
    return results;
}

std::vector<std::string> paths(const test_server& server, int n) {
    std::vector<std::string> urls;
    for (int i = 0; i < n; ++i) urls.push_back(server.url("/ok?i=" + std::to_string(i)));
    return urls;
}

TEST(ConnectionReuse, KeepAliveServerGetsOneConnection) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/ok", serve::respond(200, {}, "ok"));
    auto results = run_all(paths(server, 20), sequential_options());
    for (const auto& r : results) {
        EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
        EXPECT_EQ(r.remote_addr, "127.0.0.1:" + std::to_string(server.port()));
    }
    EXPECT_EQ(server.total_requests(), 20u);
    EXPECT_EQ(server.connections(), 1u);
    // Only the first check opened the connection; the others report no connect phase.
    EXPECT_TRUE(results[0].timings.connect_ms);
    EXPECT_FALSE(results[19].timings.connect_ms);
}

// The engine lowers the idle cap when the machine runs out of descriptors:
// the connections over it close at once, least recently used first.
TEST(ConnectionReuse, LoweringTheIdleCapClosesTheOldest) {
    server_options so;
    so.keep_alive = true;
    std::vector<std::unique_ptr<test_server>> servers;
    for (int i = 0; i < 3; ++i) {
        servers.push_back(std::make_unique<test_server>(so));
        servers.back()->route("/ok", serve::respond(200, {}, "ok"));
    }
    boost::asio::io_context ioc;
    const check_options o = sequential_options();
    tls_contexts tls(o);
    dns_resolver dns(ioc.get_executor(), o);
    connection_pool pool(10);
    const check_spec spec = make_check_spec(o, {});
    fetch_context ctx{ioc.get_executor(), dns, tls, pool};
    std::vector<bool> answered;
    boost::asio::co_spawn(
        ioc,
        [&]() -> boost::asio::awaitable<void> {
            for (const auto& server : servers) {
                fetch_request request{spec, server->url("/ok"), http_method::get, true, {}};
                fetch_result r;
                co_await fetch(ctx, request, std::chrono::steady_clock::now() + 2s, r);
                answered.push_back(r.status == 200);
            }
        },
        [](std::exception_ptr e) {
            if (e) std::rethrow_exception(e);
        });
    ioc.run();
    ASSERT_EQ(answered, (std::vector<bool>{true, true, true}));
    ASSERT_EQ(pool.stats().idle, 3u);
    EXPECT_EQ(pool.stats().opened, 3u);
    pool.limit_idle(1);
    EXPECT_EQ(pool.stats().idle, 1u);
    const auto until = std::chrono::steady_clock::now() + 2s;
    while ((servers[0]->open_connections() != 0 || servers[1]->open_connections() != 0) &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(10ms);
    EXPECT_EQ(servers[0]->open_connections(), 0u);
    EXPECT_EQ(servers[1]->open_connections(), 0u);
    EXPECT_EQ(servers[2]->open_connections(), 1u);  // the most recently used stays
}

TEST(ConnectionReuse, ServerThatClosesGetsAConnectionPerRequest) {
    test_server server;  // "Connection: close" after every response
    server.route("/ok", serve::respond(200, {}, "ok"));
    auto results = run_all(paths(server, 5), sequential_options());
    for (const auto& r : results) EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
    EXPECT_EQ(server.connections(), 5u);
}

TEST(ConnectionReuse, BodyLargerThanTheReadCapIsNotReused) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/big", serve::respond(200, {}, std::string(200 * 1024, 'x')));
    std::vector<std::string> urls{server.url("/big?1"), server.url("/big?2")};
    auto o = sequential_options();
    o.method = http_method::get;  // a HEAD has no body to leave behind
    auto results = run_all(urls, o);
    for (const auto& r : results) EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
    // The rest of the first body is still on the wire: that connection must go.
    EXPECT_EQ(server.connections(), 2u);
}

TEST(ConnectionReuse, PooledConnectionClosedByTheServerIsRetriedOnANewOne) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    // Says keep-alive, then closes anyway: the client's pooled connection is
    // dead when the next request goes out on it.
    server.route("/ok", [](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        http_response r{200, {}, "ok"};
        co_await c.send(std::move(r));
        c.keep_open(false);
        co_await c.close();
    });
    auto results = run_all(paths(server, 3), sequential_options());
    for (const auto& r : results) {
        EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
        EXPECT_EQ(r.attempts, 1) << "a stale pooled connection is no attempt of the check";
    }
    EXPECT_EQ(server.total_requests(), 3u);
    EXPECT_EQ(server.connections(), 3u);
}

// Bytes nobody asked for must never be taken for the next response.
TEST(ConnectionReuse, StrayBytesAfterAResponseRetireTheConnection) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    // A body after a HEAD response, as broken servers send.
    server.route("/headbody", [](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        co_await c.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        c.keep_open(true);
    });
    // A second, unrequested response right behind the first.
    server.route("/twice", [](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        co_await c.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        c.keep_open(true);
    });
    server.route("/down", serve::respond(500, {}, "broken"));
    auto o = sequential_options();
    o.method = http_method::head;
    auto results = run_all({server.url("/headbody"), server.url("/down"), server.url("/twice"), server.url("/down?2")}, o);
    EXPECT_TRUE(results[0].ok) << results[0].message;
    EXPECT_EQ(results[1].status, 500) << results[1].message;
    EXPECT_EQ(results[1].error, error_kind::status);
    EXPECT_TRUE(results[2].ok) << results[2].message;
    EXPECT_EQ(results[3].status, 500) << results[3].message;
    EXPECT_EQ(results[3].error, error_kind::status);
}

TEST(ConnectionReuse, SwitchedProtocolsAreNotReused) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/upgrade", [](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        co_await c.write("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
        co_await c.hold();
    });
    server.route("/ok", serve::respond(200, {}, "ok"));
    auto o = sequential_options();
    o.accept = *accept_list::parse("101,200");
    auto results = run_all({server.url("/upgrade"), server.url("/ok")}, o);
    EXPECT_TRUE(results[0].ok) << results[0].message;
    EXPECT_TRUE(results[1].ok) << results[1].message;
    EXPECT_EQ(server.connections(), 2u);
}

TEST(ConnectionReuse, TlsKeepAliveReusesTheHandshake) {
    server_options so;
    so.tls = make_server_context(leaf_kind::valid);
    so.keep_alive = true;
    test_server server(so);
    server.route("/ok", serve::respond(200, {}, "ok"));
    auto results = run_all(paths(server, 10), sequential_options(root_ca_file()));
    for (const auto& r : results) {
        EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
        EXPECT_TRUE(r.tls) << "certificate facts travel with the pooled connection";
    }
    EXPECT_EQ(server.connections(), 1u);
}

TEST(TlsResumption, NewConnectionsResumeTheSession) {
    auto ctx = make_server_context(leaf_kind::valid);
    test_server server(ctx);  // closes after every response: each URL needs a handshake
    server.route("/ok", serve::respond(200, {}, "ok"));
    auto results = run_all(paths(server, 6), sequential_options(root_ca_file()));
    for (const auto& r : results) {
        EXPECT_TRUE(r.ok) << r.url << ": " << r.message;
        ASSERT_TRUE(r.tls);
        EXPECT_GT(r.tls->days_left, 0) << "a resumed session still reports the certificate";
    }
    EXPECT_EQ(server.connections(), 6u);
    // The first handshake is full; every later one resumes.
    EXPECT_EQ(SSL_CTX_sess_hits(ctx->native_handle()), 5);
}

}  // namespace
