#include "dispatcher.hpp"

#include <algorithm>

namespace urlcheck {

dispatcher::dispatcher(std::size_t concurrency, std::size_t per_host)
    : concurrency_(std::max<std::size_t>(concurrency, 1)), per_host_(std::max<std::size_t>(per_host, 1)) {}

void dispatcher::add(std::size_t job, std::string_view host) {
    auto [it, inserted] = host_ids_.try_emplace(std::string(host), 0);
    if (inserted) {
        if (free_hosts_.empty()) {
            it->second = static_cast<std::uint32_t>(hosts_.size());
            hosts_.emplace_back();
        } else {
            it->second = free_hosts_.back();
            free_hosts_.pop_back();
        }
        hosts_[it->second].name = it->first;
    }
    const std::uint32_t id = it->second;
    if (job_host_.size() <= job) job_host_.resize(job + 1);
    job_host_[job] = id;
    hosts_[id].pending.push_back(job);
    ++queued_;
    make_ready_if_possible(id);
}

void dispatcher::make_ready_if_possible(std::uint32_t id) {
    host_state& h = hosts_[id];
    if (!h.in_ready && !h.pending.empty() && h.running < per_host_) {
        h.in_ready = true;
        ready_.push_back(id);
    }
}

std::optional<std::size_t> dispatcher::next() {
    if (running_ >= concurrency_ || ready_.empty()) return std::nullopt;
    const std::uint32_t id = ready_.front();
    ready_.pop_front();
    host_state& h = hosts_[id];
    h.in_ready = false;
    const std::size_t job = h.pending.front();
    h.pending.pop_front();
    ++h.running;
    ++running_;
    --queued_;
    // Back of the queue: the next start goes to another host if one waits.
    make_ready_if_possible(id);
    return job;
}

void dispatcher::finished(std::size_t job) {
    const std::uint32_t id = job_host_[job];
    --hosts_[id].running;
    --running_;
    make_ready_if_possible(id);
    forget_if_idle(id);
}

void dispatcher::forget_if_idle(std::uint32_t id) {
    host_state& h = hosts_[id];
    if (h.running != 0 || !h.pending.empty() || h.in_ready) return;
    host_ids_.erase(h.name);
    h = host_state{};
    free_hosts_.push_back(id);
}

}  // namespace urlcheck
