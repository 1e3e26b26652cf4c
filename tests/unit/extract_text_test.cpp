// extract::from_text (bare URLs in prose) and extract::link_target (which
// links are checked, and as what).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "extract/links.hpp"
#include "support/extract_cases.hpp"

namespace {

using urlcheck::extract::case_name;
using urlcheck::extract::extract_case;
using urlcheck::extract::from_text;
using urlcheck::extract::is_relative;
using urlcheck::extract::link;
using urlcheck::extract::link_target;

class TextLinks : public testing::TestWithParam<extract_case> {};

TEST_P(TextLinks, AreFoundWhereWritten) {
    const auto& c = GetParam();
    EXPECT_EQ(from_text(c.document), c.links);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TextLinks,
    testing::Values(extract_case{"lines_and_columns",
                                 "first https://a.test/1\n\n  http://a.test/2 end\n",
                                 {{"https://a.test/1", 1, 7}, {"http://a.test/2", 3, 3}}},
                    extract_case{
                        "sentence_punctuation_dropped",
                        "See https://b.test/x. Or https://b.test/y, https://b.test/z!",
                        {{"https://b.test/x", 1, 5}, {"https://b.test/y", 1, 26}, {"https://b.test/z", 1, 44}}},
                    extract_case{"brackets_balanced",
                                 "(see https://c.test/wiki/A_(b)) [https://c.test/q]",
                                 {{"https://c.test/wiki/A_(b)", 1, 6}, {"https://c.test/q", 1, 34}}},
                    extract_case{"quoted",
                                 "url=\"https://d.test/a\" '<https://d.test/b>'",
                                 {{"https://d.test/a", 1, 6}, {"https://d.test/b", 1, 26}}},
                    extract_case{"case_of_scheme", "HTTPS://E.test/", {{"HTTPS://E.test/", 1, 1}}},
                    extract_case{"no_word_prefix", "xhttp://f.test/ shttps://f.test/", {}},
                    extract_case{"host_required", "http:// https:///x http:", {}},
                    extract_case{"other_schemes_ignored", "ftp://g.test/ mailto:x@g.test", {}}),
    case_name);

struct target_case {
    const char* name;
    std::string written;
    std::string base;
    std::optional<std::string> target;
};

class LinkTarget : public testing::TestWithParam<target_case> {};

TEST_P(LinkTarget, IsWhatIsChecked) {
    const auto& c = GetParam();
    EXPECT_EQ(link_target(c.written, c.base), c.target);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LinkTarget,
    testing::Values(target_case{"http_as_written", "https://a.test/x#y", "", "https://a.test/x#y"},
                    target_case{"space_and_newline_cleaned", "  https://a.test/a\n/b ", "", "https://a.test/a/b"},
                    target_case{"broken_http_still_checked", "http://a b/", "", "http://a b/"},
                    target_case{"mailto", "mailto:x@a.test", "https://base.test/", std::nullopt},
                    target_case{"tel", "tel:+1555", "", std::nullopt},
                    target_case{"javascript", "javascript:void(0)", "https://base.test/", std::nullopt},
                    target_case{"data", "data:text/plain,x", "", std::nullopt},
                    target_case{"ftp", "ftp://a.test/", "", std::nullopt},
                    target_case{"fragment_only", "#usage", "https://base.test/", std::nullopt},
                    target_case{"empty", " ", "https://base.test/", std::nullopt},
                    target_case{"relative_without_base", "docs/a.html", "", std::nullopt},
                    target_case{"relative_path", "docs/a.html", "https://base.test/site/index.html",
                                "https://base.test/site/docs/a.html"},
                    target_case{"dot_segments", "../b/./c?q=1#f", "https://base.test/x/y/z",
                                "https://base.test/x/b/c?q=1#f"},
                    target_case{"absolute_path", "/about", "https://base.test/site/", "https://base.test/about"},
                    target_case{"network_path", "//cdn.test/x.js", "http://base.test/", "http://cdn.test/x.js"},
                    target_case{"query_only", "?page=2", "https://base.test/list", "https://base.test/list?page=2"},
                    target_case{"unparseable_relative", "a b.html", "https://base.test/", std::nullopt},
                    // Found by fuzz_extract_*: a relative link whose host
                    // libidn2 refuses is checked on the base's scheme (and
                    // reported invalid), never returned relative.
                    target_case{"network_path_bad_host", "//b\xFF.test/x", "https://base.test/",
                                "https://b\xFF.test/x"},
                    target_case{"non_ascii_not_a_reference", "\x97\x8Btps://i.\xFFtest/", "https://base.test/",
                                std::nullopt}),
    [](const testing::TestParamInfo<target_case>& info) { return std::string(info.param.name); });

TEST(LinkTarget, RelativeIsWhatABaseWouldResolve) {
    EXPECT_TRUE(is_relative("docs/a.md"));
    EXPECT_TRUE(is_relative("//cdn.test/x"));
    EXPECT_FALSE(is_relative("#top"));
    EXPECT_FALSE(is_relative(""));
    EXPECT_FALSE(is_relative("mailto:x@a.test"));
    EXPECT_FALSE(is_relative("https://a.test/"));
}

}  // namespace
