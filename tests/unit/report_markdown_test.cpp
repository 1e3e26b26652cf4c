// The Markdown report (src/report/markdown.cpp), on the shared hostile fixture.
#include <gtest/gtest.h>

#include <string>

#include "support/hostile_results.hpp"

namespace {

using namespace urlcheck;

std::string render(const report_options& options = {}, std::size_t byte_limit = 0) {
    return test::render(output_format::markdown, test::make_hostile_run(), options, byte_limit);
}

std::size_t count(const std::string& text, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

TEST(MarkdownReport, CountsTimeThenTheEntriesThatNeedALook) {
    const std::string md = render();
    EXPECT_EQ(md.rfind("### urlcheck: 7 down, 1 unverifiable, 1 degraded of 11 checked\n\n"
                       "11 of 12 entries checked in 10.01 s, started 2026-11-30 00:53:20 "
                       "UTC.\n",
                       0),
              0U)
        << md;
    EXPECT_NE(md.find("| 🔴 down | 7 |\n| 🟣 unverifiable | 1 |\n| 🟡 "
                      "degraded | 1 |\n| ⚪ skipped | 1 |\n| 🟢 up | 2 |\n"),
              std::string::npos)
        << md;
    EXPECT_NE(md.find("#### Needs a look (9)"), std::string::npos);
    // Down first, then unverifiable, then degraded; input order within.
    const auto dns = md.find("x.invalid"), crlf = md.find("/crlf"), idn = md.find("bücher"), slow = md.find("a,b%2Cc");
    EXPECT_LT(dns, crlf);
    EXPECT_LT(crlf, idn);
    EXPECT_LT(idn, slow);
    EXPECT_EQ(md.find("example.com/late"), std::string::npos) << "skipped is counted, not listed";
    EXPECT_NE(md.find("| 🔴 down | https://x.invalid/ | dns: NXDOMAIN | 2.01 s | "
                      "urls.txt:12 |\n"),
              std::string::npos);
}

TEST(MarkdownReport, EveryRowIsOneLineOfSafeCells) {
    const std::string md = render();
    // A row per listed entry with exactly 6 unescaped '|': nothing broke out of
    // its cell.
    std::size_t rows = 0;
    for (std::size_t start = 0; start < md.size();) {
        const auto end = md.find('\n', start);
        const std::string line = md.substr(start, end - start);
        start = end + 1;
        if (line.rfind("| 🔴", 0) != 0 && line.rfind("| 🟣", 0) != 0 && line.rfind("| 🟡", 0) != 0) continue;
        if (line.find(" | urls.txt") == std::string::npos && line.find(" | -:") == std::string::npos &&
            line.find(" | arg:") == std::string::npos && line.find(" | lists/") == std::string::npos)
            continue;  // a count row
        ++rows;
        std::size_t bars = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++bars;
        EXPECT_EQ(bars, 6U) << line;
    }
    EXPECT_EQ(rows, 9U);
    EXPECT_NE(md.find(R"(https://example.com/search?q="a"\&b=\<c\>\&d='e')"), std::string::npos) << md;
    EXPECT_NE(md.find(R"(500 Oops\\x0D\\x0A::error::injected)"), std::string::npos);
    EXPECT_EQ(md.find('\r'), std::string::npos);
    EXPECT_EQ(md.find('\x1b'), std::string::npos);
    EXPECT_NE(md.find("https://user:\\*\\*\\*@private.example/admin"), std::string::npos);
}

TEST(MarkdownReport, FailOnListsTheStatesItNames) {
    report_options o;
    o.fail_on.skipped = true;
    EXPECT_NE(render(o).find("example.com/late"), std::string::npos);
}

TEST(MarkdownReport, StaysWithinTheByteLimit) {
    const std::string full = render();
    const std::size_t limit = full.size() - 300;
    const std::string cut = render({}, limit);
    EXPECT_LE(cut.size(), limit);
    EXPECT_LT(count(cut, "| 🔴 down | http"), count(full, "| 🔴 down | http"));
    EXPECT_NE(cut.find("more, left out to stay within GitHub's 1 MiB job summary"), std::string::npos) << cut;
}

}  // namespace
