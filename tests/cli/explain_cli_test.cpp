// urlcheck --explain URL, as a user runs it: the sections of the output, the
// exit code of a normal one-URL run, the options it honours, and no
// credential on any stream.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/test_ca.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck::test;

bool has(const std::string& text, std::string_view needle) { return text.find(needle) != std::string::npos; }

class ExplainCli : public cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        tls_.route("/old", serve::redirect(302, "/new"));
        tls_.route("/new", serve::respond(200, {{"Set-Cookie", "sid=cookie-s3cret; Path=/"}}, "fine"));
        server_.route("/slow", serve::respond(200, {}, "late", 300ms));
        server_.route("/missing", serve::respond(404));
        server_.route("/hang", serve::never_answer());
    }
    test_server tls_{make_server_context(leaf_kind::valid)};
};

TEST_F(ExplainCli, TlsRedirectEverySection) {
    const std::string port = std::to_string(tls_.port());
    const auto r = run({"--explain", "--cacert", root_ca_file(), "--resolve", "localhost:" + port + ":127.0.0.1", "-H",
                        "Authorization: Bearer auth-s3cret", tls_.url("localhost", "/old")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    for (const std::string& section : std::vector<std::string>{
             "-- attempt 1 at ",
             "* DNS localhost -> 127.0.0.1 (from --resolve)",
             "* connected to 127.0.0.1:" + port,
             "* TLS TLSv1.",
             "*   certificate verified",
             "*   subject:   ",
             "CN = localhost",
             "*   issuer:    ",
             "*   expires:   ",
             "*   names:     DNS:localhost, IP:127.0.0.1, IP:::1",
             "> HEAD /old HTTP/1.1",  // --method auto
             "> Authorization: Bearer ***",
             "< 302 ",
             "< Location: /new",
             "  DNS lookup",
             "  TCP connect",
             "  TLS",
             "  first byte",
             "  total",
             "* redirect: 302 to https://localhost:" + port + "/new",
             "> HEAD /new HTTP/1.1",
             "< 200 OK",
             "< Set-Cookie: sid=***; Path=/",
             "-- verdict",
             "UP 200",
             "  final url: https://localhost:" + port + "/new",
             "  checked:   1 attempt, 1 redirect, ",
         })
        EXPECT_TRUE(has(r.out, section)) << section << "\n" << dump(r);
    for (const char* secret : {"auth-s3cret", "cookie-s3cret"}) {
        EXPECT_FALSE(has(r.out, secret)) << dump(r);
        EXPECT_FALSE(has(r.err, secret)) << dump(r);
    }
    // Not a terminal: no colour, no block characters, and the text report
    // makes room for the explanation.
    EXPECT_FALSE(has(r.out, "\x1b")) << dump(r);
    EXPECT_FALSE(has(r.out, "\xE2\x96\x88")) << dump(r);
    EXPECT_FALSE(has(r.out, "1 checked in")) << dump(r);
}

TEST_F(ExplainCli, SlowEndpointTheWaitIsTheFirstByte) {
    const auto r = run({"--explain", url("/slow")});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    // --method auto: HEAD first, and its first byte took the server's 300 ms.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(  first byte +\|[ #]+\| +(\d+) ms)"))) << dump(r);
    EXPECT_GE(std::stoi(m[1]), 290) << dump(r);
    EXPECT_TRUE(has(r.out, "* 127.0.0.1 is an IP address: no DNS lookup")) << dump(r);
    EXPECT_TRUE(has(r.out, "> HEAD /slow HTTP/1.1")) << dump(r);
}

TEST_F(ExplainCli, ExitCodeAsForAnyOneUrlRun) {
    const auto down = run({"--explain", "--no-confirm", url("/missing")});
    EXPECT_EQ(down.exit_code, 1) << dump(down);
    EXPECT_TRUE(has(down.out, "DOWN 404")) << dump(down);
    EXPECT_TRUE(has(down.out, "HEAD's answer is not trusted alone: a GET asks again")) << dump(down);
    EXPECT_TRUE(has(down.out, "not retried: this failure is not transient")) << dump(down);
}

TEST_F(ExplainCli, HonoursTimeoutAndRetries) {
    const auto r = run({"--explain", "--method", "GET", "-t", "0.3", "--retries", "1", "--retry-wait", "10ms",
                        "--no-confirm", url("/hang")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(has(r.out, "-- attempt 1 at ")) << dump(r);
    EXPECT_TRUE(has(r.out, "; retry 1 of 1 in 10 ms: the failure may be transient")) << dump(r);
    EXPECT_TRUE(has(r.out, "-- attempt 2 at ")) << dump(r);
    EXPECT_TRUE(has(r.out, "no retries left (--retries 1)")) << dump(r);
    EXPECT_TRUE(has(r.out, "DOWN timeout")) << dump(r);
}

TEST_F(ExplainCli, ColourWhenAsked) {
    const auto r = run({"--explain", "--color", "always", url("/missing")});
    EXPECT_TRUE(has(r.out, "\x1b[")) << dump(r);
}

TEST_F(ExplainCli, OneUrlOnly) {
    const auto r = run({"--explain", url("/slow"), url("/missing")});
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(has(r.err, "--explain shows one check")) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
}

TEST_F(ExplainCli, OtherReportsGoToFiles) {
    const auto refused = run({"--explain", "--format", "json", url("/missing")});
    EXPECT_EQ(refused.exit_code, 2) << dump(refused);
    EXPECT_TRUE(has(refused.err, "--report json=FILE")) << dump(refused);

    const std::string json = path("out.json");
    const auto r = run({"--explain", "--no-confirm", "--report", "json=" + json, url("/missing")});
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(has(r.out, "-- verdict")) << dump(r);
    std::ifstream in(json);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(has(text.str(), "\"status\":404")) << text.str();
}

}  // namespace
