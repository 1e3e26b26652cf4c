// A list line's expectations beyond the status (contains=, not-contains=,
// regex=, expect-header=): compiled once per set of line options and checked
// against the final response. The compiled form is opaque, so Boost.Regex
// stays inside expectations.cpp instead of reaching every Asio file.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "classify.hpp"
#include "urlcheck/header_field.hpp"
#include "urlcheck/line_options.hpp"

namespace urlcheck {

struct expectations;

// Null when the line expects nothing beyond the status. `line` must be
// valid (parse_line_options checked its regexes).
std::shared_ptr<const expectations> make_expectations(const line_options& line);

bool needs_body(const expectations& expected) noexcept;     // contains=, not-contains=, regex=
bool needs_headers(const expectations& expected) noexcept;  // expect-header=

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
