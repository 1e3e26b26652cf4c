// run_checks: the engine's one entry point. Takes the parsed entries and the
// check options, checks every valid entry concurrently on one thread, and
// hands each result to the caller as soon as it is known.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck::trace {
class sink;  // trace.hpp
}

namespace urlcheck {

struct progress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::size_t down = 0;
    // Checks whose first look failed, waiting for (or making) their second
    // look: not done yet, so not counted in `done` or `down`.
    std::size_t confirming = 0;
};

// What the caller says after taking a result or a progress tick: stop when
// checking on is pointless (the report can no longer be written). The run
// then ends like an interrupted one: running checks are abandoned, and no
// further result is handed over.
enum class report_status { keep_going, stop };

struct run_hooks {
    // Called once per entry, in completion order, with the entry's index.
    std::function<report_status(std::size_t index, const result&)> on_result;
    // Called when a check starts (again for its second look, or after
    // waiting for descriptors), with the index of the entry that opened it
    // and its URL, credentials redacted: what a live status shows it waits
    // on. Its end is that entry's on_result. May be empty.
    std::function<void(std::size_t index, const std::string& url)> on_started;
    // Called now and then (at most every ~100 ms) while checks run.
    std::function<report_status(const progress&)> on_progress;
    // Something the user should know that changes how the run goes (e.g.
    // the concurrency was lowered to fit the descriptor limit). Once each.
    std::function<void(const std::string& message)> on_notice;
    // How the run adapts, worth knowing when looking closely (-v): e.g. an
    // origin refused HEAD several times in a row, so its checks use GET.
    // Once each.
    std::function<void(const std::string& message)> on_detail;
    // How many results the caller holds back from its output so far (a
    // report in input order waiting for an earlier entry). They count
    // against the read-ahead window, so entries read and not yet reported
    // plus results held never exceed it. May be empty: none are held.
    std::function<std::size_t()> results_held;
    // --explain: told every step of every check (trace.hpp), on the run's
    // thread. Null: no step is recorded.
    trace::sink* trace = nullptr;
};

struct run_outcome {
    int signal = 0;           // SIGINT/SIGTERM that stopped the run early, else 0
    std::size_t finished = 0; // entries with a result
    double elapsed_ms = 0;
};

// Pulls entries from `source` as checks can start (a bounded window ahead
// of the running ones, 2 x --concurrency + 4096 entries, results held by the
// caller included), so memory follows the concurrency, not the length of the
// list. Entry indexes count from 0 in the order the source gives them.
//
// --concurrency is taken as given: fitting it to the process's descriptor
// limit is the caller's decision (the app makes it). Fails only for setup
// errors that make every check impossible (e.g. an unreadable --cacert
// file), by throwing std::runtime_error with a message fit for the user. A
// hook that throws ends the run too: its exception leaves run_checks.
run_outcome run_checks(entry_source& source, const check_options& options, const run_hooks& hooks);

// The same over a list already in memory.
run_outcome run_checks(const std::vector<entry>& entries, const check_options& options, const run_hooks& hooks);

}  // namespace urlcheck
