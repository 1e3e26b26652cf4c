// parse_line_options: the KEY=VALUE options after a list line's URL.
#include "urlcheck/line_options.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <variant>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using urlcheck::http_method;
using urlcheck::line_options;
using urlcheck::line_options_error;
using urlcheck::parse_line_options;
using urlcheck::redirect_policy;
using urlcheck::starts_with_option;

line_options ok(std::string_view text) {
    auto r = parse_line_options(text);
    if (const auto* e = std::get_if<line_options_error>(&r)) {
        ADD_FAILURE() << "'" << text << "': column " << e->column << ": " << e->message;
        return {};
    }
    return std::get<line_options>(std::move(r));
}

// "column N: message", as list entries show it.
std::string error_of(std::string_view text) {
    const auto r = parse_line_options(text);
    const auto* e = std::get_if<line_options_error>(&r);
    if (e == nullptr) return "no error";
    return "column " + std::to_string(e->column) + ": " + e->message;
}

TEST(LineOptions, NothingIsNoOptions) {
    for (const char* text : {"", "   ", "\t", " \r", "# a comment", "  #status=200"}) {
        const line_options o = ok(text);
        EXPECT_FALSE(o.status) << text;
        EXPECT_FALSE(o.method);
        EXPECT_TRUE(o.headers.empty());
        EXPECT_FALSE(o.insecure);
        EXPECT_TRUE(o.tags.empty());
    }
}

TEST(LineOptions, EveryKey) {
    const line_options o = ok(
        "status=200,204 method=HEAD header=\"X-Env: prod\" expect-header=ETag "
        "expect-header=\"Content-Type: ^application/json\" contains=\"\\\"ok\\\":true\" not-contains=error "
        "regex=\"v[0-9]+\" max-time=800ms timeout=2 cert-days=21 redirect=fail insecure tag=prod");
    ASSERT_TRUE(o.status);
    EXPECT_EQ(o.status->to_string(), "200,204");
    EXPECT_EQ(o.method, http_method::head);
    ASSERT_EQ(o.headers.size(), 1u);
    EXPECT_EQ(o.headers[0].name, "X-Env");
    EXPECT_EQ(o.headers[0].value, "prod");
    ASSERT_EQ(o.expect_headers.size(), 2u);
    EXPECT_EQ(o.expect_headers[0].name, "ETag");
    EXPECT_FALSE(o.expect_headers[0].pattern);
    EXPECT_EQ(o.expect_headers[1].name, "Content-Type");
    EXPECT_EQ(o.expect_headers[1].pattern, "^application/json");
    EXPECT_EQ(o.contains, std::vector<std::string>{"\"ok\":true"});
    EXPECT_EQ(o.not_contains, std::vector<std::string>{"error"});
    EXPECT_EQ(o.regex, "v[0-9]+");
    EXPECT_EQ(o.max_time, 800ms);
    EXPECT_EQ(o.timeout, 2000ms);
    EXPECT_EQ(o.cert_days, 21);
    EXPECT_EQ(o.redirect, redirect_policy::fail);
    EXPECT_TRUE(o.insecure);
    EXPECT_EQ(o.tags, std::vector<std::string>{"prod"});
}

TEST(LineOptions, EnumeratedValuesIgnoreCase) {
    EXPECT_EQ(ok("method=get").method, http_method::get);
    EXPECT_EQ(ok("method=Head").method, http_method::head);
    EXPECT_EQ(ok("method=auto").method, http_method::automatic);  // back to the default under --method GET
    EXPECT_EQ(ok("redirect=follow").redirect, redirect_policy::follow);
    EXPECT_EQ(ok("redirect=WARN").redirect, redirect_policy::warn);
    EXPECT_EQ(ok("redirect=none").redirect, redirect_policy::none);
    EXPECT_EQ(ok("cert-days=0").cert_days, 0);
    EXPECT_EQ(ok("max-time=1.5s").max_time, 1500ms);
}

TEST(LineOptions, QuotingAndEscapes) {
    struct row {
        const char* text;
        const char* value;
    };
    for (const row& r : {row{"contains=plain", "plain"},
                         row{"contains=\"two words\"", "two words"},
                         row{"contains=\"say \\\"hi\\\"\"", "say \"hi\""},
                         row{"contains=\"back\\\\slash\"", "back\\slash"},
                         row{"contains=\"a\\d\"", "a\\d"},  // other backslashes stay
                         row{"contains=a\\b", "a\\b"},      // no escapes outside quotes
                         row{"contains=\"# not a comment\"", "# not a comment"},
                         row{"contains=a#b", "a#b"},
                         row{"contains=\"tab\there\"", "tab\there"},
                         row{"contains=caf\xC3\xA9", "caf\xC3\xA9"},
                         row{"contains==x", "=x"},
                         row{"contains=\"\\\\\"", "\\"}}) {
        const line_options o = ok(r.text);
        ASSERT_EQ(o.contains.size(), 1u) << r.text;
        EXPECT_EQ(o.contains[0], r.value) << r.text;
    }
}

