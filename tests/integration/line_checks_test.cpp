// List line options acted on end to end: entries made from list lines
// (make_list_entry) run through run_checks against the test servers, and
// the verdict, the error kind, the message and what the server saw are
// checked. The binary's filters over list lines are cli/line_filters_test.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <fstream>
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


// One entry per line, as a list file would give them.
std::vector<entry> list_entries(const std::vector<std::string>& lines) {
    std::vector<entry> entries;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        entries.push_back(make_list_entry(lines[i], "urls.txt:" + std::to_string(i + 1)));
        EXPECT_EQ(entries.back().error, "") << lines[i];
    }
    return entries;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ------------------------------------------------------------ one table

struct row {
    std::string path;       // on the table's server
    std::string options;    // after the URL
    verdict state;
    error_kind error;
    std::string in_message;  // part of message (or, when degraded, of a reason)
};

TEST(LineChecks, EveryKeyHitAndMiss) {
    test_server server;
    server.route("/ok", serve::respond(200, {{"X-Version", "v1.2.3"}, {"Content-Type", "application/json"}},
                                       R"({"ok":true,"version":"1.2.3"})"));
    server.route("/teapot", serve::respond(418, {}, "short and stout"));
    server.route("/slow", serve::respond(200, {}, "zzz", 300ms));
    server.route("/moved", serve::redirect(301, "/ok"));

    const std::vector<row> rows = {
        {"/teapot", "status=418", verdict::up, error_kind::none, ""},
        {"/ok", "status=204,300-399", verdict::down, error_kind::status, "200"},
        {"/ok", R"(contains="\"ok\":true")", verdict::up, error_kind::none, ""},
        {"/ok", R"(contains="\"ok\":true" contains=version)", verdict::up, error_kind::none, ""},
        {"/ok", "contains=nope", verdict::down, error_kind::expectation, R"(body does not contain "nope")"},
        {"/ok", R"(contains="\"ok\":false")", verdict::down, error_kind::expectation,
         R"(body does not contain "\"ok\":false")"},
        {"/ok", "not-contains=error", verdict::up, error_kind::none, ""},
        {"/ok", "not-contains=error not-contains=version", verdict::down, error_kind::expectation,
         R"(body contains "version")"},
        {"/ok", R"(regex="\"version\":\"1\.[0-9]+")", verdict::up, error_kind::none, ""},
        {"/ok", "regex=^xyz", verdict::down, error_kind::expectation, "body does not match /^xyz/"},
        {"/ok", "expect-header=X-Version", verdict::up, error_kind::none, ""},
        {"/ok", "expect-header=x-version", verdict::up, error_kind::none, ""},  // names are case-insensitive
        {"/ok", "expect-header=X-Missing", verdict::down, error_kind::expectation, "no X-Missing header"},
        {"/ok", R"(expect-header="X-Version: ^v1\.")", verdict::up, error_kind::none, ""},
        {"/ok", "expect-header=X-Version:^v2", verdict::down, error_kind::expectation,
         R"(header X-Version: "v1.2.3" does not match /^v2/)"},
        {"/ok", "expect-header=Content-Type:json contains=ok", verdict::up, error_kind::none, ""},
        // The status is judged first: an expectation never makes a 418 up.
        {"/teapot", "contains=stout", verdict::down, error_kind::status, "418"},
        {"/teapot", "status=418 contains=tall", verdict::down, error_kind::expectation,
         R"(body does not contain "tall")"},
        {"/slow", "max-time=100ms", verdict::degraded, error_kind::none, "(over max-time 100 ms)"},
        {"/slow", "max-time=5s", verdict::up, error_kind::none, ""},
        {"/slow", "timeout=100ms", verdict::down, error_kind::timeout, "timed out after 100 ms"},
        {"/moved", "", verdict::up, error_kind::none, ""},
        {"/moved", "redirect=warn", verdict::degraded, error_kind::none, "redirected to"},
        {"/moved", "redirect=fail", verdict::down, error_kind::status, "301"},
        {"/moved", "redirect=none", verdict::up, error_kind::none, ""},
        {"/moved", "redirect=none expect-header=Location:/ok$", verdict::up, error_kind::none, ""},
        {"/moved", "redirect=none expect-header=Location:/elsewhere", verdict::down, error_kind::expectation,
         "header Location"},
    };
    std::vector<std::string> lines;
    for (const auto& r : rows) lines.push_back(server.url(r.path) + "  " + r.options);
    auto run = run_entries(list_entries(lines), fast_check_options());

    for (std::size_t i = 0; i < rows.size(); ++i) {
        SCOPED_TRACE(lines[i]);
        ASSERT_TRUE(run.results[i]);
        const result& r = *run.results[i];
        EXPECT_EQ(r.state, rows[i].state) << describe(r);
        EXPECT_EQ(r.error, rows[i].error) << describe(r);
        EXPECT_EQ(r.ok, rows[i].error == error_kind::none) << describe(r);
        std::string said = r.message;
        for (const auto& why : r.reasons) said += "\n" + why;
        EXPECT_TRUE(contains(said, rows[i].in_message)) << describe(r);
        // An expectation fails once and for all: no retry.
        if (r.error == error_kind::expectation) {
            EXPECT_EQ(r.attempts, 1);
        }
    }
}

