#include "expectations.hpp"

#include <boost/regex.hpp>
#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "text.hpp"

namespace urlcheck {

// Regexes are Boost.Regex in ECMAScript syntax: its matcher keeps its state
// on the heap and gives up on runaway backtracking, where std::regex recurses
// once per byte and overflows the stack on a 64 KiB one-line body.
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
};

namespace {

using boost::urls::grammar::ci_is_equal;

boost::regex compile(const std::string& pattern) { return boost::regex(pattern, boost::regex::ECMAScript); }

// Text quoted in a message: printable, `"` and `\` escaped as in the list,
// and long texts cut.
std::string quoted(std::string_view text) {
    constexpr std::size_t max_shown = 80;
    std::string out = "\"";
    const std::string shown = printable(text.substr(0, max_shown));
    for (char c : shown) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += text.size() > max_shown ? "...\"" : "\"";
    return out;
}

std::string size_text(std::size_t bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return fmt::format("{} MiB", bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
    return fmt::format("{} bytes", bytes);
}

// A regex search that cannot take the run down: Boost.Regex throws when a
// match would need too much memory or backtracking, which is then the
// verdict rather than a crash or a hang.
enum class search_result { found, not_found, too_complex };

search_result search(std::string_view text, const boost::regex& re) {
    try {
        return boost::regex_search(text.begin(), text.end(), re) ? search_result::found : search_result::not_found;
    } catch (const std::runtime_error&) {
        return search_result::too_complex;
    }
}

}  // namespace

std::shared_ptr<const expectations> make_expectations(const line_options& line) {
    if (line.contains.empty() && line.not_contains.empty() && !line.regex && line.expect_headers.empty())
        return nullptr;
    auto e = std::make_shared<expectations>();
    for (const auto& h : line.expect_headers) {
        auto& eh = e->headers.emplace_back();
        eh.name = h.name;
        if (h.pattern) {
            eh.pattern = *h.pattern;
            eh.regex = compile(*h.pattern);
        }
    }
    e->contains = line.contains;
    e->not_contains = line.not_contains;
    if (line.regex) {
        e->pattern = *line.regex;
        e->regex = compile(*line.regex);
    }
    return e;
}

bool needs_body(const expectations& expected) noexcept {
    return !expected.contains.empty() || !expected.not_contains.empty() || expected.regex.has_value();
}

bool needs_headers(const expectations& expected) noexcept { return !expected.headers.empty(); }

failure check_expectations(const expectations& expected, const response_view& response) {
    auto fail = [](std::string message) { return failure{error_kind::expectation, std::move(message)}; };
    for (const auto& h : expected.headers) {
        const header_field* found = nullptr;
        if (response.headers != nullptr) {
            for (const auto& field : *response.headers) {
                if (ci_is_equal(field.name, h.name)) {
                    found = &field;
                    break;
                }
            }
        }
        if (found == nullptr) return fail(fmt::format("no {} header in the response", printable(h.name)));
        if (!h.regex) continue;
        // Of several fields with this name, one matching is enough.
        bool matched = false;
        for (const auto& field : *response.headers) {
            if (!ci_is_equal(field.name, h.name)) continue;
            const auto outcome = search(field.value, *h.regex);
            if (outcome == search_result::too_complex)
                return fail(fmt::format("header {}: regex /{}/ is too complex to match", printable(h.name),
                                        printable(h.pattern)));
            if (outcome == search_result::found) {
                matched = true;
                break;
            }
        }
        if (!matched)
            return fail(fmt::format("header {}: {} does not match /{}/", printable(found->name), quoted(found->value),
                                    printable(h.pattern)));
    }
    // Said of a body that was longer than what was read: a miss may be
    // further on.
    const std::string within =
        response.body_truncated ? fmt::format(" in its first {}", size_text(response.body_limit)) : std::string();
    for (const auto& text : expected.contains) {
        if (response.body.find(text) == std::string_view::npos)
            return fail(fmt::format("body does not contain {}{}", quoted(text), within));
    }
    for (const auto& text : expected.not_contains) {
        if (response.body.find(text) != std::string_view::npos)
            return fail(fmt::format("body contains {}", quoted(text)));
    }
    if (expected.regex) {
        switch (search(response.body, *expected.regex)) {
            case search_result::found: break;
            case search_result::not_found:
                return fail(fmt::format("body does not match /{}/{}", printable(expected.pattern), within));
            case search_result::too_complex:
                return fail(fmt::format("regex /{}/ is too complex to match against the body", printable(expected.pattern)));
        }
    }
    return {};
}

}  // namespace urlcheck
