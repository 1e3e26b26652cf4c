// run_checks: one single-threaded io_context, one coroutine per distinct
// target, started by the dispatcher within the global and per-host limits.
#include "urlcheck/engine.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <exception>
#include <fmt/format.h>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "check.hpp"
#include "dispatcher.hpp"
#include "dns.hpp"
#include "tls.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

// A distinct target and the entries that listed it: the same URL listed twice
// is fetched once and reported for each entry.
struct job {
    std::string target;
    std::vector<std::size_t> entries;
};

std::string host_key(std::string_view target) {
    auto url = boost::urls::parse_absolute_uri(target);
    if (!url) return std::string(target);
    std::string host = url->host();
    for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

class run {
public:
    run(const std::vector<entry>& entries, const check_options& options, const run_hooks& hooks)
        : entries_(entries),
          options_(options),
          hooks_(hooks),
          tls_(options),
          dns_(ioc_.get_executor()),
          pool_(static_cast<std::size_t>(std::max(options.concurrency, options.per_host))),
          ctx_{ioc_.get_executor(), dns_, tls_, pool_, options,
               options.user_agent.empty() ? fmt::format("urlcheck/{}", version) : options.user_agent},
          dispatcher_(static_cast<std::size_t>(options.concurrency), static_cast<std::size_t>(options.per_host)),
          signals_(ioc_, SIGINT, SIGTERM),
          progress_timer_(ioc_) {}

    run_outcome execute() {
        const auto started = clock_type::now();
        plan();
        if (outstanding_jobs_ > 0) {
            signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
                if (!ec) interrupt(signal);
            });
            if (hooks_.on_progress) tick_progress();
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
    // Reports invalid entries at once and groups the valid ones by target.
    void plan() {
        progress_.total = entries_.size();
        std::unordered_map<std::string_view, std::size_t> job_of_target;
        bool needs_tls = false;
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            const entry& e = entries_[i];
            if (!e.error.empty() || e.target.empty()) {
                result r;
                r.url = e.url;
                r.source = e.source;
                r.error = error_kind::invalid_url;
                r.message = e.error.empty() ? "invalid URL" : e.error;
                deliver(i, r);
                continue;
            }
            auto [it, inserted] = job_of_target.try_emplace(e.target, jobs_.size());
            if (inserted) {
                jobs_.push_back({e.target, {}});
                dispatcher_.add(it->second, host_key(e.target));
                needs_tls = needs_tls || e.target.starts_with("https:");
            }
            jobs_[it->second].entries.push_back(i);
        }
        outstanding_jobs_ = jobs_.size();
        // Fail before any check starts when the trust store is unusable: a
        // bad --cacert is a usage error, not a thousand tls results.
        if (needs_tls) tls_.client();
    }

    void pump() {
        while (signal_ == 0) {
            auto next = dispatcher_.next();
            if (!next) break;
            const std::size_t id = *next;
            asio::co_spawn(ioc_, check_target(ctx_, jobs_[id].target),
                           [this, id](std::exception_ptr error, result r) {
                               if (error) r = internal_error(error);
                               finish_job(id, std::move(r));
                           });
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
        return r;
    }

    // Runs inside a co_spawn completion handler, which must not throw: a
    // failing hook (e.g. a write error) stops the run and is rethrown from
    // run_checks, outside the io_context.
    void finish_job(std::size_t id, result r) noexcept {
        try {
            for (std::size_t index : jobs_[id].entries) {
                const entry& e = entries_[index];
                r.url = e.url;
                r.source = e.source;
                deliver(index, r);
            }
        } catch (...) {
            if (!failure_) failure_ = std::current_exception();
            stop();
            return;
        }
        dispatcher_.finished(id);
        if (--outstanding_jobs_ == 0) {
            stop();
            return;
        }
        pump();
    }

    void deliver(std::size_t index, const result& r) {
        ++progress_.done;
        if (!r.ok) ++progress_.down;
        if (hooks_.on_result) hooks_.on_result(index, r);
    }

    void tick_progress() {
        hooks_.on_progress(progress_);
        progress_timer_.expires_after(std::chrono::milliseconds(100));
        progress_timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick_progress();
        });
    }

    void interrupt(int signal) {
        signal_ = signal;
        // A second Ctrl-C should end the process at once: hand the signals
        // back to their default action.
        signals_.clear();
        stop();
    }

    // Checks still running are abandoned (their coroutines are destroyed with
    // the io_context); only finished results are reported.
    void stop() {
        boost::system::error_code ignored;
        signals_.cancel(ignored);
        progress_timer_.cancel();
        ioc_.stop();
    }

    const std::vector<entry>& entries_;
    const check_options& options_;
    const run_hooks& hooks_;
    asio::io_context ioc_{1};
    tls_contexts tls_;
    dns_resolver dns_;
    connection_pool pool_;  // after ioc_: idle connections close before the io_context goes
    fetch_context ctx_;
    dispatcher dispatcher_;
    asio::signal_set signals_;
    asio::steady_timer progress_timer_;
    std::vector<job> jobs_;
    std::size_t outstanding_jobs_ = 0;
    progress progress_;
    int signal_ = 0;
    std::exception_ptr failure_;
};

// Each check holds a socket: a soft descriptor limit of 1024 would turn
// -c 2000 into "Too many open files" connect errors. The hard limit is ours
// to take.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

run_outcome run_checks(const std::vector<entry>& entries, const check_options& options, const run_hooks& hooks) {
    raise_descriptor_limit();
    run r(entries, options, hooks);
    return r.execute();
}

}  // namespace urlcheck
