// JUnit XML, the test report Jenkins (junit step), GitLab
// (artifacts:reports:junit) and GitHub test-reporter actions read: one
// <testsuite> per input (a list file, standard input, the URLs given on the
// command line), one <testcase> per entry. tests/schemas/junit/junit.xsd
// describes what is written and which reader takes what.
//
// A testcase fails exactly when its entry fails the run (fails_run): down
// always, degraded, unverifiable and skipped when --fail-on names them, so
// the report's red matches the exit code. Otherwise skipped entries are
// <skipped> (so are acknowledged ones, --ack, the ack in the message) and
// degraded or unverifiable ones pass with their reasons in <system-out>.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"

namespace urlcheck::report_detail {

namespace {

enum class xml_context { text, attribute };

// The reference that stands for `c`, or empty where `c` stands as itself.
std::string_view reference_for(char c, xml_context where) noexcept {
    const bool attribute = where == xml_context::attribute;
    switch (c) {
        case '&':
            return "&amp;";
        case '<':
            return "&lt;";
        case '>':
            return "&gt;";  // also keeps "]]>" out of text
        case '"':
            return "&quot;";
        case '\'':
            return "&apos;";
        case '\r':
            return "&#13;";
        case '\n':
            return attribute ? "&#10;" : "";
        case '\t':
            return attribute ? "&#9;" : "";
        default:
            return "";
    }
}

// Appends `raw` as XML 1.0 character data, whatever its bytes: markup
// characters escaped; invalid UTF-8, and characters XML 1.0 cannot carry
// even as references (C0 controls but tab, LF and CR; U+FFFE, U+FFFF),
// become U+FFFD. CR is written as a reference everywhere, and in attribute
// values tab and LF too, because a parser normalises the literal characters
// away (CR LF to LF in text; every one of them to a space in attributes).
void append_xml(std::string& out, std::string_view raw, xml_context where) {
    const std::string valid = valid_utf8(raw);
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const char c = valid[i];
        if (const std::string_view reference = reference_for(c, where); !reference.empty()) {
            out += reference;
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\n' && c != '\t') {
            out += "\xEF\xBF\xBD";
            continue;
        }
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
        if (byte == 0xEF && i + 2 < valid.size() && valid[i + 1] == '\xBF' &&
            (valid[i + 2] == '\xBE' || valid[i + 2] == '\xBF')) {
            out += "\xEF\xBF\xBD";
            i += 2;
            continue;
        }
        out += c;
    }
}

// Seconds, the unit every JUnit reader expects, to the millisecond
// (rounded as milliseconds: 10012.5 ms is 10.013 s, not binary 10.0125's 10.012).
void append_seconds(std::string& out, double ms) {
    if (!std::isfinite(ms) || ms < 0) ms = 0;
    fmt::format_to(std::back_inserter(out), "{:.3f}", std::round(ms) / 1000.0);
}

// Lines of text: the reasons, one a line, or the message when there are none.
std::string explanation(const result& r) {
    if (r.reasons.empty()) return r.message;
    std::string text;
    for (const auto& reason : r.reasons) {
        if (!text.empty()) text += '\n';
        text += reason;
    }
    return text;
}

// The one line a reader shows first: the engine's message for a down entry
// (the reasons then say it with their kind), else the first reason.
std::string_view failure_message(const result& r) {
    if (r.state == verdict::down && !r.message.empty()) return r.message;
    if (!r.reasons.empty()) return r.reasons.front();
    return r.message;
}

// One input: its counts, for its start tag; its testcases wait in the
// reporter's spool under `key`.
struct suite {
    std::size_t key = 0;
    std::string name;          // escaped, for an attribute
    std::string shared_attrs;  // ` classname="…" file="…"`, escaped
    std::size_t first_index = 0;
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t skipped = 0;
    double time_ms = 0;  // the checks' own times summed (they overlap)
};

class junit_reporter final : public reporter {
public:
    junit_reporter(const report_options& options, report_target target) : fail_on_(options.fail_on), target_(target) {}

