// What one check must do: the command line's check_options with a list
// line's options (line_options.hpp) applied. Built once per distinct set of
// line options (regexes compiled then, not per check or attempt) and shared
// by every check that uses it.
#pragma once

#include <boost/regex.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify.hpp"
#include "verdict.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {

// The body and header expectations of a line, compiled. Regexes are
// Boost.Regex in ECMAScript syntax: its matcher keeps its state on the heap
// and gives up on runaway backtracking, where std::regex recurses once per
// byte and overflows the stack on a 64 KiB one-line body.
struct expectations {
    struct header {
        std::string name;
        std::string pattern;                // as written; empty: the header need only exist
        std::optional<boost::regex> regex;  // compiled `pattern`
    };
    std::vector<header> headers;            // expect-header=
    std::vector<std::string> contains;      // contains=
    std::vector<std::string> not_contains;  // not-contains=
    std::string pattern;                    // regex= as written
    std::optional<boost::regex> regex;      // compiled `pattern`

    bool need_body() const noexcept { return !contains.empty() || !not_contains.empty() || regex.has_value(); }
    bool need_headers() const noexcept { return !headers.empty(); }
};

struct check_spec {
    accept_list accept;                 // status= or --accept
    http_method method = http_method::get;  // method= or --method; GET whenever the body is expected
    std::vector<header_field> headers;  // -H, then header= (a line header replaces -H headers of its name)
    std::chrono::milliseconds timeout{10000};  // timeout= or --timeout, per attempt
    redirect_policy redirect = redirect_policy::follow;
    bool insecure = false;              // --insecure or the line's insecure
    verdict_policy verdict;             // max-time= as --slow, cert-days= as --cert-warn
    std::shared_ptr<const expectations> expect;  // null: nothing beyond the status
};

// The command line's settings with `line` applied. `line` must be valid
// (parse_line_options checked its regexes).
check_spec make_check_spec(const check_options& options, const line_options& line);

// What the final response showed for the expectations to look at.
struct response_view {
    const std::vector<header_field>* headers = nullptr;  // every field, in order
    std::string_view body;                              // the first --body-limit bytes
    bool body_truncated = false;                        // more body followed (or the read stopped)
    std::size_t body_limit = 0;
};

// Kind none when every expectation holds; else kind expectation and the
// first one that failed, e.g. body does not contain "\"ok\":true".
failure check_expectations(const expectations& expected, const response_view& response);

}  // namespace urlcheck
