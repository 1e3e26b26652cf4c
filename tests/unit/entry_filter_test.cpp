// entry_filter: which list entries --select-tag, --include and --exclude
// leave to be checked, and the usage error for a bad regex.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "entry_filter.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace {

using urlcheck::entry;
using urlcheck::entry_filter;
using urlcheck::make_entry;
using urlcheck::make_list_entry;
using urlcheck::select_options;

std::unique_ptr<entry_filter> make(const select_options& options) {
    std::string error;
    auto filter = entry_filter::make(options, &error);
    EXPECT_NE(filter, nullptr) << error;
    EXPECT_EQ(error, "");
    return filter;
}

// The lines of one list and, per row of options, which of them are selected.
const std::vector<std::string> lines = {
    "https://a.test/api/health  tag=prod tag=api",  // 0
    "https://a.test/api/users  tag=staging",        // 1
    "a.test/www/home  tag=prod",                    // 2: no scheme, matched as https://a.test/...
    "http://B.TEST/www/old",                        // 3: no tags; the host is lowered
    "not a url  tag=prod",                          // 4: invalid
    "https://a.test/x  tag=prod stauts=200",        // 5: bad options (invalid)
};

struct row {
    select_options options;
    std::vector<bool> selected;  // per line
    bool active;
};

TEST(EntryFilter, TagsIncludeAndExcludeOverOneList) {
    std::vector<entry> entries;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        entries.push_back(make_list_entry(lines[i], "urls.txt:" + std::to_string(i + 1)));
    }
    ASSERT_EQ(entries[2].target, "https://a.test/www/home");
    ASSERT_NE(entries[4].error, "");
    ASSERT_NE(entries[5].error, "");

    const std::vector<row> rows = {
        {{}, {true, true, true, true, true, true}, false},
        // A line with any of the tags.
        {{{"prod"}, {}, {}}, {true, false, true, false, true, true}, true},
        {{{"api", "staging"}, {}, {}}, {true, true, false, false, true, true}, true},
        {{{"PROD"}, {}, {}}, {false, false, false, false, true, true}, true},  // tags are case-sensitive
        {{{"nowhere"}, {}, {}}, {false, false, false, false, true, true}, true},
        // At least one --include found in the normalised URL.
        {{{}, {"/api/"}, {}}, {true, true, false, false, true, true}, true},
        {{{}, {"/users$", "health"}, {}}, {true, true, false, false, true, true}, true},
        {{{}, {"^https://a\\.test/www"}, {}}, {false, false, true, false, true, true}, true},
        {{{}, {"^http://b\\.test/"}, {}}, {false, false, false, true, true, true}, true},
        {{{}, {"API"}, {}}, {false, false, false, false, true, true}, true},  // regexes are case-sensitive
        // No --exclude found.
        {{{}, {}, {"/www/"}}, {true, true, false, false, true, true}, true},
        {{{}, {}, {"old", "users"}}, {true, false, true, false, true, true}, true},
        {{{}, {}, {""}}, {false, false, false, false, true, true}, true},  // the empty regex is found everywhere
        // All three at once: a tag, then an include, then no exclude.
        {{{"prod"}, {}, {"/api/"}}, {false, false, true, false, true, true}, true},
        {{{"prod", "staging"}, {"a\\.test"}, {"health"}}, {false, true, true, false, true, true}, true},
        {{{}, {"/api/"}, {"/api/"}}, {false, false, false, false, true, true}, true},
    };
    for (std::size_t r = 0; r < rows.size(); ++r) {
        SCOPED_TRACE("row " + std::to_string(r));
        const auto filter = make(rows[r].options);
        ASSERT_NE(filter, nullptr);
        EXPECT_EQ(filter->active(), rows[r].active);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            EXPECT_EQ(filter->selects(entries[i]), rows[r].selected[i]) << lines[i];
        }
    }
}

TEST(EntryFilter, CommandLineUrlsHaveNoTags) {
    const entry e = make_entry("https://a.test/api/health", "arg:1");
    EXPECT_FALSE(make({{"prod"}, {}, {}})->selects(e));
    EXPECT_TRUE(make({{}, {"health"}, {}})->selects(e));
}

TEST(EntryFilter, TheDefaultSelectsEverything) {
    const entry_filter filter;
    EXPECT_FALSE(filter.active());
    EXPECT_TRUE(filter.selects(make_entry("https://a.test/", "arg:1")));
    EXPECT_TRUE(filter.selects(make_entry("ht!tp://bad", "arg:2")));
}

TEST(EntryFilter, ABadRegexNamesItsOption) {
    struct bad_row {
        select_options options;
        std::string starts;  // of the error
    };
    const std::vector<bad_row> rows = {
        {{{}, {"(api"}, {}}, "--include: invalid regex '(api': "},
        {{{}, {"ok", "[z-a]"}, {}}, "--include: invalid regex '[z-a]': "},
        {{{}, {}, {"*x"}}, "--exclude: invalid regex '*x': "},
        // A control byte in the pattern is shown escaped.
        {{{}, {}, {"\x01("}}, "--exclude: invalid regex '\\x01(': "},
        // The first bad one is named, --include before --exclude.
        {{{}, {"(a"}, {"(b"}}, "--include: invalid regex '(a': "},
    };
    for (const auto& r : rows) {
        std::string error;
        EXPECT_EQ(entry_filter::make(r.options, &error), nullptr);
        EXPECT_EQ(error.rfind(r.starts, 0), 0u) << error;
        EXPECT_GT(error.size(), r.starts.size()) << "Boost's reason follows: " << error;
        EXPECT_EQ(error.find("The error occurred"), std::string::npos) << "the position blurb is cut: " << error;
    }
    // Without a place for the error it only fails.
    EXPECT_EQ(entry_filter::make({{}, {"(api"}, {}}), nullptr);
}

}  // namespace
