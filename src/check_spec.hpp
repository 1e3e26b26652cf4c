// What one check must do: the command line's check_options with a list
// line's options (line_options.hpp) applied, everything a check reads in one
// place. Built once per distinct set of line options (regexes compiled then)
// and shared by every check that uses it; spec_key() says which line options
// build the same spec.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "verdict.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

struct expectations;  // expectations.hpp

struct check_spec {
    // The request.
    http_method method = http_method::get;  // method= or --method; GET whenever the body is expected
    std::vector<header_field> headers;  // -H, then header= (a line header replaces -H headers of its name)
    std::string user_agent;             // --user-agent, else "urlcheck/VERSION"
    bool insecure = false;              // --insecure or the line's insecure
    address_family ip_family = address_family::any;  // -4 / -6
    all_addresses_mode all_addresses = all_addresses_mode::off;  // --all-addresses or ips=

    // Limits.
    std::chrono::milliseconds timeout{10000};  // timeout= or --timeout, per attempt
    std::chrono::milliseconds connect_timeout{5000};  // resolve, connect and TLS handshake together
    std::size_t max_body_bytes = 64 * 1024;   // --body-limit
    std::size_t max_header_bytes = 64 * 1024;

    // Redirects and retries.
    redirect_policy redirect = redirect_policy::follow;
    int max_redirects = 5;
    int retries = 1;
    std::chrono::milliseconds retry_wait{500};
    std::chrono::milliseconds max_retry_after{10000};  // a longer Retry-After is not waited for

    // Judging the answer.
    accept_list accept;                 // status= or --accept
    verdict_policy verdict;             // max-time= as --slow, cert-days= as --cert-warn
    std::shared_ptr<const expectations> expect;  // null: nothing beyond the status
    bool keep_body = false;     // the expectations look at the body
    bool keep_headers = false;  // ... or at the header fields
    bool confirm = true;        // --confirm: a failure a retry reproduced counts as confirmed
};

// The command line's settings with `line` applied. `line` must be valid
// (parse_line_options checked its regexes).
check_spec make_check_spec(const check_options& options, const line_options& line);

// A canonical text of everything in `line` that make_check_spec() reads:
// equal for options that check alike (contains= in any order, a repeated
// contains= once, durations as milliseconds), different whenever a check
// could differ. Empty for a line without options, and for one with only
// tag= (tags select lines, they do not change the check). The engine fetches
// a URL once for all entries with the same URL and key.
std::string spec_key(const line_options& line);

}  // namespace urlcheck
