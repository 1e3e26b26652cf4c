// --method auto: HEAD first, and a GET that reads only the response header
// when HEAD's answer cannot be trusted. The server tells which requests it
// saw and in what order.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/engine_run.hpp"
#include "support/result_matchers.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;

// One handler for HEAD, another for every other method.
handler by_method(handler head, handler other) {
    return [head = std::move(head), other = std::move(other)](connection& c, const http_request& r) {
        return r.method == "HEAD" ? head(c, r) : other(c, r);
    };
}

// "HEAD /path", "GET /path", ... as the server saw them.
std::vector<std::string> seen(const test_server& server) {
    std::vector<std::string> out;
    for (const auto& r : server.all_requests()) out.push_back(r.method + " " + r.path);
    return out;
}

result check_one(const std::string& url, const check_options& o = fast_check_options()) {
    auto run = run_entries(entries_for({url}), o);
    EXPECT_EQ(run.calls.at(0), 1);
    return run.results.at(0).value_or(result{});
}


// A 503 that asks for a pause is no answer about HEAD: HEAD waits and tries
// again (holding the host), rather than a GET at the same moment.
TEST(MethodAuto, ServiceUnavailableWithRetryAfterWaitsInsteadOfGet) {
    test_server server;
    server.route("/busy", serve::fail_first(1, serve::respond(503, {{"Retry-After", "1"}}), serve::respond(200)));
    check_options o = fast_check_options();
    o.retries = 1;
    const auto started = std::chrono::steady_clock::now();
    const auto r = check_one(server.url("/busy"), o);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 900ms);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.method, "HEAD");
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /busy", "HEAD /busy"}));
}

TEST(MethodAuto, AcceptedHeadIsTheWholeCheck) {
    test_server server;
    server.route("/ok", serve::respond(200, {}, "body"));
    const auto r = check_one(server.url("/ok"));
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.method, "HEAD");
    EXPECT_EQ(r.attempts, 1);
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /ok"}));
}

// Only a GET that reads the body can find it cut short: HEAD reads none,
// and the GET after an untrusted HEAD answer stops after the header.
TEST(MethodAuto, ABodyCutShortCountsOnlyWhereTheBodyIsRead) {
    const std::string head_75 = "HTTP/1.1 200 OK\r\nContent-Length: 75\r\n\r\n";
    test_server server;
    server.route("/cut", by_method(serve::garbage(head_75), serve::garbage(head_75 + "012345")));
    server.route("/cut-after-405", by_method(serve::respond(405), serve::garbage(head_75 + "012345")));

    const auto head = check_one(server.url("/cut"));
    EXPECT_EQ(head.state, verdict::up) << describe(head);
    EXPECT_EQ(head.method, "HEAD");
    const auto header_only = check_one(server.url("/cut-after-405"));
    EXPECT_EQ(header_only.state, verdict::up) << describe(header_only);
    EXPECT_EQ(header_only.method, "GET");
    EXPECT_EQ(header_only.status, 200);

    check_options o = fast_check_options();
    o.method = http_method::head;
    const auto only_head = check_one(server.url("/cut"), o);
    EXPECT_EQ(only_head.state, verdict::up) << describe(only_head);
    o.method = http_method::get;
    for (const char* path : {"/cut", "/cut-after-405"}) {
        const auto get = check_one(server.url(path), o);
        EXPECT_EQ(get.state, verdict::down) << path << ": " << describe(get);
        EXPECT_EQ(get.error, error_kind::protocol) << path;
        EXPECT_EQ(get.status, 200) << path;
        EXPECT_EQ(get.message, "body cut short: connection closed after 6 of 75 bytes") << path;
    }
}

TEST(MethodAuto, HeadNotAllowedFallsBackToGet) {
    test_server server;
    server.route("/only-get", by_method(serve::respond(405, {{"Allow", "GET"}}), serve::respond(200, {}, "hi")));
    const auto r = check_one(server.url("/only-get"));
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.attempts, 2) << "the HEAD counts as an attempt";
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /only-get", "GET /only-get"}));
}

