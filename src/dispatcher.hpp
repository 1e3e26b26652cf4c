// Which check starts next: a global concurrency limit and a per-host limit,
// without head-of-line blocking (a saturated host never holds up the others).
// Pure bookkeeping, no I/O: table-tested in dispatcher_test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace urlcheck {

class dispatcher {
public:
    dispatcher(std::size_t concurrency, std::size_t per_host);

    // Queues job `job` for `host`. Ids are small integers the caller may
    // reuse once a job has finished.
    void add(std::size_t job, std::string_view host);

    // The next job that may start now, or nullopt if every free slot is
    // blocked by a limit or nothing is queued. Hosts take turns.
    std::optional<std::size_t> next();

    // A started job ended: frees its global and host slots.
    void finished(std::size_t job);

    std::size_t running() const noexcept { return running_; }
    std::size_t queued() const noexcept { return queued_; }
    std::size_t hosts() const noexcept { return host_ids_.size(); }

private:
    struct host_state {
        std::string name;
        std::deque<std::size_t> pending;
        std::size_t running = 0;
        bool in_ready = false;
    };

    void make_ready_if_possible(std::uint32_t host);
    // A host with nothing queued or running is forgotten, so a list of a
    // million distinct hosts does not keep a million host records.
    void forget_if_idle(std::uint32_t host);

    std::size_t concurrency_;
    std::size_t per_host_;
    std::size_t running_ = 0;
    std::size_t queued_ = 0;
    std::unordered_map<std::string, std::uint32_t> host_ids_;
    std::vector<host_state> hosts_;
    std::vector<std::uint32_t> free_hosts_;
    std::vector<std::uint32_t> job_host_;
    std::deque<std::uint32_t> ready_;  // hosts with queued jobs and a free host slot
};

}  // namespace urlcheck
