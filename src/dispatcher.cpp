#include "dispatcher.hpp"

#include <algorithm>

namespace urlcheck {

dispatcher::dispatcher(std::size_t concurrency, std::size_t per_host, std::chrono::milliseconds host_interval)
    : concurrency_(std::max<std::size_t>(concurrency, 1)),
      per_host_(std::max<std::size_t>(per_host, 1)),
      host_interval_(std::max(host_interval, std::chrono::milliseconds(0))) {}

std::uint32_t dispatcher::host_id(std::string_view host) {
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
    return it->second;
}

void dispatcher::add(std::size_t job, std::string_view host) {
    const std::uint32_t id = host_id(host);
    if (job_host_.size() <= job) job_host_.resize(job + 1);
    job_host_[job] = id;
    hosts_[id].pending.push_back(job);
    ++queued_;
    make_ready_if_possible(id);
}

void dispatcher::make_ready_if_possible(std::uint32_t id) {
    host_state& h = hosts_[id];
    if (!h.in_ready && !h.waiting && !h.pending.empty() && h.running < per_host_) {
        h.in_ready = true;
        ready_.push_back(id);
    }
}

void dispatcher::start_waiting(std::uint32_t id) {
    host_state& h = hosts_[id];
    if (h.waiting) return;
    h.waiting = true;
    waiting_.emplace(h.not_before, id);
}

void dispatcher::wake(time_point now) {
    while (!waiting_.empty() && waiting_.top().first <= now) {
        const std::uint32_t id = waiting_.top().second;
        waiting_.pop();
        host_state& h = hosts_[id];
        h.waiting = false;
        if (h.not_before > now) {
            start_waiting(id);  // held again meanwhile
            continue;
        }
        make_ready_if_possible(id);
        forget_if_idle(id);
    }
}

std::optional<std::size_t> dispatcher::next(time_point now) {
    now_ = std::max(now_, now);
    wake(now);
    while (running_ < concurrency_ && !ready_.empty()) {
        const std::uint32_t id = ready_.front();
        ready_.pop_front();
        host_state& h = hosts_[id];
        h.in_ready = false;
        if (h.not_before > now) {
            // Held after it became ready: it waits, the others go on.
            start_waiting(id);
            continue;
        }
        const std::size_t job = h.pending.front();
        h.pending.pop_front();
        ++h.running;
        ++running_;
        --queued_;
        if (host_interval_.count() > 0) {
            h.not_before = now + host_interval_;
            start_waiting(id);
        }
        // Back of the queue: the next start goes to another host if one waits.
        make_ready_if_possible(id);
        return job;
    }
    return std::nullopt;
}

void dispatcher::finished(std::size_t job) {
    const std::uint32_t id = job_host_[job];
    --hosts_[id].running;
    --running_;
    make_ready_if_possible(id);
    forget_if_idle(id);
}

void dispatcher::hold(std::string_view host, time_point until) {
    const std::uint32_t id = host_id(host);
    host_state& h = hosts_[id];
    if (until <= h.not_before) return;
    h.not_before = until;
    start_waiting(id);  // a host already waiting finds the later time when it wakes
}

std::optional<dispatcher::time_point> dispatcher::next_wake() const {
    if (waiting_.empty()) return std::nullopt;
    return waiting_.top().first;
}

void dispatcher::forget_if_idle(std::uint32_t id) {
    host_state& h = hosts_[id];
    // A host still to wait for is kept (it is in waiting_) until its time has
    // come, so a job added after its last one finished still waits.
    if (h.running != 0 || !h.pending.empty() || h.in_ready || h.waiting) return;
    host_ids_.erase(h.name);
    h = host_state{};
    free_hosts_.push_back(id);
}

}  // namespace urlcheck
