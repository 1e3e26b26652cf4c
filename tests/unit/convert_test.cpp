// The command line's value converters (src/cli/convert.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "cli/convert.hpp"

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
namespace cli = urlcheck::cli;

constexpr milliseconds day = 24h;

TEST(Convert, Int) {
    struct row {
        const char* text;
        int minimum;
        std::optional<int> value;
        const char* error;
    };
    for (const auto& [text, minimum, value, error] : {
             row{"20", 1, 20, ""},
             row{"0", 0, 0, ""},
             row{"0", 1, std::nullopt, "0 is out of range, expected a whole number >= 1"},
             row{"-1", 0, std::nullopt, "-1 is out of range, expected a whole number >= 0"},
             row{"99999999999", 1, std::nullopt, "99999999999 is out of range, expected a whole number >= 1"},
             row{"abc", 1, std::nullopt, "expected a whole number >= 1, got 'abc'"},
             row{"1.5", 1, std::nullopt, "expected a whole number >= 1, got '1.5'"},
             row{"", 0, std::nullopt, "expected a whole number >= 0, got ''"},
             row{" 1", 0, std::nullopt, "expected a whole number >= 0, got ' 1'"},
         }) {
        std::string why;
        EXPECT_EQ(cli::to_int(text, minimum, &why), value) << text;
        EXPECT_EQ(why, error) << text;
    }
}

TEST(Convert, Duration) {
    struct row {
        const char* text;
        milliseconds minimum;
        milliseconds maximum;
        std::optional<milliseconds> value;
        const char* error;
    };
    const char* const like = "expected a duration like 800ms, 2s or 1.5s";
    for (const auto& [text, minimum, maximum, value, error] : {
             row{"2s", 1ms, day, 2000ms, ""},
             row{"500ms", 1ms, day, 500ms, ""},
             row{"1.5", 0ms, day, 1500ms, ""},  // bare: seconds
             row{"0.0001", 1ms, day, 1ms, ""},  // rounded up, never to zero
             row{"0", 0ms, day, 0ms, ""},
             row{"86400", 0ms, day, day, ""},
             row{"0", 1ms, day, std::nullopt, "0 is out of range, expected a duration > 0 (at most 24 hours)"},
             row{"0s", 1ms, day, std::nullopt,
                 "0s is out of range, expected a duration > 0 (at most 24 "
                 "hours)"},
             row{"1s", 2000ms, day, std::nullopt,
                 "1s is out of range, expected a duration >= 2s (at most 24 "
                 "hours)"},
             row{"3s", 0ms, 2500ms, std::nullopt, "3s is out of range, expected a duration <= 2.5s"},
             row{"86401", 0ms, day, std::nullopt, "duration out of range: at most 24 hours, got '86401'"},
             row{"-1", 0ms, day, std::nullopt, ""},
             row{"abc", 0ms, day, std::nullopt, ""},
             row{"2x", 0ms, day, std::nullopt, ""},
             row{"1m", 0ms, day, std::nullopt, ""},  // not minutes: no such unit
             row{"", 0ms, day, std::nullopt, ""},
             row{".5", 0ms, day, 500ms, ""},  // as the command line always took them (lists do not)
             row{"5.", 0ms, day, 5000ms, ""},
             row{".", 0ms, day, std::nullopt, "expected a duration like 800ms, 2s or 1.5s, got '.'"},
         }) {
        std::string why;
        EXPECT_EQ(cli::to_duration(text, minimum, maximum, &why), value) << text;
        const std::string expected = value || *error != '\0' ? error : std::string(like) + ", got '" + text + "'";
        EXPECT_EQ(why, expected) << text;
    }
}

TEST(Convert, Size) {
    std::string why;
    EXPECT_EQ(cli::to_size("64k", 1 << 24, &why), 65536u);
    EXPECT_EQ(cli::to_size("1m", 1 << 24, &why), 1u << 20);
    EXPECT_EQ(cli::to_size("17m", 1 << 24, &why), std::nullopt);
    EXPECT_EQ(why, "size out of range: at most 16777216 bytes");
    EXPECT_EQ(cli::to_size("64kb", 1 << 24, &why), std::nullopt);
    EXPECT_EQ(why, "expected a size like 65536, 64k or 1m");
}

TEST(Convert, OneOf) {
    std::string why;
    EXPECT_EQ(cli::one_of("JSON", urlcheck::output_format_names, &why), urlcheck::output_format::json);
    EXPECT_EQ(cli::one_of("head", urlcheck::http_method_names, &why), urlcheck::http_method::head);
    EXPECT_EQ(cli::one_of("xml", urlcheck::output_format_names, &why), std::nullopt);
    EXPECT_EQ(why,
              "expected text, json, jsonl, junit, github, markdown, sarif, "
              "html, csv or prometheus, got 'xml'");
    EXPECT_EQ(cli::one_of("maybe", urlcheck::redirect_policy_names, &why), std::nullopt);
    EXPECT_EQ(why, "expected follow, warn, fail or none, got 'maybe'");
}

TEST(Convert, TlsVersion) {
    std::string why;
    EXPECT_EQ(cli::to_tls_version("1.2", &why), urlcheck::tls_version::v1_2);
    EXPECT_EQ(cli::to_tls_version("1.3", &why), urlcheck::tls_version::v1_3);
    EXPECT_EQ(cli::tls_version_text(urlcheck::tls_version::v1_3), "1.3");
    EXPECT_EQ(cli::tls_version_text(urlcheck::tls_version::v1_2), "1.2");
    EXPECT_EQ(cli::to_tls_version("1.1", &why), std::nullopt);
    EXPECT_EQ(why, "expected 1.2 or 1.3, got '1.1' (TLS 1.1 and older are never used)");
    EXPECT_EQ(cli::to_tls_version("TLSv1.3", &why), std::nullopt);
    EXPECT_EQ(why, "expected 1.2 or 1.3, got 'TLSv1.3'");
    EXPECT_EQ(cli::to_tls_version("", &why), std::nullopt);
}

TEST(Convert, Header) {
    std::string why;
    const auto h = cli::to_header("X-Token: abc  ", &why);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->name, "X-Token");
    EXPECT_EQ(h->value, "abc");
    EXPECT_FALSE(cli::to_header("Authorization Bearer s3cr3t", &why));
    EXPECT_EQ(why.find("s3cr3t"), std::string::npos) << why;
}

// What help shows as a default reads back as the same value.
TEST(Convert, DurationTextRoundTrips) {
    struct row {
        milliseconds value;
        const char* text;
    };
    for (const auto& [value, text] : {row{0ms, "0"}, row{1ms, "1ms"}, row{500ms, "500ms"}, row{999ms, "999ms"},
                                      row{1000ms, "1s"}, row{1500ms, "1.5s"}, row{1250ms, "1.25s"},
                                      row{10001ms, "10.001s"}, row{10000ms, "10s"}, row{day, "86400s"}}) {
        EXPECT_EQ(cli::duration_text(value), text);
        EXPECT_EQ(cli::to_duration(text, 0ms, day, nullptr), value) << text;
    }
}

TEST(Convert, SizeTextRoundTrips) {
    struct row {
        std::size_t value;
        const char* text;
    };
    for (const auto& [value, text] : {row{0, "0"}, row{100, "100"}, row{1024, "1k"}, row{65536, "64k"},
                                      row{1536, "1536"}, row{1 << 20, "1m"}, row{3 << 20, "3m"}}) {
        EXPECT_EQ(cli::size_text(value), text);
        EXPECT_EQ(cli::to_size(text, 1 << 24, nullptr), value) << text;
    }
}

}  // namespace
