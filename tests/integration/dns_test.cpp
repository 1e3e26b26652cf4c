// The c-ares resolver against an in-process DNS server: answers and the
// error each DNS outcome maps to, deadlines, the retry schedule (lost
// queries, resolv.conf's options), single flight, the run cache and its cap,
// --resolve overrides, concurrency and its cap, running out of descriptors,
// and teardown mid-query. Also the parsers behind --dns-server and --resolve.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "dns.hpp"
#include "dns_config.hpp"
#include "support/descriptors.hpp"
#include "support/test_dns_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
using urlcheck::test::test_dns_server;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

asio::awaitable<void> resolve_into(dns_resolver& dns, std::string name, std::uint16_t port,
                                   clock_type::time_point deadline, resolved& out, clock_type::time_point& done_at) {
    out = co_await dns.resolve(std::move(name), port, deadline);
    done_at = clock_type::now();
}

dns_config config_for(const test_dns_server& server) {
    dns_config config;
    config.servers = parse_dns_servers(server.server()).value();
    // The machine's `options timeout:` would change the schedule the tests
    // time; the tests about those options write their own file.
    config.resolv_conf.clear();
    return config;
}

// A resolv.conf of the test's own, removed with the object.
class temp_resolv_conf {
public:
    explicit temp_resolv_conf(const std::string& text)
        : path_(std::filesystem::temp_directory_path() / fmt::format("urlcheck-resolv-{}.conf", ::getpid())) {
        std::ofstream(path_) << text;
    }
    ~temp_resolv_conf() { std::filesystem::remove(path_); }
    temp_resolv_conf(const temp_resolv_conf&) = delete;
    temp_resolv_conf& operator=(const temp_resolv_conf&) = delete;
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

// An io_context and a resolver on it; resolves batches of names
// concurrently. The run ends when every caller has its answer, even though
// c-ares may still be waiting for a server that never answers (its timer
// would otherwise keep run() going): as in the engine, the loop is stopped.
class resolver_harness {
public:
    explicit resolver_harness(dns_config config) : dns_(std::in_place, ioc_.get_executor(), std::move(config)) {}

    struct batch {
        std::vector<resolved> answers;
        std::vector<clock_type::duration> latencies;
        clock_type::duration wall{};
    };

    batch resolve_all(const std::vector<std::string>& names, std::chrono::milliseconds timeout,
                      std::uint16_t port = 80) {
        batch out;
        out.answers.resize(names.size());
        std::vector<clock_type::time_point> done_at(names.size());
        const auto start = clock_type::now();
        std::size_t pending = names.size();
        for (std::size_t i = 0; i < names.size(); ++i) {
            asio::co_spawn(ioc_, resolve_into(*dns_, names[i], port, start + timeout, out.answers[i], done_at[i]),
                           [&](std::exception_ptr e) {
                               if (e) std::rethrow_exception(e);
                               if (--pending == 0) ioc_.stop();
                           });
        }
        ioc_.restart();
        ioc_.run();
        out.wall = clock_type::now() - start;
        for (auto t : done_at) out.latencies.push_back(t - start);
        return out;
    }

    resolved resolve(const std::string& name, std::chrono::milliseconds timeout = 2s, std::uint16_t port = 80) {
        return resolve_all({name}, timeout, port).answers.front();
    }

