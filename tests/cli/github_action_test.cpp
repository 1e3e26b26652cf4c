// The GitHub Action's steps (scripts/github-action.sh, which action.yml only
// calls) run here as a runner would run them: the inputs in INPUT_*, and
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files that the test then reads. A
// ctest test rather than a script of its own, so it runs in every suite
// (also under the sanitizers) and each promise fails by its own name.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace urlcheck::test;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// GITHUB_OUTPUT's name=value lines.
std::map<std::string, std::string> parse_outputs(const std::string& text) {
    std::map<std::string, std::string> outputs;
    for (const auto& line : split_lines(text)) {
        const auto equals = line.find('=');
        if (equals != std::string::npos) outputs[line.substr(0, equals)] = line.substr(equals + 1);
    }
    return outputs;
}

class GithubAction : public cli_binary {
protected:
    // scripts/github-action.sh COMMAND with the inputs, in the test's
    // directory (relative paths and globs are the workspace's), as a step
    // under a runner that has just started the step: empty output and
    // summary files.
    subprocess_result action(const std::string& command, const std::map<std::string, std::string>& inputs) {
        std::ofstream(path("github_output"), std::ios::trunc).flush();
        std::ofstream(path("step_summary"), std::ios::trunc).flush();
        subprocess_options o = base_options();
        for (const char* name : {"INPUT_ARGS", "INPUT_FILES", "INPUT_VERSION", "INPUT_FAIL", "INPUT_SUMMARY",
                                 "INPUT_ANNOTATIONS", "GITHUB_ACTION_REPOSITORY", "GITHUB_REPOSITORY",
                                 "GITHUB_SERVER_URL", "URLCHECK_ACTION_BIN_DIR"})
            o.unset_env.emplace_back(name);
        o.env["URLCHECK"] = URLCHECK_BINARY;
        o.env["GITHUB_OUTPUT"] = path("github_output");
        o.env["GITHUB_STEP_SUMMARY"] = path("step_summary");
        o.env["RUNNER_TEMP"] = dir_.string();
        for (const auto& [name, value] : inputs) o.env[name] = value;
        o.working_directory = dir_.string();
        return run_subprocess("/bin/bash", {URLCHECK_SOURCE_DIR "/scripts/github-action.sh", command}, o);
    }

    std::map<std::string, std::string> outputs() const { return parse_outputs(read(path("github_output"))); }
    std::string summary() const { return read(path("step_summary")); }

    // One entry up and one down, in a directory and file with spaces in
    // their names.
    void SetUp() override {
        cli_binary::SetUp();
        fs::create_directory(dir_ / "my lists");
        write_file("my lists/urls v2.txt", url("/ok") + "\n" + url("/missing") + "\n");
    }
};

TEST_F(GithubAction, OutputsGiveTheExitCodeTheDownCountAndTheJsonReport) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    const auto out = outputs();
    EXPECT_EQ(out.at("exit-code"), "1");
    ASSERT_TRUE(fs::is_regular_file(out.at("report"))) << out.at("report");
    EXPECT_TRUE(out.at("report").starts_with(dir_.string())) << "the report is under RUNNER_TEMP";
    const json::value report = json::parse(read(out.at("report")));
    EXPECT_EQ(report.at("results").as_array().size(), 2U);
    EXPECT_EQ(out.at("down"), std::to_string(report.at("summary").at("down").as_int64()));
    EXPECT_EQ(out.at("down"), "1");
    EXPECT_TRUE(contains(r.out, "DOWN")) << "the text report is the step's log: " << r.out;
}

TEST_F(GithubAction, TheJobSummaryHasTheMarkdownTable) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    const std::string md = summary();
    EXPECT_TRUE(contains(md, "### urlcheck: 1 down of 2 checked")) << md;
    EXPECT_TRUE(contains(md, "| State | URL | What happened | Time | Source |")) << md;
    EXPECT_TRUE(contains(md, "| 🔴 down | " + url("/missing") + " | 404 Not Found |")) << md;
    EXPECT_FALSE(contains(r.out, "### urlcheck")) << "the summary is not in the log: " << r.out;
}

TEST_F(GithubAction, NoJobSummaryWhenSummaryIsFalse) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}, {"INPUT_SUMMARY", "false"}});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(summary(), "");
    EXPECT_EQ(outputs().at("down"), "1");
}

TEST_F(GithubAction, AnnotationsOnTheListLineWhenOn) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(lines_with(r.out, "::error file=my lists/urls v2.txt,line=2,").size(), 1U) << r.out;
}

TEST_F(GithubAction, NoAnnotationsWhenOff) {
    // GITHUB_ACTIONS=true as on a runner, where urlcheck would otherwise add
    // them to stderr by itself.
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"},
                                  {"INPUT_ANNOTATIONS", "false"},
                                  {"GITHUB_ACTIONS", "true"}});
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_FALSE(contains(r.out, "::error")) << r.out;
    EXPECT_FALSE(contains(r.err, "::error")) << r.err;
}

