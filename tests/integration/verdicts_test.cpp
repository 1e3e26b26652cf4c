// The verdict states end to end: run_checks against the in-process test
// server (plain and TLS), one server behaviour per state and rule of README
// "Verdicts". assign_verdict's own table is verdict_test.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
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

result check_url(const std::string& url, const check_options& o = fast_check_options()) {
    auto run = run_entries(entries_for({url}), o);
    EXPECT_EQ(run.calls.at(0), 1) << url;
    return run.results.at(0).value_or(result{});
}


bool has_reason(const result& r, std::string_view text) {
    return std::any_of(r.reasons.begin(), r.reasons.end(),
                       [&](const std::string& reason) { return reason.find(text) != std::string::npos; });
}

check_options with_retries(int retries) {
    check_options o = fast_check_options();
    o.retries = retries;
    o.retry_wait = 20ms;
    return o;
}

// ------------------------------------------------------------ unverifiable

TEST(VerdictIntegration, CloudflareChallengeIsUnverifiable) {
    test_server server;
    server.route("/", serve::respond(403, {{"cf-mitigated", "challenge"}, {"Server", "cloudflare"}}, "Just a moment..."));
    const auto r = check_url(server.url("/"));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::status);
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.reasons, std::vector<std::string>{"bot challenge (cf-mitigated: challenge)"}) << describe(r);
    EXPECT_EQ(r.method, "GET");
}

TEST(VerdictIntegration, CloudflareHeaderIsCaseInsensitive) {
    test_server server;
    server.route("/", serve::respond(403, {{"CF-Mitigated", "Challenge"}}));
    const auto r = check_url(server.url("/"));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
}

TEST(VerdictIntegration, AwsWafChallengeOn202IsUnverifiable) {
    test_server server;
    server.route("/", serve::respond(202, {{"x-amzn-waf-action", "challenge"}}, "<html>challenge</html>"));
    const auto r = check_url(server.url("/"));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
    EXPECT_FALSE(r.ok) << "a challenge is not an up answer, whatever its status";
    EXPECT_EQ(r.error, error_kind::status);
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(r.message, "HTTP 202 is a bot challenge (x-amzn-waf-action: challenge)");
}

TEST(VerdictIntegration, OtherCfMitigatedValuesAreNoChallenge) {
    test_server server;
    server.route("/", serve::respond(200, {{"cf-mitigated", "none"}}));
    const auto r = check_url(server.url("/"));
    EXPECT_EQ(r.state, verdict::up) << describe(r);
}

TEST(VerdictIntegration, Status999IsUnverifiable) {
    test_server server;
    server.route("/", serve::respond(999));
    const auto r = check_url(server.url("/"));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
    EXPECT_EQ(r.status, 999);
    EXPECT_TRUE(has_reason(r, "999")) << describe(r);
}

TEST(VerdictIntegration, PersistentRateLimitIsUnverifiableAfterRetries) {
    test_server server;
    server.route("/", serve::respond(429, {{"Retry-After", "0"}}));
    const auto r = check_url(server.url("/"), with_retries(2));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
    EXPECT_EQ(r.attempts, 3);
    EXPECT_EQ(server.requests("/"), 3u);
    EXPECT_EQ(r.reasons, std::vector<std::string>{"rate limited: 429 after 3 attempts"});
}

TEST(VerdictIntegration, RateLimitThatClearsIsUp) {
    test_server server;
    server.route("/", serve::fail_first(1, serve::respond(429), serve::respond(200)));
    const auto r = check_url(server.url("/"), with_retries(1));
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.attempts, 2);
}

TEST(VerdictIntegration, AuthenticationRequiredIsUnverifiableUnlessAccepted) {
    test_server server;
    server.route("/401", serve::respond(401, {{"WWW-Authenticate", "Basic realm=x"}}));
    server.route("/407", serve::respond(407));
    EXPECT_EQ(check_url(server.url("/401")).state, verdict::unverifiable);
    EXPECT_EQ(check_url(server.url("/407")).state, verdict::unverifiable);

    check_options o = fast_check_options();
    o.accept = *accept_list::parse("200-299,401");
    const auto accepted = check_url(server.url("/401"), o);
    EXPECT_EQ(accepted.state, verdict::up) << describe(accepted);
    EXPECT_TRUE(accepted.reasons.empty());
}

TEST(VerdictIntegration, RefusedCredentialsAreDown) {
    test_server server;
    server.route("/", serve::respond(401));
    check_options o = fast_check_options();
    o.headers.push_back(*parse_header_field("Authorization: Bearer expired"));
    const auto with_header = check_url(server.url("/"), o);
    EXPECT_EQ(with_header.state, verdict::down) << describe(with_header);
    EXPECT_TRUE(has_reason(with_header, "credentials sent were refused")) << describe(with_header);

    std::string with_password = server.url("/");
    with_password.insert(with_password.find("//") + 2, "user:secret@");
    const auto userinfo = check_url(with_password);
    EXPECT_EQ(userinfo.state, verdict::down) << describe(userinfo);
    for (const auto& reason : userinfo.reasons) EXPECT_EQ(reason.find("secret"), std::string::npos) << reason;
}

