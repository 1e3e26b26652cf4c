// -q: a quiet text report lists only what failed; a quiet machine report is
// empty when all is well and whole when the run fails.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using Quiet = cli_binary;

TEST_F(Quiet, QuietPrintsNothingWhenAllUp) {
    const auto r = run({"-q", url("/ok"), url("/ok2")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);
}

TEST_F(Quiet, QuietPrintsOnlyTheDownLines) {
    const auto missing = url("/missing");
    const auto r = run({"--quiet", url("/ok"), missing, url("/ok2")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << dump(r);
    EXPECT_NE(lines[0].find(missing), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("404"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("arg:2"), std::string::npos) << lines[0];
    EXPECT_FALSE(parse_summary(lines[0])) << "-q must not print the summary";
}

TEST_F(Quiet, QuietMachineReportIsEmptyWhenAllIsWell) {
    for (const char* format : {"json", "jsonl"}) {
        const auto r = run({"-q", "--format", format, url("/ok"), url("/ok2")});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 0) << format << "\n" << dump(r);
        EXPECT_EQ(r.out, "") << format << "\n" << dump(r);
        EXPECT_EQ(r.err, "") << format << "\n" << dump(r);
    }
}

TEST_F(Quiet, QuietMachineReportIsWholeWhenTheRunFails) {
    const auto r = run({"-q", "--format", "json", url("/ok"), url("/missing"), url("/ok2")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 3u) << "every result, not only the failing ones:\n" << r.out;
    EXPECT_EQ(results[1].at("status").to_number<int>(), 404);
    EXPECT_EQ(doc.at("summary").at("down").to_number<int>(), 1);

    const auto lines = run({"-q", "--format", "jsonl", url("/ok"), url("/missing")});
    EXPECT_EQ(lines.exit_code, 1) << dump(lines);
    const auto objects = split_lines(lines.out);
    ASSERT_EQ(objects.size(), 2u) << dump(lines);
    for (const auto& line : objects) EXPECT_TRUE(json::parse(line).is_object()) << line;
}

TEST_F(Quiet, QuietFailOnStateIsAFailingRun) {
    server_.route("/challenge", respond(403, {{"cf-mitigated", "challenge"}}, "Just a moment..."));
    const auto r = run({"-q", "--format", "json", "--fail-on", "unverifiable", url("/ok"), url("/challenge")});
    EXPECT_EQ(r.exit_code, 3) << dump(r);
    EXPECT_EQ(json::parse(r.out).at("results").as_array().size(), 2u) << dump(r);
}

TEST_F(Quiet, QuietWithAnOutputFileAlwaysWritesIt) {
    const auto report = path("report.json");
    const auto r = run({"-q", "--format", "json", "-o", report, url("/ok")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    std::ifstream in(report, std::ios::binary);
    const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json::value doc = json::parse(written);
    EXPECT_EQ(doc.at("results").as_array().size(), 1u) << written;
}

TEST_F(Quiet, QuietMachineReportOfAnInterruptedRunIsPrinted) {
    // An interrupted run is a failing one (130): what it found is printed.
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n");
    subprocess child(URLCHECK_BINARY, {"-q", "--format", "json", "-t", "30", "--retries", "0", list}, base_options());
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (server_.requests("/hang") < 1 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(server_.requests("/hang"), 1u);
    child.pump_for(300ms);  // /ok has been answered by now
    EXPECT_EQ(child.stdout_so_far(), "") << "held until the end";
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(20s);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    const json::value doc = json::parse(r.out);
    EXPECT_EQ(doc.at("summary").at("signal").as_string(), "SIGINT") << r.out;
}

TEST_F(Quiet, QuietMachineReportToAFullDiskIsAWriteError) {
    const auto r = run_subprocess(
        "/bin/sh", {"-c", "exec \"$0\" -q --format json \"$1\" \"$2\" >/dev/full", URLCHECK_BINARY, url("/ok"),
                    url("/missing")},
        base_options());
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "error writing output: No space left on device")) << dump(r);
}

}  // namespace
