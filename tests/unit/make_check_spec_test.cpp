// make_check_spec (the command line's check_options with a list line's
// options applied) and check_expectations (contains=, not-contains=,
// regex=, expect-header= against a response), without any server.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "check_spec.hpp"
#include "expectations.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/options.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;

line_options line(std::string_view text) {
    auto parsed = parse_line_options(text);
    if (const auto* error = std::get_if<line_options_error>(&parsed)) {
        ADD_FAILURE() << "bad line options '" << text << "': " << error->message;
        return {};
    }
    return std::get<line_options>(parsed);
}

std::string headers_text(const std::vector<header_field>& headers) {
    std::string out;
    for (const auto& h : headers) out += h.name + ": " + h.value + "\n";
    return out;
}

// ------------------------------------------------------------ make_check_spec

TEST(MakeCheckSpec, WithoutLineOptionsItIsTheCommandLine) {
    check_options o;
    o.accept = *accept_list::parse("200,301");
    o.method = http_method::head;
    o.headers = {{"X-A", "1"}};
    o.timeout = 1234ms;
    o.redirect = redirect_policy::warn;
    o.insecure = true;
    o.slow = 700ms;
    o.cert_warn_days = 9;
    o.cert_fail_days = 2;
    const check_spec spec = make_check_spec(o, line_options{});
    EXPECT_EQ(spec.accept.to_string(), "200,301");
    EXPECT_EQ(spec.method, http_method::head);
    EXPECT_EQ(headers_text(spec.headers), "X-A: 1\n");
    EXPECT_EQ(spec.timeout, 1234ms);
    EXPECT_EQ(spec.redirect, redirect_policy::warn);
    EXPECT_TRUE(spec.insecure);
    EXPECT_EQ(spec.verdict.slow, 700ms);
    EXPECT_EQ(spec.verdict.slow_name, "");
    EXPECT_EQ(spec.verdict.cert_warn_days, 9);
    EXPECT_EQ(spec.verdict.cert_warn_name, "");
    EXPECT_EQ(spec.verdict.cert_fail_days, 2);
    EXPECT_TRUE(spec.verdict.warn_on_redirect);
    EXPECT_FALSE(spec.verdict.certificates_verified);
    EXPECT_EQ(spec.expect, nullptr);
}

TEST(MakeCheckSpec, EachLineOptionReplacesItsSetting) {
    const check_options o;  // defaults: 2xx, auto, 10 s, follow, verified
    struct row {
        const char* options;
        std::string accept;
        http_method method;
        std::chrono::milliseconds timeout;
        redirect_policy redirect;
        bool insecure;
    };
    const row rows[] = {
        {"", "200-299", http_method::automatic, 10000ms, redirect_policy::follow, false},
        {"status=200,204", "200,204", http_method::automatic, 10000ms, redirect_policy::follow, false},
        {"method=HEAD", "200-299", http_method::head, 10000ms, redirect_policy::follow, false},
        {"method=get", "200-299", http_method::get, 10000ms, redirect_policy::follow, false},
        {"timeout=2s", "200-299", http_method::automatic, 2000ms, redirect_policy::follow, false},
        {"redirect=fail", "200-299", http_method::automatic, 10000ms, redirect_policy::fail, false},
        {"insecure", "200-299", http_method::automatic, 10000ms, redirect_policy::follow, true},
        // A tag selects the line and changes nothing about its check.
        {"tag=prod", "200-299", http_method::automatic, 10000ms, redirect_policy::follow, false},
        // Body expectations need a body: GET, whatever the method.
        {"contains=ok", "200-299", http_method::get, 10000ms, redirect_policy::follow, false},
        {"method=HEAD not-contains=error", "200-299", http_method::get, 10000ms, redirect_policy::follow, false},
        {"method=HEAD regex=^ok", "200-299", http_method::get, 10000ms, redirect_policy::follow, false},
        // A header expectation does not need the body: the method stays.
        {"method=HEAD expect-header=ETag", "200-299", http_method::head, 10000ms, redirect_policy::follow, false},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.options);
        const check_spec spec = make_check_spec(o, line(r.options));
        EXPECT_EQ(spec.accept.to_string(), r.accept);
        EXPECT_EQ(spec.method, r.method);
        EXPECT_EQ(spec.timeout, r.timeout);
        EXPECT_EQ(spec.redirect, r.redirect);
        EXPECT_EQ(spec.insecure, r.insecure);
        EXPECT_EQ(spec.verdict.certificates_verified, !r.insecure);
        EXPECT_EQ(spec.verdict.warn_on_redirect, r.redirect == redirect_policy::warn);
    }
}

