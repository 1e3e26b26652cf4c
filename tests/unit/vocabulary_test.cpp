// The vocabulary's spellings (vocabulary.hpp) and plain IP addresses
// (ip_address.hpp).
#include <gtest/gtest.h>

#include <string>

#include "urlcheck/ip_address.hpp"
#include "urlcheck/vocabulary.hpp"

namespace {

using namespace urlcheck;

// Each value's name parses back to it, in any case; nothing else parses.
template <class E, std::size_t N, class Parse>
void expect_round_trip(const std::array<spelling<E>, N>& names, Parse parse) {
    for (const auto& [name, value] : names) {
        EXPECT_EQ(to_string(value), name);
        EXPECT_EQ(parse(name), value) << name;
        std::string upper(name);
        for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        EXPECT_EQ(parse(upper), value) << upper;
    }
    EXPECT_EQ(parse(""), std::nullopt);
    EXPECT_EQ(parse("nope"), std::nullopt);
}

TEST(Vocabulary, SpellingsRoundTrip) {
    expect_round_trip(http_method_names, parse_http_method);
    expect_round_trip(redirect_policy_names, parse_redirect_policy);
    expect_round_trip(output_format_names, parse_output_format);
    expect_round_trip(color_mode_names, parse_color_mode);
    EXPECT_EQ(to_string(http_method::get), "GET");
    EXPECT_EQ(to_string(http_method::automatic), "auto");
}

TEST(IpAddress, ParsesAndPrints) {
    struct row {
        const char* text;
        address_family family;
        const char* printed;
    };
    for (const auto& [text, family, printed] : {
             row{"192.0.2.1", address_family::v4, "192.0.2.1"},
             row{"2001:db8::1", address_family::v6, "2001:db8::1"},
             row{"2001:DB8:0:0::1", address_family::v6, "2001:db8::1"},
             row{"::1", address_family::v6, "::1"},
             row{"::ffff:192.0.2.1", address_family::v6, "::ffff:192.0.2.1"},
         }) {
        const auto a = parse_ip_address(text);
        ASSERT_TRUE(a) << text;
        EXPECT_EQ(a->family, family) << text;
        EXPECT_EQ(a->to_string(), printed) << text;
        EXPECT_EQ(parse_ip_address(a->to_string()), a) << text;
    }
    const auto v4 = parse_ip_address("192.0.2.1");
    EXPECT_EQ(v4->bytes[0], 192);
    EXPECT_EQ(v4->bytes[3], 1);
    for (const char* bad : {"", "localhost", "1.2.3.4.5", "[::1]", "192.0.2.1:53", "256.0.0.1"})
        EXPECT_FALSE(parse_ip_address(bad)) << bad;
}

}  // namespace