// ------------------------------------------------------------ requests

TEST(LineChecks, MethodHeadIsWhatTheServerSees) {
    test_server server;
    server.route("/head", serve::respond(200, {}, "body"));
    server.route("/get", serve::respond(200, {}, "body"));
    server.route("/both", serve::respond(200, {}, "body"));
    auto run = run_entries(list_entries({server.url("/head") + " method=HEAD", server.url("/get") + " method=get",
                                         // A body to look at needs a GET, whatever the line says.
                                         server.url("/both") + " method=HEAD contains=body"}),
                           fast_check_options());
    std::map<std::string, std::string> seen;
    for (const auto& request : server.all_requests()) seen[request.path] = request.method;
    EXPECT_EQ(seen["/head"], "HEAD");
    EXPECT_EQ(seen["/get"], "GET");
    EXPECT_EQ(seen["/both"], "GET");
    ASSERT_TRUE(run.results[0] && run.results[2]);
    EXPECT_EQ(run.results[0]->method, "HEAD");
    EXPECT_EQ(run.results[2]->method, "GET");
    EXPECT_TRUE(run.results[2]->ok) << describe(*run.results[2]);
}

TEST(LineChecks, LineHeadersJoinAndReplaceCommandLineHeaders) {
    test_server server;
    server.route("/plain", serve::respond(200));
    server.route("/line", serve::respond(200));
    check_options o = fast_check_options();
    o.headers = {{"X-Env", "dev"}, {"X-Team", "web"}};
    run_entries(list_entries({server.url("/plain"),
                              server.url("/line") + R"( header="x-env: prod" header="X-Extra: 1")"}),
                o);
    std::map<std::string, http_request> seen;
    for (auto& request : server.all_requests()) seen[request.path] = request;
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen["/plain"].header("X-Env"), "dev");
    EXPECT_EQ(seen["/plain"].header("X-Team"), "web");
    EXPECT_FALSE(seen["/plain"].has_header("X-Extra"));
    // The line's X-Env replaces -H's (names compare without case); the other -H stays.
    EXPECT_EQ(seen["/line"].header("X-Env"), "prod");
    std::size_t env_fields = 0;
    for (const auto& [name, value] : seen["/line"].headers) env_fields += name == "X-Env" || name == "x-env";
    EXPECT_EQ(env_fields, 1u);
    EXPECT_EQ(seen["/line"].header("X-Team"), "web");
    EXPECT_EQ(seen["/line"].header("X-Extra"), "1");
}

// ------------------------------------------------------------ dedup

