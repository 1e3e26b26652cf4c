// run_checks: one single-threaded io_context, one coroutine per distinct
// target, started by the dispatcher within the global and per-host limits.
#include "urlcheck/engine.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "check.hpp"
#include "connection_pool.hpp"
#include "credentials.hpp"
#include "dispatcher.hpp"
#include "dns.hpp"
#include "interrupts.hpp"
#include "retry.hpp"
#include "tls.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

// One entry waiting for a job's result.
struct waiter {
    std::size_t index;
    std::string url;
    std::string source;
};

// A distinct check and the entries that asked for it: the same URL listed
// twice with the same options (by fingerprint) is fetched once and reported
// for each entry; with other options it is another check.
struct job {
    std::string target;
    std::string key;  // check_key(): target and options
    std::shared_ptr<const check_spec> spec;
    std::vector<waiter> waiters;
    bool keep_result = false;  // the URL comes again later in the list
    bool started = false;      // its coroutine runs (else it waits in the dispatcher)
    clock_type::time_point started_at{};
    // Confirm before fail: the first look, held back while the job waits
    // for --confirm-wait (in `confirm_timer`, outside the dispatcher) and
    // then looks again. Never reported unless the second look cannot happen.
    // On the heap: inline it made every job (one per check in flight) ~400
    // bytes bigger for the few that are ever confirmed.
    std::unique_ptr<result> first;
    std::unique_ptr<asio::steady_timer> confirm_timer;
    // Times it ran out of descriptors with no other check running.
    int alone_out_of_descriptors = 0;
};

// Entries the engine reads ahead of the running checks: enough to find work
// for idle slots when the next entries are all for a saturated host, bounded
// so memory does not follow the list (results the report holds count too).
std::size_t window_for(const check_options& options) {
    return static_cast<std::size_t>(std::max(options.concurrency, 1)) * 2 + 4096;
}

// How long checks may overrun --max-time before they are abandoned. Their
// own awaits are bounded by the deadline; this only backs that up.
constexpr std::chrono::milliseconds deadline_grace{1000};

// What tells checks apart: the URL, and the options of its line unless it
// has none.
std::string check_key(const std::string& target, const std::string& options_fingerprint) {
    if (options_fingerprint.empty()) return target;
    std::string key;
    key.reserve(target.size() + 1 + options_fingerprint.size());
    key += target;
    key += '\n';  // no URL has one
    key += options_fingerprint;
    return key;
}

std::string host_key(std::string_view target) {
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url) return std::string(target);
    std::string host = url->host();
    for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

class run final : private host_hold_sink {
public:
    run(entry_source& source, const check_options& options, const run_hooks& hooks)
        : source_(source),
          options_(options),
          hooks_(hooks),
          tls_(options),
          dns_(ioc_.get_executor(), options),
          pool_(static_cast<std::size_t>(std::max(options.concurrency, 1))),
          default_spec_(std::make_shared<const check_spec>(make_check_spec(options, {}))),
          ctx_{ioc_.get_executor(), dns_, tls_, pool_},
          dispatcher_(static_cast<std::size_t>(options.concurrency), static_cast<std::size_t>(options.per_host),
                      options.host_interval),
          window_limit_(window_for(options)),
          interrupts_(ioc_),
          progress_timer_(ioc_),
          deadline_timer_(ioc_),
          wake_timer_(ioc_),
          jitter_(std::random_device{}()) {
        ctx_.host_holds = this;
        ctx_.on_detail = hooks_.on_detail;
    }

