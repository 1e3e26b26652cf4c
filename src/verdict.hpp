// The verdict on a finished check: up, down, degraded or unverifiable, with
// the reasons a person would give. Pure: table-tested in verdict_test.
#pragma once

#include <chrono>
#include <string>

#include "urlcheck/result.hpp"

namespace urlcheck {

// What the response said beyond its status.
struct verdict_signals {
    // A bot-management challenge header as it arrived, e.g.
    // "cf-mitigated: challenge" or "x-amzn-waf-action: captcha"; empty if none.
    std::string challenge;
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

// Sets r.state and r.reasons from what the check found. A check that was up
// but whose certificate is inside --cert-fail, or that met a bot challenge,
// also gets ok = false and an error kind and message, so the contract's
// "ok exactly when error is null" holds.
void assign_verdict(result& r, const verdict_signals& signals, const verdict_policy& policy);

}  // namespace urlcheck
