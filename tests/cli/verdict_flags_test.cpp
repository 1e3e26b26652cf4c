// The verdict options (--fail-on, --redirect warn, --slow, ...) as the
// binary shows them: exit codes, text labels and colours, json states and
// reasons, and their usage errors and help.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

// The label column of a text line ("DOWN", "DEGRADED", ...).
std::string label_of(const std::string& line) { return line.substr(0, line.find(' ')); }

// The labels of the entry lines of a text report, in order (the summary
// line, if any, left out).
std::vector<std::string> labels(const std::string& out) {
    std::vector<std::string> found;
    for (const auto& line : split_lines(out))
        if (!parse_summary(line)) found.push_back(label_of(line));
    return found;
}

// /ok up, /redirect degraded (under --redirect warn), /challenge
// unverifiable, /missing down: one entry per state.
class VerdictFlags : public cli_binary {
protected:
    void SetUp() override {
        cli_binary::SetUp();
        server_.route("/challenge", respond(403, {{"cf-mitigated", "challenge"}}, "Just a moment..."));
        server_.route("/waf", respond(202, {{"x-amzn-waf-action", "challenge"}}));
    }
    std::vector<std::string> every_state() const {
        return {url("/ok"), url("/redirect"), url("/challenge"), url("/missing")};
    }
    static std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    }
};

