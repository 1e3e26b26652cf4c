// The engine as a whole: concurrency, the global and per-host limits, and
// the once-per-entry result contract, through run_checks.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "support/descriptors.hpp"
#include "support/engine_run.hpp"
#include "support/memory_file.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/report.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;
using clock_type = std::chrono::steady_clock;

// The engine's own defaults for concurrency, the per-host limit and retry
// waits (what these tests are about), with deadlines short enough for a
// suite; fast_check_options() lowers those too.
check_options fast_options() {
    check_options o;
    o.connect_timeout = 2000ms;
    o.timeout = 4000ms;
    o.retries = 0;
    o.confirm = false;
    return o;
}

using run_result = engine_run;

run_result run(const std::vector<entry>& entries, const check_options& o) { return run_entries(entries, o); }

std::vector<entry> entries_for(const std::vector<std::string>& urls) { return test::entries_for(urls, "list"); }

void expect_all_ok_once(const run_result& r, const std::vector<entry>& entries) {
    EXPECT_EQ(r.outcome.finished, entries.size());
    EXPECT_EQ(r.outcome.signal, 0);
    ASSERT_EQ(r.results.size(), entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(r.calls[i], 1) << i;
        ASSERT_TRUE(r.results[i]) << i;
        EXPECT_TRUE(r.results[i]->ok) << i << ": " << r.results[i]->message;
        EXPECT_EQ(r.results[i]->url, entries[i].url) << i;
        EXPECT_EQ(r.results[i]->source, entries[i].source) << i;
    }
}

TEST(Engine, FiftySlowUrlsRunConcurrently) {
    test_server server;
    server.fallback(serve::respond(200, {}, "slow", 500ms));
    std::vector<std::string> urls;
    for (int i = 0; i < 50; ++i) urls.push_back(server.url("/slow/" + std::to_string(i)));
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.concurrency = 50;
    o.per_host = 50;
    auto r = run(entries, o);
    expect_all_ok_once(r, entries);
    EXPECT_LT(r.wall, 5s);  // serial would take 25 s
    EXPECT_EQ(server.total_requests(), 50u);
    EXPECT_GE(server.max_in_flight(), 25u);
}

// Out of descriptors with no other check running, twice: the machine, not
// the URL, and nothing left to wait for. Reported as `resource`, not
// checked again and again.
TEST(Engine, OutOfDescriptorsWithNothingElseRunningIsReportedOnce) {
    URLCHECK_SKIP_IF_SANITIZERS_NEED_DESCRIPTORS();
    server_options so;
    so.keep_alive = true;  // the first check's connection stays open, idle in the pool
    test_server first(so);
    test_server second;
    std::mutex mutex;
    std::unique_ptr<descriptors_used_up> full;
    first.route("/first", [&](const http_request&) {
        std::lock_guard lock(mutex);
        if (!full) full = std::make_unique<descriptors_used_up>();  // from here on no socket() succeeds
        return http_response{200, {}, "ok"};
    });
    auto entries = entries_for({first.url("/first"), second.url("/second")});
    auto o = fast_options();
    o.concurrency = 1;
    auto r = run(entries, o);
    {
        std::lock_guard lock(mutex);
        full.reset();
    }
    ASSERT_TRUE(r.results[0] && r.results[1]);
    EXPECT_TRUE(r.results[0]->ok) << r.results[0]->message;
    EXPECT_EQ(r.calls[1], 1);
    EXPECT_EQ(r.results[1]->error, error_kind::resource);
    EXPECT_EQ(r.results[1]->state, verdict::down);
    EXPECT_NE(r.results[1]->message.find("out of file descriptors (EMFILE"), std::string::npos)
        << r.results[1]->message;
    EXPECT_EQ(second.connections(), 0u);
    EXPECT_LT(r.wall, 2s);
}

