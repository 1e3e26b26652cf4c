// GitHub workflow-command annotations (src/report/github.cpp), on the shared
// hostile fixture.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"

namespace {

using namespace urlcheck;
using urlcheck::test::memory_file;

std::vector<std::string> annotations(const report_options& options = {}) {
    memory_file out;
    auto reporter = report_detail::make_github_reporter(options, {out.get(), false});
    test::replay(*reporter, test::make_hostile_run());
    std::vector<std::string> lines;
    const std::string text = out.text();
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::string line_for(const std::vector<std::string>& lines, std::string_view needle) {
    for (const auto& line : lines)
        if (line.find(needle) != std::string::npos) return line;
    return "(no line with " + std::string(needle) + ")";
}

TEST(GithubReport, TheIssuesExample) {
    EXPECT_EQ(line_for(annotations(), "x.invalid"),
              "::error file=urls.txt,line=12,title=urlcheck "
              "dns::https://x.invalid/ NXDOMAIN");
}

TEST(GithubReport, OneAnnotationPerEntryThatNeedsALook) {
    const auto lines = annotations();
    // 12 entries: 2 up and 1 skipped get none.
    EXPECT_EQ(lines.size(), 9U);
    for (const auto& line : lines) {
        EXPECT_TRUE(line.rfind("::error ", 0) == 0 || line.rfind("::warning ", 0) == 0 ||
                    line.rfind("::notice ", 0) == 0)
            << line;
        // The first "::" after the level ends the properties; no ':' may
        // come before it (the runner would split there).
        const std::string properties = line.substr(2, line.find("::", 2) - 2);
        EXPECT_EQ(properties.find(':'), std::string::npos) << line;
    }
    EXPECT_EQ(line_for(lines, "example.com/late"), "(no line with example.com/late)");
}

TEST(GithubReport, LevelsFollowTheStateAndFailOn) {
    auto lines = annotations();
    EXPECT_EQ(line_for(lines, "a,b").rfind("::warning ", 0), 0U) << "degraded";
    EXPECT_EQ(line_for(lines, "bücher").rfind("::notice ", 0), 0U) << "unverifiable";
    report_options o;
    o.fail_on.unverifiable = true;
    o.fail_on.skipped = true;
    lines = annotations(o);
    EXPECT_EQ(line_for(lines, "bücher").rfind("::warning ", 0), 0U) << "--fail-on unverifiable";
    EXPECT_EQ(line_for(lines, "example.com/late").rfind("::warning ", 0), 0U) << "--fail-on skipped";
}

TEST(GithubReport, EscapesPerTheRunnersRules) {
    const auto lines = annotations();
    // The message: '%', CR, LF percent-encoded; "::" and ',' left alone.
    EXPECT_EQ(line_for(lines, "a,b"),
              "::warning file=urls.txt,line=4,title=urlcheck degraded::"
              "https://example.com/a,b%252Cc::d?x=100%25 slow: 3.50 s, over "
              "--slow 2 s");
    EXPECT_EQ(line_for(lines, "/crlf"),
              "::error file=urls.txt,line=5,title=urlcheck "
              "status::http://example.com/crlf "
              "500 Oops%0D%0A::error::injected%0D%0AX-Evil: 1");
    // Properties: also ':' and ','; the message keeps them.
    EXPECT_EQ(line_for(lines, "/health"),
              "::error file=lists/a%2Cb%3A c.txt,line=9,title=urlcheck expectation::"
              "https://example.com/health body does not contain \"ok\"");
    // Control characters and invalid UTF-8 never reach the log raw; non-ASCII
    // does.
    EXPECT_NE(line_for(lines, "exa mple").find("\\xFF\\x1B[31m"), std::string::npos);
    EXPECT_NE(line_for(lines, "bücher").find("straße/😀"), std::string::npos);
    EXPECT_NE(line_for(lines, "private.example").find("user:***@"), std::string::npos);
}

TEST(GithubReport, NoFileInTheRepositoryMeansNoLocation) {
    const auto lines = annotations();
    EXPECT_EQ(line_for(lines, "127.0.0.1:9"),
              "::error title=urlcheck timeout::arg:1: http://127.0.0.1:9/ timed "
              "out after 10 s");
    EXPECT_EQ(line_for(lines, "exa mple").rfind("::error title=urlcheck invalid_url::-:2: ", 0), 0U);
}

TEST(GithubReport, SaysWhenGitHubWillNotShowThemAll) {
    memory_file out;
    auto reporter = report_detail::make_github_reporter({}, {out.get(), false});
    result r = test::make_hostile_run().results[1];
    for (std::size_t i = 0; i < 11; ++i) reporter->on_result(i, r);
    reporter->finish({});
    const std::string text = out.text();
    EXPECT_NE(text.find("::notice title=urlcheck::11 errors, 0 warnings and 0 notices: GitHub shows the first 10"),
              std::string::npos)
        << text;
}

}  // namespace
