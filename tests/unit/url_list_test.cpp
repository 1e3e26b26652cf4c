#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::entry;
using urlcheck::make_entry;
using urlcheck::parse_list;

TEST(MakeEntry, ValidHttpsUrl) {
    const entry e = make_entry("https://example.com/health?x=1", "f:1");
    EXPECT_EQ(e.url, "https://example.com/health?x=1");
    EXPECT_EQ(e.target, "https://example.com/health?x=1");
    EXPECT_EQ(e.source, "f:1");
    EXPECT_EQ(e.error, "");
}

TEST(MakeEntry, SchemeAndHostLowercasedPathKept) {
    const entry e = make_entry("HTTP://Example.COM:8080/Some/Path?Q=A", "f:1");
    EXPECT_EQ(e.error, "");
    EXPECT_EQ(e.url, "HTTP://Example.COM:8080/Some/Path?Q=A");
    EXPECT_EQ(e.target, "http://example.com:8080/Some/Path?Q=A");
}

TEST(MakeEntry, EmptyPathKept) {
    EXPECT_EQ(make_entry("https://example.com", "f:1").target, "https://example.com");
}

TEST(MakeEntry, FragmentDropped) {
    const entry e = make_entry("https://x.test/page#top", "f:1");
    EXPECT_EQ(e.error, "");
    EXPECT_EQ(e.url, "https://x.test/page#top");
    EXPECT_EQ(e.target, "https://x.test/page");
}

TEST(MakeEntry, SchemeLessMeansHttps) {
    EXPECT_EQ(make_entry("example.com/health", "f:1").target, "https://example.com/health");
    EXPECT_EQ(make_entry("example.com", "f:1").target, "https://example.com");
    EXPECT_EQ(make_entry("localhost:8443/x", "f:1").target, "https://localhost:8443/x");
    EXPECT_EQ(make_entry("//cdn.example.com/a.js", "f:1").target, "https://cdn.example.com/a.js");
    EXPECT_EQ(make_entry("example.com/health", "f:1").url, "example.com/health");
}

TEST(MakeEntry, Ipv6Literal) {
    const entry e = make_entry("http://[::1]:8080/", "f:1");
    EXPECT_EQ(e.error, "");
    EXPECT_EQ(e.target, "http://[::1]:8080/");
    EXPECT_EQ(make_entry("http://[2001:DB8::1]/", "f:1").target, "http://[2001:db8::1]/");
    EXPECT_NE(make_entry("http://[::1:8080/", "f:1").error, "");
}

TEST(MakeEntry, UnsupportedScheme) {
    const entry e = make_entry("ftp://files.example.com/x", "f:1");
    EXPECT_EQ(e.target, "");
    EXPECT_EQ(e.error, "'ftp://' at column 1: only http and https are checked");
    EXPECT_NE(make_entry("mailto:someone@example.com", "f:1").error.find("'mailto:'"), std::string::npos);
    EXPECT_NE(make_entry("FTP://x/", "f:1").error.find("'FTP://'"), std::string::npos);
}