// The same through a list line's header= (review finding: only -H counted).
TEST(VerdictIntegration, RefusedLineHeaderCredentialsAreDown) {
    test_server server;
    server.route("/", serve::respond(401));
    const auto entries = parse_list(server.url("/") + R"( header="Authorization: Bearer expired")" + "\n", "list");
    ASSERT_EQ(entries.size(), 1u);
    ASSERT_EQ(entries[0].error, "");
    const auto run = run_entries(entries, fast_check_options());
    ASSERT_TRUE(run.results.at(0));
    const result& r = *run.results[0];
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_TRUE(has_reason(r, "credentials sent were refused")) << describe(r);
}

TEST(VerdictIntegration, CredentialsLeftBehindOnAnotherOriginMeanUnverifiable) {
    test_server other;
    other.route("/", serve::respond(401));
    test_server server;
    server.route("/", serve::redirect(302, other.url("/")));
    check_options o = fast_check_options();
    o.headers.push_back(*parse_header_field("Authorization: Bearer token"));
    const auto r = check_url(server.url("/"), o);
    EXPECT_FALSE(other.last_request()->has_header("Authorization"));
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
}

TEST(VerdictIntegration, PlainForbiddenAndServerErrorsAreDown) {
    test_server server;
    server.route("/403", serve::respond(403));
    server.route("/500", serve::respond(500));
    for (const char* path : {"/403", "/500", "/missing"}) {
        const auto r = check_url(server.url(path));
        EXPECT_EQ(r.state, verdict::down) << path << ": " << describe(r);
        ASSERT_EQ(r.reasons.size(), 1u) << describe(r);
        EXPECT_EQ(r.reasons[0].rfind("status: HTTP ", 0), 0u) << r.reasons[0];
    }
}

TEST(VerdictIntegration, RefusedConnectionIsDown) {
    const auto r = check_url("http://127.0.0.1:" + std::to_string(unused_port()) + "/");
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.error, error_kind::connect);
    EXPECT_TRUE(has_reason(r, "connect: ")) << describe(r);
}

// ------------------------------------------------------------ slow

TEST(VerdictIntegration, SlowEndpointIsDegradedOverSlow) {
    test_server server;
    server.route("/slow", serve::respond(200, {}, "zzz", 300ms));
    server.route("/fast", serve::respond(200));
    check_options o = fast_check_options();
    o.slow = 150ms;
    const auto slow = check_url(server.url("/slow"), o);
    EXPECT_EQ(slow.state, verdict::degraded) << describe(slow);
    EXPECT_TRUE(slow.ok);
    EXPECT_EQ(slow.error, error_kind::none);
    ASSERT_EQ(slow.reasons.size(), 1u) << describe(slow);
    EXPECT_EQ(slow.reasons[0].rfind("slow: ", 0), 0u) << slow.reasons[0];
    EXPECT_NE(slow.reasons[0].find("(over 150 ms)"), std::string::npos) << slow.reasons[0];

    const auto fast = check_url(server.url("/fast"), o);
    EXPECT_EQ(fast.state, verdict::up) << describe(fast);

    o.slow = 0ms;  // off
    EXPECT_EQ(check_url(server.url("/slow"), o).state, verdict::up);
}

TEST(VerdictIntegration, SlowComparesTheLastAttemptNotRetryWaits) {
    test_server server;
    server.route("/", serve::fail_first(1, serve::respond(503), serve::respond(200)));
    check_options o = with_retries(1);
    o.retry_wait = 400ms;
    o.slow = 250ms;
    o.method = http_method::get;  // with auto, a 503 to HEAD goes to GET at once, without a wait
    const auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.attempts, 2) << describe(r);
    EXPECT_GE(r.time_ms, 400.0) << "time_ms includes the retry wait";
    EXPECT_EQ(r.state, verdict::up) << describe(r);
}

// ------------------------------------------------------------ redirects

class RedirectPolicy : public ::testing::Test {
protected:
    void SetUp() override {
        server_.route("/old", serve::redirect(301, "/new"));
        server_.route("/new", serve::respond(200, {}, "moved here"));
    }
    result check(redirect_policy p, const std::string& accept = "200-299") {
        check_options o = fast_check_options();
        o.redirect = p;
        o.accept = *accept_list::parse(accept);
        return check_url(server_.url("/old"), o);
    }
    test_server server_;
};

TEST_F(RedirectPolicy, FollowIsUp) {
    const auto r = check(redirect_policy::follow);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_EQ(r.redirects, 1);
}

TEST_F(RedirectPolicy, WarnIsDegradedWithTheFinalUrl) {
    const auto r = check(redirect_policy::warn);
    EXPECT_EQ(r.state, verdict::degraded) << describe(r);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.final_url, server_.url("/new"));
    EXPECT_EQ(r.reasons, std::vector<std::string>{"redirected to " + server_.url("/new") + " (update the list)"});
}

