// Retry decisions: which failures are worth another attempt and how long to
// wait first. Pure: table-tested in retry_test.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "urlcheck/result.hpp"

namespace urlcheck {

// Transient: timeout, connect, protocol, and the statuses that mean "try
// again later" (429, 502, 503, 504). DNS, TLS and other statuses are verdicts.
bool is_transient(error_kind kind, std::optional<int> status) noexcept;

// Retry-After as delta-seconds or an HTTP-date; nullopt if unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

struct retry_policy {
    int retries = 1;                                   // extra attempts after the first
    std::chrono::milliseconds base_wait{500};          // doubled after each retry
    std::chrono::milliseconds max_retry_after{10000};  // longer Retry-After: give up instead
};

// The wait before the next attempt, or nullopt when the check should end
// with what it has. `attempts_done` counts attempts made so far (>= 1).
std::optional<std::chrono::milliseconds> next_retry_delay(const retry_policy& policy, int attempts_done,
                                                          error_kind kind, std::optional<int> status,
                                                          std::optional<std::chrono::milliseconds> retry_after);

}  // namespace urlcheck
