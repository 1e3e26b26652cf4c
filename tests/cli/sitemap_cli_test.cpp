// Sitemaps given to the binary: a local sitemap (plain or .gz) as INPUT, and
// --sitemap URL downloaded from the test server before the run, whose URLs
// point back at it; each entry's source is the sitemap and the line of its
// <loc>. Broken or unreachable sitemaps are input errors (exit 2).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "support/sitemaps.hpp"

namespace {

using namespace urlcheck::test;

class SitemapCli : public cli_binary {
protected:
    void SetUp() override {
        cli_binary::SetUp();
        sitemap = urlset_of({url("/ok"), url("/missing")});  // <loc>s on lines 4 and 7
        server_.route("/sitemap.xml", serve::respond(200, {}, sitemap));
        server_.route("/sitemap.xml.gz", serve::respond(200, {}, gzip(sitemap)));
        server_.route("/index.xml", serve::respond(200, {}, index_of({url("/sitemap.xml.gz")})));
    }
    std::string sitemap;
};

TEST_F(SitemapCli, LocalSitemapEntriesNameTheirLine) {
    for (const auto& [name, content] :
         {std::pair<std::string, std::string>{"sitemap.xml", sitemap}, {"sitemap.xml.gz", gzip(sitemap)}}) {
        const std::string file = write_file(name, content);
        const auto r = run({"-v", file});
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        ASSERT_EQ(lines_with(r.out, url("/missing")).size(), 1u) << dump(r);
        EXPECT_NE(lines_with(r.out, url("/missing"))[0].find(file + ":7"), std::string::npos) << dump(r);
        ASSERT_EQ(lines_with(r.out, url("/ok")).size(), 1u) << dump(r);
        EXPECT_NE(lines_with(r.out, url("/ok"))[0].find(file + ":4"), std::string::npos) << dump(r);
    }
}

TEST_F(SitemapCli, DownloadedSitemapEntriesNameItsUrlAndLine) {
    const auto r = run({"-v", "--sitemap", url("/sitemap.xml")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto down = lines_with(r.out, url("/missing") + " ");
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_NE(down[0].find(url("/sitemap.xml") + ":7"), std::string::npos) << dump(r);
    const auto summary = parse_summary(split_lines(r.out).back());
    ASSERT_TRUE(summary) << dump(r);
    EXPECT_EQ(summary->checked, 2);  // and standard input was not read
    EXPECT_EQ(server_.requests("/ok"), 1u);
}

TEST_F(SitemapCli, IndexIsFollowedNextToOtherInputs) {
    const auto r = run({url("/ok2"), "--sitemap", url("/index.xml")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto down = lines_with(r.out, url("/missing") + " ");
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_NE(down[0].find(url("/sitemap.xml.gz") + ":7"), std::string::npos) << dump(r);
    const auto summary = parse_summary(split_lines(r.out).back());
    ASSERT_TRUE(summary) << dump(r);
    EXPECT_EQ(summary->checked, 3);
}

TEST_F(SitemapCli, UnreachableSitemapIsAnInputError) {
    const auto r = run({url("/ok"), "--sitemap", url("/nothing-here.xml")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("urlcheck: cannot download " + url("/nothing-here.xml") + ": 404 Not Found"),
              std::string::npos)
        << dump(r);
    EXPECT_EQ(server_.requests("/ok"), 0u) << "nothing is checked after an input error";
}

TEST_F(SitemapCli, BrokenSitemapSaysWhere) {
    const std::string file = write_file("broken.xml", "<urlset>\n<url>\n<loc>" + url("/ok") + "</url>\n</urlset>\n");
    const auto r = run({file});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find(file + ": line 3: mismatched tag"), std::string::npos) << dump(r);
}

TEST_F(SitemapCli, LocalIndexAsInputSuggestsSitemapOption) {
    const std::string file = write_file("index.xml", index_of({url("/sitemap.xml")}));
    auto r = run({file});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("is a sitemap index: give it as --sitemap " + file), std::string::npos) << dump(r);
    r = run({"--sitemap", file});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(lines_with(r.out, url("/missing") + " ").size(), 1u) << dump(r);
}

}  // namespace
