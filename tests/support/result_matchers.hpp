// How engine and check tests look at a result: one line with every field for
// assertion messages (describe), and a case-insensitive look into its
// message (mentions).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "urlcheck/result.hpp"

namespace urlcheck::test {

inline std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Whether the result's message has `word` (lower case) in any case.
inline bool mentions(const result& r, std::string_view word) {
    return lower(r.message).find(word) != std::string::npos;
}

inline std::string describe(const result& r) {
    std::string out = "state=" + std::string(to_string(r.state)) + " ok=" + (r.ok ? "true" : "false") +
                      " error=" + std::string(to_string(r.error)) +
                      " status=" + (r.status ? std::to_string(*r.status) : "-") + " method=" + r.method +
                      " attempts=" + std::to_string(r.attempts) + " redirects=" + std::to_string(r.redirects) +
                      " confirmed=" + (r.confirmed ? "true" : "false") + " time_ms=" + std::to_string(r.time_ms) +
                      " final_url=" + r.final_url + " message=\"" + r.message + "\"";
    if (r.tls) out += " not_after=" + r.tls->not_after + " days_left=" + std::to_string(r.tls->days_left);
    out += " reasons:";
    for (const auto& reason : r.reasons) out += " [" + reason + "]";
    return out;
}

}  // namespace urlcheck::test
