// A sitemap as an input of list_reader: found by its content (plain or
// .gz, from a file or standard input), its <loc>s streamed as entries with
// FILE:LINE, counted and filtered in the scan like list lines; downloaded
// documents (ranges of one spool file) read after the inputs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "entry_filter.hpp"
#include "list_reader.hpp"
#include "support/sitemaps.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace urlcheck;
using urlcheck::test::gzip;
using urlcheck::test::index_of;
using urlcheck::test::urlset_of;

using urlcheck::test::file_closer;
using urlcheck::test::temp_dir;

std::vector<std::string> sources_of(list_reader& reader) {
    std::vector<std::string> out;
    for (entry e; reader.next(e);) out.push_back(e.source + " " + (e.error.empty() ? e.target : "error: " + e.error));
    return out;
}

TEST(SitemapInput, FileOrGzipOrStandardInputIsReadAsASitemap) {
    temp_dir dir;
    const std::string xml = urlset_of({"https://a.test/1", "b.test/2", "http://exa mple/"});
    const auto plain = dir.file("map.xml", xml);
    const auto zipped = dir.file("map.xml.gz", gzip(xml));
    std::unique_ptr<std::FILE, file_closer> in(std::tmpfile());
    const std::string on_stdin = gzip(xml);  // spooled like a pipe, not refused as binary
    std::fwrite(on_stdin.data(), 1, on_stdin.size(), in.get());
    std::rewind(in.get());
    std::vector<input_error> errors;
    auto reader = list_reader::open({plain, zipped, "-"}, in.get(), errors);
    ASSERT_TRUE(errors.empty()) << errors.front().message;
    EXPECT_EQ(reader->total(), 9u);
    const auto got = sources_of(*reader);
    ASSERT_EQ(got.size(), 9u);
    EXPECT_EQ(got[0], plain + ":4 https://a.test/1");
    EXPECT_EQ(got[1], plain + ":7 https://b.test/2");  // a scheme-less <loc> as a list line
    EXPECT_EQ(got[2].substr(0, plain.size() + 10), plain + ":10 error:");
    EXPECT_EQ(got[3], zipped + ":4 https://a.test/1");
    EXPECT_EQ(got[6], "-:4 https://a.test/1");
}

TEST(SitemapInput, ErrorsNameTheFileAndLine) {
    temp_dir dir;
    const auto broken = dir.file("broken.xml", "<urlset>\n<url><loc>http://a/</loc></url>\n<url><loc>http://b/</url>");
    const auto index = dir.file("index.xml", index_of({"https://a.test/s.xml"}));
    const auto empty = dir.file("empty.xml", "<urlset></urlset>");
    const auto dtd = dir.file("dtd.xml", "<!DOCTYPE urlset SYSTEM \"http://evil.test/x.dtd\"><urlset/>");
    std::string bomb = "<urlset>";
    bomb.append(std::size_t{sitemap_max_bytes}, ' ');
    const auto big = dir.file("bomb.xml.gz", gzip(bomb + "</urlset>"));
    bomb = {};
    std::vector<input_error> errors;
    auto reader = list_reader::open({broken, index, empty, dtd, big}, nullptr, errors);
    ASSERT_EQ(errors.size(), 5u);
    EXPECT_EQ(errors[0].message, broken + ": line 3: mismatched tag");
    EXPECT_EQ(errors[1].message,
              index + ": is a sitemap index: give it as --sitemap " + index + " to check the sitemaps it lists");
    EXPECT_EQ(errors[2].message, empty + ": no <loc> found in the sitemap");
    EXPECT_EQ(errors[3].message, dtd + ": line 1: a DTD (<!DOCTYPE ...>) is not allowed in a sitemap");
    EXPECT_EQ(errors[4].message, big + ": line 1: larger than 50 MiB uncompressed (the sitemaps.org limit)");
    EXPECT_EQ(reader->total(), 0u);
}

TEST(SitemapInput, FilterAndRepeatsApplyToLocs) {
    temp_dir dir;
    const auto map =
        dir.file("map.xml", urlset_of({"https://a.test/keep", "https://a.test/drop", "https://a.test/keep"}));
    select_options select;
    select.exclude = {"drop"};
    const auto filter = entry_filter::make(select);
    std::vector<input_error> errors;
    auto reader = list_reader::open({map}, nullptr, errors, filter.get());
    ASSERT_TRUE(errors.empty());
    EXPECT_EQ(reader->total(), 2u);
    EXPECT_EQ(reader->filtered(), 1u);
    std::vector<entry> entries;
    for (entry e; reader->next(e);) entries.push_back(e);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[1].source, map + ":10");
    EXPECT_TRUE(reader->may_repeat(entries[0]));
}

TEST(SitemapInput, DocumentsAreReadAfterTheInputs) {
    temp_dir dir;
    const auto list = dir.file("list.txt", "https://l.test/\n");
    std::shared_ptr<std::FILE> spool(std::tmpfile(), file_closer{});
    const std::string first = urlset_of({"https://one.test/"});
    const std::string second = gzip(urlset_of({"https://two.test/"}));
    std::fwrite(first.data(), 1, first.size(), spool.get());
    std::fwrite(second.data(), 1, second.size(), spool.get());
    std::vector<sitemap_document> docs;
    docs.push_back({"https://x.test/one.xml", spool, 0, first.size()});
    docs.push_back({"https://x.test/two.xml.gz", spool, first.size(), second.size()});
    std::vector<input_error> errors;
    auto reader = list_reader::open({list}, nullptr, errors, nullptr, {}, std::move(docs));
    ASSERT_TRUE(errors.empty()) << errors.front().message;
    EXPECT_EQ(reader->total(), 3u);
    EXPECT_EQ(sources_of(*reader),
              (std::vector<std::string>{list + ":1 https://l.test/", "https://x.test/one.xml:4 https://one.test/",
                                        "https://x.test/two.xml.gz:4 https://two.test/"}));
}

}  // namespace