TEST(Engine, PerHostLimitIsRespected) {
    test_server server;
    server.fallback(serve::respond(200, {}, "", 200ms));
    std::vector<std::string> urls;
    for (int i = 0; i < 30; ++i) urls.push_back(server.url("/p/" + std::to_string(i)));
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.concurrency = 100;
    o.per_host = 4;
    auto r = run(entries, o);
    expect_all_ok_once(r, entries);
    EXPECT_LE(server.max_open_connections(), 4u);
    EXPECT_LE(server.max_in_flight(), 4u);
    EXPECT_GE(server.max_in_flight(), 2u);  // but they do overlap
    // 30 / 4 -> 8 rounds of 200 ms; serial would be 6 s.
    EXPECT_GE(r.wall, 1400ms);
    EXPECT_LT(r.wall, 4500ms);
}

TEST(Engine, GlobalLimitIsRespectedAcrossHosts) {
    // Three servers (three host:port origins), one shared gauge of requests
    // being answered at the same time.
    struct gauge {
        std::atomic<int> now{0};
        std::atomic<int> peak{0};
    };
    auto g = std::make_shared<gauge>();
    handler counted = [g](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        int n = ++g->now;
        int seen = g->peak.load();
        while (n > seen && !g->peak.compare_exchange_weak(seen, n)) {
        }
        try {
            co_await c.sleep(200ms);
        } catch (...) {
        }
        --g->now;
        http_response ok;  // a named object: GCC 12 double-destroys braced temporaries in co_await
        co_await c.send(std::move(ok));
    };
    std::vector<std::unique_ptr<test_server>> servers;
    std::vector<std::string> urls;
    for (int s = 0; s < 3; ++s) {
        servers.push_back(std::make_unique<test_server>());
        servers.back()->fallback(counted);
        for (int i = 0; i < 8; ++i) urls.push_back(servers.back()->url("/g/" + std::to_string(i)));
    }
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.concurrency = 4;
    o.per_host = 50;
    auto r = run(entries, o);
    expect_all_ok_once(r, entries);
    EXPECT_LE(g->peak.load(), 4);
    EXPECT_GE(g->peak.load(), 2);
    // 24 / 4 -> 6 rounds of 200 ms; serial would be 4.8 s.
    EXPECT_GE(r.wall, 1100ms);
    EXPECT_LT(r.wall, 4000ms);
}

TEST(Engine, OneResultPerEntryWithItsIndex) {
    test_server server;
    server.fallback(serve::respond(200));
    server.route("/missing", serve::respond(404));
    std::vector<std::string> urls;
    for (int i = 0; i < 20; ++i) urls.push_back(server.url("/e/" + std::to_string(i)));
    urls.push_back(server.url("/missing"));
    urls.push_back("notaurl://x");
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.concurrency = 5;
    o.per_host = 3;
    auto r = run(entries, o);
    EXPECT_EQ(r.outcome.finished, entries.size());
    EXPECT_EQ(r.order.size(), entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        EXPECT_EQ(r.calls[i], 1) << i;
        ASSERT_TRUE(r.results[i]) << i;
        EXPECT_EQ(r.results[i]->url, entries[i].url) << i;
        EXPECT_EQ(r.results[i]->source, entries[i].source) << i;
    }
    for (std::size_t i = 0; i < 20; ++i) EXPECT_TRUE(r.results[i]->ok) << i;
    EXPECT_EQ(r.results[20]->error, error_kind::status);
    EXPECT_EQ(r.results[21]->error, error_kind::invalid_url);
    for (const auto& p : r.progress_seen) {
        EXPECT_EQ(p.total, entries.size());
        EXPECT_LE(p.done, p.total);
        EXPECT_LE(p.down, p.done);
    }
}

TEST(Engine, ResultsArriveInCompletionOrder) {
    test_server server;
    server.route("/slow", serve::respond(200, {}, "", 600ms));
    server.route("/fast", serve::respond(200));
    auto entries = entries_for({server.url("/slow"), server.url("/fast")});
    auto r = run(entries, fast_options());
    ASSERT_EQ(r.order.size(), 2u);
    EXPECT_EQ(r.order[0], 1u);
    EXPECT_EQ(r.order[1], 0u);
}

TEST(Engine, EmptyInputFinishesAtOnce) {
    auto r = run({}, fast_options());
    EXPECT_EQ(r.outcome.finished, 0u);
    EXPECT_TRUE(r.order.empty());
    EXPECT_LT(r.wall, 1s);
}

