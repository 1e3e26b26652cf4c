// next_transition as tables: each row is one run of one entry, fed the
// record the run before it left.
#include "state_transition.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t minute = 60'000;

struct step {
    int at_minute;
    verdict observed;
    verdict reported;
    bool listed;
    bool changed = false;
    std::optional<verdict> previous_state = std::nullopt;
    std::optional<std::int64_t> outage_minutes = std::nullopt;
    int since_minute = -1;       // -1: not checked
    const char* reason = "";     // a substring of the transition's reason; "" none
};

// Runs `steps` through next_transition in order, each from the record the
// one before stored, and checks every step's outcome.
void run_sequence(const char* what, const transition_rules& rules, const std::vector<step>& steps) {
    std::optional<state_record> record;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const step& s = steps[i];
        SCOPED_TRACE(testing::Message() << what << ", run " << i + 1 << " at minute " << s.at_minute);
        const transition t = next_transition(record ? &*record : nullptr, s.observed,
                                             s.observed == verdict::down ? "503 Service Unavailable" : "",
                                             s.at_minute * minute, rules);
        EXPECT_EQ(t.state, s.reported);
        EXPECT_EQ(t.listed, s.listed);
        EXPECT_EQ(t.history.changed, s.changed);
        EXPECT_EQ(t.history.previous_state, s.previous_state);
        if (s.outage_minutes) {
            EXPECT_EQ(t.history.outage_ms, *s.outage_minutes * minute);
        } else {
            EXPECT_FALSE(t.history.outage_ms);
        }
        if (s.since_minute >= 0) {
            EXPECT_EQ(t.history.since_unix_ms, s.since_minute * minute);
        }
        if (*s.reason == '\0') {
            EXPECT_EQ(t.reason, "");
        } else {
            EXPECT_NE(t.reason.find(s.reason), std::string::npos) << t.reason;
        }
        if (t.next) record = *t.next;
    }
}

TEST(StateTransition, DefaultRulesDownAtOnceUpAtOnce) {
    run_sequence("fail-after 1", {},
                 {
                     {0, verdict::up, verdict::up, false, true, std::nullopt, std::nullopt, 0},
                     {5, verdict::up, verdict::up, false, false, verdict::up, std::nullopt, 0},
                     {10, verdict::down, verdict::down, true, true, verdict::up, std::nullopt, 10},
                     {15, verdict::down, verdict::down, false, false, verdict::down, std::nullopt, 10},
                     {20, verdict::up, verdict::up, true, true, verdict::down, 10, 20},
                     {25, verdict::up, verdict::up, false, false, verdict::up, std::nullopt, 20},
                 });
}

TEST(StateTransition, FailAfterHoldsPendingThenDownSinceTheFirstFailure) {
    run_sequence("fail-after 3", {.fail_after = 3},
                 {
                     {0, verdict::up, verdict::up, false, true, std::nullopt, std::nullopt, 0},
                     {5, verdict::down, verdict::pending, false, false, verdict::up, std::nullopt, 5, "down 1 of 3 runs"},
                     {10, verdict::down, verdict::pending, false, false, verdict::up, std::nullopt, 5, "down 2 of 3 runs"},
                     {15, verdict::down, verdict::down, true, true, verdict::up, std::nullopt, 5},
                     {20, verdict::down, verdict::down, false, false, verdict::down, std::nullopt, 5},
                     // 5 to 25: the outage is counted from its first failing run.
                     {25, verdict::up, verdict::up, true, true, verdict::down, 20, 25},
                 });
}

TEST(StateTransition, APendingBlipThatEndsUpIsNoChange) {
    run_sequence("blip", {.fail_after = 2},
                 {
                     {0, verdict::up, verdict::up, false, true, std::nullopt, std::nullopt, 0},
                     {5, verdict::down, verdict::pending, false, false, verdict::up, std::nullopt, 5, "down 1 of 2"},
                     // Up since minute 0 still: the blip never was an outage.
                     {10, verdict::up, verdict::up, false, false, verdict::up, std::nullopt, 0},
                     {15, verdict::down, verdict::pending, false, false, verdict::up, std::nullopt, 15, "down 1 of 2"},
                 });
}

