// Markdown (GitHub-flavoured): the counts by state, the run's time, then a
// table of every entry that needs a look with its source line. Written at
// the end, since the counts come first; the rows wait in a spool on disk.
// Under GitHub Actions a markdown report without a path becomes the job
// summary (plan.hpp), where report_target::byte_limit applies.
#include <string>
#include <utility>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"
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
std::size_t rank_of(verdict state) noexcept {
    switch (state) {
        case verdict::down:
            return 0;
        case verdict::unverifiable:
            return 1;
        case verdict::degraded:
            return 2;
        case verdict::acknowledged:  // --ack: known, after what is not
            return 3;
        case verdict::skipped:
            return 4;
        case verdict::pending:  // --state: failing, not yet for --fail-after runs
            return 1;
        case verdict::up:
            return 5;
    }
    return 6;
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
        case verdict::pending:
            return "🟠 pending";
        case verdict::acknowledged:
            return "🔵 acknowledged";
        case verdict::up:
            return "🟢 up";
    }
    return "?";
}

class markdown_reporter final : public reporter {
public:
    markdown_reporter(const report_options& options, report_target target)
        : fail_on_(options.fail_on), target_(target) {}

    void on_result(std::size_t index, const result& r) override {
        const std::size_t rank = rank_of(r.state);
        if (!needs_look(r.state) && !fails_run(r.state, fail_on_)) {
            rows_.add(index, rank, {});  // not listed, but the order moves on
            return;
        }
        ++listed_;
        rows_.add(index, rank,
                  fmt::format("| {} | {} | {} | {} | {} |\n", badge(r.state), cell(r.url), cell(describe(r)),
                              format_elapsed(r.time_ms), cell(r.source)));
    }

    std::size_t held() const override { return rows_.held(); }

    void finish(const summary& s) override {
        std::string out = fmt::format("### urlcheck: {}\n\n", headline(s));
        out += s.checked == s.total ? fmt::format("{} entries checked", s.checked)
                                    : fmt::format("{} of {} entries checked", s.checked, s.total);
        out += fmt::format(" in {:.2f} s, started {}", s.elapsed_ms / 1000.0, format_utc(s.started_unix_ms, utc_style::readable));
        if (s.filtered > 0) out += fmt::format("; {} left out by --select-tag, --include or --exclude", s.filtered);
        if (s.signal != 0 || s.not_checked > 0) out += fmt::format("; interrupted, {} not checked", s.not_checked);
        out += ".\n\n| State | Entries |\n|:--|--:|\n";
        for (const auto& [state, n] : {std::pair{verdict::down, s.down},
                                       {verdict::pending, s.pending},
                                       {verdict::unverifiable, s.unverifiable},
                                       {verdict::degraded, s.degraded},
                                       {verdict::acknowledged, s.acknowledged},
                                       {verdict::skipped, s.skipped},
                                       {verdict::up, s.up}}) {
            // pending exists only under --state, acknowledged only in a run
            // that has some (--ack).
            if ((state == verdict::pending || state == verdict::acknowledged) && n == 0) continue;
            out += fmt::format("| {} | {} |\n", badge(state), n);
        }

        rows_.finish();
        if (listed_ > 0) {
            out += fmt::format("\n#### Needs a look ({})\n\n", listed_);
            out += "| State | URL | What happened | Time | Source |\n|:--|:--|:--|--:|:--|\n";
            // Room for the closing line, so the whole stays under the limit.
            const std::size_t room = target_.byte_limit > 200 ? target_.byte_limit - 200 : target_.byte_limit;
            std::size_t shown = 0;
            bool full = false;
            std::string row;  // a row split between two pieces
            for (std::size_t rank = 0; rank <= rank_of(verdict::up); ++rank) {
                rows_.read(rank, [&](std::string_view piece) {
                    for (const char ch : piece) {
                        if (full) return;
                        row += ch;
                        if (ch != '\n') continue;
                        if (room != 0 && out.size() + row.size() > room) {
                            full = true;
                            return;
                        }
                        out += row;
                        row.clear();
                        ++shown;
                        if (out.size() >= 64 * 1024 && room == 0) write(out);
                    }
                });
            }
            if (shown < listed_)
                out += fmt::format(
                    "\n… and {} more, left out to stay within GitHub's 1 MiB job summary: "
                    "see a full report (--report json=FILE or html=FILE).\n",
                    listed_ - shown);
        }
        write(out);
    }

private:
    void write(std::string& out) {
        std::fwrite(out.data(), 1, out.size(), target_.out);
        out.clear();
    }

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
        add(s.acknowledged, "acknowledged");
        if (line.empty())
            return s.skipped > 0 ? fmt::format("{} up, {} skipped", s.up, s.skipped) : fmt::format("all {} up", s.up);
        return line + fmt::format(" of {} checked", s.checked);
    }

    fail_on_states fail_on_;
    report_target target_;
    ordered_spool rows_;      // table rows under their state's rank, in input order
    std::size_t listed_ = 0;  // rows in rows_
};

}  // namespace

std::unique_ptr<reporter> make_markdown_reporter(const report_options& options, report_target target) {
    return std::make_unique<markdown_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
