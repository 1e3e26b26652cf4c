// fetch_sitemaps: --sitemap URLs downloaded from the test servers before a
// run, with the checks' HTTP stack and settings: plain, gzip, TLS, an index
// and the sitemaps it lists, redirects, and every way a download fails.
#include "sitemap_fetch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/sitemaps.hpp"
#include "urlcheck/ip_address.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using namespace urlcheck::test;

// "SOURCE:LINE URL" for every <loc> of every document, in order.
std::vector<std::string> entries_of(const fetched_sitemaps& got) {
    std::vector<std::string> out;
    for (const auto& doc : got.documents) {
        sitemap_stream stream(doc.file.get(), doc.offset, doc.length);
        for (sitemap_loc loc; stream.next(loc);)
            out.push_back(doc.source + ":" + std::to_string(loc.line) + " " + loc.url);
        EXPECT_EQ(stream.error(), "") << doc.source;
    }
    return out;
}

check_options quick() {
    check_options o;
    o.timeout = 2s;
    o.connect_timeout = 2s;
    o.cacert = root_ca_file();
    return o;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class SitemapFetch : public ::testing::Test {
protected:
    void SetUp() override {
        server.route("/sitemap.xml", serve::respond(200, {{"Content-Type", "application/xml"}},
                                                    urlset_of({"http://a.test/1", "http://a.test/2"})));
        server.route("/sitemap.xml.gz",
                     serve::respond(200, {{"Content-Type", "application/gzip"}}, gzip(urlset_of({"http://b.test/1"}))));
        server.route("/moved.xml", serve::redirect(301, "/sitemap.xml"));
    }
    test_server server;
};

TEST_F(SitemapFetch, PlainAndGzipSitemaps) {
    const auto got = fetch_sitemaps({server.url("/sitemap.xml"), server.url("/sitemap.xml.gz")}, quick());
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_EQ(entries_of(got), (std::vector<std::string>{
                                   server.url("/sitemap.xml") + ":4 http://a.test/1",
                                   server.url("/sitemap.xml") + ":7 http://a.test/2",
                                   server.url("/sitemap.xml.gz") + ":4 http://b.test/1",
                               }));
    // One spool file for every download.
    ASSERT_EQ(got.documents.size(), 2u);
    EXPECT_EQ(got.documents[0].file, got.documents[1].file);
}

TEST_F(SitemapFetch, IndexIsFollowedOnce) {
    server.route("/index.xml", serve::respond(200, {},
                                              index_of({server.url("/sitemap.xml"), server.url("/sitemap.xml.gz"),
                                                        server.url("/sitemap.xml")})));
    const auto got = fetch_sitemaps({server.url("/index.xml")}, quick());
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_EQ(entries_of(got), (std::vector<std::string>{
                                   server.url("/sitemap.xml") + ":4 http://a.test/1",
                                   server.url("/sitemap.xml") + ":7 http://a.test/2",
                                   server.url("/sitemap.xml.gz") + ":4 http://b.test/1",
                               }));
    EXPECT_EQ(server.requests("/sitemap.xml"), 1u);  // listed twice, downloaded once
}

TEST_F(SitemapFetch, IndexListingItselfOrAnotherIndexIsRefused) {
    server.route("/inner.xml", serve::respond(200, {}, index_of({server.url("/sitemap.xml")})));
    server.route("/index.xml", serve::respond(200, {},
                                              index_of({server.url("/index.xml"), server.url("/inner.xml"),
                                                        "file:///etc/passwd", server.url("/sitemap.xml.gz")})));
    const auto got = fetch_sitemaps({server.url("/index.xml")}, quick());
    ASSERT_EQ(got.errors.size(), 3u);
    EXPECT_EQ(got.errors[0], server.url("/index.xml") + ":2: the sitemap index lists itself");
    EXPECT_TRUE(contains(got.errors[1],
                         server.url("/index.xml") + ":3: " + server.url("/inner.xml") + " is a sitemap index too"))
        << got.errors[1];
    EXPECT_EQ(got.errors[2], "file:///etc/passwd (listed at " + server.url("/index.xml") +
                                 ":4): a sitemap index lists only http(s) URLs");
    // The good one is still there; the nested index's sitemaps are not read.
    EXPECT_EQ(entries_of(got), std::vector<std::string>{server.url("/sitemap.xml.gz") + ":4 http://b.test/1"});
    EXPECT_EQ(server.requests("/sitemap.xml"), 0u);
    EXPECT_EQ(server.requests("/index.xml"), 1u);
}

TEST_F(SitemapFetch, RedirectIsFollowedAndTheSourceIsTheUrlGiven) {
    const auto got = fetch_sitemaps({server.url("/moved.xml")}, quick());
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_EQ(entries_of(got).front(), server.url("/moved.xml") + ":4 http://a.test/1");
}

TEST_F(SitemapFetch, FailuresNameTheUrl) {
    server.route("/hang.xml", serve::never_answer());
    server.route("/listed-404.xml", serve::respond(200, {}, index_of({server.url("/gone.xml")})));
    check_options o = quick();
    o.timeout = 300ms;
    const auto got = fetch_sitemaps({server.url("/gone.xml"), server.url("/hang.xml"), server.url("/listed-404.xml"),
                                     "http://127.0.0.1:1/sitemap.xml", "/nonexistent/sitemap.xml"},
                                    o);
    ASSERT_EQ(got.errors.size(), 5u);
    EXPECT_EQ(got.errors[0], "cannot download " + server.url("/gone.xml") + ": 404 Not Found");
    EXPECT_TRUE(contains(got.errors[1], "cannot download " + server.url("/hang.xml") + ": ")) << got.errors[1];
    EXPECT_TRUE(contains(got.errors[1], "timed out")) << got.errors[1];
    EXPECT_EQ(got.errors[2], "cannot download " + server.url("/gone.xml") + " (listed at " +
                                 server.url("/listed-404.xml") + ":2): 404 Not Found");
    EXPECT_TRUE(contains(got.errors[3], "cannot download http://127.0.0.1:1/sitemap.xml: ")) << got.errors[3];
    EXPECT_EQ(got.errors[4], "cannot read /nonexistent/sitemap.xml: No such file or directory");
    EXPECT_TRUE(got.documents.empty());
}

TEST_F(SitemapFetch, DownloadIsCapped) {
    server.route("/big.xml", serve::respond(200, {}, urlset_of(std::vector<std::string>(100, "http://a.test/"))));
    server.route("/endless.xml", serve::endless_body());
    server.route("/endless-chunked.xml", serve::endless_body(true));
    const auto got = fetch_sitemaps(
        {server.url("/big.xml"), server.url("/endless.xml"), server.url("/endless-chunked.xml")}, quick(), 1000);
    ASSERT_EQ(got.errors.size(), 3u);
    EXPECT_EQ(got.errors[0],
              "cannot download " + server.url("/big.xml") + ": larger than 1000 bytes (the sitemaps.org limit)");
    EXPECT_TRUE(contains(got.errors[1], "larger than 1000 bytes")) << got.errors[1];
    EXPECT_TRUE(contains(got.errors[2], "larger than 1000 bytes")) << got.errors[2];
}

TEST(SitemapFetchTls, HttpsWithTheGivenCa) {
    test_server server(make_server_context(leaf_kind::valid));
    server.route("/sitemap.xml", serve::respond(200, {}, urlset_of({"https://a.test/"})));
    auto got = fetch_sitemaps({server.url("/sitemap.xml")}, quick());
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_EQ(entries_of(got), std::vector<std::string>{server.url("/sitemap.xml") + ":4 https://a.test/"});

    check_options untrusted = quick();
    untrusted.cacert = other_root_ca_file();
    got = fetch_sitemaps({server.url("/sitemap.xml")}, untrusted);
    ASSERT_EQ(got.errors.size(), 1u);
    EXPECT_TRUE(contains(got.errors[0], "cannot download " + server.url("/sitemap.xml") + ": ")) << got.errors[0];
    untrusted.insecure = true;
    got = fetch_sitemaps({server.url("/sitemap.xml")}, untrusted);
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
}

TEST(SitemapFetchResolve, ResolveOverridesDns) {
    test_server server;
    server.route("/sitemap.xml", serve::respond(200, {}, urlset_of({"http://a.test/"})));
    check_options o = quick();
    o.resolve_overrides.push_back({"sitemaps.test", server.port(), {*parse_ip_address("127.0.0.1")}});
    const std::string url = server.url("sitemaps.test", "/sitemap.xml");
    const auto got = fetch_sitemaps({url}, o);
    EXPECT_TRUE(got.errors.empty()) << got.errors.front();
    EXPECT_EQ(entries_of(got), std::vector<std::string>{url + ":4 http://a.test/"});
}

}  // namespace