    dns_resolver& dns() { return *dns_; }
    asio::io_context& ioc() { return ioc_; }
    void destroy_resolver() { dns_.reset(); }

private:
    asio::io_context ioc_;               // declared first: outlives the resolver
    std::optional<dns_resolver> dns_;
};

std::vector<std::string> addresses_of(const resolved& r) {
    std::vector<std::string> out;
    for (const auto& ep : r.endpoints) out.push_back(ep.address().to_string());
    std::sort(out.begin(), out.end());
    return out;
}

// ---------------------------------------------------------------------------

TEST(Dns, ResolvesAandAAAA) {
    test_dns_server server;
    server.add("both.test", "192.0.2.10").add("both.test", "2001:db8::10").add("both.test", "192.0.2.11");
    resolver_harness h(config_for(server));
    auto r = h.resolve("both.test", 2s, 8443);
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(addresses_of(r), (std::vector<std::string>{"192.0.2.10", "192.0.2.11", "2001:db8::10"}));
    for (const auto& ep : r.endpoints) EXPECT_EQ(ep.port(), 8443);
    EXPECT_EQ(server.queries("both.test", test_dns_server::type_a), 1u);
    EXPECT_EQ(server.queries("both.test", test_dns_server::type_aaaa), 1u);
}

TEST(Dns, NamesAreCaseInsensitiveAndMayEndInADot) {
    test_dns_server server;
    server.add("case.test", "192.0.2.1");
    resolver_harness h(config_for(server));
    EXPECT_FALSE(h.resolve("Case.TEST").ec);
    EXPECT_FALSE(h.resolve("case.test.").ec);
    EXPECT_EQ(server.queries("case.test"), 2u);  // one lookup (A + AAAA), then the cache
}

TEST(Dns, NxdomainIsHostNotFound) {
    test_dns_server server;
    resolver_harness h(config_for(server));
    auto r = h.resolve("missing.test");
    EXPECT_EQ(r.ec, asio::error::host_not_found) << r.ec.message();
    EXPECT_TRUE(r.endpoints.empty());
}

TEST(Dns, ServfailIsTemporaryFailure) {
    test_dns_server server;
    server.set_rcode("broken.test", test_dns_server::servfail);
    resolver_harness h(config_for(server));
    auto r = h.resolve("broken.test", 5s);
    EXPECT_EQ(r.ec, asio::error::host_not_found_try_again) << r.ec.message();
}

TEST(Dns, RefusedIsTemporaryFailure) {
    test_dns_server server;
    server.set_rcode("refused.test", test_dns_server::refused);
    resolver_harness h(config_for(server));
    auto r = h.resolve("refused.test", 5s);
    EXPECT_EQ(r.ec, asio::error::host_not_found_try_again) << r.ec.message();
}

TEST(Dns, EmptyAnswerIsNoData) {
    test_dns_server server;
    server.add_empty("empty.test");
    resolver_harness h(config_for(server));
    auto r = h.resolve("empty.test");
    EXPECT_EQ(r.ec, asio::error::no_data) << r.ec.message();
}

TEST(Dns, DeadlinePassesWhileServerNeverAnswers) {
    test_dns_server server;
    server.set_never_answer(true);
    resolver_harness h(config_for(server));
    auto b = h.resolve_all({"silent.test"}, 200ms);
    EXPECT_EQ(b.answers[0].ec, asio::error::timed_out) << b.answers[0].ec.message();
    EXPECT_GE(b.wall, 190ms);
    EXPECT_LT(b.wall, 1s);
    EXPECT_GE(server.queries("silent.test"), 1u);
}

TEST(Dns, ALostFirstQueryCostsAboutASecond) {
    test_dns_server server;
    server.add("lossy.test", "192.0.2.8");
    server.set_drop_first(1);  // both the A and the AAAA query lose their first packet
    resolver_harness h(config_for(server));
    auto b = h.resolve_all({"lossy.test"}, 5s);  // the default --connect-timeout
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(b.wall).count();
    std::printf("[ figures  ] first query of each type dropped: answered in %lld ms\n", static_cast<long long>(ms));
    ASSERT_FALSE(b.answers[0].ec) << b.answers[0].ec.message();
    EXPECT_EQ(addresses_of(b.answers[0]), std::vector<std::string>{"192.0.2.8"});
    EXPECT_LT(b.wall, 3s);
    EXPECT_EQ(server.queries("lossy.test", test_dns_server::type_a), 2u);
}

TEST(Dns, ResolvConfTimeoutReplacesTheFirstTry) {
    test_dns_server server;
    server.add("lossy.test", "192.0.2.8");
    server.set_drop_first(1);
    temp_resolv_conf file("nameserver 192.0.2.53\noptions ndots:1 timeout:2 rotate\n");
    dns_config config = config_for(server);
    config.resolv_conf = file.path();
    resolver_harness h(std::move(config));
    auto b = h.resolve_all({"lossy.test"}, 5s);
    ASSERT_FALSE(b.answers[0].ec) << b.answers[0].ec.message();
    EXPECT_GE(b.wall, 1900ms);  // the retransmission waited for timeout:2
    EXPECT_LT(b.wall, 3500ms);
}

TEST(Dns, ResolvConfAttemptsCapsTheTries) {
    test_dns_server server;
    server.add("lossy.test", "192.0.2.8");
    server.set_drop_first(1);
    temp_resolv_conf file("options attempts:1\n");
    dns_config config = config_for(server);
    config.resolv_conf = file.path();
    resolver_harness h(std::move(config));
    auto b = h.resolve_all({"lossy.test"}, 5s);
    // One try and no retransmission: no answer within the first second.
    EXPECT_EQ(b.answers[0].ec, asio::error::host_not_found_try_again) << b.answers[0].ec.message();
    EXPECT_LT(b.wall, 2s);
    EXPECT_EQ(server.queries("lossy.test", test_dns_server::type_a), 1u);
}

TEST(Dns, OneCallerTimingOutLeavesTheLookupToOthers) {
    test_dns_server server;
    server.add("slow.test", "192.0.2.7");
    server.set_delay(300ms);
    resolver_harness h(config_for(server));
    std::vector<resolved> answers(2);
    std::vector<clock_type::time_point> done(2);
    const auto start = clock_type::now();
    std::size_t pending = 2;
    auto finished = [&](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
        if (--pending == 0) h.ioc().stop();
    };
    asio::co_spawn(h.ioc(), resolve_into(h.dns(), "slow.test", 80, start + 50ms, answers[0], done[0]), finished);
    asio::co_spawn(h.ioc(), resolve_into(h.dns(), "slow.test", 80, start + 3s, answers[1], done[1]), finished);
    h.ioc().run();
    EXPECT_EQ(answers[0].ec, asio::error::timed_out);
    EXPECT_LT(done[0] - start, 250ms);
    ASSERT_FALSE(answers[1].ec) << answers[1].ec.message();
    EXPECT_EQ(addresses_of(answers[1]), std::vector<std::string>{"192.0.2.7"});
    EXPECT_EQ(server.queries("slow.test", test_dns_server::type_a), 1u);
}

TEST(Dns, SingleFlight) {
    test_dns_server server;
    server.add("popular.test", "192.0.2.20");
    server.set_delay(50ms);  // all 100 callers arrive while the query is out
    resolver_harness h(config_for(server));
    auto b = h.resolve_all(std::vector<std::string>(100, "popular.test"), 3s);
    for (const auto& r : b.answers) {
        ASSERT_FALSE(r.ec) << r.ec.message();
        EXPECT_EQ(addresses_of(r), std::vector<std::string>{"192.0.2.20"});
    }
    EXPECT_EQ(server.queries("popular.test", test_dns_server::type_a), 1u);
    EXPECT_EQ(server.queries("popular.test", test_dns_server::type_aaaa), 1u);
    EXPECT_EQ(h.dns().stats().lookups_started, 1u);
    EXPECT_EQ(h.dns().stats().joined, 99u);
}

TEST(Dns, AnswersAreCachedForTheRun) {
    test_dns_server server;
    server.add("cached.test", "192.0.2.30");
    resolver_harness h(config_for(server));
    EXPECT_FALSE(h.resolve("cached.test", 2s, 80).ec);
    auto again = h.resolve("cached.test", 2s, 443);  // another port: the same lookup
    ASSERT_FALSE(again.ec);
    EXPECT_EQ(again.endpoints.at(0).port(), 443);
    EXPECT_EQ(server.queries("cached.test"), 2u);
    EXPECT_EQ(h.dns().stats().cache_hits, 1u);
}

TEST(Dns, NegativeAnswersAreCachedForTheRun) {
    test_dns_server server;
    server.set_rcode("failing.test", test_dns_server::servfail);
    server.add_empty("noaddr.test");
    resolver_harness h(config_for(server));
    for (int round = 0; round < 3; ++round) {
        EXPECT_EQ(h.resolve("nx.test").ec, asio::error::host_not_found);
        EXPECT_EQ(h.resolve("failing.test", 5s).ec, asio::error::host_not_found_try_again);
        EXPECT_EQ(h.resolve("noaddr.test").ec, asio::error::no_data);
    }
    EXPECT_EQ(server.queries("nx.test", test_dns_server::type_a), 1u);
    EXPECT_EQ(server.queries("noaddr.test", test_dns_server::type_a), 1u);
    EXPECT_EQ(h.dns().stats().lookups_started, 3u);
    EXPECT_EQ(h.dns().stats().cache_hits, 6u);
}

TEST(Dns, TheCacheKeepsTheMostRecentlyUsedNames) {
    test_dns_server server;
    std::vector<std::string> names;
    for (int i = 0; i < 30; ++i) {
        names.push_back(fmt::format("n{}.lru.test", i));
        server.add(names.back(), "192.0.2.1");
    }
    server.add_empty("empty.lru.test");
    dns_config config = config_for(server);
    config.max_cached_names = 10;
    resolver_harness h(std::move(config));
    EXPECT_FALSE(h.resolve(names[0]).ec);
    EXPECT_EQ(h.resolve("nx.lru.test").ec, asio::error::host_not_found);  // negative answers count too
    EXPECT_EQ(h.resolve("empty.lru.test").ec, asio::error::no_data);
    for (int i = 1; i < 30; ++i) {
        EXPECT_FALSE(h.resolve(names[static_cast<std::size_t>(i)]).ec);
        EXPECT_FALSE(h.resolve(names[0]).ec);  // kept in use: never the least recently used
    }
    EXPECT_EQ(h.dns().stats().evicted, 22u);  // 32 names, 10 kept
    EXPECT_EQ(server.queries(names[0]), 2u);  // looked up once
    // The oldest ones are gone and asked again; the newest are still there.
    EXPECT_EQ(h.resolve("nx.lru.test").ec, asio::error::host_not_found);
    EXPECT_EQ(server.queries("nx.lru.test"), 4u);
    EXPECT_FALSE(h.resolve(names[29]).ec);
    EXPECT_EQ(server.queries(names[29]), 2u);
    EXPECT_FALSE(h.resolve(names[1]).ec);
    EXPECT_EQ(server.queries(names[1]), 4u);
}

TEST(Dns, TheCacheCapNeverDropsALookupInProgress) {
    test_dns_server server;
    server.set_delay(100ms);  // every lookup is in progress while the others finish
    std::vector<std::string> names;
    for (int i = 0; i < 40; ++i) {
        names.push_back(fmt::format("n{}.busy.test", i % 20));  // each name twice: single flight
        if (i < 20) server.add(names.back(), fmt::format("192.0.2.{}", i + 1));
    }
    dns_config config = config_for(server);
    config.max_cached_names = 1;
    resolver_harness h(std::move(config));
    auto b = h.resolve_all(names, 3s);
    for (std::size_t i = 0; i < names.size(); ++i) {
        ASSERT_FALSE(b.answers[i].ec) << names[i] << ": " << b.answers[i].ec.message();
        EXPECT_EQ(addresses_of(b.answers[i]), std::vector<std::string>{fmt::format("192.0.2.{}", i % 20 + 1)});
    }
    EXPECT_EQ(h.dns().stats().lookups_started, 20u);
    EXPECT_EQ(h.dns().stats().joined, 20u);
    EXPECT_EQ(h.dns().stats().evicted, 19u);
}

TEST(Dns, OutOfDescriptorsIsSaidAndNotKept) {
    URLCHECK_SKIP_IF_SANITIZERS_NEED_DESCRIPTORS();
    test_dns_server server;
    server.add("fd.test", "192.0.2.9");
    resolver_harness h(config_for(server));  // c-ares reads its files now, before the limit
    {
        test::descriptors_used_up full;
        auto r = h.resolve("fd.test");
        EXPECT_EQ(r.ec, asio::error::no_descriptors) << r.ec.message();
    }
    EXPECT_EQ(server.queries("fd.test"), 0u);
    // Not a DNS failure kept for the run: the next caller asks.
    auto r = h.resolve("fd.test");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(addresses_of(r), std::vector<std::string>{"192.0.2.9"});
    EXPECT_EQ(h.dns().stats().lookups_started, 2u);
}

TEST(Dns, UnreachableServerIsTemporaryFailure) {
    // Nothing listens on the server's port once it is gone: the query is
    // refused (ICMP port unreachable) and c-ares gives up at once.
    std::string address;
    {
        test_dns_server gone;
        address = gone.server();
    }
    dns_config config;
    config.servers = parse_dns_servers(address).value();
    resolver_harness h(std::move(config));
    auto b = h.resolve_all({"any.test"}, 3s);
    EXPECT_EQ(b.answers[0].ec, asio::error::host_not_found_try_again) << b.answers[0].ec.message();
    EXPECT_LT(b.wall, 1s);
}

TEST(Dns, ResolveOverrideNeedsNoQuery) {
    test_dns_server server;
    dns_config config = config_for(server);
    config.overrides.push_back(parse_resolve_override("pinned.test:443:192.0.2.99,[2001:db8::99]").value());
    config.overrides.push_back(parse_resolve_override("*:8443:192.0.2.77").value());
    resolver_harness h(std::move(config));
    auto r = h.resolve("PINNED.test", 2s, 443);
    ASSERT_FALSE(r.ec) << r.ec.message();
    ASSERT_EQ(r.endpoints.size(), 2u);
    EXPECT_EQ(r.endpoints[0], tcp::endpoint(asio::ip::make_address("192.0.2.99"), 443));  // order as given
    EXPECT_EQ(r.endpoints[1], tcp::endpoint(asio::ip::make_address("2001:db8::99"), 443));
    auto wild = h.resolve("whatever.test", 2s, 8443);
    ASSERT_FALSE(wild.ec);
    EXPECT_EQ(addresses_of(wild), std::vector<std::string>{"192.0.2.77"});
    EXPECT_EQ(server.total_queries(), 0u);
    // Another port is not covered by the override and goes to DNS.
    EXPECT_EQ(h.resolve("pinned.test", 2s, 80).ec, asio::error::host_not_found);
    EXPECT_GE(server.queries("pinned.test"), 1u);
}

TEST(Dns, IpLiteralsNeverReachDns) {
    test_dns_server server;
    resolver_harness h(config_for(server));
    auto v4 = h.resolve("127.0.0.1", 2s, 81);
    ASSERT_FALSE(v4.ec);
    EXPECT_EQ(v4.endpoints.at(0), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 81));
    auto v6 = h.resolve("::1");
    ASSERT_FALSE(v6.ec);
    EXPECT_EQ(v6.endpoints.at(0).address(), asio::ip::make_address("::1"));
    EXPECT_EQ(server.total_queries(), 0u);
    EXPECT_EQ(h.dns().stats().lookups_started, 0u);
}