// Text before a "://" is the scheme, whatever it looks like: a typo there
// is an invalid URL, never a host name to look up (issue 11).
TEST(MakeEntry, SchemeTyposAreInvalidNotHostNames) {
    const entry e = make_entry("ht!tp://127.0.0.1/x", "f:1");
    EXPECT_EQ(e.error, "'ht!tp://' at column 1 is not a scheme: only http and https are checked (did you mean 'http://'?)");
    EXPECT_EQ(e.target, "");
    EXPECT_EQ(e.url, "ht!tp://127.0.0.1/x");
    EXPECT_EQ(make_entry("ht!tp://bad\r", "f:1").error, e.error);
    EXPECT_EQ(make_entry("htp://x.test/", "f:1").error, "'htp://' at column 1: only http and https are checked (did you mean 'http://'?)");
    EXPECT_EQ(make_entry("h\x01tp://x.test/", "f:1").error, "'h\\x01tp://' at column 1 is not a scheme: only http and https are checked (did you mean 'http://'?)");
    EXPECT_EQ(make_entry("caf\xC3\xA9://x/", "f:1").error, "'caf\\xC3\\xA9://' at column 1 is not a scheme: only http and https are checked");
    EXPECT_EQ(make_entry("1http://x/", "f:1").error, "'1http://' at column 1 is not a scheme: only http and https are checked (did you mean 'http://'?)");
    EXPECT_EQ(make_entry("www.example.com://x", "f:1").error,
              "'www.example.com://' at column 1: only http and https are checked");
    EXPECT_EQ(make_entry("localhost:8080://x", "f:1").error,
              "'localhost:8080://' at column 1 is not a scheme: only http and https are checked");
    EXPECT_EQ(make_entry("://x.test/", "f:1").error, "'://' at column 1 has no scheme before it: write 'https://'");
    // A colon left out: not the host "https".
    EXPECT_EQ(make_entry("https//example.com/", "f:1").error, "'https//' at column 1 has no ':' after the scheme: write 'https://'");
    EXPECT_EQ(make_entry("HTTP//example.com", "f:1").error, "'HTTP//' at column 1 has no ':' after the scheme: write 'http://'");
    EXPECT_EQ(make_entry("http.example.com//x", "f:1").error, "");
    // The scheme is named before any bad character after it.
    EXPECT_EQ(make_entry("ftp://exa mple/", "f:1").error, "'ftp://' at column 1: only http and https are checked");
    // A long one is quoted in part.
    EXPECT_EQ(make_entry(std::string(50, 'x') + "!://y", "f:1").error,
              std::string("'").append(40, 'x').append("...://' at column 1 is not a scheme: only http and https are checked"));
    // http and https in any case still are what they were.
    EXPECT_EQ(make_entry("HtTpS://x.test/", "f:1").target, "https://x.test/");
}

TEST(MakeEntry, SchemeLessLinesMayHoldAUrlInTheirQuery) {
    // A "://" after a '/', '?' or '#' belongs to the path, query or fragment.
    EXPECT_EQ(make_entry("example.com/?next=https://x.test/", "f:1").target,
              "https://example.com/?next=https://x.test/");
    EXPECT_EQ(make_entry("example.com/a://b", "f:1").target, "https://example.com/a://b");
    EXPECT_EQ(make_entry("example.com?u=http://x", "f:1").target, "https://example.com?u=http://x");
    EXPECT_EQ(make_entry("localhost:8080/x?u=http://y", "f:1").target, "https://localhost:8080/x?u=http://y");
    EXPECT_EQ(make_entry("//cdn.test/a?u=ftp://x", "f:1").target, "https://cdn.test/a?u=ftp://x");
}

TEST(ImpliedScheme, WhatMakeEntryPutsInFront) {
    using urlcheck::implied_scheme;
    EXPECT_EQ(implied_scheme("example.com/x"), "https://");
    EXPECT_EQ(implied_scheme("localhost:8080/x"), "https://");
    EXPECT_EQ(implied_scheme("user:1234@host/x"), "https://");
    EXPECT_EQ(implied_scheme("example.com/?next=https://x"), "https://");
    EXPECT_EQ(implied_scheme("[::1]:8080/"), "https://");
    EXPECT_EQ(implied_scheme("//host/x"), "https:");
    EXPECT_EQ(implied_scheme("https://x/"), "");
    EXPECT_EQ(implied_scheme("ht!tp://x/"), "");
    EXPECT_EQ(implied_scheme("ftp://x/"), "");
    EXPECT_EQ(implied_scheme("mailto:a@b"), "");
    EXPECT_EQ(implied_scheme("http:x"), "");
}

