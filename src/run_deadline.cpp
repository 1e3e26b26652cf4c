#include "run_deadline.hpp"

#include <algorithm>
#include <vector>

#include "check_spec.hpp"
#include "confirmation.hpp"
#include "synthetic_results.hpp"

namespace urlcheck {

run_deadline::run_deadline(boost::asio::io_context& ioc, std::chrono::milliseconds max_time)
    : max_time_(max_time), timer_(ioc) {}

void run_deadline::begin(time_point started) {
    if (max_time_.count() > 0) at_ = started + max_time_;
}

void run_deadline::watch(std::function<bool()> came, std::function<void()> overran) {
    if (at_ == time_point::max()) return;
    came_ = std::move(came);
    overran_ = std::move(overran);
    timer_.expires_at(at_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        passed_ = true;
        if (!came_()) return;
        timer_.expires_after(grace);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) overran_();
        });
    });
}

void run_deadline::cancel() noexcept { timer_.cancel(); }

bool abandon_running(job_table& jobs, run_deadline::time_point now, const deliver_fn& deliver) {
    for (std::size_t slot = 0; slot < jobs.slots(); ++slot) {
        const job& j = jobs[slot];
        if (!is_started(j.state)) continue;
        result r = j.state == job_state::confirming
                       ? unconfirmed(jobs.take_first(slot), deadline_came_first)
                       : deadline_result(j.target, std::chrono::duration<double, std::milli>(now - j.started_at).count());
        if (!jobs.close(slot, std::move(r), deliver)) return false;
    }
    return true;
}

bool report_unstarted(job_table& jobs, const deliver_fn& deliver) {
    for (std::size_t slot = 0; slot < jobs.slots(); ++slot) {
        const job_state state = jobs[slot].state;
        if (state != job_state::confirm_wait && state != job_state::confirm_queued) continue;
        if (!jobs.close(slot, unconfirmed(jobs.take_first(slot), deadline_came_first), deliver)) return false;
    }
    std::vector<waiting_entry> queued;
    for (std::size_t slot = 0; slot < jobs.slots(); ++slot) {
        if (jobs[slot].state != job_state::queued) continue;
        for (waiting_entry& w : jobs.drop(slot)) queued.push_back(std::move(w));
    }
    std::sort(queued.begin(), queued.end(), [](const waiting_entry& a, const waiting_entry& b) { return a.index < b.index; });
    for (waiting_entry& w : queued) {
        result r = skipped_result(std::move(w.url), std::move(w.source));
        if (!deliver(w.index, r)) return false;
    }
    return true;
}

result unread_result(entry e, const job_table& jobs) {
    if (!e.target.empty()) {
        const auto place = jobs.place(check_key(e.target, spec_key(e.options)));
        if (place.what == job_table::placement::kind::kept) {
            result r = *place.kept;
            r.url = std::move(e.url);
            r.source = std::move(e.source);
            return r;
        }
    }
    if (!e.error.empty() || e.target.empty()) return invalid_result(std::move(e));
    return skipped_result(std::move(e.url), std::move(e.source));
}

}  // namespace urlcheck