TEST(LineChecks, SameUrlOtherOptionsIsAnotherCheck) {
    test_server server;
    server.route("/a", serve::respond(200, {}, "alpha beta"));
    server.route("/b", serve::respond(200, {}, "alpha beta"));
    server.route("/c", serve::respond(200, {}, "alpha beta"));
    const std::string a = server.url("/a");
    const std::string b = server.url("/b");
    const std::string c = server.url("/c");
    auto run = run_entries(list_entries({
                               a + " contains=alpha",
                               a + " contains=gamma",  // other options: a check of its own
                               b + " contains=alpha contains=beta",
                               b + "   contains=beta contains=alpha  # same options, other order",
                               b + " contains=alpha contains=beta tag=other",  // tags do not change a check
                               c,
                               c + " status=200-299",  // an option, even one that changes nothing
                           }),
                           fast_check_options());
    EXPECT_EQ(server.requests("/a"), 2u);
    EXPECT_EQ(server.requests("/b"), 1u);
    EXPECT_EQ(server.requests("/c"), 2u);
    for (int calls : run.calls) EXPECT_EQ(calls, 1);
    ASSERT_TRUE(run.results[0] && run.results[1] && run.results[3]);
    EXPECT_TRUE(run.results[0]->ok);
    EXPECT_EQ(run.results[1]->error, error_kind::expectation);
    EXPECT_EQ(run.results[3]->source, "urls.txt:4");
    EXPECT_TRUE(run.results[3]->ok);
}

// ------------------------------------------------------------ body limit

TEST(LineChecks, ContainsLooksAtTheFirstBodyLimitBytesOnly) {
    test_server server;
    server.route("/big", serve::respond(200, {}, std::string(3000, 'a') + "needle" + std::string(3000, 'b')));
    check_options o = fast_check_options();
    o.max_body_bytes = 1024;
    auto small = run_entries(list_entries({server.url("/big") + " contains=needle"}), o);
    ASSERT_TRUE(small.results[0]);
    EXPECT_EQ(small.results[0]->error, error_kind::expectation) << describe(*small.results[0]);
    EXPECT_TRUE(contains(small.results[0]->message, R"(body does not contain "needle" in its first 1 KiB)"))
        << small.results[0]->message;
    o.max_body_bytes = 8 * 1024;
    auto big = run_entries(list_entries({server.url("/big") + " contains=needle not-contains=zzz"}), o);
    ASSERT_TRUE(big.results[0]);
    EXPECT_TRUE(big.results[0]->ok) << describe(*big.results[0]);
}

// A body cut short is no body to judge: what did arrive may well contain
// the text, but the check is down for the cut. Stopping at --body-limit
// before the cut is reading on purpose, and the expectations look at that.
TEST(LineChecks, ABodyCutShortIsNotJudgedByItsExpectations) {
    test_server server;
    server.route("/cut", serve::garbage("HTTP/1.1 200 OK\r\nContent-Length: 75\r\n\r\nneedle"));
    const std::string cut = server.url("/cut");
    auto run = run_entries(list_entries({cut + " contains=needle", cut + " contains=nope", cut + " not-contains=zzz",
                                         cut + " regex=^need"}),
                           fast_check_options());
    for (std::size_t i = 0; i < 4; ++i) {
        ASSERT_TRUE(run.results[i]);
        const result& r = *run.results[i];
        EXPECT_EQ(r.state, verdict::down) << describe(r);
        EXPECT_EQ(r.error, error_kind::protocol) << describe(r);
        EXPECT_EQ(r.status, 200) << describe(r);
        EXPECT_EQ(r.message, "body cut short: connection closed after 6 of 75 bytes") << describe(r);
    }

    check_options o = fast_check_options();
    o.max_body_bytes = 4;
    auto limited = run_entries(list_entries({cut + " contains=need", cut + " contains=needle"}), o);
    ASSERT_TRUE(limited.results[0] && limited.results[1]);
    EXPECT_TRUE(limited.results[0]->ok) << describe(*limited.results[0]);
    EXPECT_EQ(limited.results[1]->error, error_kind::expectation) << describe(*limited.results[1]);
    EXPECT_TRUE(contains(limited.results[1]->message, R"(body does not contain "needle" in its first)"))
        << describe(*limited.results[1]);
}

