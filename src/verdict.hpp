// The verdict on a finished check: up, down, degraded or unverifiable, with
// the reasons a person would give. Pure: table-tested in verdict_test.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "urlcheck/result.hpp"

namespace urlcheck {

// What the check saw beyond the result's own fields.
struct verdict_signals {
    // A bot-management challenge header as it arrived, e.g.
    // "cf-mitigated: challenge" or "x-amzn-waf-action: captcha"; empty if none.
    std::string challenge;
    // The last request carried credentials (Authorization from the URL's
    // userinfo or -H, Cookie, Proxy-Authorization): a 401/407 then means
    // they were refused, which is down, not unverifiable.
    bool credentials_sent = false;
    // How long the last attempt took (connect, request, redirects; no retry
    // waits): what --slow compares. Empty: r.time_ms is used.
    std::optional<double> attempt_ms;
};

struct verdict_policy {
    std::chrono::milliseconds slow{0};  // degraded above this; 0: off
    int cert_warn_days = 14;            // degraded when the leaf expires within this many days
    int cert_fail_days = 0;             // down within this many days (0: once expired)
    bool warn_on_redirect = false;      // --redirect warn
    bool certificates_verified = true;  // false under --insecure: expiry thresholds do not apply
    // Which setting a threshold came from when not the command line's (a
    // list line's "max-time", "cert-days"), named in the reason.
    std::string slow_name;
    std::string cert_warn_name;
};

// Sets r.state and r.reasons from what the check found; reasons[0] is the
// one that decided the state, further ones are worth knowing too (a
// certificate about to expire behind a 404). A check that was up but whose
// certificate is inside --cert-fail, or that met a bot challenge, also gets
// ok = false and an error kind and message, so the contract's "ok exactly
// when error is null" holds. Meant for a check's own result, once.
void assign_verdict(result& r, const verdict_signals& signals, const verdict_policy& policy);

}  // namespace urlcheck
