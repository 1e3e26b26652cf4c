#include "check_spec.hpp"

#include <boost/url/grammar/ci_string.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>

#include "expectations.hpp"
#include "text.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck {

namespace {

using boost::urls::grammar::ci_is_equal;

// Length-prefixed, so no value can end early or run into the next one.
void add_field(std::string& out, std::string_view name, std::string_view value) {
    fmt::format_to(std::back_inserter(out), "{}={}:{};", name, value.size(), value);
}

}  // namespace

// make_check_spec() and spec_key() both take `line` apart field by field
// with a structured binding: a field added to line_options stops both from
// compiling until each says what it does with it, so the key cannot miss
// what the spec reads.

check_spec make_check_spec(const check_options& options, const line_options& line) {
    const auto& [status, method, headers, expect_headers, contains, not_contains, regex, max_time, timeout, cert_days,
                 redirect, insecure, ips, tags] = line;
    (void)expect_headers, (void)contains, (void)not_contains, (void)regex;  // make_expectations() reads them
    (void)tags;  // tags select lines, they do not change the check

    check_spec spec;
    spec.accept = status ? *status : options.accept;
    spec.method = method ? *method : options.method;
    spec.headers = options.headers;
    for (const auto& h : headers) {
        // A line's header replaces the command line's of the same name (but
        // not an earlier one of the line's own: several may go together).
        const bool from_line_already = std::any_of(headers.begin(), headers.begin() + (&h - headers.data()),
                                                   [&](const header_field& e) { return ci_is_equal(e.name, h.name); });
        if (!from_line_already) {
            spec.headers.erase(std::remove_if(spec.headers.begin(), spec.headers.end(),
                                              [&](const header_field& e) { return ci_is_equal(e.name, h.name); }),
                               spec.headers.end());
        }
        spec.headers.push_back(h);
    }
    spec.user_agent = options.user_agent.empty() ? fmt::format("urlcheck/{}", version) : options.user_agent;
    spec.insecure = options.insecure || insecure;
    spec.ip_family = options.ip_family;
    spec.all_addresses = ips ? *ips : options.all_addresses;

    spec.timeout = timeout ? *timeout : options.timeout;
    spec.connect_timeout = options.connect_timeout;
    spec.max_body_bytes = options.max_body_bytes;
    spec.max_header_bytes = options.max_header_bytes;

    spec.redirect = redirect ? *redirect : options.redirect;
    spec.max_redirects = options.max_redirects;
    spec.retries = options.retries;
    spec.retry_wait = options.retry_wait;
    spec.max_retry_after = options.max_retry_after;
    spec.confirm = options.confirm;

    verdict_policy& p = spec.verdict;
    p.slow = options.slow;
    if (max_time) {
        p.slow = *max_time;
        p.slow_name = "max-time";
    }
    p.cert_warn_days = options.cert_warn_days;
    if (cert_days) {
        p.cert_warn_days = *cert_days;
        p.cert_warn_name = "cert-days";
    }
    p.cert_fail_days = options.cert_fail_days;
    p.warn_on_redirect = spec.redirect == redirect_policy::warn;
    p.certificates_verified = !spec.insecure;

    spec.expect = make_expectations(line);
    if (spec.expect) {
        spec.keep_body = needs_body(*spec.expect);
        spec.keep_headers = needs_headers(*spec.expect);
        // A HEAD response has no body to look at: the body expectations win
        // over --method HEAD and over the line's own method=HEAD (the
        // README's example line has both); the result says GET.
        if (spec.keep_body) spec.method = http_method::get;
    }
    return spec;
}

std::string spec_key(const line_options& line) {
    const auto& [status, method, headers, expect_headers, contains, not_contains, regex, max_time, timeout, cert_days,
                 redirect, insecure, ips, tags] = line;
    (void)tags;  // tags select lines, they do not change the check

    std::string out;
    if (status) add_field(out, "status", status->to_string());
    if (method) add_field(out, "method", *method == http_method::head ? "HEAD" : (*method == http_method::get ? "GET" : "auto"));
    // In order: with two of one name the last one is sent. Names keep their
    // case; over-telling apart costs a request, never a wrong result.
    for (const auto& h : headers) {
        add_field(out, "header", h.name);
        add_field(out, "value", h.value);
    }
    // Order-free sets: sorted, duplicates dropped.
    auto add_set = [&out](std::string_view name, std::vector<std::string> values) {
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (const auto& v : values) add_field(out, name, v);
    };
    std::vector<std::string> expected;
    for (const auto& e : expect_headers) {
        const std::string name = ascii_lower(e.name);
        expected.push_back(fmt::format("{}:{}{}", name.size(), name, e.pattern ? ":" + *e.pattern : std::string()));
    }
    add_set("expect-header", std::move(expected));
    add_set("contains", contains);
    add_set("not-contains", not_contains);
    if (regex) add_field(out, "regex", *regex);
    if (max_time) add_field(out, "max-time", std::to_string(max_time->count()));
    if (timeout) add_field(out, "timeout", std::to_string(timeout->count()));
    if (cert_days) add_field(out, "cert-days", std::to_string(*cert_days));
    if (redirect) add_field(out, "redirect", std::to_string(static_cast<int>(*redirect)));
    if (insecure) add_field(out, "insecure", "");
    if (ips) add_field(out, "ips", to_string(*ips));
    return out;
}

}  // namespace urlcheck
