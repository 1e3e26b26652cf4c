#include "run_deadline.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "confirmation.hpp"
#include "support/delivery_recorder.hpp"

namespace urlcheck {
namespace {

using namespace std::chrono_literals;
using time_point = run_deadline::time_point;

using recorder = test::delivery_recorder;

result down(std::string message) {
    result r;
    r.state = verdict::down;
    r.error = error_kind::connect;
    r.message = std::move(message);
    return r;
}

// A table with one job in each state the deadline can meet, opened in this
// order (entry i for job i, job 1 with a repeat as entry 6).
struct every_state {
    job_table jobs;
    std::vector<std::size_t> slot;
    const time_point t0{};

    every_state() {
        const job_state states[] = {job_state::queued,         job_state::running,    job_state::confirm_wait,
                                    job_state::confirm_queued, job_state::confirming, job_state::queued};
        for (std::size_t i = 0; i < std::size(states); ++i) {
            const std::string url = "https://h" + std::to_string(i) + ".test/";
            // Entry indexes out of slot order: skipped ones still come out by index.
            const std::size_t index = i == 0 ? 5 : i == 5 ? 0 : i;
            slot.push_back(jobs.open(url, url, nullptr, false, {index, url, "arg"}));
        }
        jobs.join(slot[1], {6, "https://h1.test/", "arg"});
        for (std::size_t i = 1; i <= 4; ++i) jobs.start(slot[i], t0 + 10ms);
        for (std::size_t i = 2; i <= 4; ++i)
            jobs.hold_for_confirmation(slot[i], down("refused " + std::to_string(i)), i == 2 ? t0 + 1h : t0);
        for (std::size_t i = 3; i <= 4; ++i) EXPECT_EQ(jobs.take_due(t0), slot[i]);
        jobs.start(slot[4], t0 + 20ms);
        EXPECT_EQ(jobs[slot[2]].state, job_state::confirm_wait);
        EXPECT_EQ(jobs[slot[3]].state, job_state::confirm_queued);
        EXPECT_EQ(jobs[slot[4]].state, job_state::confirming);
    }
};

TEST(RunDeadline, AbandonReportsWhatRunsCutShortOrUnconfirmed) {
    every_state t;
    recorder out;
    EXPECT_TRUE(abandon_running(t.jobs, t.t0 + 10ms + 1047ms, out.fn()));
    ASSERT_EQ(out.seen.size(), 3u);
    // The running first look, for both its entries, cut short after its time.
    EXPECT_EQ(out.seen[0].index, 1u);
    EXPECT_EQ(out.seen[1].index, 6u);
    for (int i : {0, 1}) {
        EXPECT_EQ(out.seen[i].r.state, verdict::skipped);
        EXPECT_EQ(out.seen[i].r.error, error_kind::skipped);
        EXPECT_EQ(out.seen[i].r.message, "cut short by --max-time after 1.0 s") << out.seen[i].r.message;
    }
    // A second look abandoned: the first look stands, unconfirmed.
    EXPECT_EQ(out.seen[2].index, 4u);
    EXPECT_EQ(out.seen[2].r.state, verdict::down);
    EXPECT_EQ(out.seen[2].r.message, "refused 4 (not confirmed: the run deadline came first)");
    EXPECT_EQ(t.jobs.confirming(), 2u);  // the two not started are left
    EXPECT_EQ(t.jobs.open_jobs(), 4u);
}

TEST(RunDeadline, UnstartedFirstLooksUnconfirmedThenQueuedSkippedInIndexOrder) {
    every_state t;
    recorder out;
    ASSERT_TRUE(abandon_running(t.jobs, t.t0 + 100ms, out.fn()));
    out.seen.clear();
    EXPECT_TRUE(report_unstarted(t.jobs, out.fn()));
    struct want {
        std::size_t index;
        verdict state;
        std::string message;
    };
    const std::vector<want> wanted = {
        {2, verdict::down, "refused 2 (not confirmed: the run deadline came first)"},
        {3, verdict::down, "refused 3 (not confirmed: the run deadline came first)"},
        {0, verdict::skipped, "not started (--max-time)"},
        {5, verdict::skipped, "not started (--max-time)"},
    };
    ASSERT_EQ(out.seen.size(), wanted.size());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        EXPECT_EQ(out.seen[i].index, wanted[i].index) << i;
        EXPECT_EQ(out.seen[i].r.state, wanted[i].state) << i;
        EXPECT_EQ(out.seen[i].r.message, wanted[i].message) << i;
    }
    EXPECT_EQ(t.jobs.open_jobs(), 0u);
    EXPECT_EQ(t.jobs.waiting(), 0u);
    EXPECT_EQ(t.jobs.confirming(), 0u);
}

TEST(RunDeadline, AStopEndsTheReports) {
    for (std::size_t stop_after : {1u, 2u, 3u}) {
        every_state t;
        recorder out;
        out.stop_after = stop_after;
        EXPECT_FALSE(abandon_running(t.jobs, t.t0, out.fn()) && report_unstarted(t.jobs, out.fn()));
        EXPECT_EQ(out.seen.size(), stop_after);
    }
}

TEST(RunDeadline, UnreadEntries) {
    job_table jobs;
    recorder out;
    const std::size_t slot = jobs.open("https://kept.test/", "https://kept.test/", nullptr, true,
                                       {0, "kept.test", "arg:1"});
    jobs.start(slot, time_point{});
    jobs.close(slot, down("refused"), out.fn());

    struct row {
        entry e;
        verdict state;
        error_kind error;
        std::string message;
        std::string url;
    };
    const row rows[] = {
        {make_entry("https://kept.test/", "list:9"), verdict::down, error_kind::connect, "refused",
         "https://kept.test/"},
        {make_entry("https://new.test/", "list:10"), verdict::skipped, error_kind::skipped,
         "not started (--max-time)", "https://new.test/"},
        {make_entry("http://", "list:11"), verdict::down, error_kind::invalid_url, "", "http://"},
    };
    for (const row& r : rows) {
        const result got = unread_result(r.e, jobs);
        EXPECT_EQ(got.state, r.state) << r.url;
        EXPECT_EQ(got.error, r.error) << r.url;
        if (!r.message.empty()) {
            EXPECT_EQ(got.message, r.message) << r.url;
        }
        EXPECT_EQ(got.url, r.url);
        EXPECT_EQ(got.source, r.e.source);
    }
}

TEST(RunDeadline, WithoutMaxTimeThereIsNone) {
    boost::asio::io_context ioc;
    run_deadline none(ioc, 0ms);
    none.begin(time_point{} + 1s);
    EXPECT_EQ(none.at(), time_point::max());
    run_deadline some(ioc, 30s);
    some.begin(time_point{} + 1s);
    EXPECT_EQ(some.at(), time_point{} + 31s);
    EXPECT_FALSE(some.passed());
}

}  // namespace
}  // namespace urlcheck
