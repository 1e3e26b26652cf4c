#include <gtest/gtest.h>

#include "urlcheck/accept_list.hpp"

namespace {

using urlcheck::accept_list;

std::string parse_error(std::string_view text) {
    std::string error;
    EXPECT_FALSE(accept_list::parse(text, &error).has_value()) << text;
    return error;
}

TEST(AcceptList, DefaultIsAny2xx) {
    const accept_list list;
    EXPECT_FALSE(list.accepts(199));
    EXPECT_TRUE(list.accepts(200));
    EXPECT_TRUE(list.accepts(299));
    EXPECT_FALSE(list.accepts(300));
    EXPECT_FALSE(list.accepts(404));
    EXPECT_EQ(list.to_string(), "200-299");
}

TEST(AcceptList, RangesAndSingles) {
    const auto list = accept_list::parse("200-299,401,403");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->accepts(204));
    EXPECT_TRUE(list->accepts(401));
    EXPECT_TRUE(list->accepts(403));
    EXPECT_FALSE(list->accepts(402));
    EXPECT_FALSE(list->accepts(404));
    EXPECT_EQ(list->to_string(), "200-299,401,403");
}

TEST(AcceptList, WhitespaceTolerant) {
    const auto list = accept_list::parse("  200 - 204 ,\t301 ");
    ASSERT_TRUE(list);
    EXPECT_TRUE(list->accepts(202));
    EXPECT_TRUE(list->accepts(301));
    EXPECT_EQ(list->to_string(), "200-204,301");
}

TEST(AcceptList, CanonicalFormIsSortedAndMerged) {
    const auto list = accept_list::parse("404,200-250,240-299,300,500-500");
    ASSERT_TRUE(list);
    EXPECT_EQ(list->to_string(), "200-300,404,500");
}

TEST(AcceptList, Bounds) {
    EXPECT_TRUE(accept_list::parse("100"));
    EXPECT_TRUE(accept_list::parse("999"));
    EXPECT_TRUE(accept_list::parse("100-999"));
    EXPECT_NE(parse_error("99").find("'99'"), std::string::npos);
    EXPECT_NE(parse_error("1000").find("'1000'"), std::string::npos);
    EXPECT_NE(parse_error("200-1000").find("'200-1000'"), std::string::npos);
    EXPECT_NE(parse_error("0").find("100 to 999"), std::string::npos);
}

TEST(AcceptList, RejectsEmptyElements) {
    EXPECT_NE(parse_error("").find("empty"), std::string::npos);
    EXPECT_NE(parse_error("  ").find("empty"), std::string::npos);
    EXPECT_NE(parse_error("200,,300").find("empty element"), std::string::npos);
    EXPECT_NE(parse_error("200,").find("empty element"), std::string::npos);
    EXPECT_NE(parse_error(",200").find("empty element"), std::string::npos);
}

TEST(AcceptList, RejectsReversedRange) {
    const std::string error = parse_error("299-200");
    EXPECT_NE(error.find("reversed"), std::string::npos) << error;
    EXPECT_NE(error.find("'299-200'"), std::string::npos) << error;
}

TEST(AcceptList, RejectsJunkNamingTheElement) {
    for (const char* junk : {"abc", "2xx", "200-", "-200", "+200", "200-300-400", "20 0", "0x1F4", "200..299", "2e2"}) {
        const std::string error = parse_error(std::string("200,") + junk);
        EXPECT_NE(error.find(std::string("'") + junk + "'"), std::string::npos) << junk << ": " << error;
    }
}

// Found by fuzz_url_list (status= on a list line): the element is quoted
// with control and non-ASCII bytes escaped, never raw.
TEST(AcceptList, JunkIsQuotedPrintably) {
    const std::string error = parse_error("200,\xEF\xBB\xBFtp/\xF5");
    EXPECT_NE(error.find("'\\xEF\\xBB\\xBFtp/\\xF5'"), std::string::npos) << error;
    EXPECT_NE(parse_error("200,,\x1B").find("'200,,\\x1B'"), std::string::npos) << parse_error("200,,\x1B");
}

TEST(AcceptList, ErrorPointerIsOptional) {
    EXPECT_FALSE(accept_list::parse("nope"));
}

}  // namespace