// The URL cap counts the URL as fetched: a scheme-less one with its https://.
TEST(MakeEntry, UrlsLongerThan8KiBAreInvalid) {
    using urlcheck::max_url_length;
    const std::string base = "https://x.test/";
    const std::string longest = base + std::string(max_url_length - base.size(), 'a');
    const entry ok = make_entry(longest, "f:1");
    EXPECT_EQ(ok.error, "");
    EXPECT_EQ(ok.target, longest);
    EXPECT_EQ(make_entry(ok.target, "again").target, ok.target) << "a target reads back as itself";

    const entry e = make_entry(longest + "a", "f:2");
    EXPECT_EQ(e.error, "URL too long: 8,193 bytes, limit 8 KiB");
    EXPECT_EQ(e.target, "");
    EXPECT_EQ(e.source, "f:2");
    EXPECT_EQ(e.url, longest.substr(0, 100) + "\xE2\x80\xA6") << "never the whole URL";

    const std::string scheme_less = "x.test/" + std::string(max_url_length - 7, 'a');  // 8,192 bytes written
    EXPECT_EQ(make_entry(scheme_less, "f:3").error, "URL too long: 8,200 bytes, limit 8 KiB");
    // Before the scheme is looked at: the message stays short.
    EXPECT_EQ(make_entry("ftp://" + std::string(9000, 'a'), "f:4").error, "URL too long: 9,006 bytes, limit 8 KiB");
}

TEST(AbbreviatedUrl, First100BytesPrintableAndAnEllipsis) {
    using urlcheck::abbreviated_url;
    const std::string ellipsis = "\xE2\x80\xA6";
    const std::string path = "https://x.test/" + std::string(200, 'p');
    EXPECT_EQ(abbreviated_url(path), path.substr(0, 100) + ellipsis);
    EXPECT_EQ(abbreviated_url("https://x.test/\x1b" + std::string(200, 'p')).substr(0, 19), "https://x.test/\\x1B");
    EXPECT_EQ(abbreviated_url("https://x.test/caf\xC3\xA9" + std::string(200, 'p')).substr(0, 26),
              "https://x.test/caf\\xC3\\xA9");
}

TEST(AbbreviatedUrl, NeverKeepsTheStartOfACutPassword) {
    // Redaction needs the '@' after a password; when the cut comes first,
    // the authority ends before its ':'.
    using urlcheck::abbreviated_url;
    const std::string ellipsis = "\xE2\x80\xA6";
    const std::string secret(200, 's');
    EXPECT_EQ(abbreviated_url("https://user:" + secret + "@host/"), "https://user" + ellipsis);
    EXPECT_EQ(abbreviated_url("user:" + secret + "@host/"), "user" + ellipsis);
    EXPECT_EQ(abbreviated_url("//user:" + secret + "@host/"), "//user" + ellipsis);
    EXPECT_EQ(abbreviated_url("https://x.test/?next=https://u:" + secret), "https://x.test/?next=https://u" + ellipsis);
    // A password that ends before the cut is redacted later, as any.
    const std::string whole = "https://u:pw@x.test/" + std::string(200, 'p');
    EXPECT_EQ(abbreviated_url(whole), whole.substr(0, 100) + ellipsis);
    // A ':' after the authority is no password.
    const std::string query = "https://x.test/?a=" + std::string(200, ':');
    EXPECT_EQ(abbreviated_url(query), query.substr(0, 100) + ellipsis);
}

TEST(MakeEntry, MissingHost) {
    EXPECT_EQ(make_entry("http:///path", "f:1").error, "missing host after 'http://' at column 8");
    EXPECT_EQ(make_entry("https://", "f:1").error, "missing host after 'https://' at column 9");
    EXPECT_EQ(make_entry("http:path", "f:1").error,
              "'http:' at column 1 is not followed by '//' and a host: write 'http://HOST/'");
    EXPECT_EQ(make_entry("https://:8080/", "f:1").error, "missing host after 'https://' at column 9");
}

