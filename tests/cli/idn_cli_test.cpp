// A list copied from a browser's address bar: an internationalised host
// name goes on the wire as its A-label (DNS, --resolve, the Host header,
// SNI and the certificate's names), non-ASCII in the path and query
// percent-encoded as UTF-8, while the report shows the line as written. An
// invalid name is one invalid_url result (FILE:LINE), and the run goes on.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/test_ca.hpp"

namespace {

namespace json = boost::json;
using namespace urlcheck::test;

constexpr std::string_view bucher =
    "b\xC3\xBC"
    "cher.test";  // bücher.test
constexpr std::string_view a_label = "xn--bcher-kva.test";

class IdnCli : public cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        server_.route("/caf%C3%A9", serve::respond(200));
    }
    std::string port() const { return std::to_string(server_.port()); }
};

TEST_F(IdnCli, TheServerSeesTheALabelAndTheEncodedTargetTheReportTheLineAsWritten) {
    const std::string written = "http://" + std::string(bucher) + ":" + port() + "/caf\xC3\xA9?q=\xC3\xBC";
    const std::string list = write_file("urls.txt", written + "\nhttps://xn--a.example/\n" + url("/caf%C3%A9") + "\n");
    // --resolve names the host either way.
    for (const std::string& host : {std::string(a_label), std::string(bucher)}) {
        SCOPED_TRACE(host);
        server_.clear_stats();
        const auto r =
            run({"--format", "json", "--method", "get", "--resolve", host + ":" + port() + ":127.0.0.1", list});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << "the invalid line is down: " << dump(r);
        const auto requests = server_.all_requests();
        ASSERT_EQ(requests.size(), 2u) << dump(r);
        EXPECT_EQ(requests[0].header("Host"), std::string(a_label) + ":" + port());
        EXPECT_EQ(requests[0].target, "/caf%C3%A9?q=%C3%BC");

        const json::array results = json::parse(r.out).at("results").as_array();
        ASSERT_EQ(results.size(), 3u) << dump(r);
        EXPECT_EQ(results[0].at("url").as_string(), written);
        EXPECT_EQ(results[0].at("final_url").as_string(),
                  "http://" + std::string(a_label) + ":" + port() + "/caf%C3%A9?q=%C3%BC");
        EXPECT_EQ(results[0].at("state").as_string(), "up") << dump(r);
        EXPECT_EQ(results[1].at("error").as_string(), "invalid_url");
        EXPECT_EQ(results[1].at("source").as_string(), list + ":2");
        EXPECT_EQ(results[1].at("message").as_string(),
                  "international host name 'xn--a.example' at column 9 is invalid: domain label has character "
                  "forbidden in non-transitional mode (TR46)");
        EXPECT_EQ(results[2].at("state").as_string(), "up") << "the run went on: " << dump(r);
    }
}

TEST_F(IdnCli, HttpsVerifiesTheCertificateIssuedForTheALabel) {
    leaf_spec spec;
    spec.common_name = std::string(a_label);
    spec.dns_names = {std::string(a_label)};
    spec.ip_addresses = {};
    test_server tls(make_server_context(make_leaf(spec)));
    tls.route("/", serve::respond(200));
    const std::string tls_port = std::to_string(tls.port());
    const std::string written =
        "https://B\xC3\x9C"
        "CHER.test:" +
        tls_port + "/";
    const auto r = run({"--format", "json", "--cacert", root_ca_file(), "--resolve",
                        std::string(a_label) + ":" + tls_port + ":127.0.0.1", written});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const json::value result = json::parse(r.out).at("results").at(0);
    EXPECT_EQ(result.at("url").as_string(), written);
    EXPECT_EQ(result.at("state").as_string(), "up") << dump(r);
    ASSERT_EQ(tls.total_requests(), 1u);
    EXPECT_EQ(tls.last_request()->header("Host"), std::string(a_label) + ":" + tls_port);
}

TEST_F(IdnCli, LintNamesAnInvalidNameByFileLineAndColumn) {
    const std::string list = write_file(
        "urls.txt", "https://" + std::string(bucher) + "/caf\xC3\xA9\n  https://xn--a.example/\n\xF0\x9F\x92\xA9.la\n");
    const auto r = run({"--lint", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.out,
              list +
                  ":2:11: international host name 'xn--a.example' is invalid: domain label has character forbidden in "
                  "non-transitional mode (TR46)\n" +
                  list +
                  ":3:1: international host name '\\xF0\\x9F\\x92\\xA9.la' is invalid: string contains a disallowed "
                  "character\n")
        << dump(r);
    EXPECT_EQ(r.err, "urlcheck: 2 problems in 1 input, 1 entry OK\n") << dump(r);
}

TEST_F(IdnCli, ExtractedRelativeLinksAndRedirectsWithUtf8AreFetchedEncoded) {
    server_.route("/to-unicode", serve::redirect(302, "/caf\xC3\xA9"));
    const std::string page = write_file("page.md", "[a](/to-unicode) and [b](caf\xC3\xA9)\n");
    const auto r = run({"--format", "json", "--method", "get", "--extract", "--base", url("/"), page});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    const json::array results = json::parse(r.out).at("results").as_array();
    ASSERT_EQ(results.size(), 2u) << dump(r);
    for (const auto& result : results) {
        EXPECT_EQ(result.at("state").as_string(), "up") << dump(r);
        EXPECT_EQ(result.at("final_url").as_string(), url("/caf%C3%A9")) << dump(r);
    }
    EXPECT_EQ(server_.requests("/caf%C3%A9"), 2u);
}

}  // namespace
