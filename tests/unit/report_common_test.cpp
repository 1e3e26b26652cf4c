// What every report format shares (src/report/common.hpp).
#include <gtest/gtest.h>

#include "report/common.hpp"

namespace {

using urlcheck::report_detail::locate;

TEST(ReportCommon, LocateTakesASourceApart) {
    auto where = locate("urls.txt:12");
    EXPECT_EQ(where.file, "urls.txt");
    EXPECT_EQ(where.input, "urls.txt");
    EXPECT_EQ(where.line, 12);

    where = locate("lists/a,b: c.txt:9");  // only the last ':' splits
    EXPECT_EQ(where.file, "lists/a,b: c.txt");
    EXPECT_EQ(where.line, 9);

    where = locate("-:3");
    EXPECT_EQ(where.file, "-");
    EXPECT_EQ(where.line, 3);

    where = locate("arg:2");  // a URL on the command line has no file
    EXPECT_EQ(where.file, "");
    EXPECT_EQ(where.input, "arg");
    EXPECT_EQ(where.line, 2);

    where = locate("odd");  // not FILE:LINE: the whole text, no line
    EXPECT_EQ(where.file, "odd");
    EXPECT_EQ(where.line, std::nullopt);
    EXPECT_EQ(locate("x:12a").line, std::nullopt);
    EXPECT_EQ(locate("x:").line, std::nullopt);
}

TEST(ReportCommon, NeedsLookIsEveryStateButUpAndSkipped) {
    using urlcheck::verdict;
    using urlcheck::report_detail::needs_look;
    EXPECT_FALSE(needs_look(verdict::up));
    EXPECT_FALSE(needs_look(verdict::skipped));
    EXPECT_TRUE(needs_look(verdict::down));
    EXPECT_TRUE(needs_look(verdict::degraded));
    EXPECT_TRUE(needs_look(verdict::unverifiable));
}

}  // namespace
