// --exclude-file and ./.urlcheckignore: regexes read from a file, one a
// line, '#' comments and blank lines skipped, a bad one named FILE:LINE.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "entry_filter.hpp"
#include "support/temp_dir.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::entry_filter;
using urlcheck::make_entry;
using urlcheck::select_options;

using urlcheck::test::temp_dir;

bool selects(const entry_filter& f, const char* url) { return f.selects(make_entry(url, "l:1")); }

TEST(ExcludeFile, EachLineIsARegexCommentsAndBlankLinesAreNot) {
    temp_dir dir;
    select_options o;
    o.exclude_files = {dir.file("ignore", "# staging is down on Sundays\n\n  staging\\.  \r\n/admin#x\n"),
                       dir.file("more", "^http://")};
    std::string error;
    const auto filter = entry_filter::make(o, &error);
    ASSERT_NE(filter, nullptr) << error;
    EXPECT_TRUE(filter->active());
    EXPECT_FALSE(selects(*filter, "https://staging.a.test/"));
    EXPECT_FALSE(selects(*filter, "http://a.test/"));
    EXPECT_TRUE(selects(*filter, "https://a.test/staging"));  // "staging\." needs the dot
    // '#' after the start of a line is the regex's; the fragment is never
    // in the normalised URL, so "/admin#x" finds nothing.
    EXPECT_TRUE(selects(*filter, "https://a.test/admin#x"));
    EXPECT_TRUE(selects(*filter, "https://a.test/# staging is down on Sundays"));
}

TEST(ExcludeFile, TheIgnoreFileIsReadLikeOne) {
    temp_dir dir;
    select_options o;
    o.ignore_file = dir.file(".urlcheckignore", "example\\.com\n");
    o.exclude = {"other"};
    const auto filter = entry_filter::make(o);
    ASSERT_NE(filter, nullptr);
    EXPECT_FALSE(selects(*filter, "https://example.com/x"));
    EXPECT_FALSE(selects(*filter, "https://other.test/"));
    EXPECT_TRUE(selects(*filter, "https://a.test/"));
}

TEST(ExcludeFile, ABadRegexIsNamedByFileAndLine) {
    temp_dir dir;
    select_options o;
    const std::string path = dir.file("ignore", "# fine\nok\n\nbad(\n");
    o.exclude_files = {path};
    std::string error;
    EXPECT_EQ(entry_filter::make(o, &error), nullptr);
    EXPECT_EQ(error.rfind(path + ":4: invalid regex 'bad(': ", 0), 0u) << error;
}

TEST(ExcludeFile, AMissingFileIsAUsageError) {
    select_options o;
    o.exclude_files = {"/nonexistent/urlcheck-ignore"};
    std::string error;
    EXPECT_EQ(entry_filter::make(o, &error), nullptr);
    EXPECT_EQ(error, "--exclude-file: cannot read /nonexistent/urlcheck-ignore: No such file or directory");
}

TEST(ExcludeFile, AnEmptyFileExcludesNothingAndLeavesTheFilterInactive) {
    temp_dir dir;
    select_options o;
    o.exclude_files = {dir.file("empty", "# nothing yet\n")};
    const auto filter = entry_filter::make(o);
    ASSERT_NE(filter, nullptr);
    EXPECT_FALSE(filter->active());
    EXPECT_TRUE(selects(*filter, "https://a.test/"));
}

}  // namespace
