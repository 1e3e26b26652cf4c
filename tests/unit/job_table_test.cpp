#include "job_table.hpp"
#include "support/delivery_recorder.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;
using time_point = job_table::time_point;
using kind = job_table::placement::kind;

using recorder = test::delivery_recorder;

waiting_entry entry_waiter(std::size_t index, const std::string& url) { return {index, url, "arg:" + std::to_string(index + 1)}; }

result with_message(std::string message) {
    result r;
    r.message = std::move(message);
    return r;
}

TEST(JobState, Transitions) {
    using s = job_state;
    using e = job_event;
    struct row {
        s from;
        e event;
        std::optional<s> to;
    };
    const row rows[] = {
        {s::free, e::open, s::queued},
        {s::free, e::start, std::nullopt},
        {s::free, e::close, std::nullopt},
        {s::queued, e::start, s::running},
        {s::queued, e::requeue, std::nullopt},
        {s::queued, e::hold_for_confirmation, std::nullopt},
        {s::queued, e::close, s::free},
        {s::running, e::requeue, s::queued},
        {s::running, e::hold_for_confirmation, s::confirm_wait},
        {s::running, e::start, std::nullopt},
        {s::running, e::close, s::free},
        {s::confirm_wait, e::confirmation_due, s::confirm_queued},
        {s::confirm_wait, e::start, std::nullopt},
        {s::confirm_wait, e::close, s::free},
        {s::confirm_queued, e::start, s::confirming},
        {s::confirm_queued, e::close, s::free},
        {s::confirming, e::requeue, s::confirm_queued},
        {s::confirming, e::hold_for_confirmation, std::nullopt},  // one second look, never a third
        {s::confirming, e::close, s::free},
        {s::confirming, e::open, std::nullopt},
    };
    for (const row& r : rows)
        EXPECT_EQ(next_state(r.from, r.event), r.to)
            << "from " << static_cast<int>(r.from) << " on " << static_cast<int>(r.event);
}

TEST(JobState, WhatTheStatesMean) {
    using s = job_state;
    struct row {
        s state;
        bool started;
        bool holds_first;
    };
    const row rows[] = {
        {s::free, false, false},          {s::queued, false, false},        {s::running, true, false},
        {s::confirm_wait, false, true},   {s::confirm_queued, false, true}, {s::confirming, true, true},
    };
    for (const row& r : rows) {
        EXPECT_EQ(is_started(r.state), r.started) << static_cast<int>(r.state);
        EXPECT_EQ(holds_first_look(r.state), r.holds_first) << static_cast<int>(r.state);
    }
}

TEST(JobTable, CheckKeyIsTheUrlAloneWithoutOptions) {
    EXPECT_EQ(check_key("https://a.test/", ""), "https://a.test/");
    EXPECT_EQ(check_key("https://a.test/", "status=200"), "https://a.test/\nstatus=200");
}

// An entry joins the open job for its check, takes the result kept for it,
// or becomes a new job.
TEST(JobTable, WhereAnEntryGoes) {
    job_table jobs;
    recorder out;
    EXPECT_EQ(jobs.place("a").what, kind::new_job);
    const std::size_t a = jobs.open("a", "https://a.test/", nullptr, true, entry_waiter(0, "a.test"));
    const std::size_t b = jobs.open("b", "https://b.test/", nullptr, false, entry_waiter(1, "b.test"));
    EXPECT_NE(a, b);

    struct row {
        std::string key;
        kind what;
    };
    // While open: a repeat joins.
    for (const row& r : {row{"a", kind::join}, row{"b", kind::join}, row{"c", kind::new_job}}) {
        const auto place = jobs.place(r.key);
        EXPECT_EQ(place.what, r.what) << r.key;
        if (r.what == kind::join) {
            EXPECT_EQ(place.slot, r.key == "a" ? a : b);
        }
    }
    jobs.join(a, entry_waiter(2, "https://a.test/"));
    EXPECT_EQ(jobs.waiting(), 3u);

    jobs.start(a, time_point{});
    jobs.start(b, time_point{});
    ASSERT_TRUE(jobs.close(a, with_message("200 OK"), out.fn()));
    ASSERT_TRUE(jobs.close(b, with_message("404"), out.fn()));
    EXPECT_EQ(jobs.waiting(), 0u);
    EXPECT_EQ(jobs.open_jobs(), 0u);

    // Closed: a repeat of a URL that comes again takes its kept result (a
    // kept result has no entry's URL or source); one that does not is a new job.
    const auto kept = jobs.place("a");
    ASSERT_EQ(kept.what, kind::kept);
    EXPECT_EQ(kept.kept->message, "200 OK");
    EXPECT_EQ(kept.kept->url, "");
    EXPECT_EQ(kept.kept->source, "");
    EXPECT_EQ(jobs.place("b").what, kind::new_job);
}

