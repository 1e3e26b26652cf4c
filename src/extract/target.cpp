#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "extract/links.hpp"
#include "idn.hpp"

namespace urlcheck::extract {

namespace {

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// What a browser does to an href before parsing it (the URL standard):
// leading and trailing white space dropped, tabs and newlines removed.
std::string cleaned(std::string_view url) {
    while (!url.empty() && ascii_space(url.front())) url.remove_prefix(1);
    while (!url.empty() && ascii_space(url.back())) url.remove_suffix(1);
    std::string out;
    out.reserve(url.size());
    for (const char c : url)
        if (c != '\t' && c != '\n' && c != '\r') out += c;
    return out;
}

bool is_http(std::string_view scheme) {
    using boost::urls::grammar::ci_is_equal;
    return ci_is_equal(scheme, "http") || ci_is_equal(scheme, "https");
}

// The scheme of `url` by the URL grammar's shape (ALPHA *( ALPHA / DIGIT /
// "+" / "-" / "." ) ":"), also when the rest would not parse: a broken
// http link is still checked, and reported as invalid.
std::string_view scheme_of(std::string_view url) {
    const std::size_t colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(url[0])) return {};
    for (const char c : url.substr(0, colon))
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
    return url.substr(0, colon);
}

}  // namespace

bool is_relative(std::string_view written) {
    const std::string url = cleaned(written);
    return !url.empty() && url.front() != '#' && scheme_of(url).empty();
}

std::optional<std::string> link_target(std::string_view written, std::string_view base) {
    std::string url = cleaned(written);
    if (url.empty() || url.front() == '#') return std::nullopt;
    const std::string_view scheme = scheme_of(url);
    if (!scheme.empty()) return is_http(scheme) ? std::optional(std::move(url)) : std::nullopt;
    if (base.empty()) return std::nullopt;
    // A relative link may hold UTF-8 ("/café", "//bücher.example/"), which
    // Boost.URL takes only in its ASCII form. A refused host name: the link
    // on the base's scheme, for make_entry to report (only a network-path
    // reference, "//host/...", has a host: any other is no relative
    // reference at all).
    const ascii_url ascii = to_ascii_url(url);
    if (!ascii.ok()) {
        if (url.rfind("//", 0) != 0) return std::nullopt;
        const std::string_view base_scheme = scheme_of(base);
        if (!is_http(base_scheme)) return std::nullopt;
        return std::string(base_scheme) + ":" + url;
    }
    const auto base_url = boost::urls::parse_absolute_uri(base);
    const auto reference = boost::urls::parse_relative_ref(ascii.url);
    if (!base_url || !reference) return std::nullopt;
    boost::urls::url resolved;
    if (!boost::urls::resolve(*base_url, *reference, resolved)) return std::nullopt;
    return std::string(resolved.buffer());
}

}  // namespace urlcheck::extract