TEST(Engine, SlowHostDoesNotBlockOthers) {
    // Per-host 1 on a hanging host must not hold up a second host. The two
    // differ by name (localhost vs 127.0.0.1), not only by port.
    test_server hanging;
    hanging.fallback(serve::never_answer());
    test_server quick;
    quick.fallback(serve::respond(200));
    std::vector<std::string> urls;
    for (int i = 0; i < 3; ++i) urls.push_back(hanging.url("localhost", "/h/" + std::to_string(i)));
    for (int i = 0; i < 10; ++i) urls.push_back(quick.url("/q/" + std::to_string(i)));
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.timeout = 1000ms;
    o.per_host = 1;
    o.concurrency = 10;
    auto r = run(entries, o);
    ASSERT_EQ(r.order.size(), entries.size());
    // All 10 quick results come before the first hang times out.
    for (std::size_t i = 0; i < 10; ++i) EXPECT_GE(r.order[i], 3u) << i;
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(r.results[i]->error, error_kind::timeout) << i;
    EXPECT_LE(hanging.max_open_connections(), 1u);
    EXPECT_LT(r.wall, 5s);
}

}  // namespace

namespace {

// "localhost." is "localhost" written fully qualified: one host for
// --per-host, as it is for DNS and the connection pool.
TEST(Engine, PerHostLimitCountsATrailingDotAsTheSameHost) {
    test_server hanging;
    hanging.fallback(serve::never_answer());
    const auto entries = entries_for({hanging.url("localhost", "/a"), hanging.url("LOCALHOST.", "/b")});
    auto o = fast_options();
    o.timeout = 1000ms;
    o.per_host = 1;
    o.concurrency = 10;
    auto r = run(entries, o);
    ASSERT_EQ(r.results.size(), 2u);
    for (const auto& result : r.results) {
        ASSERT_TRUE(result);
        EXPECT_EQ(result->error, error_kind::timeout) << result->url << ": " << result->message;
    }
    EXPECT_LE(hanging.max_open_connections(), 1u);
    EXPECT_GE(r.wall, 1900ms);  // one after the other
}

}  // namespace

namespace {

// A generated list that counts how far the engine has read it.
class counting_source final : public entry_source {
public:
    counting_source(std::size_t size, std::function<std::string(std::size_t)> url_of)
        : size_(size), url_of_(std::move(url_of)) {}
    bool next(entry& out) override {
        if (read_ >= size_) return false;
        out = make_entry(url_of_(read_), "gen:" + std::to_string(read_ + 1));
        ++read_;
        max_ahead_ = std::max(max_ahead_, read_ - delivered_);
        return true;
    }
    std::size_t read_ = 0;
    std::size_t delivered_ = 0;
    std::size_t max_ahead_ = 0;

private:
    std::size_t size_;
    std::function<std::string(std::size_t)> url_of_;
};

TEST(Engine, ReadsTheListAheadOnlyAsFarAsItsWindow) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/ok", serve::respond(200, {}, "ok"));
    const std::size_t n = 20000;
    counting_source source(n, [&](std::size_t i) { return server.url("/ok?i=" + std::to_string(i)); });
    auto o = fast_options();
    o.concurrency = 4;
    o.per_host = 4;
    std::size_t results = 0;
    run_hooks hooks;
    hooks.on_result = [&](std::size_t, const result& r) {
        EXPECT_TRUE(r.ok) << r.message;
        ++results;
        ++source.delivered_;
        return report_status::keep_going;
    };
    run_checks(source, o, hooks);
    EXPECT_EQ(results, n);
    EXPECT_EQ(source.read_, n);
    // The window is 2 x concurrency + 4096 entries: far less than the list.
    EXPECT_LE(source.max_ahead_, 2u * 4 + 4096);
}

