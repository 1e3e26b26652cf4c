// TLS checks end to end: run_checks (public API) against TLS test servers
// whose certificates come from the in-memory test CA.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/engine_run.hpp"
#include "support/result_matchers.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;
using clock_type = std::chrono::steady_clock;

result check_url(const std::string& url, const check_options& o = fast_tls_check_options()) {
    auto run = run_entries(entries_for({url}), o);
    EXPECT_EQ(run.calls[0], 1) << url;
    return run.results[0].value_or(result{});
}




bool is_iso8601_utc(const std::string& s) {
    static const std::regex pattern(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
    return std::regex_match(s, pattern);
}

TEST(CheckTls, ValidCertificateIsOk) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200, {}, "secure"));
    // By IP (SAN IP:127.0.0.1) and by name (SAN DNS:localhost).
    for (const auto& url : {server.url("/"), server.url("localhost", "/")}) {
        auto r = check_url(url);
        EXPECT_TRUE(r.ok) << url << ": " << describe(r);
        EXPECT_EQ(r.status, 200);
        ASSERT_TRUE(r.tls) << url;
        EXPECT_TRUE(is_iso8601_utc(r.tls->not_after)) << r.tls->not_after;
        EXPECT_NEAR(r.tls->days_left, valid_leaf_days, 1) << r.tls->not_after;
        EXPECT_TRUE(r.timings.tls_ms) << url;
        EXPECT_TRUE(r.timings.connect_ms) << url;
    }
    EXPECT_EQ(server.total_requests(), 2u);
}

TEST(CheckTls, ChainThroughIntermediateIsOk) {
    test_server server(make_server_context(leaf_kind::via_intermediate));
    server.route("/", serve::respond(200));
    auto r = check_url(server.url("/"));
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_TRUE(r.tls);
}

TEST(CheckTls, DaysLeftOfALeafExpiringSoon) {
    test_server server(make_server_context(leaf_expiring_in_days(5)));
    server.route("/", serve::respond(200));
    auto r = check_url(server.url("/"));
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(r.tls);
    EXPECT_NEAR(r.tls->days_left, 5, 1) << r.tls->not_after;
}

