// --lint (every bad line as FILE:LINE:COLUMN, nothing checked), what a
// command-line INPUT is (a file, a URL, a host; a malformed URL is a usage
// error), a document given as a list, and the exclusion files
// (--exclude-file, ./.urlcheckignore).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "support/test_ca.hpp"

namespace {

using namespace urlcheck::test;

class Lint : public cli_binary {
protected:
    // A run in the temporary directory, where ./.urlcheckignore is looked
    // for and relative names are the test's own files.
    subprocess_options in_directory() const {
        subprocess_options o = base_options();
        o.working_directory = dir_.string();
        return o;
    }
};

TEST_F(Lint, AGoodListIsCleanAndNothingIsChecked) {
    write_file("urls.txt", url("/ok") + "\n# a comment\n\n" + url("/missing") + "  status=404\nexample.invalid/x\n");
    const auto r = run({"--lint", "urls.txt"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(r.err, "urlcheck: 3 entries in 1 input, no problems\n") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Lint, EveryBadLineIsNamedByFileLineAndColumn) {
    write_file("urls.txt", url("/ok") +
                               "\n"
                               "https://exa mple.com/x\n"
                               "\n"
                               "  http://x.test/%zz\n"
                               "ftp://files.test/\n"
                               "https://a.test/ stauts=200\n"
                               "http://\n"
                               "https://x.test:70000/\n");
    write_file("more.txt", "https://b.test/\nhttps://b.test/a b\n");
    const auto r = run({"--lint", "urls.txt", "more.txt"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.out,
              "urls.txt:2:12: space: write it as %20\n"
              "urls.txt:4:17: '%zz' is not a percent-encoding: write '%' as %25\n"
              "urls.txt:5:1: 'ftp://': only http and https are checked\n"
              "urls.txt:6:17: unknown key 'stauts' (did you mean 'status'?)\n"
              "urls.txt:7:8: missing host after 'http://'\n"
              "urls.txt:8:16: port '70000' is out of range: use 1 to 65535\n"
              "more.txt:2:17: space: write it as %20\n")
        << dump(r);
    EXPECT_EQ(r.err, "urlcheck: 7 problems in 2 inputs, 2 entries OK\n") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Lint, ReadsStandardInputAndHonoursTheFilters) {
    // --exclude leaves out a good line (not counted); a bad line is never
    // left out.
    const auto r = run_with_stdin({"--lint", "--exclude", "skip", "-q"},
                                  "https://a.test/skip\nhttps://a.test/keep\nhttps://a.test/skip me\n");
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.out, "-:3:20: space: write it as %20\n") << dump(r);
    EXPECT_EQ(r.err, "") << "-q: no summary; " << dump(r);
    const auto counted = run_with_stdin({"--lint", "--exclude", "skip"}, "https://a.test/skip\nhttps://a.test/k\n");
    EXPECT_EQ(counted.exit_code, 0) << dump(counted);
    EXPECT_EQ(counted.err, "urlcheck: 1 entry in 1 input, no problems\n") << dump(counted);
}

TEST_F(Lint, AnInputThatCannotBeUsedIsOneProblem) {
    write_file("urls.txt", "https://a.test/\n");
    const auto r = run({"--lint", "urls.txt", "urls.txtt", "http://"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.out,
              "cannot read urls.txtt: No such file or directory (if it is a web site, write https://urls.txtt)\n"
              "'http://': missing host after 'http://' at column 8\n")
        << dump(r);
    EXPECT_EQ(r.err, "urlcheck: 2 problems in 2 inputs, 1 entry OK\n") << dump(r);
}

TEST_F(Lint, AMalformedUrlArgumentIsAUsageError) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"http://"}, {"http://exa mple.com"}, {"ftp://x.test/"}, {""}}) {
        const auto r = run(args);
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_EQ(r.out, "") << dump(r);
    }
    EXPECT_EQ(run({"http://"}).err, "urlcheck: 'http://': missing host after 'http://' at column 8\n");
    EXPECT_EQ(run({"http://exa mple.com"}).err,
              "urlcheck: 'http://exa mple.com': space at column 11: write it as %20\n");
    EXPECT_EQ(run({""}).err, "urlcheck: empty INPUT '': give a file, '-' or a URL\n");
}

