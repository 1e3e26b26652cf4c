// assign_verdict, table-driven: every state and every rule of README
// "Verdicts", one row each, with the exact reasons a person would read.
#include "verdict.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using urlcheck::error_kind;
using urlcheck::result;
using urlcheck::tls_info;
using urlcheck::verdict;
using urlcheck::verdict_policy;
using urlcheck::verdict_signals;

constexpr const char* not_after = "2027-01-31T12:00:00Z";

result up(int status = 200) {
    result r;
    r.url = "https://example.com/";
    r.final_url = r.url;
    r.source = "urls.txt:1";
    r.ok = true;
    r.status = status;
    r.attempts = 1;
    r.time_ms = 50;
    r.method = "GET";
    return r;
}

result failed(error_kind kind, std::string message, std::optional<int> status = std::nullopt, int attempts = 1) {
    result r = up();
    r.ok = false;
    r.status = status;
    r.error = kind;
    r.message = std::move(message);
    r.attempts = attempts;
    return r;
}

result with_cert(result r, long days_left, std::string subject = "/CN=example.com") {
    r.tls = tls_info{not_after, days_left, std::move(subject)};
    return r;
}

verdict_signals challenge(std::string header) {
    verdict_signals s;
    s.challenge = std::move(header);
    return s;
}

verdict_signals no_signals() { return verdict_signals{}; }

verdict_signals with_credentials() {
    verdict_signals s;
    s.credentials_sent = true;
    return s;
}

verdict_signals attempt_took(double ms) {
    verdict_signals s;
    s.attempt_ms = ms;
    return s;
}

verdict_policy policy(std::function<void(verdict_policy&)> change = {}) {
    verdict_policy p;
    if (change) change(p);
    return p;
}

struct row {
    std::string name;
    result input;
    verdict_signals signals;
    verdict_policy pol;
    verdict state;
    bool ok;
    error_kind error;
    std::vector<std::string> reasons;  // exact, in order
    std::string message = "\x01";      // "\x01": the input's message, unchanged
};

std::string cert_reason(long days_phrase_days, const char* phrase) {
    (void)days_phrase_days;
    return std::string("certificate /CN=example.com ") + phrase + " (not after " + not_after + ")";
}

