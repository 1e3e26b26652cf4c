// The trace a real check records (--explain's input), against in-process
// servers: addresses, connection attempts, TLS details, the headers sent and
// received, a redirect hop, a retried attempt and a second look.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "report/explain.hpp"
#include "support/engine_run.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/trace.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;

struct traced_run {
    std::vector<trace::stamped> events;
    result checked;
    int results = 0;
};

traced_run run_traced(const std::string& url, const check_options& options) {
    traced_run out;
    trace_recorder recorder;
    run_hooks hooks;
    hooks.trace = &recorder;
    hooks.on_result = [&](std::size_t, const result& r) {
        out.checked = r;
        ++out.results;
        return report_status::keep_going;
    };
    run_checks(entries_for({url}), options, hooks);
    out.events = recorder.events();
    return out;
}

// Every event of type T, in order.
template <class T>
std::vector<T> all(const traced_run& run) {
    std::vector<T> found;
    for (const auto& e : run.events)
        if (const T* x = std::get_if<T>(&e.what)) found.push_back(*x);
    return found;
}

std::string header(const std::vector<header_field>& fields, std::string_view name) {
    for (const auto& f : fields)
        if (f.name == name) return f.value;
    return {};
}

TEST(Trace, TlsRedirectEveryStep) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/old", serve::redirect(301, "/new"));
    server.route("/new", serve::respond(200, {{"X-Served", "yes"}}, "hello"));
    check_options options = fast_tls_check_options();
    options.method = http_method::get;
    options.headers = {{"Authorization", "Bearer t0ken"}, {"X-Probe", "1"}};

    const auto run = run_traced(server.url("localhost", "/old"), options);
    ASSERT_EQ(run.results, 1);
    EXPECT_TRUE(run.checked.ok) << run.checked.message;
    EXPECT_EQ(run.checked.redirects, 1);

    // DNS: localhost answered with 127.0.0.1, which took the connection.
    const auto answers = all<trace::dns_answer>(run);
    ASSERT_FALSE(answers.empty());
    EXPECT_EQ(answers[0].host, "localhost");
    EXPECT_FALSE(answers[0].literal);
    EXPECT_NE(std::find(answers[0].addresses.begin(), answers[0].addresses.end(), "127.0.0.1"),
              answers[0].addresses.end());
    const auto tries = all<trace::connect_try>(run);
    const auto winner = std::find_if(tries.begin(), tries.end(), [](const auto& t) { return t.won; });
    ASSERT_NE(winner, tries.end());
    EXPECT_EQ(winner->address, "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(winner->outcome, "connected");

    // TLS: what the handshake agreed on and the test leaf's fields.
    const auto handshakes = all<trace::tls_handshake>(run);
    ASSERT_FALSE(handshakes.empty());
    const auto& tls = handshakes[0];
    EXPECT_TRUE(tls.version == "TLSv1.3" || tls.version == "TLSv1.2") << tls.version;
    EXPECT_FALSE(tls.cipher.empty());
    EXPECT_NE(tls.subject.find("CN = localhost"), std::string::npos) << tls.subject;
    EXPECT_FALSE(tls.issuer.empty());
    EXPECT_NE(tls.issuer, tls.subject);
    EXPECT_TRUE(std::regex_match(tls.not_after, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << tls.not_after;
    EXPECT_NEAR(tls.days_left, valid_leaf_days, 1);
    EXPECT_EQ(tls.names, (std::vector<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"}));
    EXPECT_TRUE(tls.verified);
    EXPECT_GT(tls.ms, 0);

    // The requests as sent (the trace is raw; the renderer redacts) and the
    // answers as received.
    const auto requests = all<trace::request_sent>(run);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].target, "/old");
    EXPECT_EQ(header(requests[0].headers, "Authorization"), "Bearer t0ken");
    EXPECT_EQ(header(requests[0].headers, "X-Probe"), "1");
    EXPECT_EQ(header(requests[0].headers, "Host"), "localhost:" + std::to_string(server.port()));
    EXPECT_EQ(requests[1].target, "/new");
    const auto responses = all<trace::response_head>(run);
    ASSERT_EQ(responses.size(), 2u);
    EXPECT_EQ(responses[0].status, 301);
    EXPECT_EQ(header(responses[0].headers, "Location"), "/new");
    EXPECT_EQ(responses[1].status, 200);
    EXPECT_EQ(header(responses[1].headers, "X-Served"), "yes");

    const auto hops = all<trace::redirect_hop>(run);
    ASSERT_EQ(hops.size(), 1u);
    EXPECT_EQ(hops[0].status, 301);
    EXPECT_EQ(hops[0].location, "/new");
    EXPECT_EQ(hops[0].to, server.url("localhost", "/new"));

    // One exchange per hop, each with its phases.
    const auto exchanges = all<trace::exchange_done>(run);
    ASSERT_EQ(exchanges.size(), 2u);
    for (const auto& x : exchanges) {
        EXPECT_TRUE(x.error.empty()) << x.error;
        EXPECT_TRUE(x.phases.ttfb_ms);
        EXPECT_GE(x.total_ms, *x.phases.ttfb_ms);
    }
    EXPECT_TRUE(exchanges[0].phases.dns_ms && exchanges[0].phases.connect_ms && exchanges[0].phases.tls_ms);

    const auto ends = all<trace::attempt_ended>(run);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].status, 200);
    EXPECT_EQ(ends[0].error, error_kind::none);

    // In order: the attempt, then DNS, connect, TLS, request, response.
    const auto index_of = [&](auto pred) {
        return std::find_if(run.events.begin(), run.events.end(), pred) - run.events.begin();
    };
    const auto is = [](auto tag) {
        return [](const trace::stamped& e) { return std::holds_alternative<decltype(tag)>(e.what); };
    };
    EXPECT_LT(index_of(is(trace::attempt_started{})), index_of(is(trace::dns_answer{})));
    EXPECT_LT(index_of(is(trace::dns_answer{})), index_of(is(trace::tls_handshake{})));
    EXPECT_LT(index_of(is(trace::tls_handshake{})), index_of(is(trace::request_sent{})));
    EXPECT_LT(index_of(is(trace::request_sent{})), index_of(is(trace::response_head{})));
    EXPECT_LT(index_of(is(trace::response_head{})), index_of(is(trace::redirect_hop{})));
}

