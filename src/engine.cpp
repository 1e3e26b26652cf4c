// run_checks: one single-threaded io_context, one coroutine per distinct
// check, started by the dispatcher within the global and per-host limits.
// This file is the wiring (read entries into jobs, start them, take their
// results); the decisions are made in job_table, confirmation, run_deadline,
// spec_cache and synthetic_results.
#include "urlcheck/engine.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/url/parse.hpp>

#include <unistd.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <random>
#include <string_view>

#include "admission.hpp"
#include "check.hpp"
#include "check_services.hpp"
#include "confirmation.hpp"
#include "credentials.hpp"
#include "descriptor_limit.hpp"
#include "dispatcher.hpp"
#include "interrupts.hpp"
#include "job_table.hpp"
#include "run_deadline.hpp"
#include "synthetic_results.hpp"
#include "text.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

// Entries the engine reads ahead of the running checks: enough to find work
// for idle slots when the next entries are all for a saturated host, bounded
// so memory does not follow the list (results the report holds count too).
std::size_t window_for(const check_options& options) {
    return static_cast<std::size_t>(std::max(options.concurrency, 1)) * 2 + 4096;
}

std::string host_key(std::string_view target) {
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url) return std::string(target);
    return normalise_host(url->host());
}

// The checks of one run. A check_services base: the timers and descriptors
// here close before the io_context goes (check_services.hpp).
class check_run : private check_services, private host_hold_sink {
public:
    check_run(entry_source& source, const check_options& options, const run_hooks& hooks)
        : check_services(options),
          source_(source),
          options_(options),
          hooks_(hooks),
          dispatcher_(static_cast<std::size_t>(options.concurrency), static_cast<std::size_t>(options.per_host),
                      options.host_interval),
          deadline_(ioc, options.max_time),
          window_limit_(window_for(options)),
          interrupts_(ioc),
          progress_timer_(ioc),
          wake_timer_(ioc),
          jitter_(std::random_device{}()),
          deliver_([this](std::size_t index, result& r) { return deliver(index, r); }) {
        ctx.host_holds = this;
        ctx.on_detail = hooks_.on_detail;
        ctx.trace = hooks_.trace;
    }

    run_outcome execute() {
        const auto started = clock_type::now();
        deadline_.begin(started);
        ctx.run_deadline = deadline_.at();
        // A bad --cacert, --capath or --cert is a usage error, not a
        // thousand tls results: load them before any check starts. The
        // system store waits for the first https URL (~17 ms a plain-http
        // run need not pay).
        if (tls_contexts::names_files(options_)) tls.client();
        feed();
        if (jobs_.open_jobs() > 0 && !stopped_) {
            watch_interrupts();
            if (hooks_.on_progress) tick_progress();
            deadline_.watch([this] { return deadline_came(); }, [this] { deadline_overran(); });
            pump();
            ioc.run();
        }
        run_outcome outcome;
        outcome.signal = signal_;
        outcome.finished = progress_.done;
        outcome.elapsed_ms = std::chrono::duration<double, std::milli>(clock_type::now() - started).count();
        return outcome;
    }

private:
    bool ended() const noexcept { return stopped_ || signal_ != 0 || deadline_.passed(); }

    // Reads entries until the window is full: invalid ones are reported at
    // once, repeats join the job open for their check (or take its kept
    // result), the rest become jobs for the dispatcher.
    void feed() {
        while (!exhausted_ && !ended() && jobs_.waiting() + results_held() < window_limit_) {
            entry e;
            if (!source_.next(e)) {
                exhausted_ = true;
                break;
            }
            const std::size_t index = next_index_++;
            progress_.total = next_index_;
            admission a = admit(std::move(e), index, source_, jobs_, specs);
            if (a.report) deliver(index, *a.report);
            if (a.opened) dispatcher_.add(*a.opened, host_key(jobs_[*a.opened].target));
        }
    }

    // Results the report holds back for input order: part of the window, so
    // an early entry that takes long stops the reading ahead, not memory.
    std::size_t results_held() const { return hooks_.results_held ? hooks_.results_held() : 0; }

    void pump() {
        while (!ended()) {
            // A host held until the run deadline wakes with it: nothing
            // starts then, even before the deadline's own timer has run.
            const auto now = clock_type::now();
            if (now >= deadline_.at()) break;
            auto next = dispatcher_.next(now);
            if (!next) break;
            start(*next);
        }
        arm_wake();
    }

