// extract::from_html: the URLs of an HTML page's links and resources with
// the line and column of each value, as a browser parses the page.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/links.hpp"
#include "support/extract_cases.hpp"

namespace {

using urlcheck::extract::case_name;
using urlcheck::extract::extract_case;
using urlcheck::extract::from_html;
using urlcheck::extract::link;

class HtmlLinks : public testing::TestWithParam<extract_case> {};

TEST_P(HtmlLinks, AreFoundWhereWritten) {
    const auto& c = GetParam();
    EXPECT_EQ(from_html(c.document), c.links);
}

INSTANTIATE_TEST_SUITE_P(
    Table, HtmlLinks,
    testing::Values(
        extract_case{"anchor", "<p>\n<a href=\"https://a.test/x\">x</a>\n", {{"https://a.test/x", 2, 10}}},
        extract_case{"single_quotes_and_none",
                     "<a href='http://b.test/1'>1</a><a href=http://b.test/2>2</a>",
                     {{"http://b.test/1", 1, 10}, {"http://b.test/2", 1, 40}}},
        extract_case{"entities_decoded",
                     "<a href=\"https://c.test/?a=1&amp;b=2&#47;\">q</a>",
                     {{"https://c.test/?a=1&b=2/", 1, 10}}},
        extract_case{"resources",
                     "<link rel=stylesheet href=\"https://d.test/s.css\">\n"
                     "<script src=\"https://d.test/s.js\"></script>\n"
                     "<img src=\"https://d.test/i.png\" alt=\"\">\n"
                     "<iframe src=\"https://d.test/f\"></iframe>\n"
                     "<video poster=\"https://d.test/p.jpg\"><source src=\"https://d.test/v.mp4\"></video>\n",
                     {{"https://d.test/s.css", 1, 28},
                      {"https://d.test/s.js", 2, 14},
                      {"https://d.test/i.png", 3, 11},
                      {"https://d.test/f", 4, 14},
                      {"https://d.test/p.jpg", 5, 16},
                      {"https://d.test/v.mp4", 5, 51}}},
        extract_case{"srcset",
                     "<img srcset=\"https://e.test/a.png 1x, https://e.test/b.png 2x\">",
                     {{"https://e.test/a.png", 1, 14}, {"https://e.test/b.png", 1, 39}}},
        // Decoded, the value's offsets are not the source's: each candidate
        // is placed at the value.
        extract_case{"srcset_with_entity",
                     "<img srcset=\"https://e.test/a?x&amp;y 1x, https://e.test/b 2x\">",
                     {{"https://e.test/a?x&y", 1, 14}, {"https://e.test/b", 1, 14}}},
        extract_case{
            "attributes_of_other_tags_ignored", "<div href=\"https://f.test/\" data-src=\"https://f.test/d\">", {}},
        extract_case{"bare_url_in_text", "<p>Visit https://g.test/page.</p>", {{"https://g.test/page", 1, 10}}},
        extract_case{
            "link_text_not_twice", "<a href=\"https://h.test/\">https://h.test/</a>", {{"https://h.test/", 1, 10}}},
        extract_case{"image_inside_link",
                     "<a href=\"https://h.test/a\"><img src=\"https://h.test/i\"></a>",
                     {{"https://h.test/a", 1, 10}, {"https://h.test/i", 1, 38}}},
        extract_case{"code_and_pre_ignored",
                     "<pre>https://i.test/1 <a href=\"https://i.test/2\">2</a></pre><code>https://i.test/3</code>",
                     {}},
        extract_case{"comment_ignored", "<!-- <a href=\"https://j.test/\"> https://j.test/x -->", {}},
        extract_case{"script_text_ignored", "<script>fetch('https://k.test/api')</script>", {}},
        // What a browser makes of broken markup: "< a" is text, the
        // unclosed <a> is repeated in the next <p> (not another link).
        extract_case{"malformed",
                     "<p><a href=\"https://l.test/ok\">ok<p>< a href=x><b><a href=https://l.test/2>2",
                     {{"https://l.test/ok", 1, 13}, {"https://l.test/2", 1, 59}}},
        // A quote left open to the end: the tag is dropped, as browsers do.
        extract_case{"unclosed_quote_to_the_end", "<a href=\"https://l.test/3>x</a>\n<p>", {}},
        extract_case{"relative_kept_for_the_caller",
                     "<a href=\"/about\">a</a><a href=\"mailto:x@m.test\">m</a>",
                     {{"/about", 1, 10}, {"mailto:x@m.test", 1, 32}}},
        extract_case{"nothing", "", {}}),
    case_name);

}  // namespace
