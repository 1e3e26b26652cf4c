#include "confirmation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

namespace urlcheck {
namespace {

using namespace std::chrono_literals;
using time_point = std::chrono::steady_clock::time_point;

result look(verdict state, error_kind error, std::optional<int> status = std::nullopt, bool confirmed = false) {
    result r;
    r.state = state;
    r.error = error;
    r.status = status;
    r.confirmed = confirmed;
    return r;
}

TEST(Confirmation, WhichFirstLooksGetASecond) {
    check_options on;
    on.confirm = true;
    on.confirm_wait = 2000ms;
    check_options off = on;
    off.confirm = false;
    const time_point now{};
    const time_point no_deadline = time_point::max();
    struct row {
        const char* what;
        result first;
        const check_options* options;
        time_point deadline;
        bool wanted;
    };
    const row rows[] = {
        {"refused", look(verdict::down, error_kind::connect), &on, no_deadline, true},
        {"timeout", look(verdict::down, error_kind::timeout), &on, no_deadline, true},
        {"reset", look(verdict::down, error_kind::protocol), &on, no_deadline, true},
        {"no such host", look(verdict::down, error_kind::dns), &on, no_deadline, false},
        {"tls handshake", look(verdict::unverifiable, error_kind::tls), &on, no_deadline, false},
        {"500 once", look(verdict::down, error_kind::status, 500), &on, no_deadline, true},
        {"599", look(verdict::down, error_kind::status, 599), &on, no_deadline, true},
        {"503", look(verdict::down, error_kind::status, 503), &on, no_deadline, true},
        {"404 is no accident", look(verdict::down, error_kind::status, 404), &on, no_deadline, false},
        {"429, unverifiable", look(verdict::unverifiable, error_kind::status, 429), &on, no_deadline, true},
        {"up", look(verdict::up, error_kind::none, 200), &on, no_deadline, false},
        {"degraded", look(verdict::degraded, error_kind::none, 200), &on, no_deadline, false},
        {"its retry reproduced it", look(verdict::down, error_kind::connect, std::nullopt, true), &on, no_deadline,
         false},
        {"--no-confirm", look(verdict::down, error_kind::connect), &off, no_deadline, false},
        {"the wait fits before the deadline", look(verdict::down, error_kind::connect), &on, now + 2001ms, true},
        {"the wait ends at the deadline", look(verdict::down, error_kind::connect), &on, now + 2000ms, false},
        {"the wait ends after it", look(verdict::down, error_kind::connect), &on, now + 1s, false},
    };
    for (const row& r : rows)
        EXPECT_EQ(wants_confirmation(r.first, *r.options, now, r.deadline), r.wanted) << r.what;
}

TEST(Confirmation, DelayIsJitteredByAFifthEitherWay) {
    std::minstd_rand rng(42);
    EXPECT_EQ(confirm_delay(0ms, rng), 0ms);
    EXPECT_EQ(confirm_delay(-5ms, rng), 0ms);
    bool below = false;
    bool above = false;
    for (int i = 0; i < 1000; ++i) {
        const auto d = confirm_delay(2000ms, rng);
        EXPECT_GE(d, 1600ms);
        EXPECT_LE(d, 2400ms);
        below = below || d < 2000ms;
        above = above || d > 2000ms;
    }
    EXPECT_TRUE(below && above);
    EXPECT_EQ(confirm_delay(4ms, rng), 4ms);  // a fifth of 4 ms rounds to nothing
}

TEST(Confirmation, TheSecondLookCarriesOnFromTheFirst) {
    struct row {
        std::string method;
        int attempts;
        double time_ms;
        bool straight_to_get;
    };
    for (const row& r : {row{"GET", 3, 120.5, true}, row{"HEAD", 1, 8, false}, row{"", 0, 0, false}}) {
        result first;
        first.method = r.method;
        first.attempts = r.attempts;
        first.time_ms = r.time_ms;
        const check_pass pass = confirmation_pass(first);
        EXPECT_TRUE(pass.confirmation);
        EXPECT_EQ(pass.attempts_before, r.attempts);
        EXPECT_EQ(pass.time_before_ms, r.time_ms);
        EXPECT_EQ(pass.straight_to_get, r.straight_to_get) << r.method;
    }
}

TEST(Confirmation, UnconfirmedSaysWhyInTheMessageAndTheDecidingReason) {
    result first = look(verdict::down, error_kind::connect);
    first.message = "connection refused";
    first.reasons = {"connection refused", "slow"};
    const result r = unconfirmed(first, interrupted);
    EXPECT_EQ(r.message, "connection refused (not confirmed: interrupted)");
    EXPECT_EQ(r.reasons.front(), "connection refused (not confirmed: interrupted)");
    EXPECT_EQ(r.reasons.back(), "slow");
    EXPECT_EQ(r.state, verdict::down);
    EXPECT_FALSE(r.confirmed);

    result bare = look(verdict::down, error_kind::timeout);
    bare.message = "timeout";
    const result b = unconfirmed(bare, deadline_came_first);
    EXPECT_EQ(b.message, "timeout (not confirmed: the run deadline came first)");
    EXPECT_TRUE(b.reasons.empty());
}

TEST(Confirmation, SettleKeepsTheSecondLookUnlessTheDeadlineCutItShort) {
    result first = look(verdict::down, error_kind::connect);
    first.message = "connection refused";
    first.attempts = 1;

    result recovered = look(verdict::up, error_kind::none, 200);
    recovered.attempts = 2;
    EXPECT_EQ(settle_confirmation(first, recovered).state, verdict::up);

    result again = look(verdict::down, error_kind::connect, std::nullopt, true);
    again.message = "connection refused";
    again.attempts = 2;
    const result confirmed = settle_confirmation(first, again);
    EXPECT_TRUE(confirmed.confirmed);
    EXPECT_EQ(confirmed.message, "connection refused");

    result cut = look(verdict::skipped, error_kind::skipped);
    cut.message = "cut short by --max-time after 40 ms";
    cut.attempts = 2;
    const result kept = settle_confirmation(first, cut);
    EXPECT_EQ(kept.state, verdict::down);
    EXPECT_EQ(kept.message, "connection refused (not confirmed: the run deadline came first)");
    EXPECT_EQ(kept.attempts, 2);  // every attempt counted
}

}  // namespace
}  // namespace urlcheck
