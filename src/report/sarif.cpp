// SARIF 2.1.0 (OASIS), the format code scanning reads: GitHub shows each
// result on the list file's line. One rule per error kind and per state
// that is not up; one result per entry that needs a look (needs_look), in
// input order. The vendored schema (tests/schemas/sarif/) checks the output
// in sarif_consumer_test.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck::report_detail {

namespace {

namespace json = boost::json;

// The schema's own id (tests/schemas/sarif/sarif-schema-2.1.0.json): the
// OASIS Errata 01 schema that GitHub's docs link to.
constexpr std::string_view schema_uri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// The base a relative list path is resolved against: the repository's root
// for code scanning (upload-sarif runs from the checkout).
constexpr std::string_view source_root = "%SRCROOT%";

struct rule {
    std::string_view id;  // stable: code scanning matches alerts across runs by it
    std::string_view name;
    std::string_view level;  // its default level
    std::string_view short_description;
    std::string_view full_description;
    std::string_view help;
};

// Error kinds first (in error_kind's order), then the states. A down result
// takes its kind's rule; "urlcheck/down" is for one whose kind is unknown.
// error_kind::skipped has none: skipped entries are not listed.
constexpr std::array<rule, 13> rules{{
    {"urlcheck/invalid_url", "InvalidUrl", "error", "The list entry is not a valid URL.",
     "urlcheck could not read the entry as an http or https URL, or an option after the URL is wrong, so it was never "
     "checked.",
     "Fix the line in the list: the scheme (http:// or https://), spaces and other characters that must be "
     "percent-encoded (a space is %20), and the spelling of the options after the URL (README, \"The URL list\")."},
    {"urlcheck/dns", "DnsFailure", "error", "The host name does not resolve.",
     "The DNS lookup of the URL's host failed: the name does not exist (NXDOMAIN), has no address, or no resolver "
     "answered.",
     "Check the host name for typos. If the domain has lapsed or moved, update or remove the link. If only this "
     "machine cannot resolve it (an internal name), run urlcheck where it resolves, or use --resolve or --dns-server."},
    {"urlcheck/connect", "ConnectFailure", "error", "The server did not accept the connection.",
     "No connection could be opened to any address of the host: refused, unreachable, or reset.",
     "Check that the host and port are right and that the service is running; a firewall may drop the connection. "
     "If the site moved, update the link."},
    {"urlcheck/tls", "TlsFailure", "error", "The TLS handshake or the certificate check failed.",
     "The server's certificate is expired, issued for another name or by an unknown authority, or the handshake "
     "failed.",
     "Renew or fix the certificate on the server. For a private certificate authority pass --cacert; do not hide a "
     "real problem with --insecure."},
    {"urlcheck/timeout", "Timeout", "error", "The check took too long.",
     "The server did not answer within --timeout (or did not accept the connection within --connect-timeout).",
     "Check that the site is up. If it is only slow, raise --timeout, or set timeout= on its line in the list."},
    {"urlcheck/protocol", "ProtocolError", "error", "The answer was not valid HTTP.",
     "The server sent a malformed or truncated response, or closed the connection in the middle of it.",
     "Check the server and any proxy in front of it. If the URL points at a service that does not speak HTTP, fix "
     "the link."},
    {"urlcheck/too_many_redirects", "TooManyRedirects", "error", "The URL redirects too many times.",
     "Following the redirects took more than --max-redirects steps, often because they form a loop.",
     "Link to the final address directly, or fix the redirect loop on the server; raise --max-redirects only for a "
     "long but finite chain."},
    {"urlcheck/status", "ErrorStatus", "error", "The server answered with a status that is not accepted.",
     "The final response's status (404 Not Found, 410 Gone, 500, ...) is not one the check accepts.",
     "Update or remove the link if the page moved or is gone. If the status is expected, accept it with --accept or "
     "status= on its line in the list."},
    {"urlcheck/expectation", "ExpectationFailed", "error", "The response failed an expectation on its line.",
     "The status was accepted, but the body or a header did not match contains=, not-contains=, regex= or "
     "expect-header= on the list line.",
     "Look at what the page returns now; fix the page, or update the expectation on the line."},
    {"urlcheck/resource", "OutOfFileDescriptors", "error", "This machine ran out of file descriptors.",
     "Not a fault of the site: urlcheck could not open a socket even with no other check running.",
     "Lower --concurrency or raise the open-files limit (ulimit -n), and run again."},
    {"urlcheck/down", "Down", "error", "The URL is down.", "The check failed; the message says why.",
     "Open the URL and look at the reason in the message; update or remove the link if it is gone."},
    {"urlcheck/degraded", "Degraded", "warning", "The URL works but needs attention.",
     "The URL answered, but slower than --slow, with a certificate that expires within --cert-warn days, or through "
     "a redirect under --redirect warn.",
     "Act on the reason in the message: renew a certificate before it expires, update a redirected link to its "
     "final address, or speed up a slow page (or raise --slow)."},
    {"urlcheck/unverifiable", "Unverifiable", "note", "The server would not let a machine check the URL.",
     "The answer proves nothing either way: a bot challenge, a persistent 429 Too Many Requests, or 401/407 asking "
     "for credentials.",
     "Open the URL in a browser to see whether it works. For rate limits lower --per-host or set --host-interval; "
     "for a page behind a login send credentials (-H), or accept its status with status= on the line."},
}};

constexpr std::size_t rule_index(std::string_view id) {
    for (std::size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id == id) return i;
    return rules.size();
}
constexpr std::size_t down_rule = rule_index("urlcheck/down");
static_assert(down_rule < rules.size() && rule_index("urlcheck/unverifiable") < rules.size());

std::size_t rule_for(const result& r) noexcept {
    if (r.state == verdict::degraded) return rule_index("urlcheck/degraded");
    if (r.state == verdict::unverifiable) return rule_index("urlcheck/unverifiable");
    const std::string_view kind = to_string(r.error);
    if (kind.empty() || r.error == error_kind::skipped) return down_rule;
    const std::size_t i = rule_index(fmt::format("urlcheck/{}", kind));
    return i < rules.size() ? i : down_rule;
}

// down is an error; degraded a warning, and so is a state --fail-on names
// (it fails the gate); unverifiable otherwise a note.
std::string_view level_for(verdict state, const fail_on_states& fail_on) noexcept {
    if (state == verdict::down) return "error";
    if (state == verdict::degraded || fails_run(state, fail_on)) return "warning";
    return "note";
}

// A list file's path as a URI reference (RFC 3986): unreserved characters,
// '/' and the sub-delimiters stay, every other byte is percent-encoded. ':'
// is encoded too, or "a:b.txt" would read as the scheme "a".
std::string path_to_uri(std::string_view path) {
    std::string out;
    out.reserve(path.size() + 8);
    for (const char ch : path) {
        const auto byte = static_cast<unsigned char>(ch);
        const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                          (byte >= '0' && byte <= '9') ||
                          std::string_view("-._~/!$&'()*+,;=@").find(ch) != std::string_view::npos;
        if (keep)
            out += ch;
        else
            fmt::format_to(std::back_inserter(out), "%{:02X}", byte);
    }
    return out;
}

// Where code scanning shows the result: the list file and its line. A path
// relative to the working directory is taken as relative to the repository
// root; an absolute one becomes a file: URI (upload-sarif makes it relative
// to the checkout).
json::object physical_location(std::string_view file, const std::optional<long>& line) {
    while (file.size() > 2 && file.substr(0, 2) == "./") file.remove_prefix(2);
    json::object artifact;
    if (file.front() == '/') {
        artifact["uri"] = "file://" + path_to_uri(file);
    } else {
        artifact["uri"] = path_to_uri(file);
        artifact["uriBaseId"] = source_root;
    }
    json::object where{{"artifactLocation", std::move(artifact)}};
    if (line && *line >= 1) where["region"] = json::object{{"startLine", *line}};
    return where;
}

// "https://x.invalid/ is down: dns: NXDOMAIN". Shown to people: control
// characters and bytes that are not UTF-8 are made visible (\xNN), so a
// server's CR/LF cannot start a line of its own.
std::string message_for(const result& r) {
    std::string text = fmt::format("{} is {}", r.url, to_string(r.state));
    if (!r.reasons.empty())
        text += ": " + join_reasons(r.reasons);
    else if (!r.message.empty())
        text += ": " + r.message;
    return printable_utf8(text);
}

// For machines: the entry as the json report names it.
json::object properties_for(const result& r) {
    json::object props{{"url", valid_utf8(r.url)}, {"source", valid_utf8(r.source)}, {"state", to_string(r.state)}};
    if (!r.ok && !to_string(r.error).empty()) props["error"] = to_string(r.error);
    if (r.status) props["status"] = *r.status;
    return props;
}

json::array rules_json() {
    json::array out;
    for (const rule& r : rules) {
        out.push_back(json::object{
            {"id", r.id},
            {"name", r.name},
            {"shortDescription", {{"text", r.short_description}}},
            {"fullDescription", {{"text", r.full_description}}},
            {"help", {{"text", r.help}}},
            {"defaultConfiguration", {{"level", r.level}}},
        });
    }
    return out;
}

// The document is written in finish(): it needs the run's end (the exit
// code, the end time). Until then each listed entry's result object waits,
// serialised, in input order in a spool on disk, so memory stays flat
// however many entries need a look.
class sarif_reporter final : public reporter {
public:
    sarif_reporter(const report_options& options, report_target target) : fail_on_(options.fail_on), target_(target) {}

