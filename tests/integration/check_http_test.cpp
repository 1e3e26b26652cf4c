// HTTP checks end to end: run_checks (public API) against the in-process
// test server, one behaviour per test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "support/engine_run.hpp"
#include "support/result_matchers.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;
using clock_type = std::chrono::steady_clock;

using run_result = engine_run;

run_result run(const std::vector<entry>& entries, const check_options& o) { return run_entries(entries, o); }

run_result run_urls(const std::vector<std::string>& urls, const check_options& o) {
    return run_entries(entries_for(urls), o);
}

// Checks one URL; the result must exist exactly once.
result check_url(const std::string& url, const check_options& o = fast_check_options(),
                 clock_type::duration* wall = nullptr) {
    auto r = run_urls({url}, o);
    EXPECT_EQ(r.calls.at(0), 1) << url;
    EXPECT_EQ(r.outcome.finished, 1u);
    if (wall) *wall = r.wall;
    return r.results.at(0).value_or(result{});
}




TEST(CheckHttp, Ok200) {
    test_server server;
    server.route("/ok", serve::respond(200, {}, "fine"));
    const std::string url = server.url("/ok");
    auto r = check_url(url);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.error, error_kind::none);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.message.empty()) << r.message;
    EXPECT_EQ(r.url, url);
    EXPECT_EQ(r.final_url, url);
    EXPECT_EQ(r.source, "arg:1");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(r.redirects, 0);
    EXPECT_GT(r.time_ms, 0.0);
    EXPECT_FALSE(r.timings.dns_ms) << "no DNS for an IP literal";
    EXPECT_TRUE(r.timings.connect_ms);
    EXPECT_FALSE(r.timings.tls_ms) << "no TLS for http";
    EXPECT_TRUE(r.timings.ttfb_ms);
    EXPECT_FALSE(r.tls);
    // --method auto: a HEAD that is accepted is the whole check.
    EXPECT_EQ(server.requests("/ok"), 1u);
    EXPECT_EQ(server.last_request()->method, "HEAD");
    EXPECT_EQ(r.method, "HEAD");
}

