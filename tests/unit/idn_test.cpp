// Internationalised names and non-ASCII URLs: what a written URL is
// fetched as (entry::target, ASCII: A-label host, percent-encoded rest),
// what it is reported as (entry::url, as written), and why a bad name is
// refused (libidn2's reason, naming the host and its column).
#include <gtest/gtest.h>

#include <string>

#include "dns_config.hpp"
#include "entry_filter.hpp"
#include "idn.hpp"
#include "list_reader.hpp"
#include "redirect.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::make_entry;
using urlcheck::make_list_entry;

struct host_row {
    const char* written;
    const char* ascii;   // empty when refused
    const char* reason;  // libidn2's, when refused
};

TEST(ToAsciiHost, MapsAsBrowsersDoOrSaysWhyNot) {
    const std::string long_label(64, 'a');
    for (const host_row& r : {
             host_row{"b\xC3\xBC"
                      "cher.example",
                      "xn--bcher-kva.example", ""},
             host_row{"B\xC3\x9C"
                      "CHER.example",
                      "xn--bcher-kva.example", ""},  // UTS #46 lowers it
             host_row{"b\xC3\xBC"
                      "cher.example.",
                      "xn--bcher-kva.example.", ""},                          // the FQDN's dot is kept
             host_row{"xn--bcher-kva.example", "xn--bcher-kva.example", ""},  // an A-label passes (checked)
             host_row{"XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example", ""},
             // U+3002 IDEOGRAPHIC FULL STOP and U+FF0E FULLWIDTH FULL STOP separate labels.
             host_row{"b\xC3\xBC"
                      "cher\xE3\x80\x82"
                      "example",
                      "xn--bcher-kva.example", ""},
             host_row{"b\xC3\xBC"
                      "cher\xEF\xBC\x8E"
                      "example",
                      "xn--bcher-kva.example", ""},
             // Fullwidth letters map to ASCII.
             host_row{"\xEF\xBC\xA5\xEF\xBC\xB8\xEF\xBC\xA1.com", "exa.com", ""},
             // Non-transitional: 'ß' stays (IDNA2008, browsers since 2017), not "ss".
             host_row{"stra\xC3\x9F"
                      "e.de",
                      "xn--strae-oqa.de", ""},
             // Decomposed input is normalised (NFC) first: e + U+0301.
             host_row{"e\xCC\x81.example", "xn--9ca.example", ""},
             // Mixed script is mapped (what to think of it is not a URL's business).
             host_row{"payp\xD0\xB0l.com", "xn--paypl-7ve.com", ""},
             // Percent-escapes in a host are decoded first (WHATWG).
             host_row{"b%C3%BCcher.example", "xn--bcher-kva.example", ""},
             // ASCII labels are only lowered, as browsers do (no hyphen or length rules).
             host_row{"Ab--Cd.Example", "ab--cd.example", ""},
             host_row{"a_b.example", "a_b.example", ""},
             host_row{"ab--cd.b\xC3\xBC"
                      "cher.example",
                      "ab--cd.xn--bcher-kva.example", ""},
             // Refused, with libidn2's reason.
             host_row{"\xF0\x9F\x92\xA9.la", "", "string contains a disallowed character"},  // emoji: see README
             host_row{"xn--ls8h.la", "xn--ls8h.la", ""},  // taken as written, as curl does
             host_row{"XN--I-7IQ.ws", "xn--i-7iq.ws", ""},
             host_row{"xn--a.example", "", "domain label has character forbidden in non-transitional mode (TR46)"},
             host_row{"xn--.example", "", "string contains invalid punycode data"},
             host_row{"\xFFx.example", "", "string encoding error"},
             host_row{"b\xC3\xBC-.example", "", "string start/ends with forbidden hyphen"},
             host_row{"\xEF\xBC\x8F.example", "", "it maps to '/', which a host name cannot hold"},
             host_row{"%00.example", "", "it maps to '\\x00', which a host name cannot hold"},  // found by fuzzing
             host_row{"\xC3\xBC%00x.example", "", "it maps to '\\x00', which a host name cannot hold"},
             host_row{"a%2Fb.example", "", "it maps to '/', which a host name cannot hold"},
         }) {
        SCOPED_TRACE(r.written);
        const auto got = urlcheck::to_ascii_host(r.written);
        EXPECT_EQ(got.host, r.ascii);
        EXPECT_EQ(got.error, r.reason);
    }
    // A 64-byte label: an ASCII one is left to DNS, a non-ASCII one cannot
    // be an A-label at all.
    EXPECT_EQ(urlcheck::to_ascii_host(long_label + ".example").host, long_label + ".example");
    EXPECT_EQ(urlcheck::to_ascii_host("\xC3\xBC" + std::string(62, 'a') + ".example").error,
              "punycode encoded data will be too large");
}