    void start(std::size_t slot) {
        jobs_.start(slot, clock_type::now());
        ++running_;
        const job& j = jobs_[slot];
        const check_pass pass = j.state == job_state::confirming ? confirmation_pass(*j.first) : check_pass{};
        if (hooks_.on_started) hooks_.on_started(j.waiters.front().index, redact_url(j.target));
        asio::co_spawn(ioc, check_target(ctx, j.spec, j.target, pass),
                       [this, slot](std::exception_ptr error, std::unique_ptr<result> r) {
                           finish_job(slot, error ? internal_error_result(error) : std::move(*r));
                       });
    }

    // A check met a Retry-After: the whole host waits.
    void hold_host(const std::string& url, clock_type::time_point until) override {
        dispatcher_.hold(host_key(url), until);
        arm_wake();
    }

    // --host-interval, Retry-After holds and --confirm-wait: a job that may
    // start later needs a call to pump() then, even if no check finishes.
    void arm_wake() {
        auto when = dispatcher_.next_wake();
        if (const auto due = jobs_.next_due(); due && (!when || *due < *when)) when = due;
        // Nothing starts from the run deadline on: no wake-up is needed then.
        if (!when || ended() || *when >= deadline_.at() || (wake_armed_ && *when >= wake_at_)) return;
        wake_armed_ = true;
        wake_at_ = *when;
        wake_timer_.expires_at(*when);
        wake_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            wake_armed_ = false;
            if (ended()) return;
            while (auto slot = jobs_.take_due(clock_type::now())) dispatcher_.add(*slot, host_key(jobs_[*slot].target));
            pump();
        });
    }

    void finish_job(std::size_t slot, result r) {
        --running_;
        const bool reported = take_result(slot, std::move(r));
        if (stopped_) return;
        if (deadline_.passed()) {
            if (running_ == 0) end_at_deadline();
            return;
        }
        if (reported) {
            feed();
            if (stopped_) return;
            if (jobs_.open_jobs() == 0 && exhausted_) {
                stop();
                return;
            }
        }
        pump();
    }

    // A check's result: reported to the job's entries, unless the job goes
    // back to the dispatcher (out of descriptors) or waits for its second
    // look, which holds no --concurrency or --per-host slot meanwhile.
    bool take_result(std::size_t slot, result r) {
        if (requeue_out_of_descriptors(slot, r)) return false;
        dispatcher_.finished(slot);
        const auto now = clock_type::now();
        if (jobs_[slot].state == job_state::running && wants_confirmation(r, options_, now, deadline_.at())) {
            const auto when = std::min(now + confirm_delay(options_.confirm_wait, jitter_), deadline_.at());
            jobs_.hold_for_confirmation(slot, std::move(r), when);
            return false;
        }
        if (jobs_[slot].state == job_state::confirming)
            r = settle_confirmation(jobs_.take_first(slot), std::move(r));
        jobs_.close(slot, std::move(r), deliver_);
        return true;
    }

    // EMFILE/ENFILE: this machine is short of descriptors, which says
    // nothing about the URL. Fewer checks at once from now on (said once).
    bool requeue_out_of_descriptors(std::size_t slot, const result& r) {
        if (r.error != error_kind::resource || !jobs_.requeue_out_of_descriptors(slot, running_ == 0)) return false;
        dispatcher_.finished(slot);
        if (const std::size_t limit = concurrency_after_running_out(running_); limit < dispatcher_.concurrency()) {
            dispatcher_.set_concurrency(limit);
            pool.limit_idle(limit);  // idle connections hold descriptors too
            if (!lowered_for_descriptors_ && hooks_.on_notice)
                hooks_.on_notice(running_out_notice(r.message, running_, limit));
            lowered_for_descriptors_ = true;
        }
        dispatcher_.add(slot, host_key(jobs_[slot].target));
        return true;
    }

    // --max-time: from the deadline on nothing starts. Running checks end by
    // themselves (their awaits are bounded by the same deadline); those that
    // overrun it by the grace are abandoned like on Ctrl-C.
    bool deadline_came() {
        if (hooks_.on_notice) hooks_.on_notice(run_deadline_message(options_));
        if (running_ > 0) return true;
        end_at_deadline();
        return false;
    }

    void deadline_overran() {
        const bool going = abandon_running(jobs_, clock_type::now(), deliver_);
        running_ = 0;
        if (going) end_at_deadline();
    }

    // Every entry left gets its result, read or not, so the report still
    // has one result per entry.
    void end_at_deadline() {
        if (!report_unstarted(jobs_, deliver_)) return;
        entry e;
        while (source_.next(e)) {
            const std::size_t index = next_index_++;
            progress_.total = next_index_;
            if (!deliver(index, unread_result(std::move(e), jobs_))) return;
        }
        exhausted_ = true;
        stop();
    }

    bool deliver(std::size_t index, result&& r) { return deliver(index, r); }

    bool deliver(std::size_t index, result& r) {
        if (stopped_) return false;
        redact_credentials(r);  // the one way out of the engine: no report can show a password
        ++progress_.done;
        if (r.state == verdict::down) ++progress_.down;
        if (!hooks_.on_result || hooks_.on_result(index, r) == report_status::keep_going) return true;
        stopped_ = true;
        stop();
        return false;
    }

    void tick_progress() {
        progress_.confirming = jobs_.confirming();
        if (hooks_.on_progress(progress_) == report_status::stop) {
            stopped_ = true;
            stop();
            return;
        }
        progress_timer_.expires_after(std::chrono::milliseconds(100));
        progress_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick_progress();
        });
    }

    void watch_interrupts() {
        install_interrupt_handlers();
        // A duplicate, because the descriptor closes what it owns.
        interrupts_.assign(::dup(interrupt_descriptor()));
        interrupts_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
            if (!ec) interrupt(interrupt_signal());
        });
    }

    // A second signal ends the process in its handler (interrupts.cpp). A
    // first look waiting for its confirmation (or whose second look is
    // running, then abandoned) is a result found: it is reported as it was.
    void interrupt(int signal) {
        signal_ = signal;
        for (std::size_t slot = 0; slot < jobs_.slots() && !stopped_; ++slot) {
            if (!holds_first_look(jobs_[slot].state)) continue;
            jobs_.close(slot, unconfirmed(jobs_.take_first(slot), interrupted), deliver_);
        }
        stop();
    }

    // Checks still running are abandoned (their coroutines are destroyed with
    // the io_context); only finished results are reported.
    void stop() {
        boost::system::error_code ignored;
        interrupts_.cancel(ignored);
        progress_timer_.cancel();
        deadline_.cancel();
        wake_timer_.cancel();
        ioc.stop();
    }

    entry_source& source_;
    const check_options& options_;
    const run_hooks& hooks_;
    dispatcher dispatcher_;
    job_table jobs_;
    run_deadline deadline_;
    std::size_t window_limit_;  // entries read and not yet reported, with results_held(), at most
    std::size_t next_index_ = 0;
    bool exhausted_ = false;  // the source has given its last entry
    asio::posix::stream_descriptor interrupts_;
    asio::steady_timer progress_timer_;
    asio::steady_timer wake_timer_;
    bool wake_armed_ = false;
    clock_type::time_point wake_at_{};
    std::minstd_rand jitter_;
    bool lowered_for_descriptors_ = false;  // the concurrency was lowered for EMFILE/ENFILE
    std::size_t running_ = 0;               // started checks that have not finished
    progress progress_;
    int signal_ = 0;
    bool stopped_ = false;  // a hook said stop
    deliver_fn deliver_;
};

// Serves a list already in memory. Every URL may repeat: remembering a
// result costs little next to the list itself.
class vector_source final : public entry_source {
public:
    explicit vector_source(const std::vector<entry>& entries) : entries_(entries) {}
    bool next(entry& out) override {
        if (position_ >= entries_.size()) return false;
        out = entries_[position_++];
        return true;
    }

private:
    const std::vector<entry>& entries_;
    std::size_t position_ = 0;
};

}  // namespace

run_outcome run_checks(entry_source& source, const check_options& options, const run_hooks& hooks) {
    check_run run(source, options, hooks);
    return run.execute();
}

run_outcome run_checks(const std::vector<entry>& entries, const check_options& options, const run_hooks& hooks) {
    vector_source source(entries);
    return run_checks(source, options, hooks);
}

}  // namespace urlcheck