TEST(LineOptions, CommentsAfterOptions) {
    const line_options o = ok("status=200 # owned by team-a  tag=ignored status=500");
    ASSERT_TRUE(o.status);
    EXPECT_EQ(o.status->to_string(), "200");
    EXPECT_TRUE(o.tags.empty());
    EXPECT_EQ(ok("tag=a\t#comment").tags, std::vector<std::string>{"a"});
    EXPECT_EQ(ok("contains=\"x #y\" # z").contains, std::vector<std::string>{"x #y"});
}

TEST(LineOptions, RepeatablesKeepTheirOrder) {
    const line_options o = ok(
        "header=\"A: 1\" header=\"B: 2\" tag=a tag=b.c tag=d_e-f contains=x contains=y not-contains=p not-contains=q "
        "expect-header=X expect-header=Y:z");
    ASSERT_EQ(o.headers.size(), 2u);
    EXPECT_EQ(o.headers[1].name, "B");
    EXPECT_EQ(o.tags, (std::vector<std::string>{"a", "b.c", "d_e-f"}));
    EXPECT_EQ(o.contains, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(o.not_contains, (std::vector<std::string>{"p", "q"}));
    ASSERT_EQ(o.expect_headers.size(), 2u);
    EXPECT_EQ(o.expect_headers[1].pattern, "z");
}

TEST(LineOptions, ErrorsNameTheColumn) {
    struct row {
        std::string text;
        const char* error;
    };
    for (const row& r : {
             // Keys: unknown, near misses, duplicates, values missing or unwanted.
             row{"stauts=200", "column 1: unknown key 'stauts' (did you mean 'status'?)"},
             row{"status=200  Status=201", "column 13: unknown key 'Status' (did you mean 'status'?)"},
             row{"tag=a insecrue", "column 7: unknown key 'insecrue' (did you mean 'insecure'?)"},
             row{"max_time=2s", "column 1: unknown key 'max_time' (did you mean 'max-time'?)"},
             row{"contain=x", "column 1: unknown key 'contain' (did you mean 'contains'?)"},
             row{"foo=bar", "column 1: unknown key 'foo'"},
             // Other checkers' words for our keys, and spaces around '='.
             row{"accept=200", "column 1: unknown key 'accept' (did you mean 'status'?)"},
             row{"Status-Code=200", "column 1: unknown key 'Status-Code' (did you mean 'status'?)"},
             row{"body=ok", "column 1: unknown key 'body' (did you mean 'contains'?)"},
             row{"status = 200", "column 1: status: no spaces around '=' (write status=VALUE)"},
             row{"tag=a status =200", "column 7: status: no spaces around '=' (write status=VALUE)"},
             row{"status= 200", "column 8: status: no spaces around '=' (write status=VALUE)"},
             row{"a=b", "column 1: unknown key 'a'"},
             row{"=x", "column 1: unknown key ''"},
             row{"x\x1b=1", "column 1: unknown key 'x\\x1B'"},
             row{"status=200 status=201", "column 12: duplicate key 'status' (first given at column 1)"},
             row{"insecure insecure", "column 10: duplicate key 'insecure' (first given at column 1)"},
             row{"method=GET method=GET", "column 12: duplicate key 'method' (first given at column 1)"},
             row{"regex=a regex=b", "column 9: duplicate key 'regex' (first given at column 1)"},
             row{"max-time=1 max-time=1", "column 12: duplicate key 'max-time' (first given at column 1)"},
             row{"timeout=1 timeout=2", "column 11: duplicate key 'timeout' (first given at column 1)"},
             row{"cert-days=1 cert-days=2", "column 13: duplicate key 'cert-days' (first given at column 1)"},
             row{"redirect=warn redirect=fail", "column 15: duplicate key 'redirect' (first given at column 1)"},
             row{"status", "column 1: status: needs a value (status=...)"},
             row{"tag=a status=", "column 14: status: needs a value (status=...)"},
             row{"contains=\"\"", "column 10: contains: needs a value (contains=...)"},
             row{"insecure=yes", "column 1: 'insecure' takes no value"},
             // Quoting.
             row{"contains=\"open", "column 10: contains: missing closing quote"},
             row{"contains=\"a\"b", "column 13: contains: expected a space after the closing quote"},
             row{"contains=a\"b\"", "column 11: contains: '\"' inside an unquoted value (quote the whole value)"},
             row{"contains=\"a\\\"", "column 10: contains: missing closing quote"},
             row{"contains=a\x01", "column 11: contains: control byte 0x01 in a value"},
             row{"contains=\"a\nb\"", "column 12: contains: control byte 0x0A in a value"},
             // Values.
             row{"status=2xx", "column 8: status: invalid accept list element '2xx': expected a status like 404 or a "
                               "range like 200-299"},
             row{"status=299-200", "column 8: status: reversed range '299-200' in accept list: the lower status comes "
                                   "first"},
             row{"method=POST", "column 8: method: expected GET, HEAD or auto, got 'POST'"},
             row{"header=NoColon", "column 8: header: expected 'Name: value', got 'NoColon'"},
             row{"header=\"Bad Name: x\"", "column 8: header: invalid header name 'Bad ...'"},
             row{"header=\": v\"", "column 8: header: missing header name before ':'"},
             row{"expect-header=\"Bad Name\"", "column 15: expect-header: invalid header name 'Bad Name'"},
             row{"expect-header=:x", "column 15: expect-header: invalid header name ''"},
             row{"expect-header=X:", "column 15: expect-header: empty pattern after ':' (leave out the ':' to only "
                                     "require the header)"},
             row{"regex=\"(a\"", "column 7: regex: invalid regex: Unmatched marking parenthesis ( or \\("},
             row{"expect-header=X:[a", "column 15: expect-header: invalid regex: Unmatched [ or [^ in character class "
                                       "declaration"},
             row{"regex=" + std::string(1025, 'a'), "column 7: regex: regex too long (1025 bytes, at most 1024)"},
             row{"max-time=fast", "column 10: max-time: expected a duration like 800ms, 2s or 1.5s"},
             row{"max-time=0", "column 10: max-time: must be more than 0"},
             row{"timeout=0ms", "column 9: timeout: must be more than 0"},
             row{"timeout=2d", "column 9: timeout: expected a duration like 800ms, 2s or 1.5s"},
             row{"timeout=90000", "column 9: timeout: duration out of range: at most 24 hours"},
             row{"cert-days=-1", "column 11: cert-days: expected a whole number of days >= 0"},
             row{"cert-days=-0", "column 11: cert-days: expected a whole number of days >= 0"},
             row{"cert-days=1.5", "column 11: cert-days: expected a whole number of days >= 0"},
             row{"cert-days=99999999999", "column 11: cert-days: expected a whole number of days >= 0"},
             row{"redirect=always", "column 10: redirect: expected follow, warn, fail or none, got 'always'"},
             row{"tag=a/b", "column 5: tag: invalid tag 'a/b' (letters, digits, '_', '.' and '-' only)"},
             row{"tag=\"a b\"", "column 5: tag: invalid tag 'a b' (letters, digits, '_', '.' and '-' only)"},
             row{"method=\"G\xC3\x89T\"", "column 8: method: expected GET, HEAD or auto, got 'G\\xC3\\x89T'"},
             // The first error wins, after any number of good options.
             row{"  status=200\ttag=x  methd=GET stauts=1", "column 21: unknown key 'methd' (did you mean 'method'?)"},
         }) {
        EXPECT_EQ(error_of(r.text), r.error) << r.text;
    }
}

TEST(LineOptions, ColumnsCountFromWhereTheTextStarts) {
    const auto r = parse_line_options(" status=200 status=201", 20);
    const auto* e = std::get_if<line_options_error>(&r);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->column, 32u);
    EXPECT_EQ(e->message, "duplicate key 'status' (first given at column 21)");
    const auto q = parse_line_options(" contains=\"x", 20);
    ASSERT_NE(std::get_if<line_options_error>(&q), nullptr);
    EXPECT_EQ(std::get_if<line_options_error>(&q)->column, 30u);
}

TEST(LineOptions, TrailingCarriageReturnIsNoToken) {
    EXPECT_EQ(ok("tag=a\r").tags, std::vector<std::string>{"a"});
    EXPECT_EQ(ok("contains=\"x\"\r").contains, std::vector<std::string>{"x"});
    EXPECT_TRUE(ok("insecure \r").insecure);
}

TEST(LineOptions, WhatStartsOptions) {
    for (const char* text : {"status=200", " tag=x", "\tfoo=bar", "insecure", "insecure\r", "insecrue", "status", "tag",
                             "stauts=1", "a=b", "x_y=1"}) {
        EXPECT_TRUE(starts_with_option(text)) << text;
    }
    // Text that is no option: the line is one URL with spaces in it.
    for (const char* text : {"", "  ", "a url at all", "mple.com/", "stauts", "#x", "\"quoted\"", "=x", "a.b=c"}) {
        EXPECT_FALSE(starts_with_option(text)) << text;
    }
}

}  // namespace
