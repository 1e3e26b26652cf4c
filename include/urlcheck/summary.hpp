// Counts over a run's results, shared by the reporters and the exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

struct summary {
    std::size_t total = 0;         // entries in the input (selected by --select-tag, --include, --exclude)
    std::size_t checked = 0;       // entries with a verdict: every result but the skipped ones
    std::size_t up = 0;            // state up
    std::size_t down = 0;          // state down; includes invalid_url
    std::size_t degraded = 0;      // state degraded
    std::size_t unverifiable = 0;  // state unverifiable
    std::size_t skipped = 0;       // no verdict: the run deadline came first (not started or cut short)
    std::size_t pending = 0;       // state pending (--state, --fail-after)
    std::size_t acknowledged = 0;  // failing, but an --ack says the failure is known (never fails the run)
    std::size_t not_checked = 0;   // left out because the run was interrupted
    std::size_t filtered = 0;      // left out by --select-tag, --include or --exclude (not in total)
    double elapsed_ms = 0;
    std::int64_t started_unix_ms = 0;  // when the run started (system clock), for the reports' timestamps
    int signal = 0;                // non-zero when interrupted
    // --shard (README "Sharding"): which share of the list this run checked
    // ("2/4"; empty: all of it), how many entries it left to the other
    // shards (not in total), and the whole list's fingerprint
    // ("sha256:..."), which urlcheck merge compares.
    std::string shard{};
    std::size_t other_shards{};
    std::string list_fingerprint{};

    // Counts `r` under its state.
    void add(const result& r) noexcept;
};

// Whether a result in `state` fails the run: down always, degraded,
// unverifiable and skipped only when --fail-on names them, acknowledged never.
bool fails_run(verdict state, const fail_on_states& fail_on) noexcept;

// 130/143 interrupted by SIGINT/SIGTERM; 1 at least one down; 3 nothing down
// but a state --fail-on names; 0 otherwise (skipped entries fail nothing
// unless --fail-on skipped).
// Usage and input errors (2) are decided before a run and never reach here.
int exit_code_for(const summary& s, const fail_on_states& fail_on = {}) noexcept;

}  // namespace urlcheck
