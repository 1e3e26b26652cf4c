// Confirm before fail (a second look at transient failures, outside the
// concurrency limits) and politeness per host (--host-interval, host-wide
// Retry-After holds), through run_checks against the test server.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
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
using clock_type = std::chrono::steady_clock;

check_options confirming_options() {
    check_options o = fast_check_options();
    o.confirm = true;
    o.confirm_wait = 200ms;
    return o;
}


// When each request arrived, in arrival order (the server's thread writes,
// the test reads after the run).
struct arrivals {
    std::mutex mutex;
    std::vector<std::pair<std::string, clock_type::time_point>> seen;

    handler record(handler then) {
        return [this, then = std::move(then)](connection& c, const http_request& r) {
            {
                std::lock_guard lock(mutex);
                seen.emplace_back(r.path, clock_type::now());
            }
            return then(c, r);
        };
    }
    clock_type::time_point first(const std::string& path) {
        std::lock_guard lock(mutex);
        for (const auto& [p, t] : seen)
            if (p == path) return t;
        ADD_FAILURE() << "no request for " << path;
        return {};
    }
};

// ----------------------------------------------------------- confirmation

TEST(Confirm, AFailureThatRecoversIsUpAndCountsEveryAttempt) {
    test_server server;
    // HEAD and the GET behind it fail; the confirmation's GET gets 200.
    server.route("/flaky", serve::fail_first(2, serve::respond(503), serve::respond(200)));
    const auto r = run_entries(entries_for({server.url("/flaky")}), confirming_options());
    ASSERT_TRUE(r.results[0]);
    const result& res = *r.results[0];
    EXPECT_EQ(res.state, verdict::up) << describe(res);
    EXPECT_TRUE(res.ok);
    EXPECT_FALSE(res.confirmed);
    EXPECT_EQ(res.attempts, 3) << describe(res);
    EXPECT_EQ(res.method, "GET");
    EXPECT_EQ(r.calls[0], 1);
    // The confirmation went straight to GET: the first look's verdict came from it.
    ASSERT_EQ(server.all_requests().size(), 3u);
    EXPECT_EQ(server.all_requests()[2].method, "GET");
    EXPECT_GE(r.wall, 150ms) << "the confirmation waited --confirm-wait (200 ms, less 20 % jitter at most)";
}

TEST(Confirm, AFailureThatPersistsIsConfirmed) {
    test_server server;
    server.route("/busy", serve::respond(503));
    const auto r = run_entries(entries_for({server.url("/busy")}), confirming_options());
    ASSERT_TRUE(r.results[0]);
    const result& res = *r.results[0];
    EXPECT_EQ(res.state, verdict::down) << describe(res);
    EXPECT_TRUE(res.confirmed);
    EXPECT_EQ(res.attempts, 3) << "HEAD, GET, and the confirmation's GET";
    EXPECT_EQ(server.total_requests(), 3u);
    EXPECT_EQ(r.calls[0], 1);
}

