#include "check_policy.hpp"

#include <algorithm>

#include "redirect.hpp"

namespace urlcheck {

bool follows_redirect(int status, std::string_view location, redirect_policy policy, int max_redirects) noexcept {
    return is_redirect_status(status) && max_redirects > 0 &&
           (policy == redirect_policy::follow || policy == redirect_policy::warn) && !location.empty();
}

failure final_status_verdict(int status, std::string_view reason, std::string_view location,
                             redirect_policy policy, const accept_list& accept) {
    const bool redirect = is_redirect_status(status);
    // --redirect none: the redirect itself is the answer, and an answer
    // means up.
    if (redirect && policy == redirect_policy::none) return {};
    failure verdict = classify_status(status, reason, location, accept);
    if (redirect && policy == redirect_policy::fail) {
        // Down even when the accept list takes the 3xx: that is what was asked for.
        if (!verdict) verdict = classify_status(status, reason, location, accept_list{});
        verdict.message += " (--redirect fail)";
    }
    return verdict;
}

bool asks_to_wait(error_kind kind, std::optional<int> status,
                  std::optional<std::chrono::milliseconds> retry_after) noexcept {
    return retry_after && retry_after->count() > 0 && kind == error_kind::status && status &&
           (*status == 429 || *status == 503);
}

std::chrono::steady_clock::time_point host_hold_until(std::chrono::steady_clock::time_point now,
                                                      std::chrono::milliseconds retry_after,
                                                      std::chrono::milliseconds max_retry_after,
                                                      std::chrono::steady_clock::time_point run_deadline) noexcept {
    return std::min(now + std::min(retry_after, max_retry_after), run_deadline);
}

bool head_needs_get(error_kind kind, std::optional<int> status) noexcept {
    if (kind == error_kind::protocol) return true;
    return kind == error_kind::status && status && *status != 429 && !is_redirect_status(*status);
}

}  // namespace urlcheck