    void on_result(std::size_t index, const result& r) override {
        if (!needs_look(r.state)) {
            fragments_.add(index, located, {});  // nothing to keep, but the order moves on
            return;
        }
        const std::size_t rule = rule_for(r);
        const std::string_view level = level_for(r.state, fail_on_);
        json::object message{{"text", message_for(r)}};
        const source_location where = locate(r.source);
        if (where.file.empty() || where.file == "-") {
            // A URL from the command line or standard input has no file in
            // the repository. GitHub rejects the whole upload when any result
            // has no location, or only a logical one (see unlocated_), so it
            // becomes a notification of the run instead.
            json::object note{{"level", level},
                              {"message", std::move(message)},
                              {"associatedRule", {{"id", rules[rule].id}, {"index", rule}}},
                              {"properties", properties_for(r)}};
            add(index, unlocated, json::serialize(note));
            return;
        }
        json::object out{
            {"ruleId", rules[rule].id},
            {"ruleIndex", rule},
            {"level", level},
            {"message", std::move(message)},
            {"locations", json::array{json::object{{"physicalLocation", physical_location(where.file, where.line)}}}},
            {"properties", properties_for(r)},
        };
        add(index, located, json::serialize(out));
    }

    std::size_t held() const override { return fragments_.held(); }

    void finish(const summary& s) override {
        fragments_.finish();
        json::object driver{{"name", "urlcheck"}, {"version", version}, {"rules", rules_json()}};
        // No exitCode: the process's own is decided after the reports are
        // written (a report that fails, a Ctrl-C meanwhile), so any number
        // here could contradict it.
        json::object invocation{
            {"executionSuccessful", s.signal == 0},
            {"startTimeUtc", format_utc(s.started_unix_ms, utc_style::iso8601_ms)},
            {"endTimeUtc", format_utc(s.started_unix_ms + static_cast<std::int64_t>(s.elapsed_ms), utc_style::iso8601_ms)},
        };
        if (count_[unlocated] > 0) invocation["toolExecutionNotifications"] = json::array{};
        // The fragments are spliced into the serialised skeleton rather than
        // parsed back into it: each is already JSON. Every array that gets
        // fragments is the last member of its object, so it ends in "[]".
        std::string out = json::serialize(json::object{
            {"$schema", schema_uri},
            {"version", "2.1.0"},
            {"runs", json::array{json::object{{"tool", {{"driver", std::move(driver)}}},
                                              {"invocations", json::array{std::move(invocation)}},
                                              {"results", json::array{}}}}},
        });
        const std::string_view results_end = "[]}]}";
        std::string_view head(out);
        head.remove_suffix(results_end.size() - 1);  // up to and with the results' '['
        if (count_[unlocated] > 0) {
            const std::size_t notes = head.rfind("[]}]");  // the notifications, last in the invocation
            write(head.substr(0, notes + 1));
            write_in_order(unlocated);
            head.remove_prefix(notes + 1);
        }
        write(head);
        write_in_order(located);
        write("]}]}\n");
        flush();
    }

private:
    enum key : std::size_t { located, unlocated };

    // Each fragment is spooled with the ",\n" that goes before it.
    void add(std::size_t index, key k, const std::string& fragment) {
        ++count_[k];
        fragments_.add(index, k, ",\n" + fragment);
    }

    // One fragment a line, in input order: "\n" before the first, ",\n"
    // between them.
    void write_in_order(key k) {
        if (count_[k] == 0) return;
        bool first = true;
        fragments_.read(k, [&](std::string_view piece) {
            if (first) piece.remove_prefix(1);
            first = false;
            write(piece);
        });
        write("\n");
    }

    void write(std::string_view text) {
        pending_ += text;
        if (pending_.size() >= 64 * 1024) flush();
    }

    void flush() {
        if (pending_.empty()) return;
        std::fwrite(pending_.data(), 1, pending_.size(), target_.out);
        std::fflush(target_.out);
        pending_.clear();
    }

    fail_on_states fail_on_;
    report_target target_;
    ordered_spool fragments_;  // result objects (located), notification objects (unlocated: no list file)
    std::array<std::size_t, 2> count_{};
    std::string pending_;
};

}  // namespace

std::unique_ptr<reporter> make_sarif_reporter(const report_options& options, report_target target) {
    return std::make_unique<sarif_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