TEST(Dns, HostsFileIsHonoured) {
    // Every system this runs on maps localhost in /etc/hosts.
    test_dns_server server;
    resolver_harness h(config_for(server));
    auto r = h.resolve("localhost");
    ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_FALSE(r.endpoints.empty());
    for (const auto& ep : r.endpoints) EXPECT_TRUE(ep.address().is_loopback()) << ep.address().to_string();
    EXPECT_EQ(server.queries("localhost"), 0u);
}

TEST(Dns, FamilyFilter) {
    test_dns_server server;
    server.add("dual.test", "192.0.2.40").add("dual.test", "2001:db8::40").add("v4only.test", "192.0.2.41");
    {
        dns_config config = config_for(server);
        config.family = address_family::v4;
        resolver_harness h(std::move(config));
        auto r = h.resolve("dual.test");
        ASSERT_FALSE(r.ec);
        EXPECT_EQ(addresses_of(r), std::vector<std::string>{"192.0.2.40"});
        EXPECT_EQ(server.queries("dual.test", test_dns_server::type_aaaa), 0u);  // not even asked
        auto literal = h.resolve("::1");
        EXPECT_EQ(literal.ec, asio::error::no_data);
    }
    {
        dns_config config = config_for(server);
        config.family = address_family::v6;
        resolver_harness h(std::move(config));
        auto r = h.resolve("dual.test");
        ASSERT_FALSE(r.ec);
        EXPECT_EQ(addresses_of(r), std::vector<std::string>{"2001:db8::40"});
        EXPECT_EQ(h.resolve("v4only.test").ec, asio::error::no_data);
    }
}