TEST(MakeEntry, PortRange) {
    EXPECT_EQ(make_entry("http://x.test:65535/", "f:1").error, "");
    EXPECT_EQ(make_entry("http://x.test:1/", "f:1").error, "");
    EXPECT_EQ(make_entry("http://x.test:65536/", "f:1").error, "port '65536' at column 15 is out of range: use 1 to 65535");
    EXPECT_EQ(make_entry("http://x.test:0/", "f:1").error, "port '0' at column 15 is out of range: use 1 to 65535");
    EXPECT_EQ(make_entry("http://x.test:99999999999999999999/", "f:1").error,
              "port '99999999999999999999' at column 15 is out of range: use 1 to 65535");
    EXPECT_NE(make_entry("http://x.test:abc/", "f:1").error.find("port 'abc' at column 15 is not a number"), std::string::npos);
    // Found by fuzz_url_list: Boost.URL 1.81 reads "999./99/" as port 999
    // and path "./99/", which normalises to the port 99999.
    EXPECT_EQ(make_entry("http://host:999./99/", "f:1").error,
              "port '999.' at column 13 is not a number: write a port from 1 to 65535");
    EXPECT_EQ(make_entry("http://host:80x", "f:1").error, "port '80x' at column 13 is not a number: write a port from 1 to 65535");
    // An empty port means the default one.
    EXPECT_EQ(make_entry("http://x.test:/a", "f:1").target, "http://x.test/a");
}

TEST(MakeEntry, GarbageNamesTheColumn) {
    const entry e = make_entry("https://exa mple.com/", "f:1");
    EXPECT_EQ(e.target, "");
    EXPECT_EQ(e.error, "space at column 12: write it as %20");
    EXPECT_EQ(e.error_column, 12u);
    // Columns count what the user wrote, not the https:// we add.
    EXPECT_EQ(make_entry("exa<mple.com", "f:1").error, "'<' at column 4 is not allowed in a URL: write it as %3C");
    EXPECT_EQ(make_entry("http://x/\x1b[31m", "f:1").error, "control byte 0x1B at column 10: remove it or write it as %1B");
    EXPECT_EQ(make_entry("http://x/%zz", "f:1").error, "'%zz' at column 10 is not a percent-encoding: write '%' as %25");
    // Non-ASCII is fetched percent-encoded (idn_test.cpp), not refused.
    EXPECT_EQ(make_entry("http://x/caf\xC3\xA9", "f:1").target, "http://x/caf%C3%A9");
    EXPECT_NE(make_entry("::::", "f:1").error, "");
}

TEST(MakeEntry, EmptyIsAnError) { EXPECT_EQ(make_entry("   ", "f:1").error, "empty URL"); }

TEST(ParseList, LineNumbersCountEveryPhysicalLine) {
    const auto entries = parse_list(
        "# header comment\n"
        "\n"
        "https://a.test/\n"
        "   # indented comment\n"
        "  https://b.test/  \n"
        "\t\n"
        "c.test/x",
        "urls.txt");
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].source, "urls.txt:3");
    EXPECT_EQ(entries[0].target, "https://a.test/");
    EXPECT_EQ(entries[1].source, "urls.txt:5");
    EXPECT_EQ(entries[1].url, "https://b.test/");
    EXPECT_EQ(entries[2].source, "urls.txt:7");
    EXPECT_EQ(entries[2].target, "https://c.test/x");
}

TEST(ParseList, BomAndCrlf) {
    const auto entries = parse_list("\xEF\xBB\xBFhttps://a.test/\r\n\r\nhttps://b.test/\r\n", "l");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].url, "https://a.test/");
    EXPECT_EQ(entries[0].error, "");
    EXPECT_EQ(entries[0].source, "l:1");
    EXPECT_EQ(entries[1].url, "https://b.test/");
    EXPECT_EQ(entries[1].source, "l:3");
}

TEST(ParseList, BomOnlyAtStart) {
    const auto entries = parse_list("https://a.test/\n\xEF\xBB\xBFhttps://b.test/\n", "l");
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_NE(entries[1].error, "");
}

