// One check: the attempts, redirects and retries for one URL, ending in the
// contract's result. Sequences the pure decisions (redirect, retry, accept)
// around fetch().
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "fetch.hpp"
#include "verdict.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Everything in the result except url and source, which belong to the
// entries that share this target.
// The thresholds of README "Verdicts" as the command line sets them.
verdict_policy verdict_policy_for(const check_options& options);

boost::asio::awaitable<result> check_target(fetch_context& ctx, std::string target);

}  // namespace urlcheck