TEST_F(VerdictFlags, FailOnDegradedWithNothingDownExitsThree) {
    const auto r = run({"--redirect", "warn", "--fail-on", "degraded", url("/ok"), url("/redirect")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 3) << dump(r);
    EXPECT_EQ(labels(r.out), std::vector<std::string>{"DEGRADED"}) << dump(r);
}

TEST_F(VerdictFlags, DownAndDegradedExitsOne) {
    const auto r = run({"--redirect", "warn", "--fail-on", "degraded", url("/ok"), url("/redirect"), url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
}

TEST_F(VerdictFlags, DegradedWithoutFailOnExitsZeroAndIsListed) {
    const auto r = run({"--redirect", "warn", url("/ok"), url("/redirect")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const auto degraded = lines_with(r.out, "DEGRADED");
    ASSERT_EQ(degraded.size(), 1u) << dump(r);
    EXPECT_NE(degraded[0].find("redirected to " + url("/ok")), std::string::npos) << degraded[0];
    EXPECT_NE(degraded[0].find("arg:2"), std::string::npos) << degraded[0];
}

TEST_F(VerdictFlags, UnverifiableFailsOnlyWhenNamed) {
    const std::vector<std::pair<std::vector<std::string>, int>> cases = {
        {{}, 0},
        {{"--fail-on", "degraded"}, 0},
        {{"--fail-on", "unverifiable"}, 3},
        {{"--fail-on", "degraded,unverifiable"}, 3},
        {{"--fail-on", "DEGRADED", "--fail-on", "Unverifiable"}, 3},
    };
    for (const auto& [args, code] : cases) {
        const auto r = run(with(args, {url("/ok"), url("/challenge"), url("/waf")}));
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, code) << dump(r);
        EXPECT_EQ(labels(r.out), (std::vector<std::string>{"UNVERIFIABLE", "UNVERIFIABLE"})) << dump(r);
    }
}

TEST_F(VerdictFlags, QuietListsExactlyTheFailingStates) {
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
        {{"-q"}, {"DOWN"}},
        {{"-q", "--fail-on", "degraded"}, {"DEGRADED", "DOWN"}},
        {{"-q", "--fail-on", "unverifiable"}, {"UNVERIFIABLE", "DOWN"}},
        {{"-q", "--fail-on", "degraded,unverifiable"}, {"DEGRADED", "UNVERIFIABLE", "DOWN"}},
        {{}, {"DEGRADED", "UNVERIFIABLE", "DOWN"}},
        {{"-v"}, {"UP", "DEGRADED", "UNVERIFIABLE", "DOWN"}},
    };
    for (const auto& [args, expected] : cases) {
        const auto r = run(with(with(args, {"--redirect", "warn"}), every_state()));
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_EQ(labels(r.out), expected) << dump(r);
        const bool quiet = !args.empty() && args[0] == "-q";
        EXPECT_EQ(parse_summary(split_lines(r.out).back()).has_value(), !quiet) << dump(r);
    }
}

TEST_F(VerdictFlags, TextLabelsAndSummaryCountEachState) {
    const auto r = run(with({"-v", "--redirect", "warn"}, every_state()));
    ASSERT_FALSE(r.timed_out) << dump(r);
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 5u) << dump(r);
    // Labels are padded to the widest, so the URL column lines up.
    const auto url_column = lines[0].find("http://");
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(lines[i].find("http://"), url_column) << lines[i];
    EXPECT_NE(lines[2].find("403 bot challenge (cf-mitigated: challenge)"), std::string::npos) << lines[2];
    EXPECT_NE(lines[3].find("404"), std::string::npos) << lines[3];
    static const std::regex summary(
        R"(^4 checked in [0-9.]+ s: 1 up, 1 down, 1 degraded, 1 unverifiable$)");
    EXPECT_TRUE(std::regex_search(lines[4], summary)) << lines[4];
}

TEST_F(VerdictFlags, ColoursPerState) {
    const auto r = run(with({"-v", "--color", "always", "--redirect", "warn"}, every_state()));
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_NE(r.out.find("\x1b[32mUP"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\x1b[33mDEGRADED"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\x1b[35mUNVERIFIABLE"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("DOWN"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\x1b[31m"), std::string::npos) << "DOWN is red: " << r.out;
}

TEST_F(VerdictFlags, JsonAndJsonlCarryStateAndReasons) {
    struct expected_result {
        std::string state;
        std::vector<std::string> reasons;
        const char* method;  // --method auto: HEAD when its answer was accepted, else the GET
    };
    const std::vector<expected_result> expected = {
        {"up", {}, "HEAD"},
        {"degraded", {"redirected to " + url("/ok") + " (update the list)"}, "HEAD"},
        {"unverifiable", {"bot challenge (cf-mitigated: challenge)"}, "GET"},
        {"down", {"status: HTTP 404 Not Found"}, "GET"},
    };
    const auto check_result = [&](const json::object& o, std::size_t i) {
        EXPECT_EQ(o.at("state"), json::value(expected[i].state.c_str())) << json::serialize(o);
        json::array reasons;
        for (const auto& reason : expected[i].reasons) reasons.emplace_back(reason.c_str());
        EXPECT_EQ(o.at("reasons"), json::value(reasons)) << json::serialize(o);
        EXPECT_EQ(o.at("method"), json::value(expected[i].method)) << json::serialize(o);
        EXPECT_EQ(o.at("confirmed"), json::value(false));
        EXPECT_EQ(o.at("ok"), json::value(i < 2)) << "up and degraded are ok: " << json::serialize(o);
    };

    const auto r = run(with({"--format", "json", "--redirect", "warn"}, every_state()));
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value v = json::parse(r.out);
    const auto& results = v.at("results").as_array();
    ASSERT_EQ(results.size(), 4u) << r.out;
    for (std::size_t i = 0; i < 4; ++i) check_result(results[i].as_object(), i);
    const auto& sum = v.at("summary").as_object();
    EXPECT_EQ(sum.at("up"), json::value(1));
    EXPECT_EQ(sum.at("down"), json::value(1));
    EXPECT_EQ(sum.at("degraded"), json::value(1));
    EXPECT_EQ(sum.at("unverifiable"), json::value(1));
    EXPECT_EQ(sum.at("skipped"), json::value(0));

    const auto lines = run(with({"--format", "jsonl", "--redirect", "warn"}, every_state()));
    ASSERT_FALSE(lines.timed_out) << dump(lines);
    const auto objects = split_lines(lines.out);
    ASSERT_EQ(objects.size(), 4u) << lines.out;
    for (const auto& line : objects) {
        const json::object o = json::parse(line).as_object();
        const std::string source(o.at("source").as_string());  // completion order: find the entry by its source
        const std::size_t i = std::stoul(source.substr(source.find(':') + 1)) - 1;
        ASSERT_LT(i, 4u) << line;
        check_result(o, i);
    }
}

TEST_F(VerdictFlags, SkippedStateInJson) {
    // One check hangs past --max-time; the rest never start (-c 1).
    const auto r = run({"--format", "json", "-c", "1", "--max-time", "0.3", url("/hang"), url("/ok"), url("/ok2")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    const json::value v = json::parse(r.out);
    const auto& results = v.at("results").as_array();
    ASSERT_EQ(results.size(), 3u) << r.out;
    EXPECT_EQ(results[0].at("state"), json::value("skipped")) << r.out;
    EXPECT_EQ(std::string(results[0].at("reasons").at(0).as_string()).rfind("cut short by --max-time after ", 0), 0u)
        << r.out;
    for (std::size_t i = 1; i < 3; ++i) {
        EXPECT_EQ(results[i].at("state"), json::value("skipped")) << r.out;
        EXPECT_EQ(results[i].at("reasons"), json::value(json::array{"not started (--max-time)"})) << r.out;
    }
    EXPECT_EQ(v.at("summary").at("skipped"), json::value(3));
    EXPECT_EQ(v.at("summary").at("checked"), json::value(0));
    EXPECT_EQ(r.exit_code, 0) << dump(r);
}

TEST_F(VerdictFlags, BadVerdictOptionValuesAreUsageErrors) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--slow", "fast"}, "--slow"},
        {{"--slow", "-1s"}, "--slow"},
        {{"--slow", "25h"}, "--slow"},
        {{"--redirect", "maybe"}, "--redirect"},
        {{"--redirect", ""}, "--redirect"},
        {{"--fail-on", "down"}, "--fail-on"},
        {{"--fail-on", "degraded,bogus"}, "--fail-on"},
        {{"--cert-warn", "-1"}, "--cert-warn"},
        {{"--cert-fail", "soon"}, "--cert-fail"},
    };
    for (const auto& [args, option] : cases) {
        const auto r = run(with(args, {url("/ok")}));
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 2) << dump(r);
        EXPECT_EQ(r.err.rfind("urlcheck: " + option + ":", 0), 0u) << dump(r);
        EXPECT_EQ(r.out, "") << dump(r);
    }
    EXPECT_EQ(server_.total_requests(), 0u) << "a usage error must not check anything";
}

TEST_F(VerdictFlags, HelpDescribesTheVerdictOptionsAndExitThree) {
    const auto r = run({"--help"});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    for (const char* option : {"--slow", "--cert-warn", "--cert-fail", "--redirect", "--fail-on"})
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
    EXPECT_NE(r.out.find("3 nothing down but a state --fail-on names"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("UNVERIFIABLE"), std::string::npos) << r.out;
}

}  // namespace
