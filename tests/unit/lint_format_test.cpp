// --lint's lines: FILE:LINE:COLUMN: message for a bad entry (the column
// said once, up front), FILE:LINE: message when the problem has no column,
// and the summary.
#include <gtest/gtest.h>

#include <string>

#include "lint.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::lint_counts;
using urlcheck::lint_line;
using urlcheck::lint_summary;
using urlcheck::make_list_entry;

TEST(LintFormat, ABadLineIsFileLineColumnAndTheMessage) {
    struct row {
        std::string line;
        const char* printed;
    };
    for (const row& r : {
             row{"https://exa mple.com/", "docs/urls.txt:7:12: space: write it as %20"},
             row{"  http://x.test/%zz", "docs/urls.txt:7:17: '%zz' is not a percent-encoding: write '%' as %25"},
             row{"https://a.test/ stauts=200", "docs/urls.txt:7:17: unknown key 'stauts' (did you mean 'status'?)"},
             row{"https://x.test/" + std::string(9000, 'a'), "docs/urls.txt:7: URL too long: 9,015 bytes, limit 8 KiB"},
         }) {
        EXPECT_EQ(lint_line(make_list_entry(r.line, "docs/urls.txt:7")), r.printed);
    }
    // A path with ':' in it keeps it: the source is written as it is.
    EXPECT_EQ(lint_line(make_list_entry("ftp://x/", "c:/lists/a.txt:3")),
              "c:/lists/a.txt:3:1: 'ftp://': only http and https are checked");
}

TEST(LintFormat, TheSummaryCountsProblemsInputsAndGoodEntries) {
    struct row {
        lint_counts counts;
        const char* printed;
    };
    for (const row& r : {
             row{{0, 1, 0, 1204}, "1,204 entries in 1 input, no problems"},
             row{{0, 2, 0, 1}, "1 entry in 2 inputs, no problems"},
             row{{3, 2, 2, 1204}, "3 problems in 2 inputs, 1,204 entries OK"},
             row{{1, 1, 1, 0}, "1 problem in 1 input, 0 entries OK"},
         }) {
        EXPECT_EQ(lint_summary(r.counts), r.printed);
    }
}

}  // namespace
