// Self-test of the test support: the in-process server and the test CA,
// driven by a plain blocking Beast client on the test thread.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "support/test_ca.hpp"
#include "support/test_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using clock_type = std::chrono::steady_clock;

struct reply {
    error_code ec;  // first failing step
    http::response<http::string_body> msg;
};

http::request<http::string_body> make_request(const std::string& target, http::verb verb = http::verb::get) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::user_agent, "selftest/1");
    return req;
}

template <class Stream>
reply exchange(Stream& stream, http::request<http::string_body> req) {
    reply r;
    http::write(stream, req, r.ec);
    if (r.ec) return r;
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (req.method() == http::verb::head) parser.skip(true);
    http::read(stream, buffer, parser, r.ec);
    r.msg = parser.release();
    return r;
}

reply plain_get(unsigned short port, const std::string& target, http::verb verb = http::verb::get) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    reply r;
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), r.ec);
    if (r.ec) return r;
    return exchange(socket, make_request(target, verb));
}

reply tls_get(unsigned short port, const std::string& target, const std::string& host = "localhost") {
    asio::io_context ioc;
    auto ctx = make_client_context();
    ssl::stream<tcp::socket> stream(ioc, *ctx);
    reply r;
    stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), r.ec);
    if (r.ec) return r;
    SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
    stream.set_verify_callback(ssl::host_name_verification(host));
    stream.handshake(ssl::stream_base::client, r.ec);
    if (r.ec) return r;
    return exchange(stream, make_request(target));
}

// Connects and sends a request, without reading the answer.
tcp::socket send_only(asio::io_context& ioc, unsigned short port, const std::string& target) {
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    http::write(socket, make_request(target));
    return socket;
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 2000ms) {
    auto end = clock_type::now() + limit;
    while (clock_type::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return pred();
}

TEST(TestServer, RespondsAndRecords) {
    test_server server;
    server.route("/ok", serve::respond(200, {{"X-Test", "yes"}}, "hello"));
    auto r = plain_get(server.port(), "/ok?q=1");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 200u);
    EXPECT_EQ(r.msg.body(), "hello");
    EXPECT_EQ(r.msg["X-Test"], "yes");
    EXPECT_FALSE(r.msg.keep_alive());
    EXPECT_EQ(server.requests("/ok"), 1u);
    EXPECT_EQ(server.total_requests(), 1u);
    auto last = server.last_request();
    ASSERT_TRUE(last);
    EXPECT_EQ(last->method, "GET");
    EXPECT_EQ(last->target, "/ok?q=1");
    EXPECT_EQ(last->path, "/ok");
    EXPECT_EQ(last->header("user-agent"), "selftest/1");
    EXPECT_FALSE(last->has_header("Authorization"));
    EXPECT_EQ(server.url("/ok"), "http://127.0.0.1:" + std::to_string(server.port()) + "/ok");
    EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
}

TEST(TestServer, FallbackIs404AndCallbacksWork) {
    test_server server;
    server.route("/echo", [](const http_request& r) { return http_response{201, {}, r.method + " " + r.target, 0ms}; });
    auto r = plain_get(server.port(), "/nowhere");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 404u);
    r = plain_get(server.port(), "/echo?x=y");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 201u);
    EXPECT_EQ(r.msg.body(), "GET /echo?x=y");
}

TEST(TestServer, HeadGetsNoBody) {
    test_server server;
    server.route("/h", serve::respond(200, {}, "0123456789"));
    auto r = plain_get(server.port(), "/h", http::verb::head);
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 200u);
    EXPECT_EQ(r.msg[http::field::content_length], "10");
    EXPECT_EQ(server.last_request()->method, "HEAD");
}

TEST(TestServer, RedirectAndDelay) {
    test_server server;
    server.route("/r", serve::redirect(302, "/there"));
    server.route("/slow", serve::respond(200, {}, "late", 300ms));
    auto r = plain_get(server.port(), "/r");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 302u);
    EXPECT_EQ(r.msg[http::field::location], "/there");
    auto start = clock_type::now();
    r = plain_get(server.port(), "/slow");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "late");
    EXPECT_GE(clock_type::now() - start, 290ms);
}

TEST(TestServer, FailFirstThenOk) {
    test_server server;
    server.route("/flaky", serve::fail_first(2, serve::respond(503), serve::respond(200, {}, "ok")));
    EXPECT_EQ(plain_get(server.port(), "/flaky").msg.result_int(), 503u);
    EXPECT_EQ(plain_get(server.port(), "/flaky").msg.result_int(), 503u);
    EXPECT_EQ(plain_get(server.port(), "/flaky").msg.result_int(), 200u);
    EXPECT_EQ(server.requests("/flaky"), 3u);
}

