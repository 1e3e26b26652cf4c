// --state: how one entry's record moves from the last run to this one, and
// what this run reports for it. Pure (the time is an argument): the table
// in state_transition_test is the specification; docs/cron.md says it in
// words.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "urlcheck/result.hpp"

namespace urlcheck {

// One entry as the state file keeps it. Times are Unix milliseconds.
struct state_record {
    verdict state = verdict::up;  // as last reported: may be pending
    // The last state that was not pending: what a change is measured from.
    // pending here means none yet (an entry only ever seen pending).
    verdict settled = verdict::pending;
    std::int64_t since_ms = 0;        // when `state` began (down: the outage's first failing run)
    std::int64_t first_seen_ms = 0;
    std::int64_t last_change_ms = 0;  // when the runs last flipped between down and not down
    std::int64_t last_checked_ms = 0;
    std::int64_t last_up_ms = 0;      // last run that found it up (--skip-fresh)
    std::int64_t last_listed_ms = 0;  // last listed by --changes-only (a change or a reminder)
    int consecutive_down = 0;
    int consecutive_up = 0;
    std::string last_error;  // the last failing run's message (kept through good runs)

    bool operator==(const state_record&) const = default;
};

struct transition_rules {
    int fail_after{1};     // --fail-after: consecutive down runs before down
    int recover_after{1};  // --recover-after: consecutive good runs before a down entry is up again
    std::optional<std::chrono::milliseconds> remind_every{};  // --remind-every
};

struct transition {
    std::optional<state_record> next;  // what to store; empty: leave the record as it is (skipped)
    verdict state = verdict::up;       // what this run reports
    std::string reason;                // why `state` is not what was observed; empty when it is
    struct history history;
    bool listed = false;  // --changes-only lists it: the settled state changed, or a reminder is due
};

// `previous` is null for an entry the state has never seen. `observed` is
// this run's verdict and `error` its message.
transition next_transition(const state_record* previous, verdict observed, const std::string& error,
                           std::int64_t now_ms, const transition_rules& rules);

}  // namespace urlcheck