// Without a retry, a timeout gets its second look after --confirm-wait.
TEST(Confirm, ATimeoutIsConfirmedWithOneAttempt) {
    test_server server;
    server.route("/hang", serve::never_answer());
    auto o = confirming_options();
    o.timeout = 200ms;
    o.retries = 0;
    const auto r = run_entries(entries_for({server.url("/hang")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->error, error_kind::timeout) << describe(*r.results[0]);
    EXPECT_TRUE(r.results[0]->confirmed);
    EXPECT_EQ(r.results[0]->attempts, 2) << "one in the first look, one in the second";
    EXPECT_GE(r.wall, 550ms) << "two timeouts and the wait between them (200 ms less 20 % at most)";
}

// Issue 11: a failure its own retry reproduced with the same kind is
// confirmed by that retry. A third look at a hanging URL cost --confirm-wait
// plus another --timeout (32.7 s at the defaults) and told nothing new.
TEST(Confirm, AFailureItsRetryReproducedIsConfirmedWithoutASecondLook) {
    test_server server;
    server.route("/hang", serve::never_answer());
    auto o = confirming_options();
    o.timeout = 200ms;
    o.retries = 1;
    o.retry_wait = 10ms;
    o.confirm_wait = 5000ms;
    const auto r = run_entries(entries_for({server.url("/hang")}), o);
    ASSERT_TRUE(r.results[0]);
    const result& res = *r.results[0];
    EXPECT_EQ(res.error, error_kind::timeout) << describe(res);
    EXPECT_TRUE(res.confirmed) << describe(res);
    EXPECT_EQ(res.attempts, 2) << "the first attempt and its retry; no second look";
    EXPECT_EQ(server.total_requests(), 2u);
    EXPECT_LT(r.wall, 3s) << "no --confirm-wait (5 s) was waited";
}

// A 503 retried into a 503 is the same: confirmed by the retry (GET only:
// HEAD's 503 goes to the GET, which makes its own retry).
TEST(Confirm, AServerErrorItsRetryReproducedIsConfirmedWithoutASecondLook) {
    test_server server;
    server.route("/busy", serve::respond(503));
    auto o = confirming_options();
    o.method = http_method::get;
    o.retries = 1;
    o.confirm_wait = 5000ms;
    const auto r = run_entries(entries_for({server.url("/busy")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::down) << describe(*r.results[0]);
    EXPECT_TRUE(r.results[0]->confirmed);
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_LT(r.wall, 3s);
}

// A retry that fails differently did not reproduce the first failure: the
// second look still comes.
TEST(Confirm, ARetryThatFailsDifferentlyStillGetsTheSecondLook) {
    test_server server;
    // 503, then a timeout; the second look times out again.
    server.route("/odd", serve::fail_first(1, serve::respond(503), serve::never_answer()));
    auto o = confirming_options();
    o.method = http_method::get;
    o.timeout = 300ms;
    o.retries = 1;
    const auto r = run_entries(entries_for({server.url("/odd")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->error, error_kind::timeout) << describe(*r.results[0]);
    EXPECT_EQ(r.results[0]->attempts, 3) << describe(*r.results[0]);
    EXPECT_TRUE(r.results[0]->confirmed);
    EXPECT_EQ(server.total_requests(), 3u);
}

TEST(Confirm, NoConfirmReportsTheFirstLook) {
    test_server server;
    server.route("/busy", serve::respond(503));
    auto o = confirming_options();
    o.confirm = false;
    const auto r = run_entries(entries_for({server.url("/busy")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::down);
    EXPECT_FALSE(r.results[0]->confirmed);
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_EQ(server.total_requests(), 2u);
}

// A retry that succeeds leaves nothing reproduced: a challenge after two
// 503s is unverifiable but not confirmed.
TEST(Confirm, ASuccessAfterARepeatedFailureIsNotConfirmed) {
    test_server server;
    server.route("/wall", serve::fail_first(2, serve::respond(503),
                                            serve::respond(200, {{"cf-mitigated", "challenge"}})));
    auto o = confirming_options();
    o.method = http_method::get;
    o.retries = 2;
    o.retry_wait = 10ms;
    const auto r = run_entries(entries_for({server.url("/wall")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::unverifiable) << describe(*r.results[0]);
    EXPECT_FALSE(r.results[0]->confirmed);
    EXPECT_EQ(r.results[0]->attempts, 3);
}

// With --no-confirm nothing is "confirmed", though the retry failed alike.
TEST(Confirm, NoConfirmNeverSaysConfirmed) {
    test_server server;
    server.route("/busy", serve::respond(503));
    auto o = confirming_options();
    o.confirm = false;
    o.method = http_method::get;
    o.retries = 1;
    const auto r = run_entries(entries_for({server.url("/busy")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_FALSE(r.results[0]->confirmed);
}

// A second look the run deadline cuts short leaves the first look standing,
// and says why it was not confirmed.
TEST(Confirm, ASecondLookCutShortKeepsTheFirst) {
    test_server server;
    server.route("/odd", serve::fail_first(1, serve::respond(500), serve::never_answer()));
    auto o = confirming_options();
    o.method = http_method::get;
    o.timeout = 5000ms;
    o.confirm_wait = 100ms;
    o.max_time = 700ms;
    const auto r = run_entries(entries_for({server.url("/odd")}), o);
    ASSERT_TRUE(r.results[0]);
    const result& res = *r.results[0];
    EXPECT_EQ(res.state, verdict::down) << describe(res);
    EXPECT_EQ(res.status, 500);
    EXPECT_FALSE(res.confirmed);
    EXPECT_NE(res.message.find("(not confirmed: the run deadline came first)"), std::string::npos) << describe(res);
    EXPECT_EQ(server.total_requests(), 2u);
    EXPECT_LT(r.wall, 3s);
}

// Any 5xx gets a second look (issue 6), though 500 is not retried.
TEST(Confirm, AOneOff500IsLookedAtAgain) {
    test_server server;
    server.route("/oops", serve::fail_first(2, serve::respond(500), serve::respond(200)));
    const auto r = run_entries(entries_for({server.url("/oops")}), confirming_options());
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::up) << describe(*r.results[0]);
    EXPECT_EQ(server.total_requests(), 3u) << "HEAD, GET, and the confirmation's GET";
}

TEST(Confirm, AFailureThatIsNoAccidentIsNotLookedAtAgain) {
    test_server server;
    server.route("/gone", serve::respond(404));
    const auto r = run_entries(entries_for({server.url("/gone"), "http://127.0.0.1:" + std::to_string(unused_port()) + "/"}),
                               confirming_options());
    ASSERT_TRUE(r.results[0]);
    EXPECT_FALSE(r.results[0]->confirmed);
    EXPECT_EQ(server.total_requests(), 2u) << "HEAD and GET, no second look at a 404";
    // A refused connection is transient: looked at again.
    ASSERT_TRUE(r.results[1]);
    EXPECT_EQ(r.results[1]->error, error_kind::connect);
    EXPECT_TRUE(r.results[1]->confirmed);
    EXPECT_EQ(r.results[1]->attempts, 2);
}

TEST(Confirm, NeverPastTheRunDeadline) {
    test_server server;
    server.route("/busy", serve::respond(503));
    auto o = confirming_options();
    o.confirm_wait = 2000ms;
    o.max_time = 600ms;
    const auto r = run_entries(entries_for({server.url("/busy")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::down);
    EXPECT_FALSE(r.results[0]->confirmed) << "no time for a second look: the first verdict stands";
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_LT(r.wall, 600ms);
}

// The wait is spent outside the dispatcher: with one slot, the next URL runs
// during it and finishes first.
TEST(Confirm, TheWaitHoldsNoConcurrencySlot) {
    test_server server;
    server.route("/busy", serve::respond(503));
    server.route("/slow", serve::respond(200, {}, "", 300ms));
    auto o = confirming_options();
    o.concurrency = 1;
    o.per_host = 1;
    o.confirm_wait = 1000ms;
    const auto r = run_entries(entries_for({server.url("/busy"), server.url("/slow")}), o);
    ASSERT_EQ(r.order.size(), 2u);
    EXPECT_EQ(r.order[0], 1u) << "the slow URL started during the first one's confirmation wait";
    ASSERT_TRUE(r.results[0]);
    EXPECT_TRUE(r.results[0]->confirmed) << describe(*r.results[0]);
    ASSERT_TRUE(r.results[1]);
    EXPECT_EQ(r.results[1]->state, verdict::up);
    // Progress says a check is waiting for its second look, not done.
    EXPECT_TRUE(std::any_of(r.progress_seen.begin(), r.progress_seen.end(),
                            [](const progress& p) { return p.confirming == 1 && p.done <= 1; }));
}

// ------------------------------------------------------------- politeness

TEST(Politeness, HostIntervalSpacesTheStarts) {
    test_server server;
    arrivals log;
    server.fallback(log.record(serve::respond(200)));
    auto o = fast_check_options();
    o.host_interval = 200ms;
    std::vector<std::string> urls;
    for (int i = 0; i < 4; ++i) urls.push_back(server.url("/p" + std::to_string(i)));
    const auto r = run_entries(entries_for(urls), o);
    for (const auto& res : r.results) EXPECT_TRUE(res && res->ok);
    ASSERT_EQ(log.seen.size(), 4u);
    for (std::size_t i = 1; i < log.seen.size(); ++i)
        EXPECT_GE(log.seen[i].second - log.seen[i - 1].second, 150ms) << i;
    EXPECT_LT(r.wall, 3s);
}

TEST(Politeness, HostIntervalDoesNotHoldUpOtherHosts) {
    test_server server;
    arrivals log;
    server.fallback(log.record(serve::respond(200)));
    auto o = fast_check_options();
    o.host_interval = 1000ms;
    // Two for 127.0.0.1, one for localhost (another host to the dispatcher).
    const auto r = run_entries(
        entries_for({server.url("/a1"), server.url("/a2"), server.url("localhost", "/b1")}), o);
    for (const auto& res : r.results) EXPECT_TRUE(res && res->ok);
    EXPECT_LT(log.first("/b1") - log.first("/a1"), 500ms);
    EXPECT_GE(log.first("/a2") - log.first("/a1"), 900ms);
}

TEST(Politeness, RetryAfterHoldsTheWholeHost) {
    test_server server;
    arrivals log;
    server.route("/limited", log.record(serve::respond(429, {{"Retry-After", "1"}})));
    server.fallback(log.record(serve::respond(200)));
    auto o = fast_check_options();
    o.concurrency = 1;
    const auto r = run_entries(entries_for({server.url("/limited"), server.url("/next"), server.url("localhost", "/other")}), o);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->status, 429);
    ASSERT_TRUE(r.results[1]);
    EXPECT_TRUE(r.results[1]->ok);
    EXPECT_GE(log.first("/next") - log.first("/limited"), 900ms) << "the host was held for Retry-After";
    EXPECT_LT(log.first("/other") - log.first("/limited"), 500ms) << "another host was not";
    EXPECT_LT(r.wall, 3s);
}

TEST(Politeness, AHoldEndsAtTheRunDeadline) {
    test_server server;
    server.route("/limited", serve::respond(503, {{"Retry-After", "5"}}));
    server.fallback(serve::respond(200));
    auto o = fast_check_options();
    o.concurrency = 1;
    o.max_retry_after = 10000ms;
    o.max_time = 700ms;
    const auto r = run_entries(entries_for({server.url("/limited"), server.url("/next")}), o);
    EXPECT_LT(r.wall, 1500ms);
    ASSERT_TRUE(r.results[1]);
    EXPECT_EQ(r.results[1]->state, verdict::skipped) << "held past the deadline: never started";
}

}  // namespace
