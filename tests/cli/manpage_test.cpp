// urlcheck(1) and the bash, zsh and fish completions that urlcheck_gen_docs
// writes from the options table: every long option that --help lists is in
// each of them, the completions offer the words of an enumerated option,
// and each file passes its own reader (groff, bash, zsh, fish). A missing
// reader fails the test with the Debian package to install.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "support/subprocess.hpp"

#ifndef URLCHECK_DOCS_DIR
#error "URLCHECK_DOCS_DIR must name the directory urlcheck_docs writes to"
#endif

namespace urlcheck::test {
namespace {

const std::filesystem::path docs_dir = URLCHECK_DOCS_DIR;
const std::filesystem::path man_page = docs_dir / "urlcheck.1";
const std::filesystem::path bash_file = docs_dir / "completions" / "urlcheck.bash";
const std::filesystem::path zsh_file = docs_dir / "completions" / "_urlcheck";
const std::filesystem::path fish_file = docs_dir / "completions" / "urlcheck.fish";

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The program's path on PATH (subprocess does no search), or empty.
std::string on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::filesystem::path candidate = std::filesystem::path(dir) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

// Runs a reader of one file; fails naming the package when it is missing.
subprocess_result run_tool(const std::string& program, const std::string& package, std::vector<std::string> args) {
    const std::string path = on_path(program);
    if (path.empty()) {
        ADD_FAILURE() << program << " is not installed: apt-get install " << package
                      << " (scripts/install-deps.sh installs it)";
        return {};
    }
    return subprocess(path, std::move(args)).finish();
}

std::set<std::string> long_options_in_help() {
    const auto r = subprocess(URLCHECK_BINARY, {"--help"}).finish();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> names;
    static const std::regex long_option(R"((^|[\s,])(--[a-z0-9][a-z0-9-]*))");
    for (const std::string& line : split_lines(r.out)) {
        // The option column only: help text mentions options too.
        const std::string column = line.substr(0, line.find("  ", 2));
        for (std::sregex_iterator m(column.begin(), column.end(), long_option), end; m != end; ++m)
            names.insert((*m)[2]);
    }
    return names;
}

std::string roff_escaped(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
}

TEST(ManPage, HelpListsOptionsToCompare) {
    const auto names = long_options_in_help();
    EXPECT_GT(names.size(), 30u);
    EXPECT_TRUE(names.contains("--help"));
    EXPECT_TRUE(names.contains("--format"));
}

TEST(ManPage, EveryLongOptionOfHelpIsInTheManPageAndEachCompletion) {
    const std::string man = read_all(man_page);
    const std::string bash = read_all(bash_file);
    const std::string zsh = read_all(zsh_file);
    const std::string fish = read_all(fish_file);
    ASSERT_FALSE(man.empty() || bash.empty() || zsh.empty() || fish.empty()) << "urlcheck_docs wrote " << docs_dir;
    for (const std::string& name : long_options_in_help()) {
        EXPECT_TRUE(contains(man, "\\fB" + roff_escaped(name) + "\\fR")) << name << " not in urlcheck.1";
        EXPECT_TRUE(std::regex_search(bash, std::regex("[ '|]" + name + "[ '|)]"))) << name << " not in urlcheck.bash";
        EXPECT_TRUE(std::regex_search(zsh, std::regex("['{,]\\*?" + name + "[\\[}]"))) << name << " not in _urlcheck";
        EXPECT_TRUE(contains(fish, " -l " + name.substr(2) + " ")) << name << " not in urlcheck.fish";
    }
}

TEST(ManPage, HasTheSectionsAndTheListKeys) {
    const std::string man = read_all(man_page);
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH URL LISTS",
                                ".SH ERROR KINDS", ".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES"})
        EXPECT_TRUE(contains(man, section)) << section;
    for (const char* key : {"status", "expect\\-header", "not\\-contains", "cert\\-days", "insecure", "tag"})
        EXPECT_TRUE(contains(man, std::string(".TP\n\\fB") + key + "\\fR\n")) << key;
    // The error kinds with what SARIF's rules say of them.
    for (const char* kind : {"invalid_url", "dns", "tls", "too_many_redirects", "expectation", "resource"})
        EXPECT_TRUE(contains(man, std::string(".TP\n\\fB") + kind + "\\fR\n")) << kind;
    EXPECT_TRUE(contains(man, "The host name does not resolve."));
    // The default as --help shows it.
    EXPECT_TRUE(contains(man, "Default: 100.")) << "--concurrency's default";
}