TEST(MakeCheckSpec, BodyExpectationsOverrideACommandLineHead) {
    check_options o;
    o.method = http_method::head;
    EXPECT_EQ(make_check_spec(o, line("contains=ok")).method, http_method::get);
    EXPECT_EQ(make_check_spec(o, line("expect-header=ETag")).method, http_method::head);
    EXPECT_EQ(make_check_spec(o, line("")).method, http_method::head);
}

TEST(MakeCheckSpec, CommandLineInsecureCannotBeTakenBackByALine) {
    check_options o;
    o.insecure = true;
    EXPECT_TRUE(make_check_spec(o, line("")).insecure);
    EXPECT_TRUE(make_check_spec(o, line("tag=x")).insecure);
}

TEST(MakeCheckSpec, LineThresholdsAreNamedInTheVerdictPolicy) {
    check_options o;
    o.slow = 5000ms;
    o.cert_warn_days = 14;
    const check_spec spec = make_check_spec(o, line("max-time=250ms cert-days=30"));
    EXPECT_EQ(spec.verdict.slow, 250ms);
    EXPECT_EQ(spec.verdict.slow_name, "max-time");
    EXPECT_EQ(spec.verdict.cert_warn_days, 30);
    EXPECT_EQ(spec.verdict.cert_warn_name, "cert-days");
    EXPECT_EQ(spec.verdict.cert_fail_days, 0);

    const check_spec only_slow = make_check_spec(o, line("max-time=1s"));
    EXPECT_EQ(only_slow.verdict.cert_warn_days, 14);
    EXPECT_EQ(only_slow.verdict.cert_warn_name, "");
}

TEST(MakeCheckSpec, LineHeadersReplaceCommandLineHeadersOfTheirName) {
    check_options o;
    o.headers = {{"Accept", "text/html"}, {"X-Token", "cli"}, {"x-token", "cli2"}};
    struct row {
        const char* options;
        std::string headers;
    };
    const row rows[] = {
        {"", "Accept: text/html\nX-Token: cli\nx-token: cli2\n"},
        // Any case of the name replaces every command-line field of it.
        {"header=\"X-TOKEN: line\"", "Accept: text/html\nX-TOKEN: line\n"},
        // Several of the line's own fields of one name go together.
        {"header=\"X-Token: a\" header=\"x-token: b\"", "Accept: text/html\nX-Token: a\nx-token: b\n"},
        {"header=\"X-New: 1\"", "Accept: text/html\nX-Token: cli\nx-token: cli2\nX-New: 1\n"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.options);
        EXPECT_EQ(headers_text(make_check_spec(o, line(r.options)).headers), r.headers);
    }
}

TEST(MakeCheckSpec, ExpectationsSayWhatTheResponseMustShow) {
    const check_spec spec =
        make_check_spec(check_options{}, line("contains=a contains=b not-contains=c regex=^x expect-header=ETag "
                                              "expect-header=\"Content-Type:json$\""));
    ASSERT_NE(spec.expect, nullptr);
    EXPECT_TRUE(needs_body(*spec.expect));
    EXPECT_TRUE(needs_headers(*spec.expect));

    const check_spec headers_only = make_check_spec(check_options{}, line("expect-header=ETag"));
    ASSERT_NE(headers_only.expect, nullptr);
    EXPECT_FALSE(needs_body(*headers_only.expect));
    EXPECT_TRUE(needs_headers(*headers_only.expect));
}

// --------------------------------------------------------- check_expectations

struct expect_row {
    const char* options;  // the line's expectations
    std::vector<header_field> headers;
    std::string body;
    bool truncated;
    std::string message;  // empty: every expectation holds
};