TEST(StateTransition, RecoverAfterKeepsTheOutageOpen) {
    run_sequence("recover-after 2", {.recover_after = 2},
                 {
                     {0, verdict::down, verdict::down, true, true, std::nullopt, std::nullopt, 0},
                     {5, verdict::up, verdict::down, false, false, verdict::down, std::nullopt, 0, "up 1 of 2 runs"},
                     // A flap back down: still the same outage, nothing new.
                     {10, verdict::down, verdict::down, false, false, verdict::down, std::nullopt, 0},
                     {15, verdict::up, verdict::down, false, false, verdict::down, std::nullopt, 0, "up 1 of 2 runs"},
                     {20, verdict::up, verdict::up, true, true, verdict::down, 15, 15},
                 });
}

TEST(StateTransition, RemindEveryRepeatsAStillDownEntry) {
    run_sequence("remind-every 30 min", {.remind_every = 30min},
                 {
                     {0, verdict::down, verdict::down, true, true, std::nullopt, std::nullopt, 0},
                     {10, verdict::down, verdict::down, false, false, verdict::down},
                     {29, verdict::down, verdict::down, false, false, verdict::down},
                     {30, verdict::down, verdict::down, true, false, verdict::down, std::nullopt, 0},
                     {45, verdict::down, verdict::down, false, false, verdict::down},
                     {60, verdict::down, verdict::down, true, false, verdict::down},
                     {65, verdict::up, verdict::up, true, true, verdict::down, 65},
                 });
}

TEST(StateTransition, NewEntriesAreNewsOnlyWhenNotUp) {
    run_sequence("new down", {}, {{0, verdict::down, verdict::down, true, true, std::nullopt, std::nullopt, 0}});
    run_sequence("new degraded", {}, {{0, verdict::degraded, verdict::degraded, true, true}});
    run_sequence("new pending then up", {.fail_after = 2},
                 {
                     {0, verdict::down, verdict::pending, false, false, std::nullopt, std::nullopt, 0, "down 1 of 2"},
                     {5, verdict::up, verdict::up, false, true, std::nullopt, std::nullopt, 5},
                 });
}

TEST(StateTransition, WarningStatesAreChangesButNotOutages) {
    run_sequence("degraded", {},
                 {
                     {0, verdict::up, verdict::up, false, true},
                     {5, verdict::degraded, verdict::degraded, true, true, verdict::up, std::nullopt, 5},
                     {10, verdict::up, verdict::up, true, true, verdict::degraded, std::nullopt, 10},
                 });
}

TEST(StateTransition, SkippedLeavesTheRecordAlone) {
    state_record before;
    before.state = verdict::down;
    before.settled = verdict::down;
    before.since_ms = 3 * minute;
    before.consecutive_down = 2;
    const transition t = next_transition(&before, verdict::skipped, "", 10 * minute, {});
    EXPECT_EQ(t.state, verdict::skipped);
    EXPECT_FALSE(t.next);
    EXPECT_FALSE(t.listed);
    EXPECT_EQ(t.history.since_unix_ms, 3 * minute);
    EXPECT_EQ(t.history.previous_state, verdict::down);
    EXPECT_FALSE(next_transition(nullptr, verdict::skipped, "", 0, {}).next);
}

TEST(StateTransition, CountsAndTimesAreKept) {
    std::optional<state_record> r;
    const transition_rules rules{.fail_after = 2};
    for (const auto& [at, observed] : {std::pair{0, verdict::up}, {5, verdict::up}, {10, verdict::down}, {15, verdict::down}}) {
        r = *next_transition(r ? &*r : nullptr, observed, observed == verdict::down ? "refused" : "", at * minute, rules).next;
    }
    EXPECT_EQ(r->first_seen_ms, 0);
    EXPECT_EQ(r->last_change_ms, 10 * minute);
    EXPECT_EQ(r->last_checked_ms, 15 * minute);
    EXPECT_EQ(r->last_up_ms, 5 * minute);
    EXPECT_EQ(r->consecutive_down, 2);
    EXPECT_EQ(r->consecutive_up, 0);
    EXPECT_EQ(r->last_error, "refused");
    EXPECT_EQ(r->state, verdict::down);
    EXPECT_EQ(r->since_ms, 10 * minute);
}

}  // namespace
}  // namespace urlcheck
