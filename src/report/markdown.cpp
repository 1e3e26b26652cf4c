// Markdown (GitHub-flavoured): the counts by state, the run's time, then a
// table of every entry that needs a look with its source line. Written at
// the end, since the counts come first; only the rows it prints are kept.
// Under GitHub Actions a markdown report without a path becomes the job
// summary (plan.hpp), where report_target::byte_limit applies.
#include <ctime>
#include <map>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "report/common.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck::report_detail {

namespace {

// Table cells are one line of inline text: line breaks become spaces, '|'
// would end the cell and `*_[]<>&~\` could start emphasis, a link, raw
// HTML or an entity, so each is backslash-escaped (CommonMark allows it
// for every ASCII punctuation character; GFM tables take "\|" as '|').
std::string cell(std::string_view text) {
    std::string out;
    for (const char ch : printable_utf8(text)) {
        switch (ch) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '&':
            case '~':
                out += '\\';
                out += ch;
                break;
            default:
                out += ch;
        }
    }
    return out;
}

// Failing first, in the order a reader acts on them.
int rank_of(verdict state) noexcept {
    switch (state) {
        case verdict::down:
            return 0;
        case verdict::unverifiable:
            return 1;
        case verdict::degraded:
            return 2;
        case verdict::skipped:
            return 3;
        case verdict::up:
            return 4;
    }
    return 5;
}

// A coloured mark and the word, so the state reads without colour too.
std::string_view badge(verdict state) noexcept {
    switch (state) {
        case verdict::down:
            return "🔴 down";
        case verdict::unverifiable:
            return "🟣 unverifiable";
        case verdict::degraded:
            return "🟡 degraded";
        case verdict::skipped:
            return "⚪ skipped";
        case verdict::up:
            return "🟢 up";
    }
    return "?";
}

std::string utc_time(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text;
}

class markdown_reporter final : public reporter {
public:
    markdown_reporter(const report_options& options, report_target target)
        : fail_on_(options.fail_on), target_(target) {}

    void on_result(std::size_t index, const result& r) override {
        if (!needs_look(r.state) && !fails_run(r.state, fail_on_)) return;
        std::string row = fmt::format("| {} | {} | {} | {} | {} |\n", badge(r.state), cell(r.url), cell(describe(r)),
                                      format_elapsed(r.time_ms), cell(r.source));
        rows_.emplace(std::pair{rank_of(r.state), index}, std::move(row));
    }

    void finish(const summary& s) override {
        std::string out = fmt::format("### urlcheck: {}\n\n", headline(s));
        out += s.checked == s.total ? fmt::format("{} entries checked", s.checked)
                                    : fmt::format("{} of {} entries checked", s.checked, s.total);
        out += fmt::format(" in {:.2f} s, started {}", s.elapsed_ms / 1000.0, utc_time(s.started_unix_ms));
        if (s.filtered > 0) out += fmt::format("; {} left out by --select-tag, --include or --exclude", s.filtered);
        if (s.signal != 0 || s.not_checked > 0) out += fmt::format("; interrupted, {} not checked", s.not_checked);
        out += ".\n\n| State | Entries |\n|:--|--:|\n";
        for (const auto& [state, n] : {std::pair{verdict::down, s.down},
                                       {verdict::unverifiable, s.unverifiable},
                                       {verdict::degraded, s.degraded},
                                       {verdict::skipped, s.skipped},
                                       {verdict::up, s.up}})
            out += fmt::format("| {} | {} |\n", badge(state), n);

        if (!rows_.empty()) {
            out += fmt::format("\n#### Needs a look ({})\n\n", rows_.size());
            out +=
                "| State | URL | What happened | Time | Source "
                "|\n|:--|:--|:--|--:|:--|\n";
            std::size_t listed = 0;
            // Room for the closing line, so the whole stays under the limit.
            const std::size_t room = target_.byte_limit > 200 ? target_.byte_limit - 200 : target_.byte_limit;
            for (const auto& [key, row] : rows_) {
                if (room != 0 && out.size() + row.size() > room) break;
                out += row;
                ++listed;
            }
            if (listed < rows_.size())
                out += fmt::format(
                    "\n… and {} more, left out to stay within GitHub's 1 MiB job "
                    "summary: "
                    "see a full report (--report json=FILE or html=FILE).\n",
                    rows_.size() - listed);
        }
        std::fwrite(out.data(), 1, out.size(), target_.out);
    }

private:
    static std::string headline(const summary& s) {
        if (s.checked == 0) return "nothing checked";
        std::string line;
        const auto add = [&](std::size_t n, std::string_view what) {
            if (n == 0) return;
            if (!line.empty()) line += ", ";
            line += fmt::format("{} {}", n, what);
        };
        add(s.down, "down");
        add(s.unverifiable, "unverifiable");
        add(s.degraded, "degraded");
        if (line.empty())
            return s.skipped > 0 ? fmt::format("{} up, {} skipped", s.up, s.skipped) : fmt::format("all {} up", s.up);
        return line + fmt::format(" of {} checked", s.checked);
    }

    fail_on_states fail_on_;
    report_target target_;
    std::map<std::pair<int, std::size_t>, std::string> rows_;  // (state rank, input index) -> table row
};

}  // namespace

std::unique_ptr<reporter> make_markdown_reporter(const report_options& options, report_target target) {
    return std::make_unique<markdown_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
