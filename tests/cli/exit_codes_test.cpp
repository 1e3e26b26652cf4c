// The exit code and the text report of an ordinary run: 0 with a summary
// line when all is up, 1 with each down entry named by URL, status or error,
// and FILE:LINE.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using ExitCodes = cli_binary;

TEST_F(ExitCodes, AllUpExitsZeroWithSummaryLine) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/ok2") + "\n" + url("/redirect") + "\n");
    const auto r = run({list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);

    const auto lines = split_lines(r.out);
    ASSERT_FALSE(lines.empty()) << dump(r);
    const auto counts = parse_summary(lines.back());
    ASSERT_TRUE(counts) << "last line is not a summary line:\n" << dump(r);
    EXPECT_EQ(counts->checked, 3);
    EXPECT_EQ(counts->up, 3);
    EXPECT_EQ(counts->down, 0);
    // Off a terminal there is no progress line and nothing else to say.
    EXPECT_EQ(r.err, "") << dump(r);
}

TEST_F(ExitCodes, SomeDownExitsOneAndNamesUrlStatusAndSource) {
    const auto missing = url("/missing");
    const auto list = write_file("urls.txt", "# a comment line counts\n" + url("/ok") + "\n" + missing +
                                                 "   # trailing comment\n\n" + url("/ok2") + "\n");
    const auto r = run({list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);

    const auto down = lines_with(r.out, missing);
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_NE(down[0].find("404"), std::string::npos) << down[0];
    EXPECT_NE(down[0].find(list + ":3"), std::string::npos) << "no FILE:LINE in: " << down[0];

    const auto lines = split_lines(r.out);
    ASSERT_FALSE(lines.empty());
    const auto counts = parse_summary(lines.back());
    ASSERT_TRUE(counts) << dump(r);
    EXPECT_EQ(counts->checked, 3);
    EXPECT_EQ(counts->up, 2);
    EXPECT_EQ(counts->down, 1);
}

TEST_F(ExitCodes, InvalidUrlLineIsDownWithFileAndLine) {
    const std::string bad = "ftp://127.0.0.1/file.txt";
    const auto list = write_file("urls.txt", url("/ok") + "\n" + bad + "\n");
    const auto r = run({list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);

    const auto down = lines_with(r.out, bad);
    ASSERT_EQ(down.size(), 1u) << dump(r);
    EXPECT_NE(down[0].find("invalid_url"), std::string::npos) << down[0];
    EXPECT_NE(down[0].find(list + ":2"), std::string::npos) << down[0];
    const auto counts = parse_summary(split_lines(r.out).back());
    ASSERT_TRUE(counts) << dump(r);
    EXPECT_EQ(counts->up, 1);
    EXPECT_EQ(counts->down, 1);
}

}  // namespace
