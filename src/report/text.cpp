// The human-readable report: one line per listed entry, then a summary
// line. Off a terminal the entries come in input order with columns padded
// with spaces only, so the output stays greppable and cut/awk-friendly (and
// the same from run to run, for cron mail and diffs); with --order
// completion each comes as it is known, one compiler-style line each. On a
// terminal the columns fit the window (text_layout.hpp), and by default each
// entry comes as it is known.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/color.h>
#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"
#include "report/text_layout.hpp"

namespace urlcheck::report_detail {

namespace {

// Columns wider than this are not padded further: one very long URL should
// not push every other line far to the right.
constexpr std::size_t max_url_width = 72;
constexpr std::size_t max_what_width = 48;

std::string current_directory() {
    std::error_code ignored;
    return std::filesystem::current_path(ignored).string();
}

// A listed entry's line, spooled as its fields: the state's number, then
// URL, what happened, time and source separated by field_end, ending in
// '\n'. Neither can be in a field: printable_utf8 escapes every control
// character.
constexpr char field_end = '\x1f';
// Between the --all-addresses detail lines in the last field.
constexpr char detail_end = '\x1e';

struct row {
    verdict state = verdict::down;
    std::string_view url;
    std::string_view what;
    std::string_view time;
    std::string_view source;
    std::string_view details;  // address_details(), detail_end between them
};

// The fields of one spooled line (without its '\n').
row parse_row(std::string_view line) {
    row r;
    r.state = static_cast<verdict>(line.front() - '0');
    line.remove_prefix(1);
    std::string_view* fields[] = {&r.url, &r.what, &r.time, &r.source, &r.details};
    for (std::string_view* field : fields) {
        const auto end = std::min(line.find(field_end), line.size());
        *field = line.substr(0, end);
        line.remove_prefix(std::min(end + 1, line.size()));
    }
    return r;
}

class text_reporter final : public reporter {
public:
    text_reporter(const report_options& options, report_target target)
        : verbosity_(options.verbosity),
          fail_on_(options.fail_on),
          changes_only_(options.changes_only),
          target_(std::move(target)) {
        if (target_.terminal_width || target_.as_they_come) cwd_ = current_directory();
    }

    // In input order with aligned columns the report prints in finish();
    // until then its lines wait in a spool on disk and only the columns'
    // widths are kept. Live progress is the caller's business (stderr); it
    // is told before a line is written during the run.
    void on_result(std::size_t index, const result& r) override {
        if (target_.as_they_come) {
            if (listed(r.state)) write_now(r);
            return;
        }
        if (!listed(r.state)) {
            rows_.add(index, 0, {});  // not listed, but the order moves on
            return;
        }
        const std::string url = printable_utf8(r.url);
        const std::string what = printable_utf8(describe(r));
        const std::string time = format_elapsed(r.time_ms);
        label_width_ = std::max(label_width_, label_of(r.state).size());
        url_width_ = std::max(url_width_, std::min(columns(url), max_url_width));
        what_width_ = std::max(what_width_, std::min(columns(what), max_what_width));
        time_width_ = std::max(time_width_, time.size());
        std::string line(1, static_cast<char>('0' + static_cast<int>(r.state)));
        for (const std::string_view field : {std::string_view(url), std::string_view(what), std::string_view(time)}) {
            line += field;
            line += field_end;
        }
        line += printable_utf8(r.source);
        const auto details = address_details(r);
        if (!details.empty()) line += field_end;
        for (std::size_t i = 0; i < details.size(); ++i) {
            if (i > 0) line += detail_end;
            line += printable_utf8(details[i]);
        }
        line += '\n';
        rows_.add(index, 0, std::move(line));
    }

    std::size_t held() const override { return rows_.held(); }

    void finish(const summary& s) override {
        rows_.finish();
        // --changes-only: a run where nothing changed says nothing at all,
        // so cron mails only when there is news.
        if (changes_only_ && listed_ == 0) return;
        std::string out;
        std::string pending;  // spooled text not printed yet: may end inside a line
        const tty_columns fitted = target_.terminal_width ? fit_columns(target_.terminal_width()) : tty_columns{};
        rows_.read(0, [&](std::string_view piece) {
            pending += piece;
            std::size_t at = 0;
            for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', at)) {
                const row r = parse_row(std::string_view(pending).substr(at, end - at));
                if (target_.terminal_width)
                    append_tty_lines(out,
                                     text_row{r.state, std::string(r.url), std::string(r.what), std::string(r.time),
                                              relative_source(r.source, cwd_)},
                                     fitted);
                else
                    append_line(out, r);
                for (std::string_view rest = r.details; !rest.empty();) {
                    const auto end = std::min(rest.find(detail_end), rest.size());
                    append_detail(out, rest.substr(0, end), fitted);
                    rest.remove_prefix(std::min(end + 1, rest.size()));
                }
                at = end + 1;
            }
            pending.erase(0, at);
            if (out.size() >= 64 * 1024) write(out);
        });
        if (verbosity_ >= 0 && target_.terminal_width) {
            std::string line = changes_only_ ? changes_line(s) : summary_line(s);
            line.pop_back();  // its '\n'
            const std::size_t width = target_.terminal_width();
            for (const std::string& piece : wrap(line, width, width)) out += piece + '\n';
        } else if (verbosity_ >= 0) {
            out += changes_only_ ? changes_line(s) : summary_line(s);
        }
        write(out);
        std::fflush(target_.out);
    }

private:
    // As they come: the entry's lines now, fitted to the window on a
    // terminal, compiler style elsewhere.
    void write_now(const result& r) {
        const text_row row{r.state, printable_utf8(r.url), printable_utf8(describe(r)), format_elapsed(r.time_ms),
                           relative_source(printable_utf8(r.source), cwd_)};
        std::string out;
        const tty_columns fitted = target_.terminal_width ? fit_columns(target_.terminal_width()) : tty_columns{};
        if (target_.terminal_width) {
            append_tty_lines(out, row, fitted);
        } else {
            out += compiler_line(row, target_.colour);
            out += '\n';
        }
        for (const auto& detail : address_details(r)) append_detail(out, printable_utf8(detail), fitted);
        if (target_.before_write) target_.before_write();
        write(out);
        std::fflush(target_.out);
    }