TEST_F(Lint, AHostArgumentIsCheckedAsHttps) {
    test_server tls(make_server_context(leaf_kind::valid));
    tls.route("/x", serve::respond(200, {}, "ok"));
    const std::string host = "127.0.0.1:" + std::to_string(tls.port()) + "/x";
    const auto r = run({"--cacert", root_ca_file(), "-v", host});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(tls.requests("/x"), 1u);
    EXPECT_TRUE(contains(r.out, host)) << dump(r);
    EXPECT_TRUE(contains(r.out, "arg:1")) << dump(r);
}

TEST_F(Lint, AMisspeltFileNameIsNoHost) {
    const auto r = run({"urls.txtt"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.err,
              "urlcheck: cannot read urls.txtt: No such file or directory (if it is a web site, write "
              "https://urls.txtt)\n")
        << dump(r);
}

TEST_F(Lint, DocumentsAreLintedByTheirLinksWithExtract) {
    write_file("page.html", "<p>intro</p>\n<a href=\"" + url("/ok") +
                                "\">ok</a>\n<a href=\"https://x.test/%zz\">bad</a>\n<a href=\"mailto:a@b.test\">m</a>\n");
    const auto r = run({"--lint", "--extract", "page.html"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    // The link's line; no column, since make_entry's would count from the URL.
    EXPECT_EQ(r.out.rfind("page.html:3: ", 0), 0u) << dump(r);
    EXPECT_NE(r.out.find("'%zz'"), std::string::npos) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: 1 problem in 1 input, 1 entry OK\n") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Lint, ASitemapToDownloadIsRefused) {
    const auto r = run({"--lint", "--sitemap", url("/sitemap.xml")}, in_directory());
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("--lint downloads nothing"), std::string::npos) << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Lint, AMarkdownFileGivenAsAListIsRefusedInOneLine) {
    std::string text = "# Links\n\nThe links we care about:\n\n";
    for (int i = 0; i < 20; ++i) text += "- [page " + std::to_string(i) + "](" + url("/ok") + ")\n";
    write_file("README.md", text);
    const auto r = run({"README.md"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(r.err,
              "urlcheck: README.md: not a list of URLs (21 of its 21 lines are not URLs); to check the links in "
              "a document, use --extract\n")
        << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Lint, TheIgnoreFileInTheCurrentDirectoryLeavesUrlsOut) {
    write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    write_file(".urlcheckignore", "# known to be gone\n/missing$\n");
    const auto r = run({"-v", "urls.txt"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_TRUE(contains(r.err, "urlcheck: reading exclusions from ./.urlcheckignore\n")) << dump(r);
    EXPECT_EQ(server_.requests("/missing"), 0u);
    EXPECT_EQ(server_.requests("/ok"), 1u);

    // --no-config sets it aside with ./urlcheck.toml.
    const auto all = run({"--no-config", "urls.txt"}, in_directory());
    EXPECT_EQ(all.exit_code, 1) << dump(all);
    EXPECT_GT(server_.requests("/missing"), 0u);
}

TEST_F(Lint, ExclusionFilesNameABadRegexByFileAndLine) {
    write_file("urls.txt", url("/ok") + "\n");
    write_file(".urlcheckignore", "ok\n\nbad(\n");
    const auto r = run({"urls.txt"}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "urlcheck: .urlcheckignore:3: invalid regex 'bad(': ")) << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);

    const auto list = write_file("skip.txt", "# no /ok today\n/ok$\n");
    const auto excluded = run({"--no-config", "--exclude-file", list, "urls.txt", url("/ok2")}, in_directory());
    EXPECT_EQ(excluded.exit_code, 0) << dump(excluded);
    EXPECT_EQ(server_.requests("/ok"), 0u);
    EXPECT_EQ(server_.requests("/ok2"), 1u);
}

}  // namespace
