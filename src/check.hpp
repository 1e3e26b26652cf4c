// One check: the attempts, redirects and retries for one URL, ending in the
// contract's result. Sequences the pure decisions (redirect, retry, accept)
// around fetch().
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "check_spec.hpp"
#include "fetch.hpp"
#include "verdict.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Everything in the result except url and source, which belong to the
// entries that share this target.
// The thresholds of README "Verdicts" as the command line sets them.
verdict_policy verdict_policy_for(const check_options& options);

// `spec`: what the check must do (the command line's settings, or a list
// line's applied to them); shared by the checks that use it.
boost::asio::awaitable<result> check_target(fetch_context& ctx, std::shared_ptr<const check_spec> spec,
                                            std::string target);

}  // namespace urlcheck
