#include "admission.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "support/delivery_recorder.hpp"

namespace urlcheck {
namespace {

using namespace std::chrono_literals;

// Says a URL may come again unless it is in `once`.
class fake_source final : public entry_source {
public:
    std::vector<std::string> once;
    bool next(entry&) override { return false; }
    bool may_repeat(const entry& e) const override {
        return std::find(once.begin(), once.end(), e.target) == once.end();
    }
};

// One list read in order against one table: what becomes of each line.
TEST(Admission, WhatBecomesOfEachEntry) {
    check_options options;
    spec_cache specs(options);
    job_table jobs;
    fake_source source;
    source.once = {"https://once.test/"};
    enum class becomes { reported, joined, opened };
    struct row {
        const char* line;
        becomes what;
        std::string message;  // reported: its result's message
    };
    const row rows[] = {
        {"https://a.test/", becomes::opened, ""},
        {"https://a.test/", becomes::joined, ""},
        {"a.test/", becomes::joined, ""},  // the same target once normalised
        {"https://a.test/ status=204", becomes::opened, ""},  // other options: another check
        {"https://a.test/ status=204", becomes::joined, ""},
        {"https://once.test/", becomes::opened, ""},
        {"http://", becomes::reported, ""},
        {"https://b.test/ stauts=200", becomes::reported, ""},
    };
    std::vector<std::size_t> opened;
    for (std::size_t i = 0; i < std::size(rows); ++i) {
        const row& r = rows[i];
        admission a = admit(make_list_entry(r.line, "list:" + std::to_string(i + 1)), i, source, jobs, specs);
        EXPECT_EQ(a.report.has_value(), r.what == becomes::reported) << r.line;
        EXPECT_EQ(a.opened.has_value(), r.what == becomes::opened) << r.line;
        if (a.report) {
            EXPECT_EQ(a.report->error, error_kind::invalid_url) << r.line;
            EXPECT_EQ(a.report->source, "list:" + std::to_string(i + 1));
        }
        if (a.opened) opened.push_back(*a.opened);
    }
    ASSERT_EQ(opened.size(), 3u);
    EXPECT_EQ(jobs.open_jobs(), 3u);
    EXPECT_EQ(jobs.waiting(), 6u);
    EXPECT_EQ(jobs[opened[0]].waiters.size(), 3u);
    EXPECT_EQ(jobs[opened[0]].spec.get(), specs.defaults());  // no options: the command line's
    EXPECT_NE(jobs[opened[1]].spec.get(), specs.defaults());
    EXPECT_TRUE(jobs[opened[0]].keep_result);
    EXPECT_FALSE(jobs[opened[2]].keep_result);  // listed once: nothing to keep

    // Once a job is done, a repeat takes its kept result under its own URL
    // and source; a URL listed once has none, and would be a new job.
    test::delivery_recorder out;
    for (std::size_t slot : opened) {
        jobs.start(slot, {});
        result r;
        r.message = "done " + std::to_string(slot);
        jobs.close(slot, r, out.fn());
    }
    admission repeat = admit(make_list_entry("a.test/", "list:20"), 20, source, jobs, specs);
    ASSERT_TRUE(repeat.report);
    EXPECT_EQ(repeat.report->message, "done " + std::to_string(opened[0]));
    EXPECT_EQ(repeat.report->url, "a.test/");
    EXPECT_EQ(repeat.report->source, "list:20");
    EXPECT_TRUE(admit(make_list_entry("https://once.test/", "list:21"), 21, source, jobs, specs).opened);
}

// Counts each URL's listings down, as list_reader does with its repeat counts.
class counting_source final : public entry_source {
public:
    std::map<std::string, int> listings;  // by target: listings not yet read
    bool next(entry&) override { return false; }
    bool repeats_later(const entry& e) override { return --listings[e.target] > 0; }
};

// A kept result serves the repeats read after its check ended and goes with
// the last of them; a job whose last repeat joined it keeps nothing. So a
// list of millions holds results only for URLs still to come.
TEST(Admission, AKeptResultGoesWithItsLastRepeat) {
    check_options options;
    spec_cache specs(options);
    job_table jobs;
    counting_source source;
    source.listings = {{"https://a.test/", 3}, {"https://b.test/", 2}};
    test::delivery_recorder out;
    const auto done = [&](std::size_t slot) {
        jobs.start(slot, {});
        result r;
        r.message = "done";
        jobs.close(slot, r, out.fn());
    };
    using kind = job_table::placement::kind;

    const admission first = admit(make_list_entry("https://a.test/", "list:1"), 0, source, jobs, specs);
    ASSERT_TRUE(first.opened);
    EXPECT_TRUE(jobs[*first.opened].keep_result);
    done(*first.opened);
    const admission second = admit(make_list_entry("a.test/", "list:2"), 1, source, jobs, specs);
    ASSERT_TRUE(second.report);
    EXPECT_EQ(second.report->message, "done");
    EXPECT_EQ(jobs.place("https://a.test/").what, kind::kept);  // one more to come
    const admission third = admit(make_list_entry("https://a.test/", "list:3"), 2, source, jobs, specs);
    ASSERT_TRUE(third.report);
    EXPECT_EQ(third.report->source, "list:3");
    EXPECT_EQ(jobs.place("https://a.test/").what, kind::new_job);  // its last: forgotten

    // The last repeat read while the check runs joins it: nothing is kept.
    const admission b1 = admit(make_list_entry("https://b.test/", "list:4"), 3, source, jobs, specs);
    ASSERT_TRUE(b1.opened);
    EXPECT_TRUE(jobs[*b1.opened].keep_result);
    EXPECT_FALSE(admit(make_list_entry("https://b.test/", "list:5"), 4, source, jobs, specs).report);
    EXPECT_FALSE(jobs[*b1.opened].keep_result);
    done(*b1.opened);
    EXPECT_EQ(jobs.place("https://b.test/").what, kind::new_job);
}

}  // namespace
}  // namespace urlcheck
