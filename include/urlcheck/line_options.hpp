// What one line of a URL list asks of its endpoint: the optional KEY=VALUE
// options after the URL, e.g.
//   https://api.example.com/health  status=200,204  contains="\"ok\":true"  max-time=800ms
// Plain data, parsed here and acted on by the engine.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "urlcheck/accept_list.hpp"
#include "urlcheck/header_field.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck {


// expect-header=NAME[:REGEX]
struct header_expectation {
    std::string name;                    // an RFC 9110 token, as written
    std::optional<std::string> pattern;  // ECMAScript regex for the value; none: the header need only exist
};

// Single-valued keys are optional (unset: the command line's setting
// applies); repeatable keys are vectors in the order written.
struct line_options {
    std::optional<accept_list> status;                 // status=200,204 (as --accept)
    std::optional<http_method> method;                 // method=GET|HEAD|auto
    std::vector<header_field> headers;                 // header="Name: value"
    std::vector<header_expectation> expect_headers;    // expect-header=NAME[:REGEX]
    std::vector<std::string> contains;                 // contains=TEXT
    std::vector<std::string> not_contains;             // not-contains=TEXT
    std::optional<std::string> regex;                  // regex=ECMASCRIPT (compiles)
    std::optional<std::chrono::milliseconds> max_time;  // max-time=DURATION (> 0)
    std::optional<std::chrono::milliseconds> timeout;   // timeout=DURATION (> 0)
    std::optional<int> cert_days;                      // cert-days=N (>= 0)
    std::optional<redirect_policy> redirect;           // redirect=follow|warn|fail|none
    bool insecure = false;                             // insecure
    std::optional<all_addresses_mode> ips;             // ips=all|all-strict|one (as --all-addresses)
    std::vector<std::string> tags;                     // tag=[A-Za-z0-9_.-]+
};

struct line_options_error {
    std::size_t column = 1;  // 1-based; see parse_line_options
    std::string message;     // e.g. "unknown key 'stauts' (did you mean 'status'?)"
};

// Parses the text after a list line's URL: tokens separated by spaces or
// tabs, each KEY=VALUE or the flag `insecure`, up to the end of the text or a
// token starting with '#' (a comment). A value is either unquoted (up to the
// next space or tab, no '"' in it) or in double quotes, where a backslash
// before '"' or '\' escapes it and any other backslash is kept. Unknown
// keys, bad values and repeated single-valued keys are errors; the column
// is that of the key, or of the value when the value is at fault, counted
// with `text` starting at `first_column` (its place in the line).
std::variant<line_options, line_options_error> parse_line_options(std::string_view text, std::size_t first_column = 1);

// The keys parse_line_options accepts, in its order, and whether each may be
// given more than once: for what documents them (the man page).
struct line_option_key {
    std::string_view name;
    bool repeatable;
};
std::vector<line_option_key> line_option_keys();

// A tag (tag= and --select-tag): letters, digits, '_', '.' and '-', not empty.
bool is_tag(std::string_view tag) noexcept;

// Whether the text after a URL is meant as options at all: its first token
// is KEY=..., a bare key, or a near miss of the flag `insecure`. When not
// (e.g. "not a url"), a list line is one URL with spaces in it, reported
// as an invalid URL the way it always was.
bool starts_with_option(std::string_view text) noexcept;

}  // namespace urlcheck
