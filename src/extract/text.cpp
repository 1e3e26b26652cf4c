#include <algorithm>

#include "extract/positions.hpp"

namespace urlcheck::extract {

line_index::line_index(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
        starts_.push_back(i + 1);
}

link line_index::place(std::string url, std::size_t offset) const {
    const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - starts_.begin());  // >= 1: starts_[0] is 0
    return {std::move(url), line, offset - starts_[line - 1] + 1};
}

namespace {

bool ascii_letter_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The length of "http://" or "https://" (any case) at the start of `s`, or 0.
std::size_t scheme_length(std::string_view s) {
    const std::string_view http = "http";
    if (s.size() < 7) return 0;
    for (std::size_t i = 0; i < http.size(); ++i)
        if (lower(s[i]) != http[i]) return 0;
    std::size_t n = 4;
    if (lower(s[n]) == 's') ++n;
    return s.substr(n, 3) == "://" ? n + 3 : 0;
}

// Where a bare URL ends: at white space, a control character, or what
// text around a URL quotes it with.
bool ends_url(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7f || c == '<' || c == '>' || c == '"' || c == '\'' || c == '`';
}

// Drops what prose puts after a URL: sentence punctuation, and a closing
// bracket the URL did not open ("(see https://x.test/a)").
std::string_view trim_prose(std::string_view url) {
    const auto count = [&](char c) { return std::count(url.begin(), url.end(), c); };
    while (!url.empty()) {
        const char last = url.back();
        const bool punctuation = last == '.' || last == ',' || last == ':' || last == ';' || last == '!' ||
                                 last == '?' || last == '*' || last == '_' || last == '~';
        const bool unopened = (last == ')' && count('(') < count(')')) || (last == ']' && count('[') < count(']')) ||
                              (last == '}' && count('{') < count('}'));
        if (!punctuation && !unopened) break;
        url.remove_suffix(1);
    }
    return url;
}

}  // namespace

void add_bare_urls(std::string_view text, std::size_t offset, const line_index& lines, std::vector<link>& out) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t start = text.find_first_of("hH", at);
        if (start == std::string_view::npos) return;
        const std::size_t scheme = scheme_length(text.substr(start));
        // "xhttp://" is no URL start: a word boundary comes first.
        if (scheme == 0 || (start > 0 && ascii_letter_or_digit(text[start - 1]))) {
            at = start + 1;
            continue;
        }
        std::size_t end = start + scheme;
        while (end < text.size() && !ends_url(text[end])) ++end;
        const std::string_view url = trim_prose(text.substr(start, end - start));
        // A host must follow the "//".
        if (url.size() > scheme && url[scheme] != '/') out.push_back(lines.place(std::string(url), offset + start));
        at = end;
    }
}

std::vector<link> from_text(std::string_view text) {
    std::vector<link> links;
    add_bare_urls(text, 0, line_index(text), links);
    return links;
}

}  // namespace urlcheck::extract
