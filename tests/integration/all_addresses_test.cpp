// --all-addresses end to end: one name served by several loopback addresses
// on one port (127.0.0.1, .2 and .3 are all loopback on Linux), given through
// --resolve, with some addresses refusing (nothing listens there). Each
// address gets its own look, the name stays in Host and SNI, and the looks
// roll up into the entry's verdict (address_rollup.hpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dns_config.hpp"
#include "support/engine_run.hpp"
#include "support/test_ca.hpp"
#include "support/test_server.hpp"
#include "urlcheck/engine.hpp"

namespace {

using namespace urlcheck;
using namespace urlcheck::test;

// Servers on 127.0.0.1, .2 and .3, all on the port the first one got;
// 127.0.0.4 and .5 on that port refuse.
class every_address {
public:
    explicit every_address(std::shared_ptr<boost::asio::ssl::context> tls = nullptr) {
        servers_.push_back(std::make_unique<test_server>(server_options{.tls = tls, .keep_alive = true}));
        port_ = servers_.front()->port();
        for (const char* address : {"127.0.0.2", "127.0.0.3"})
            servers_.push_back(std::make_unique<test_server>(
                server_options{.tls = tls, .keep_alive = true, .address = address, .port = port_}));
    }
    unsigned short port() const { return port_; }
    test_server& at(std::size_t i) { return *servers_.at(i); }
    // Every server answers `path` with `h`.
    void route(const std::string& path, const handler& h) {
        for (auto& s : servers_) s->route(path, h);
    }
    // Options resolving rr.test on this port to `addresses` ("127.0.0.1,127.0.0.4").
    check_options options(const std::string& addresses, all_addresses_mode mode = all_addresses_mode::rollup,
                          check_options o = fast_check_options()) const {
        o.resolve_overrides.push_back(parse_resolve_override(fmt::format("rr.test:{}:{}", port_, addresses)).value());
        o.all_addresses = mode;
        return o;
    }
    std::string url(const std::string& scheme = "http", const std::string& path = "/") const {
        return fmt::format("{}://rr.test:{}{}", scheme, port_, path);
    }

private:
    std::vector<std::unique_ptr<test_server>> servers_;
    unsigned short port_ = 0;
};

result check_one(const std::string& url, const check_options& o) {
    auto run = run_entries(entries_for({url}), o);
    EXPECT_EQ(run.calls.at(0), 1);
    return run.results.at(0).value_or(result{});
}

TEST(AllAddresses, AllUpIsUpWithEveryAddress) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    const result r = check_one(servers.url(), servers.options("127.0.0.1,127.0.0.2,127.0.0.3"));
    EXPECT_EQ(r.state, verdict::up) << r.message;
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.status, 200);
    ASSERT_EQ(r.addresses.size(), 3u);
    const auto p = servers.port();
    EXPECT_EQ(r.addresses[0].remote_addr, fmt::format("127.0.0.1:{}", p));
    EXPECT_EQ(r.addresses[1].remote_addr, fmt::format("127.0.0.2:{}", p));
    EXPECT_EQ(r.addresses[2].remote_addr, fmt::format("127.0.0.3:{}", p));
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(r.addresses[i].state, verdict::up);
        EXPECT_EQ(r.addresses[i].status, 200);
        // Every address was asked, under the name.
        EXPECT_EQ(servers.at(i).total_requests(), 1u) << i;
        ASSERT_TRUE(servers.at(i).last_request());
        EXPECT_EQ(servers.at(i).last_request()->header("Host"), fmt::format("rr.test:{}", p));
    }
}

TEST(AllAddresses, OneRefusingIsDegradedWithTheExactReason) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    const result r = check_one(servers.url(), servers.options("127.0.0.1,127.0.0.4,127.0.0.2"));
    EXPECT_EQ(r.state, verdict::degraded);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.error, error_kind::none);
    EXPECT_EQ(r.status, 200);  // the answering addresses'
    ASSERT_FALSE(r.reasons.empty());
    EXPECT_EQ(r.reasons[0], fmt::format("1 of 3 addresses down: 127.0.0.4:{} refused", servers.port()));
    ASSERT_EQ(r.addresses.size(), 3u);
    EXPECT_EQ(r.addresses[1].state, verdict::down);
    EXPECT_EQ(r.addresses[1].error, error_kind::connect);
    EXPECT_EQ(r.addresses[1].message, "connection refused");
}

TEST(AllAddresses, StrictMakesOneRefusingDown) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    const result r =
        check_one(servers.url(), servers.options("127.0.0.1,127.0.0.4,127.0.0.2", all_addresses_mode::strict));
    EXPECT_EQ(r.state, verdict::down);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, error_kind::connect);
    EXPECT_EQ(r.message, fmt::format("1 of 3 addresses down: 127.0.0.4:{} refused", servers.port()));
}

