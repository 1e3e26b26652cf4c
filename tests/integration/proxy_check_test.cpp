// Checks through a real proxy (tinyproxy, support/proxy_server.hpp) in front
// of the in-process test servers: plain http as absolute-form requests,
// https through CONNECT with TLS to the origin inside, proxy credentials,
// NO_PROXY, and a proxy that is down or refuses a port.
#include <gtest/gtest.h>

#include <string>

#include "support/engine_run.hpp"
#include "support/proxy_server.hpp"
#include "support/result_matchers.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"

namespace {

using namespace urlcheck;
using namespace urlcheck::test;

result check_one(const std::string& url, const check_options& o) {
    auto run = run_entries(entries_for({url}), o);
    return run.results[0].value_or(result{});
}

check_options through(const std::string& proxy_url, check_options o = fast_check_options()) {
    o.proxy.url = proxy_url;
    o.proxy.use_environment = false;
    return o;
}

class ProxyCheck : public ::testing::Test {
protected:
    void SetUp() override {
        if (!proxy_server::available()) GTEST_SKIP() << "SKIPPED: tinyproxy is not installed";
    }
};

TEST_F(ProxyCheck, PlainHttpGoesThroughTheProxy) {
    proxy_server proxy;
    test_server server;
    server.route("/page", serve::respond(200, {}, "hello"));
    const auto r = check_one(server.url("/page"), through(proxy.url()));
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.status, 200);
    // The proxy carried it: its log has the absolute-form request, and the
    // origin saw tinyproxy's Via.
    EXPECT_NE(proxy.log().find("http://127.0.0.1:" + std::to_string(server.port()) + "/page"), std::string::npos)
        << proxy.log();
    ASSERT_TRUE(server.last_request());
    EXPECT_NE(server.last_request()->header("Via").find("tinyproxy"), std::string::npos);
    EXPECT_EQ(r.remote_addr, "127.0.0.1:" + std::to_string(proxy.port())) << "the proxy answered";
    EXPECT_TRUE(r.timings.proxy_ms);
    EXPECT_FALSE(r.timings.connect_ms);
}

TEST_F(ProxyCheck, HttpsTunnelsAndVerifiesTheOriginNotTheProxy) {
    proxy_server proxy;
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200, {}, "secure"));
    // By name: the certificate says localhost, the proxy is 127.0.0.1.
    const auto r = check_one(server.url("localhost", "/"), through(proxy.url(), fast_tls_check_options()));
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(r.tls);
    EXPECT_TRUE(r.timings.proxy_ms);
    EXPECT_TRUE(r.timings.tls_ms);
    EXPECT_NE(proxy.log().find("CONNECT localhost:" + std::to_string(server.port())), std::string::npos)
        << proxy.log();

    test_server wrong(make_server_context(leaf_kind::wrong_host));
    wrong.route("/", serve::respond(200, {}, ""));
    const auto bad = check_one(wrong.url("localhost", "/"), through(proxy.url(), fast_tls_check_options()));
    EXPECT_EQ(bad.error, error_kind::tls) << describe(bad);
    EXPECT_NE(bad.message.find("mismatch"), std::string::npos) << bad.message;
}

TEST_F(ProxyCheck, ConnectionsThroughTheProxyAreReused) {
    proxy_server proxy;
    test_server server(server_options{.tls = make_server_context(leaf_kind::valid), .keep_alive = true});
    server.route("/a", serve::respond(200, {}, "a"));
    server.route("/b", serve::respond(200, {}, "b"));
    auto o = through(proxy.url(), fast_tls_check_options());
    o.concurrency = 1;
    auto run = run_entries(entries_for({server.url("/a"), server.url("/b"), server.url("/a?x")}), o);
    for (const auto& r : run.results) EXPECT_TRUE(r && r->ok) << (r ? describe(*r) : "no result");
    EXPECT_EQ(server.connections(), 1u) << "one tunnel carried every request";
}

