// Several reports from one run (--report FORMAT[=FILE]): each complete and
// in its place, one failing report named while the others complete, and
// what GitHub Actions' environment adds (annotations, the job summary).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace urlcheck::test;

using Reports = cli_binary;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_F(Reports, OneRunWritesEachReportToItsPlace) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    const auto r = run({list, "--report", "text", "--report", "json=" + path("r.json"), "--report",
                        "markdown=" + path("r.md"), "--report", "github=" + path("annotations.txt")});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(lines_with(r.out, "DOWN").size(), 1U) << r.out;
    const json::value doc = json::parse(read(path("r.json")));
    EXPECT_EQ(doc.at("results").as_array().size(), 2U);
    EXPECT_EQ(doc.at("summary").at("down").as_int64(), 1);
    EXPECT_TRUE(contains(read(path("r.md")), "### urlcheck: 1 down of 2 checked"));
    EXPECT_EQ(read(path("annotations.txt")),
              "::error file=" + list + ",line=2,title=urlcheck status::" + url("/missing") + " HTTP 404 Not Found\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(Reports, AtMostOneOnStandardOutput) {
    const auto list = write_file("urls.txt", url("/ok") + "\n");
    const auto r = run({list, "--report", "text", "--report", "json"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "text and json both go to standard output")) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST_F(Reports, AnUnknownFormatIsAUsageError) {
    const auto list = write_file("urls.txt", url("/ok") + "\n");
    const auto r = run({list, "--report", "xml=out.xml"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "--report")) << r.err;
    EXPECT_TRUE(contains(r.err, "junit")) << "the accepted names are listed: " << r.err;
}

// A full disk under one report costs that report only: the others are
// complete, and the exit code (2) and message say which failed.
TEST_F(Reports, AWriteErrorNamesTheFileAndTheOthersComplete) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    const auto r =
        run({list, "--report", "text=/dev/full", "--report", "json=" + path("r.json"), "--report", "markdown"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "cannot write /dev/full: No space left on device")) << r.err;
    EXPECT_EQ(json::parse(read(path("r.json"))).at("results").as_array().size(), 2U);
    EXPECT_TRUE(contains(r.out, "| 🔴 down | " + url("/missing"))) << r.out;
}

TEST_F(Reports, GitHubActionsAddsAnnotationsNextToTheTextReport) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    auto o = base_options();
    o.env["GITHUB_ACTIONS"] = "true";
    auto r = run({list}, o);
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(lines_with(r.out, "DOWN").size(), 1U);
    EXPECT_EQ(r.err,
              "::error file=" + list + ",line=2,title=urlcheck status::" + url("/missing") + " HTTP 404 Not Found\n");

    r = run({list, "--no-annotations"}, o);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.err, "");

    r = run({list, "--format", "json"}, o);  // not a text report: nothing added
    EXPECT_EQ(r.err, "");
}

TEST_F(Reports, MarkdownWithoutAPathIsAppendedToTheJobSummary) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    const auto summary = write_file("step_summary.md", "## from an earlier step\n");
    auto o = base_options();
    o.env["GITHUB_ACTIONS"] = "true";
    o.env["GITHUB_STEP_SUMMARY"] = summary;
    const auto r = run({list, "--report", "text", "--report", "markdown"}, o);
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    const std::string md = read(summary);
    EXPECT_EQ(md.rfind("## from an earlier step\n### urlcheck: 1 down of 2 checked\n", 0), 0U) << md;
    EXPECT_FALSE(contains(r.out, "###")) << "stdout keeps the text report only";
    EXPECT_EQ(lines_with(r.err, "::error ").size(), 1U) << "and the annotations are on stderr";
}

// A report that cannot be written does not cost the report -q holds back
// for cron's mail: the run exits 2 and stdout still gets it.
TEST_F(Reports, QuietStillReleasesItsReportWhenAnotherFails) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    const auto r = run({list, "-q", "--report", "json", "--report", "junit=/dev/full"});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "cannot write /dev/full")) << r.err;
    EXPECT_EQ(json::parse(r.out).at("results").as_array().size(), 2U) << r.out;
}

TEST_F(Reports, QuietHoldsBackAMachineReportOnStdoutButWritesFiles) {
    const auto list = write_file("urls.txt", url("/ok") + "\n");
    const auto r = run({list, "-q", "--report", "json", "--report", "markdown=" + path("r.md")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "") << "all up: cron mails nothing";
    EXPECT_TRUE(contains(read(path("r.md")), "### urlcheck: all 1 up"));
}

}  // namespace
