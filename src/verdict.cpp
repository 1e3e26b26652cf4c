#include "verdict.hpp"

#include <fmt/format.h>

#include "classify.hpp"

namespace urlcheck {

namespace {

std::string days_phrase(long days) {
    if (days < 0) return fmt::format("expired {} day{} ago", -days, days == -1 ? "" : "s");
    if (days == 0) return "expires today";
    return fmt::format("expires in {} day{}", days, days == 1 ? "" : "s");
}

// Statuses that say "not for machines" rather than "broken": checking again
// by hand, in a browser, is the only way to know.
std::string unverifiable_reason(const result& r) {
    if (r.error != error_kind::status || !r.status) return {};
    switch (*r.status) {
        case 401: return "authentication required (401)";
        case 407: return "proxy authentication required (407)";
        case 429: return fmt::format("rate limited: 429 after {} attempt{}", r.attempts, r.attempts == 1 ? "" : "s");
        case 999: return "status 999: the site refuses automated clients";
        default: return {};
    }
}

}  // namespace

void assign_verdict(result& r, const verdict_signals& signals, const verdict_policy& policy) {
    r.reasons.clear();
    if (r.error == error_kind::skipped) {
        r.state = verdict::skipped;
        r.reasons.push_back(r.message);
        return;
    }
    if (!signals.challenge.empty()) {
        // A challenge page answers with whatever status the vendor likes (403,
        // 202, even 200): the status says nothing about the site behind it.
        r.state = verdict::unverifiable;
        r.reasons.push_back(fmt::format("bot challenge ({})", signals.challenge));
        if (r.ok) {
            r.ok = false;
            r.error = error_kind::status;
            r.message = fmt::format("HTTP {} is a bot challenge ({})", r.status.value_or(0), signals.challenge);
        }
        return;
    }
    if (!r.ok) {
        if (std::string why = unverifiable_reason(r); !why.empty()) {
            r.state = verdict::unverifiable;
            r.reasons.push_back(std::move(why));
            return;
        }
        r.state = verdict::down;
        r.reasons.push_back(r.message.empty() ? std::string(to_string(r.error))
                                              : fmt::format("{}: {}", to_string(r.error), r.message));
        return;
    }

    if (r.tls && policy.certificates_verified && r.tls->days_left < policy.cert_fail_days) {
        r.ok = false;
        r.error = error_kind::tls;
        r.message = fmt::format("certificate {} (not after {}; --cert-fail {})", days_phrase(r.tls->days_left),
                                r.tls->not_after, policy.cert_fail_days);
        r.state = verdict::down;
        r.reasons.push_back(fmt::format("tls: {}", r.message));
        return;
    }
    if (r.tls && policy.certificates_verified && r.tls->days_left < policy.cert_warn_days)
        r.reasons.push_back(fmt::format("certificate {} (not after {}{})", days_phrase(r.tls->days_left),
                                        r.tls->not_after,
                                        policy.cert_warn_name.empty()
                                            ? std::string()
                                            : fmt::format("; {} {}", policy.cert_warn_name, policy.cert_warn_days)));
    if (policy.slow.count() > 0 && r.time_ms > static_cast<double>(policy.slow.count()))
        r.reasons.push_back(fmt::format("slow: {} (over {}{})",
                                        format_duration(std::chrono::milliseconds(static_cast<long long>(r.time_ms))),
                                        policy.slow_name.empty() ? std::string() : policy.slow_name + " ",
                                        format_duration(policy.slow)));
    if (policy.warn_on_redirect && r.redirects > 0) r.reasons.push_back(fmt::format("redirected to {}", r.final_url));
    r.state = r.reasons.empty() ? verdict::up : verdict::degraded;
}

}  // namespace urlcheck
