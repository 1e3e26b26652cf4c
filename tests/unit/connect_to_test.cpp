// --connect-to: curl's HOST1:PORT1:HOST2:PORT2, parsed and matched
// (dns_config.hpp).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "dns_config.hpp"

namespace urlcheck {
namespace {

struct parse_row {
    const char* text;
    bool valid;
    const char* from_host;
    std::uint16_t from_port;
    const char* to_host;
    std::uint16_t to_port;
};

class ConnectToParse : public ::testing::TestWithParam<parse_row> {};

TEST_P(ConnectToParse, Parses) {
    const auto& row = GetParam();
    std::string why;
    const auto rule = parse_connect_to(row.text, &why);
    ASSERT_EQ(rule.has_value(), row.valid) << row.text << ": " << why;
    if (!rule) {
        EXPECT_NE(why.find("HOST1:PORT1:HOST2:PORT2"), std::string::npos) << why;
        return;
    }
    EXPECT_EQ(rule->from_host, row.from_host);
    EXPECT_EQ(rule->from_port, row.from_port);
    EXPECT_EQ(rule->to_host, row.to_host);
    EXPECT_EQ(rule->to_port, row.to_port);
    // --print-config writes it back in a form that reads the same.
    const auto again = parse_connect_to(connect_to_text(*rule));
    ASSERT_TRUE(again) << connect_to_text(*rule);
    EXPECT_EQ(connect_to_text(*again), connect_to_text(*rule));
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConnectToParse,
    ::testing::Values(parse_row{"example.com:443:backend.internal:8443", true, "example.com", 443, "backend.internal", 8443},
                      parse_row{"Example.COM.:443:127.0.0.1:8080", true, "example.com", 443, "127.0.0.1", 8080},
                      parse_row{"::other.example:", true, "", 0, "other.example", 0},
                      parse_row{":::", true, "", 0, "", 0},
                      parse_row{"example.com::[::1]:8080", true, "example.com", 0, "::1", 8080},
                      parse_row{"[2001:db8::1]:80:[::1]:", true, "2001:db8::1", 80, "::1", 0},
                      parse_row{"example.com:443:backend", false, "", 0, "", 0},
                      parse_row{"example.com:443", false, "", 0, "", 0},
                      parse_row{"example.com:0:b:1", false, "", 0, "", 0},
                      parse_row{"example.com:65536:b:1", false, "", 0, "", 0},
                      parse_row{"example.com:443:b:http", false, "", 0, "", 0},
                      parse_row{"[1.2.3.4]:443:b:1", false, "", 0, "", 0},
                      parse_row{"[::1:443:b:1", false, "", 0, "", 0},
                      parse_row{"a b:443:b:1", false, "", 0, "", 0},
                      // U+FF61 maps to "." (UTS #46): no host, and not "any".
                      parse_row{"\xEF\xBD\xA1:443:b:1", false, "", 0, "", 0},
                      parse_row{"a:443:\xEF\xBD\xA1:1", false, "", 0, "", 0},
                      parse_row{"", false, "", 0, "", 0}));

TEST(ConnectToMatch, FirstMatchingRuleWinsAndEmptyPartsAreFilled) {
    const std::vector<connect_to_rule> rules{
        *parse_connect_to("example.com:443:backend:8443"),
        *parse_connect_to("example.com::other:"),
        *parse_connect_to(":80:[::1]:"),
    };
    using target = connect_target;
    EXPECT_EQ(find_connect_to(rules, "example.com", 443), (target{"backend", 8443}));
    EXPECT_EQ(find_connect_to(rules, "example.com", 8080), (target{"other", 8080}));
    EXPECT_EQ(find_connect_to(rules, "example.com", 80), (target{"other", 80}));  // the earlier rule
    EXPECT_EQ(find_connect_to(rules, "example.org", 80), (target{"::1", 80}));
    EXPECT_EQ(find_connect_to(rules, "example.org", 443), std::nullopt);
    EXPECT_EQ(find_connect_to({}, "example.org", 443), std::nullopt);
}

TEST(ConnectToMatch, EmptyTargetKeepsTheUrlsHostAndPort) {
    const std::vector<connect_to_rule> rules{*parse_connect_to(":::")};
    EXPECT_EQ(find_connect_to(rules, "example.org", 443), (connect_target{"example.org", 443}));
}

}  // namespace
}  // namespace urlcheck

// Hosts written in Unicode are the A-labels the URLs are looked up as.
TEST(ConnectToParse, UnicodeHostsBecomeALabels) {
    std::string error;
    const auto rule = urlcheck::parse_connect_to("b\xC3\xBC" "cher.example:443:m\xC3\xBC" "ller.test:8443", &error);
    ASSERT_TRUE(rule.has_value()) << error;
    EXPECT_EQ(rule->from_host, "xn--bcher-kva.example");
    EXPECT_EQ(rule->to_host, "xn--mller-kva.test");
    EXPECT_FALSE(urlcheck::parse_connect_to("\xF0\x9F\x92\xA9.la:443::", &error).has_value());
}
