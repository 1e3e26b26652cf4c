// The result of checking one input entry: the stable contract every report
// format serialises. Field names here match the JSON keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace urlcheck {

// Why an entry is down. `none` exactly when the entry is up.
enum class error_kind {
    none,
    invalid_url,
    dns,
    connect,
    tls,
    timeout,
    protocol,
    too_many_redirects,
    status,
    // Not a verdict: the run deadline (--max-time) came before the check
    // could start. Never counted as down.
    skipped,
    // The status was accepted but the response failed one of its list
    // line's expectations (contains=, not-contains=, regex=, expect-header=).
    expectation,
    // Not about the site: this machine ran out of file descriptors (EMFILE,
    // ENFILE). The engine checks the entry again with fewer checks at once;
    // reported only when it happens with no other check running.
    resource,
    // The proxy itself failed, not the site: it could not be reached, asked
    // for or refused its credentials (407), refused the CONNECT, or broke the
    // tunnel. Every URL through it fails alike, so it is named apart.
    proxy,
};

// The stable lower-case name used in every report ("invalid_url", "dns", ...).
// `none` has no name and yields an empty view.
std::string_view to_string(error_kind kind) noexcept;

// The verdict a person would reach after looking (README "Verdicts").
enum class verdict {
    up,            // reachable, accepted, nothing to warn about
    down,          // unreachable, refused, or not accepted
    degraded,      // up, but slower than its threshold, a certificate about to expire, or redirected under --redirect warn
    unverifiable,  // the server would not let a machine check it: a bot challenge, a persistent 429, 401/407
    skipped,       // never started: the run deadline came first
    // --state: down, but for fewer consecutive runs than --fail-after asks
    // (Uptime Kuma's word); fails nothing unless --fail-on pending.
    pending,
    // --ack: would fail the run, but an active acknowledgement says the
    // failure is known (result::ack says who and until when).
    acknowledged,
};

// "up", "down", "degraded", "unverifiable", "skipped", "pending", "acknowledged".
std::string_view to_string(verdict v) noexcept;

// Phase durations of the last HTTP exchange of a check, in milliseconds;
// empty when the phase did not happen (no DNS for an IP literal, no TLS for http).
struct timings {
    std::optional<double> dns_ms;
    std::optional<double> connect_ms;
    std::optional<double> tls_ms;
    std::optional<double> ttfb_ms;
    // Through a proxy: the TCP connect to the proxy, plus for https its
    // CONNECT exchange (connect_ms is then empty: it would count it twice).
    std::optional<double> proxy_ms{};  // {}: initialisers naming the four above still compile
};

struct tls_info {
    std::string not_after;  // ISO 8601 UTC, e.g. "2027-01-31T12:00:00Z"
    long days_left = 0;     // whole days until not_after; negative once expired
    std::string subject;    // the leaf's subject, one line: "/CN=example.com"
};

// --all-addresses: the look at one address behind the name (the same
// request, pinned there), before the entry's verdict rolls them up.
struct address_result {
    std::string remote_addr;  // the address this look was pinned to, "IP:PORT" or "[IPv6]:PORT"
    verdict state = verdict::down;
    bool ok = false;
    std::optional<int> status;
    error_kind error = error_kind::none;
    std::string message;               // empty when ok
    std::vector<std::string> reasons;  // why this address's state is not up
    double time_ms = 0;
};

// --state: what earlier runs add to this one's result (docs/cron.md).
struct history {
    // The last run's settled state (never pending); empty for an entry
    // first seen now, or one that was only ever pending.
    std::optional<verdict> previous_state;
    std::int64_t since_unix_ms = 0;  // when this state began: for down, the outage's first failing run
    bool changed = false;            // the settled state differs from the last run's
    std::optional<std::int64_t> outage_ms;  // recovered now: from the first failing run to the first good one
    int consecutive_down = 0;        // runs in a row that found it down, this one included
    int consecutive_up = 0;          // runs in a row that found it not down, this one included
    bool reminder = false;           // still down, listed again by --remind-every
    bool fresh = false;              // --skip-fresh: not checked this run, reported from the state
};

// --ack: the acknowledgement that turned a failing result into
// `acknowledged` (its error, message and status stay what they were).
struct acknowledgement {
    std::string reason;  // as the ack file says it
    std::string until;   // ISO 8601 UTC, "2026-12-24T18:00:00Z"; empty when it has no end
    std::string source;  // "FILE:LINE" of the ack
};

struct result {
    std::string url;        // as written in the input
    std::string final_url;  // after redirects; empty for invalid_url
    std::string source;     // FILE:LINE, -:LINE or arg:N
    bool ok = false;
    std::optional<int> status;  // final HTTP status, if a response header arrived
    error_kind error = error_kind::none;
    std::string message;        // human-readable detail; empty when ok
    int attempts = 0;
    int redirects = 0;
    double time_ms = 0;  // the whole check: all attempts, redirects and waits
    struct timings timings;
    std::optional<tls_info> tls;
    std::string remote_addr;  // address that answered the last exchange, "IP:PORT" or "[IPv6]:PORT"
    verdict state = verdict::down;
    std::vector<std::string> reasons;  // why the state is not up, one short sentence each
    std::string method;                // the request method of the last exchange, "GET" or "HEAD"
    bool confirmed = false;            // a second look (after --confirm-wait) gave the same verdict
    // --all-addresses / ips=all: one look per address, in the resolver's
    // order; empty otherwise (and for an IP literal, which is one address).
    std::vector<address_result> addresses;
    std::optional<struct history> history{};  // --state only
    // Set exactly when state is acknowledged.
    std::optional<acknowledgement> ack{};  // {}: initialisers naming the fields above still compile
};

}  // namespace urlcheck
