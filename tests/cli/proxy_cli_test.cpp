// The proxy settings as a user gives them to the binary: the environment
// variables (read the way curl reads them), --proxy, --noproxy and
// --no-proxy-env, through a real tinyproxy; and the proxy's password never
// in any output.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_binary.hpp"
#include "credentials.hpp"
#include "support/proxy_server.hpp"

namespace {

using namespace urlcheck::test;

class ProxyCli : public cli_binary {
protected:
    void SetUp() override {
        cli_binary::SetUp();
        if (!proxy_server::available()) GTEST_SKIP() << "SKIPPED: tinyproxy is not installed";
    }

    // The address that answered, from a json report of one URL.
    static std::string answered_by(const subprocess_result& r) {
        const std::string key = "\"remote_addr\":\"";
        const auto at = r.out.find(key);
        if (at == std::string::npos) return "(none)";
        return r.out.substr(at + key.size(), r.out.find('"', at + key.size()) - at - key.size());
    }

    subprocess_result run_env(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
        subprocess_options o = base_options();
        for (const auto& [name, value] : env) o.env[name] = value;
        return run(args, o);
    }
};

TEST_F(ProxyCli, EnvironmentIsReadLikeCurl) {
    proxy_server proxy;
    const std::string via_proxy = "127.0.0.1:" + std::to_string(proxy.port());
    const std::string direct = "127.0.0.1:" + std::to_string(server_.port());
    const std::vector<std::string> args = {"--format", "json", url("/ok")};
    struct env_case {
        std::map<std::string, std::string> env;
        std::string expected;
        const char* why;
    };
    const std::vector<env_case> cases = {
        {{{"http_proxy", proxy.url()}}, via_proxy, "http_proxy"},
        {{{"all_proxy", proxy.url()}}, via_proxy, "all_proxy as the fallback"},
        {{{"ALL_PROXY", proxy.url()}}, via_proxy, "ALL_PROXY in upper case"},
        {{{"HTTP_PROXY", proxy.url()}}, direct, "HTTP_PROXY in upper case is never read (httpoxy)"},
        {{{"https_proxy", proxy.url()}}, direct, "https_proxy is for https URLs"},
        {{{"http_proxy", proxy.url()}, {"no_proxy", "127.0.0.0/8"}}, direct, "no_proxy CIDR"},
        {{{"http_proxy", proxy.url()}, {"NO_PROXY", "127.0.0.1"}}, direct, "NO_PROXY"},
        {{{"http_proxy", proxy.url()}, {"no_proxy", "example.com"}, {"NO_PROXY", "127.0.0.1"}}, via_proxy,
         "lower case wins over upper case"},
    };
    for (const auto& c : cases) {
        const auto r = run_env(args, c.env);
        EXPECT_EQ(r.exit_code, 0) << c.why << dump(r);
        EXPECT_EQ(answered_by(r), c.expected) << c.why;
    }
    // --no-proxy-env: none of it; --noproxy replaces NO_PROXY.
    auto flags = args;
    flags.insert(flags.begin(), "--no-proxy-env");
    EXPECT_EQ(answered_by(run_env(flags, {{"http_proxy", proxy.url()}})), direct);
    flags = args;
    flags.insert(flags.begin(), {"--noproxy", ""});
    EXPECT_EQ(answered_by(run_env(flags, {{"http_proxy", proxy.url()}, {"no_proxy", "*"}})), via_proxy);
    flags = args;
    flags.insert(flags.begin(), {"--proxy", proxy.url(), "--noproxy", "127.0.0.1"});
    EXPECT_EQ(answered_by(run(flags)), direct);
}

TEST_F(ProxyCli, AnUnusableProxyIsAUsageError) {
    const auto https = run({"--proxy", "https://proxy.example:443", url("/ok")});
    EXPECT_EQ(https.exit_code, 2) << dump(https);
    EXPECT_NE(https.err.find("https:// proxies are not supported"), std::string::npos) << dump(https);
    const auto env = run_env({url("/ok")}, {{"https_proxy", "socks5://u:pw-s3cret@p:1"}});
    EXPECT_EQ(env.exit_code, 2) << dump(env);
    EXPECT_NE(env.err.find("https_proxy: socks5:// proxies are not supported"), std::string::npos) << dump(env);
    EXPECT_EQ(env.err.find("pw-s3cret"), std::string::npos) << dump(env);
}

TEST_F(ProxyCli, TheProxyPasswordIsInNoOutput) {
    proxy_server proxy({.user = "alice", .password = "pw-s3cret-proxy"});
    const std::string secret = "pw-s3cret-proxy";
    const std::string encoded = urlcheck::basic_authorization("http://alice:pw-s3cret-proxy@x/").substr(6);
    const std::string good = proxy.url(true);
    const std::string bad = "http://alice:pw-s3cret-wrong@127.0.0.1:" + std::to_string(proxy.port());
    const std::string wrong_encoded = urlcheck::basic_authorization(bad + "/").substr(6);
    std::vector<std::vector<std::string>> runs;
    for (const auto& proxy_url : {good, bad}) {
        for (const char* format : {"text", "json", "jsonl", "csv", "junit", "sarif", "markdown", "html"})
            runs.push_back({"-v", "--proxy", proxy_url, "--format", format, url("/ok"), url("/missing")});
        runs.push_back({"--proxy", proxy_url, "--explain", url("/ok")});
        runs.push_back({"--proxy", proxy_url, "--print-config"});
    }
    bool saw_explain_header = false;
    for (const auto& args : runs) {
        const auto r = run(args);
        ASSERT_FALSE(r.timed_out) << dump(r);
        for (const auto& leak : {secret, encoded, std::string("pw-s3cret-wrong"), wrong_encoded}) {
            EXPECT_EQ(r.out.find(leak), std::string::npos) << leak << " in stdout of " << args[3] << dump(r);
            EXPECT_EQ(r.err.find(leak), std::string::npos) << leak << " in stderr of " << args[3] << dump(r);
        }
        if (r.out.find("Proxy-Authorization: Basic ***") != std::string::npos) saw_explain_header = true;
    }
    EXPECT_TRUE(saw_explain_header) << "--explain shows that the header went, not its value";
    const auto printed = run({"--proxy", good, "--print-config"});
    EXPECT_NE(printed.out.find("proxy = \"http://alice:***@127.0.0.1:"), std::string::npos) << dump(printed);
    const auto passed = run({"--proxy", good, "--format", "json", url("/ok")});
    EXPECT_NE(passed.out.find("\"ok\":true"), std::string::npos) << "the right credentials pass: " << dump(passed);
}

}  // namespace