TEST(ParseList, TrailingCommentsButNotFragments) {
    const auto entries = parse_list(
        "https://a.test/ # the main site\n"
        "https://b.test/#top\n"
        "https://c.test/#top\t# comment after a fragment\n"
        "https://d.test/path#frag#not-a-comment\n",
        "l");
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].url, "https://a.test/");
    EXPECT_EQ(entries[0].target, "https://a.test/");
    EXPECT_EQ(entries[1].url, "https://b.test/#top");
    EXPECT_EQ(entries[1].target, "https://b.test/");
    EXPECT_EQ(entries[2].url, "https://c.test/#top");
    EXPECT_EQ(entries[2].source, "l:3");
    EXPECT_EQ(entries[3].url, "https://d.test/path#frag#not-a-comment");
}

TEST(ParseList, InvalidLinesKeepTheirPlace) {
    const auto entries = parse_list(
        "https://ok.test/\n"
        "ftp://files.test/\n"
        "http://[::1]:8080/\n"
        "HTTPS://UPPER.TEST/A\n"
        "http://x.test:70000/\n"
        "http:///nohost\n"
        "not a url at all\n",
        "urls.txt");
    ASSERT_EQ(entries.size(), 7u);
    EXPECT_EQ(entries[0].error, "");
    EXPECT_EQ(entries[1].source, "urls.txt:2");
    EXPECT_EQ(entries[1].error, "'ftp://' at column 1: only http and https are checked");
    EXPECT_EQ(entries[1].target, "");
    EXPECT_EQ(entries[2].target, "http://[::1]:8080/");
    EXPECT_EQ(entries[3].target, "https://upper.test/A");
    EXPECT_EQ(entries[4].error, "port '70000' at column 15 is out of range: use 1 to 65535");
    EXPECT_EQ(entries[5].error, "missing host after 'http://' at column 8");
    EXPECT_EQ(entries[6].source, "urls.txt:7");
    EXPECT_EQ(entries[6].error, "space at column 4: write it as %20");
}

TEST(ParseList, SchemeTypoWithCrlf) {
    const auto entries = parse_list("ht!tp://127.0.0.1/x\nht!tp://bad\r\nhttps://ok.test/\r\n", "l");
    ASSERT_EQ(entries.size(), 3u);
    const std::string typo = "'ht!tp://' at column 1 is not a scheme: only http and https are checked (did you mean 'http://'?)";
    EXPECT_EQ(entries[0].error, typo);
    EXPECT_EQ(entries[1].error, typo);
    EXPECT_EQ(entries[1].url, "ht!tp://bad");
    EXPECT_EQ(entries[1].source, "l:2");
    EXPECT_EQ(entries[2].error, "");
}

// A line is capped at 16 KiB, its line ending not counted: a URL of 8 KiB
// and its options fit. Longer lines are invalid; comments and blank lines
// of any length are still skipped.
TEST(ParseList, LinesLongerThan16KiBAreInvalid) {
    using urlcheck::max_line_length;
    const std::string url = "https://a.test/";
    const std::string longest = url + std::string(max_line_length - url.size(), ' ');  // trailing blanks: a valid line
    const std::string too_long = url + std::string(max_line_length, 'a');
    const std::string text = longest + "\r\n" +                                   // 1: at the limit
                             too_long + "\n" +                                    // 2
                             "# " + std::string(max_line_length, 'c') + "\n" +    // 3: a comment
                             std::string(max_line_length, ' ') + " # c\n" +       // 4: blank, then a comment
                             std::string(max_line_length + 5, '\t') + "\n" +      // 5: blank
                             std::string(max_line_length, ' ') + "x\n" +          // 6: content after the cut
                             "https://b.test/ tag=" + std::string(max_line_length, 't') + "\n" +  // 7: options
                             "https://c.test/";                                   // 8
    const auto entries = parse_list(text, "l");
    ASSERT_EQ(entries.size(), 5u);
    EXPECT_EQ(entries[0].source, "l:1");
    EXPECT_EQ(entries[0].error, "");
    EXPECT_EQ(entries[1].source, "l:2");
    EXPECT_EQ(entries[1].error, "line too long: 16,399 bytes, limit 16 KiB");
    EXPECT_EQ(entries[1].target, "");
    EXPECT_EQ(entries[1].url, too_long.substr(0, 100) + "\xE2\x80\xA6");
    EXPECT_EQ(entries[2].source, "l:6");
    EXPECT_EQ(entries[2].error, "line too long: 16,385 bytes, limit 16 KiB");
    EXPECT_EQ(entries[2].url, "\xE2\x80\xA6") << "its start is blank";
    EXPECT_EQ(entries[3].source, "l:7");
    EXPECT_EQ(entries[3].error, "line too long: 16,404 bytes, limit 16 KiB");
    EXPECT_EQ(entries[4].source, "l:8");
    EXPECT_EQ(entries[4].target, "https://c.test/");
}