TEST(Trace, RetriedAttemptSaysWhy) {
    test_server server;
    server.route("/flaky", serve::fail_first(1, serve::respond(503), serve::respond(200)));
    check_options options = fast_check_options();
    options.method = http_method::get;
    options.retries = 2;
    options.retry_wait = 10ms;

    const auto run = run_traced(server.url("/flaky"), options);
    EXPECT_TRUE(run.checked.ok) << run.checked.message;
    EXPECT_EQ(run.checked.attempts, 2);
    const auto starts = all<trace::attempt_started>(run);
    ASSERT_EQ(starts.size(), 2u);
    EXPECT_EQ(starts[0].number, 1);
    EXPECT_EQ(starts[1].number, 2);
    const auto ends = all<trace::attempt_ended>(run);
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_EQ(ends[0].status, 503);
    EXPECT_EQ(ends[0].error, error_kind::status);
    EXPECT_NE(ends[0].next.find("retry 1 of 2 in 10 ms"), std::string::npos) << ends[0].next;
    EXPECT_EQ(ends[1].error, error_kind::none);
    // The literal address needs no lookup.
    const auto answers = all<trace::dns_answer>(run);
    ASSERT_FALSE(answers.empty());
    EXPECT_TRUE(answers[0].literal);
    EXPECT_EQ(answers[0].addresses, std::vector<std::string>{"127.0.0.1"});
}

TEST(Trace, SecondLookOfAConfirmedFailure) {
    test_server server;
    server.route("/down", serve::respond(503));
    check_options options = fast_check_options();
    options.method = http_method::get;
    options.confirm = true;
    options.confirm_wait = 20ms;

    const auto run = run_traced(server.url("/down"), options);
    EXPECT_FALSE(run.checked.ok);
    EXPECT_TRUE(run.checked.confirmed);
    const auto looks = all<trace::look_started>(run);
    ASSERT_EQ(looks.size(), 2u);
    EXPECT_FALSE(looks[0].confirmation);
    EXPECT_TRUE(looks[1].confirmation);
    EXPECT_EQ(looks[1].attempts_before, 1);
    const auto ends = all<trace::attempt_ended>(run);
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_NE(ends[0].next.find("no retries left"), std::string::npos) << ends[0].next;
}

TEST(Trace, ResolveOverrideAndAFailedHandshake) {
    test_server server(make_server_context(leaf_kind::expired));
    check_options options = fast_tls_check_options();
    options.method = http_method::get;
    options.resolve_overrides = {{"localhost", server.port(), {*parse_ip_address("127.0.0.1")}}};

    const auto run = run_traced(server.url("localhost", "/"), options);
    EXPECT_EQ(run.checked.error, error_kind::tls);
    const auto answers = all<trace::dns_answer>(run);
    ASSERT_FALSE(answers.empty());
    EXPECT_TRUE(answers[0].overridden);
    EXPECT_EQ(answers[0].addresses, std::vector<std::string>{"127.0.0.1"});
    // What verification saw of the expired leaf (it matches localhost), and
    // why the handshake failed.
    const auto handshakes = all<trace::tls_handshake>(run);
    ASSERT_EQ(handshakes.size(), 1u);
    EXPECT_NE(handshakes[0].error.find("expired"), std::string::npos) << handshakes[0].error;
    EXPECT_LT(handshakes[0].days_left, 0);
    EXPECT_NE(handshakes[0].subject.find("localhost"), std::string::npos) << handshakes[0].subject;
    EXPECT_TRUE(all<trace::request_sent>(run).empty());
}

TEST(Trace, ConnectionRefusedIsAnAttemptThatFailed) {
    check_options options = fast_check_options();
    options.method = http_method::get;
    const unsigned short port = unused_port();
    const auto run = run_traced("http://127.0.0.1:" + std::to_string(port) + "/", options);
    EXPECT_EQ(run.checked.error, error_kind::connect);
    const auto tries = all<trace::connect_try>(run);
    ASSERT_EQ(tries.size(), 1u);
    EXPECT_FALSE(tries[0].won);
    EXPECT_EQ(tries[0].address, "127.0.0.1:" + std::to_string(port));
    EXPECT_NE(tries[0].outcome.find("refused"), std::string::npos) << tries[0].outcome;
    const auto exchanges = all<trace::exchange_done>(run);
    ASSERT_EQ(exchanges.size(), 1u);
    EXPECT_FALSE(exchanges[0].error.empty());
}

}  // namespace
