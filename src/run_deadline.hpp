// --max-time: when the run's deadline is, the timer that says it came (and,
// a grace later, that checks overran it), and what the deadline leaves to
// report: running checks cut short, queued entries skipped, first looks
// unconfirmed, unread entries skipped. The reports are pure over the job
// table and table-tested in run_deadline_test.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>

#include "job_table.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class run_deadline {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // How long checks may overrun the deadline before they are abandoned.
    // Their own awaits are bounded by the deadline; this only backs that up.
    static constexpr std::chrono::milliseconds grace{1000};

    // `max_time` 0: no deadline.
    run_deadline(boost::asio::io_context& ioc, std::chrono::milliseconds max_time);

    // The run starts now: the deadline is `max_time` from `started`.
    void begin(time_point started);
    // time_point::max() without --max-time.
    time_point at() const noexcept { return at_; }
    bool passed() const noexcept { return passed_; }

    // At the deadline calls `came` (passed() is then true), which returns
    // whether checks still run; if so, `overran` a grace later. No-op
    // without a deadline.
    void watch(std::function<bool()> came, std::function<void()> overran);
    void cancel() noexcept;

private:
    std::chrono::milliseconds max_time_;
    time_point at_ = time_point::max();
    bool passed_ = false;
    boost::asio::steady_timer timer_;
    std::function<bool()> came_;
    std::function<void()> overran_;
};

// Running checks the deadline abandons at `now`: a second look's first look
// is reported unconfirmed, a first look cut short. False: delivery stopped.
bool abandon_running(job_table& jobs, run_deadline::time_point now, const deliver_fn& deliver);

// Every open job that is not running: first looks waiting for their second
// are reported unconfirmed, then queued entries skipped, in index order (so
// a report in input order need not hold them back). False: delivery stopped.
bool report_unstarted(job_table& jobs, const deliver_fn& deliver);

// An entry read after the deadline: the kept result of its check (under its
// own URL and source), invalid, or skipped.
result unread_result(entry e, const job_table& jobs);

}  // namespace urlcheck