TEST(Dns, ManyNamesResolveConcurrently) {
    test_dns_server server;
    server.set_delay(50ms);
    std::vector<std::string> names;
    for (int i = 0; i < 300; ++i) {
        names.push_back(fmt::format("host{}.bulk.test", i));
        server.add(names.back(), fmt::format("192.0.2.{}", i % 250 + 1));
    }
    resolver_harness h(config_for(server));
    auto b = h.resolve_all(names, 10s);
    for (const auto& r : b.answers) ASSERT_FALSE(r.ec) << r.ec.message();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(b.wall).count();
    std::printf("[ figures  ] 300 names (600 queries), server delay 50 ms: %lld ms; peak %zu queries at the server\n",
                static_cast<long long>(ms), server.max_outstanding());
    // One after another would take 300 x 50 ms = 15 s; 250 queries at a
    // time need 3 rounds. The bound is generous for slow CI machines.
    EXPECT_LT(b.wall, 3s);
    EXPECT_EQ(server.total_queries(), 600u);
}

TEST(Dns, InFlightCapIsRespected) {
    test_dns_server server;
    server.set_delay(100ms);
    std::vector<std::string> names;
    for (int i = 0; i < 400; ++i) {
        names.push_back(fmt::format("n{}.cap.test", i));
        server.add(names.back(), "192.0.2.1");
    }
    resolver_harness h(config_for(server));
    auto b = h.resolve_all(names, 10s);
    for (const auto& r : b.answers) ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_LE(server.max_outstanding(), 250u);
    EXPECT_GE(server.max_outstanding(), 200u);  // and the cap is actually used
    EXPECT_LE(h.dns().stats().peak_queries_in_flight, 250u);
    EXPECT_GT(h.dns().stats().peak_queued, 0u);
}