    // Spools the testcase's text: the counts of its suite go in the suite's
    // start tag, so nothing can be written before the run ends.
    void on_result(std::size_t index, const result& r) override {
        const source_location where = locate(r.source);
        suite& s = suite_of(where, index);
        s.first_index = std::min(s.first_index, index);
        ++s.tests;
        s.time_ms += std::isfinite(r.time_ms) && r.time_ms > 0 ? r.time_ms : 0;

        std::string out = "    <testcase name=\"";
        append_xml(out, r.url, xml_context::attribute);
        out += '"';
        out += s.shared_attrs;
        if (where.line && !where.file.empty())  // a list file's or standard input's line, not arg:N
            fmt::format_to(std::back_inserter(out), " line=\"{}\"", *where.line);
        out += " time=\"";
        append_seconds(out, r.time_ms);
        out += '"';

        if (fails_run(r.state, fail_on_)) {
            ++s.failures;
            // Down names its error kind; a warning state that --fail-on
            // turned into a failure names the state (its kind, if any, says
            // less: an unverifiable 429 is "status").
            std::string_view type = r.state == verdict::down ? to_string(r.error) : to_string(r.state);
            if (type.empty()) type = "unknown";
            out += ">\n      <failure type=\"";
            append_xml(out, type, xml_context::attribute);
            out += "\" message=\"";
            append_xml(out, failure_message(r), xml_context::attribute);
            out += "\">";
            append_xml(out, explanation(r), xml_context::text);
            out += "</failure>\n    </testcase>\n";
        } else if (r.state == verdict::acknowledged) {
            // --ack: a known failure is neither red nor a pass; <skipped>
            // is what every reader shows apart, with the ack and the error.
            ++s.skipped;
            out += ">\n      <skipped message=\"";
            append_xml(out, describe(r), xml_context::attribute);
            out += "\"/>\n    </testcase>\n";
        } else if (r.state == verdict::skipped) {
            ++s.skipped;
            out += ">\n      <skipped message=\"";
            append_xml(out, r.message.empty() ? std::string_view("skipped") : std::string_view(r.message),
                       xml_context::attribute);
            out += "\"/>\n    </testcase>\n";
        } else if (const std::string text = explanation(r); !text.empty()) {
            // Degraded or unverifiable, passing: what to look at, where
            // every reader shows a passing test's output.
            out += ">\n      <system-out>";
            append_xml(out, text, xml_context::text);
            out += "</system-out>\n    </testcase>\n";
        } else {
            out += "/>\n";
        }
        testcases_.add(index, s.key, std::move(out));
    }

    std::size_t held() const override { return testcases_.held(); }

    void finish(const summary& totals) override {
        testcases_.finish();
        std::vector<suite*> order;
        order.reserve(suites_.size());
        for (auto& [key, s] : suites_) order.push_back(&s);
        std::sort(order.begin(), order.end(),
                  [](const suite* a, const suite* b) { return a->first_index < b->first_index; });

        std::size_t tests = 0;
        std::size_t failures = 0;
        std::size_t skipped = 0;
        for (const suite* s : order) {
            tests += s->tests;
            failures += s->failures;
            skipped += s->skipped;
        }
        const std::string timestamp = totals.started_unix_ms > 0 ? format_utc(totals.started_unix_ms, utc_style::iso8601) : "";
        const std::string stamp = timestamp.empty() ? "" : fmt::format(" timestamp=\"{}\"", timestamp);

        std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        fmt::format_to(std::back_inserter(out),
                       "<testsuites name=\"urlcheck\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"",
                       tests, failures, skipped);
        append_seconds(out, totals.elapsed_ms);
        out += '"';
        out += stamp;
        out += ">\n";
        for (suite* s : order) {
            fmt::format_to(std::back_inserter(out),
                           "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"",
                           s->name, s->tests, s->failures, s->skipped);
            append_seconds(out, s->time_ms);
            out += '"';
            out += stamp;
            out += ">\n";
            testcases_.read(s->key, [&](std::string_view text) {
                out += text;
                if (out.size() >= 64 * 1024) write(out);
            });
            out += "  </testsuite>\n";
        }
        out += "</testsuites>\n";
        write(out);
        std::fflush(target_.out);
    }

private:
    suite& suite_of(const source_location& where, std::size_t index) {
        if (last_ != nullptr && last_key_ == where.input) return *last_;
        auto it = suites_.find(where.input);
        if (it == suites_.end()) {
            it = suites_.emplace(std::string(where.input), suite{}).first;
            suite& s = it->second;
            s.key = suites_.size() - 1;
            s.first_index = index;
            // A suite is named after its list file; the two inputs that are
            // not files get names a file is unlikely to have.
            const bool list_file = !where.file.empty() && where.file != "-";
            const std::string_view name = list_file           ? where.input
                                          : where.file == "-" ? "(standard input)"
                                                              : "(command line)";
            append_xml(s.name, name, xml_context::attribute);
            s.shared_attrs = " classname=\"" + s.name + '"';
            // GitLab links `file` as a path in the repository, so only a
            // real list file has one.
            if (list_file) s.shared_attrs += " file=\"" + s.name + '"';
        }
        last_key_ = it->first;
        last_ = &it->second;
        return it->second;
    }

    void write(std::string& out) {
        std::fwrite(out.data(), 1, out.size(), target_.out);
        out.clear();
    }

    fail_on_states fail_on_;
    report_target target_;
    ordered_spool testcases_;                           // in input order, under their suite's key
    std::map<std::string, suite, std::less<>> suites_;  // by input: a file's path, "-" or "arg"
    std::string_view last_key_;                         // the last result's suite: most come from the one before's
    suite* last_ = nullptr;
};

}  // namespace

std::unique_ptr<reporter> make_junit_reporter(const report_options& options, report_target target) {
    return std::make_unique<junit_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
