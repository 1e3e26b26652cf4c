// Confirm before fail: which failed first looks get a second look, when,
// how that look is made, and what is reported when it cannot happen. Pure:
// the caller says what time it is and gives the random source.
// Table-tested in confirmation_test.
#pragma once

#include <chrono>
#include <random>
#include <string_view>

#include "check_pass.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"

namespace urlcheck {

// A down or unverifiable first look with a transient cause, when a second
// look fits before `run_deadline`.
bool wants_confirmation(const result& first, const check_options& options,
                        std::chrono::steady_clock::time_point now,
                        std::chrono::steady_clock::time_point run_deadline);

// --confirm-wait, jittered by up to 20 % either way so that a burst of
// failures does not come back as one burst.
std::chrono::milliseconds confirm_delay(std::chrono::milliseconds base, std::minstd_rand& rng);

// How the second look is made after `first`.
check_pass confirmation_pass(const result& first);

// The first look of a job whose second look cannot happen, reported as it
// was with the reason: "... (not confirmed: WHY)".
result unconfirmed(result first, std::string_view why);

// What a job reports once its second look ended: the second look, unless
// the run deadline cut it short, which says nothing about the URL: then the
// first stands (with every attempt counted).
result settle_confirmation(result first, result second);

// The reasons unconfirmed() gives.
inline constexpr std::string_view deadline_came_first = "the run deadline came first";
inline constexpr std::string_view interrupted = "interrupted";

}  // namespace urlcheck
