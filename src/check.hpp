// One check: the attempts, redirects and retries for one URL, ending in the
// contract's result. Sequences the pure decisions (check_policy.hpp, retry,
// verdict) around fetch().
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "check_pass.hpp"
#include "check_spec.hpp"
#include "fetch.hpp"
#include "verdict.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

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