TEST_F(RedirectPolicy, FailIsDownWithoutFollowing) {
    const auto r = check(redirect_policy::fail);
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.error, error_kind::status);
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.redirects, 0);
    EXPECT_EQ(r.message, "HTTP 301 Moved Permanently -> /new (--redirect fail)");
    EXPECT_EQ(server_.requests("/new"), 0u);
}

TEST_F(RedirectPolicy, FailIsDownEvenWhenTheStatusIsAccepted) {
    const auto r = check(redirect_policy::fail, "200-399");
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.message, "HTTP 301 Moved Permanently -> /new (--redirect fail)");
}

TEST_F(RedirectPolicy, NoneTakesTheRedirectAsTheAnswer) {
    const auto r = check(redirect_policy::none);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.redirects, 0);
    EXPECT_EQ(r.final_url, server_.url("/old"));
    EXPECT_EQ(server_.requests("/new"), 0u);
}

// ------------------------------------------------------------ certificates

TEST(VerdictIntegrationTls, CertificateExpiringIn5DaysWithCertWarn14IsDegraded) {
    test_server server(make_server_context(leaf_expiring_in_days(5)));
    server.route("/", serve::respond(200));
    check_options o = fast_tls_check_options();
    o.cert_warn_days = 14;
    const auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.state, verdict::degraded) << describe(r);
    EXPECT_TRUE(r.ok);
    ASSERT_TRUE(r.tls);
    EXPECT_EQ(r.tls->subject, "/O=urlcheck tests/CN=localhost");
    const std::string expected =
        "certificate /O=urlcheck tests/CN=localhost expires in 5 days (not after " + r.tls->not_after + ")";
    EXPECT_EQ(r.reasons, std::vector<std::string>{expected});
}

TEST(VerdictIntegrationTls, CertificateExpiringIn5DaysWithCertFail7IsDown) {
    test_server server(make_server_context(leaf_expiring_in_days(5)));
    server.route("/", serve::respond(200));
    check_options o = fast_tls_check_options();
    o.cert_fail_days = 7;
    const auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::tls);
    EXPECT_EQ(r.status, 200);
    ASSERT_TRUE(r.tls);
    EXPECT_EQ(r.message, "certificate /O=urlcheck tests/CN=localhost expires in 5 days (not after " + r.tls->not_after +
                             "; --cert-fail 7)");
    EXPECT_EQ(r.reasons, std::vector<std::string>{"tls: " + r.message});
}

TEST(VerdictIntegrationTls, InsecureExemptsTheThresholds) {
    test_server server(make_server_context(leaf_expiring_in_days(5)));
    server.route("/", serve::respond(200));
    check_options o = fast_tls_check_options();
    o.insecure = true;
    o.cert_fail_days = 7;
    const auto r = check_url(server.url("/"), o);
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    ASSERT_TRUE(r.tls) << "days left are still reported";
    EXPECT_NEAR(r.tls->days_left, 5, 1);
}

TEST(VerdictIntegrationTls, ValidCertificateIsUpAndNamed) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/", serve::respond(200));
    const auto r = check_url(server.url("/"), fast_tls_check_options());
    EXPECT_EQ(r.state, verdict::up) << describe(r);
    ASSERT_TRUE(r.tls);
    EXPECT_EQ(r.tls->subject, "/O=urlcheck tests/CN=localhost");
}

TEST(VerdictIntegrationTls, ExpiredCertificateIsDownAndTheSubjectIsKnown) {
    test_server server(make_server_context(leaf_kind::expired));
    server.route("/", serve::respond(200));
    const auto r = check_url(server.url("/"), fast_tls_check_options());
    EXPECT_EQ(r.state, verdict::down) << describe(r);
    EXPECT_EQ(r.error, error_kind::tls);
    ASSERT_TRUE(r.tls);
    EXPECT_EQ(r.tls->subject, "/O=urlcheck tests/CN=localhost");
    EXPECT_LT(r.tls->days_left, 0);
    EXPECT_EQ(r.reasons.size(), 1u) << describe(r);
}

TEST(VerdictIntegrationTls, CertificateWarningBehindAChallenge) {
    test_server server(make_server_context(leaf_expiring_in_days(5)));
    server.route("/", serve::respond(403, {{"cf-mitigated", "challenge"}}));
    const auto r = check_url(server.url("/"), fast_tls_check_options());
    EXPECT_EQ(r.state, verdict::unverifiable) << describe(r);
    ASSERT_EQ(r.reasons.size(), 2u) << describe(r);
    EXPECT_EQ(r.reasons[0], "bot challenge (cf-mitigated: challenge)");
    EXPECT_EQ(r.reasons[1].rfind("certificate /O=urlcheck tests/CN=localhost expires in 5 days", 0), 0u)
        << r.reasons[1];
}

}  // namespace