// The json report writes in input order, so it holds the results that come
// before an earlier one. Those count against the window: with the first
// entry slow and everything after it fast, the reading ahead stops instead
// of the report growing with the list.
TEST(Engine, ResultsTheReportHoldsCountAgainstTheWindow) {
    server_options so;
    so.keep_alive = true;
    test_server server(so);
    server.route("/ok", serve::respond(200, {}, "ok"));
    const std::size_t n = 10000;
    std::atomic<std::size_t> delivered{0};
    std::atomic<clock_type::rep> last_delivery{clock_type::now().time_since_epoch().count()};
    // The first entry is answered once no other result has come for 300 ms
    // (the engine waits for it, its window full) or every other one has (a
    // report that holds them all), at most after 20 s.
    server.route("/first", [&](connection& c, const http_request&) -> boost::asio::awaitable<void> {
        const auto give_up = clock_type::now() + 20s;
        for (;;) {
            co_await c.sleep(20ms);
            const auto quiet = clock_type::now() - clock_type::time_point(clock_type::duration(last_delivery.load()));
            if (delivered >= n - 1 || (delivered > 0 && quiet >= 300ms) || clock_type::now() >= give_up) break;
        }
        http_response response{200, {}, "late"};
        co_await c.send(std::move(response));
    });
    counting_source source(n, [&](std::size_t i) {
        return server.url(i == 0 ? "/first" : "/ok?i=" + std::to_string(i));
    });
    auto o = fast_options();
    o.concurrency = 8;
    o.per_host = 8;
    o.timeout = 30000ms;
    memory_file out;
    report_options ro;
    ro.format = output_format::json;
    auto report = make_reporter(ro.format, ro, report_target{out.get(), false});
    std::size_t peak_held = 0;
    summary s;
    run_hooks hooks;
    hooks.on_result = [&](std::size_t index, const result& r) {
        s.add(r);
        report->on_result(index, r);
        peak_held = std::max(peak_held, report->held());
        ++source.delivered_;
        if (index != 0) {
            ++delivered;
            last_delivery = clock_type::now().time_since_epoch().count();
        }
        return report_status::keep_going;
    };
    hooks.results_held = [&] { return report->held(); };
    run_checks(source, o, hooks);
    s.total = n;
    report->finish(s);

    const std::size_t window = 2 * 8 + 4096;
    std::printf("[ figures  ] first of %zu entries slow: at most %zu results held (window %zu)\n", n, peak_held,
                window);
    EXPECT_LT(peak_held, window);        // the first entry itself is in the window
    EXPECT_GE(peak_held, window - 100);  // and the window was used, not a smaller bound
    EXPECT_EQ(server.requests("/first"), 1u);
    const auto doc = boost::json::parse(out.text());
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(results[i].at("source").as_string(), "gen:" + std::to_string(i + 1)) << i;
        ASSERT_EQ(results[i].at("state").as_string(), "up") << i;
    }
}

TEST(Engine, RepeatBeyondTheWindowUsesTheKeptResult) {
    test_server server;
    server.route("/ok", serve::respond(200, {}, "ok"));
    server.route("/repeated", serve::respond(200, {}, "ok"));
    const std::size_t n = 6000;  // the repeat comes long after the first one finished
    std::vector<std::string> urls;
    for (std::size_t i = 0; i < n; ++i) urls.push_back(server.url("/ok?i=" + std::to_string(i)));
    urls.front() = server.url("/repeated");
    urls.back() = server.url("/repeated");
    auto o = fast_options();
    o.concurrency = 2;
    o.per_host = 2;
    auto r = run(entries_for(urls), o);
    ASSERT_TRUE(r.results.back());
    EXPECT_TRUE(r.results.back()->ok);
    EXPECT_EQ(r.results.back()->source, "list:6000");
    EXPECT_EQ(server.requests("/repeated"), 1u);
}