TEST(ManPage, CompletionsOfferTheWordsOfAnEnumeratedOption) {
    EXPECT_TRUE(contains(read_all(bash_file), "--format) COMPREPLY=($(compgen -W 'text json jsonl junit"));
    EXPECT_TRUE(contains(read_all(zsh_file), ":FORMAT:(text json jsonl junit"));
    EXPECT_TRUE(contains(read_all(fish_file), "-l format -x -a 'text json jsonl junit"));
    // And a file for a file-valued option.
    EXPECT_TRUE(contains(read_all(zsh_file), "--cacert[") && contains(read_all(zsh_file), ":FILE:_files"));
    EXPECT_TRUE(contains(read_all(fish_file), "-l cacert -r -F"));
}

TEST(ManPage, GroffReportsNoWarnings) {
    const auto r = run_tool("groff", "groff-base", {"-man", "-ww", "-z", man_page.string()});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
}

TEST(ManPage, BashCompletionLoads) {
    const auto syntax = run_tool("bash", "bash", {"-n", bash_file.string()});
    EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
    const auto loaded = run_tool("bash", "bash", {"-c", "source '" + bash_file.string() + "' && complete -p urlcheck"});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
    EXPECT_EQ(loaded.out, "complete -F _urlcheck urlcheck\n");
}

// What bash offers for the last of `words` (an array's elements in bash
// syntax), one per line.
subprocess_result bash_completes(const std::string& words) {
    return run_tool("bash", "bash",
                    {"-c", "source '" + bash_file.string() + "' && COMP_WORDS=(" + words +
                               ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _urlcheck && "
                               "printf '%s\\n' \"${COMPREPLY[@]}\""});
}

TEST(ManPage, BashCompletionCompletesFormatValues) {
    const auto r = bash_completes("urlcheck --format js");
    EXPECT_EQ(r.out, "json\njsonl\n") << r.err;
}

// --fail-on takes "a,b": the word after the last comma is completed and
// what is before it kept.
TEST(ManPage, BashCompletionCompletesTheWordAfterAComma) {
    const auto r = bash_completes("urlcheck --fail-on degraded,un");
    EXPECT_EQ(r.out, "degraded,unverifiable\n") << r.err;
}

TEST(ManPage, ZshCompletionParses) {
    const auto r = run_tool("zsh", "zsh", {"-n", zsh_file.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

TEST(ManPage, FishCompletionParses) {
    const auto r = run_tool("fish", "fish", {"-n", fish_file.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
}

// fish completes from the file as a user's shell would (complete -C); the
// descriptions after the tab are left out.
TEST(ManPage, FishCompletesFormatValuesAndTheWordAfterAComma) {
    const auto format = run_tool("fish", "fish",
                                 {"--no-config", "-c",
                                  "source '" + fish_file.string() + "'; complete -C 'urlcheck --format js' | string replace -r '\\t.*' ''"});
    EXPECT_EQ(format.out, "json\njsonl\n") << format.err;
    const auto fail_on = run_tool("fish", "fish",
                                  {"--no-config", "-c",
                                   "source '" + fish_file.string() + "'; complete -C 'urlcheck --fail-on degraded,un' | string replace -r '\\t.*' ''"});
    EXPECT_EQ(fail_on.out, "degraded,unverifiable\n") << fail_on.err;
}

}  // namespace
}  // namespace urlcheck::test
