#include "confirmation.hpp"

#include <fmt/format.h>

#include "retry.hpp"

namespace urlcheck {

bool wants_confirmation(const result& first, const check_options& options, std::chrono::steady_clock::time_point now,
                        std::chrono::steady_clock::time_point run_deadline) {
    if (!options.confirm) return false;
    if (first.state != verdict::down && first.state != verdict::unverifiable) return false;
    // Its own retry already saw the failure again (check.cpp): a third look
    // at a hanging URL would cost --confirm-wait plus a whole --timeout and
    // tell nothing new.
    if (first.confirmed) return false;
    // Transient as for --retries, and any 5xx: a one-off 500 is worth a
    // second look before it fails a gate, though not a retry.
    const bool server_error =
        first.error == error_kind::status && first.status && *first.status >= 500 && *first.status <= 599;
    if (!is_transient(first.error, first.status) && !server_error) return false;
    return now + options.confirm_wait < run_deadline;
}

std::chrono::milliseconds confirm_delay(std::chrono::milliseconds base, std::minstd_rand& rng) {
    const auto ms = base.count();
    if (ms <= 0) return std::chrono::milliseconds(0);
    std::uniform_int_distribution<long long> spread(-ms / 5, ms / 5);
    return std::chrono::milliseconds(ms + spread(rng));
}

check_pass confirmation_pass(const result& first) {
    check_pass pass;
    pass.confirmation = true;
    pass.attempts_before = first.attempts;
    pass.time_before_ms = first.time_ms;
    pass.straight_to_get = first.method == "GET";
    return pass;
}

result unconfirmed(result first, std::string_view why) {
    first.message += fmt::format(" (not confirmed: {})", why);
    if (!first.reasons.empty()) first.reasons.front() += fmt::format(" (not confirmed: {})", why);  // the deciding one
    return first;
}

result settle_confirmation(result first, result second) {
    if (second.state != verdict::skipped) return second;
    result r = unconfirmed(std::move(first), deadline_came_first);
    r.attempts = second.attempts;
    return r;
}

}  // namespace urlcheck
