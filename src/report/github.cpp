// GitHub Actions workflow commands: one annotation per entry that needs a
// look, on the list file's line, written as each check finishes so they show
// in the log as the run goes.
//   ::error file=urls.txt,line=12,title=urlcheck dns::https://x.invalid/
//   NXDOMAIN
// Escaping follows @actions/core (toolkit/packages/core/src/command.ts):
// the message escapes '%', CR and LF; properties also ':' and ','.
#include <array>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "report/common.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck::report_detail {

namespace {

// GitHub shows at most this many annotations of one level per step; the
// rest are only in the log.
constexpr std::size_t shown_per_level = 10;

// Percent-escapes what the runner decodes ('%', CR, LF; for properties
// also ':' and ','), and shows every other control character or invalid
// byte as "\xNN", so a URL cannot colour or rewrite the log.
std::string escape(std::string_view text, bool property) {
    std::string out;
    std::size_t plain = 0;  // start of the run of bytes not escaped yet
    const auto flush_plain = [&](std::size_t end) {
        if (end > plain) out += printable_utf8(text.substr(plain, end - plain));
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        const char* code = nullptr;
        switch (ch) {
            case '%':
                code = "%25";
                break;
            case '\r':
                code = "%0D";
                break;
            case '\n':
                code = "%0A";
                break;
            case ':':
                code = property ? "%3A" : nullptr;
                break;
            case ',':
                code = property ? "%2C" : nullptr;
                break;
            default:
                break;
        }
        if (code == nullptr) continue;
        flush_plain(i);
        out += code;
        plain = i + 1;
    }
    flush_plain(text.size());
    return out;
}

class github_reporter final : public reporter {
public:
    github_reporter(const report_options& options, report_target target) : fail_on_(options.fail_on), target_(target) {}

    void on_result(std::size_t, const result& r) override {
        const char* level = level_of(r.state);
        if (level == nullptr) return;
        ++count_[level[0] == 'e' ? 0 : level[0] == 'w' ? 1 : 2];

        const source_location where = locate(r.source);
        std::string line = fmt::format("::{} ", level);
        // An annotation on "-" (standard input) or with no file would point
        // at nothing in the repository; the source goes into the message.
        const bool in_repository = !where.file.empty() && where.file != "-";
        if (in_repository) {
            line += "file=" + escape(where.file, true);
            if (where.line) line += fmt::format(",line={}", *where.line);
            line += ',';
        }
        line += "title=" + escape(fmt::format("urlcheck {}", title_of(r)), true);
        line += "::";
        // Down: the kind is in the title, the message says what happened.
        // Other states: the reasons are the news.
        std::string detail = r.state == verdict::down && !r.message.empty() ? r.message : join_reasons(r.reasons);
        if (detail.empty()) detail = r.message;
        std::string message = in_repository ? r.url : fmt::format("{}: {}", r.source, r.url);
        if (!detail.empty()) message += " " + detail;
        line += escape(message, false);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), target_.out);
    }

    void finish(const summary&) override {
        // Past the limit GitHub drops annotations silently: say how many there were.
        const auto& [errors, warnings, notices] = count_;
        if (errors <= shown_per_level && warnings <= shown_per_level && notices <= shown_per_level) return;
        const std::string line = fmt::format(
            "::notice title=urlcheck::{} errors, {} warnings and {} notices: GitHub shows the first {} of each "
            "per step; all are in this log, and in the job summary with --report markdown\n",
            errors, warnings, notices, shown_per_level);
        std::fwrite(line.data(), 1, line.size(), target_.out);
    }

private:
    // error for down, warning for degraded and for the states --fail-on
    // names, notice for unverifiable and acknowledged (--ack: known, still
    // worth seeing where it is); nothing for up and skipped.
    const char* level_of(verdict state) const noexcept {
        if (state == verdict::down) return "error";
        if (state == verdict::degraded || (state != verdict::up && fails_run(state, fail_on_))) return "warning";
        if (state == verdict::unverifiable || state == verdict::acknowledged) return "notice";
        if (state == verdict::pending) return "notice";  // --fail-after: failing, not down yet
        return nullptr;
    }

    static std::string title_of(const result& r) {
        if (r.state == verdict::down && r.error != error_kind::none) return std::string(to_string(r.error));
        return std::string(to_string(r.state));
    }

    fail_on_states fail_on_;
    report_target target_;
    std::array<std::size_t, 3> count_{};  // annotations written: errors, warnings, notices
};

}  // namespace

std::unique_ptr<reporter> make_github_reporter(const report_options& options, report_target target) {
    return std::make_unique<github_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