TEST(TestServer, HostileBehaviours) {
    test_server server;
    server.route("/reset", serve::reset());
    server.route("/empty", serve::empty_reply());
    server.route("/ssh", serve::garbage());
    server.route("/random", serve::random_bytes());
    server.route("/flaky", serve::fail_first(1, serve::reset(), serve::respond(200)));

    auto r = plain_get(server.port(), "/reset");
    EXPECT_EQ(r.ec, asio::error::connection_reset) << r.ec.message();
    r = plain_get(server.port(), "/empty");
    EXPECT_EQ(r.ec, http::error::end_of_stream) << r.ec.message();
    r = plain_get(server.port(), "/ssh");
    EXPECT_TRUE(r.ec == http::error::partial_message || r.ec == http::error::bad_version) << r.ec.message();
    r = plain_get(server.port(), "/random");
    EXPECT_TRUE(r.ec);
    EXPECT_NE(r.ec, http::error::end_of_stream);
    EXPECT_EQ(plain_get(server.port(), "/flaky").ec, asio::error::connection_reset);
    EXPECT_EQ(plain_get(server.port(), "/flaky").msg.result_int(), 200u);
    // The server survived all of it.
    EXPECT_EQ(plain_get(server.port(), "/nothing").msg.result_int(), 404u);
}

TEST(TestServer, NeverAnswerHoldsAndCounts) {
    auto start = clock_type::now();
    {
        test_server server;
        server.route("/hang", serve::never_answer());
        asio::io_context ioc;
        std::vector<tcp::socket> clients;
        for (int i = 0; i < 3; ++i) clients.push_back(send_only(ioc, server.port(), "/hang"));
        ASSERT_TRUE(eventually([&] { return server.requests("/hang") == 3; }));
        EXPECT_EQ(server.open_connections(), 3u);
        EXPECT_EQ(server.max_open_connections(), 3u);
        EXPECT_EQ(server.max_in_flight(), 3u);
        std::this_thread::sleep_for(200ms);
        EXPECT_EQ(clients[0].available(), 0u);
        clients[0].close();  // the server notices the close
        EXPECT_TRUE(eventually([&] { return server.open_connections() == 2; }));
        // The destructor closes the two stuck connections.
    }
    EXPECT_LT(clock_type::now() - start, 2s);
}

TEST(TestServer, AcceptActions) {
    {
        server_options o;
        o.on_accept = accept_action::close;
        test_server server(o);
        auto r = plain_get(server.port(), "/");
        EXPECT_TRUE(r.ec == http::error::end_of_stream || r.ec == asio::error::connection_reset ||
                    r.ec == asio::error::broken_pipe)
            << r.ec.message();
        EXPECT_EQ(server.total_requests(), 0u);
    }
    {
        server_options o;
        o.on_accept = accept_action::reset;
        test_server server(o);
        auto r = plain_get(server.port(), "/");
        EXPECT_TRUE(r.ec == asio::error::connection_reset || r.ec == asio::error::broken_pipe) << r.ec.message();
    }
    {
        server_options o;
        o.on_accept = accept_action::garbage;
        test_server server(o);
        auto r = plain_get(server.port(), "/");
        EXPECT_TRUE(r.ec);
        EXPECT_EQ(server.total_requests(), 0u);
    }
    auto start = clock_type::now();
    {
        server_options o;
        o.on_accept = accept_action::never_read;
        test_server server(o);
        asio::io_context ioc;
        auto client = send_only(ioc, server.port(), "/");
        ASSERT_TRUE(eventually([&] { return server.connections() == 1; }));
        std::this_thread::sleep_for(100ms);
        EXPECT_EQ(server.total_requests(), 0u);
        EXPECT_EQ(server.open_connections(), 1u);
    }
    EXPECT_LT(clock_type::now() - start, 2s);
}

TEST(TestServer, TrickleIsSlow) {
    test_server server;
    server.route("/trickle", serve::trickle_headers(50ms));
    asio::io_context ioc;
    auto client = send_only(ioc, server.port(), "/trickle");
    std::this_thread::sleep_for(400ms);
    auto n = client.available();
    EXPECT_GE(n, 3u);
    EXPECT_LE(n, 12u);
}

TEST(TestServer, EndlessBodyStreamsUntilClose) {
    for (bool chunked : {false, true}) {
        test_server server;
        server.route("/endless", serve::endless_body(chunked));
        asio::io_context ioc;
        auto client = send_only(ioc, server.port(), "/endless");
        boost::beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(boost::none);
        http::read_header(client, buffer, parser);
        EXPECT_EQ(parser.get().result_int(), 200u);
        EXPECT_EQ(parser.chunked(), chunked);
        std::size_t got = buffer.size();
        char data[65536];
        while (got < 2 * 1024 * 1024) got += client.read_some(asio::buffer(data));
        client.close();
        EXPECT_TRUE(eventually([&] { return server.open_connections() == 0; }));
        EXPECT_EQ(plain_get(server.port(), "/x").msg.result_int(), 404u);
    }
}