// A one-line body as long as the limit: std::regex would recurse once per
// byte and overflow the stack; a runaway pattern must end the check, not
// the run.
TEST(LineChecks, RegexOverALongOneLineBodyNeitherCrashesNorHangs) {
    test_server server;
    server.route("/long", serve::respond(200, {}, std::string(64 * 1024, 'a')));
    auto run = run_entries(list_entries({server.url("/long") + " regex=.*x", server.url("/long") + " regex=(a|b)*x",
                                         server.url("/long") + " regex=^a+$"}),
                           fast_check_options());
    ASSERT_TRUE(run.results[0] && run.results[1] && run.results[2]);
    EXPECT_EQ(run.results[0]->error, error_kind::expectation) << describe(*run.results[0]);
    EXPECT_EQ(run.results[1]->error, error_kind::expectation) << describe(*run.results[1]);
    EXPECT_TRUE(run.results[2]->ok) << describe(*run.results[2]);
}

// ------------------------------------------------------------ TLS

TEST(LineChecks, CertDaysIsTheLinesWarningWindow) {
    test_server server(make_server_context(leaf_expiring_in_days(20)));
    server.route("/", serve::respond(200));
    auto run = run_entries(list_entries({server.url("/"), server.url("/") + " cert-days=30",
                                         server.url("/") + " cert-days=10"}),
                           fast_tls_check_options());
    ASSERT_TRUE(run.results[0] && run.results[1] && run.results[2]);
    EXPECT_EQ(run.results[0]->state, verdict::up) << describe(*run.results[0]);  // --cert-warn 14
    EXPECT_EQ(run.results[1]->state, verdict::degraded) << describe(*run.results[1]);
    ASSERT_EQ(run.results[1]->reasons.size(), 1u);
    EXPECT_TRUE(contains(run.results[1]->reasons[0], "expires in 20 days")) << run.results[1]->reasons[0];
    EXPECT_TRUE(contains(run.results[1]->reasons[0], "cert-days 30")) << run.results[1]->reasons[0];
    EXPECT_EQ(run.results[2]->state, verdict::up) << describe(*run.results[2]);
}

// An insecure line is up against a self-signed server, the plain line for
// the same URL in the same run is down: the insecure check's pooled
// connection (keep-alive) or TLS session (resumption skips verification)
// must never serve the verified one. One check at a time, insecure first,
// so reuse would happen if it could.
TEST(LineChecks, InsecureIsForItsLineOnly) {
    for (const bool keep_alive : {true, false}) {
        SCOPED_TRACE(keep_alive ? "keep-alive" : "a new connection per request");
        server_options so;
        so.tls = make_server_context(leaf_kind::self_signed);
        so.keep_alive = keep_alive;
        test_server server(so);
        server.route("/", serve::respond(200, {}, "hi"));
        check_options o = fast_tls_check_options();
        o.concurrency = 1;
        o.per_host = 1;
        auto run = run_entries(list_entries({server.url("/") + " insecure", server.url("/"),
                                             server.url("/") + " insecure contains=hi"}),
                               o);
        ASSERT_TRUE(run.results[0] && run.results[1] && run.results[2]);
        EXPECT_EQ(run.results[0]->state, verdict::up) << describe(*run.results[0]);
        EXPECT_EQ(run.results[1]->state, verdict::down) << describe(*run.results[1]);
        EXPECT_EQ(run.results[1]->error, error_kind::tls) << describe(*run.results[1]);
        EXPECT_TRUE(contains(run.results[1]->message, "self-signed")) << run.results[1]->message;
        EXPECT_EQ(run.results[2]->state, verdict::up) << describe(*run.results[2]);
        EXPECT_EQ(server.total_requests(), 2u);  // the verified check never got to send one
    }
}

}  // namespace
