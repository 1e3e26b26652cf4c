// The text report's layout on a terminal and in completion order
// (src/report/text_layout.hpp): every line fits the window at every width,
// URLs are cut in the middle, the time column stays put, long messages wrap
// under the row.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/text_layout.hpp"

namespace {

using namespace urlcheck;
using namespace urlcheck::report_detail;

const text_row long_row{
    verdict::down, "https://docs.example.com/guides/getting-started/installation/linux/debian/bookworm",
    "timed out after 10 s waiting for the response header (3 tries, confirmed)", "31.20 s", "examples/demo.txt:24"};

TEST(TextLayout, TruncateMiddleKeepsBothEnds) {
    EXPECT_EQ(truncate_middle("https://example.com/a", 40), "https://example.com/a");
    EXPECT_EQ(truncate_middle("abcdefghij", 5), "ab\xE2\x80\xA6ij");
    EXPECT_EQ(truncate_middle("abcdefghij", 6), "ab\xE2\x80\xA6hij");  // the odd column to the end
    EXPECT_EQ(columns(truncate_middle("abcdefghij", 5)), 5u);
    EXPECT_EQ(truncate_middle("abcdefghij", 1), "\xE2\x80\xA6");
    EXPECT_EQ(truncate_middle("abcdefghij", 0), "");
    // Only between code points: "é" is two bytes, one column.
    const std::string cut = truncate_middle("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 4);
    EXPECT_EQ(cut, "\xC3\xA9\xE2\x80\xA6\xC3\xA9\xC3\xA9");
}

TEST(TextLayout, ColourTakesNoColumn) {
    EXPECT_EQ(columns("\x1b[31;1mDOWN\x1b[0m"), 4u);
    const std::string summary = "3 checked: 1 up, \x1b[31m2 down\x1b[0m, 1 degraded";
    for (const auto& line : wrap(summary, 16, 16)) EXPECT_LE(columns(line), 16u) << line;
    EXPECT_EQ(wrap(summary, 16, 16)[1], "\x1b[31m2 down\x1b[0m, 1");
}

TEST(TextLayout, WrapBreaksAtSpacesAndInsideLongWords) {
    EXPECT_EQ(wrap("404 Not Found", 20, 20), (std::vector<std::string>{"404 Not Found"}));
    EXPECT_EQ(wrap("one two three four", 8, 12), (std::vector<std::string>{"one two", "three four"}));
    EXPECT_EQ(wrap("abcdefghij", 4, 4), (std::vector<std::string>{"abcd", "efgh", "ij"}));
    EXPECT_EQ(wrap("", 5, 5), (std::vector<std::string>{""}));
}

TEST(TextLayout, EveryLineFitsAtEveryWidth) {
    const std::vector<text_row> rows = {
        long_row,
        {verdict::unverifiable, "http://127.0.0.1:8765/challenge", "403 bot challenge (cf-mitigated)", "850 ms",
         "/very/long/absolute/path/to/some/list/of/urls.txt:123456"},
        {verdict::degraded, "http://x/", "200 slow", "1234.56 s", ""},
        {verdict::down, "", "", "0 ms", "arg:1"},
    };
    for (std::size_t width = 1; width <= 200; ++width) {
        const tty_columns cols = fit_columns(width);
        for (const auto& row : rows) {
            for (const bool full_url : {false, true}) {
                for (const std::string& line : tty_lines(row, cols, false, full_url)) {
                    EXPECT_LE(columns(line), width) << "width " << width << ": '" << line << "'";
                    EXPECT_EQ(line.find('\n'), std::string::npos);
                }
            }
        }
    }
}

TEST(TextLayout, ColumnsAddUpToTheWindow) {
    for (const std::size_t width : {60u, 80u, 99u, 100u, 160u, 300u}) {
        const tty_columns c = fit_columns(width);
        const std::size_t gaps = c.source > 0 ? 8 : 6;
        EXPECT_EQ(c.label + c.url + c.what + c.time + c.source + gaps, width) << width;
        EXPECT_GE(c.url, 18u) << width;
        EXPECT_GE(c.what, 14u) << width;
    }
    EXPECT_EQ(fit_columns(100).source, 20u);
    EXPECT_EQ(fit_columns(99).source, 0u);  // under the row
    EXPECT_EQ(fit_columns(59).label, 0u);   // narrow: stacked
}

TEST(TextLayout, TimeIsRightAlignedInAFixedColumn) {
    const tty_columns c = fit_columns(120);
    text_row a = long_row;
    text_row b{verdict::degraded, "http://a/", "200 slow", "850 ms", "l.txt:1"};
    const std::string first_a = tty_lines(a, c, false).front();
    const std::string first_b = tty_lines(b, c, false).front();
    // The time ends at the same column in both rows (ASCII here: bytes are
    // columns up to the URL's "…", which both rows have before the time or not).
    const auto end_of = [](const std::string& line, const std::string& time) {
        return columns(std::string_view(line).substr(0, line.find(time) + time.size()));
    };
    EXPECT_EQ(end_of(first_a, "31.20 s"), end_of(first_b, "850 ms"));
    EXPECT_EQ(end_of(first_a, "31.20 s"), c.label + 2 + c.url + 2 + c.what + 2 + c.time);
}

TEST(TextLayout, WideRowAtOneHundredColumns) {
    const auto lines = tty_lines(long_row, fit_columns(100), false);
    ASSERT_EQ(lines.size(), 2u) << testing::PrintToString(lines);
    EXPECT_EQ(lines[0],
              "DOWN          https://doc\xE2\x80\xA6"
              "an/bookworm  timed out after 10 s waiting    31.20 s  "
              "examples/demo.txt:24");
    // The rest of the message under the row, from the URL's column.
    EXPECT_EQ(lines[1], "              for the response header (3 tries, confirmed)");
    // A FILE:LINE longer than its column is not cut: it goes under the row.
    text_row deep = long_row;
    deep.source = "site/content/docs/reference/links.txt:1234";
    const auto under = tty_lines(deep, fit_columns(100), false);
    EXPECT_EQ(under.back(), "              site/content/docs/reference/links.txt:1234");
}

TEST(TextLayout, NarrowRowAtThirtyColumns) {
    const auto lines = tty_lines(long_row, fit_columns(30), false);
    ASSERT_GE(lines.size(), 3u) << testing::PrintToString(lines);
    EXPECT_EQ(lines[0], "DOWN https:/\xE2\x80\xA6ookworm   31.20 s");
    EXPECT_EQ(lines[1], "  timed out after 10 s waiting");
    EXPECT_EQ(lines.back(), "  examples/demo.txt:24");
}

TEST(TextLayout, VerboseGivesTheWholeUrlUnderTheRow) {
    const auto lines = tty_lines(long_row, fit_columns(100), false, true);
    std::string joined;
    for (const auto& line : lines) joined += line.substr(line.find_first_not_of(' '));
    EXPECT_NE(joined.find(long_row.url), std::string::npos) << joined;
}

TEST(TextLayout, CompilerLine) {
    const text_row row{verdict::down, "http://127.0.0.1:8765/missing", "404 Not Found", "1 ms", "examples/demo.txt:24"};
    EXPECT_EQ(compiler_line(row, false),
              "examples/demo.txt:24: DOWN http://127.0.0.1:8765/missing \xE2\x80\x94 404 Not Found (1 ms)");
    EXPECT_EQ(compiler_line(row, true).find("\x1b["), std::string("examples/demo.txt:24: ").size());
}

TEST(TextLayout, RelativeSourceOnlyBelowTheCurrentDirectory) {
    EXPECT_EQ(relative_source("/home/me/site/urls.txt:3", "/home/me"), "site/urls.txt:3");
    EXPECT_EQ(relative_source("/home/me/site/urls.txt:3", "/home/me/"), "site/urls.txt:3");
    EXPECT_EQ(relative_source("/home/meadow/urls.txt:3", "/home/me"), "/home/meadow/urls.txt:3");
    EXPECT_EQ(relative_source("/etc/urls.txt:3", "/home/me"), "/etc/urls.txt:3");
    EXPECT_EQ(relative_source("/urls.txt:3", "/"), "urls.txt:3");
    EXPECT_EQ(relative_source("urls.txt:3", "/home/me"), "urls.txt:3");
    EXPECT_EQ(relative_source("-:3", "/home/me"), "-:3");
    EXPECT_EQ(relative_source("arg:1", "/home/me"), "arg:1");
}

}  // namespace