TEST(CheckHttp, NotFoundIsStatusError) {
    test_server server;
    auto r = check_url(server.url("/missing"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_EQ(r.status, 404);
    EXPECT_FALSE(r.message.empty());
}

TEST(CheckHttp, ServiceUnavailableIsStatusError) {
    test_server server;
    server.route("/busy", serve::respond(503));
    auto r = check_url(server.url("/busy"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_EQ(r.status, 503);
    // --method auto: HEAD's 503 is confirmed by a GET at once, not retried.
    EXPECT_EQ(r.attempts, 2);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(server.requests("/busy"), 2u);
}

TEST(CheckHttp, RedirectChainOfThreeHops) {
    test_server server;
    server.route("/r1", serve::redirect(301, server.url("/r2")));  // absolute
    server.route("/r2", serve::redirect(302, "/r3"));              // path-absolute
    server.route("/r3", serve::redirect(307, "final"));            // relative
    server.route("/final", serve::respond(200, {}, "here"));
    auto r = check_url(server.url("/r1"));
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.redirects, 3);
    EXPECT_EQ(r.url, server.url("/r1"));
    EXPECT_EQ(r.final_url, server.url("/final"));
    EXPECT_EQ(server.requests("/final"), 1u);
}

TEST(CheckHttp, RelativeRedirectWithDotDot) {
    test_server server;
    server.route("/x/y/z", serve::redirect(302, "../b"));
    server.route("/x/b", serve::respond(200));
    auto r = check_url(server.url("/x/y/z"));
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.final_url, server.url("/x/b"));
    EXPECT_EQ(r.redirects, 1);
}

TEST(CheckHttp, RedirectLoopIsTooManyRedirects) {
    test_server server;
    server.route("/loop1", serve::redirect(302, "/loop2"));
    server.route("/loop2", serve::redirect(302, "/loop1"));
    auto o = fast_check_options();
    o.max_redirects = 5;
    clock_type::duration wall{};
    auto r = check_url(server.url("/loop1"), o, &wall);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::too_many_redirects) << describe(r);
    // Stopped by loop detection (2 requests) or by the limit (6 requests).
    EXPECT_GE(server.requests("/loop1") + server.requests("/loop2"), 2u);
    EXPECT_LE(server.requests("/loop1") + server.requests("/loop2"), 6u);
    EXPECT_LT(wall, 3s);
}

TEST(CheckHttp, ChainLongerThanMaxRedirects) {
    test_server server;
    for (int i = 0; i < 10; ++i)
        server.route("/c" + std::to_string(i), serve::redirect(302, "/c" + std::to_string(i + 1)));
    server.route("/c10", serve::respond(200));
    auto o = fast_check_options();
    o.max_redirects = 5;
    auto r = check_url(server.url("/c0"), o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::too_many_redirects) << describe(r);
    // 1 request + 5 followed redirects; the 6th Location is not followed.
    EXPECT_EQ(server.total_requests(), 6u);
    EXPECT_EQ(server.requests("/c6"), 0u);

    // Exactly max_redirects hops is fine.
    server.clear_stats();
    r = check_url(server.url("/c5"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.redirects, 5);
    EXPECT_EQ(r.final_url, server.url("/c10"));
}

TEST(CheckHttp, MaxRedirectsZeroReportsTheRedirect) {
    test_server server;
    server.route("/moved", serve::redirect(301, "/new"));
    server.route("/new", serve::respond(200));
    auto o = fast_check_options();
    o.max_redirects = 0;
    auto r = check_url(server.url("/moved"), o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.redirects, 0);
    EXPECT_EQ(r.final_url, server.url("/moved"));
    EXPECT_EQ(server.requests("/new"), 0u);

    o.accept = *accept_list::parse("200-299,301");
    r = check_url(server.url("/moved"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.status, 301);
}

TEST(CheckHttp, NeverAnsweringServerTimesOut) {
    test_server server;
    server.route("/hang", serve::never_answer());
    auto o = fast_check_options();
    clock_type::duration wall{};
    auto r = check_url(server.url("/hang"), o, &wall);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::timeout) << describe(r);
    EXPECT_TRUE(mentions(r, "time")) << r.message;  // "timeout"/"timed out", naming the phase
    EXPECT_FALSE(r.status);
    EXPECT_GE(wall, o.timeout - 100ms);
    EXPECT_LT(wall, o.timeout + 1500ms);
}

TEST(CheckHttp, TrickledHeadersTimeOutAtTheDeadline) {
    test_server server;
    server.route("/trickle", serve::trickle_headers(50ms));
    auto o = fast_check_options();
    clock_type::duration wall{};
    auto r = check_url(server.url("/trickle"), o, &wall);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::timeout) << describe(r);
    EXPECT_GE(wall, o.timeout - 100ms);
    EXPECT_LT(wall, o.timeout + 1500ms);
}

TEST(CheckHttp, ConnectionRefused) {
    clock_type::duration wall{};
    auto r = check_url("http://127.0.0.1:" + std::to_string(unused_port()) + "/", fast_check_options(), &wall);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::connect) << describe(r);
    EXPECT_FALSE(r.message.empty());
    EXPECT_LT(wall, 1s);
}

TEST(CheckHttp, GarbageResponseIsProtocol) {
    test_server server;
    server.route("/ssh", serve::garbage());
    server.route("/random", serve::random_bytes());
    for (const char* path : {"/ssh", "/random"}) {
        clock_type::duration wall{};
        auto r = check_url(server.url(path), fast_check_options(), &wall);
        EXPECT_FALSE(r.ok) << path;
        EXPECT_EQ(r.error, error_kind::protocol) << path << ": " << describe(r);
        EXPECT_LT(wall, 1s) << path;
    }
}

