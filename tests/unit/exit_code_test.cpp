// summary::add, fails_run and exit_code_for: the table of README "Exit codes".
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "urlcheck/summary.hpp"

namespace {

using urlcheck::exit_code_for;
using urlcheck::fail_on_states;
using urlcheck::fails_run;
using urlcheck::summary;
using urlcheck::verdict;

fail_on_states fail_on(bool degraded, bool unverifiable) {
    fail_on_states f;
    f.degraded = degraded;
    f.unverifiable = unverifiable;
    return f;
}

summary counts(std::size_t up, std::size_t down, std::size_t degraded, std::size_t unverifiable,
               std::size_t skipped = 0, int signal = 0) {
    summary s;
    s.up = up;
    s.down = down;
    s.degraded = degraded;
    s.unverifiable = unverifiable;
    s.skipped = skipped;
    s.checked = up + down + degraded + unverifiable;
    s.total = s.checked + skipped;
    s.signal = signal;
    return s;
}

struct row {
    std::string name;
    summary s;
    fail_on_states f;
    int code;
};

TEST(ExitCode, Table) {
    const fail_on_states none = fail_on(false, false);
    const fail_on_states deg = fail_on(true, false);
    const fail_on_states unv = fail_on(false, true);
    const fail_on_states both = fail_on(true, true);
    fail_on_states skp;
    skp.skipped = true;
    const std::vector<row> rows = {
        {"all up", counts(3, 0, 0, 0), none, 0},
        {"empty run", counts(0, 0, 0, 0), both, 0},
        {"one down", counts(2, 1, 0, 0), none, 1},
        {"degraded, no --fail-on", counts(2, 0, 1, 0), none, 0},
        {"unverifiable, no --fail-on", counts(2, 0, 0, 1), none, 0},
        {"degraded, --fail-on degraded", counts(2, 0, 1, 0), deg, 3},
        {"degraded, --fail-on unverifiable", counts(2, 0, 1, 0), unv, 0},
        {"unverifiable, --fail-on unverifiable", counts(2, 0, 0, 1), unv, 3},
        {"unverifiable, --fail-on degraded", counts(2, 0, 0, 1), deg, 0},
        {"both, both named", counts(0, 0, 1, 1), both, 3},
        {"down and degraded, --fail-on degraded: down wins", counts(0, 1, 1, 0), deg, 1},
        {"down and unverifiable, both named: down wins", counts(0, 1, 1, 1), both, 1},
        {"down and degraded, no --fail-on", counts(1, 1, 1, 0), none, 1},
        {"skipped only", counts(0, 0, 0, 0, 5), both, 0},
        {"skipped and degraded, --fail-on degraded", counts(0, 0, 1, 0, 5), deg, 3},
        {"skipped, --fail-on skipped", counts(3, 0, 0, 0, 2), skp, 3},
        {"nothing skipped, --fail-on skipped", counts(3, 0, 0, 0, 0), skp, 0},
        {"skipped and down, --fail-on skipped: down wins", counts(0, 1, 0, 0, 2), skp, 1},
        {"SIGINT wins over down", counts(0, 1, 0, 0, 0, SIGINT), none, 130},
        {"SIGTERM wins over --fail-on", counts(0, 0, 1, 0, 0, SIGTERM), deg, 143},
        {"SIGINT with nothing checked", counts(0, 0, 0, 0, 0, SIGINT), none, 130},
    };
    for (const auto& r : rows) EXPECT_EQ(exit_code_for(r.s, r.f), r.code) << r.name;
    // The default fail_on is none.
    EXPECT_EQ(exit_code_for(counts(1, 0, 1, 1)), 0);
}

TEST(ExitCode, FailsRun) {
    for (const auto& f : {fail_on(false, false), fail_on(true, false), fail_on(false, true), fail_on(true, true)}) {
        EXPECT_TRUE(fails_run(verdict::down, f));
        EXPECT_FALSE(fails_run(verdict::up, f));
        EXPECT_FALSE(fails_run(verdict::skipped, f));
        EXPECT_EQ(fails_run(verdict::degraded, f), f.degraded);
        EXPECT_EQ(fails_run(verdict::unverifiable, f), f.unverifiable);
    }
    fail_on_states skp;
    skp.skipped = true;
    EXPECT_TRUE(fails_run(verdict::skipped, skp));
}

TEST(ExitCode, SummaryCountsEachState) {
    summary s;
    for (verdict v : {verdict::up, verdict::up, verdict::down, verdict::degraded, verdict::degraded,
                      verdict::degraded, verdict::unverifiable, verdict::skipped}) {
        urlcheck::result r;
        r.state = v;
        s.add(r);
    }
    EXPECT_EQ(s.checked, 7u) << "a skipped entry has no verdict: not checked (issue 11)";
    EXPECT_EQ(s.up, 2u);
    EXPECT_EQ(s.down, 1u);
    EXPECT_EQ(s.degraded, 3u);
    EXPECT_EQ(s.unverifiable, 1u);
    EXPECT_EQ(s.skipped, 1u);
    EXPECT_EQ(s.not_checked, 0u);
}

}  // namespace