// One result to every entry that waited, each under its own URL and source.
TEST(JobTable, CloseFansTheResultOutToEveryEntry) {
    job_table jobs;
    recorder out;
    const std::size_t slot = jobs.open("k", "https://a.test/", nullptr, false, entry_waiter(4, "a.test"));
    jobs.join(slot, entry_waiter(7, "https://a.test/"));
    jobs.join(slot, entry_waiter(9, "A.TEST"));
    jobs.start(slot, time_point{});
    EXPECT_TRUE(jobs.close(slot, with_message("up"), out.fn()));
    ASSERT_EQ(out.seen.size(), 3u);
    const std::vector<std::pair<std::size_t, std::string>> want = {{4, "a.test"}, {7, "https://a.test/"}, {9, "A.TEST"}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(out.seen[i].index, want[i].first);
        EXPECT_EQ(out.seen[i].r.url, want[i].second);
        EXPECT_EQ(out.seen[i].r.source, "arg:" + std::to_string(want[i].first + 1));
        EXPECT_EQ(out.seen[i].r.message, "up");
    }
    EXPECT_EQ(jobs[slot].state, job_state::free);
}

TEST(JobTable, StopEndsTheFanOutButClosesTheJob) {
    job_table jobs;
    recorder out;
    out.stop_after = 1;
    const std::size_t slot = jobs.open("k", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
    jobs.join(slot, entry_waiter(1, "a"));
    jobs.start(slot, time_point{});
    EXPECT_FALSE(jobs.close(slot, with_message("up"), out.fn()));
    EXPECT_EQ(out.seen.size(), 1u);
    EXPECT_EQ(jobs.open_jobs(), 0u);
    EXPECT_EQ(jobs.waiting(), 0u);
}

TEST(JobTable, SlotsAreReusedOnceFree) {
    job_table jobs;
    recorder out;
    const std::size_t a = jobs.open("a", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
    jobs.start(a, time_point{});
    jobs.close(a, result{}, out.fn());
    const std::size_t b = jobs.open("b", "https://b.test/", nullptr, false, entry_waiter(1, "b"));
    EXPECT_EQ(b, a);
    EXPECT_EQ(jobs.slots(), 1u);
    EXPECT_EQ(jobs[b].target, "https://b.test/");
}

// Confirm before fail: the first look is held while the job waits outside
// the dispatcher, then comes back for its second look.
TEST(JobTable, ConfirmationLifecycle) {
    job_table jobs;
    recorder out;
    const time_point t0{};
    const std::size_t slot = jobs.open("k", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
    jobs.start(slot, t0 + 5ms);
    EXPECT_EQ(jobs[slot].started_at, t0 + 5ms);
    EXPECT_EQ(jobs.confirming(), 0u);

    jobs.hold_for_confirmation(slot, with_message("connection refused"), t0 + 2s);
    EXPECT_EQ(jobs[slot].state, job_state::confirm_wait);
    EXPECT_EQ(jobs.confirming(), 1u);
    EXPECT_EQ(jobs.next_due(), t0 + 2s);
    EXPECT_EQ(jobs.take_due(t0 + 1s), std::nullopt);
    EXPECT_EQ(jobs.take_due(t0 + 2s), slot);
    EXPECT_EQ(jobs[slot].state, job_state::confirm_queued);
    EXPECT_EQ(jobs.next_due(), std::nullopt);

    jobs.start(slot, t0 + 3s);
    EXPECT_EQ(jobs[slot].state, job_state::confirming);
    EXPECT_EQ(jobs[slot].started_at, t0 + 5ms);  // a second look keeps the first's start
    // Out of descriptors during the second look: queued again, first look kept.
    EXPECT_TRUE(jobs.requeue_out_of_descriptors(slot, false));
    EXPECT_EQ(jobs[slot].state, job_state::confirm_queued);
    jobs.start(slot, t0 + 4s);
    EXPECT_EQ(jobs.confirming(), 1u);

    EXPECT_EQ(jobs.take_first(slot).message, "connection refused");
    jobs.close(slot, with_message("up"), out.fn());
    EXPECT_EQ(jobs.confirming(), 0u);
    ASSERT_EQ(out.seen.size(), 1u);
    EXPECT_EQ(out.seen[0].r.message, "up");
}

TEST(JobTable, DueConfirmationsComeEarliestFirst) {
    job_table jobs;
    const time_point t0{};
    std::vector<std::size_t> slots;
    for (std::size_t i = 0; i < 3; ++i) {
        slots.push_back(jobs.open("k" + std::to_string(i), "https://a.test/", nullptr, false, entry_waiter(i, "a")));
        jobs.start(slots.back(), t0);
    }
    jobs.hold_for_confirmation(slots[0], result{}, t0 + 30ms);
    jobs.hold_for_confirmation(slots[1], result{}, t0 + 10ms);
    jobs.hold_for_confirmation(slots[2], result{}, t0 + 20ms);
    std::vector<std::size_t> order;
    while (auto slot = jobs.take_due(t0 + 1s)) order.push_back(*slot);
    EXPECT_EQ(order, (std::vector<std::size_t>{slots[1], slots[2], slots[0]}));
}

// A job closed while it waits (the run ended) leaves no due time behind,
// also when its slot is reused by a job that waits longer.
TEST(JobTable, AClosedWaitIsNoLongerDue) {
    job_table jobs;
    recorder out;
    const time_point t0{};
    const std::size_t slot = jobs.open("a", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
    jobs.start(slot, t0);
    jobs.hold_for_confirmation(slot, result{}, t0 + 10ms);
    jobs.close(slot, jobs.take_first(slot), out.fn());
    EXPECT_EQ(jobs.confirming(), 0u);
    EXPECT_EQ(jobs.next_due(), std::nullopt);

    const std::size_t again = jobs.open("b", "https://b.test/", nullptr, false, entry_waiter(1, "b"));
    ASSERT_EQ(again, slot);
    jobs.start(again, t0);
    jobs.hold_for_confirmation(again, result{}, t0 + 50ms);
    EXPECT_EQ(jobs.take_due(t0 + 20ms), std::nullopt);
    EXPECT_EQ(jobs.take_due(t0 + 50ms), again);
}

// Out of descriptors: requeued unreported, unless it is the second time the
// job meets it with no other check running.
TEST(JobTable, OutOfDescriptors) {
    struct row {
        std::vector<bool> alone;  // one requeue attempt each
        std::vector<bool> requeued;
    };
    const row rows[] = {
        {{false, false, false}, {true, true, true}},
        {{true, true}, {true, false}},
        {{false, true, false, true}, {true, true, true, false}},
    };
    for (const row& r : rows) {
        job_table jobs;
        const std::size_t slot = jobs.open("a", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
        for (std::size_t i = 0; i < r.alone.size(); ++i) {
            jobs.start(slot, time_point{});
            const bool requeued = jobs.requeue_out_of_descriptors(slot, r.alone[i]);
            EXPECT_EQ(requeued, r.requeued[i]) << "attempt " << i;
            EXPECT_EQ(jobs[slot].state, requeued ? job_state::queued : job_state::running);
            if (!requeued) break;
        }
    }
}

TEST(JobTable, DropGivesBackTheEntriesAndKeepsNothing) {
    job_table jobs;
    const std::size_t slot = jobs.open("a", "https://a.test/", nullptr, true, entry_waiter(3, "a"));
    jobs.join(slot, entry_waiter(5, "a"));
    const std::vector<waiting_entry> waiters = jobs.drop(slot);
    ASSERT_EQ(waiters.size(), 2u);
    EXPECT_EQ(waiters[0].index, 3u);
    EXPECT_EQ(waiters[1].index, 5u);
    EXPECT_EQ(jobs.place("a").what, kind::new_job);
    EXPECT_EQ(jobs.waiting(), 0u);
}

TEST(JobTable, AnImpossibleStepIsALogicError) {
    job_table jobs;
    recorder out;
    const std::size_t slot = jobs.open("a", "https://a.test/", nullptr, false, entry_waiter(0, "a"));
    EXPECT_THROW(jobs.hold_for_confirmation(slot, result{}, time_point{}), std::logic_error);  // never started
    EXPECT_THROW(jobs.take_first(slot), std::logic_error);
    jobs.start(slot, time_point{});
    EXPECT_THROW(jobs.start(slot, time_point{}), std::logic_error);
    jobs.close(slot, result{}, out.fn());
    EXPECT_THROW(jobs.close(slot, result{}, out.fn()), std::logic_error);
}

}  // namespace
}  // namespace urlcheck