// --max-time: at the deadline the running checks end, and every entry is
// still reported, so the report has one result per entry: the ones cut short
// and the ones not started as skipped, never down (issue 11: a cron run on a
// list that overran mailed 36 false outages).
TEST(Engine, RunDeadlineEndsRunningChecksAndSkipsTheRest) {
    test_server server;
    server.fallback(serve::never_answer());
    std::vector<std::string> urls;
    for (int i = 0; i < 6; ++i) urls.push_back(server.url("/hang/" + std::to_string(i)));
    urls.push_back(urls[0]);  // a repeat of a running check shares its result
    urls.push_back(urls[5]);  // a repeat of a skipped one is skipped too
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.timeout = 10000ms;
    o.concurrency = 2;
    o.max_time = 300ms;
    const auto r = run(entries, o);

    EXPECT_GE(r.wall, 300ms);
    EXPECT_LT(r.wall, 3s);  // the deadline plus a generous margin, far below --timeout
    EXPECT_EQ(r.outcome.finished, entries.size());
    ASSERT_EQ(r.results.size(), entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        ASSERT_TRUE(r.results[i]) << i;
        EXPECT_EQ(r.calls[i], 1) << i;
        EXPECT_EQ(r.results[i]->source, entries[i].source) << i;
        EXPECT_FALSE(r.results[i]->ok) << i;
    }
    for (std::size_t i : {0u, 1u, 6u}) {
        EXPECT_EQ(r.results[i]->error, error_kind::skipped) << i;
        EXPECT_EQ(r.results[i]->state, verdict::skipped) << i;
        EXPECT_EQ(r.results[i]->message.rfind("cut short by --max-time after ", 0), 0u) << r.results[i]->message;
        EXPECT_EQ(r.results[i]->attempts, 1) << i;
        EXPECT_FALSE(r.results[i]->status) << i;
    }
    for (std::size_t i : {2u, 3u, 4u, 5u, 7u}) {
        EXPECT_EQ(r.results[i]->error, error_kind::skipped) << i;
        EXPECT_EQ(r.results[i]->message, "not started (--max-time)") << i;
        EXPECT_EQ(r.results[i]->attempts, 0) << i;
    }
    EXPECT_EQ(server.total_requests(), 2u);
}

TEST(Engine, RunDeadlineReachesEntriesNotYetRead) {
    test_server server;
    server.fallback(serve::never_answer());
    std::vector<std::string> urls;
    // More than the engine's read-ahead window at -c 1 (2 + 4,096).
    for (int i = 0; i < 5000; ++i) urls.push_back(server.url("/hang/" + std::to_string(i)));
    urls.emplace_back("not a url");
    auto entries = entries_for(urls);
    auto o = fast_options();
    o.concurrency = 1;
    o.max_time = 200ms;
    const auto r = run(entries, o);
    EXPECT_LT(r.wall, 3s);
    ASSERT_EQ(r.results.size(), entries.size());
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        ASSERT_TRUE(r.results[i]) << i;
        EXPECT_EQ(r.calls[i], 1) << i;
        if (r.results[i]->error == error_kind::skipped) ++skipped;
    }
    EXPECT_EQ(r.results[0]->error, error_kind::skipped) << "cut short";
    EXPECT_EQ(skipped, 5000u);
    EXPECT_EQ(r.results.back()->error, error_kind::invalid_url);
}

// A retry that could not happen before the deadline is not waited for: the
// check ends with the answer it has.
TEST(Engine, RunDeadlineIsNotOverstayedForARetry) {
    test_server server;
    server.route("/busy", serve::respond(503, {{"Retry-After", "5"}}));
    auto o = fast_options();
    o.retries = 3;
    o.max_time = 500ms;
    const auto r = run(entries_for({server.url("/busy")}), o);
    EXPECT_LT(r.wall, 2s);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->error, error_kind::status);
    EXPECT_EQ(r.results[0]->status, 503);
    // --method auto: HEAD's 503 goes to the GET at once; the GET's retry
    // does not fit.
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_EQ(r.results[0]->method, "GET");
    EXPECT_NE(r.results[0]->message.find("no time left to retry"), std::string::npos) << r.results[0]->message;
}

