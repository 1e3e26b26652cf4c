// http_request: where a URL points (split_target) and the request header
// sent there (build_request).
#include "http_request.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <string>
#include <vector>

#include "check_spec.hpp"
#include "fetch.hpp"

namespace {

// Owning: a url_view of the caller's temporary string would dangle.
boost::urls::url parse(const std::string& text) {
    auto u = boost::urls::parse_absolute_uri(text);
    EXPECT_TRUE(u.has_value()) << text;
    return boost::urls::url(*u);
}

struct target_row {
    std::string url;
    bool insecure;
    std::string host;
    std::uint16_t port;
    bool host_is_ip;
    std::string origin;
    std::string literal;  // the endpoint's address; empty: a name to resolve
};

TEST(SplitTarget, HostPortAndOrigin) {
    const std::vector<target_row> rows = {
        {"http://example.com/", false, "example.com", 80, false, "http://example.com:80", ""},
        {"https://example.com/", false, "example.com", 443, false, "https://example.com:443", ""},
        {"https://Example.COM:8443/x", false, "example.com", 8443, false, "https://example.com:8443", ""},
        {"https://example.com./", false, "example.com", 443, false, "https://example.com:443", ""},  // FQDN dot
        {"https://user:pw@example.com/", false, "example.com", 443, false, "https://example.com:443", ""},
        {"http://127.0.0.1:8080/", false, "127.0.0.1", 8080, true, "http://127.0.0.1:8080", "127.0.0.1"},
        {"http://[::1]:81/", false, "::1", 81, true, "http://::1:81", "::1"},
        {"https://[2001:db8::1]/", false, "2001:db8::1", 443, true, "https://2001:db8::1:443", "2001:db8::1"},
        {"https://example.com/", true, "example.com", 443, false, "https://example.com:443 insecure", ""},
        {"http://example.com/", true, "example.com", 80, false, "http://example.com:80", ""},  // no TLS, no split
    };
    for (const auto& r : rows) {
        const auto t = urlcheck::split_target(parse(r.url), r.insecure);
        EXPECT_EQ(t.host, r.host) << r.url;
        EXPECT_EQ(t.port, r.port) << r.url;
        EXPECT_EQ(t.host_is_ip, r.host_is_ip) << r.url;
        EXPECT_EQ(t.origin, r.origin) << r.url;
        EXPECT_EQ(t.https, r.url.rfind("https:", 0) == 0) << r.url;
        if (r.literal.empty()) {
            EXPECT_FALSE(t.literal) << r.url;
        } else {
            ASSERT_TRUE(t.literal) << r.url;
            EXPECT_EQ(t.literal->address().to_string(), r.literal) << r.url;
            EXPECT_EQ(t.literal->port(), r.port) << r.url;
        }
    }
}

struct request_row {
    std::string url;
    std::string host;    // the Host header
    std::string target;  // the request target
};

TEST(BuildRequest, HostAndTargetAsWrittenWithoutUserinfo) {
    urlcheck::check_spec spec;
    spec.user_agent = "ua/1";
    const std::vector<request_row> rows = {
        {"http://example.com", "example.com", "/"},
        {"http://example.com:8080/a/b?x=1&y", "example.com:8080", "/a/b?x=1&y"},
        {"https://example.com:443/", "example.com:443", "/"},  // a port written stays written
        {"https://user:pw@example.com/p", "example.com", "/p"},
        {"http://[::1]:81/", "[::1]:81", "/"},
        {"http://example.com./", "example.com.", "/"},
        {"http://example.com/a%20b", "example.com", "/a%20b"},
    };
    for (const auto& r : rows) {
        const urlcheck::fetch_request request{spec, r.url, urlcheck::http_method::get, true, {}};
        const auto req = urlcheck::build_request(request, parse(r.url));
        EXPECT_EQ(req[boost::beast::http::field::host], r.host) << r.url;
        EXPECT_EQ(req.target(), r.target) << r.url;
        EXPECT_EQ(req[boost::beast::http::field::user_agent], "ua/1") << r.url;
        EXPECT_EQ(req[boost::beast::http::field::accept], "*/*") << r.url;
        EXPECT_EQ(req.version(), 11) << r.url;
    }
}

TEST(BuildRequest, MethodFollowsTheRequest) {
    urlcheck::check_spec spec;
    const urlcheck::fetch_request head{spec, "http://h/", urlcheck::http_method::head, true, {}};
    const urlcheck::fetch_request get{spec, "http://h/", urlcheck::http_method::get, true, {}};
    EXPECT_EQ(urlcheck::build_request(head, parse("http://h/")).method(), boost::beast::http::verb::head);
    EXPECT_EQ(urlcheck::build_request(get, parse("http://h/")).method(), boost::beast::http::verb::get);
}

TEST(BuildRequest, CredentialsOnlyWhileTheyMayBeSent) {
    urlcheck::check_spec spec;
    spec.headers = {{"Cookie", "c=1"}, {"X-Trace", "t"}, {"Proxy-Authorization", "Basic p"}};
    const auto url = parse("http://h/");
    urlcheck::fetch_request request{spec, "http://h/", urlcheck::http_method::get, true, "Basic dXNlcjpwdw=="};

    auto sent = urlcheck::build_request(request, url);
    EXPECT_EQ(sent[boost::beast::http::field::authorization], "Basic dXNlcjpwdw==");
    EXPECT_EQ(sent["Cookie"], "c=1");
    EXPECT_EQ(sent["Proxy-Authorization"], "Basic p");
    EXPECT_EQ(sent["X-Trace"], "t");

    request.send_credentials = false;  // a redirect left the origin
    auto withheld = urlcheck::build_request(request, url);
    EXPECT_EQ(withheld.count(boost::beast::http::field::authorization), 0u);
    EXPECT_EQ(withheld.count("Cookie"), 0u);
    EXPECT_EQ(withheld.count("Proxy-Authorization"), 0u);
    EXPECT_EQ(withheld["X-Trace"], "t");
}

TEST(BuildRequest, AnAuthorizationHeaderReplacesTheUserinfos) {
    urlcheck::check_spec spec;
    spec.headers = {{"Authorization", "Bearer t"}};
    const urlcheck::fetch_request request{spec, "http://h/", urlcheck::http_method::get, true, "Basic dTpw"};
    const auto req = urlcheck::build_request(request, parse("http://h/"));
    EXPECT_EQ(req.count(boost::beast::http::field::authorization), 1u);
    EXPECT_EQ(req[boost::beast::http::field::authorization], "Bearer t");
}

}  // namespace
