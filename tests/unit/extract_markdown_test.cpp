// extract::from_markdown: every http(s) link of a Markdown document with the
// line and column of its text, and nothing from code.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/links.hpp"
#include "support/extract_cases.hpp"

namespace {

using urlcheck::extract::case_name;
using urlcheck::extract::extract_case;
using urlcheck::extract::from_markdown;
using urlcheck::extract::link;

class MarkdownLinks : public testing::TestWithParam<extract_case> {};

TEST_P(MarkdownLinks, AreFoundWhereWritten) {
    const auto& c = GetParam();
    EXPECT_EQ(from_markdown(c.document), c.links);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MarkdownLinks,
    testing::Values(
        extract_case{
            "inline", "# Title\n\nSee [the docs](https://a.test/docs) now.\n", {{"https://a.test/docs", 3, 6}}},
        extract_case{
            "second_line_of_paragraph", "one line\nand [two](http://b.test/) here\n", {{"http://b.test/", 2, 6}}},
        // Where the link is used, not where its reference is defined.
        extract_case{"reference_style",
                     "Read [the guide][g] and [again][g].\n\n[g]: https://c.test/guide \"Guide\"\n",
                     {{"https://c.test/guide", 1, 7}, {"https://c.test/guide", 1, 26}}},
        extract_case{"collapsed_reference", "[Home][]\n\n[home]: https://c.test/\n", {{"https://c.test/", 1, 2}}},
        extract_case{"undefined_reference_is_text", "[x][nowhere]\n", {}},
        extract_case{"autolink",
                     "Mail <https://d.test/a?b=1> or <mailto:x@d.test>.\n",
                     {{"https://d.test/a?b=1", 1, 7}, {"mailto:x@d.test", 1, 33}}},
        extract_case{"bare_url", "Go to https://e.test/x, then stop.\n", {{"https://e.test/x", 1, 7}}},
        extract_case{"image", "![logo](https://f.test/logo.png)\n", {{"https://f.test/logo.png", 1, 3}}},
        // A badge: the image, then the link around it; both at the alt text.
        extract_case{"image_in_link",
                     "[![ci](https://g.test/badge.svg)](https://g.test/ci)\n",
                     {{"https://g.test/ci", 1, 4}, {"https://g.test/badge.svg", 1, 4}}},
        extract_case{"empty_text_uses_destination", "x\n[](https://h.test/)\n", {{"https://h.test/", 2, 4}}},
        extract_case{"fenced_code_ignored", "```\n[a](https://i.test/)\nhttps://i.test/bare\n```\n", {}},
        extract_case{"indented_code_ignored", "text\n\n    https://i.test/indented\n", {}},
        extract_case{"code_span_ignored", "Run `curl https://j.test/` first.\n", {}},
        extract_case{
            "relative_kept_for_the_caller", "[a](docs/a.md) [b](#top)\n", {{"docs/a.md", 1, 2}, {"#top", 1, 17}}},
        extract_case{"entity_in_destination",
                     "[q](https://k.test/?a=1&amp;b=2&#x26;c)\n",
                     {{"https://k.test/?a=1&b=2&c", 1, 2}}},
        // Out of Unicode: U+FFFD; a name md4c knows but we do not: as written.
        extract_case{"odd_entities",
                     "[r](https://k.test/?a&#1114112;b&copy;)\n",
                     {{"https://k.test/?a\xEF\xBF\xBD" "b&copy;", 1, 2}}},
        extract_case{"escape_in_destination", "[p](https://k.test/a\\_b)\n", {{"https://k.test/a_b", 1, 2}}},
        extract_case{"raw_html_inline", "Hi <a href=\"https://l.test/\">there</a>.\n", {{"https://l.test/", 1, 13}}},
        extract_case{"raw_html_block",
                     "<p align=\"center\">\n  <img src=\"https://m.test/logo.svg\">\n</p>\n",
                     {{"https://m.test/logo.svg", 2, 13}}},
        extract_case{"crlf", "a\r\n\r\n[b](https://n.test/)\r\n", {{"https://n.test/", 3, 2}}},
        extract_case{"table", "| a | b |\n|---|---|\n| [x](https://o.test/) | y |\n", {{"https://o.test/", 3, 4}}},
        extract_case{"nothing", "", {}}),
    case_name);

}  // namespace
