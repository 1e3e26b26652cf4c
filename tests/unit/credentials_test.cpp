#include "credentials.hpp"

#include <gtest/gtest.h>

namespace urlcheck {
namespace {

TEST(CredentialHeader, TheThreeNamesInAnyCase) {
    for (const char* name : {"Authorization", "authorization", "AUTHORIZATION", "Cookie", "cOOKIE",
                             "Proxy-Authorization", "proxy-authorization"})
        EXPECT_TRUE(is_credential_header(name)) << name;
    for (const char* name : {"X-Custom", "Cookie2", "Set-Cookie", "Authorization-Hint", "Proxy", "", "Accept"})
        EXPECT_FALSE(is_credential_header(name)) << name;
}

struct basic_case {
    const char* url;
    const char* expected;  // the whole header value; "" for none
};

class BasicAuthorization : public ::testing::TestWithParam<basic_case> {};

TEST_P(BasicAuthorization, FromUserinfo) {
    EXPECT_EQ(basic_authorization(GetParam().url), GetParam().expected) << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Table, BasicAuthorization,
    ::testing::Values(
        basic_case{"https://example.com/", ""},
        basic_case{"https://example.com/@user", ""},              // an '@' in the path is no userinfo
        basic_case{"https://@example.com/", ""},                  // an empty userinfo
        basic_case{"https://user:pass@example.com/", "Basic dXNlcjpwYXNz"},
        basic_case{"https://Aladdin:open%20sesame@example.com/", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
        basic_case{"http://user@example.com:8080/x", "Basic dXNlcjo="},          // "user:"
        basic_case{"https://a%40b:p%3Aw%25@h.test/", "Basic YUBiOnA6dyU="},      // "a@b:p:w%"
        basic_case{"https://:secret@h.test/", "Basic OnNlY3JldA=="},             // ":secret"
        basic_case{"https://u:@h.test/", "Basic dTo="}));                        // "u:"

struct redact_case {
    const char* in;
    const char* expected;
};

class RedactUrl : public ::testing::TestWithParam<redact_case> {};

TEST_P(RedactUrl, HidesThePassword) {
    EXPECT_EQ(redact_url(GetParam().in), GetParam().expected) << GetParam().in;
    EXPECT_EQ(redact_url(GetParam().expected), GetParam().expected) << "idempotent";
}

INSTANTIATE_TEST_SUITE_P(
    Table, RedactUrl,
    ::testing::Values(
        redact_case{"https://example.com/", "https://example.com/"},
        redact_case{"https://user:pass@host/", "https://user:***@host/"},
        redact_case{"https://user:pass@host", "https://user:***@host"},
        redact_case{"http://user:pa%40ss@host:8080/x?y#z", "http://user:***@host:8080/x?y#z"},
        redact_case{"https://user@host/", "https://user@host/"},    // a user name alone is kept
        redact_case{"https://user:@host/", "https://user:@host/"},  // nothing to hide
        redact_case{"https://:secret@host/", "https://:***@host/"},
        redact_case{"https://host/@user:x", "https://host/@user:x"},  // '@' in the path
        redact_case{"https://host/p?u=a:b@c", "https://host/p?u=a:b@c"},
        redact_case{"https://host/p?next=https://u:p@other/", "https://host/p?next=https://u:***@other/"},
        redact_case{"https://user:p@ss@host/", "https://user:***@host/"},  // invalid, but read as curl does
        redact_case{"https://user:pass word@host/", "https://user:***@host/"},  // invalid as written
        redact_case{"https://user:pa#ss@host/", "https://user:***@host/"},
        redact_case{"https://user:pa?ss@host", "https://user:***@host"},
        redact_case{"HTTPS://user:pass@host/", "HTTPS://user:***@host/"},
        redact_case{"user:1234@host/x", "user:***@host/x"},  // scheme-less: https:// is implied
        redact_case{"//user:pass@host/x", "//user:***@host/x"},
        redact_case{"user:pass@host", "user:***@host"},      // (reported as scheme 'user')
        redact_case{"https://[::1]:8080/", "https://[::1]:8080/"},
        redact_case{"https://u:p@[::1]:8080/", "https://u:***@[::1]:8080/"},
        redact_case{"", ""}));

// Only a password in an authority is a secret: the '@' of an address or a
// message ID in a scheme without an authority is shown as written.
INSTANTIATE_TEST_SUITE_P(
    NoAuthority, RedactUrl,
    ::testing::Values(
        redact_case{"mailto:someone@127.0.0.1", "mailto:someone@127.0.0.1"},
        redact_case{"MAILTO:Someone@Example.com", "MAILTO:Someone@Example.com"},
        redact_case{"mailto:a:b@example.com", "mailto:a:b@example.com"},
        redact_case{"xmpp:juliet@example.com", "xmpp:juliet@example.com"},
        redact_case{"news:msg123@example.com", "news:msg123@example.com"},
        redact_case{"mid:960830.1639@XIson.com", "mid:960830.1639@XIson.com"},
        // URLs inside one are still redacted.
        redact_case{"mailto:a@b.test?body=https://u:p@h/", "mailto:a@b.test?body=https://u:***@h/"},
        // With "//" there is an authority, whatever the scheme.
        redact_case{"mailto://user:pass@host/", "mailto://user:***@host/"},
        // Any other name may be a user of a scheme-less URL.
        redact_case{"mailtox:user@host", "mailtox:***@host"},
        redact_case{"user:pass@host/x", "user:***@host/x"},
        // sip may carry a password (RFC 3261 19.1.1): never shown.
        redact_case{"sip:alice:1234@atlanta.example", "sip:***@atlanta.example"},
        redact_case{"SIPS:alice:1234@atlanta.example", "SIPS:***@atlanta.example"}));

struct text_case {
    const char* in;
    const char* expected;
};

class RedactText : public ::testing::TestWithParam<text_case> {};

TEST_P(RedactText, HidesEveryPassword) { EXPECT_EQ(redact_text(GetParam().in), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Table, RedactText,
    ::testing::Values(
        text_case{"HTTP 404 Not Found", "HTTP 404 Not Found"},
        text_case{"HTTP 302 Found -> https://u:p@h/x", "HTTP 302 Found -> https://u:***@h/x"},
        text_case{"more than 5 redirects (last: http://a:b@h/)", "more than 5 redirects (last: http://a:***@h/)"},
        text_case{"invalid Location header 'http://a:b c@h/'", "invalid Location header 'http://a:b c@h/'"},
        text_case{"invalid Location header 'http://a:b@h/ x'", "invalid Location header 'http://a:***@h/ x'"},
        text_case{"refused redirect to non-HTTP URL 'ftp://a:b@h/f'", "refused redirect to non-HTTP URL 'ftp://a:***@h/f'"},
        text_case{"loop https://a:b@h/ then https://c:d@i/", "loop https://a:***@h/ then https://c:***@i/"},
        text_case{"mail me: user@example.com", "mail me: user@example.com"},
        text_case{"https://u:p@h", "https://u:***@h"}));

TEST(RedactCredentials, EveryReportedString) {
    result r;
    r.url = "https://user:pass@h.test/";
    r.final_url = "https://user:pass@h.test/next";
    r.message = "HTTP 302 Found -> https://other:secret@x.test/";
    r.source = "urls.txt:1";
    redact_credentials(r);
    EXPECT_EQ(r.url, "https://user:***@h.test/");
    EXPECT_EQ(r.final_url, "https://user:***@h.test/next");
    EXPECT_EQ(r.message, "HTTP 302 Found -> https://other:***@x.test/");
    EXPECT_EQ(r.source, "urls.txt:1");
}

// --all-addresses: each address's message and reasons quote URLs too.
TEST(RedactCredentials, EveryAddressesWords) {
    result r;
    address_result a;
    a.message = "redirect loop back to https://user:secret@h.test/";
    a.reasons = {"redirected to https://user:secret@h.test/x (update the list)"};
    r.addresses.push_back(a);
    redact_credentials(r);
    EXPECT_EQ(r.addresses[0].message, "redirect loop back to https://user:***@h.test/");
    EXPECT_EQ(r.addresses[0].reasons[0], "redirected to https://user:***@h.test/x (update the list)");
}

TEST(RedactCredentials, AMailtoUrlIsShownAsWrittenAPasswordIsNot) {
    result mail;
    mail.url = "mailto:someone@127.0.0.1";
    mail.message = "unsupported scheme 'mailto' (only http and https)";
    redact_credentials(mail);
    EXPECT_EQ(mail.url, "mailto:someone@127.0.0.1");
    result web;
    web.url = "https://someone:secret@127.0.0.1/";
    redact_credentials(web);
    EXPECT_EQ(web.url, "https://someone:***@127.0.0.1/");
}

}  // namespace
}  // namespace urlcheck