TEST(MethodAuto, NotImplementedAndNotFoundOnHeadAreAskedAgainWithGet) {
    test_server server;
    server.route("/501", by_method(serve::respond(501), serve::respond(200)));
    server.route("/404", by_method(serve::respond(404), serve::respond(200)));
    for (const char* path : {"/501", "/404"}) {
        const auto r = check_one(server.url(path));
        EXPECT_EQ(r.state, verdict::up) << path << ": " << describe(r);
        EXPECT_EQ(r.method, "GET") << path;
    }
}

TEST(MethodAuto, TheGetsAnswerIsTheVerdict) {
    test_server server;
    server.route("/gone", serve::respond(404));
    const auto r = check_one(server.url("/gone"));
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /gone", "GET /gone"}));
}

TEST(MethodAuto, ResetOnHeadFallsBackToGet) {
    test_server server;
    server.route("/x", by_method(serve::reset(), serve::respond(200)));
    server.route("/y", by_method(serve::empty_reply(), serve::respond(200)));
    for (const char* path : {"/x", "/y"}) {
        const auto r = check_one(server.url(path));
        EXPECT_EQ(r.state, verdict::up) << path << ": " << describe(r);
        EXPECT_EQ(r.method, "GET") << path;
    }
}

// The GET only confirms: it stops after the header, so an endless body costs
// nothing, and its connection is closed rather than pooled with unread bytes.
TEST(MethodAuto, TheGetReadsNoBody) {
    test_server server;
    server.route("/endless", by_method(serve::respond(405), serve::endless_body()));
    const auto r = run_entries(entries_for({server.url("/endless")}), fast_check_options());
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::up) << describe(*r.results[0]);
    EXPECT_EQ(r.results[0]->method, "GET");
    EXPECT_LT(r.wall, 1s);
}

TEST(MethodAuto, TheGetsConnectionIsNotPooled) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/g", by_method(serve::respond(405), serve::respond(200, {}, "ok")));
    auto o = fast_check_options();
    o.concurrency = 1;
    o.per_host = 1;
    const auto r = run_entries(entries_for({server.url("/g?1"), server.url("/g?2")}), o);
    for (const auto& res : r.results) EXPECT_TRUE(res && res->ok);
    // Each HEAD leaves its connection in the pool, the GET behind it takes it
    // and closes it: two connections for four requests (one if the GET's
    // connection were pooled).
    EXPECT_EQ(server.total_requests(), 4u);
    EXPECT_EQ(server.connections(), 2u);
}

TEST(MethodAuto, RedirectsAreFollowedWithTheSameMethodAndA405AfterThemFallsBack) {
    test_server server;
    server.route("/start", serve::redirect(301, "/end"));
    server.route("/end", by_method(serve::respond(405), serve::respond(200)));
    const auto r = check_one(server.url("/start"));
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.redirects, 1);
    EXPECT_EQ(r.final_url, server.url("/end"));
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /start", "HEAD /end", "GET /start", "GET /end"}));
}

TEST(MethodAuto, FailuresThatDoNotDependOnTheMethodDoNotFallBack) {
    test_server server;
    server.route("/hang", serve::never_answer());
    server.route("/limited", serve::respond(429));
    auto o = fast_check_options();
    o.timeout = 300ms;
    for (const char* path : {"/hang", "/limited"}) {
        const auto r = check_one(server.url(path), o);
        EXPECT_NE(r.state, verdict::up) << path;
        EXPECT_EQ(r.method, "HEAD") << path << ": " << describe(r);
        EXPECT_EQ(r.attempts, 1) << path;
    }
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /hang", "HEAD /limited"}));
}

// A transient HEAD failure that then turns into one worth a GET: retries
// belong to the method that failed, the GET gets its own.
TEST(MethodAuto, RetriesApplyToTheMethodThatFailed) {
    test_server server;
    server.route("/flaky", by_method(serve::fail_first(1, serve::respond(429), serve::respond(405)),
                                     serve::fail_first(1, serve::respond(503), serve::respond(200))));
    auto o = fast_check_options();
    o.retries = 1;
    o.retry_wait = 10ms;
    const auto r = check_one(server.url("/flaky"), o);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.attempts, 4);
    EXPECT_EQ(seen(server), (std::vector<std::string>{"HEAD /flaky", "HEAD /flaky", "GET /flaky", "GET /flaky"}));
}

