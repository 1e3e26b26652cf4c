// sitemap_reader: a sitemap or sitemap index, plain or gzip, fed in any
// chunks, gives each <loc> with its line; a broken, hostile or oversized
// file gives an error that says where.
#include "sitemap/sitemap_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "support/sitemaps.hpp"
#include "unique_file.hpp"

namespace {

using urlcheck::sitemap_kind;
using urlcheck::sitemap_loc;
using urlcheck::sitemap_reader;
using urlcheck::unique_file;
using urlcheck::test::gzip;

struct read_outcome {
    sitemap_kind kind = sitemap_kind::unknown;
    std::vector<std::string> locs;  // "LINE url"
    std::string error;
};

// Feeds `bytes` in chunks of `chunk` bytes (0: all at once).
read_outcome read(const std::string& bytes, std::size_t chunk = 0,
                  std::uint64_t max_bytes = urlcheck::sitemap_max_bytes) {
    sitemap_reader reader(max_bytes);
    read_outcome out;
    const auto take = [&] {
        for (const auto& loc : reader.locs()) out.locs.push_back(std::to_string(loc.line) + " " + loc.url);
        reader.locs().clear();
    };
    bool ok = true;
    if (chunk == 0) chunk = bytes.size() + 1;
    for (std::size_t at = 0; ok && at < bytes.size(); at += chunk) {
        ok = reader.feed(std::string_view(bytes).substr(at, chunk));
        take();
    }
    if (ok) reader.finish();
    take();
    out.kind = reader.kind();
    out.error = reader.error();
    return out;
}

const std::string urlset =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    "  <url>\n"
    "    <loc>https://example.com/</loc>\n"
    "    <lastmod>2024-01-01</lastmod>\n"
    "  </url>\n"
    "  <url><loc>https://example.com/a?x=1&amp;y=2</loc></url>\n"
    "</urlset>\n";

const std::vector<std::string> urlset_locs = {"4 https://example.com/", "7 https://example.com/a?x=1&y=2"};

struct row {
    const char* name;
    std::string xml;
    sitemap_kind kind;
    std::vector<std::string> locs;
    std::string error;  // a prefix of the error; empty: none
};

std::vector<row> rows() {
    return {
        {"urlset", urlset, sitemap_kind::urlset, urlset_locs, ""},
        {"index",
         "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
         "<sitemap><loc>https://example.com/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>\n"
         "<sitemap>\n<loc>https://example.com/s2.xml.gz</loc>\n</sitemap>\n"
         "</sitemapindex>",
         sitemap_kind::index,
         {"2 https://example.com/s1.xml", "4 https://example.com/s2.xml.gz"},
         ""},
        {"no namespace", "<urlset><url><loc>http://a/</loc></url></urlset>", sitemap_kind::urlset, {"1 http://a/"}, ""},
        {"entities and character references",
         "<urlset><url><loc>http://a/?q=&lt;x&gt;&amp;r=&#x41;&#66;&apos;&quot;</loc></url></urlset>",
         sitemap_kind::urlset,
         {"1 http://a/?q=<x>&r=AB'\""},
         ""},
        {"CDATA",
         "<urlset><url><loc><![CDATA[http://a/?x=1&y=<2>]]></loc></url></urlset>",
         sitemap_kind::urlset,
         {"1 http://a/?x=1&y=<2>"},
         ""},
        {"whitespace around the loc",
         "<urlset>\n<url>\n<loc>\n\t  http://a/b  \r\n</loc></url></urlset>",
         sitemap_kind::urlset,
         {"3 http://a/b"},
         ""},
        {"empty loc kept for the reader to report",
         "<urlset><url><loc> </loc></url></urlset>",
         sitemap_kind::urlset,
         {"1 "},
         ""},
        {"image, video and news extensions are not pages",
         "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"\n"
         "  xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\"\n"
         "  xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"\n"
         "  xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
         "<url><loc>http://a/page</loc>\n"
         "  <image:image><image:loc>http://a/pic.jpg</image:loc></image:image>\n"
         "  <news:news><news:publication><news:name>N</news:name></news:publication></news:news>\n"
         "  <xhtml:link rel=\"alternate\" hreflang=\"de\" href=\"http://a/de\"/>\n"
         "</url></urlset>",
         sitemap_kind::urlset,
         {"5 http://a/page"},
         ""},
        {"a loc outside a url is not a page",
         "<urlset><loc>http://a/stray</loc><url><loc>http://a/</loc></url></urlset>",
         sitemap_kind::urlset,
         {"1 http://a/"},
         ""},
        {"a prefixed sitemap namespace",
         "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sm:url><sm:loc>http://a/</sm:loc>"
         "</sm:url></sm:urlset>",
         sitemap_kind::urlset,
         {"1 http://a/"},
         ""},
        {"mismatched tag",
         "<urlset>\n<url>\n<loc>http://a/</url>\n</urlset>",
         sitemap_kind::urlset,
         {},
         "line 3: mismatched tag"},
        {"cut short",
         "<urlset>\n<url><loc>http://a/</loc></url>\n",
         sitemap_kind::urlset,
         {"2 http://a/"},
         "line 3: no element found"},
        {"not XML", "https://example.com/\n", sitemap_kind::unknown, {}, "line 1: not well-formed (invalid token)"},
        {"empty", "", sitemap_kind::unknown, {}, "line 1: no element found"},
        {"another root",
         "<html><body><a href=\"http://a/\">a</a></body></html>",
         sitemap_kind::unknown,
         {},
         "line 1: not a sitemap: the root element is <html>"},
        {"undefined entity",
         "<urlset><url><loc>http://a/&nbsp;</loc></url></urlset>",
         sitemap_kind::urlset,
         {},
         "line 1: undefined entity"},
        {"a DTD is refused (billion laughs)",
         "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
         " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n"
         "<urlset><url><loc>http://a/&lol2;</loc></url></urlset>",
         sitemap_kind::unknown,
         {},
         "line 2: a DTD (<!DOCTYPE ...>) is not allowed"},
        {"a DTD is refused (external entity)",
         "<!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
         "<urlset><url><loc>http://a/&xxe;</loc></url></urlset>",
         sitemap_kind::unknown,
         {},
         "line 1: a DTD (<!DOCTYPE ...>) is not allowed"},
    };
}

TEST(SitemapReader, Table) {
    for (const auto& r : rows()) {
        for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
            SCOPED_TRACE(std::string(r.name) + ", chunk " + std::to_string(chunk));
            const read_outcome got = read(r.xml, chunk);
            EXPECT_EQ(got.kind, r.kind);
            EXPECT_EQ(got.locs, r.locs);
            if (r.error.empty()) {
                EXPECT_EQ(got.error, "");
            } else {
                EXPECT_EQ(got.error.substr(0, r.error.size()), r.error) << got.error;
            }
            // The same, gzip-compressed.
            const read_outcome zipped = read(gzip(r.xml), chunk);
            EXPECT_EQ(zipped.kind, got.kind);
            EXPECT_EQ(zipped.locs, got.locs);
            EXPECT_EQ(zipped.error, got.error);
        }
    }
}

