// The Happy Eyeballs connector: address order, the race against refused and
// black-holed addresses, at most two attempts in flight, running out of
// descriptors, and the deadline. Loopback only: a "black hole" is a listener
// with a full accept queue, where the kernel drops further SYNs.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "connect.hpp"
#include "support/descriptors.hpp"
#include "support/test_server.hpp"

namespace {

using namespace std::chrono_literals;
using namespace urlcheck;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

tcp::endpoint v4(unsigned short port) { return {asio::ip::make_address("127.0.0.1"), port}; }
tcp::endpoint v6(unsigned short port) { return {asio::ip::make_address("::1"), port}; }

// A loopback listener that is never accepted from: connects complete (the
// kernel finishes the handshake) until the accept queue is full.
struct listener {
    explicit listener(asio::io_context& ioc, int backlog = asio::socket_base::max_listen_connections,
                      bool ipv6 = false)
        : acceptor(ioc) {
        const auto ep = ipv6 ? v6(0) : v4(0);
        acceptor.open(ep.protocol());
        acceptor.bind(ep);
        acceptor.listen(backlog);
    }
    tcp::endpoint endpoint() const { return acceptor.local_endpoint(); }
    tcp::acceptor acceptor;
};

// A black-holed address: a backlog-0 listener whose accept queue is filled,
// so the kernel silently drops every further SYN and a connect just hangs,
// as with a firewalled or dead host.
struct black_hole {
    explicit black_hole(asio::io_context& ioc) : l(ioc, 0) {
        for (int i = 0; i < 16; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            fillers.push_back(fd);
            const auto ep = l.endpoint();
            ::connect(fd, reinterpret_cast<const sockaddr*>(ep.data()), static_cast<socklen_t>(ep.size()));
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, 200) == 0) {
                filled = true;  // this SYN was dropped: the queue is full
                return;
            }
        }
    }
    ~black_hole() {
        for (int fd : fillers) ::close(fd);
    }
    black_hole(const black_hole&) = delete;
    black_hole& operator=(const black_hole&) = delete;
    tcp::endpoint endpoint() const { return l.endpoint(); }

    listener l;
    std::vector<int> fillers;
    bool filled = false;
};

unsigned short closed_v6_port() {
    asio::io_context ioc;
    tcp::acceptor a(ioc, v6(0));
    return a.local_endpoint().port();  // closed again when `a` goes
}

struct outcome {
    std::optional<connect_result> result;
    clock_type::duration took{};
};

// connect_result has no default constructor (its socket needs an
// executor), which co_spawn's completion signature would want: hence this
// wrapper.
asio::awaitable<void> connect_into(asio::io_context& ioc, std::vector<tcp::endpoint> endpoints,
                                   clock_type::time_point deadline, address_family family,
                                   std::chrono::milliseconds attempt_delay, outcome& out, clock_type::time_point start) {
    auto r = co_await connect_happy_eyeballs(ioc.get_executor(), std::move(endpoints), deadline, family, attempt_delay);
    out.took = clock_type::now() - start;
    out.result.emplace(std::move(r));
}

outcome connect(asio::io_context& ioc, std::vector<tcp::endpoint> endpoints, std::chrono::milliseconds timeout,
                address_family family = address_family::any,
                std::chrono::milliseconds attempt_delay = std::chrono::milliseconds(250)) {
    outcome out;
    const auto start = clock_type::now();
    asio::co_spawn(ioc, connect_into(ioc, std::move(endpoints), start + timeout, family, attempt_delay, out, start),
                   [&](std::exception_ptr e) {
                       if (e) std::rethrow_exception(e);
                       ioc.stop();  // the fillers' and losers' leftovers need no more turns
                   });
    ioc.restart();
    ioc.run();
    return out;
}

// ---------------------------------------------------------------------------

TEST(HappyEyeballsOrder, AlternatesStartingWithTheFirstFamily) {
    const auto a6 = v6(1), b6 = tcp::endpoint(asio::ip::make_address("2001:db8::2"), 1),
               c6 = tcp::endpoint(asio::ip::make_address("2001:db8::3"), 1);
    const auto a4 = v4(1), b4 = tcp::endpoint(asio::ip::make_address("192.0.2.2"), 1);
    EXPECT_EQ(happy_eyeballs_order({a6, b6, c6, a4, b4}, address_family::any),
              (std::vector<tcp::endpoint>{a6, a4, b6, b4, c6}));
    EXPECT_EQ(happy_eyeballs_order({a4, b4, a6}, address_family::any), (std::vector<tcp::endpoint>{a4, a6, b4}));
    EXPECT_EQ(happy_eyeballs_order({a4, a6, a4, b4}, address_family::any),
              (std::vector<tcp::endpoint>{a4, a6, b4}));  // duplicates dropped
    EXPECT_EQ(happy_eyeballs_order({a6, a4, b6, b4}, address_family::v4), (std::vector<tcp::endpoint>{a4, b4}));
    EXPECT_EQ(happy_eyeballs_order({a6, a4, b6}, address_family::v6), (std::vector<tcp::endpoint>{a6, b6}));
    EXPECT_TRUE(happy_eyeballs_order({a4}, address_family::v6).empty());
}