TEST(ParseList, EmptyAndCommentOnly) {
    EXPECT_TRUE(parse_list("", "l").empty());
    EXPECT_TRUE(parse_list("\n\n# only\n   \r\n", "l").empty());
}

TEST(ParseList, LargeListIsLinear) {
    std::string text;
    constexpr int n = 200000;
    text.reserve(n * 32);
    for (int i = 0; i < n; ++i) text += "https://host" + std::to_string(i % 100) + ".test/p/" + std::to_string(i) + "\n";
    const auto start = std::chrono::steady_clock::now();
    const auto entries = parse_list(text, "big.txt");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(entries.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(entries.back().source, "big.txt:200000");
    EXPECT_LT(elapsed, std::chrono::seconds(10));
}

TEST(ParseList, OptionsAfterTheUrl) {
    const auto entries = parse_list(
        "https://api.example.com/health  status=200,204  contains=\"\\\"ok\\\":true\"  max-time=800ms  method=HEAD  "
        "header=\"X-Env: prod\"  cert-days=21  tag=prod\n"
        "https://x.test/?a=b&c=d tag=q # the URL's '=' is no option\n"
        "https://x.test/?a=b\n"
        "https://y.test/#frag insecure redirect=none\n"
        "  z.test\ttag=indented\n",
        "l");
    ASSERT_EQ(entries.size(), 5u);
    const entry& e = entries[0];
    EXPECT_EQ(e.error, "");
    EXPECT_EQ(e.url, "https://api.example.com/health");
    EXPECT_EQ(e.target, "https://api.example.com/health");
    ASSERT_TRUE(e.options.status);
    EXPECT_EQ(e.options.status->to_string(), "200,204");
    EXPECT_EQ(e.options.contains, std::vector<std::string>{"\"ok\":true"});
    EXPECT_EQ(e.options.max_time, std::chrono::milliseconds(800));
    EXPECT_EQ(e.options.method, urlcheck::http_method::head);
    ASSERT_EQ(e.options.headers.size(), 1u);
    EXPECT_EQ(e.options.headers[0].value, "prod");
    EXPECT_EQ(e.options.cert_days, 21);
    EXPECT_EQ(e.options.tags, std::vector<std::string>{"prod"});

    EXPECT_EQ(entries[1].url, "https://x.test/?a=b&c=d");
    EXPECT_EQ(entries[1].target, "https://x.test/?a=b&c=d");
    EXPECT_EQ(entries[1].options.tags, std::vector<std::string>{"q"});
    EXPECT_EQ(entries[2].url, "https://x.test/?a=b");
    EXPECT_TRUE(entries[2].options.tags.empty());
    EXPECT_FALSE(entries[2].options.status);
    EXPECT_EQ(entries[3].target, "https://y.test/");
    EXPECT_TRUE(entries[3].options.insecure);
    EXPECT_EQ(entries[3].options.redirect, urlcheck::redirect_policy::none);
    EXPECT_EQ(entries[4].target, "https://z.test");
    EXPECT_EQ(entries[4].options.tags, std::vector<std::string>{"indented"});
}

TEST(ParseList, CommentsAndQuotesAfterTheUrl) {
    const auto entries = parse_list(
        "https://a.test/ contains=\"a #b\" # comment with \"quotes\" and status=500\n"
        "https://b.test/ #status=500\n"
        "https://c.test/ tag=x#y\n",
        "l");
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].error, "");
    EXPECT_EQ(entries[0].options.contains, std::vector<std::string>{"a #b"});
    EXPECT_FALSE(entries[0].options.status);
    EXPECT_EQ(entries[1].error, "");
    EXPECT_FALSE(entries[1].options.status);
    // A '#' inside a token starts no comment.
    EXPECT_EQ(entries[2].error, "column 21: tag: invalid tag 'x#y' (letters, digits, '_', '.' and '-' only)");
}

