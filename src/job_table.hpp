// The engine's jobs: one per distinct check (URL and line options), in
// reusable slots, each with the entries waiting for its result, its place in
// the lifecycle (job_state), and results kept for repeats read later. Pure
// bookkeeping, no I/O and no clock: table-tested in job_table_test.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "urlcheck/result.hpp"

namespace urlcheck {

struct check_spec;

// queued -> running -> (closed)                      the usual life
// running -> confirm_wait -> confirm_queued -> confirming -> (closed)
//                                                    confirm before fail
// running -> queued, confirming -> confirm_queued    out of descriptors: again
// Any open job may be closed: the run ends (deadline, interrupt) with it
// unfinished. A closed job's slot is free.
enum class job_state {
    free,            // no job in this slot
    queued,          // in the dispatcher, waiting for a slot
    running,         // its first look runs
    confirm_wait,    // its first look failed; waits out --confirm-wait outside the dispatcher
    confirm_queued,  // the wait is over: in the dispatcher for its second look
    confirming,      // its second look runs
};

enum class job_event {
    open,                // a new job: free -> queued
    start,               // the dispatcher started it
    requeue,             // back to the dispatcher unreported
    hold_for_confirmation,  // its first look failed and gets a second
    confirmation_due,    // --confirm-wait is over
    close,               // reported (or given up): the slot is free again
};

// The state `event` leads to from `from`, or nullopt when it cannot happen.
std::optional<job_state> next_state(job_state from, job_event event) noexcept;

// Its coroutine runs.
constexpr bool is_started(job_state s) noexcept { return s == job_state::running || s == job_state::confirming; }
// Its first look is held back, waiting for the second.
constexpr bool holds_first_look(job_state s) noexcept {
    return s == job_state::confirm_wait || s == job_state::confirm_queued || s == job_state::confirming;
}

// What tells checks apart: the URL, and the options of its line unless it
// has none (their spec_key()).
std::string check_key(const std::string& target, const std::string& options_fingerprint);

// Hands one entry's result on; false: stop, the run ends.
using deliver_fn = std::function<bool(std::size_t index, result& r)>;

// One entry waiting for a job's result.
struct waiting_entry {
    std::size_t index;
    std::string url;
    std::string source;
};

struct job {
    job_state state = job_state::free;
    std::string target;
    std::string key;  // check_key()
    std::shared_ptr<const check_spec> spec;
    std::vector<waiting_entry> waiters;
    bool keep_result = false;  // the URL comes again later in the list
    std::chrono::steady_clock::time_point started_at{};  // of its first look
    // The first look, held while the job waits for its second. On the heap:
    // inline it made every job (one per check in flight) ~400 bytes bigger
    // for the few that are ever confirmed.
    std::unique_ptr<result> first;
    std::chrono::steady_clock::time_point confirm_at{};  // confirm_wait: when it goes back to the dispatcher
    int alone_out_of_descriptors = 0;  // times it ran out of descriptors with no other check running
};

class job_table {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // Where a new entry goes: it joins the open job for its check, takes
    // the result kept for it, or needs a new job.
    struct placement {
        enum class kind { join, kept, new_job } what = kind::new_job;
        std::size_t slot = 0;           // join
        const result* kept = nullptr;   // kept; valid until the next call that changes the table
    };
    placement place(const std::string& key) const;

    void join(std::size_t slot, waiting_entry w);
    // The same, saying whether the check's URL is listed again after this
    // entry: the job keeps its result for that, or no longer needs to.
    void join(std::size_t slot, waiting_entry w, bool repeats_later);
    // The result kept for `key` has served its last repeat: forgotten.
    void release(const std::string& key);
    // A queued job for `target` with its first entry; returns its slot, a
    // small integer reused once the job is closed (dispatcher ids).
    std::size_t open(std::string key, std::string target, std::shared_ptr<const check_spec> spec, bool keep_result,
                     waiting_entry w);

    // The dispatcher started the job (its first or its second look).
    void start(std::size_t slot, time_point now);
    // Out of descriptors (EMFILE/ENFILE), which says nothing about the URL:
    // back to the dispatcher unreported, keeping a held first look. Unless
    // it met that twice with no other check running (`alone`): then false,
    // and its result stands, so a machine that cannot open one socket does
    // not go round forever.
    bool requeue_out_of_descriptors(std::size_t slot, bool alone);
    // Holds the first look until `when`, when take_due() hands the job back
    // for its second look.
    void hold_for_confirmation(std::size_t slot, result first, time_point when);
    // The earliest confirm_wait that ends, if any.
    std::optional<time_point> next_due();
    // A job whose wait ended by `now` (now confirm_queued), if any.
    std::optional<std::size_t> take_due(time_point now);
    // The held first look, no longer held: its second look ended, or can
    // no longer happen.
    result take_first(std::size_t slot);

    // Hands `r` to every entry waiting for the job (under the entry's own
    // URL and source), keeps it for later repeats if asked, and frees the
    // slot. `deliver(index, result&)` returns false to stop the handing out
    // (the run stops); the job is closed all the same.
    bool close(std::size_t slot, result r, const deliver_fn& deliver);
    // Closes the job with no result, keeping none: what waited for it.
    std::vector<waiting_entry> drop(std::size_t slot);

    const job& operator[](std::size_t slot) const { return jobs_[slot]; }
    std::size_t slots() const noexcept { return jobs_.size(); }
    std::size_t open_jobs() const noexcept { return active_.size(); }
    // Entries waiting in open jobs (read and not yet reported).
    std::size_t waiting() const noexcept { return waiting_; }
    // Jobs between their first and second look.
    std::size_t confirming() const noexcept { return confirming_; }

private:
    job& move(std::size_t slot, job_event event);

    std::vector<job> jobs_;
    std::vector<std::size_t> free_slots_;
    std::unordered_map<std::string, std::size_t> active_;  // check_key -> slot of its open job
    std::unordered_map<std::string, result> kept_;         // by check_key: results of URLs listed again later
    std::size_t waiting_ = 0;
    std::size_t confirming_ = 0;
    using due_entry = std::pair<time_point, std::size_t>;
    std::priority_queue<due_entry, std::vector<due_entry>, std::greater<>> due_;  // confirm_wait, earliest first
};

}  // namespace urlcheck