TEST(TestServer, ConnectionRefusedOnUnusedPort) {
    auto r = plain_get(unused_port(), "/");
    EXPECT_EQ(r.ec, asio::error::connection_refused) << r.ec.message();
}

TEST(TestServer, PlainServerAnswersClientHelloWith400) {
    test_server server;  // plain, reached with TLS
    asio::io_context ioc;
    auto ctx = make_client_context();
    ssl::stream<tcp::socket> stream(ioc, *ctx);
    stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    error_code ec;
    stream.handshake(ssl::stream_base::client, ec);
    EXPECT_TRUE(ec);
    EXPECT_EQ(server.total_requests(), 0u);
}

TEST(TestCa, PemShapes) {
    EXPECT_NE(root_ca_pem().find("-----BEGIN CERTIFICATE-----"), std::string::npos);
    const auto& v = leaf(leaf_kind::valid);
    EXPECT_NE(v.key.find("PRIVATE KEY-----"), std::string::npos);
    EXPECT_TRUE(v.chain.empty());
    EXPECT_EQ(leaf(leaf_kind::via_intermediate).chain, intermediate_ca_pem());
    EXPECT_NE(leaf(leaf_kind::valid).cert, leaf(leaf_kind::expired).cert);
    EXPECT_FALSE(root_ca_file().empty());
    FILE* f = std::fopen(root_ca_file().c_str(), "r");
    ASSERT_NE(f, nullptr);
    std::fclose(f);
}

TEST(TestServerTls, VerifiesWithTheTestCa) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/ok", serve::respond(200, {}, "secure"));
    EXPECT_EQ(server.url("/ok").rfind("https://", 0), 0u);
    for (const char* host : {"localhost", "127.0.0.1"}) {
        auto r = tls_get(server.port(), "/ok", host);
        ASSERT_FALSE(r.ec) << host << ": " << r.ec.message();
        EXPECT_EQ(r.msg.body(), "secure");
    }
    EXPECT_EQ(server.requests("/ok"), 2u);
}

TEST(TestServerTls, ChainIsSent) {
    test_server server(make_server_context(leaf_kind::via_intermediate));
    auto r = tls_get(server.port(), "/");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.result_int(), 404u);
}

// drop() is the close of most HTTPS servers, close() the orderly one: the
// hostile table tells a body read to the close over either apart.
TEST(TestServerTls, DropSkipsTheCloseNotify) {
    const std::string to_the_close = "HTTP/1.1 200 OK\r\n\r\nto the close";
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/drop", serve::write_and_drop(to_the_close));
    server.route("/close", serve::garbage(to_the_close));
    auto dropped = tls_get(server.port(), "/drop");
    EXPECT_EQ(dropped.ec, ssl::error::stream_truncated) << dropped.ec.message();
    auto closed = tls_get(server.port(), "/close");
    ASSERT_FALSE(closed.ec) << closed.ec.message();
    EXPECT_EQ(closed.msg.body(), "to the close");

    test_server plain;
    plain.route("/drop", serve::write_and_drop(to_the_close));
    auto r = plain_get(plain.port(), "/drop");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(r.msg.body(), "to the close");
}

TEST(TestServerTls, BadCertificatesFail) {
    struct expectation {
        leaf_kind kind;
        const char* reason;  // OpenSSL's verify error text
    };
    for (auto [kind, reason] : {expectation{leaf_kind::expired, "expired"},
                                expectation{leaf_kind::not_yet_valid, "not yet valid"},
                                expectation{leaf_kind::self_signed, "self-signed"},
                                expectation{leaf_kind::untrusted_root, "unable to get local issuer"},
                                expectation{leaf_kind::wrong_host, ""}}) {
        test_server server(make_server_context(kind));
        asio::io_context ioc;
        auto ctx = make_client_context();
        ssl::stream<tcp::socket> stream(ioc, *ctx);
        stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
        ASSERT_EQ(SSL_set1_host(stream.native_handle(), "localhost"), 1);
        error_code ec;
        stream.handshake(ssl::stream_base::client, ec);
        ASSERT_TRUE(ec) << reason;
        long verify = SSL_get_verify_result(stream.native_handle());
        std::string text = X509_verify_cert_error_string(verify);
        if (kind == leaf_kind::wrong_host) {
            // The chain itself is fine; only the name check fails.
            EXPECT_EQ(verify, X509_V_ERR_HOSTNAME_MISMATCH) << text;
        } else {
            EXPECT_NE(text.find(reason), std::string::npos) << text;
        }
        EXPECT_EQ(server.total_requests(), 0u);
    }
}

TEST(TestCa, LeafExpiringInDays) {
    auto l = leaf_expiring_in_days(5);
    test_server server(make_server_context(l));
    auto r = tls_get(server.port(), "/");
    ASSERT_FALSE(r.ec) << r.ec.message();
    auto expired = leaf_expiring_in_days(-2);
    test_server server2(make_server_context(expired));
    EXPECT_TRUE(tls_get(server2.port(), "/").ec);
}

}  // namespace
