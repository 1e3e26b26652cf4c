#include "dispatcher.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace urlcheck {
namespace {

std::vector<std::size_t> drain(dispatcher& d) {
    std::vector<std::size_t> started;
    while (auto j = d.next()) started.push_back(*j);
    return started;
}

TEST(Dispatcher, GlobalLimit) {
    dispatcher d(3, 100);
    for (std::size_t i = 0; i < 10; ++i) d.add(i, "host" + std::to_string(i));
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{0, 1, 2}));
    d.finished(1);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{3}));
    EXPECT_EQ(d.running(), 3u);
    EXPECT_EQ(d.queued(), 6u);
}

TEST(Dispatcher, LoweredLimitLetsRunningJobsFinish) {
    dispatcher d(4, 100);
    for (std::size_t i = 0; i < 8; ++i) d.add(i, "host" + std::to_string(i));
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{0, 1, 2, 3}));
    d.set_concurrency(2);
    EXPECT_EQ(d.concurrency(), 2u);
    d.finished(0);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{}));  // 3 still run, over the new limit
    d.finished(1);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{}));
    d.finished(2);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{4}));
    // A job put back (the engine's re-queue) waits behind the queued ones.
    d.finished(3);
    d.add(3, "host3");
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{5}));
    d.set_concurrency(0);
    EXPECT_EQ(d.concurrency(), 1u);
}

TEST(Dispatcher, PerHostLimitDoesNotBlockOtherHosts) {
    dispatcher d(10, 2);
    for (std::size_t i = 0; i < 5; ++i) d.add(i, "a");  // jobs 0-4 on a
    d.add(5, "b");
    d.add(6, "b");
    d.add(7, "b");
    // a gets two slots, b gets two, the rest wait although global slots are free.
    auto started = drain(d);
    EXPECT_EQ(started.size(), 4u);
    EXPECT_EQ(started, (std::vector<std::size_t>{0, 5, 1, 6}));
    d.finished(0);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{2}));
    d.finished(5);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{7}));
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{}));
}

TEST(Dispatcher, HostsTakeTurns) {
    dispatcher d(1, 8);
    d.add(0, "a");
    d.add(1, "a");
    d.add(2, "b");
    d.add(3, "b");
    std::vector<std::size_t> order;
    for (int i = 0; i < 4; ++i) {
        auto j = d.next();
        ASSERT_TRUE(j);
        order.push_back(*j);
        EXPECT_FALSE(d.next());
        d.finished(*j);
    }
    EXPECT_EQ(order, (std::vector<std::size_t>{0, 2, 1, 3}));
    EXPECT_EQ(d.running(), 0u);
    EXPECT_EQ(d.queued(), 0u);
}

TEST(Dispatcher, IdleHostsAreForgottenAndIdsReused) {
    dispatcher d(4, 1);
    d.add(0, "a");
    d.add(1, "b");
    EXPECT_EQ(d.hosts(), 2u);
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{0, 1}));
    d.finished(0);
    EXPECT_EQ(d.hosts(), 1u);
    d.add(0, "c");  // job id 0 reused for another host
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{0}));
    d.finished(1);
    d.finished(0);
    EXPECT_EQ(d.hosts(), 0u);
    EXPECT_EQ(d.running(), 0u);
}

TEST(Dispatcher, ZeroLimitsAreTreatedAsOne) {
    dispatcher d(0, 0);
    d.add(0, "a");
    d.add(1, "a");
    EXPECT_EQ(drain(d), (std::vector<std::size_t>{0}));
}

using std::chrono::milliseconds;
const dispatcher::time_point t0 = dispatcher::time_point() + std::chrono::hours(1);

std::vector<std::size_t> drain_at(dispatcher& d, dispatcher::time_point now) {
    std::vector<std::size_t> started;
    while (auto j = d.next(now)) started.push_back(*j);
    return started;
}

TEST(Dispatcher, HostIntervalSpacesStartsWithoutBlockingOtherHosts) {
    dispatcher d(10, 10, milliseconds(100));
    d.add(0, "a");
    d.add(1, "a");
    d.add(2, "a");
    d.add(3, "b");
    EXPECT_EQ(drain_at(d, t0), (std::vector<std::size_t>{0, 3}));
    EXPECT_EQ(d.next_wake(), t0 + milliseconds(100));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(99)), (std::vector<std::size_t>{}));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(100)), (std::vector<std::size_t>{1}));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(250)), (std::vector<std::size_t>{2}));
    EXPECT_EQ(d.next_wake(), t0 + milliseconds(350));
}

// A host that has just started a job is remembered until its interval is
// over, even with nothing else to do, so a job added then still waits.
TEST(Dispatcher, HostIntervalOutlivesTheHostsLastJob) {
    dispatcher d(10, 10, milliseconds(100));
    d.add(0, "a");
    EXPECT_EQ(drain_at(d, t0), (std::vector<std::size_t>{0}));
    d.finished(0);
    EXPECT_EQ(d.hosts(), 1u);
    d.add(0, "a");
    EXPECT_EQ(drain_at(d, t0 + milliseconds(10)), (std::vector<std::size_t>{}));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(100)), (std::vector<std::size_t>{0}));
    d.finished(0);
    EXPECT_EQ(drain_at(d, t0 + milliseconds(300)), (std::vector<std::size_t>{}));
    EXPECT_EQ(d.hosts(), 0u) << "forgotten once its time has come";
}

TEST(Dispatcher, HoldStopsAHostUntilItsTimeAndALaterHoldWins) {
    dispatcher d(10, 10);
    d.add(0, "a");
    d.add(1, "a");
    d.add(2, "b");
    d.hold("a", t0 + milliseconds(500));
    d.hold("a", t0 + milliseconds(200));  // earlier: no effect
    EXPECT_EQ(drain_at(d, t0), (std::vector<std::size_t>{2}));
    d.hold("a", t0 + milliseconds(800));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(600)), (std::vector<std::size_t>{}));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(800)), (std::vector<std::size_t>{0, 1}));
}

TEST(Dispatcher, AHoldOnAnIdleHostAppliesToJobsAddedLater) {
    dispatcher d(10, 10);
    d.hold("a", t0 + milliseconds(300));
    d.add(0, "a");
    EXPECT_EQ(drain_at(d, t0), (std::vector<std::size_t>{}));
    EXPECT_EQ(d.next_wake(), t0 + milliseconds(300));
    EXPECT_EQ(drain_at(d, t0 + milliseconds(300)), (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace urlcheck