TEST(Dns, QueuedLookupsKeepFifoOrder) {
    test_dns_server server;
    server.set_delay(30ms);
    std::vector<std::string> names;
    for (int i = 0; i < 20; ++i) {
        names.push_back(fmt::format("f{}.fifo.test", i));
        server.add(names.back(), "192.0.2.1");
    }
    dns_config config = config_for(server);
    config.max_queries_in_flight = 2;  // one lookup (A + AAAA) at a time
    resolver_harness h(std::move(config));
    auto b = h.resolve_all(names, 10s);
    for (const auto& r : b.answers) ASSERT_FALSE(r.ec) << r.ec.message();
    EXPECT_TRUE(std::is_sorted(b.latencies.begin(), b.latencies.end()));
    EXPECT_EQ(server.max_outstanding(), 2u);
}

TEST(Dns, AbandonedQueuedLookupsAreSkipped) {
    test_dns_server server;
    server.set_delay(300ms);
    for (const char* name : {"first.test", "second.test", "third.test", "fourth.test"}) server.add(name, "192.0.2.1");
    dns_config config = config_for(server);
    config.max_queries_in_flight = 2;  // first.test holds the only slot
    resolver_harness h(std::move(config));
    auto b = h.resolve_all({"first.test", "second.test", "third.test"}, 100ms);
    for (const auto& r : b.answers) EXPECT_EQ(r.ec, asio::error::timed_out);
    // When first.test's answer frees the slot, nobody waits for second and
    // third any more: the slot goes to fourth.test.
    auto r = h.resolve("fourth.test", 3s);
    EXPECT_FALSE(r.ec) << r.ec.message();
    EXPECT_EQ(server.queries("second.test"), 0u);
    EXPECT_EQ(server.queries("third.test"), 0u);
    EXPECT_EQ(server.queries("fourth.test"), 2u);
    // A later caller for an abandoned name starts a fresh lookup.
    EXPECT_FALSE(h.resolve("second.test", 3s).ec);
}

