#include "proxy.hpp"

#include <gtest/gtest.h>

namespace urlcheck {
namespace {

struct no_proxy_case {
    const char* list;
    const char* host;
    std::uint16_t port;
    bool bypass;
};

class NoProxy : public ::testing::TestWithParam<no_proxy_case> {};

TEST_P(NoProxy, Matches) {
    const auto& c = GetParam();
    EXPECT_EQ(no_proxy_matches(c.list, c.host, c.port), c.bypass)
        << "NO_PROXY=" << c.list << " host " << c.host << ":" << c.port;
}

INSTANTIATE_TEST_SUITE_P(
    Table, NoProxy,
    ::testing::Values(
        no_proxy_case{"", "example.com", 443, false},
        no_proxy_case{"*", "example.com", 443, true},
        no_proxy_case{"*", "10.1.2.3", 80, true},
        // A domain matches itself and its subdomains, with or without the leading dot (curl).
        no_proxy_case{"example.com", "example.com", 443, true},
        no_proxy_case{"example.com", "www.example.com", 443, true},
        no_proxy_case{".example.com", "example.com", 443, true},
        no_proxy_case{".example.com", "a.b.example.com", 80, true},
        no_proxy_case{"example.com", "notexample.com", 443, false},
        no_proxy_case{"ample.com", "example.com", 443, false},
        no_proxy_case{"www.example.com", "example.com", 443, false},
        no_proxy_case{"EXAMPLE.com.", "www.example.com", 443, true},
        // Lists: commas, spaces, empty entries.
        no_proxy_case{"localhost, .internal,example.org", "api.internal", 443, true},
        no_proxy_case{"localhost,,  example.org ", "example.org", 443, true},
        no_proxy_case{"localhost, .internal,example.org", "example.net", 443, false},
        // IP literals and CIDR ranges match IP hosts only (no DNS is asked).
        no_proxy_case{"127.0.0.1", "127.0.0.1", 8080, true},
        no_proxy_case{"127.0.0.1", "127.0.0.2", 8080, false},
        no_proxy_case{"10.0.0.0/8", "10.200.3.4", 443, true},
        no_proxy_case{"10.0.0.0/8", "11.0.0.1", 443, false},
        no_proxy_case{"192.168.0.0/16", "192.168.255.1", 443, true},
        no_proxy_case{"192.168.1.0/24", "192.168.2.1", 443, false},
        no_proxy_case{"0.0.0.0/0", "203.0.113.9", 443, true},
        no_proxy_case{"10.0.0.0/8", "ten.example", 443, false},
        no_proxy_case{"10.0.0.0/33", "10.0.0.1", 443, false},
        no_proxy_case{"::1", "::1", 443, true},
        no_proxy_case{"[::1]", "::1", 443, true},
        no_proxy_case{"fd00::/8", "fd12::1", 443, true},
        no_proxy_case{"fd00::/8", "fe80::1", 443, false},
        no_proxy_case{"10.0.0.0/8", "::ffff:10.0.0.1", 443, false},
        // With a port: that port only (Go's reading; curl has no port syntax).
        no_proxy_case{"example.com:8443", "example.com", 8443, true},
        no_proxy_case{"example.com:8443", "example.com", 443, false},
        no_proxy_case{"127.0.0.1:80", "127.0.0.1", 80, true},
        no_proxy_case{"[::1]:8080", "::1", 8080, true},
        no_proxy_case{"[::1]:8080", "::1", 8081, false},
        no_proxy_case{"example.com:x", "example.com", 443, false}));

struct proxy_url_case {
    const char* url;
    const char* shown;  // "" when refused
    std::uint16_t port;
    const char* authorization;
};

class ProxyUrl : public ::testing::TestWithParam<proxy_url_case> {};

TEST_P(ProxyUrl, Parses) {
    const auto& c = GetParam();
    std::string why;
    const auto p = parse_proxy_url(c.url, &why);
    if (std::string_view(c.shown).empty()) {
        EXPECT_FALSE(p) << c.url;
        EXPECT_FALSE(why.empty());
        EXPECT_EQ(why.find("secret"), std::string::npos) << "a refusal quotes no password: " << why;
        return;
    }
    ASSERT_TRUE(p) << c.url << ": " << why;
    EXPECT_EQ(p->shown, c.shown);
    EXPECT_EQ(p->port, c.port);
    EXPECT_EQ(p->authorization, c.authorization);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProxyUrl,
    ::testing::Values(
        proxy_url_case{"http://proxy.example:3128", "http://proxy.example:3128", 3128, ""},
        proxy_url_case{"http://Proxy.Example.:3128/", "http://proxy.example:3128", 3128, ""},
        proxy_url_case{"proxy.example:8080", "http://proxy.example:8080", 8080, ""},
        proxy_url_case{"http://proxy.example", "http://proxy.example:1080", 1080, ""},
        proxy_url_case{"http://[::1]:3128", "http://[::1]:3128", 3128, ""},
        proxy_url_case{"HTTP://127.0.0.1:3128", "http://127.0.0.1:3128", 3128, ""},
        // user:pass, percent-decoded: "Basic " + base64("al ice:p@ss")
        proxy_url_case{"http://al%20ice:p%40ss@proxy:3128", "http://proxy:3128", 3128, "Basic YWwgaWNlOnBAc3M="},
        proxy_url_case{"https://proxy.example:443", "", 0, ""},
        proxy_url_case{"socks5://proxy.example:1080", "", 0, ""},
        proxy_url_case{"http://u:secret@proxy.example:3128/path", "", 0, ""},
        proxy_url_case{"http://proxy.example:0", "", 0, ""},
        proxy_url_case{"http://:3128", "", 0, ""},
        proxy_url_case{"", "", 0, ""},
        proxy_url_case{"http://u:secret@proxy example", "", 0, ""}));

proxy_options with_env(proxy_environment env) {
    proxy_options o;
    o.environment = std::move(env);
    return o;
}

TEST(ProxyPlan, EnvironmentBySchemeWithAllProxyAsFallback) {
    std::string why;
    auto plan = plan_proxies(with_env({"http://h:1", "http://s:2", "http://a:3", ""}), &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_EQ(choose_proxy(*plan, false, "x.example", 80)->shown, "http://h:1");
    EXPECT_EQ(choose_proxy(*plan, true, "x.example", 443)->shown, "http://s:2");

    plan = plan_proxies(with_env({"", "", "http://a:3", ""}), &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_EQ(choose_proxy(*plan, false, "x.example", 80)->shown, "http://a:3");
    EXPECT_EQ(choose_proxy(*plan, true, "x.example", 443)->shown, "http://a:3");

    plan = plan_proxies(with_env({"http://h:1", "", "", ""}), &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_EQ(choose_proxy(*plan, true, "x.example", 443), nullptr) << "http_proxy is not for https URLs";
}

TEST(ProxyPlan, CommandLineWinsAndNoProxyEnvIgnoresTheEnvironment) {
    std::string why;
    auto options = with_env({"http://h:1", "http://s:2", "", "x.example"});
    options.url = "http://cli:9";
    auto plan = plan_proxies(options, &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_EQ(choose_proxy(*plan, true, "y.example", 443)->shown, "http://cli:9");
    EXPECT_EQ(choose_proxy(*plan, false, "y.example", 80)->shown, "http://cli:9");
    EXPECT_EQ(choose_proxy(*plan, true, "x.example", 443), nullptr) << "NO_PROXY applies to --proxy too";

    options.noproxy = "";
    plan = plan_proxies(options, &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_NE(choose_proxy(*plan, true, "x.example", 443), nullptr) << "--noproxy '' replaces NO_PROXY";

    options = with_env({"http://h:1", "http://s:2", "http://a:3", ""});
    options.use_environment = false;
    plan = plan_proxies(options, &why);
    ASSERT_TRUE(plan) << why;
    EXPECT_TRUE(plan->empty());
}

TEST(ProxyPlan, ABadVariableIsNamed) {
    std::string why;
    EXPECT_FALSE(plan_proxies(with_env({"", "https://s:2", "", ""}), &why));
    EXPECT_EQ(why.rfind("https_proxy: ", 0), 0u) << why;
    proxy_options options;
    options.url = "socks5://p:1";
    EXPECT_FALSE(plan_proxies(options, &why));
    EXPECT_EQ(why.rfind("--proxy: ", 0), 0u) << why;
}

}  // namespace
}  // namespace urlcheck

namespace urlcheck {
namespace {

struct answer_case {
    int status;
    const char* reason;
    bool credentials_sent;
    error_kind kind;
    const char* message;  // a part of it
};

class ConnectAnswer : public ::testing::TestWithParam<answer_case> {};

TEST_P(ConnectAnswer, Classified) {
    const auto& c = GetParam();
    proxy_endpoint proxy;
    proxy.shown = "http://proxy:3128";
    const failure f = classify_connect_answer(c.status, c.reason, c.credentials_sent, proxy, "site:443");
    EXPECT_EQ(f.kind, c.kind) << c.status;
    EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConnectAnswer,
    ::testing::Values(answer_case{200, "Connection established", false, error_kind::none, ""},
                      answer_case{204, "", false, error_kind::none, ""},
                      answer_case{407, "Proxy Authentication Required", false, error_kind::proxy,
                                  "proxy authentication required (407)"},
                      answer_case{407, "Proxy Authentication Required", true, error_kind::proxy,
                                  "refused the credentials"},
                      answer_case{401, "Unauthorized", true, error_kind::proxy,
                                  "refused the credentials (401)"},
                      answer_case{403, "Access violation", false, error_kind::proxy,
                                  "the proxy http://proxy:3128 refused CONNECT site:443: 403 Access violation"},
                      answer_case{500, "Unable to connect", false, error_kind::proxy, "500 Unable to connect"},
                      answer_case{502, "Bad Gateway", false, error_kind::connect,
                                  "could not reach site:443 (CONNECT answered 502 Bad Gateway)"},
                      answer_case{503, "", false, error_kind::connect, "(CONNECT answered 503)"},
                      answer_case{504, "Gateway Timeout", false, error_kind::connect, "504 Gateway Timeout"},
                      answer_case{301, "Moved", false, error_kind::proxy, "301 Moved"}));

TEST(ProxyFailure, NamesTheProxyButKeepsResource) {
    proxy_endpoint proxy;
    proxy.shown = "http://proxy:3128";
    const failure f = proxy_failure(proxy, {error_kind::connect, "connection refused"});
    EXPECT_EQ(f.kind, error_kind::proxy);
    EXPECT_EQ(f.message, "the proxy http://proxy:3128: connection refused");
    EXPECT_EQ(proxy_failure(proxy, {error_kind::resource, "EMFILE"}).kind, error_kind::resource);
}

// A password with a raw '/' ends the authority early, where redact_url
// would miss it: no message quotes the proxy URL or its path.
TEST(ParseProxyUrl, APasswordWithASlashIsNeverEchoed) {
    for (const char* written : {"http://bob:ab/cd@proxy:3128", "http://bob:12/34@proxy:3128", "bob:a/b@proxy"}) {
        std::string why;
        EXPECT_FALSE(parse_proxy_url(written, &why).has_value()) << written;
        EXPECT_EQ(why.find("ab/cd"), std::string::npos) << why;
        EXPECT_EQ(why.find("34@"), std::string::npos) << why;
        EXPECT_EQ(why.find("a/b"), std::string::npos) << why;
        EXPECT_NE(why, "");
    }
}

// An entry written in Unicode names the host's A-label.
TEST(NoProxyMatches, AUnicodeEntryMatchesTheALabel) {
    EXPECT_TRUE(no_proxy_matches("b\xC3\xBC" "cher.example", "xn--bcher-kva.example", 443));
    EXPECT_TRUE(no_proxy_matches(".B\xC3\x9C" "CHER.example", "www.xn--bcher-kva.example", 443));
    EXPECT_FALSE(no_proxy_matches("b\xC3\xBC" "cher.example", "bucher.example", 443));
}

}  // namespace
}  // namespace urlcheck
