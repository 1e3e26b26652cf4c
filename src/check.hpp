// One check: the attempts, redirects and retries for one URL, ending in the
// contract's result. Sequences the pure decisions (check_policy.hpp, retry,
// verdict) around fetch().
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "check_spec.hpp"
#include "fetch.hpp"
#include "verdict.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// "run deadline reached (--max-time 30 s)": the notice when the run's
// deadline comes.
std::string run_deadline_message(const check_options& options);

// A check the run deadline ended before it had an answer: skipped ("cut
// short by --max-time after 47 ms"), never down. `r` keeps what the look
// learnt on the way (final URL, attempts, timings).
result cut_short_result(result r, double elapsed_ms);

// Which look at a target this is. The first look is the default; a
// confirmation (README "Confirmation") makes one attempt per method, no
// retries, and adds to the first look's attempts and time.
struct check_pass {
    bool confirmation = false;
    int attempts_before = 0;
    double time_before_ms = 0;
    // --method auto only: the first look's verdict came from the GET, so
    // this look skips the HEAD.
    bool straight_to_get = false;
};

// Everything in the result except url and source, which belong to the
// entries that share this target. `spec`: everything the check reads (the
// command line's settings, or a list line's applied to them); shared by the
// checks that use it. `ctx`: the run's services, nothing the check decides by. The result
// comes on the heap: by value it was held three times while the check ran
// (a local, this coroutine's promise, co_spawn's frame), ~750 bytes more per
// check in flight.
boost::asio::awaitable<std::unique_ptr<result>> check_target(fetch_context& ctx, std::shared_ptr<const check_spec> spec,
                                                             std::string target, check_pass pass = {});

}  // namespace urlcheck