TEST(Connect, ConnectsToAListeningPort) {
    asio::io_context ioc;
    listener l(ioc);
    auto o = connect(ioc, {l.endpoint()}, 2s);
    ASSERT_FALSE(o.result->ec) << o.result->ec.message();
    EXPECT_TRUE(o.result->socket.is_open());
    EXPECT_EQ(o.result->socket.remote_endpoint(), l.endpoint());
    EXPECT_EQ(o.result->endpoint, l.endpoint());
    EXPECT_EQ(o.result->attempts, 1);
    // The socket is what the fetch layer continues with.
    boost::beast::tcp_stream stream(std::move(o.result->socket));
    EXPECT_EQ(stream.socket().remote_endpoint(), l.endpoint());
}

TEST(Connect, RefusedIsConnectionRefused) {
    asio::io_context ioc;
    const auto port = test::unused_port();
    auto o = connect(ioc, {v4(port)}, 2s);
    EXPECT_EQ(o.result->ec, asio::error::connection_refused) << o.result->ec.message();
    EXPECT_EQ(o.result->endpoint, v4(port));
    EXPECT_FALSE(o.result->socket.is_open());
}

TEST(Connect, EveryAttemptRefusedReportsTheLastFailure) {
    asio::io_context ioc;
    auto o = connect(ioc, {v6(closed_v6_port()), v4(test::unused_port())}, 2s);
    EXPECT_EQ(o.result->ec, asio::error::connection_refused) << o.result->ec.message();
    EXPECT_EQ(o.result->attempts, 2);
    EXPECT_LT(o.took, 200ms);  // failures start the next attempt at once
}

TEST(Connect, RefusedFirstAddressCostsNoDelay) {
    asio::io_context ioc;
    listener good(ioc);
    auto o = connect(ioc, {v6(closed_v6_port()), good.endpoint()}, 5s);
    ASSERT_FALSE(o.result->ec) << o.result->ec.message();
    EXPECT_EQ(o.result->endpoint, good.endpoint());
    EXPECT_EQ(o.result->attempts, 2);
    EXPECT_LT(o.took, 200ms);  // not the 250 ms attempt delay
}

TEST(Connect, BlackHoledFirstAddressCostsOneAttemptDelay) {
    asio::io_context ioc;
    black_hole hole(ioc);
    ASSERT_TRUE(hole.filled) << "could not fill the accept queue";
    listener good(ioc);
    auto o = connect(ioc, {hole.endpoint(), good.endpoint()}, 5s);
    ASSERT_FALSE(o.result->ec) << o.result->ec.message();
    EXPECT_EQ(o.result->endpoint, good.endpoint());
    EXPECT_EQ(o.result->socket.remote_endpoint(), good.endpoint());
    EXPECT_EQ(o.result->attempts, 2);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(o.took).count();
    std::printf("[ figures  ] black-holed first address, working second: connected in %lld ms\n",
                static_cast<long long>(ms));
    EXPECT_GE(o.took, 240ms);  // the second attempt waited its turn...
    EXPECT_LT(o.took, 1s);     // ...and not for the 5 s deadline
}

TEST(Connect, AttemptsStaggerAcrossSeveralDeadAddresses) {
    asio::io_context ioc;
    black_hole hole1(ioc);
    black_hole hole2(ioc);
    ASSERT_TRUE(hole1.filled && hole2.filled);
    listener good(ioc);
    auto o = connect(ioc, {hole1.endpoint(), hole2.endpoint(), good.endpoint()}, 5s, address_family::any, 100ms);
    ASSERT_FALSE(o.result->ec) << o.result->ec.message();
    EXPECT_EQ(o.result->endpoint, good.endpoint());
    EXPECT_EQ(o.result->attempts, 3);
    EXPECT_GE(o.took, 190ms);
    EXPECT_LT(o.took, 1s);
}

