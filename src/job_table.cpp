#include "job_table.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace urlcheck {

std::optional<job_state> next_state(job_state from, job_event event) noexcept {
    using s = job_state;
    using e = job_event;
    if (event == e::close) return from == s::free ? std::nullopt : std::optional(s::free);
    switch (from) {
        case s::free:
            if (event == e::open) return s::queued;
            break;
        case s::queued:
            if (event == e::start) return s::running;
            break;
        case s::running:
            if (event == e::requeue) return s::queued;
            if (event == e::hold_for_confirmation) return s::confirm_wait;
            break;
        case s::confirm_wait:
            if (event == e::confirmation_due) return s::confirm_queued;
            break;
        case s::confirm_queued:
            if (event == e::start) return s::confirming;
            break;
        case s::confirming:
            if (event == e::requeue) return s::confirm_queued;
            break;
    }
    return std::nullopt;
}

std::string check_key(const std::string& target, const std::string& options_fingerprint) {
    if (options_fingerprint.empty()) return target;
    std::string key;
    key.reserve(target.size() + 1 + options_fingerprint.size());
    key += target;
    key += '\n';  // no URL has one
    key += options_fingerprint;
    return key;
}

job_table::placement job_table::place(const std::string& key) const {
    if (auto it = active_.find(key); it != active_.end()) return {placement::kind::join, it->second, nullptr};
    if (auto it = kept_.find(key); it != kept_.end()) return {placement::kind::kept, 0, &it->second};
    return {};
}

void job_table::join(std::size_t slot, waiting_entry w) {
    jobs_[slot].waiters.push_back(std::move(w));
    ++waiting_;
}

void job_table::join(std::size_t slot, waiting_entry w, bool repeats_later) {
    jobs_[slot].keep_result = repeats_later;
    join(slot, std::move(w));
}

void job_table::release(const std::string& key) { kept_.erase(key); }

std::size_t job_table::open(std::string key, std::string target, std::shared_ptr<const check_spec> spec,
                            bool keep_result, waiting_entry w) {
    std::size_t slot = jobs_.size();
    if (free_slots_.empty()) {
        jobs_.emplace_back();
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
    }
    job& j = move(slot, job_event::open);
    j.keep_result = keep_result;
    j.target = std::move(target);
    j.key = key;
    j.spec = std::move(spec);
    j.waiters.push_back(std::move(w));
    ++waiting_;
    active_.emplace(std::move(key), slot);
    return slot;
}

void job_table::start(std::size_t slot, time_point now) {
    job& j = move(slot, job_event::start);
    if (j.state == job_state::running) j.started_at = now;
}

bool job_table::requeue_out_of_descriptors(std::size_t slot, bool alone) {
    if (alone && jobs_[slot].alone_out_of_descriptors++ > 0) return false;
    move(slot, job_event::requeue);
    return true;
}

void job_table::hold_for_confirmation(std::size_t slot, result first, time_point when) {
    job& j = move(slot, job_event::hold_for_confirmation);
    j.first = std::make_unique<result>(std::move(first));
    j.confirm_at = when;
    due_.emplace(when, slot);
}

std::optional<job_table::time_point> job_table::next_due() {
    // Jobs closed while they waited (the run ended) leave their entry behind.
    while (!due_.empty()) {
        const auto [when, slot] = due_.top();
        const job& j = jobs_[slot];
        if (j.state == job_state::confirm_wait && j.confirm_at == when) return when;
        due_.pop();
    }
    return std::nullopt;
}

std::optional<std::size_t> job_table::take_due(time_point now) {
    const auto when = next_due();
    if (!when || *when > now) return std::nullopt;
    const std::size_t slot = due_.top().second;
    due_.pop();
    move(slot, job_event::confirmation_due);
    return slot;
}

result job_table::take_first(std::size_t slot) {
    job& j = jobs_[slot];
    if (!holds_first_look(j.state) || !j.first)
        throw std::logic_error(fmt::format("job {}: no first look held", slot));
    result r = std::move(*j.first);
    j.first.reset();
    return r;
}

bool job_table::close(std::size_t slot, result r, const deliver_fn& deliver) {
    job& j = move(slot, job_event::close);
    bool going = true;
    for (waiting_entry& w : j.waiters) {
        r.url = std::move(w.url);
        r.source = std::move(w.source);
        if (going) going = deliver(w.index, r);
    }
    waiting_ -= j.waiters.size();
    if (j.keep_result) {
        r.url.clear();
        r.source.clear();
        kept_.emplace(j.key, std::move(r));
    }
    active_.erase(j.key);
    j = job{};
    free_slots_.push_back(slot);
    return going;
}

std::vector<waiting_entry> job_table::drop(std::size_t slot) {
    job& j = move(slot, job_event::close);
    std::vector<waiting_entry> waiters = std::move(j.waiters);
    waiting_ -= waiters.size();
    active_.erase(j.key);
    j = job{};
    free_slots_.push_back(slot);
    return waiters;
}

job& job_table::move(std::size_t slot, job_event event) {
    job& j = jobs_[slot];
    const auto to = next_state(j.state, event);
    if (!to)
        throw std::logic_error(fmt::format("job {}: event {} in state {}", slot, static_cast<int>(event),
                                           static_cast<int>(j.state)));
    if (holds_first_look(j.state)) --confirming_;
    if (holds_first_look(*to)) ++confirming_;
    j.state = *to;
    return j;
}

}  // namespace urlcheck
