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
#include "report/rules.hpp"
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
    if (r.state == verdict::acknowledged) return rule_index("urlcheck/acknowledged");
    const std::string_view kind = to_string(r.error);
    if (kind.empty() || r.error == error_kind::skipped) return down_rule;
    const std::size_t i = rule_index(fmt::format("urlcheck/{}", kind));
    return i < rules.size() ? i : down_rule;
}

// down is an error; degraded a warning, and so is a state --fail-on names
// (it fails the gate); unverifiable and acknowledged otherwise a note.
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
    if (r.ack) text += "; " + describe_ack(*r.ack);
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