TEST(SitemapReader, ConcatenatedGzipMembersAreOneFile) {
    const std::string first = urlset.substr(0, 100);
    const read_outcome got = read(gzip(first) + gzip(urlset.substr(100)), 5);
    EXPECT_EQ(got.error, "");
    EXPECT_EQ(got.locs, urlset_locs);
}

TEST(SitemapReader, GzipCutShortOrCorrupt) {
    const std::string zipped = gzip(urlset);
    EXPECT_EQ(read(zipped.substr(0, zipped.size() - 4)).error, "the gzip data is cut short");
    std::string corrupt = zipped;
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0x55);
    corrupt[13] = static_cast<char>(corrupt[13] ^ 0x55);
    EXPECT_EQ(read(corrupt).error.substr(0, 20), "not valid gzip data:") << read(corrupt).error;
}

TEST(SitemapReader, UncompressedSizeIsCapped) {
    EXPECT_EQ(read(urlset, 0, urlset.size()).error, "");
    const read_outcome over = read(urlset, 0, urlset.size() - 1);
    EXPECT_NE(over.error.find("larger than"), std::string::npos) << over.error;
    EXPECT_NE(over.error.find("the sitemaps.org limit"), std::string::npos) << over.error;
}

TEST(SitemapReader, GzipBombStopsAtTheCap) {
    // 64 MiB of whitespace inside <urlset> compresses to ~64 KiB.
    const std::size_t bomb = 64u * 1024 * 1024;
    std::string xml = "<urlset>";
    xml.append(bomb, ' ');
    xml += "</urlset>";
    const std::string zipped = gzip(xml);
    xml = {};
    ASSERT_LT(zipped.size(), 1u << 20);
    const read_outcome got = read(zipped, 64 * 1024);
    EXPECT_EQ(got.error.substr(0, 31), "line 1: larger than 50 MiB unco") << got.error;
}