std::vector<row> rows() {
    std::vector<row> t;
    // ------------------------------------------------------------ skipped
    t.push_back({"skipped",
                 failed(error_kind::skipped, "not started before the run deadline"),
                 no_signals(),
                 policy(),
                 verdict::skipped,
                 false,
                 error_kind::skipped,
                 {"not started before the run deadline"}});
    t.push_back({"skipped even with a challenge header",
                 failed(error_kind::skipped, "not started before the run deadline"),
                 challenge("cf-mitigated: challenge"),
                 policy(),
                 verdict::skipped,
                 false,
                 error_kind::skipped,
                 {"not started before the run deadline"}});
    // ------------------------------------------------------------ up
    t.push_back({"200 is up", up(), no_signals(), policy(), verdict::up, true, error_kind::none, {}});
    t.push_back({"204 is up", up(204), no_signals(), policy(), verdict::up, true, error_kind::none, {}});
    // ------------------------------------------------------------ bot challenges
    t.push_back({"cloudflare 403 challenge",
                 failed(error_kind::status, "HTTP 403 Forbidden", 403),
                 challenge("cf-mitigated: challenge"),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"bot challenge (cf-mitigated: challenge)"},
                 "HTTP 403 Forbidden"});
    t.push_back({"aws waf 202 challenge",
                 up(202),
                 challenge("x-amzn-waf-action: challenge"),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"bot challenge (x-amzn-waf-action: challenge)"},
                 "HTTP 202 is a bot challenge (x-amzn-waf-action: challenge)"});
    t.push_back({"challenge on a 200",
                 up(200),
                 challenge("x-amzn-waf-action: captcha"),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"bot challenge (x-amzn-waf-action: captcha)"},
                 "HTTP 200 is a bot challenge (x-amzn-waf-action: captcha)"});
    t.push_back({"403 without a challenge header is down",
                 failed(error_kind::status, "HTTP 403 Forbidden", 403),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 403 Forbidden"}});
    // ------------------------------------------------------------ unverifiable statuses
    t.push_back({"999",
                 failed(error_kind::status, "HTTP 999 Request denied", 999),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"status 999: the site refuses automated clients"}});
    t.push_back({"429 after retries",
                 failed(error_kind::status, "HTTP 429 Too Many Requests", 429, 2),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"rate limited: 429 after 2 attempts"}});
    t.push_back({"429 with retries off",
                 failed(error_kind::status, "HTTP 429 Too Many Requests", 429, 1),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"rate limited: 429 after 1 attempt"}});
    t.push_back({"401",
                 failed(error_kind::status, "HTTP 401 Unauthorized", 401),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"authentication required (401)"}});
    t.push_back({"407",
                 failed(error_kind::status, "HTTP 407 Proxy Authentication Required", 407),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"proxy authentication required (407)"}});
    t.push_back(
        {"401 accepted with --accept is up", up(401), no_signals(), policy(), verdict::up, true, error_kind::none, {}});
    t.push_back({"401 to credentials sent is down",
                 failed(error_kind::status, "HTTP 401 Unauthorized", 401),
                 with_credentials(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 401 Unauthorized (the credentials sent were refused)"}});
    t.push_back({"407 to credentials sent is down",
                 failed(error_kind::status, "HTTP 407 Proxy Authentication Required", 407),
                 with_credentials(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 407 Proxy Authentication Required (the credentials sent were refused)"}});
    t.push_back({"429 with credentials is still unverifiable",
                 failed(error_kind::status, "HTTP 429 Too Many Requests", 429, 2),
                 with_credentials(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"rate limited: 429 after 2 attempts"}});
    // ------------------------------------------------------------ down, each kind
    for (auto [kind, message] : std::vector<std::pair<error_kind, std::string>>{
             {error_kind::invalid_url, "invalid URL: bad scheme"},
             {error_kind::dns, "host not found"},
             {error_kind::connect, "connection refused"},
             {error_kind::tls, "certificate expired"},
             {error_kind::timeout, "timed out after 10 s waiting for the response header"},
             {error_kind::protocol, "connection closed before the response header"},
             {error_kind::too_many_redirects, "redirect loop back to https://example.com/"},
         }) {
        const std::string kind_name(urlcheck::to_string(kind));
        t.push_back({"down: " + kind_name,
                     failed(kind, message),
                     no_signals(),
                     policy(),
                     verdict::down,
                     false,
                     kind,
                     {kind_name + ": " + message}});
    }
    t.push_back({"down: 404",
                 failed(error_kind::status, "HTTP 404 Not Found", 404),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 404 Not Found"}});
    t.push_back({"down: 503 after retries",
                 failed(error_kind::status, "HTTP 503 Service Unavailable", 503, 2),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 503 Service Unavailable"}});
    t.push_back({"down without a message",
                 failed(error_kind::connect, ""),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::connect,
                 {"connect"}});
    // ------------------------------------------------------------ certificate thresholds
    t.push_back({"cert 5 days, warn 14: degraded",
                 with_cert(up(), 5),
                 no_signals(),
                 policy(),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(5, "expires in 5 days")}});
    t.push_back({"cert 1 day: singular",
                 with_cert(up(), 1),
                 no_signals(),
                 policy(),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(1, "expires in 1 day")}});
    t.push_back({"cert expires today, fail 0: degraded",
                 with_cert(up(), 0),
                 no_signals(),
                 policy(),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(0, "expires today")}});
    t.push_back({"cert 13 days, warn 14: degraded",
                 with_cert(up(), 13),
                 no_signals(),
                 policy(),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(13, "expires in 13 days")}});
    t.push_back({"cert 14 days, warn 14: up (more than 14 days left)",
                 with_cert(up(), 14),
                 no_signals(),
                 policy(),
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    t.push_back(
        {"cert 90 days: up", with_cert(up(), 90), no_signals(), policy(), verdict::up, true, error_kind::none, {}});
    t.push_back({"cert-warn 0 turns warnings off",
                 with_cert(up(), 0),
                 no_signals(),
                 policy([](verdict_policy& p) { p.cert_warn_days = 0; }),
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    const std::string fail7 =
        std::string("certificate /CN=example.com expires in 5 days (not after ") + not_after + "; --cert-fail 7)";
    t.push_back({"cert 5 days, fail 7: down",
                 with_cert(up(), 5),
                 no_signals(),
                 policy([](verdict_policy& p) { p.cert_fail_days = 7; }),
                 verdict::down,
                 false,
                 error_kind::tls,
                 {"tls: " + fail7},
                 fail7});
    t.push_back({"cert 7 days, fail 7: degraded",
                 with_cert(up(), 7),
                 no_signals(),
                 policy([](verdict_policy& p) { p.cert_fail_days = 7; }),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(7, "expires in 7 days")}});
    const std::string expired =
        std::string("certificate /CN=example.com expired 2 days ago (not after ") + not_after + "; --cert-fail 0)";
    t.push_back({"cert expired, default fail 0: down",
                 with_cert(up(), -2),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::tls,
                 {"tls: " + expired},
                 expired});
    t.push_back({"cert without a subject",
                 with_cert(up(), 3, ""),
                 no_signals(),
                 policy(),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {std::string("certificate expires in 3 days (not after ") + not_after + ")"}});
    t.push_back({"--insecure: no warning",
                 with_cert(up(), 5),
                 no_signals(),
                 policy([](verdict_policy& p) { p.certificates_verified = false; }),
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    t.push_back({"--insecure: an expired certificate is up",
                 with_cert(up(), -3),
                 no_signals(),
                 policy([](verdict_policy& p) {
                     p.certificates_verified = false;
                     p.cert_fail_days = 7;
                 }),
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    t.push_back({"cert warning behind a 404: down, both reasons",
                 with_cert(failed(error_kind::status, "HTTP 404 Not Found", 404), 5),
                 no_signals(),
                 policy(),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 404 Not Found", cert_reason(5, "expires in 5 days")},
                 "HTTP 404 Not Found"});
    t.push_back({"cert fail behind a 404: the 404 stays the error",
                 with_cert(failed(error_kind::status, "HTTP 404 Not Found", 404), 5),
                 no_signals(),
                 policy([](verdict_policy& p) { p.cert_fail_days = 7; }),
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 404 Not Found", "tls: " + fail7},
                 "HTTP 404 Not Found"});
    t.push_back({"cert fail behind a challenge: down, the certificate first",
                 with_cert(failed(error_kind::status, "HTTP 403 Forbidden", 403), 5),
                 challenge("cf-mitigated: challenge"),
                 policy([](verdict_policy& p) { p.cert_fail_days = 7; }),
                 verdict::down,
                 false,
                 error_kind::tls,
                 {"tls: " + fail7, "bot challenge (cf-mitigated: challenge)"},
                 fail7});
    t.push_back({"cert warning behind a 401: unverifiable, both reasons",
                 with_cert(failed(error_kind::status, "HTTP 401 Unauthorized", 401), 5),
                 no_signals(),
                 policy(),
                 verdict::unverifiable,
                 false,
                 error_kind::status,
                 {"authentication required (401)", cert_reason(5, "expires in 5 days")}});
    t.push_back({"a failed handshake is judged by its tls error only",
                 with_cert(failed(error_kind::tls, "hostname mismatch"), 5),
                 no_signals(),
                 policy([](verdict_policy& p) { p.cert_fail_days = 7; }),
                 verdict::down,
                 false,
                 error_kind::tls,
                 {"tls: hostname mismatch"}});
    // ------------------------------------------------------------ slow
    auto slow800 = policy([](verdict_policy& p) { p.slow = 800ms; });
    auto took = [](double ms) {
        result r = up();
        r.time_ms = ms;
        return r;
    };
    t.push_back({"slow: over --slow",
                 took(900),
                 no_signals(),
                 slow800,
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {"slow: 900 ms (over 800 ms)"}});
    t.push_back({"slow: exactly --slow is not over it",
                 took(800),
                 no_signals(),
                 slow800,
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    t.push_back({"slow: a fraction over rounds up",
                 took(800.2),
                 no_signals(),
                 slow800,
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {"slow: 801 ms (over 800 ms)"}});
    t.push_back({"slow: the last attempt counts, not retries and waits",
                 took(2500),
                 attempt_took(300),
                 slow800,
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    t.push_back({"slow: a slow last attempt",
                 took(2500),
                 attempt_took(1500),
                 slow800,
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {"slow: 1.5 s (over 800 ms)"}});
    t.push_back({"slow: off by default", took(60000), no_signals(), policy(), verdict::up, true, error_kind::none, {}});
    t.push_back({"slow: not a reason on a down result",
                 [] {
                     result r = failed(error_kind::status, "HTTP 500 Internal Server Error", 500);
                     r.time_ms = 5000;
                     return r;
                 }(),
                 no_signals(),
                 slow800,
                 verdict::down,
                 false,
                 error_kind::status,
                 {"status: HTTP 500 Internal Server Error"}});
    // ------------------------------------------------------------ redirects
    auto warn = policy([](verdict_policy& p) { p.warn_on_redirect = true; });
    auto redirected = [] {
        result r = up();
        r.url = "http://example.com/old";
        r.final_url = "https://example.com/new";
        r.redirects = 2;
        return r;
    };
    t.push_back({"--redirect warn: degraded with the final URL",
                 redirected(),
                 no_signals(),
                 warn,
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {"redirected to https://example.com/new (update the list)"}});
    t.push_back(
        {"--redirect warn without a redirect: up", up(), no_signals(), warn, verdict::up, true, error_kind::none, {}});
    t.push_back({"--redirect follow: a redirect is up",
                 redirected(),
                 no_signals(),
                 policy(),
                 verdict::up,
                 true,
                 error_kind::none,
                 {}});
    // ------------------------------------------------------------ several reasons
    t.push_back({"certificate, slow and redirect at once",
                 with_cert(redirected(), 5),
                 attempt_took(1200),
                 policy([](verdict_policy& p) {
                     p.slow = 1s;
                     p.warn_on_redirect = true;
                 }),
                 verdict::degraded,
                 true,
                 error_kind::none,
                 {cert_reason(5, "expires in 5 days"), "slow: 1.2 s (over 1 s)",
                  "redirected to https://example.com/new (update the list)"}});
    return t;
}

void PrintTo(const row& r, std::ostream* os) { *os << r.name; }

class Verdict : public ::testing::TestWithParam<row> {};

TEST_P(Verdict, StateAndReasons) {
    const row& c = GetParam();
    result r = c.input;
    urlcheck::assign_verdict(r, c.signals, c.pol);
    EXPECT_EQ(urlcheck::to_string(r.state), urlcheck::to_string(c.state));
    EXPECT_EQ(r.ok, c.ok);
    EXPECT_EQ(urlcheck::to_string(r.error), urlcheck::to_string(c.error));
    EXPECT_EQ(r.reasons, c.reasons);
    EXPECT_EQ(r.message, c.message == "\x01" ? c.input.message : c.message);
    // The contract: ok exactly when error is none; up and degraded are ok.
    EXPECT_EQ(r.ok, r.error == error_kind::none);
    EXPECT_EQ(r.ok, r.state == verdict::up || r.state == verdict::degraded);
    // Up has no reasons; every other state has at least one.
    EXPECT_EQ(r.reasons.empty(), r.state == verdict::up);
    // Fields the verdict does not own stay as they were.
    EXPECT_EQ(r.status, c.input.status);
    EXPECT_EQ(r.time_ms, c.input.time_ms);
    EXPECT_EQ(r.final_url, c.input.final_url);

    // Assigning again gives the same answer (reasons are not piled up),
    // unless the first call rewrote the error (it is meant for a check's
    // own result, once).
    if (r.error != c.input.error) return;
    result again = r;
    urlcheck::assign_verdict(again, c.signals, c.pol);
    EXPECT_EQ(again.reasons, r.reasons);
    EXPECT_EQ(again.state, r.state);
}

std::string row_name(const ::testing::TestParamInfo<row>& info) {
    std::string name;
    for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return std::to_string(info.index) + "_" + name;
}

INSTANTIATE_TEST_SUITE_P(Table, Verdict, ::testing::ValuesIn(rows()), row_name);

TEST(VerdictNames, EveryStateHasItsName) {
    EXPECT_EQ(urlcheck::to_string(verdict::up), "up");
    EXPECT_EQ(urlcheck::to_string(verdict::down), "down");
    EXPECT_EQ(urlcheck::to_string(verdict::degraded), "degraded");
    EXPECT_EQ(urlcheck::to_string(verdict::unverifiable), "unverifiable");
    EXPECT_EQ(urlcheck::to_string(verdict::skipped), "skipped");
}

}  // namespace