TEST(MethodForced, GetAndHeadAreSentAsGiven) {
    test_server server;
    server.route("/only-get", by_method(serve::respond(405), serve::respond(200)));
    auto o = fast_check_options();
    o.method = http_method::get;
    auto r = check_one(server.url("/only-get"), o);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.method, "GET");
    o.method = http_method::head;
    r = check_one(server.url("/only-get"), o);
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.method, "HEAD");
    EXPECT_EQ(seen(server), (std::vector<std::string>{"GET /only-get", "HEAD /only-get"}));
}

// Issue 11: a host that refuses HEAD cost every check a HEAD, a GET and a
// connection (20,000 URLs: 3.2-3.6 s against 0.7-0.9 s with GET). After
// three refusals in a row its other checks go straight to GET, said once.
TEST(MethodAuto, AnOriginThatRefusesHeadGetsGetOnly) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.fallback(by_method(serve::respond(405), serve::respond(200)));
    std::vector<std::string> urls;
    for (int i = 0; i < 10; ++i) urls.push_back(server.url("/p" + std::to_string(i)));
    check_options o = fast_check_options();
    o.concurrency = 1;  // one at a time: the refusals are seen before the later checks start
    const auto run = run_entries(entries_for(urls), o);
    for (std::size_t i = 0; i < urls.size(); ++i) {
        ASSERT_TRUE(run.results[i]) << i;
        EXPECT_EQ(run.results[i]->state, verdict::up) << i << " " << describe(*run.results[i]);
        EXPECT_EQ(run.results[i]->method, "GET") << i;
        EXPECT_EQ(run.results[i]->attempts, i < 3 ? 2 : 1) << i;
    }
    std::size_t heads = 0;
    for (const auto& r : server.all_requests()) heads += r.method == "HEAD";
    EXPECT_EQ(heads, 3u);
    // The GETs after the decision read their bodies and keep their
    // connection, as under --method GET: one connection for the seven.
    EXPECT_EQ(server.connections(), 4u) << "one kept for the HEADs, three GETs closed after the header, "
                                           "and the HEADs' connection again for the seven";
    ASSERT_EQ(run.details.size(), 1u);
    EXPECT_NE(run.details[0].find("refused HEAD 3 times in a row (last: status 405): its other checks use GET"),
              std::string::npos)
        << run.details[0];
    EXPECT_NE(run.details[0].find("http://127.0.0.1:"), std::string::npos) << run.details[0];
}

// A HEAD answered in between starts the count again; a HEAD and a GET that
// agree (404 both) show that HEAD works.
TEST(MethodAuto, HeadAnswersInBetweenKeepHead) {
    test_server server;
    server.fallback(by_method(serve::respond(405), serve::respond(200)));
    std::vector<std::string> urls;
    for (int i = 0; i < 4; ++i) {
        const std::string n = std::to_string(i);
        server.route("/gone" + n, serve::respond(404));
        for (const std::string& path : {"/a" + n, "/b" + n, "/gone" + n}) urls.push_back(server.url(path));
    }
    check_options o = fast_check_options();
    o.concurrency = 1;
    const auto run = run_entries(entries_for(urls), o);
    EXPECT_TRUE(run.details.empty()) << run.details.front();
    std::size_t heads = 0;
    for (const auto& r : server.all_requests()) heads += r.method == "HEAD";
    EXPECT_EQ(heads, 12u) << "every check started with HEAD";
}

// Another origin (another port) keeps HEAD.
TEST(MethodAuto, GetOnlyIsPerOrigin) {
    test_server refusing;
    refusing.fallback(by_method(serve::respond(405), serve::respond(200)));
    test_server fine;
    fine.fallback(serve::respond(200));
    std::vector<std::string> urls;
    for (int i = 0; i < 4; ++i) urls.push_back(refusing.url("/r" + std::to_string(i)));
    for (int i = 0; i < 3; ++i) urls.push_back(fine.url("/f" + std::to_string(i)));
    check_options o = fast_check_options();
    o.concurrency = 1;
    const auto run = run_entries(entries_for(urls), o);
    EXPECT_EQ(run.details.size(), 1u);
    for (std::size_t i = 4; i < urls.size(); ++i) EXPECT_EQ(run.results[i]->method, "HEAD") << i;
    EXPECT_EQ(fine.all_requests().size(), 3u);
}

}  // namespace
