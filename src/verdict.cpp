#include "verdict.hpp"

#include <fmt/format.h>

#include <cmath>

#include "classify.hpp"
#include "urlcheck/duration.hpp"

namespace urlcheck {

namespace {

std::string days_phrase(long days) {
    if (days < 0) return fmt::format("expired {} day{} ago", -days, days == -1 ? "" : "s");
    if (days == 0) return "expires today";
    return fmt::format("expires in {} day{}", days, days == 1 ? "" : "s");
}

// "certificate /CN=example.com expires in 5 days (not after 2027-01-31T12:00:00Z"
// without the closing parenthesis, so callers can add to it.
std::string certificate_phrase(const tls_info& tls) {
    return fmt::format("certificate {}{}{} (not after {}", tls.subject, tls.subject.empty() ? "" : " ",
                       days_phrase(tls.days_left), tls.not_after);
}

bool is_auth_status(const result& r) { return r.status && (*r.status == 401 || *r.status == 407); }

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

std::string down_reason(const result& r) {
    return r.message.empty() ? std::string(to_string(r.error)) : fmt::format("{}: {}", to_string(r.error), r.message);
}

// What the answer itself says: up, down or unverifiable.
void judge_answer(result& r, const verdict_signals& signals) {
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
    if (r.ok) {
        r.state = verdict::up;
        return;
    }
    if (r.error == error_kind::status && is_auth_status(r) && signals.credentials_sent) {
        // We had credentials and they were turned down: that is broken.
        r.state = verdict::down;
        r.reasons.push_back(fmt::format("{} (the credentials sent were refused)", down_reason(r)));
        return;
    }
    if (std::string why = unverifiable_reason(r); !why.empty()) {
        r.state = verdict::unverifiable;
        r.reasons.push_back(std::move(why));
        return;
    }
    r.state = verdict::down;
    r.reasons.push_back(down_reason(r));
}

// The certificate is judged whatever the answer was, once it was accepted
// (a failed verification is already a tls error that says why).
void judge_certificate(result& r, const verdict_policy& policy) {
    if (!r.tls || !policy.certificates_verified || r.error == error_kind::tls) return;
    const tls_info& tls = *r.tls;
    if (tls.days_left < policy.cert_fail_days) {
        const std::string what = fmt::format("{}; --cert-fail {})", certificate_phrase(tls), policy.cert_fail_days);
        if (r.state == verdict::down) {
            r.reasons.push_back("tls: " + what);  // down already, for its own reason
            return;
        }
        // Up or unverifiable: the certificate decides, and leads the reasons.
        r.ok = false;
        r.error = error_kind::tls;
        r.message = what;
        r.state = verdict::down;
        r.reasons.insert(r.reasons.begin(), "tls: " + what);
        return;
    }
    if (tls.days_left < policy.cert_warn_days) {
        // A line's cert-days= says so, so the reader knows which threshold it crossed.
        r.reasons.push_back(certificate_phrase(tls) +
                            (policy.cert_warn_name.empty()
                                 ? std::string(")")
                                 : fmt::format("; {} {})", policy.cert_warn_name, policy.cert_warn_days)));
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
    judge_answer(r, signals);
    judge_certificate(r, policy);
    if (r.state != verdict::up) return;

    // Up so far: what is worth a look (a certificate reason may be there already).
    const double took_ms = signals.attempt_ms.value_or(r.time_ms);
    if (policy.slow.count() > 0 && took_ms > static_cast<double>(policy.slow.count()))
        r.reasons.push_back(fmt::format("slow: {} (over {}{})",
                                        format_duration(std::chrono::milliseconds(static_cast<long long>(std::ceil(took_ms)))),
                                        policy.slow_name.empty() ? std::string() : policy.slow_name + " ",
                                        format_duration(policy.slow)));
    if (policy.warn_on_redirect && r.redirects > 0)
        r.reasons.push_back(fmt::format("redirected to {} (update the list)", r.final_url));
    if (!r.reasons.empty()) r.state = verdict::degraded;
}

}  // namespace urlcheck