    void append_tty_lines(std::string& out, const text_row& row, const tty_columns& fitted) const {
        for (const std::string& line : tty_lines(row, fitted, target_.colour, verbosity_ > 0)) {
            out += line;
            out += '\n';
        }
    }

    // One --all-addresses detail line under its row: at the row's indent on
    // a terminal (cut to the width), four spaces in elsewhere.
    void append_detail(std::string& out, std::string_view detail, const tty_columns& fitted) const {
        if (fitted.width == 0) {
            out += "    ";
            out += detail;
        } else {
            const std::size_t indent = std::min(fitted.indent, fitted.width - 1);
            out.append(indent, ' ');
            out += truncate_middle(detail, fitted.width - indent);
        }
        out += '\n';
    }

    void append_line(std::string& out, const row& r) const {
        append_label(out, r.state, label_width_);
        out += "  ";
        pad_right(out, r.url, url_width_);
        out += "  ";
        pad_right(out, r.what, what_width_);
        out += "  ";
        out.append(time_width_ - r.time.size(), ' ');
        out += r.time;
        out += "  ";
        if (target_.colour) {
            fmt::format_to(std::back_inserter(out), "{}", fmt::styled(r.source, fmt::emphasis::faint));
        } else {
            out += r.source;
        }
        out += '\n';
    }

    void write(std::string& out) {
        std::fwrite(out.data(), 1, out.size(), target_.out);
        out.clear();
    }

    // Which entries get a line: -q only those that fail the run (down, and
    // the states --fail-on names), by default everything that needs a look,
    // with -v everything. Skipped entries may be most of a long list after a
    // --max-time cut, so only -v lists them (the summary counts them).
    bool listed(verdict state) noexcept {
        // --changes-only: the app hands over only what changed, all of it.
        if (changes_only_) return ++listed_ > 0;
        if (verbosity_ > 0) return true;
        if (verbosity_ < 0) return fails_run(state, fail_on_);
        return state != verdict::up && state != verdict::skipped;
    }

    // Labels are padded to the widest one listed, so the URL column lines up.
    void append_label(std::string& out, verdict state, std::size_t width) const {
        const std::string_view label = label_of(state);
        if (target_.colour)
            fmt::format_to(std::back_inserter(out), "{}", fmt::styled(label, style_of(state)));
        else
            out += label;
        out.append(width - label.size(), ' ');
    }

    static void pad_right(std::string& out, std::string_view text, std::size_t width) {
        out += text;
        const std::size_t used = columns(text);
        if (used < width) out.append(width - used, ' ');
    }

    // --changes-only's last line: what is still wrong, whatever changed.
    std::string changes_line(const summary& s) const {
        std::string line = fmt::format("{} changed since the last run; {} still down", listed_, s.down);
        if (s.pending > 0) line += fmt::format(", {} pending", s.pending);
        line += fmt::format(" ({} checked in {:.2f} s)\n", s.checked, s.elapsed_ms / 1000.0);
        return line;
    }

    std::string summary_line(const summary& s) const {
        std::string down = fmt::format("{} down", s.down);
        if (target_.colour && s.down > 0) {
            down = fmt::format("{}", fmt::styled(down, fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold));
        }
        // Skipped entries have no verdict: "158 of 300 checked" says the
        // run is incomplete before any count is read.
        std::string line = s.skipped > 0 ? fmt::format("{} of {} checked", s.checked, s.checked + s.skipped +
                                                                                        s.not_checked)
                                         : fmt::format("{} checked", s.checked);
        line += fmt::format(" in {:.2f} s: {} up, {}", s.elapsed_ms / 1000.0, s.up, down);
        // Warning states are counted only when there are some, coloured as their
        // labels.
        const auto count = [&](std::size_t n, std::string_view what, verdict state) {
            if (n == 0) return;
            const std::string text = fmt::format("{} {}", n, what);
            if (target_.colour)
                fmt::format_to(std::back_inserter(line), ", {}", fmt::styled(text, style_of(state)));
            else
                line += ", " + text;
        };
        count(s.pending, "pending", verdict::pending);
        count(s.degraded, "degraded", verdict::degraded);
        count(s.unverifiable, "unverifiable", verdict::unverifiable);
        count(s.acknowledged, "acknowledged", verdict::acknowledged);
        if (s.skipped > 0) line += fmt::format("; {} skipped (run deadline)", s.skipped);
        if (s.filtered > 0) line += fmt::format(", {} filtered", s.filtered);
        if (s.signal != 0 || s.not_checked > 0) line += fmt::format(", {} not checked (interrupted)", s.not_checked);
        line += '\n';
        return line;
    }

    int verbosity_;
    fail_on_states fail_on_;
    bool changes_only_;       // --changes-only
    std::size_t listed_ = 0;  // entries listed under --changes-only
    report_target target_;
    std::string cwd_;     // for FILE:LINE relative to it; empty: as given
    ordered_spool rows_;  // the listed entries' lines, in input order
    std::size_t label_width_ = 0;
    std::size_t url_width_ = 0;
    std::size_t what_width_ = 0;
    std::size_t time_width_ = 0;
};

}  // namespace

std::unique_ptr<reporter> make_text_reporter(const report_options& options, report_target target) {
    return std::make_unique<text_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