    run_outcome execute() {
        const auto started = clock_type::now();
        if (options_.max_time.count() > 0) ctx_.run_deadline = started + options_.max_time;
        // A bad --cacert is a usage error, not a thousand tls results: load
        // it before any check starts. The system store waits for the first
        // https URL (~17 ms a plain-http run need not pay).
        if (!options_.cacert.empty()) tls_.client();
        feed();
        if (!active_.empty()) {
            watch_interrupts();
            if (hooks_.on_progress) tick_progress();
            if (options_.max_time.count() > 0) watch_deadline();
            pump();
            ioc_.run();
        }
        if (failure_) std::rethrow_exception(failure_);
        run_outcome outcome;
        outcome.signal = signal_;
        outcome.finished = progress_.done;
        outcome.elapsed_ms = std::chrono::duration<double, std::milli>(clock_type::now() - started).count();
        return outcome;
    }

private:
    // Reads entries until the window is full: invalid ones are reported at
    // once, repeats join the job already running for their URL (or take its
    // kept result), the rest become jobs for the dispatcher.
    void feed() {
        while (!exhausted_ && window_ + results_held() < window_limit_ && signal_ == 0 && !deadline_passed_) {
            entry e;
            if (!source_.next(e)) {
                exhausted_ = true;
                break;
            }
            const std::size_t index = next_index_++;
            progress_.total = next_index_;
            if (!e.error.empty() || e.target.empty()) {
                deliver(index, invalid(std::move(e)));
                continue;
            }
            const std::string options_fingerprint = spec_key(e.options);
            std::string key = check_key(e.target, options_fingerprint);
            if (auto it = active_.find(key); it != active_.end()) {
                jobs_[it->second].waiters.push_back({index, std::move(e.url), std::move(e.source)});
                ++window_;
                continue;
            }
            if (auto it = kept_.find(key); it != kept_.end()) {
                deliver_kept(index, it->second, e);
                continue;
            }
            std::shared_ptr<const check_spec> spec;
            try {
                spec = spec_for(e.options, options_fingerprint);
            } catch (const std::exception& error) {
                // Entries from a list had their options checked when read;
                // this is for entries made some other way.
                e.error = fmt::format("bad options: {}", error.what());
                deliver(index, invalid(std::move(e)));
                continue;
            }
            std::size_t slot = jobs_.size();
            if (free_slots_.empty()) {
                jobs_.emplace_back();
            } else {
                slot = free_slots_.back();
                free_slots_.pop_back();
            }
            job& j = jobs_[slot];
            j.keep_result = source_.may_repeat(e);
            j.target = std::move(e.target);
            j.key = key;
            j.spec = std::move(spec);
            j.waiters.push_back({index, std::move(e.url), std::move(e.source)});
            active_.emplace(std::move(key), slot);
            dispatcher_.add(slot, host_key(j.target));
            ++window_;
        }
    }

    // Results the report holds back for input order: part of the window, so
    // an early entry that takes long stops the reading ahead, not memory.
    std::size_t results_held() const { return hooks_.results_held ? hooks_.results_held() : 0; }

    void pump() {
        while (signal_ == 0 && !deadline_passed_) {
            // A host held until the run deadline wakes with it: nothing
            // starts then, even before the deadline's own timer has run.
            const auto now = clock_type::now();
            if (now >= ctx_.run_deadline) break;
            auto next = dispatcher_.next(now);
            if (!next) break;
            const std::size_t slot = *next;
            job& j = jobs_[slot];
            j.started = true;
            ++running_;
            check_pass pass;
            if (j.first) {
                pass = confirmation_pass(*j.first);
            } else {
                j.started_at = clock_type::now();
            }
            asio::co_spawn(ioc_, check_target(ctx_, j.spec, j.target, pass),
                           [this, slot](std::exception_ptr error, std::unique_ptr<result> r) {
                               finish_job(slot, error ? internal_error(error) : std::move(*r));
                           });
        }
        arm_wake();
    }

    // A check met a Retry-After: the whole host waits.
    void hold_host(const std::string& url, clock_type::time_point until) override {
        dispatcher_.hold(host_key(url), until);
        arm_wake();
    }

