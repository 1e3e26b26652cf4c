// examples/: the demo server and the example lists behave as the demo
// list's comments promise.
#include <gtest/gtest.h>

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

// The demo server is not a dependency of the test targets, so find it next
// to the binary under test (BUILD/src/urlcheck -> BUILD/examples/...) unless
// the build names it, and skip when it has not been built.
std::string demo_server_path() {
#ifdef URLCHECK_DEMO_SERVER
    return URLCHECK_DEMO_SERVER;
#else
    return (fs::path(URLCHECK_BINARY).parent_path().parent_path() / "examples" / "urlcheck-demo-server").string();
#endif
}

// A demo server on an ephemeral port for each test; skipped when the demo
// server has not been built.
class DemoServer : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string server_binary = demo_server_path();
        if (::access(server_binary.c_str(), X_OK) != 0) GTEST_SKIP() << server_binary << " not built";

        server_.emplace(server_binary, std::vector<std::string>{"0"});  // 0: an ephemeral port
        subprocess& server = *server_;
        ASSERT_TRUE(server.wait_for_stdout_text("\n", 10s)) << server.stderr_so_far();
        static const std::regex listening(R"(demo server listening on (http://127\.0\.0\.1:\d+)\n)");
        std::smatch m;
        const std::string banner = server.stdout_so_far();
        ASSERT_TRUE(std::regex_search(banner, m, listening)) << banner;
        base_ = m[1];
    }

    std::optional<subprocess> server_;
    std::string base_;  // http://127.0.0.1:PORT
};

// Keeps examples/demo.txt honest: each endpoint gives the outcome the demo
// list's comments promise.
TEST_F(DemoServer, EndpointsBehaveAsDocumented) {
    const std::string& base = base_;

    struct expectation {
        std::string path;
        bool ok;
        int status;           // 0: no status expected
        std::string error;    // "" for up
        std::string state;
    };
    const std::vector<expectation> expected = {
        {"/", true, 200, "", "up"},
        {"/health", true, 200, "", "up"},
        {"/slow", true, 200, "", "degraded"},  // over --slow 1s, as scripts/demo.sh runs it
        {"/redirect", true, 200, "", "up"},
        {"/missing", false, 404, "status", "down"},
        {"/error", false, 500, "status", "down"},
        {"/unavailable", false, 503, "status", "down"},
        {"/loop", false, 0, "too_many_redirects", "down"},
        {"/hang", false, 0, "timeout", "down"},
        {"/challenge", false, 403, "status", "unverifiable"},
        {"/waf", false, 202, "status", "unverifiable"},
        {"/ratelimited", false, 429, "status", "unverifiable"},
        {"/login", false, 401, "status", "unverifiable"},
    };
    std::vector<std::string> args = {"--format", "json", "-t", "2.5", "--retries", "0", "--slow", "1s"};
    for (const auto& e : expected) args.push_back(base + e.path);
    const auto r = run_subprocess(URLCHECK_BINARY, args, [] {
        subprocess_options o;
        o.timeout = 60s;
        return o;
    }());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);

    boost::system::error_code ec;
    const json::value v = json::parse(r.out, ec);
    ASSERT_FALSE(ec) << dump(r);
    const auto& results = v.at("results").as_array();
    ASSERT_EQ(results.size(), expected.size()) << r.out;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& e = expected[i];
        const auto& o = results[i].as_object();
        EXPECT_EQ(o.at("ok"), json::value(e.ok)) << e.path << ": " << json::serialize(o);
        if (e.status != 0) {
            EXPECT_EQ(o.at("status"), json::value(e.status)) << e.path;
        }
        if (e.error.empty()) {
            EXPECT_TRUE(o.at("error").is_null()) << e.path << ": " << json::serialize(o);
        } else {
            EXPECT_EQ(o.at("error"), json::value(e.error)) << e.path << ": " << json::serialize(o);
        }
        EXPECT_EQ(o.at("state"), json::value(e.state)) << e.path << ": " << json::serialize(o);
    }
    EXPECT_GE(results[2].at("time_ms").to_number<double>(), 1400.0) << "/slow was not slow";
    EXPECT_EQ(results[3].at("redirects"), json::value(1));
}

TEST_F(DemoServer, ExampleListsHaveOnlyTheirDeliberateInvalidLines) {
    const std::string& base = base_;
    boost::system::error_code ec;

    // Both example lists read without an invalid line (demo.txt's two bad
    // lines are bad on purpose), pointed at this server's port.
    const fs::path examples = fs::path(URLCHECK_SOURCE_DIR) / "examples";
    const std::string port = base.substr(base.rfind(':') + 1);
    for (const auto& [name, invalid] : {std::pair<std::string, int>{"demo.txt", 1}, {"expectations.txt", 0}}) {
        std::ifstream in(examples / name);
        ASSERT_TRUE(in) << (examples / name);
        std::stringstream text;
        text << in.rdbuf();
        const std::string list =
            std::regex_replace(text.str(), std::regex("127\\.0\\.0\\.1:8765"), "127.0.0.1:" + port);
        const fs::path copy = fs::temp_directory_path() / ("urlcheck-demo-" + port + "-" + name);
        std::ofstream(copy) << list;
        subprocess_options o;
        o.timeout = 60s;
        const auto checked =
            run_subprocess(URLCHECK_BINARY, {"--format", "json", "-t", "2", "--retries", "0", copy.string()}, o);
        fs::remove(copy);
        ASSERT_FALSE(checked.timed_out) << dump(checked);
        const json::value report = json::parse(checked.out, ec);
        ASSERT_FALSE(ec) << dump(checked);
        int invalid_lines = 0;
        for (const auto& o : report.at("results").as_array())
            if (o.at("error") == json::value("invalid_url")) ++invalid_lines;
        EXPECT_EQ(invalid_lines, invalid) << name << ": " << checked.out;
    }
}

TEST_F(DemoServer, StopsCleanlyOnSigtermWhileAConnectionHangs) {
    const std::string& base = base_;
    subprocess& server = *server_;

    subprocess hanging(URLCHECK_BINARY, {"-t", "30", "--retries", "0", base + "/hang"});
    const auto hanging_logged = [&](std::string_view) {
        return server.stderr_so_far().find("(hanging)") != std::string::npos;
    };
    ASSERT_TRUE(server.wait_for_stdout(hanging_logged, 10s)) << server.stderr_so_far();
    ASSERT_TRUE(server.send_signal(SIGTERM));
    const auto stopped = server.finish(10s);
    ASSERT_FALSE(stopped.timed_out) << dump(stopped);
    EXPECT_EQ(stopped.exit_code, 0) << dump(stopped);
}

}  // namespace