// An answer already seen stands when the deadline cuts its retry short:
// that check did get a verdict.
TEST(Engine, RunDeadlineCuttingARetryKeepsTheAnswerBeforeIt) {
    test_server server;
    server.route("/flaky", serve::fail_first(1, serve::respond(503), serve::never_answer()));
    auto o = fast_options();
    o.method = http_method::get;
    o.timeout = 5000ms;
    o.retries = 1;
    o.retry_wait = 10ms;
    o.max_time = 400ms;
    const auto r = run(entries_for({server.url("/flaky")}), o);
    EXPECT_LT(r.wall, 3s);
    ASSERT_TRUE(r.results[0]);
    EXPECT_EQ(r.results[0]->state, verdict::down);
    EXPECT_EQ(r.results[0]->status, 503);
    EXPECT_EQ(r.results[0]->attempts, 2);
    EXPECT_NE(r.results[0]->message.find("its retry was cut short by --max-time"), std::string::npos)
        << r.results[0]->message;
    EXPECT_EQ(server.total_requests(), 2u);
}

TEST(Engine, RunDeadlineLeavesAFinishedRunAlone) {
    test_server server;
    server.fallback(serve::respond(200));
    auto entries = entries_for({server.url("/a"), server.url("/b")});
    auto o = fast_options();
    o.max_time = 5000ms;
    const auto r = run(entries, o);
    expect_all_ok_once(r, entries);
    EXPECT_LT(r.wall, 2s);  // the deadline timer does not keep the run alive
}

}  // namespace

namespace {

// The hooks stop a run by saying so (the report can no longer be written):
// no result after that one, and running checks are abandoned, not awaited.
TEST(Engine, AResultHookThatSaysStopEndsTheRun) {
    test_server server;
    server.route("/fast", serve::respond(200));
    server.route("/slow", serve::respond(200, {}, "", 3000ms));
    auto entries = entries_for({server.url("/slow"), server.url("/fast"), server.url("/fast?2")});
    auto o = fast_options();
    o.concurrency = 3;
    o.per_host = 3;
    std::vector<std::size_t> seen;
    run_hooks hooks;
    hooks.on_result = [&](std::size_t index, const result&) {
        seen.push_back(index);
        return report_status::stop;
    };
    const auto start = clock_type::now();
    const run_outcome outcome = run_checks(entries, o, hooks);
    EXPECT_EQ(seen.size(), 1u);
    EXPECT_NE(seen.at(0), 0u);
    EXPECT_EQ(outcome.finished, 1u);
    EXPECT_LT(clock_type::now() - start, 2000ms);
}

TEST(Engine, AStopOnAnInvalidEntryStartsNoCheck) {
    test_server server;
    server.route("/ok", serve::respond(200));
    std::vector<entry> entries = {make_entry("http://", "arg:1")};
    for (const auto& e : entries_for({server.url("/ok")})) entries.push_back(e);
    std::size_t calls = 0;
    run_hooks hooks;
    hooks.on_result = [&](std::size_t, const result&) {
        ++calls;
        return report_status::stop;
    };
    const run_outcome outcome = run_checks(entries, fast_options(), hooks);
    EXPECT_EQ(calls, 1u);
    EXPECT_EQ(outcome.finished, 1u);
    EXPECT_EQ(server.connections(), 0u);
}

TEST(Engine, AProgressHookThatSaysStopEndsTheRun) {
    test_server server;
    server.route("/slow", serve::respond(200, {}, "", 3000ms));
    auto entries = entries_for({server.url("/slow")});
    std::size_t results = 0;
    run_hooks hooks;
    hooks.on_result = [&](std::size_t, const result&) {
        ++results;
        return report_status::keep_going;
    };
    hooks.on_progress = [&](const progress&) { return report_status::stop; };
    const auto start = clock_type::now();
    run_checks(entries, fast_options(), hooks);
    EXPECT_EQ(results, 0u);
    EXPECT_LT(clock_type::now() - start, 2000ms);
}

// A hook's exception is not the engine's to handle: it leaves run_checks,
// also from a result that completes inside the io_context.
TEST(Engine, AHooksExceptionLeavesRunChecks) {
    test_server server;
    server.route("/ok", serve::respond(200));
    auto entries = entries_for({server.url("/ok")});
    run_hooks hooks;
    hooks.on_result = [&](std::size_t, const result&) -> report_status { throw std::runtime_error("disk on fire"); };
    EXPECT_THROW(run_checks(entries, fast_options(), hooks), std::runtime_error);
}

}  // namespace
