// The decisions one check makes between its exchanges, as pure functions:
// follow a redirect or judge the answer, hold the host for a Retry-After,
// confirm a HEAD with a GET. check.cpp sequences them; check_policy_test
// tables them.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "classify.hpp"
#include "urlcheck/accept_list.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// Whether a response with `status` and `location` leads to the next hop:
// a redirect with somewhere to go, under --redirect follow or warn, with
// --max-redirects above 0. Running out of redirects is the chain's own
// verdict (too_many_redirects), decided where the hops are counted.
bool follows_redirect(int status, std::string_view location, redirect_policy policy, int max_redirects) noexcept;

// The verdict on the status of a response that ended the chain. Kind none
// when it counts as up (then the expectations have their say): an accepted
// status, or under --redirect none any redirect. Under --redirect fail a
// redirect is down even when the accept list takes it.
failure final_status_verdict(int status, std::string_view reason, std::string_view location,
                             redirect_policy policy, const accept_list& accept);

// A 429 or 503 with a positive Retry-After: the server asked for a pause,
// which holds its whole host and makes HEAD wait rather than go to GET.
bool asks_to_wait(error_kind kind, std::optional<int> status,
                  std::optional<std::chrono::milliseconds> retry_after) noexcept;

// Until when the host is held for a Retry-After: capped by
// --max-retry-after, never past the run's deadline.
std::chrono::steady_clock::time_point host_hold_until(std::chrono::steady_clock::time_point now,
                                                      std::chrono::milliseconds retry_after,
                                                      std::chrono::milliseconds max_retry_after,
                                                      std::chrono::steady_clock::time_point run_deadline) noexcept;

// --method auto: whether HEAD's answer needs a GET to confirm it. Any
// status that is not accepted (405 and 501 included) does, and so does a
// server that closes or resets on HEAD (protocol). Not a 429 (the rate limit
// is no answer about the method: it is retried with HEAD), not a redirect
// that was not followed (its Location does not depend on the method), and
// not a failure to reach the server at all.
bool head_needs_get(error_kind kind, std::optional<int> status) noexcept;

}  // namespace urlcheck
