#include "check_spec.hpp"

#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "printable.hpp"

namespace urlcheck {

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

check_spec make_check_spec(const check_options& options, const line_options& line) {
    check_spec spec;
    spec.accept = line.status ? *line.status : options.accept;
    spec.method = line.method ? *line.method : options.method;
    spec.headers = options.headers;
    for (const auto& h : line.headers) {
        // A line's header replaces the command line's of the same name (but
        // not an earlier one of the line's own: several may go together).
        const bool from_line_already = std::any_of(line.headers.begin(), line.headers.begin() + (&h - line.headers.data()),
                                                   [&](const header_field& e) { return ci_is_equal(e.name, h.name); });
        if (!from_line_already) {
            spec.headers.erase(std::remove_if(spec.headers.begin(), spec.headers.end(),
                                              [&](const header_field& e) { return ci_is_equal(e.name, h.name); }),
                               spec.headers.end());
        }
        spec.headers.push_back(h);
    }
    spec.timeout = line.timeout ? *line.timeout : options.timeout;
    spec.redirect = line.redirect ? *line.redirect : options.redirect;
    spec.insecure = options.insecure || line.insecure;

    verdict_policy& p = spec.verdict;
    p.slow = options.slow;
    if (line.max_time) {
        p.slow = *line.max_time;
        p.slow_name = "max-time";
    }
    p.cert_warn_days = options.cert_warn_days;
    if (line.cert_days) {
        p.cert_warn_days = *line.cert_days;
        p.cert_warn_name = "cert-days";
    }
    p.cert_fail_days = options.cert_fail_days;
    p.warn_on_redirect = spec.redirect == redirect_policy::warn;
    p.certificates_verified = !spec.insecure;

    if (!line.contains.empty() || !line.not_contains.empty() || line.regex || !line.expect_headers.empty()) {
        auto e = std::make_shared<expectations>();
        for (const auto& h : line.expect_headers) {
            expectations::header eh;
            eh.name = h.name;
            if (h.pattern) {
                eh.pattern = *h.pattern;
                eh.regex = compile(*h.pattern);
            }
            e->headers.push_back(std::move(eh));
        }
        e->contains = line.contains;
        e->not_contains = line.not_contains;
        if (line.regex) {
            e->pattern = *line.regex;
            e->regex = compile(*line.regex);
        }
        // A HEAD response has no body to look at: the body expectations win
        // over --method HEAD and over the line's own method=HEAD (the
        // README's example line has both); the result says GET.
        if (e->need_body()) spec.method = http_method::get;
        spec.expect = std::move(e);
    }
    return spec;
}

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
