// The configuration file through the binary: --config FILE, ./urlcheck.toml
// read from the working directory (-v says so), --no-config, the command
// line winning, --print-config reading back as it printed, and a bad file
// named by file, line and key with exit 2 before anything is checked.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

using namespace urlcheck::test;

class Config : public cli_binary {
protected:
    // A run with the temporary directory as its working directory, where a
    // ./urlcheck.toml is looked for.
    subprocess_options in_directory() const {
        subprocess_options o = base_options();
        o.working_directory = dir_.string();
        return o;
    }
};

TEST_F(Config, ConfigFileSetsTheOptions) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    const auto config = write_file("checks.toml", "inputs = [\"" + list +
                                                      "\"]\n"
                                                      "format = \"jsonl\"\n"
                                                      "method = \"GET\"\n"
                                                      "retries = 0\n"
                                                      "no-confirm = true\n");
    const auto r = run({"--config", config});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);  // /missing is down
    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << dump(r);
    for (const auto& line : lines) EXPECT_TRUE(line.starts_with("{\"url\":")) << dump(r);
    EXPECT_EQ(server_.total_requests(), 2u) << "GET only, no retry, no second look: as the file says";
}

TEST_F(Config, UrlcheckTomlInTheWorkingDirectoryIsRead) {
    write_file("urls.txt", url("/ok") + "\n");
    write_file("urlcheck.toml", "inputs = [\"urls.txt\"]\nformat = \"jsonl\"\n");
    const auto quiet = run({}, in_directory());
    ASSERT_FALSE(quiet.timed_out) << dump(quiet);
    EXPECT_EQ(quiet.exit_code, 0) << dump(quiet);
    ASSERT_EQ(split_lines(quiet.out).size(), 1u) << dump(quiet);
    EXPECT_TRUE(quiet.out.starts_with("{\"url\":")) << dump(quiet);
    EXPECT_EQ(quiet.err.find("reading configuration"), std::string::npos) << "only -v says so\n" << dump(quiet);

    const auto verbose = run({"-v"}, in_directory());
    EXPECT_EQ(verbose.exit_code, 0) << dump(verbose);
    EXPECT_NE(verbose.err.find("urlcheck: reading configuration from ./urlcheck.toml\n"), std::string::npos)
        << dump(verbose);
    EXPECT_TRUE(verbose.out.starts_with("{\"url\":")) << dump(verbose);
}

TEST_F(Config, NoConfigIgnoresUrlcheckToml) {
    // A file that would fail the run: --no-config must not even read it.
    write_file("urlcheck.toml", "timeout = \"whenever\"\n");
    const auto broken = run({url("/ok")}, in_directory());
    EXPECT_EQ(broken.exit_code, 2) << dump(broken);

    const auto r = run({"--no-config", "-v", url("/ok")}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.err.find("urlcheck.toml"), std::string::npos) << dump(r);
    EXPECT_NE(r.out.find("1 checked in"), std::string::npos) << dump(r);
}

TEST_F(Config, ConfigReplacesUrlcheckToml) {
    write_file("urlcheck.toml", "timeout = \"whenever\"\n");
    const auto other = write_file("other.toml", "format = \"jsonl\"\n");
    const auto r = run({"--config", other, url("/ok")}, in_directory());
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_TRUE(r.out.starts_with("{\"url\":")) << dump(r);
}

TEST_F(Config, TheCommandLineWins) {
    write_file("file-list.txt", url("/missing") + "\n");
    write_file("urlcheck.toml",
               "inputs = [\"file-list.txt\"]\n"
               "format = \"jsonl\"\n"
               "header = [\"X-From: file\"]\n");
    const auto r = run({"--format", "text", "-H", "X-From: command line", url("/ok")}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    // The command line's INPUT replaces the file's inputs, and its format
    // the file's.
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_NE(r.out.find("1 checked in"), std::string::npos) << dump(r);
    EXPECT_EQ(server_.requests("/missing"), 0u);
    // A list given on the command line replaces the file's.
    const auto seen = server_.last_request();
    ASSERT_TRUE(seen) << dump(r);
    EXPECT_EQ(seen->path, "/ok");
    std::vector<std::string> sent;
    for (const auto& [name, value] : seen->headers) {
        if (name == "X-From") sent.push_back(value);
    }
    EXPECT_EQ(sent, std::vector<std::string>{"command line"});
}

TEST_F(Config, PrintConfigReadsBackAsItPrinted) {
    write_file("urlcheck.toml",
               "timeout = 5\n"
               "fail-on = [\"degraded\"]\n"
               "report = [\"text\", \"junit=junit.xml\"]\n"
               "exclude = ['\\.pdf$']\n");
    const auto first = run({"--print-config", "-H", "X-Quote: \"a\\b\"", "--retries", "3", "urls.txt"}, in_directory());
    ASSERT_EQ(first.exit_code, 0) << dump(first);
    EXPECT_EQ(first.err, "") << dump(first);
    EXPECT_NE(first.out.find("\ntimeout = \"5s\"\n"), std::string::npos) << dump(first);
    EXPECT_NE(first.out.find("\nretries = 3\n"), std::string::npos) << dump(first);
    EXPECT_NE(first.out.find("\ninputs = [\"urls.txt\"]\n"), std::string::npos) << dump(first);

    const auto printed = write_file("printed.toml", first.out);
    const auto second = run({"--config", printed, "--print-config"}, in_directory());
    ASSERT_EQ(second.exit_code, 0) << dump(second);
    EXPECT_EQ(second.out, first.out);
    EXPECT_EQ(server_.total_requests(), 0u) << "--print-config checks nothing";
}

TEST_F(Config, ABadFileNamesFileLineAndKey) {
    write_file("urlcheck.toml",
               "# urlcheck\n"
               "retries = 2\n"
               "timeout = \"soon\"\n");
    const auto r = run({url("/ok")}, in_directory());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(r.err.starts_with("urlcheck: urlcheck.toml:3: timeout: ")) << dump(r);
    EXPECT_EQ(split_lines(r.err).size(), 1u) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    EXPECT_EQ(server_.total_requests(), 0u) << "a bad configuration checks nothing";

    write_file("urlcheck.toml", "timout = 5\n");
    const auto unknown = run({url("/ok")}, in_directory());
    EXPECT_EQ(unknown.exit_code, 2) << dump(unknown);
    EXPECT_EQ(unknown.err, "urlcheck: urlcheck.toml:1: unknown key 'timout' (did you mean 'timeout'?)\n")
        << dump(unknown);

    write_file("urlcheck.toml", "retries = 2\ntimeout = [5\n");
    const auto syntax = run({url("/ok")}, in_directory());
    EXPECT_EQ(syntax.exit_code, 2) << dump(syntax);
    EXPECT_TRUE(syntax.err.starts_with("urlcheck: urlcheck.toml:2:")) << dump(syntax);
}

}  // namespace
