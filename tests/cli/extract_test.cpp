// The links of documents checked from the command line: --extract,
// --input-format and --base against the test server, reported by FILE:LINE.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace urlcheck::test;

using Extract = cli_binary;

TEST_F(Extract, MarkdownLinksAreCheckedAndReportedByFileAndLine) {
    const std::string missing = url("/missing");
    const std::vector<std::string> lines = {
        "# Project",
        "",
        "Docs are [here](" + url("/ok") + ").",
        "",
        "```sh",
        "curl " + missing + "/in-code",
        "```",
        "",
        "The old [changelog][log] is gone.",  // line 9
        "",
        "[log]: " + missing,
    };
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    const auto readme = write_file("README.md", text);
    const auto r = run({"--extract", readme});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto down = lines_with(r.out, missing);
    ASSERT_EQ(down.size(), 1u) << dump(r);  // not the one in the code block
    // Where the reference is used, not where it is defined.
    EXPECT_TRUE(contains(down[0], readme + ":9")) << down[0];
    const auto counts = parse_summary(split_lines(r.out).back());
    ASSERT_TRUE(counts) << dump(r);
    EXPECT_EQ(counts->checked, 2);
    EXPECT_EQ(counts->down, 1);
}

TEST_F(Extract, AutoGoesByExtensionAndReadsOtherFilesAsLists) {
    const auto page = write_file("index.html", "<!doctype html>\n<title>t</title>\n<p>\n<img src=\"" + url("/missing") +
                                                   "\" alt=\"\">\n<a href=\"mailto:x@y.test\">mail</a>\n");
    const auto list = write_file("urls.txt", url("/ok") + "\n");
    const auto r = run({"--input-format", "auto", "--format", "json", page, list});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(contains(r.out, "\"source\":\"" + page + ":4\"")) << dump(r);
    EXPECT_TRUE(contains(r.out, "\"source\":\"" + list + ":1\"")) << dump(r);
    EXPECT_EQ(occurrences(r.out, "\"source\":"), 2u) << dump(r);  // no mailto:
}

TEST_F(Extract, WithoutAFormatADocumentIsRefusedAsAListWithAHint) {
    // A file is a list unless told otherwise; one that reads as prose is not
    // checked line by line (a DNS look-up per word) but refused, naming --extract.
    const auto readme = write_file("README.md", "see [ok](" + url("/ok") + ")\n");
    const auto r = run({readme});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "not a list of URLs")) << dump(r);
    EXPECT_TRUE(contains(r.err, "use --extract")) << dump(r);
    EXPECT_TRUE(r.out.empty()) << dump(r);
}

TEST_F(Extract, RelativeLinksAreCheckedOnlyWithABase) {
    const auto doc = write_file("guide.md", "[first](ok)\n[second](/ok2#part)\n[top](#top)\n");
    const auto without = run({"--extract", doc});
    EXPECT_EQ(without.exit_code, 2) << dump(without);
    EXPECT_TRUE(contains(without.err, "no http(s) links found (2 relative links left out: give --base URL"))
        << dump(without);

    const auto with = run({"--extract", "--base", url("/"), "-v", doc});
    EXPECT_EQ(with.exit_code, 0) << dump(with);
    const auto first = lines_with(with.out, url("/ok"));
    ASSERT_FALSE(first.empty()) << dump(with);
    EXPECT_TRUE(contains(first[0], doc + ":1")) << first[0];
    EXPECT_EQ(lines_with(with.out, doc + ":2").size(), 1u) << dump(with);
    EXPECT_EQ(parse_summary(split_lines(with.out).back())->checked, 2) << dump(with);
}

TEST_F(Extract, ABadBaseIsAUsageError) {
    const auto doc = write_file("a.md", "[x](y)\n");
    const auto r = run({"--extract", "--base", "http://", doc});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "--base")) << dump(r);
}

TEST_F(Extract, PlainTextFromStandardInput) {
    const auto r = run_with_stdin({"--extract", "-"}, "Build log:\n  fetching " + url("/missing") + ", failed.\n");
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto down = lines_with(r.out, url("/missing"));
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_TRUE(contains(down[0], "-:2")) << down[0];
}

TEST_F(Extract, AnUnknownFormatIsAUsageError) {
    const auto r = run({"--input-format", "pdf", write_file("a.pdf", "x")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "--input-format")) << dump(r);
}

}  // namespace
