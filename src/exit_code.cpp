#include <csignal>

#include "urlcheck/summary.hpp"

namespace urlcheck {

void summary::add(const result& r) noexcept {
    if (r.state != verdict::skipped) ++checked;
    switch (r.state) {
        case verdict::up: ++up; break;
        case verdict::down: ++down; break;
        case verdict::degraded: ++degraded; break;
        case verdict::unverifiable: ++unverifiable; break;
        case verdict::skipped: ++skipped; break;
        case verdict::pending: ++pending; break;
        case verdict::acknowledged: ++acknowledged; break;
    }
}

bool fails_run(verdict state, const fail_on_states& fail_on) noexcept {
    switch (state) {
        case verdict::down: return true;
        case verdict::degraded: return fail_on.degraded;
        case verdict::unverifiable: return fail_on.unverifiable;
        case verdict::skipped: return fail_on.skipped;
        case verdict::pending: return fail_on.pending;
        case verdict::up: return false;
        // --ack: a known failure, kept out of the exit code until the ack expires.
        case verdict::acknowledged: return false;
    }
    return false;
}

int exit_code_for(const summary& s, const fail_on_states& fail_on) noexcept {
    if (s.signal != 0) return 128 + s.signal;  // shell convention: 130 SIGINT, 143 SIGTERM
    if (s.down > 0) return 1;
    if ((fail_on.degraded && s.degraded > 0) || (fail_on.unverifiable && s.unverifiable > 0) ||
        (fail_on.skipped && s.skipped > 0) || (fail_on.pending && s.pending > 0))
        return 3;
    return 0;
}

}  // namespace urlcheck