TEST(Dns, DestroyedMidQueryWakesWaitersWithAbort) {
    test_dns_server server;
    server.set_never_answer(true);
    resolver_harness h(config_for(server));
    std::vector<resolved> answers(3);
    std::vector<clock_type::time_point> done(3);
    std::size_t finished = 0;
    for (std::size_t i = 0; i < answers.size(); ++i)
        asio::co_spawn(h.ioc(),
                       resolve_into(h.dns(), fmt::format("q{}.test", i % 2), 80, clock_type::now() + 10s,
                                    answers[i], done[i]),
                       [&](std::exception_ptr e) {
                           if (e) std::rethrow_exception(e);
                           ++finished;
                       });
    h.ioc().run_for(100ms);
    ASSERT_EQ(finished, 0u);
    ASSERT_GE(server.total_queries(), 2u);  // queries are out
    h.destroy_resolver();
    h.ioc().restart();
    h.ioc().run_for(1s);
    EXPECT_EQ(finished, 3u);
    for (const auto& r : answers) EXPECT_EQ(r.ec, asio::error::operation_aborted);
}

TEST(Dns, TeardownLikeSigint) {
    // The engine's order on Ctrl-C: the io_context is stopped with queries
    // out and callers suspended, the resolver is destroyed, then the
    // io_context (and the suspended callers' frames with it). ASan checks
    // nothing freed is touched.
    test_dns_server server;
    server.set_never_answer(true);
    auto ioc = std::make_unique<asio::io_context>();
    auto dns = std::make_unique<dns_resolver>(ioc->get_executor(), config_for(server));
    std::vector<resolved> answers(50);
    std::vector<clock_type::time_point> done(50);
    for (std::size_t i = 0; i < answers.size(); ++i)
        asio::co_spawn(*ioc,
                       resolve_into(*dns, fmt::format("t{}.test", i % 7), 80, clock_type::now() + 10s,
                                    answers[i], done[i]),
                       asio::detached);
    ioc->run_for(100ms);
    ioc->stop();
    dns.reset();
    ioc.reset();
    SUCCEED();
}

