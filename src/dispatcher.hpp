// Which check starts next: a global concurrency limit, a per-host limit and
// per-host politeness (a minimum interval between starts, and holds after a
// 429/503 with Retry-After), without head-of-line blocking (a saturated or
// waiting host never holds up the others). Pure bookkeeping, no I/O and no
// clock of its own: the caller says what time it is. Table-tested in
// dispatcher_test.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace urlcheck {

class dispatcher {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // `host_interval`: at least this long between two starts on one host
    // (0: no limit).
    dispatcher(std::size_t concurrency, std::size_t per_host,
               std::chrono::milliseconds host_interval = std::chrono::milliseconds(0));

    // Queues job `job` for `host`. Ids are small integers the caller may
    // reuse once a job has finished.
    void add(std::size_t job, std::string_view host);

    // The next job that may start at `now`, or nullopt if every free slot is
    // blocked by a limit, every host with work waits, or nothing is queued.
    // Hosts take turns.
    std::optional<std::size_t> next(time_point now = {});

    // A started job ended: frees its global and host slots.
    void finished(std::size_t job);

    // Starts no job of `host` before `until` (a later hold wins), also for
    // jobs added meanwhile.
    void hold(std::string_view host, time_point until);

    // The earliest time a waiting host may start again, if any waits: when
    // to call next() though nothing finished.
    std::optional<time_point> next_wake() const;

    // Changes the global limit (at least 1). Jobs running beyond a lowered
    // limit go on; none starts until fewer run.
    void set_concurrency(std::size_t concurrency) noexcept { concurrency_ = std::max<std::size_t>(concurrency, 1); }
    std::size_t concurrency() const noexcept { return concurrency_; }

    std::size_t running() const noexcept { return running_; }
    std::size_t queued() const noexcept { return queued_; }
    std::size_t hosts() const noexcept { return host_ids_.size(); }

private:
    struct host_state {
        std::string name;
        std::deque<std::size_t> pending;
        std::size_t running = 0;
        bool in_ready = false;
        time_point not_before{};  // no start before this (interval, holds)
        bool waiting = false;     // in waiting_ until not_before
    };

    std::uint32_t host_id(std::string_view host);
    void make_ready_if_possible(std::uint32_t host);
    // Hosts whose time has come go back to ready_ (or are forgotten).
    void wake(time_point now);
    void start_waiting(std::uint32_t host);
    // A host with nothing queued, running or to wait for is forgotten, so a
    // list of a million distinct hosts does not keep a million host records.
    void forget_if_idle(std::uint32_t host);

    std::size_t concurrency_;
    std::size_t per_host_;
    std::chrono::milliseconds host_interval_;
    time_point now_{};  // the latest time next() was given
    std::size_t running_ = 0;
    std::size_t queued_ = 0;
    std::unordered_map<std::string, std::uint32_t> host_ids_;
    std::vector<host_state> hosts_;
    std::vector<std::uint32_t> free_hosts_;
    std::vector<std::uint32_t> job_host_;
    std::deque<std::uint32_t> ready_;  // hosts with queued jobs, a free host slot and no wait
    // Hosts that may not start before a time, earliest first.
    using wait_entry = std::pair<time_point, std::uint32_t>;
    std::priority_queue<wait_entry, std::vector<wait_entry>, std::greater<>> waiting_;
};

}  // namespace urlcheck