TEST_F(GithubAction, FailFalsePassesTheStepWithDownEntries) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}, {"INPUT_FAIL", "false"}});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(outputs().at("exit-code"), "1");
    EXPECT_EQ(outputs().at("down"), "1");
}

TEST_F(GithubAction, NothingDownPasses) {
    const auto r = action("run", {{"INPUT_ARGS", url("/ok")}});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(outputs().at("exit-code"), "0");
    EXPECT_EQ(outputs().at("down"), "0");
}

TEST_F(GithubAction, AUsageErrorFailsTheStepEvenWithFailFalse) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"},
                                  {"INPUT_ARGS", "--no-such-option"},
                                  {"INPUT_FAIL", "false"}});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(outputs().at("exit-code"), "2");
    EXPECT_EQ(outputs().at("down"), "") << "no report, so no count";
    EXPECT_EQ(outputs().at("report"), "");
}

TEST_F(GithubAction, QuotedArgumentsAndGlobsWithSpaces) {
    // One argument with a space in it: the regex leaves /missing out, so
    // nothing is down only if the quotes held.
    const auto r = action("run", {{"INPUT_FILES", "my\\ lists/*.txt\n"},
                                  {"INPUT_ARGS", "--exclude \"missing|no such page\""}});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(outputs().at("down"), "0");
    const json::value report = json::parse(read(outputs().at("report")));
    EXPECT_EQ(report.at("results").as_array().size(), 1U);
}

TEST_F(GithubAction, SeveralFilesOnLinesAndAFileNamedLikeAnOption) {
    write_file("--ok.txt", url("/ok2") + "\n");
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'\n--ok.txt\n"}, {"INPUT_FAIL", "no"}});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const json::value report = json::parse(read(outputs().at("report")));
    EXPECT_EQ(report.at("results").as_array().size(), 3U);
}

TEST_F(GithubAction, AGlobThatMatchesNothingIsAnInputError) {
    const auto r = action("run", {{"INPUT_FILES", "docs/*.md"}});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "'docs/*.md' matches no file")) << r.err;
}

TEST_F(GithubAction, ABooleanInputMustBeOne) {
    const auto r = action("run", {{"INPUT_FILES", "'my lists/urls v2.txt'"}, {"INPUT_FAIL", "maybe"}});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "input 'fail' must be true or false")) << r.err;
}

TEST_F(GithubAction, AnUnbalancedQuoteIsAnInputError) {
    const auto r = action("run", {{"INPUT_ARGS", "--exclude 'missing"}});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "input 'args'")) << r.err;
}

TEST_F(GithubAction, AVersionNamesTheReleasedDeb) {
    const auto r = action("plan", {{"INPUT_VERSION", "v1.2.3"}, {"GITHUB_ACTION_REPOSITORY", "someone/urlcheck"}});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto out = outputs();
    EXPECT_EQ(out.at("mode"), "deb");
    const std::string url = out.at("deb-url");
    EXPECT_TRUE(url.starts_with("https://github.com/someone/urlcheck/releases/download/v1.2.3/urlcheck_1.2.3_"))
        << url;
    EXPECT_TRUE(url.ends_with(".deb")) << url;
}

TEST_F(GithubAction, NoVersionBuildsTheSourceCachedByItsHash) {
    const auto r = action("plan", {{"INPUT_VERSION", "source"}});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    const auto out = outputs();
    EXPECT_EQ(out.at("mode"), "source");
    EXPECT_TRUE(out.at("cache-key").starts_with("urlcheck-action-")) << out.at("cache-key");
    EXPECT_FALSE(out.at("bin-dir").empty());
    const auto again = action("plan", {});
    ASSERT_EQ(again.exit_code, 0) << dump(again);
    EXPECT_EQ(outputs().at("cache-key"), out.at("cache-key")) << "the same source, the same key";
}

TEST_F(GithubAction, ABuildFromTheCacheIsUsedAsItIs) {
    // What actions/cache restores: the binary alone, whose libraries are
    // here, so install neither builds nor installs anything.
    fs::create_directories(dir_ / "cache" / "bin");
    fs::copy_file(URLCHECK_BINARY, dir_ / "cache" / "bin" / "urlcheck");
    const auto r = action("install", {{"URLCHECK_ACTION_BIN_DIR", path("cache/bin")}});
    ASSERT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(outputs().at("urlcheck"), path("cache/bin/urlcheck"));
    EXPECT_TRUE(contains(r.err, "using the cached build")) << r.err;
}

TEST_F(GithubAction, ABadVersionIsAnInputError) {
    const auto r = action("plan", {{"INPUT_VERSION", "latest"}});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "input 'version'")) << r.err;
}

}  // namespace