// ---------------------------------------------------------------------------

TEST(DnsConfig, ParsesServers) {
    auto s = parse_dns_servers("192.0.2.1, 192.0.2.2:5353,[2001:db8::1]:53,[::1],2001:db8::2");
    ASSERT_TRUE(s);
    ASSERT_EQ(s->size(), 5u);
    EXPECT_EQ((*s)[0].address.to_string(), "192.0.2.1");
    EXPECT_EQ((*s)[0].port, 53);
    EXPECT_EQ((*s)[1].port, 5353);
    EXPECT_EQ((*s)[2].address.to_string(), "2001:db8::1");
    EXPECT_EQ((*s)[3].address.to_string(), "::1");
    EXPECT_EQ((*s)[4].address.to_string(), "2001:db8::2");
    EXPECT_EQ((*s)[4].port, 53);
}

TEST(DnsConfig, RejectsBadServers) {
    for (const char* bad : {"", "dns.google", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:x", "[::1", "[::1]x",
                            "[192.0.2.1]:53", "192.0.2.1,", "1.2.3.4.5", "[::1]:"}) {
        std::string error;
        EXPECT_FALSE(parse_dns_servers(bad, &error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(DnsConfig, ParsesResolveOverrides) {
    auto o = parse_resolve_override("Example.COM.:443:192.0.2.1,[2001:db8::1],2001:db8::2");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->host, "example.com");
    EXPECT_EQ(o->port, 443);
    ASSERT_EQ(o->addresses.size(), 3u);
    EXPECT_EQ(o->addresses[1].to_string(), "2001:db8::1");
    EXPECT_EQ(o->addresses[2].to_string(), "2001:db8::2");
    EXPECT_TRUE(parse_resolve_override("+a.test:80:192.0.2.1"));
    EXPECT_EQ(parse_resolve_override("*:80:192.0.2.1")->host, "*");
}

TEST(DnsConfig, RejectsBadOverrides) {
    for (const char* bad : {"a.test", "a.test:443", "a.test:443:", "a.test:0:192.0.2.1", "a.test:http:192.0.2.1",
                            ":443:192.0.2.1", "a.test:443:192.0.2.1,", "a.test:443:nope", "-a.test:443",
                            "[::1]:443:192.0.2.1"}) {
        std::string error;
        EXPECT_FALSE(parse_resolve_override(bad, &error)) << bad;
        EXPECT_NE(error.find("HOST:PORT:ADDR"), std::string::npos) << error;
    }
}

TEST(DnsConfig, ParsesResolverOptions) {
    resolver_options o;
    parse_resolver_options("# options timeout:9\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n"
                           "options ndots:2 timeout:3\n\toptions  attempts:4 rotate\nsearch example.com\n"
                           "nameserver\n",
                           o);
    EXPECT_EQ(o.timeout, std::chrono::milliseconds(3000));
    EXPECT_EQ(o.attempts, 4);
    EXPECT_EQ(o.nameservers, 2u);
    parse_resolver_options("timeout:1 attempts:x", o, true);  // RES_OPTIONS: no keyword; it wins
    EXPECT_EQ(o.timeout, std::chrono::milliseconds(1000));
    EXPECT_EQ(o.attempts, 4);  // not a number: ignored
    resolver_options clamped;
    parse_resolver_options("options timeout:0 attempts:99", clamped);
    EXPECT_EQ(clamped.timeout, std::chrono::milliseconds(1000));  // as glibc: 1..30 s, 1..5 attempts
    EXPECT_EQ(clamped.attempts, 5);
    parse_resolver_options("options timeout:60 attempts:0", clamped);
    EXPECT_EQ(clamped.timeout, std::chrono::milliseconds(30000));
    EXPECT_EQ(clamped.attempts, 1);
    resolver_options none;
    parse_resolver_options("nameserver 192.0.2.1\noptions edns0 retrans:2000\n", none);
    EXPECT_FALSE(none.timeout);
    EXPECT_FALSE(none.attempts);
}

TEST(DnsConfig, RetrySchedule) {
    using std::chrono::milliseconds;
    const resolver_options none;
    struct row {
        milliseconds budget;
        std::size_t servers;
        bool paired;
        milliseconds first_try;
        int tries;
    };
    for (const auto& [budget, servers, paired, first_try, tries] : std::vector<row>{
             {milliseconds(5000), 1, false, milliseconds(1000), 3},   // 1 + 2 + 4 s covers 5 s
             {milliseconds(5000), 1, true, milliseconds(1000), 4},    // made even for A + AAAA
             {milliseconds(5000), 0, false, milliseconds(1000), 3},   // no nameserver line: c-ares asks one
             {milliseconds(5000), 2, false, milliseconds(1000), 2},   // (1 + 1) + (2 + 2) s
             {milliseconds(3000), 1, false, milliseconds(1000), 2},   // 1 + 2 s
             {milliseconds(500), 1, false, milliseconds(1000), 1},    // the deadline ends the first try
             {milliseconds(30000), 1, false, milliseconds(1000), 5},  // 1 + 2 + 4 + 8 + 16 s
             {milliseconds(100000000), 1, false, milliseconds(1000), 8},  // capped
         }) {
        const auto s = retry_schedule(budget, servers, none, paired);
        EXPECT_EQ(s.first_try, first_try) << budget.count() << " ms, " << servers << " servers";
        EXPECT_EQ(s.tries, tries) << budget.count() << " ms, " << servers << " servers";
    }
    resolver_options slow;
    slow.timeout = milliseconds(5000);
    EXPECT_EQ(retry_schedule(milliseconds(5000), 1, slow).first_try, milliseconds(5000));
    EXPECT_EQ(retry_schedule(milliseconds(5000), 1, slow).tries, 1);
    resolver_options one;
    one.attempts = 1;
    EXPECT_EQ(retry_schedule(milliseconds(5000), 1, one, true).tries, 1);  // the user's cap wins
    resolver_options many;
    many.attempts = 5;
    EXPECT_EQ(retry_schedule(milliseconds(5000), 1, many).tries, 3);  // none would start before the deadline
}

TEST(DnsConfig, FromCheckOptions) {
    check_options o;
    o.dns_servers = parse_dns_servers("192.0.2.53:5353").value();
    o.resolve_overrides = {parse_resolve_override("a.test:443:192.0.2.1").value()};
    o.ip_family = address_family::v6;
    o.connect_timeout = std::chrono::milliseconds(2500);
    auto c = make_dns_config(o);
    EXPECT_EQ(c.lookup_budget, std::chrono::milliseconds(2500));
    ASSERT_EQ(c.servers.size(), 1u);
    EXPECT_EQ(c.servers[0].port, 5353);
    ASSERT_EQ(c.overrides.size(), 1u);
    EXPECT_EQ(c.family, address_family::v6);
}

}  // namespace