TEST_F(ProxyCheck, CredentialsAre407WithoutAndPassWith) {
    proxy_server proxy({.user = "alice", .password = "s3cret", .connect_ports = {}});
    test_server server;
    server.route("/", serve::respond(200, {}, "ok"));
    test_server tls_server(make_server_context(leaf_kind::valid));
    tls_server.route("/", serve::respond(200, {}, "ok"));

    const auto denied = check_one(tls_server.url("/"), through(proxy.url(), fast_tls_check_options()));
    EXPECT_EQ(denied.error, error_kind::proxy) << describe(denied);
    EXPECT_NE(denied.message.find("proxy authentication required (407)"), std::string::npos) << denied.message;

    const auto refused = check_one(
        tls_server.url("/"), through("http://alice:wrong@127.0.0.1:" + std::to_string(proxy.port()),
                                     fast_tls_check_options()));
    EXPECT_EQ(refused.error, error_kind::proxy) << describe(refused);
    EXPECT_NE(refused.message.find("refused the credentials"), std::string::npos) << refused.message;

    const auto plain_denied = check_one(server.url("/"), through(proxy.url()));
    EXPECT_EQ(plain_denied.error, error_kind::proxy) << "a plain request's 407 is the proxy's: " << describe(plain_denied);
    EXPECT_EQ(plain_denied.state, verdict::down);

    const auto tunnelled = check_one(tls_server.url("/"), through(proxy.url(true), fast_tls_check_options()));
    EXPECT_TRUE(tunnelled.ok) << describe(tunnelled);
    const auto plain = check_one(server.url("/"), through(proxy.url(true)));
    EXPECT_TRUE(plain.ok) << describe(plain);
    ASSERT_TRUE(server.last_request());
    EXPECT_FALSE(server.last_request()->has_header("Proxy-Authorization")) << "the proxy keeps its credentials";
    for (const auto* r : {&denied, &refused, &tunnelled, &plain}) {
        EXPECT_EQ(r->message.find("s3cret"), std::string::npos);
        EXPECT_EQ(r->message.find("wrong"), std::string::npos);
    }
}

TEST_F(ProxyCheck, NoProxyGoesDirect) {
    proxy_server proxy;
    test_server server;
    server.route("/", serve::respond(200, {}, "ok"));
    for (const char* list : {"127.0.0.1", "127.0.0.0/8", "*", "localhost", ".localhost"}) {
        auto o = through(proxy.url());
        o.proxy.noproxy = list;
        const bool by_name = std::string_view(list).find("localhost") != std::string_view::npos;
        const auto r = check_one(by_name ? server.url("localhost", "/") : server.url("/"), o);
        EXPECT_TRUE(r.ok) << list << ": " << describe(r);
        EXPECT_EQ(r.remote_addr, "127.0.0.1:" + std::to_string(server.port())) << list << ": direct";
        EXPECT_FALSE(server.last_request()->has_header("Via")) << list;
    }
    auto o = through(proxy.url());
    o.proxy.noproxy = "127.0.0.1:1,10.0.0.0/8,example.com";
    const auto r = check_one(server.url("/"), o);
    EXPECT_EQ(r.remote_addr, "127.0.0.1:" + std::to_string(proxy.port())) << "no entry matched: proxied";
}

TEST_F(ProxyCheck, EnvironmentProxiesAreUsedOnlyWhenAllowed) {
    proxy_server proxy;
    test_server server;
    server.route("/", serve::respond(200, {}, "ok"));
    check_options o = fast_check_options();
    o.proxy.environment.http_proxy = proxy.url();
    EXPECT_EQ(check_one(server.url("/"), o).remote_addr, "127.0.0.1:" + std::to_string(proxy.port()));
    o.proxy.use_environment = false;
    EXPECT_EQ(check_one(server.url("/"), o).remote_addr, "127.0.0.1:" + std::to_string(server.port()));
}

TEST_F(ProxyCheck, AProxyThatIsDownIsKindProxyNotTheSites) {
    test_server tls_server(make_server_context(leaf_kind::valid));
    const auto r = check_one(tls_server.url("/"),
                             through("http://127.0.0.1:" + std::to_string(unused_port()), fast_tls_check_options()));
    EXPECT_EQ(r.error, error_kind::proxy) << describe(r);
    EXPECT_NE(r.message.find("the proxy http://127.0.0.1:"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("refused"), std::string::npos) << r.message;
    EXPECT_EQ(tls_server.connections(), 0u);
}

TEST_F(ProxyCheck, AProxyThatRefusesThePortNamesItsAnswer) {
    proxy_server proxy({.user = "", .password = "", .connect_ports = {443}});
    test_server tls_server(make_server_context(leaf_kind::valid));
    const auto r = check_one(tls_server.url("/"), through(proxy.url(), fast_tls_check_options()));
    EXPECT_EQ(r.error, error_kind::proxy) << describe(r);
    EXPECT_NE(r.message.find("refused CONNECT 127.0.0.1:" + std::to_string(tls_server.port()) + ": 403"),
              std::string::npos)
        << r.message;
    EXPECT_EQ(tls_server.connections(), 0u);
}

}  // namespace