TEST(Connect, AtMostTwoAttemptsAreInFlight) {
    asio::io_context ioc;
    std::vector<std::unique_ptr<black_hole>> holes;
    std::vector<tcp::endpoint> endpoints;
    for (int i = 0; i < 5; ++i) {
        holes.push_back(std::make_unique<black_hole>(ioc));
        ASSERT_TRUE(holes.back()->filled);
        endpoints.push_back(holes.back()->endpoint());
    }
    // The sockets of the race, as the kernel has them, every 2 ms.
    const std::size_t before = test::open_descriptors();
    std::size_t peak = 0;
    asio::steady_timer sampler(ioc);
    std::function<void()> sample = [&] {
        peak = std::max(peak, test::open_descriptors() - before);
        sampler.expires_after(2ms);
        sampler.async_wait([&](const boost::system::error_code& ec) {
            if (!ec) sample();
        });
    };
    sample();
    // 50 ms apart, and an unanswered attempt makes way after 200 ms: the
    // five start at 0, 50, 200, 250 and 400 ms.
    auto o = connect(ioc, endpoints, 700ms, address_family::any, 50ms);
    EXPECT_EQ(o.result->ec, asio::error::timed_out) << o.result->ec.message();
    EXPECT_EQ(o.result->attempts, 5);
    EXPECT_EQ(peak, 2u);  // two at a time, and the sampling did see them
    EXPECT_EQ(test::open_descriptors(), before) << "every attempt's socket is closed";
}

TEST(Connect, AnUnansweredAttemptMakesWayAfterFourDelays) {
    asio::io_context ioc;
    black_hole hole1(ioc);
    black_hole hole2(ioc);
    ASSERT_TRUE(hole1.filled && hole2.filled);
    listener good(ioc);
    auto o = connect(ioc, {hole1.endpoint(), hole2.endpoint(), good.endpoint()}, 5s, address_family::any, 50ms);
    ASSERT_FALSE(o.result->ec) << o.result->ec.message();
    EXPECT_EQ(o.result->endpoint, good.endpoint());
    EXPECT_EQ(o.result->attempts, 3);
    EXPECT_GE(o.took, 190ms);  // not at 100 ms: two were in flight until the first had waited 200 ms
    EXPECT_LT(o.took, 1s);
}

TEST(Connect, OutOfDescriptorsEndsTheRace) {
    URLCHECK_SKIP_IF_SANITIZERS_NEED_DESCRIPTORS();
    asio::io_context ioc;
    listener good(ioc);
    listener other(ioc);
    std::optional<outcome> o;
    {
        test::descriptors_used_up full;
        o = connect(ioc, {good.endpoint(), other.endpoint()}, 2s);
    }
    EXPECT_EQ(o->result->ec, asio::error::no_descriptors) << o->result->ec.message();
    EXPECT_EQ(o->result->attempts, 1);  // the next address would only meet it too
    EXPECT_LT(o->took, 200ms);
    EXPECT_FALSE(o->result->socket.is_open());
}

TEST(Connect, DeadlineIsTimedOut) {
    asio::io_context ioc;
    black_hole hole(ioc);
    ASSERT_TRUE(hole.filled);
    auto o = connect(ioc, {hole.endpoint()}, 300ms);
    EXPECT_EQ(o.result->ec, asio::error::timed_out) << o.result->ec.message();
    EXPECT_FALSE(o.result->socket.is_open());
    EXPECT_GE(o.took, 290ms);
    EXPECT_LT(o.took, 1s);
}

TEST(Connect, DeadlineAlreadyPassed) {
    asio::io_context ioc;
    listener l(ioc);
    auto o = connect(ioc, {l.endpoint()}, 0ms);
    EXPECT_EQ(o.result->ec, asio::error::timed_out);
    EXPECT_EQ(o.result->attempts, 0);
}

TEST(Connect, FamilyFilter) {
    asio::io_context ioc;
    listener good(ioc);
    auto only_v6 = connect(ioc, {good.endpoint()}, 2s, address_family::v6);
    EXPECT_EQ(only_v6.result->ec, asio::error::address_family_not_supported);
    EXPECT_EQ(only_v6.result->attempts, 0);
    auto only_v4 = connect(ioc, {v6(closed_v6_port()), good.endpoint()}, 2s, address_family::v4);
    ASSERT_FALSE(only_v4.result->ec) << only_v4.result->ec.message();
    EXPECT_EQ(only_v4.result->attempts, 1);
}

TEST(Connect, NoEndpoints) {
    asio::io_context ioc;
    auto o = connect(ioc, {}, 2s);
    EXPECT_EQ(o.result->ec, asio::error::invalid_argument);
}

TEST(Connect, AbandonedMidRaceIsSafe) {
    // The engine destroys the io_context with connects outstanding on Ctrl-C.
    asio::io_context listener_ioc;  // the hole must outlive the io_context under test
    black_hole hole(listener_ioc);
    ASSERT_TRUE(hole.filled);
    auto ioc = std::make_unique<asio::io_context>();
    outcome never;
    const auto start = clock_type::now();
    asio::co_spawn(*ioc,
                   connect_into(*ioc, {hole.endpoint(), hole.endpoint()}, start + 10s, address_family::any, 250ms,
                                never, start),
                   asio::detached);
    ioc->run_for(50ms);
    ioc.reset();
    SUCCEED();
}

}  // namespace
