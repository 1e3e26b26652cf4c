// Black-box tests of what the urlcheck binary makes of the lines and files
// it is given, and of when it prints a machine report (issue 11). Like
// cli_binary_test, the binary runs as a child process against the
// in-process test server on 127.0.0.1.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/subprocess.hpp"
#include "support/test_server.hpp"

#ifndef URLCHECK_BINARY
#error "URLCHECK_BINARY must name the urlcheck executable under test"
#endif

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using urlcheck::test::describe;
using urlcheck::test::run_subprocess;
using urlcheck::test::serve::never_answer;
using urlcheck::test::serve::respond;
using urlcheck::test::split_lines;
using urlcheck::test::stdin_mode;
using urlcheck::test::subprocess;
using urlcheck::test::subprocess_options;
using urlcheck::test::subprocess_result;
using urlcheck::test::test_server;

std::string dump(const subprocess_result& r) {
    return describe(r) + "\n--- stdout ---\n" + r.out.substr(0, 4000) + "--- stderr ---\n" + r.err + "--------------";
}

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

class CliInput : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tpl = (fs::temp_directory_path() / "urlcheck-cli-input-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr) << "mkdtemp failed";
        dir_ = tpl;
        server_.route("/ok", respond(200, {}, "ok"));
        server_.route("/ok2", respond(200, {}, "also ok"));
        server_.route("/missing", respond(404, {}, "not here"));
        server_.route("/hang", never_answer());
    }

    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    std::string url(std::string_view path) const { return server_.url(path); }

    std::string write_file(const std::string& name, const std::string& content) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << content;
        return path.string();
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // Nothing from the developer's shell (colour, proxies) changes the outcome.
    static subprocess_options base_options() {
        subprocess_options o;
        o.unset_env = {"NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "http_proxy",
                       "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                       "no_proxy", "NO_PROXY"};
        o.env["TERM"] = "xterm-256color";
        o.timeout = 60s;
        return o;
    }

    static subprocess_result run(const std::vector<std::string>& args, subprocess_options o = base_options()) {
        return run_subprocess(URLCHECK_BINARY, args, o);
    }

    fs::path dir_;
    test_server server_;
};

// ------------------------------------------------------------ scheme typos

TEST_F(CliInput, ASchemeTypoIsAnInvalidUrlNotAHostName) {
    // Before, both were looked up as the host "ht!tp" (dns: NXDOMAIN).
    const auto list = write_file("urls.txt", "ht!tp://127.0.0.1/x\nht!tp://bad\r\n" + url("/ok") + "\n");
    const auto r = run({"--format", "json", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 3u) << r.out;
    for (std::size_t i : {0u, 1u}) {
        EXPECT_EQ(results[i].at("error").as_string(), "invalid_url") << r.out;
        EXPECT_EQ(results[i].at("message").as_string(), "unsupported scheme 'ht!tp' (not an http(s) URL)") << r.out;
        EXPECT_EQ(results[i].at("source").as_string(), list + ":" + std::to_string(i + 1)) << r.out;
    }
    EXPECT_EQ(results[1].at("url").as_string(), "ht!tp://bad");
    EXPECT_EQ(results[2].at("ok").as_bool(), true);

    const auto text = run({list});
    EXPECT_TRUE(contains(text.out, "invalid_url: unsupported scheme 'ht!tp' (not an http(s) URL)")) << dump(text);
}

// ---------------------------------------------------------------- redaction

TEST_F(CliInput, AMailtoUrlIsReportedAsWrittenAPasswordIsNot) {
    const std::string with_password = server_.url("http", "someone:secret@127.0.0.1", "/ok");
    const auto list = write_file("urls.txt", "mailto:someone@127.0.0.1\n" + with_password + "\n");
    for (const char* format : {"text", "json"}) {
        const auto r = run({"-v", "--format", format, list});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << format << "\n" << dump(r);
        EXPECT_TRUE(contains(r.out, "mailto:someone@127.0.0.1")) << format << "\n" << dump(r);
        EXPECT_FALSE(contains(r.out, "mailto:***")) << format << "\n" << dump(r);
        EXPECT_TRUE(contains(r.out, "someone:***@127.0.0.1")) << format << "\n" << dump(r);
        EXPECT_FALSE(contains(r.out + r.err, "secret")) << format << "\n" << dump(r);
    }
}

}  // namespace