TEST(SitemapReader, LongLocIsKeptCut) {
    const std::string long_url = "http://a/" + std::string(20000, 'x');
    const read_outcome got = read("<urlset><url><loc>" + long_url + "</loc></url></urlset>", 100);
    ASSERT_EQ(got.locs.size(), 1u);
    EXPECT_EQ(got.locs[0], "1 " + long_url.substr(0, urlcheck::sitemap_loc_kept));
}

TEST(LooksLikeSitemap, ByTheRootElementOrGzip) {
    EXPECT_TRUE(urlcheck::looks_like_sitemap(urlset));
    EXPECT_TRUE(urlcheck::looks_like_sitemap(urlset.substr(0, 101)));  // the root, and the block ends
    EXPECT_TRUE(urlcheck::looks_like_sitemap("<sitemapindex><sitemap>"));
    EXPECT_TRUE(urlcheck::looks_like_sitemap("\xEF\xBB\xBF<urlset>"));  // a BOM
    // One with a DTD is a sitemap still, for the reader to refuse.
    EXPECT_TRUE(urlcheck::looks_like_sitemap("<!DOCTYPE urlset SYSTEM \"http://evil.test/x.dtd\"><urlset/>"));
    EXPECT_TRUE(urlcheck::looks_like_sitemap("<!DOCTYPE x [<!ENTITY a \"b\">]>\n<!-- c -->\n<sitemapindex>"));
    EXPECT_TRUE(urlcheck::looks_like_sitemap(gzip(urlset)));
    EXPECT_FALSE(urlcheck::looks_like_sitemap("https://example.com/\n"));
    EXPECT_FALSE(urlcheck::looks_like_sitemap("<html><body></body></html>"));
    EXPECT_FALSE(urlcheck::looks_like_sitemap("<?xml version=\"1.0\"?>\n<feed/>"));
    EXPECT_FALSE(urlcheck::looks_like_sitemap(""));
}

TEST(SitemapStream, ReadsARangeOfAFile) {
    unique_file file(std::tmpfile());
    const std::string before = "garbage before";
    const std::string zipped = gzip(urlset);
    const std::string all = before + zipped + "garbage after";
    ASSERT_EQ(std::fwrite(all.data(), 1, all.size(), file.get()), all.size());
    urlcheck::sitemap_stream stream(file.get(), before.size(), zipped.size());
    std::vector<std::string> got;
    for (sitemap_loc loc; stream.next(loc);) got.push_back(std::to_string(loc.line) + " " + loc.url);
    EXPECT_EQ(stream.error(), "");
    EXPECT_EQ(got, urlset_locs);
    EXPECT_EQ(stream.kind(), sitemap_kind::urlset);
}

TEST(SitemapStream, ErrorAfterTheLocsBeforeIt) {
    unique_file file(std::tmpfile());
    const std::string xml = "<urlset>\n<url><loc>http://a/</loc></url>\n<url><loc>http://b/</url>\n</urlset>";
    std::fwrite(xml.data(), 1, xml.size(), file.get());
    urlcheck::sitemap_stream stream(file.get());
    std::vector<std::string> got;
    for (sitemap_loc loc; stream.next(loc);) got.push_back(loc.url);
    EXPECT_EQ(got, std::vector<std::string>{"http://a/"});
    EXPECT_EQ(stream.error(), "line 3: mismatched tag");
}

}  // namespace