TEST(ParseList, BadOptionsMakeTheLineInvalidWithItsColumn) {
    struct row {
        const char* line;
        const char* error;
    };
    for (const row& r : {
             row{"https://a.test/ stauts=200", "column 17: unknown key 'stauts' (did you mean 'status'?)"},
             row{"  https://a.test/\tstatus=200 status=201", "column 30: duplicate key 'status' (first given at column 19)"},
             row{"https://a.test/ max-time=soon", "column 26: max-time: expected a duration like 800ms, 2s or 1.5s"},
             row{"https://a.test/ contains=\"open # not a comment", "column 26: contains: missing closing quote"},
             row{"https://a.test/ insecrue", "column 17: unknown key 'insecrue' (did you mean 'insecure'?)"},
             row{"https://a.test/ status=200 stray", "column 28: unknown key 'stray'"},
             // A bad URL is named first, whatever follows it.
             row{"ftp://a.test/ stauts=200", "'ftp://' at column 1: only http and https are checked"},
             // Text that is no option is part of the URL, as always.
             row{"https://exa mple.com/", "space at column 12: write it as %20"},
             row{"https://a.test/ \"quoted\"", "space at column 16: write it as %20"},
         }) {
        const auto entries = parse_list(r.line, "l");
        ASSERT_EQ(entries.size(), 1u) << r.line;
        EXPECT_EQ(entries[0].error, r.error) << r.line;
        EXPECT_EQ(entries[0].target, "") << r.line;
        EXPECT_EQ(entries[0].source, "l:1");
    }
}

TEST(ParseList, OptionsOnBomAndCrlfLines) {
    const auto entries = parse_list(
        "\xEF\xBB\xBFhttps://a.test/ tag=first\r\n"
        "https://b.test/ contains=\"x\"\r\n"
        "https://c.test/ insecure\t\r\n"
        "https://d.test/ tag=a # c\r\n",
        "l");
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].error, "");
    EXPECT_EQ(entries[0].options.tags, std::vector<std::string>{"first"});
    EXPECT_EQ(entries[1].options.contains, std::vector<std::string>{"x"});
    EXPECT_TRUE(entries[2].options.insecure);
    EXPECT_EQ(entries[3].options.tags, std::vector<std::string>{"a"});
    // Columns count from after the first line's BOM, as editors show them.
    const auto bad = parse_list("\xEF\xBB\xBFhttps://a.test/ stauts=1\r\n", "l");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].error, "column 17: unknown key 'stauts' (did you mean 'status'?)");
}

// Found by fuzz_url_list: the URL before the options ends where
// make_entry() trims it, so the entry's url is list_line_url's.
TEST(ListLineUrl, OtherWhitespaceBeforeTheOptionsIsNotPartOfTheUrl) {
    const std::string line = "a.test\f\f\tstatus=200";
    EXPECT_EQ(urlcheck::list_line_url(line), "a.test");
    const auto e = urlcheck::make_list_entry(line, "l:1");
    EXPECT_EQ(e.url, "a.test");
    // Options are separated by spaces and tabs only: a form feed is part of
    // a token, and named as such.
    EXPECT_EQ(e.error, "column 7: unknown key '\\x0C\\x0C'");
}

}  // namespace
