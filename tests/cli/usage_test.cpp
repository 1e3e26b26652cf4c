// What the command line alone decides, before anything is checked: --help,
// --version, and the usage and input errors that exit 2.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "urlcheck/version.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using Usage = cli_binary;

TEST_F(Usage, UnknownOptionExitsTwoAndPointsToHelp) {
    const auto r = run({"--no-such-option", write_file("urls.txt", url("/ok") + "\n")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("--no-such-option"), std::string::npos) << dump(r);
    EXPECT_NE(r.err.find("--help"), std::string::npos) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u) << "a usage error must not check anything";
}

TEST_F(Usage, BadOptionValueExitsTwoAndNamesTheOption) {
    const auto r = run({"--format", "xml", url("/ok")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("--format"), std::string::npos) << dump(r);
    EXPECT_NE(r.err.find("--help"), std::string::npos) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Usage, UnreadableFileExitsTwoAndNamesTheFile) {
    const auto missing_file = path("does-not-exist.txt");
    const auto r = run({missing_file});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find(missing_file), std::string::npos) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
}

TEST_F(Usage, UnreadableFileAmongGoodOnesStillExitsTwo) {
    // An input error is never half-ignored: nothing is checked.
    const auto good = write_file("good.txt", url("/ok") + "\n");
    const auto missing_file = path("does-not-exist.txt");
    const auto r = run({good, missing_file});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find(missing_file), std::string::npos) << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u);
}

TEST_F(Usage, EmptyListExitsTwoAndNamesTheInput) {
    const auto list = write_file("empty.txt", "# only comments\n\n   \n# and blanks\n");
    const auto r = run({list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find(list), std::string::npos) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
}

TEST_F(Usage, EmptyStdinExitsTwoAndNamesStandardInput) {
    // No INPUT and stdin is not a terminal (here /dev/null): stdin is the
    // list, and an empty list is an input error.
    const auto r = run({});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find("standard input"), std::string::npos) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
}

TEST_F(Usage, ClosedStdinIsAnInputErrorNotACrash) {
    // `urlcheck <&-` from a script or a daemon: fd 0 does not exist, so
    // reading it fails with EBADF. That is an input error like any other.
    subprocess_options o = base_options();
    o.input = stdin_mode::closed;
    for (const std::vector<std::string>& args : {std::vector<std::string>{}, std::vector<std::string>{"-"}}) {
        const auto r = run(args, o);
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_NE(r.err.find("standard input"), std::string::npos) << dump(r);
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << dump(r);
        EXPECT_EQ(r.out, "") << dump(r);
    }
}

TEST_F(Usage, UnwritableOutputFileExitsTwoBeforeChecking) {
    const auto target = path("no-such-dir/report.json");
    const auto r = run({"-o", target, url("/ok")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_NE(r.err.find(target), std::string::npos) << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u) << "-o must fail before the run, not after it";
}

TEST_F(Usage, VersionExitsZero) {
    const auto r = run({"--version"});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find(urlcheck::version), std::string::npos) << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);
}

TEST_F(Usage, HelpExitsZeroAndDescribesOptions) {
    for (const char* flag : {"--help", "-h"}) {
        const auto r = run({flag});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 0) << flag << "\n" << dump(r);
        for (const char* option : {"--concurrency", "--timeout", "--format", "--output", "--color", "--quiet"}) {
            EXPECT_NE(r.out.find(option), std::string::npos) << flag << " does not mention " << option;
        }
        EXPECT_EQ(r.err, "") << dump(r);
        EXPECT_FALSE(has_escape(r.out));
    }
    // --help wins over everything else on the line, even a missing file.
    const auto r = run({"--help", path("does-not-exist.txt")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
}

}  // namespace
