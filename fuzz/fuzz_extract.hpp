// What the link extractors' fuzzers check of every link: it points inside
// the document (a line that exists, a column within it, or just past its
// end), and link_target makes a URL with the http(s) scheme of it or
// nothing (perhaps a broken one, "https:x": make_entry reports those).
#pragma once

#include <boost/url/grammar/ci_string.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

#include "extract/links.hpp"
#include "fuzz_check.hpp"

namespace urlcheck::fuzz {

// The lines of `text` as the extractors count them (split at '\n').
inline std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (;;) {
        const std::size_t newline = text.find('\n');
        lines.push_back(text.substr(0, newline));
        if (newline == std::string_view::npos) return lines;
        text.remove_prefix(newline + 1);
    }
}

inline bool is_http_url(std::string_view url) {
    using boost::urls::grammar::ci_is_equal;
    return ci_is_equal(url.substr(0, 7), "http://") || ci_is_equal(url.substr(0, 8), "https://");
}

inline bool has_http_scheme(std::string_view url) {
    using boost::urls::grammar::ci_is_equal;
    return ci_is_equal(url.substr(0, 5), "http:") || ci_is_equal(url.substr(0, 6), "https:");
}

inline void check_links(std::string_view text, const std::vector<extract::link>& links) {
    const auto lines = lines_of(text);
    for (const auto& link : links) {
        FUZZ_CHECK(link.line >= 1 && link.line <= lines.size());
        FUZZ_CHECK(link.column >= 1 && link.column <= lines[link.line - 1].size() + 1);
        if (const auto target = extract::link_target(link.url, "")) FUZZ_CHECK(has_http_scheme(*target));
        if (const auto target = extract::link_target(link.url, "https://base.test/a/b?c#d"))
            FUZZ_CHECK(has_http_scheme(*target));
    }
}

}  // namespace urlcheck::fuzz
