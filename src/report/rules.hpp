// What each way of not being up means and what to do about it, in words: one
// rule per error kind and per state that is not up. SARIF carries them as its
// rules (code scanning shows them next to an alert), and urlcheck(1)'s ERROR
// KINDS section is written from the same rows, so the two never disagree.
// Plain data, usable at compile time.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace urlcheck::report_detail {

struct rule {
    std::string_view id;  // stable: code scanning matches alerts across runs by it
    std::string_view name;
    std::string_view level;  // its default level
    std::string_view short_description;
    std::string_view full_description;
    std::string_view help;
};

// Error kinds first (in error_kind's order), then the states. A down result
// takes its kind's rule; "urlcheck/down" is for one whose kind is unknown.
// error_kind::skipped has none: skipped entries are not listed.
inline constexpr std::array<rule, 15> rules{{
    {"urlcheck/invalid_url", "InvalidUrl", "error", "The list entry is not a valid URL.",
     "urlcheck could not read the entry as an http or https URL, or an option after the URL is wrong, so it was never "
     "checked.",
     "Fix the line in the list: the scheme (http:// or https://), spaces and other characters that must be "
     "percent-encoded (a space is %20), and the spelling of the options after the URL (README, \"The URL list\")."},
    {"urlcheck/dns", "DnsFailure", "error", "The host name does not resolve.",
     "The DNS lookup of the URL's host failed: the name does not exist (NXDOMAIN), has no address, or no resolver "
     "answered.",
     "Check the host name for typos. If the domain has lapsed or moved, update or remove the link. If only this "
     "machine cannot resolve it (an internal name), run urlcheck where it resolves, or use --resolve or --dns-server."},
    {"urlcheck/connect", "ConnectFailure", "error", "The server did not accept the connection.",
     "No connection could be opened to any address of the host: refused, unreachable, or reset.",
     "Check that the host and port are right and that the service is running; a firewall may drop the connection. "
     "If the site moved, update the link."},
    {"urlcheck/tls", "TlsFailure", "error", "The TLS handshake or the certificate check failed.",
     "The server's certificate is expired, issued for another name or by an unknown authority, the server refused "
     "or required a client certificate, or the handshake failed.",
     "Renew or fix the certificate on the server. For a private certificate authority pass --cacert or --capath; "
     "when the server asks for a client certificate, pass --cert (and --key). Do not hide a real problem with "
     "--insecure."},
    {"urlcheck/timeout", "Timeout", "error", "The check took too long.",
     "The server did not answer within --timeout (or did not accept the connection within --connect-timeout).",
     "Check that the site is up. If it is only slow, raise --timeout, or set timeout= on its line in the list."},
    {"urlcheck/protocol", "ProtocolError", "error", "The answer was not valid HTTP.",
     "The server sent a malformed or truncated response, or closed the connection in the middle of it.",
     "Check the server and any proxy in front of it. If the URL points at a service that does not speak HTTP, fix "
     "the link."},
    {"urlcheck/too_many_redirects", "TooManyRedirects", "error", "The URL redirects too many times.",
     "Following the redirects took more than --max-redirects steps, often because they form a loop.",
     "Link to the final address directly, or fix the redirect loop on the server; raise --max-redirects only for a "
     "long but finite chain."},
    {"urlcheck/status", "ErrorStatus", "error", "The server answered with a status that is not accepted.",
     "The final response's status (404 Not Found, 410 Gone, 500, ...) is not one the check accepts.",
     "Update or remove the link if the page moved or is gone. If the status is expected, accept it with --accept or "
     "status= on its line in the list."},
    {"urlcheck/expectation", "ExpectationFailed", "error", "The response failed an expectation on its line.",
     "The status was accepted, but the body or a header did not match contains=, not-contains=, regex= or "
     "expect-header= on the list line.",
     "Look at what the page returns now; fix the page, or update the expectation on the line."},
    {"urlcheck/resource", "OutOfFileDescriptors", "error", "This machine ran out of file descriptors.",
     "Not a fault of the site: urlcheck could not open a socket even with no other check running.",
     "Lower --concurrency or raise the open-files limit (ulimit -n), and run again."},
    {"urlcheck/proxy", "ProxyFailure", "error", "The proxy failed, not the site.",
     "The proxy the URL goes through could not be reached, asked for credentials (407) or refused them, refused the "
     "CONNECT to the site's port, or broke the tunnel. Every URL through it fails the same way.",
     "Check --proxy or the https_proxy/http_proxy/all_proxy variables, the user and password in the proxy "
     "URL, and that the proxy allows CONNECT to the port; use --noproxy or NO_PROXY for "
     "hosts reached directly (README \"Behind a proxy\")."},
    {"urlcheck/down", "Down", "error", "The URL is down.", "The check failed; the message says why.",
     "Open the URL and look at the reason in the message; update or remove the link if it is gone."},
    {"urlcheck/degraded", "Degraded", "warning", "The URL works but needs attention.",
     "The URL answered, but slower than --slow, with a certificate that expires within --cert-warn days, or through "
     "a redirect under --redirect warn.",
     "Act on the reason in the message: renew a certificate before it expires, update a redirected link to its "
     "final address, or speed up a slow page (or raise --slow)."},
    {"urlcheck/unverifiable", "Unverifiable", "note", "The server would not let a machine check the URL.",
     "The answer proves nothing either way: a bot challenge, a persistent 429 Too Many Requests, or 401/407 asking "
     "for credentials.",
     "Open the URL in a browser to see whether it works. For rate limits lower --per-host or set --host-interval; "
     "for a page behind a login send credentials (-H), or accept its status with status= on the line."},
    // --ack, after the states the other verdicts appended.
    {"urlcheck/acknowledged", "Acknowledged", "note", "A known failure, acknowledged in the --ack file.",
     "The URL failed, but an ack in the --ack file covers it until its time is up, so it does not fail the run. The "
     "message keeps the failure and says the ack's reason.",
     "Nothing until the ack expires; remove the ack once the URL works again, or fix what it says."},
}};

// The rules before this index are the error kinds' (a json report's "error").
inline constexpr std::size_t error_kind_rule_count = 11;
static_assert(rules[error_kind_rule_count].id == "urlcheck/down");

}  // namespace urlcheck::report_detail
