// check_spec: the command line's settings with a line's options applied,
// and spec_key(), which must tell two lines apart exactly when their specs
// differ.
#include "check_spec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expectations.hpp"

namespace {

urlcheck::line_options parsed(std::string_view text) {
    auto r = urlcheck::parse_line_options(text);
    if (auto* error = std::get_if<urlcheck::line_options_error>(&r)) ADD_FAILURE() << text << ": " << error->message;
    auto* o = std::get_if<urlcheck::line_options>(&r);
    return o != nullptr ? *o : urlcheck::line_options{};
}

TEST(SpecKey, EqualExactlyWhenChecksAreAlike) {
    using urlcheck::spec_key;
    struct pair_row {
        std::string a, b;
        bool same;
    };
    const std::vector<pair_row> rows = {
        {"", "", true},
        {"", "tag=prod", true},  // tags choose lines, they do not change checks
        {"tag=a", "tag=b", true},
        {"", "status=200-299", false},  // written: another check, even if it changes nothing
        {"status=200,204", "status=204,200", true},
        {"status=200-204", "status=200,201,202,203,204", true},
        {"status=200", "status=201", false},
        {"method=HEAD", "method=head", true},
        {"method=HEAD", "method=GET", false},
        {"contains=a contains=b", "contains=b contains=a", true},
        {"contains=a contains=a", "contains=a", true},
        {"contains=a", "not-contains=a", false},
        {"contains=ab", "contains=a contains=b", false},
        {R"(contains="a;b")", R"(contains=a contains=b)", false},
        {R"(contains="x=1:a;")", R"(contains=x)", false},
        {"regex=a", "regex=b", false},
        {"expect-header=ETag", "expect-header=etag", true},
        {"expect-header=ETag", "expect-header=ETag:.", false},
        {R"(header="X-A: 1" header="X-A: 2")", R"(header="X-A: 2" header="X-A: 1")", false},  // the last one is sent
        {R"(header="X-A: 1")", R"(header="X-A:   1")", true},
        {"max-time=1s", "max-time=1000ms", true},
        {"max-time=1s", "timeout=1s", false},
        {"timeout=2", "timeout=2s", true},
        {"cert-days=7", "cert-days=07", true},
        {"cert-days=7", "cert-days=8", false},
        {"redirect=WARN", "redirect=warn", true},
        {"redirect=warn", "redirect=fail", false},
        {"insecure", "", false},
        {"insecure tag=x", "insecure", true},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(spec_key(parsed(r.a)) == spec_key(parsed(r.b)), r.same)
            << "'" << r.a << "' vs '" << r.b << "': '" << spec_key(parsed(r.a)) << "' / '"
            << spec_key(parsed(r.b)) << "'";
    }
    EXPECT_EQ(spec_key(parsed("")), "");
    EXPECT_EQ(spec_key(parsed("tag=prod tag=x")), "");
}


TEST(CheckSpec, EveryCheckSettingComesFromTheCommandLineUnlessTheLineSaysOtherwise) {
    urlcheck::check_options o;
    o.connect_timeout = std::chrono::milliseconds(1234);
    o.timeout = std::chrono::milliseconds(4321);
    o.max_redirects = 7;
    o.retries = 3;
    o.retry_wait = std::chrono::milliseconds(99);
    o.max_retry_after = std::chrono::milliseconds(777);
    o.max_body_bytes = 11;
    o.max_header_bytes = 22;
    o.ip_family = urlcheck::address_family::v6;
    o.confirm = false;
    o.user_agent = "probe/1";
    const auto spec = urlcheck::make_check_spec(o, {});
    EXPECT_EQ(spec.connect_timeout.count(), 1234);
    EXPECT_EQ(spec.timeout.count(), 4321);
    EXPECT_EQ(spec.max_redirects, 7);
    EXPECT_EQ(spec.retries, 3);
    EXPECT_EQ(spec.retry_wait.count(), 99);
    EXPECT_EQ(spec.max_retry_after.count(), 777);
    EXPECT_EQ(spec.max_body_bytes, 11u);
    EXPECT_EQ(spec.max_header_bytes, 22u);
    EXPECT_EQ(spec.ip_family, urlcheck::address_family::v6);
    EXPECT_FALSE(spec.confirm);
    EXPECT_EQ(spec.user_agent, "probe/1");
    EXPECT_EQ(spec.expect, nullptr);
    EXPECT_FALSE(spec.keep_body);
    EXPECT_FALSE(spec.keep_headers);

    const auto line = urlcheck::make_check_spec(o, parsed("timeout=2s insecure"));
    EXPECT_EQ(line.timeout.count(), 2000);
    EXPECT_TRUE(line.insecure);
    EXPECT_FALSE(line.verdict.certificates_verified);
}

TEST(CheckSpec, DefaultUserAgentNamesTheVersion) {
    EXPECT_EQ(urlcheck::make_check_spec({}, {}).user_agent.rfind("urlcheck/", 0), 0u);
}

TEST(CheckSpec, BodyExpectationsMakeItAGetThatKeepsTheBody) {
    urlcheck::check_options o;
    o.method = urlcheck::http_method::head;
    const auto body = urlcheck::make_check_spec(o, parsed("contains=ok method=HEAD"));
    EXPECT_EQ(body.method, urlcheck::http_method::get);
    EXPECT_TRUE(body.keep_body);
    EXPECT_FALSE(body.keep_headers);
    ASSERT_NE(body.expect, nullptr);

    const auto header = urlcheck::make_check_spec(o, parsed("expect-header=ETag"));
    EXPECT_EQ(header.method, urlcheck::http_method::head);  // a header is there after HEAD too
    EXPECT_FALSE(header.keep_body);
    EXPECT_TRUE(header.keep_headers);
}

}  // namespace
