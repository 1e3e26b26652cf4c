#include "state_transition.hpp"

#include <fmt/format.h>

namespace urlcheck {

namespace {

// A first look that is news: a new entry that is not simply up.
bool worth_listing(const std::optional<verdict>& before, verdict now) {
    return before.has_value() || now != verdict::up;
}

}  // namespace

transition next_transition(const state_record* previous, verdict observed, const std::string& error,
                           std::int64_t now_ms, const transition_rules& rules) {
    transition t;
    if (observed == verdict::skipped) {
        // The run deadline came first: nothing was learnt about the entry.
        t.state = observed;
        if (previous != nullptr) {
            if (previous->settled != verdict::pending) t.history.previous_state = previous->settled;
            t.history.since_unix_ms = previous->since_ms;
            t.history.consecutive_down = previous->consecutive_down;
            t.history.consecutive_up = previous->consecutive_up;
        }
        return t;
    }

    const bool down = observed == verdict::down;
    state_record next;
    if (previous != nullptr) {
        next = *previous;
    } else {
        next.first_seen_ms = now_ms;
        next.last_change_ms = now_ms;
        next.since_ms = now_ms;
    }
    const bool flipped = previous != nullptr && (previous->consecutive_down > 0) != down;
    if (flipped) next.last_change_ms = now_ms;
    next.consecutive_down = down ? next.consecutive_down + 1 : 0;
    next.consecutive_up = down ? 0 : next.consecutive_up + 1;
    next.last_checked_ms = now_ms;
    if (observed == verdict::up) next.last_up_ms = now_ms;
    if (down) next.last_error = error;
    // The first run of the streak this one belongs to.
    const std::int64_t streak_start = next.last_change_ms;

    const verdict before = next.settled;
    const bool incident_open = before == verdict::down;
    if (down) {
        if (incident_open || next.consecutive_down >= rules.fail_after) {
            next.state = verdict::down;
            next.settled = verdict::down;
            if (!incident_open) next.since_ms = streak_start;
        } else {
            // since_ms stays the settled state's: a blip that ends up is
            // not a new "up since".
            next.state = verdict::pending;
            t.reason = fmt::format("down {} of {} runs (--fail-after)", next.consecutive_down, rules.fail_after);
        }
    } else if (incident_open && next.consecutive_up < rules.recover_after) {
        // Gatus's success-threshold: the outage stays open until enough
        // good runs in a row, so a flapping URL mails once.
        next.state = verdict::down;
        t.reason = fmt::format("still down: up {} of {} runs (--recover-after)", next.consecutive_up,
                               rules.recover_after);
    } else {
        if (incident_open) {
            t.history.outage_ms = streak_start - next.since_ms;
            next.since_ms = streak_start;
        } else if (before != observed) {
            next.since_ms = now_ms;
        }
        next.state = observed;
        next.settled = observed;
    }

    const std::optional<verdict> known_before = before == verdict::pending ? std::nullopt : std::optional(before);
    t.history.changed = next.settled != before && next.settled != verdict::pending;
    t.history.previous_state = known_before;
    t.history.since_unix_ms = next.state == verdict::pending ? streak_start : next.since_ms;
    t.history.consecutive_down = next.consecutive_down;
    t.history.consecutive_up = next.consecutive_up;
    const bool change_listed = t.history.changed && worth_listing(known_before, next.settled);
    t.history.reminder = !t.history.changed && next.state == verdict::down && rules.remind_every &&
                         now_ms - next.last_listed_ms >= rules.remind_every->count();
    t.listed = change_listed || t.history.reminder;
    if (t.listed) next.last_listed_ms = now_ms;
    t.state = next.state;
    t.next = std::move(next);
    return t;
}

}  // namespace urlcheck