TEST(PercentEncodeNonAscii, EncodesBytesFrom0x80AndNothingElse) {
    EXPECT_EQ(urlcheck::percent_encode_non_ascii("/caf\xC3\xA9?q=\xC3\xBC"), "/caf%C3%A9?q=%C3%BC");
    EXPECT_EQ(urlcheck::percent_encode_non_ascii("/caf%C3%A9 x"), "/caf%C3%A9 x");  // escapes and ASCII kept
    EXPECT_EQ(urlcheck::percent_encode_non_ascii("/\xE9t\xE9"), "/%E9t%E9");        // Latin-1, not UTF-8: as it is
}

struct url_row {
    const char* written;
    const char* target;
};

TEST(MakeEntryInternational, FetchesTheAsciiFormAndShowsTheLineAsWritten) {
    for (const url_row& r : {
             url_row{"https://b\xC3\xBC"
                     "cher.example/",
                     "https://xn--bcher-kva.example/"},
             url_row{"https://B\xC3\x9C"
                     "CHER.example.",
                     "https://xn--bcher-kva.example."},
             url_row{"https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"},
             url_row{"b\xC3\xBC"
                     "cher.example/caf\xC3\xA9",
                     "https://xn--bcher-kva.example/caf%C3%A9"},
             url_row{"http://b\xC3\xBC"
                     "cher.test:8080/caf\xC3\xA9?q=\xC3\xBC#r\xC3\xA9sum\xC3\xA9",
                     "http://xn--bcher-kva.test:8080/caf%C3%A9?q=%C3%BC"},  // the fragment is never sent
             url_row{"https://x.test/caf\xC3\xA9", "https://x.test/caf%C3%A9"},
             url_row{"https://x.test/caf%C3%A9", "https://x.test/caf%C3%A9"},  // already encoded: untouched
             url_row{"https://x.test/\xE9t\xE9", "https://x.test/%E9t%E9"},    // not UTF-8: the bytes as they are
             url_row{"https://x.test/\xE2\x82\xAC?\xF0\x9F\x98\x80", "https://x.test/%E2%82%AC?%F0%9F%98%80"},
             url_row{"https://u\xC3\xA9:p@x.test/", "https://u%C3%A9:p@x.test/"},
             url_row{"//b\xC3\xBC"
                     "cher.example/x",
                     "https://xn--bcher-kva.example/x"},
         }) {
        SCOPED_TRACE(r.written);
        const urlcheck::entry e = make_entry(r.written, "f:1");
        EXPECT_EQ(e.error, "");
        EXPECT_EQ(e.target, r.target);
        EXPECT_EQ(e.url, r.written);
    }
}

TEST(MakeEntryInternational, AnInvalidNameIsAnInvalidUrlNamingHostAndColumn) {
    const urlcheck::entry e = make_list_entry("  https://xn--a.example/x tag=a", "urls.txt:3");
    EXPECT_EQ(e.target, "");
    EXPECT_EQ(e.error,
              "international host name 'xn--a.example' at column 11 is invalid: domain label has character "
              "forbidden in non-transitional mode (TR46)");
    EXPECT_EQ(e.error_column, 11u);
    EXPECT_EQ(make_entry("\xF0\x9F\x92\xA9.la", "f:1").error,
              "international host name '\\xF0\\x9F\\x92\\xA9.la' at column 1 is invalid: string contains a disallowed "
              "character");
    // Like every message, printable ASCII: other bytes as \xNN (the url
    // field shows the line as written).
    EXPECT_EQ(make_entry("http://\xFF.test/", "f:1").error,
              "international host name '\\xFF.test' at column 8 is invalid: string encoding error");
    EXPECT_EQ(make_entry("https://\xC3\xBC" + std::string(62, 'a') + ".test/", "f:1").error_column, 9u);
}

TEST(MakeEntryInternational, TheLengthLimitIsOnWhatIsSent) {
    std::string path;
    for (int i = 0; i < 1500; ++i) path += "\xC3\xA9";  // 3,000 bytes written, 9,000 sent
    const urlcheck::entry e = make_entry("https://x.test/" + path, "f:1");
    EXPECT_EQ(e.error, "URL too long: 9,015 bytes as fetched (percent-encoded), limit 8 KiB");
    EXPECT_EQ(e.target, "");
}

TEST(MakeEntryInternational, AsciiMistakesAreStillNamedAsBefore) {
    // A space is not encoded for you (a list's options follow one).
    EXPECT_EQ(make_entry("https://x.test/caf\xC3\xA9 au lait", "f:1").error, "space at column 21: write it as %20");
    // Non-ASCII where only digits may be.
    EXPECT_EQ(make_entry("http://x.test:8\xC3\xA9/", "f:1").error,
              "port '8\\xC3\\xA9' at column 15 is not a number: write a port from 1 to 65535");
}

