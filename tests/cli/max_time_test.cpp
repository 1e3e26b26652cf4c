// --max-time, the run deadline: the report still has every entry, the one
// cut short and the unstarted ones skipped (never down), and --fail-on
// skipped for a gate that wants a complete run.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using MaxTime = cli_binary;

// --max-time: the report still has every entry; the one cut short and the
// ones never started are skipped, never down (a healthy endpoint cut short
// must not fail a cron run), stderr says the deadline was reached, and
// `checked` counts only entries with a verdict.
TEST_F(MaxTime, MaxTimeReportsEveryEntryAndSkipsTheUnstarted) {
    const auto list = write_file(
        "urls.txt", url("/ok") + "\n" + url("/hang") + "\n" + url("/hang2") + "\n" + url("/ok2") + "\n");
    const auto r = run({"-c", "1", "--max-time", "0.5", "--format", "json", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_LT(r.elapsed, 5000ms) << dump(r);
    EXPECT_NE(r.err.find("run deadline reached (--max-time 500 ms)"), std::string::npos) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 4u) << r.out;
    EXPECT_EQ(results[0].at("ok").as_bool(), true);
    EXPECT_EQ(results[1].at("error").as_string(), "skipped");
    EXPECT_EQ(results[1].at("state").as_string(), "skipped");
    EXPECT_EQ(std::string(results[1].at("message").as_string()).rfind("cut short by --max-time after ", 0), 0u)
        << r.out;
    EXPECT_EQ(results[2].at("error").as_string(), "skipped");
    EXPECT_EQ(results[2].at("message").as_string(), "not started (--max-time)");
    EXPECT_EQ(results[3].at("error").as_string(), "skipped");
    EXPECT_EQ(results[3].at("source").as_string(), list + ":4");
    const auto& sum = doc.at("summary");
    EXPECT_EQ(sum.at("total").to_number<int>(), 4);
    EXPECT_EQ(sum.at("checked").to_number<int>(), 1);
    EXPECT_EQ(sum.at("up").to_number<int>(), 1);
    EXPECT_EQ(sum.at("down").to_number<int>(), 0);
    EXPECT_EQ(sum.at("skipped").to_number<int>(), 3);
    EXPECT_EQ(server_.requests("/hang2"), 0u);
    EXPECT_EQ(server_.requests("/ok2"), 0u);
}

TEST_F(MaxTime, MaxTimeInTheTextReport) {
    const auto list = write_file("urls.txt", url("/hang") + "\n" + url("/ok") + "\n");
    const auto r = run({"-c", "1", "-m", "0.3", list});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << dump(r);
    EXPECT_NE(lines[0].find("0 of 2 checked in "), std::string::npos) << dump(r);
    EXPECT_NE(lines[0].find("0 up, 0 down; 2 skipped (run deadline)"), std::string::npos) << dump(r);
    // -v lists them, with why.
    const auto verbose = run({"-v", "-c", "1", "-m", "0.3", list});
    const auto vlines = split_lines(verbose.out);
    ASSERT_EQ(vlines.size(), 3u) << dump(verbose);
    EXPECT_EQ(vlines[0].rfind("SKIPPED", 0), 0u) << dump(verbose);
    EXPECT_NE(vlines[0].find("skipped: cut short by --max-time after "), std::string::npos) << dump(verbose);
    EXPECT_NE(vlines[1].find("skipped: not started (--max-time)"), std::string::npos) << dump(verbose);
}

// A gate that wants a complete run asks for it: exit 3, and -q lists the
// skipped entries as what failed the run.
TEST_F(MaxTime, FailOnSkippedMakesAnIncompleteRunFail) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n");
    const auto r = run({"-q", "-c", "1", "-m", "0.4", "--fail-on", "skipped", list});
    EXPECT_EQ(r.exit_code, 3) << dump(r);
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 1u) << dump(r);
    EXPECT_EQ(lines[0].rfind("SKIPPED", 0), 0u) << dump(r);
    const auto complete = run({"-q", "--fail-on", "skipped", url("/ok")});
    EXPECT_EQ(complete.exit_code, 0) << dump(complete);
    EXPECT_EQ(complete.out, "") << dump(complete);
}

TEST_F(MaxTime, MaxTimeNotReachedChangesNothing) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/ok2") + "\n");
    const auto r = run({"--max-time", "30", list});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);
    EXPECT_LT(r.elapsed, 5000ms) << dump(r);
}

}  // namespace