TEST(CheckExpectations, FirstFailureIsNamed) {
    const std::vector<header_field> json_headers = {{"Content-Type", "application/json"}, {"ETag", "\"v1\""}};
    const std::vector<expect_row> rows = {
        {"contains=ok", {}, "all ok", false, ""},
        {"contains=ok", {}, "fine", false, "body does not contain \"ok\""},
        {"contains=ok contains=fine", {}, "ok", false, "body does not contain \"fine\""},
        {"contains=ok", {}, "fine", true, "body does not contain \"ok\" in its first 64 KiB"},
        {"not-contains=error", {}, "no problem", false, ""},
        {"not-contains=error", {}, "an error", false, "body contains \"error\""},
        {"not-contains=error", {}, "an error", true, "body contains \"error\""},  // a hit is a hit
        {"regex=^ok", {}, "ok then", false, ""},
        {"regex=^ok$", {}, "not ok", false, "body does not match /^ok$/"},
        {"regex=^ok$", {}, "not ok", true, "body does not match /^ok$/ in its first 64 KiB"},
        {"contains=\"say \\\"hi\\\"\"", {}, "hello", false, "body does not contain \"say \\\"hi\\\"\""},
        {"contains=\\x", {}, "x", false, "body does not contain \"\\\\x\""},
        // Headers come first, names in any case, any one field of a name.
        {"expect-header=etag", json_headers, "", false, ""},
        {"expect-header=Server contains=nope", json_headers, "", false, "no Server header in the response"},
        {"expect-header=Content-Type:json$", json_headers, "", false, ""},
        {"expect-header=Content-Type:^text/", json_headers, "", false,
         "header Content-Type: \"application/json\" does not match /^text//"},
        {"expect-header=X-A:^b$", {{"X-A", "a"}, {"x-a", "b"}}, "", false, ""},
        {"expect-header=X-A:^c$", {{"X-A", "a"}, {"x-a", "b"}}, "", false, "header X-A: \"a\" does not match /^c$/"},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.options);
        const check_spec spec = make_check_spec(check_options{}, line(r.options));
        ASSERT_NE(spec.expect, nullptr);
        response_view response;
        response.headers = &r.headers;
        response.body = r.body;
        response.body_truncated = r.truncated;
        response.body_limit = 64 * 1024;
        const failure got = check_expectations(*spec.expect, response);
        if (r.message.empty()) {
            EXPECT_EQ(got.kind, error_kind::none) << got.message;
            EXPECT_EQ(got.message, "");
        } else {
            EXPECT_EQ(got.kind, error_kind::expectation);
            EXPECT_EQ(got.message, r.message);
        }
    }
}

TEST(CheckExpectations, TheLimitIsWrittenInItsLargestWholeUnit) {
    const check_spec spec = make_check_spec(check_options{}, line("contains=x"));
    ASSERT_NE(spec.expect, nullptr);
    const std::pair<std::size_t, std::string> rows[] = {
        {1024 * 1024, "1 MiB"}, {3 * 1024, "3 KiB"}, {1536, "1536 bytes"}, {100, "100 bytes"}, {1024 * 1024 + 1024, "1025 KiB"},
    };
    for (const auto& [limit, text] : rows) {
        response_view response;
        response.body = "y";
        response.body_truncated = true;
        response.body_limit = limit;
        EXPECT_EQ(check_expectations(*spec.expect, response).message, "body does not contain \"x\" in its first " + text);
    }
}

TEST(CheckExpectations, QuotedTextIsPrintableAndCut) {
    const std::string long_text(100, 'a');
    const check_spec spec = make_check_spec(check_options{}, line("contains=" + long_text));
    ASSERT_NE(spec.expect, nullptr);
    response_view response;
    response.body = "b";
    EXPECT_EQ(check_expectations(*spec.expect, response).message,
              "body does not contain \"" + std::string(80, 'a') + "...\"");

    const std::vector<header_field> headers = {{"X-A", std::string("a\x01" "b")}};
    const check_spec header_spec = make_check_spec(check_options{}, line("expect-header=X-A:^c"));
    ASSERT_NE(header_spec.expect, nullptr);
    response_view with_headers;
    with_headers.headers = &headers;
    EXPECT_EQ(check_expectations(*header_spec.expect, with_headers).message,
              "header X-A: \"a\\\\x01b\" does not match /^c/");
}

TEST(CheckExpectations, NoHeadersAtAllIsAMissingHeader) {
    const check_spec spec = make_check_spec(check_options{}, line("expect-header=ETag"));
    ASSERT_NE(spec.expect, nullptr);
    const failure got = check_expectations(*spec.expect, response_view{});
    EXPECT_EQ(got.kind, error_kind::expectation);
    EXPECT_EQ(got.message, "no ETag header in the response");
}

}  // namespace
