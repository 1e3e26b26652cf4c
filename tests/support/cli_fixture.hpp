// What every test of the built binary starts from: a temporary directory
// for lists and reports, an in-process test server, and an environment that
// nothing from the developer's shell can change. Each suite derives from it
// and adds the routes it needs in its own SetUp().
#pragma once

#include <gtest/gtest.h>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "support/subprocess.hpp"
#include "support/test_server.hpp"

namespace urlcheck::test {

// For assertion messages: the whole story of a run (a long stdout cut, so a
// failing test of a big report stays readable).
inline std::string dump(const subprocess_result& r) {
    constexpr std::size_t shown = 16 * 1024;
    const std::string out = r.out.size() > shown ? r.out.substr(0, shown) + "[...]\n" : r.out;
    return describe(r) + "\n--- stdout ---\n" + out + "--- stderr ---\n" + r.err + "--------------";
}

class cli_fixture : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tpl = (std::filesystem::temp_directory_path() / "urlcheck-cli-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr) << "mkdtemp failed";
        dir_ = tpl;
    }

    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    std::string url(std::string_view path) const { return server_.url(path); }

    // Writes `content` to DIR/name and returns the path (the FILE of FILE:LINE).
    std::string write_file(const std::string& name, const std::string& content) const {
        const std::filesystem::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // The environment a run starts from: colour would be on if urlcheck
    // looked only at TERM (so a missing isatty() check shows), and nothing
    // from the developer's shell or the CI runner (NO_COLOR, proxies,
    // GitHub Actions' annotations and job summary) changes the outcome.
    static subprocess_options base_options() {
        subprocess_options o;
        o.unset_env = {"NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "http_proxy",
                       "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                       "no_proxy", "NO_PROXY", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"};
        o.env["TERM"] = "xterm-256color";
        o.timeout = std::chrono::seconds(60);
        return o;
    }

    static subprocess_result run(const std::vector<std::string>& args, subprocess_options o = base_options()) {
        return run_subprocess(URLCHECK_BINARY, args, o);
    }

    static subprocess_result run_with_stdin(const std::vector<std::string>& args, std::string data) {
        subprocess_options o = base_options();
        o.input = stdin_mode::data;
        o.stdin_data = std::move(data);
        return run(args, o);
    }

    std::filesystem::path dir_;
    test_server server_;
};

}  // namespace urlcheck::test