TEST(AllAddresses, AllRefusingIsDown) {
    every_address servers;
    const auto p = servers.port();
    const result r = check_one(servers.url(), servers.options("127.0.0.4,127.0.0.5"));
    EXPECT_EQ(r.state, verdict::down);
    EXPECT_EQ(r.error, error_kind::connect);
    EXPECT_EQ(r.message, fmt::format("all 2 addresses down: 127.0.0.4:{0} refused, 127.0.0.5:{0} refused", p));
    EXPECT_EQ(r.addresses.size(), 2u);
}

TEST(AllAddresses, OneBackendFailingNamesItsStatus) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    servers.at(2).route("/", serve::respond(503, {}, "sick"));
    const result r = check_one(servers.url(), servers.options("127.0.0.1,127.0.0.2,127.0.0.3"));
    EXPECT_EQ(r.state, verdict::degraded);
    ASSERT_FALSE(r.reasons.empty());
    EXPECT_EQ(r.reasons[0], fmt::format("1 of 3 addresses down: 127.0.0.3:{} HTTP 503", servers.port()));
    EXPECT_EQ(r.addresses[2].status, 503);
}

TEST(AllAddresses, WithoutTheOptionOneAddressAnswers) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    const result r =
        check_one(servers.url(), servers.options("127.0.0.1,127.0.0.2,127.0.0.3", all_addresses_mode::off));
    EXPECT_EQ(r.state, verdict::up);
    EXPECT_TRUE(r.addresses.empty());
    EXPECT_EQ(servers.at(0).total_requests() + servers.at(1).total_requests() + servers.at(2).total_requests(), 1u);
}

TEST(AllAddresses, AnIpLiteralIsOneAddressAsToday) {
    every_address servers;
    servers.route("/", serve::respond(200, {}, "ok"));
    const result r = check_one(servers.at(0).url("/"), servers.options("127.0.0.1"));
    EXPECT_EQ(r.state, verdict::up);
    EXPECT_TRUE(r.addresses.empty());
}

TEST(AllAddresses, HttpsOnEveryAddressVerifiesTheName) {
    // A certificate for the name only: verifying against an address would fail.
    leaf_spec spec;
    spec.common_name = "rr.test";
    spec.dns_names = {"rr.test"};
    spec.ip_addresses = {};
    every_address servers(make_server_context(make_leaf(spec)));
    servers.route("/", serve::respond(200, {}, "secure"));
    const result r = check_one(servers.url("https"), servers.options("127.0.0.1,127.0.0.2,127.0.0.3",
                                                                     all_addresses_mode::rollup,
                                                                     fast_tls_check_options()));
    EXPECT_EQ(r.state, verdict::up) << r.message << (r.reasons.empty() ? "" : " / " + r.reasons[0]);
    ASSERT_EQ(r.addresses.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(r.addresses[i].state, verdict::up) << r.addresses[i].message;
        EXPECT_EQ(servers.at(i).total_requests(), 1u) << i;
    }
    EXPECT_TRUE(r.tls);
}

TEST(AllAddresses, RedirectsOnTheSameHostStayOnTheirAddress) {
    every_address servers;
    servers.route("/", serve::redirect(301, "/final"));
    servers.route("/final", serve::respond(200, {}, "ok"));
    const result r = check_one(servers.url(), servers.options("127.0.0.1,127.0.0.2,127.0.0.3"));
    EXPECT_EQ(r.state, verdict::up) << r.message;
    EXPECT_EQ(r.redirects, 1);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(servers.at(i).requests("/final"), 1u) << i;
}

TEST(AllAddresses, ARedirectToAnotherHostResolvesNormally) {
    every_address servers;
    test_server elsewhere;
    elsewhere.route("/there", serve::respond(200, {}, "ok"));
    servers.route("/", serve::redirect(302, elsewhere.url("/there")));
    const result r = check_one(servers.url(), servers.options("127.0.0.1,127.0.0.2,127.0.0.3"));
    EXPECT_EQ(r.state, verdict::up) << r.message;
    EXPECT_EQ(r.addresses.size(), 3u);
    // Each look followed the redirect to the other host's one address.
    EXPECT_EQ(elsewhere.requests("/there"), 3u);
}

TEST(AllAddresses, ConnectionsPinnedToOneAddressAreNotReusedForAnother) {
    every_address servers;
    servers.route("/a", serve::respond(200, {}, "ok"));
    servers.route("/b", serve::respond(200, {}, "ok"));
    // Two entries of one name: the second's looks may reuse the first's
    // connections, but only each on its own address.
    auto o = servers.options("127.0.0.1,127.0.0.2,127.0.0.3");
    o.concurrency = 1;
    auto run = run_entries(entries_for({servers.url("http", "/a"), servers.url("http", "/b")}), o);
    for (std::size_t e = 0; e < 2; ++e) {
        ASSERT_TRUE(run.results[e]);
        EXPECT_EQ(run.results[e]->state, verdict::up);
    }
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(servers.at(i).requests("/a"), 1u) << i;
        EXPECT_EQ(servers.at(i).requests("/b"), 1u) << i;
    }
}

}  // namespace
