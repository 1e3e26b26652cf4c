#include "retry.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace urlcheck {

bool is_transient(error_kind kind, std::optional<int> status) noexcept {
    switch (kind) {
        case error_kind::timeout:
        case error_kind::connect:
        case error_kind::protocol: return true;
        case error_kind::status:
            return status && (*status == 429 || *status == 502 || *status == 503 || *status == 504);
        default: return false;
    }
}

namespace {

// Longer waits are capped at a year: far beyond any max_retry_after, and
// milliseconds of it fit any clock.
constexpr long long max_wait_seconds = 365LL * 24 * 3600;

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;

    if (value.front() >= '0' && value.front() <= '9') {
        long long seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
        return std::chrono::milliseconds(std::min(seconds, max_wait_seconds) * 1000);
    }

    // HTTP-date (IMF-fixdate, RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
    std::tm tm{};
    const std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    // Compared in seconds first: system_clock counts nanoseconds, which
    // overflow for a date after 2262 or long before 1970 (both parse).
    const long long at_seconds = timegm(&tm);
    const long long now_seconds = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
    if (at_seconds < now_seconds) return std::chrono::milliseconds(0);
    if (at_seconds - now_seconds > max_wait_seconds) return std::chrono::milliseconds(max_wait_seconds * 1000);
    const auto at = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(at_seconds));
    if (at <= now) return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
}

std::optional<std::chrono::milliseconds> next_retry_delay(const retry_policy& policy, int attempts_done,
                                                          error_kind kind, std::optional<int> status,
                                                          std::optional<std::chrono::milliseconds> retry_after) {
    if (attempts_done > policy.retries) return std::nullopt;
    if (!is_transient(kind, status)) return std::nullopt;
    if (retry_after && kind == error_kind::status) {
        if (*retry_after > policy.max_retry_after) return std::nullopt;
        return *retry_after;
    }
    // Exponential: base, 2*base, 4*base ... capped so a large --retries
    // cannot overflow or wait absurdly long.
    const int doublings = std::min(attempts_done - 1, 10);
    return policy.base_wait * (1 << doublings);
}

}  // namespace urlcheck
