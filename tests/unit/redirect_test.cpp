#include "redirect.hpp"

#include <gtest/gtest.h>

namespace urlcheck {
namespace {

TEST(RedirectStatus, OnlyTheFollowableOnes) {
    for (int s : {301, 302, 303, 307, 308}) EXPECT_TRUE(is_redirect_status(s)) << s;
    for (int s : {200, 300, 304, 305, 306, 309, 400}) EXPECT_FALSE(is_redirect_status(s)) << s;
}

struct redirect_case {
    const char* base;
    const char* location;
    const char* expected_url;  // nullptr: an error is expected
    bool same_origin;
};

class ResolveRedirect : public ::testing::TestWithParam<redirect_case> {};

TEST_P(ResolveRedirect, Resolves) {
    const auto& c = GetParam();
    auto r = resolve_redirect(c.base, c.location);
    if (c.expected_url == nullptr) {
        EXPECT_TRUE(r.url.empty());
        EXPECT_FALSE(r.error.empty());
        return;
    }
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.url, c.expected_url);
    EXPECT_EQ(r.same_origin, c.same_origin);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ResolveRedirect,
    ::testing::Values(
        redirect_case{"http://a.test/x/y", "http://b.test/z", "http://b.test/z", false},
        redirect_case{"http://a.test/x/y", "/z", "http://a.test/z", true},
        redirect_case{"http://a.test/x/y", "z", "http://a.test/x/z", true},
        redirect_case{"http://a.test/x/y/", "../b", "http://a.test/x/b", true},
        redirect_case{"http://a.test/x", "?q=1", "http://a.test/x?q=1", true},
        redirect_case{"https://a.test/x", "//b.test/y", "https://b.test/y", false},
        redirect_case{"http://a.test/x", "https://a.test/x", "https://a.test/x", false},
        redirect_case{"https://a.test/x", "http://a.test/x", "http://a.test/x", false},
        redirect_case{"http://a.test/x", "http://A.TEST/y", "http://A.TEST/y", true},
        redirect_case{"http://a.test/x", "http://a.test:80/y", "http://a.test:80/y", true},
        redirect_case{"http://a.test:8080/x", "http://a.test/y", "http://a.test/y", false},
        redirect_case{"http://a.test/x", "/y#frag", "http://a.test/y", true},
        redirect_case{"http://a.test/x", "/with space", "http://a.test/with%20space", true},
        // Longer than the small-string buffer, so the percent-encoded copy is
        // on the heap: it used to be freed before it was resolved (ASan).
        redirect_case{"http://a.test/x", "https://other.example/a long path/\xC3\xA9",
                      "https://other.example/a%20long%20path/%C3%A9", false},
        redirect_case{"http://a.test/x", "HTTPS://b.test/", "https://b.test/", false},
        // Credentials follow only within one origin: scheme, host and port.
        redirect_case{"https://a.test/x", "https://a.test:443/y", "https://a.test:443/y", true},
        redirect_case{"https://a.test:443/x", "/y", "https://a.test:443/y", true},
        redirect_case{"https://a.test/x", "https://a.test:/y", "https://a.test:/y", true},
        redirect_case{"https://a.test/x", "http://a.test:443/y", "http://a.test:443/y", false},
        redirect_case{"https://a.test:8443/x", "http://a.test:8443/y", "http://a.test:8443/y", false},
        redirect_case{"https://a.test/x", "https://a.test:8443/y", "https://a.test:8443/y", false},
        redirect_case{"https://a.test/x", "https://b.a.test/y", "https://b.a.test/y", false},
        redirect_case{"https://a.test/x", "https://a.test.evil/y", "https://a.test.evil/y", false},
        redirect_case{"http://localhost:8080/x", "http://127.0.0.1:8080/y", "http://127.0.0.1:8080/y", false},
        redirect_case{"https://u:p@a.test/x", "/y", "https://u:p@a.test/y", true},
        redirect_case{"https://u:p@a.test/x", "https://a.test/y", "https://a.test/y", true},
        redirect_case{"https://a.test/x", "https://u:p@b.test/y", "https://u:p@b.test/y", false},
        redirect_case{"http://[::1]:8080/x", "/y", "http://[::1]:8080/y", true},
        redirect_case{"http://[::1]:8080/x", "http://[::2]:8080/y", "http://[::2]:8080/y", false},
        redirect_case{"http://a.test/x", "ftp://a.test/file", nullptr, false},
        redirect_case{"http://a.test/x", "javascript:alert(1)", nullptr, false},
        redirect_case{"http://a.test/x", "file:///etc/passwd", nullptr, false},
        redirect_case{"http://a.test/x", "http://", nullptr, false},
        redirect_case{"http://a.test/x", "http://[::1", nullptr, false}));

TEST(ResolveRedirectMessage, NamesTheRefusedScheme) {
    auto r = resolve_redirect("http://a.test/", "ftp://a.test/file");
    EXPECT_NE(r.error.find("non-HTTP"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("ftp://a.test/file"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace urlcheck