    // --host-interval and Retry-After holds: a host that may start again
    // later needs a call to pump() then, even if no check finishes.
    void arm_wake() {
        const auto when = dispatcher_.next_wake();
        // Nothing starts from the run deadline on: no wake-up is needed then.
        if (!when || deadline_passed_ || *when >= ctx_.run_deadline || (wake_armed_ && *when >= wake_at_)) return;
        wake_armed_ = true;
        wake_at_ = *when;
        wake_timer_.expires_at(*when);
        wake_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            wake_armed_ = false;
            guarded([this] { pump(); });
        });
    }

    // Confirm before fail: a down or unverifiable first look with a
    // transient cause, when a second look fits before the run deadline.
    bool wants_confirmation(const job& j, const result& r) const {
        if (!options_.confirm || j.first) return false;
        if (r.state != verdict::down && r.state != verdict::unverifiable) return false;
        // Its own retry already saw the failure again (check.cpp): a third
        // look at a hanging URL would cost --confirm-wait plus a whole
        // --timeout and tell nothing new.
        if (r.confirmed) return false;
        // Transient as for --retries, and any 5xx: a one-off 500 is worth a
        // second look before it fails a gate (issue 6), though not a retry.
        const bool server_error = r.error == error_kind::status && r.status && *r.status >= 500 && *r.status <= 599;
        if (!is_transient(r.error, r.status) && !server_error) return false;
        return clock_type::now() + options_.confirm_wait < ctx_.run_deadline;
    }

    // --confirm-wait, jittered by up to 20 % either way so that a burst of
    // failures does not come back as one burst.
    std::chrono::milliseconds confirm_delay() {
        const auto base = options_.confirm_wait.count();
        if (base <= 0) return std::chrono::milliseconds(0);
        std::uniform_int_distribution<long long> spread(-base / 5, base / 5);
        return std::chrono::milliseconds(base + spread(jitter_));
    }

    // The job leaves the dispatcher for the wait, so the wait holds no
    // --concurrency or --per-host slot: other checks run meanwhile. Its
    // entries stay unreported (the result is not known yet).
    void begin_confirmation(std::size_t slot, result first) {
        job& j = jobs_[slot];
        j.first = std::make_unique<result>(std::move(first));
        j.started = false;
        ++confirming_;
        progress_.confirming = confirming_;
        const auto when = std::min(clock_type::now() + confirm_delay(), ctx_.run_deadline);
        if (!j.confirm_timer) j.confirm_timer = std::make_unique<asio::steady_timer>(ioc_);
        j.confirm_timer->expires_at(when);
        j.confirm_timer->async_wait([this, slot](const boost::system::error_code& ec) {
            if (ec || deadline_passed_ || signal_ != 0) return;
            guarded([this, slot] {
                dispatcher_.add(slot, host_key(jobs_[slot].target));
                pump();
            });
        });
    }

    static check_pass confirmation_pass(const result& first) {
        check_pass pass;
        pass.confirmation = true;
        pass.attempts_before = first.attempts;
        pass.time_before_ms = first.time_ms;
        pass.straight_to_get = first.method == "GET";
        return pass;
    }

    // The first look of a job whose second look cannot happen (the run
    // deadline came, or the run was interrupted), reported as it was.
    result unconfirmed(job& j, std::string why) {
        result r = std::move(*j.first);
        j.first.reset();
        --confirming_;
        progress_.confirming = confirming_;
        r.message += fmt::format(" (not confirmed: {})", why);
        if (!r.reasons.empty()) r.reasons.front() += fmt::format(" (not confirmed: {})", why);  // the deciding one
        return r;
    }

    // Hands a job's result to each entry that listed its URL and frees the job.
    void report_job(job& j, result r) {
        for (waiter& w : j.waiters) {
            r.url = std::move(w.url);
            r.source = std::move(w.source);
            deliver(w.index, r);
        }
        window_ -= j.waiters.size();
        if (j.keep_result) {
            r.url.clear();
            r.source.clear();
            kept_.emplace(j.key, std::move(r));
        }
        active_.erase(j.key);
        j = job{};
    }

    // The settings for checks of a line with these options: the command
    // line's when it has none, else built once (regexes compiled) and shared
    // by every check with the same options while any of them is in the
    // window.
    std::shared_ptr<const check_spec> spec_for(const line_options& line, const std::string& options_fingerprint) {
        if (options_fingerprint.empty()) return default_spec_;
        std::weak_ptr<const check_spec>& known = specs_[options_fingerprint];
        if (auto spec = known.lock()) return spec;
        auto spec = std::make_shared<const check_spec>(make_check_spec(options_, line));
        known = spec;
        if (specs_.size() >= prune_specs_at_) {
            std::erase_if(specs_, [](const auto& item) { return item.second.expired(); });
            prune_specs_at_ = std::max<std::size_t>(1024, 2 * specs_.size());
        }
        return spec;
    }

    static result invalid(entry e) {
        result r;
        r.url = std::move(e.url);
        r.source = std::move(e.source);
        r.error = error_kind::invalid_url;
        r.message = e.error.empty() ? "invalid URL" : std::move(e.error);
        assign_verdict(r, {}, {});
        return r;
    }

    // For timer handlers, which must not throw: a failing hook stops the run
    // and is rethrown from run_checks, as in finish_job.
    template <class Action>
    void guarded(Action action) noexcept {
        try {
            action();
        } catch (...) {
            if (!failure_) failure_ = std::current_exception();
            stop();
        }
    }

    static result internal_error(std::exception_ptr error) {
        result r;
        r.error = error_kind::protocol;
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            r.message = fmt::format("internal error: {}", e.what());
        } catch (...) {
            r.message = "internal error";
        }
        assign_verdict(r, {}, {});
        return r;
    }

    // Runs inside a co_spawn completion handler, which must not throw: a
    // failing hook (e.g. a write error) stops the run and is rethrown from
    // run_checks, outside the io_context.
    void finish_job(std::size_t slot, result r) noexcept {
        --running_;
        try {
            if (requeue_out_of_descriptors(slot, r)) {
                if (deadline_passed_) {
                    if (running_ == 0) skip_the_rest();
                    return;
                }
                pump();
                return;
            }
            job& j = jobs_[slot];
            if (wants_confirmation(j, r)) {
                begin_confirmation(slot, std::move(r));
                dispatcher_.finished(slot);
                if (deadline_passed_) {
                    if (running_ == 0) skip_the_rest();
                    return;
                }
                pump();
                return;
            }
            if (j.first) {
                if (r.state == verdict::skipped) {
                    // The deadline cut the second look short: that says
                    // nothing about the URL, the first look stands.
                    const int attempts = r.attempts;
                    r = unconfirmed(j, "the run deadline came first");
                    r.attempts = attempts;
                } else {
                    j.first.reset();
                    --confirming_;
                    progress_.confirming = confirming_;
                }
            }
            report_job(jobs_[slot], std::move(r));
            free_slots_.push_back(slot);
            dispatcher_.finished(slot);
            if (deadline_passed_) {
                if (running_ == 0) skip_the_rest();
                return;
            }
            feed();
        } catch (...) {
            if (!failure_) failure_ = std::current_exception();
            stop();
            return;
        }
        if (active_.empty() && exhausted_) {
            stop();
            return;
        }
        pump();
    }

    // EMFILE/ENFILE (error_kind::resource): this machine is short of
    // descriptors, which says nothing about the URL. The check goes back to
    // the dispatcher unreported, and from now on a quarter fewer checks run
    // at once than are running now (said once; lowered again if it happens
    // again). Only a check that meets it twice with no other check running is
    // reported, so a machine that cannot open one socket does not go round
    // forever.
    bool requeue_out_of_descriptors(std::size_t slot, const result& r) {
        job& j = jobs_[slot];
        if (r.error != error_kind::resource) return false;
        if (running_ == 0 && j.alone_out_of_descriptors++ > 0) return false;
        dispatcher_.finished(slot);
        const std::size_t limit = std::max<std::size_t>(running_ - running_ / 4, 1);
        if (limit < dispatcher_.concurrency()) {
            dispatcher_.set_concurrency(limit);
            pool_.limit_idle(limit);  // idle connections hold descriptors too
            if (!lowered_for_descriptors_ && hooks_.on_notice)
                hooks_.on_notice(fmt::format("{} with {} check{} running: lowering --concurrency to {} (further "
                                             "if it happens again) and checking those entries again",
                                             r.message, running_ + 1, running_ == 0 ? "" : "s", limit));
            lowered_for_descriptors_ = true;
        }
        j.started = false;
        dispatcher_.add(slot, host_key(j.target));
        return true;
    }

    // --max-time: from the deadline on nothing starts. Running checks end by
    // themselves (their attempts and waits are bounded by the same deadline),
    // then every entry left is reported as skipped, so the report still has
    // one result per entry. A short grace covers a check that overruns its
    // deadline (it is then abandoned like on Ctrl-C, reported as skipped).
    void watch_deadline() {
        deadline_timer_.expires_at(ctx_.run_deadline);
        deadline_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;
            deadline_passed_ = true;
            if (hooks_.on_notice) hooks_.on_notice(run_deadline_message(options_));
            if (running_ == 0) {
                guarded([this] { skip_the_rest(); });
                return;
            }
            deadline_timer_.expires_after(deadline_grace);
            deadline_timer_.async_wait([this](const boost::system::error_code& ec) {
                if (!ec) guarded([this] { abandon_running(); });
            });
        });
    }

    void abandon_running() {
        for (std::size_t slot = 0; slot < jobs_.size(); ++slot) {
            job& j = jobs_[slot];
            if (j.target.empty() || !j.started) continue;
            if (j.first) {
                report_job(j, unconfirmed(j, "the run deadline came first"));
                continue;
            }
            result r;
            r.final_url = j.target;
            report_job(j, cut_short_result(std::move(r), std::chrono::duration<double, std::milli>(
                                                             clock_type::now() - j.started_at)
                                                             .count()));
        }
        running_ = 0;
        skip_the_rest();
    }

    // Reports every entry without a result as skipped, queued ones first
    // (they come before anything still unread), in index order so the json
    // report does not have to hold them back.
    void skip_the_rest() {
        for (job& j : jobs_) {
            if (j.target.empty() || j.started || !j.first) continue;
            report_job(j, unconfirmed(j, "the run deadline came first"));
        }
        std::vector<waiter> queued;
        for (job& j : jobs_) {
            if (j.target.empty() || j.started) continue;
            for (waiter& w : j.waiters) queued.push_back(std::move(w));
            j = job{};
        }
        std::sort(queued.begin(), queued.end(), [](const waiter& a, const waiter& b) { return a.index < b.index; });
        for (waiter& w : queued) deliver(w.index, skipped(std::move(w.url), std::move(w.source)));
        active_.clear();
        entry e;
        while (source_.next(e)) {
            const std::size_t index = next_index_++;
            progress_.total = next_index_;
            auto it = e.target.empty() ? kept_.end() : kept_.find(check_key(e.target, spec_key(e.options)));
            if (it != kept_.end()) {
                deliver_kept(index, it->second, e);
            } else if (!e.error.empty() || e.target.empty()) {
                deliver(index, invalid(std::move(e)));
            } else {
                deliver(index, skipped(std::move(e.url), std::move(e.source)));
            }
        }
        exhausted_ = true;
        stop();
    }

    static result skipped(std::string url, std::string source) {
        result r;
        r.url = std::move(url);
        r.source = std::move(source);
        r.error = error_kind::skipped;
        r.message = "not started (--max-time)";
        assign_verdict(r, {}, {});
        return r;
    }

    void deliver(std::size_t index, result&& r) { deliver(index, r); }

    // A repeat of a URL (with the same options) already checked: its kept
    // result, under this entry's own URL and source.
    void deliver_kept(std::size_t index, result kept, entry& e) {
        kept.url = std::move(e.url);
        kept.source = std::move(e.source);
        deliver(index, kept);
    }

    void deliver(std::size_t index, result& r) {
        redact_credentials(r);  // the one way out of the engine: no report can show a password
        ++progress_.done;
        if (r.state == verdict::down) ++progress_.down;
        if (hooks_.on_result) hooks_.on_result(index, r);
    }

    void tick_progress() {
        hooks_.on_progress(progress_);
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

    // A second signal ends the process in its handler (interrupts.cpp).
    // A first look waiting for its confirmation is a result found: it is
    // reported as it was.
    void interrupt(int signal) {
        signal_ = signal;
        guarded([this] {
            for (job& j : jobs_) {
                // Also when its second look is running: that look is abandoned.
                if (j.target.empty() || !j.first) continue;
                report_job(j, unconfirmed(j, "interrupted"));
            }
        });
        stop();
    }

    // Checks still running are abandoned (their coroutines are destroyed with
    // the io_context); only finished results are reported.
    void stop() {
        boost::system::error_code ignored;
        interrupts_.cancel(ignored);
        progress_timer_.cancel();
        deadline_timer_.cancel();
        wake_timer_.cancel();
        ioc_.stop();
    }

    entry_source& source_;
    const check_options& options_;
    const run_hooks& hooks_;
    asio::io_context ioc_{1};
    tls_contexts tls_;
    dns_resolver dns_;
    connection_pool pool_;  // after ioc_: idle connections close before the io_context goes
    std::shared_ptr<const check_spec> default_spec_;  // for lines without options
    fetch_context ctx_;
    dispatcher dispatcher_;
    std::vector<job> jobs_;  // slots, reused through free_slots_
    std::vector<std::size_t> free_slots_;
    std::unordered_map<std::string, std::size_t> active_;  // check_key -> slot of its running or queued job
    std::unordered_map<std::string, result> kept_;         // by check_key: results of URLs listed again later
    std::unordered_map<std::string, std::weak_ptr<const check_spec>> specs_;  // by options fingerprint
    std::size_t prune_specs_at_ = 1024;
    std::size_t window_ = 0;  // entries read and not yet reported; with results_held(), at most window_limit_
    std::size_t window_limit_;
    std::size_t next_index_ = 0;
    bool exhausted_ = false;
    asio::posix::stream_descriptor interrupts_;
    asio::steady_timer progress_timer_;
    asio::steady_timer deadline_timer_;
    asio::steady_timer wake_timer_;
    bool wake_armed_ = false;
    clock_type::time_point wake_at_{};
    std::minstd_rand jitter_;
    std::size_t confirming_ = 0;  // jobs between their first and second look
    bool lowered_for_descriptors_ = false;  // the concurrency was lowered for EMFILE/ENFILE
    bool deadline_passed_ = false;
    std::size_t running_ = 0;  // started checks that have not finished
    progress progress_;
    int signal_ = 0;
    std::exception_ptr failure_;
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

// Each check holds a socket or two, and the pool may keep idle ones: a soft
// descriptor limit of 1024 would turn -c 2000 into "Too many open files"
// connect errors. The hard limit is ours to take; what still does not fit
// lowers the concurrency, said once rather than as a thousand failures.
check_options fit_descriptor_limit(const check_options& options, const run_hooks& hooks) {
    constexpr rlim_t reserved = 64;  // stdio, the report file, DNS, epoll, timers
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return options;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
    }
    // Per check: its connection, a second Happy Eyeballs attempt or the new
    // connection replacing a stale pooled one, and an idle pooled connection.
    const rlim_t needed = 3 * static_cast<rlim_t>(options.concurrency) + reserved;
    if (limit.rlim_cur == RLIM_INFINITY || needed <= limit.rlim_cur) return options;
    check_options fitted = options;
    fitted.concurrency = static_cast<int>(std::max<rlim_t>((limit.rlim_cur - std::min(limit.rlim_cur, reserved)) / 3, 1));
    fitted.per_host = std::min(fitted.per_host, fitted.concurrency);
    if (hooks.on_notice)
        hooks.on_notice(fmt::format("--concurrency {} needs {} file descriptors but the limit is {}; using {}",
                                    options.concurrency, needed, limit.rlim_cur, fitted.concurrency));
    return fitted;
}

}  // namespace

run_outcome run_checks(entry_source& source, const check_options& options, const run_hooks& hooks) {
    const check_options fitted = fit_descriptor_limit(options, hooks);
    run r(source, fitted, hooks);
    return r.execute();
}

run_outcome run_checks(const std::vector<entry>& entries, const check_options& options, const run_hooks& hooks) {
    vector_source source(entries);
    return run_checks(source, options, hooks);
}

}  // namespace urlcheck
