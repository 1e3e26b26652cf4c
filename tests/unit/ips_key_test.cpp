// ips= after a URL: parsed, applied over --all-addresses by make_check_spec,
// and part of the dedup key (spec_key), so a line with ips=all is never
// answered by the same URL's check on one address.
#include <gtest/gtest.h>

#include <variant>

#include "check_spec.hpp"
#include "urlcheck/line_options.hpp"

namespace urlcheck {
namespace {

line_options parsed(std::string_view text) {
    auto r = parse_line_options(text);
    EXPECT_TRUE(std::holds_alternative<line_options>(r)) << text;
    return std::holds_alternative<line_options>(r) ? std::get<line_options>(r) : line_options{};
}

TEST(IpsKey, ParsesItsWordsInAnyCase) {
    EXPECT_EQ(parsed("ips=all").ips, all_addresses_mode::rollup);
    EXPECT_EQ(parsed("ips=ALL-strict").ips, all_addresses_mode::strict);
    EXPECT_EQ(parsed("ips=one").ips, all_addresses_mode::off);
    EXPECT_FALSE(parsed("status=200").ips);
    const auto bad = parse_line_options("ips=*");
    ASSERT_TRUE(std::holds_alternative<line_options_error>(bad));
    EXPECT_EQ(std::get<line_options_error>(bad).message, "ips: expected all, all-strict or one, got '*'");
}

TEST(IpsKey, TheLineWinsOverTheCommandLine) {
    check_options everywhere;
    everywhere.all_addresses = all_addresses_mode::strict;
    EXPECT_EQ(make_check_spec(everywhere, parsed("ips=one")).all_addresses, all_addresses_mode::off);
    EXPECT_EQ(make_check_spec(everywhere, {}).all_addresses, all_addresses_mode::strict);
    EXPECT_EQ(make_check_spec(check_options{}, parsed("ips=all")).all_addresses, all_addresses_mode::rollup);
}

TEST(IpsKey, IsPartOfTheDedupKey) {
    EXPECT_NE(spec_key(parsed("ips=all")), spec_key({}));
    EXPECT_NE(spec_key(parsed("ips=all")), spec_key(parsed("ips=all-strict")));
    EXPECT_EQ(spec_key(parsed("ips=ALL")), spec_key(parsed("ips=all")));
}

}  // namespace
}  // namespace urlcheck