TEST(CheckTls, ExpiredCertificate) {
    test_server server(make_server_context(leaf_kind::expired));
    auto r = check_url(server.url("/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    EXPECT_TRUE(mentions(r, "expired")) << r.message;
    ASSERT_TRUE(r.tls) << "not_after is reported for an expired certificate too";
    EXPECT_TRUE(is_iso8601_utc(r.tls->not_after)) << r.tls->not_after;
    EXPECT_LT(r.tls->days_left, 0);
    EXPECT_GE(r.tls->days_left, -2);
    EXPECT_EQ(server.total_requests(), 0u);
}

TEST(CheckTls, NotYetValidCertificate) {
    test_server server(make_server_context(leaf_kind::not_yet_valid));
    auto r = check_url(server.url("/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    EXPECT_TRUE(mentions(r, "not yet valid")) << r.message;
}

TEST(CheckTls, WrongHost) {
    test_server server(make_server_context(leaf_kind::wrong_host));
    for (const auto& url : {server.url("/"), server.url("localhost", "/")}) {
        auto r = check_url(url);
        EXPECT_FALSE(r.ok) << url;
        EXPECT_EQ(r.error, error_kind::tls) << url << ": " << describe(r);
        EXPECT_TRUE(mentions(r, "mismatch")) << url << ": " << r.message;
    }
}

TEST(CheckTls, SelfSignedCertificate) {
    test_server server(make_server_context(leaf_kind::self_signed));
    auto r = check_url(server.url("/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    EXPECT_TRUE(mentions(r, "self-signed") || mentions(r, "self signed") || mentions(r, "untrusted"))
        << r.message;
}

TEST(CheckTls, UntrustedIssuer) {
    {
        // Our root is not in the system store.
        test_server server(make_server_context(leaf_kind::valid));
        auto o = fast_tls_check_options();
        o.cacert.clear();
        auto r = check_url(server.url("/"), o);
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    }
    {
        // Signed by a CA other than the one given with --cacert.
        test_server server(make_server_context(leaf_kind::untrusted_root));
        auto r = check_url(server.url("/"));
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    }
    {
        // --cacert replaces the store: the valid leaf's root is not in it.
        test_server server(make_server_context(leaf_kind::valid));
        auto o = fast_tls_check_options();
        o.cacert = other_root_ca_file();
        auto r = check_url(server.url("/"), o);
        EXPECT_FALSE(r.ok);
        EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    }
}

TEST(CheckTls, InsecureAcceptsEveryBadCertificate) {
    for (auto kind : {leaf_kind::expired, leaf_kind::not_yet_valid, leaf_kind::wrong_host, leaf_kind::self_signed,
                      leaf_kind::untrusted_root}) {
        test_server server(make_server_context(kind));
        server.route("/", serve::respond(200));
        auto o = fast_tls_check_options();
        o.insecure = true;
        auto r = check_url(server.url("/"), o);
        EXPECT_TRUE(r.ok) << static_cast<int>(kind) << ": " << describe(r);
        EXPECT_EQ(r.status, 200);
    }
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200));
    auto o = fast_tls_check_options();
    o.insecure = true;
    o.cacert.clear();
    auto r = check_url(server.url("/"), o);
    EXPECT_TRUE(r.ok) << describe(r);
}

TEST(CheckTls, PlainHttpServerOnHttpsUrl) {
    // The plain server answers the ClientHello with "HTTP/1.1 400 ...", which
    // the TLS layer sees as a bad record ("wrong version number").
    test_server server;
    auto r = check_url(server.url("https", "127.0.0.1", "/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::tls) << describe(r);
    EXPECT_EQ(server.total_requests(), 0u);
}

TEST(CheckTls, TlsServerOnHttpUrlIsProtocol) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200));
    auto r = check_url(server.url("http", "127.0.0.1", "/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
}

TEST(CheckTls, HostileBehavioursOverTls) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/hang", serve::never_answer());
    server.route("/reset", serve::reset());
    server.route("/endless", serve::endless_body(false));
    auto o = fast_tls_check_options();
    auto start = clock_type::now();
    auto r = check_url(server.url("/hang"), o);
    EXPECT_EQ(r.error, error_kind::timeout) << describe(r);
    EXPECT_LT(clock_type::now() - start, o.timeout + 1500ms);
    r = check_url(server.url("/reset"), o);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
    start = clock_type::now();
    r = check_url(server.url("/endless"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_LT(clock_type::now() - start, 1s);
}

TEST(CheckTls, HandshakeThatNeverStartsTimesOut) {
    server_options so;
    so.tls = make_server_context(leaf_kind::valid);
    so.on_accept = accept_action::never_read;
    test_server server(so);
    auto o = fast_tls_check_options();
    auto start = clock_type::now();
    auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.error, error_kind::timeout) << describe(r);
    EXPECT_LT(clock_type::now() - start, o.timeout + 1500ms);
}

TEST(CheckTls, UnreadableCacertFailsTheRun) {
    auto o = fast_tls_check_options();
    o.cacert = "/nonexistent/urlcheck-ca.pem";
    std::vector<entry> entries{make_entry("https://127.0.0.1:1/", "arg:1")};
    EXPECT_THROW(run_checks(entries, o, run_hooks{}), std::runtime_error);
}

TEST(CheckTls, NoCredentialsAfterADowngradeToHttp) {
    test_server secure(make_server_context(leaf_kind::valid));
    test_server plain;
    secure.route("/start", serve::redirect(302, plain.url("localhost", "/landing")));
    plain.route("/landing", serve::respond(200));
    auto o = fast_tls_check_options();
    o.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "a=b"}, {"Proxy-Authorization", "Basic eDp5"}};
    const std::string url = "https://user:pw@localhost:" + std::to_string(secure.port()) + "/start";
    auto r = check_url(url, o);
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(secure.last_request() && plain.last_request());
    EXPECT_EQ(secure.last_request()->header("Authorization"), "Bearer secret");
    EXPECT_TRUE(secure.last_request()->has_header("Cookie"));
    for (const char* name : {"Authorization", "Cookie", "Proxy-Authorization"})
        EXPECT_FALSE(plain.last_request()->has_header(name)) << name;
    EXPECT_EQ(r.url, "https://user:***@localhost:" + std::to_string(secure.port()) + "/start");
}

}  // namespace