TEST(RedirectInternational, RawUtf8InLocationIsMappedAsAListLineIs) {
    auto r = urlcheck::resolve_redirect("http://a.test/x",
                                        "https://b\xC3\xBC"
                                        "cher.example/caf\xC3\xA9");
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.url, "https://xn--bcher-kva.example/caf%C3%A9");
    EXPECT_FALSE(r.same_origin);
    r = urlcheck::resolve_redirect("http://xn--bcher-kva.test/x",
                                   "//B\xC3\x9C"
                                   "CHER.test/a b");
    EXPECT_EQ(r.url, "http://xn--bcher-kva.test/a%20b");
    EXPECT_TRUE(r.same_origin);
    r = urlcheck::resolve_redirect("http://a.test/x", "/\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(r.url, "http://a.test/%C3%A9t%C3%A9");
    r = urlcheck::resolve_redirect("http://a.test/x", "http://xn--a.example/");
    EXPECT_EQ(r.url, "");
    EXPECT_EQ(r.error,
              "invalid Location header: international host name 'xn--a.example' is invalid: domain label has character "
              "forbidden in non-transitional mode (TR46)");
}

TEST(ResolveInternational, AUnicodeHostNamesItsALabel) {
    const auto unicode = urlcheck::parse_resolve_override(
        "B\xC3\x9C"
        "CHER.test:443:127.0.0.1");
    ASSERT_TRUE(unicode.has_value());
    EXPECT_EQ(unicode->host, "xn--bcher-kva.test");
    EXPECT_EQ(urlcheck::parse_resolve_override("xn--bcher-kva.test.:443:127.0.0.1")->host, "xn--bcher-kva.test");
    std::string error;
    EXPECT_FALSE(urlcheck::parse_resolve_override("xn--a.test:443:127.0.0.1", &error).has_value());
    EXPECT_NE(error.find("HOST is not a valid international name: domain label has character forbidden"),
              std::string::npos)
        << error;
    // A full stop that UTS #46 maps to "." is no host once mapped (found by
    // fuzz_config: it printed as an empty HOST the file then refused).
    error.clear();
    EXPECT_FALSE(urlcheck::parse_resolve_override("\xEF\xBD\xA1:4432:17.0.0.1", &error).has_value());
    EXPECT_NE(error.find("empty HOST"), std::string::npos) << error;
}

TEST(FilterInternational, APatternMayNameTheUrlAsWrittenOrAsFetched) {
    const urlcheck::entry e = make_entry(
        "https://b\xC3\xBC"
        "cher.test/caf\xC3\xA9",
        "f:1");
    const urlcheck::entry ascii = make_entry("https://plain.test/cafe", "f:2");
    for (const char* pattern : {"b\xC3\xBC"
                                "cher",
                                "xn--bcher-kva", "caf\xC3\xA9$", "caf%C3%A9"}) {
        SCOPED_TRACE(pattern);
        urlcheck::select_options include;
        include.include = {pattern};
        EXPECT_TRUE(urlcheck::entry_filter::make(include)->selects(e));
        EXPECT_FALSE(urlcheck::entry_filter::make(include)->selects(ascii));
        urlcheck::select_options exclude;
        exclude.exclude = {pattern};
        EXPECT_FALSE(urlcheck::entry_filter::make(exclude)->selects(e));
    }
    // An ASCII line is matched as before: in its normalised form only.
    urlcheck::select_options include;
    include.include = {"^plain"};
    EXPECT_FALSE(urlcheck::entry_filter::make(include)->selects(make_entry("plain.test/x", "f:3")));
}

TEST(LooksLikeHostInternational, AUnicodeNameOnTheCommandLineIsAHost) {
    EXPECT_TRUE(
        urlcheck::looks_like_host("b\xC3\xBC"
                                  "cher.example"));
    EXPECT_TRUE(
        urlcheck::looks_like_host("b\xC3\xBC"
                                  "cher.example/caf\xC3\xA9"));
    EXPECT_TRUE(urlcheck::looks_like_host("\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBC\xD0\xB5\xD1\x80.\xD1\x80\xD1\x84"));
    EXPECT_FALSE(urlcheck::looks_like_host("caf\xC3\xA9.txt"));  // a missing file, as before
}

}  // namespace

// Found by fuzz_url_list: a line of only a byte-order mark (U+FEFF, which
// UTS #46 deletes) was a bare host that mapped to nothing, and was fetched
// as "https://".
TEST(MakeEntryInternational, AHostOfCharactersThatMapToNothingIsInvalid) {
    EXPECT_EQ(urlcheck::to_ascii_host("\xEF\xBB\xBF").error, "a label holds only characters that map to nothing");
    EXPECT_EQ(urlcheck::to_ascii_host("\xC2\xAD.example").error, "a label holds only characters that map to nothing");
    EXPECT_EQ(urlcheck::to_ascii_host("ex\xC2\xAD" "ample.test").host, "example.test");  // a soft hyphen inside: dropped
    const urlcheck::entry e = make_entry("\xEF\xBB\xBF", "f:1");
    EXPECT_EQ(e.target, "");
    EXPECT_NE(e.error, "");
    EXPECT_NE(make_entry("https://\xEF\xBB\xBF/", "f:1").error, "");
}