TEST(CheckHttp, StatusBelow100IsProtocol) {
    // Found by fuzz_response: Beast parses "099" as a status, which was then
    // reported as if the server had answered with a real one.
    test_server server;
    server.route("/099", serve::garbage("HTTP/1.1 099 Continue\r\nContent-Length: 0\r\n\r\n"));
    auto r = check_url(server.url("/099"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
    EXPECT_NE(r.message.find("status 099 is below 100"), std::string::npos) << describe(r);
    EXPECT_FALSE(r.status);
}

TEST(CheckHttp, SshBannerOnAcceptIsProtocol) {
    server_options so;
    so.on_accept = accept_action::garbage;
    test_server server(so);
    auto r = check_url(server.url("/"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
}

TEST(CheckHttp, EmptyReplyIsProtocol) {
    test_server server;
    server.route("/empty", serve::empty_reply());
    auto r = check_url(server.url("/empty"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
    EXPECT_FALSE(r.status);
}

TEST(CheckHttp, ResetAfterRequestIsProtocol) {
    test_server server;
    server.route("/reset", serve::reset());
    auto r = check_url(server.url("/reset"));
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
}

TEST(CheckHttp, ResetOrCloseRightAfterAccept) {
    for (auto action : {accept_action::reset, accept_action::close}) {
        server_options so;
        so.on_accept = action;
        test_server server(so);
        auto r = check_url(server.url("/"));
        EXPECT_FALSE(r.ok);
        EXPECT_TRUE(r.error == error_kind::protocol || r.error == error_kind::connect) << describe(r);
    }
}

TEST(CheckHttp, EndlessBodyIsCappedNotAwaited) {
    test_server server;
    server.route("/endless", serve::endless_body(false));
    server.route("/chunked", serve::endless_body(true));
    auto o = fast_check_options();
    o.timeout = 5000ms;
    for (const char* path : {"/endless", "/chunked"}) {
        clock_type::duration wall{};
        auto r = check_url(server.url(path), o, &wall);
        EXPECT_TRUE(r.ok) << path << ": " << describe(r);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_LT(wall, 2s) << path;
    }
}

TEST(CheckHttp, RetryAfterOneFailureSucceeds) {
    test_server server;
    server.route("/flaky", serve::fail_first(1, serve::respond(503), serve::respond(200)));
    auto o = fast_check_options();
    o.retries = 1;
    auto r = check_url(server.url("/flaky"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.attempts, 2);
    EXPECT_EQ(server.requests("/flaky"), 2u);
}

TEST(CheckHttp, NoRetriesMeansOneAttempt) {
    test_server server;
    server.route("/flaky", serve::fail_first(1, serve::respond(503), serve::respond(200)));
    auto o = fast_check_options();
    o.retries = 0;
    o.method = http_method::get;  // under auto, the GET after HEAD's 503 would be a second attempt
    auto r = check_url(server.url("/flaky"), o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(server.requests("/flaky"), 1u);
}

TEST(CheckHttp, HeadMethodSendsHead) {
    test_server server;
    server.route("/h", serve::respond(200, {}, "body"));
    auto o = fast_check_options();
    o.method = http_method::head;
    auto r = check_url(server.url("/h"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(server.last_request());
    EXPECT_EQ(server.last_request()->method, "HEAD");
}

TEST(CheckHttp, HeadersAndUserAgentAreSent) {
    test_server server;
    server.route("/h", serve::respond(200));
    auto o = fast_check_options();
    o.headers = {{"X-Custom", "abc 123"}, {"Authorization", "Bearer secret"}};
    o.user_agent = "ua-test/9";
    auto r = check_url(server.url("/h"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    auto req = server.last_request();
    ASSERT_TRUE(req);
    EXPECT_EQ(req->header("X-Custom"), "abc 123");
    EXPECT_EQ(req->header("Authorization"), "Bearer secret");
    EXPECT_EQ(req->header("User-Agent"), "ua-test/9");
    EXPECT_FALSE(req->header("Host").empty());
}

TEST(CheckHttp, DefaultUserAgentNamesUrlcheck) {
    test_server server;
    server.route("/h", serve::respond(200));
    auto r = check_url(server.url("/h"));
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(server.last_request()->header("User-Agent").rfind("urlcheck/", 0), 0u)
        << server.last_request()->header("User-Agent");
}

// The -H headers of the credential tests: the three that carry credentials
// (in the letter cases users type) and one that does not.
check_options with_credential_headers() {
    auto o = fast_check_options();
    o.headers = {{"Authorization", "Bearer secret"},
                 {"cookie", "session=s3cret"},
                 {"PROXY-AUTHORIZATION", "Basic cHJveHk6cHc="},
                 {"X-Custom", "kept"}};
    return o;
}

void expect_credentials(const http_request& r, bool sent) {
    for (const char* name : {"Authorization", "Cookie", "Proxy-Authorization"})
        EXPECT_EQ(r.has_header(name), sent) << r.path << ": " << name << ": " << r.header(name);
    EXPECT_EQ(r.header("X-Custom"), "kept") << r.path;
}

TEST(CheckHttp, CredentialHeadersNotForwardedToAnotherHost) {
    test_server first;
    test_server second;
    // 127.0.0.1 and localhost are two hosts to the client.
    first.route("/start", serve::redirect(302, second.url("localhost", "/landing")));
    second.route("/landing", serve::respond(200));
    auto r = check_url(first.url("/start"), with_credential_headers());
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.redirects, 1);
    ASSERT_TRUE(first.last_request() && second.last_request());
    expect_credentials(*first.last_request(), true);
    EXPECT_EQ(first.last_request()->header("Cookie"), "session=s3cret");
    expect_credentials(*second.last_request(), false);
}

TEST(CheckHttp, CredentialHeadersNotForwardedToAnotherPort) {
    test_server first;
    test_server second;  // the same host, 127.0.0.1, on another port: another origin
    first.route("/start", serve::redirect(307, second.url("/landing")));
    second.route("/landing", serve::respond(200));
    auto r = check_url(first.url("/start"), with_credential_headers());
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(first.last_request() && second.last_request());
    expect_credentials(*first.last_request(), true);
    expect_credentials(*second.last_request(), false);
}

TEST(CheckHttp, CredentialHeadersFollowASameOriginRedirect) {
    test_server server;
    server.route("/start", serve::redirect(301, "/next"));
    server.route("/next", serve::redirect(302, server.url("/landing")));
    server.route("/landing", serve::respond(200));
    auto r = check_url(server.url("/start"), with_credential_headers());
    EXPECT_TRUE(r.ok) << describe(r);
    auto requests = server.all_requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& req : requests) expect_credentials(req, true);
}

TEST(CheckHttp, CredentialsStayBehindOnceTheyLeftTheOrigin) {
    test_server first;
    test_server second;
    first.route("/start", serve::redirect(302, second.url("localhost", "/away")));
    second.route("/away", serve::redirect(302, first.url("/back")));
    first.route("/back", serve::respond(200));
    auto r = check_url(first.url("/start"), with_credential_headers());
    EXPECT_TRUE(r.ok) << describe(r);
    auto requests = first.all_requests();
    ASSERT_EQ(requests.size(), 2u);
    expect_credentials(requests[0], true);
    expect_credentials(requests[1], false);  // back at the first origin, after a detour
}

TEST(CheckHttp, UserinfoIsSentAsBasicAuthAndRedacted) {
    test_server server;
    server.route("/start", serve::redirect(302, "/landing"));
    server.route("/landing", serve::respond(200));
    const std::string url = "http://user:p%40ss@127.0.0.1:" + std::to_string(server.port()) + "/start";
    auto r = check_url(url);
    EXPECT_TRUE(r.ok) << describe(r);
    auto requests = server.all_requests();
    ASSERT_EQ(requests.size(), 2u);
    for (const auto& req : requests) EXPECT_EQ(req.header("Authorization"), "Basic dXNlcjpwQHNz") << req.path;  // user:p@ss
    const std::string port = std::to_string(server.port());
    EXPECT_EQ(r.url, "http://user:***@127.0.0.1:" + port + "/start");
    EXPECT_EQ(r.final_url, "http://user:***@127.0.0.1:" + port + "/landing");
}

TEST(CheckHttp, UserinfoIsNotSentToAnotherOrigin) {
    test_server first;
    test_server second;
    first.route("/start", serve::redirect(302, second.url("localhost", "/landing")));
    second.route("/landing", serve::respond(404));
    const std::string url = "http://user:topsecret@127.0.0.1:" + std::to_string(first.port()) + "/start";
    auto r = check_url(url);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    ASSERT_TRUE(first.last_request() && second.last_request());
    EXPECT_EQ(first.last_request()->header("Authorization"), "Basic dXNlcjp0b3BzZWNyZXQ=");
    EXPECT_FALSE(second.last_request()->has_header("Authorization"));
    EXPECT_EQ(describe(r).find("topsecret"), std::string::npos) << describe(r);
}

TEST(CheckHttp, HeaderAuthorizationWinsOverUserinfo) {
    test_server server;
    server.route("/", serve::respond(200));
    auto o = fast_check_options();
    o.headers = {{"authorization", "Bearer token"}};
    auto r = check_url("http://user:pw@127.0.0.1:" + std::to_string(server.port()) + "/", o);
    EXPECT_TRUE(r.ok) << describe(r);
    ASSERT_TRUE(server.last_request());
    auto req = *server.last_request();
    EXPECT_EQ(req.header("Authorization"), "Bearer token");
    EXPECT_EQ(std::count_if(req.headers.begin(), req.headers.end(),
                            [](const auto& h) { return lower(h.first) == "authorization"; }),
              1);
}

TEST(CheckHttp, PasswordInALocationIsNeitherUsedNorReported) {
    test_server server;
    const std::string port = std::to_string(server.port());
    server.route("/start", serve::redirect(302, "http://evil:topsecret@localhost:" + port + "/landing"));
    server.route("/landing", serve::respond(503));
    auto r = check_url(server.url("/start"));
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_EQ(r.final_url, "http://evil:***@localhost:" + port + "/landing");
    ASSERT_TRUE(server.last_request());
    EXPECT_FALSE(server.last_request()->has_header("Authorization"));

    // Not followed: the Location is quoted in the message.
    auto o = fast_check_options();
    o.max_redirects = 0;
    r = check_url(server.url("/start"), o);
    EXPECT_EQ(r.error, error_kind::status) << describe(r);
    EXPECT_NE(r.message.find("evil:***@localhost"), std::string::npos) << r.message;
    EXPECT_EQ(describe(r).find("topsecret"), std::string::npos) << describe(r);
}

TEST(CheckHttp, PasswordOfAnInvalidEntryIsRedacted) {
    auto r = run(
        {make_entry("https://user:pass word@example.test/", "list:1"), make_entry("user:1234@[bad/", "list:2")},
        fast_check_options());
    ASSERT_TRUE(r.results[0] && r.results[1]);
    EXPECT_EQ(r.results[0]->error, error_kind::invalid_url);
    EXPECT_EQ(r.results[0]->url, "https://user:***@example.test/");
    EXPECT_EQ(r.results[1]->error, error_kind::invalid_url);
    EXPECT_EQ(r.results[1]->url, "user:***@[bad/");
    for (const auto& res : r.results) EXPECT_EQ(res->message.find("pass"), std::string::npos) << res->message;
}

TEST(CheckHttp, SameUrlTwiceIsCheckedOnce) {
    test_server server;
    server.route("/dup", serve::respond(200));
    auto r = run_urls({server.url("/dup"), server.url("/dup")}, fast_check_options());
    ASSERT_EQ(r.calls, (std::vector<int>{1, 1}));
    ASSERT_TRUE(r.results[0] && r.results[1]);
    EXPECT_TRUE(r.results[0]->ok) << describe(*r.results[0]);
    EXPECT_TRUE(r.results[1]->ok) << describe(*r.results[1]);
    EXPECT_EQ(r.results[0]->status, 200);
    EXPECT_EQ(r.results[1]->status, 200);
    EXPECT_EQ(r.results[0]->source, "arg:1");
    EXPECT_EQ(r.results[1]->source, "arg:2");
    EXPECT_EQ(server.requests("/dup"), 1u);
    EXPECT_EQ(r.outcome.finished, 2u);
}

TEST(CheckHttp, AcceptListMakes404Ok) {
    test_server server;
    auto o = fast_check_options();
    std::string error;
    auto accept = accept_list::parse("200-299,404", &error);
    ASSERT_TRUE(accept) << error;
    o.accept = *accept;
    auto r = check_url(server.url("/missing"), o);
    EXPECT_TRUE(r.ok) << describe(r);
    EXPECT_EQ(r.error, error_kind::none);
    EXPECT_EQ(r.status, 404);
}

TEST(CheckHttp, InvalidEntriesYieldInvalidUrlResults) {
    test_server server;
    server.route("/ok", serve::respond(200));
    std::vector<entry> entries = {
        make_entry("ftp://example.com/file", "list.txt:1"),
        make_entry(server.url("/ok"), "list.txt:2"),
        make_entry("http://exa mple.com/", "list.txt:3"),
    };
    ASSERT_FALSE(entries[0].error.empty());
    ASSERT_TRUE(entries[1].error.empty()) << entries[1].error;
    ASSERT_FALSE(entries[2].error.empty());
    auto r = run(entries, fast_check_options());
    ASSERT_EQ(r.calls, (std::vector<int>{1, 1, 1}));
    EXPECT_EQ(r.outcome.finished, 3u);
    for (std::size_t i : {0u, 2u}) {
        const auto& res = *r.results[i];
        EXPECT_FALSE(res.ok);
        EXPECT_EQ(res.error, error_kind::invalid_url) << describe(res);
        EXPECT_EQ(res.url, entries[i].url);
        EXPECT_EQ(res.source, entries[i].source);
        EXPECT_TRUE(res.final_url.empty());
        EXPECT_FALSE(res.message.empty());
        EXPECT_EQ(res.attempts, 0);
        EXPECT_FALSE(res.status);
    }
    EXPECT_TRUE(r.results[1]->ok) << describe(*r.results[1]);
    EXPECT_EQ(server.total_requests(), 1u);
}

}  // namespace

namespace {

TEST(CheckHttp, ControlCharacterInTheHostIsInvalid) {
    test_server server;
    server.route("/", serve::respond(200));
    auto r = run({make_entry("http://localhost%00x:" + std::to_string(server.port()) + "/", "t:1")}, fast_check_options());
    ASSERT_TRUE(r.results[0]);
    EXPECT_FALSE(r.results[0]->ok);
    EXPECT_EQ(r.results[0]->error, error_kind::invalid_url) << r.results[0]->message;
    EXPECT_EQ(server.total_requests(), 0u);
}

}  // namespace
