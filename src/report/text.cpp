// The human-readable report: one line per listed entry in input order, then
// a summary line. Columns are padded with spaces only, so the output stays
// greppable and cut/awk-friendly off a terminal.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/color.h>
#include <fmt/format.h>

#include "report/common.hpp"

namespace urlcheck::report_detail {

namespace {

// Columns wider than this are not padded further: one very long URL should
// not push every other line far to the right.
constexpr std::size_t max_url_width = 72;
constexpr std::size_t max_what_width = 48;

// Terminal columns of UTF-8 text, close enough for padding: one per code
// point (wide CJK characters are rare in URLs and only skew the padding).
std::size_t columns(std::string_view s) noexcept {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

// The label column: the state in capitals, coloured by what it asks of
// the reader.
std::string_view label_of(verdict state) noexcept {
    switch (state) {
        case verdict::up: return "UP";
        case verdict::down: return "DOWN";
        case verdict::degraded: return "DEGRADED";
        case verdict::unverifiable: return "UNVERIFIABLE";
        case verdict::skipped: return "SKIPPED";
    }
    return "?";
}

fmt::text_style style_of(verdict state) noexcept {
    switch (state) {
        case verdict::up: return fmt::fg(fmt::terminal_color::green);
        case verdict::down: return fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
        case verdict::degraded: return fmt::fg(fmt::terminal_color::yellow);
        case verdict::unverifiable: return fmt::fg(fmt::terminal_color::magenta);
        case verdict::skipped: return fmt::emphasis::faint;
    }
    return {};
}

struct row {
    std::size_t index = 0;
    verdict state = verdict::down;
    std::string url;
    std::string what;
    std::string time;
    std::string source;
};

class text_reporter final : public reporter {
public:
    text_reporter(const report_options& options, report_target target)
        : verbosity_(options.verbosity), fail_on_(options.fail_on), target_(target) {}

    // The text report lists entries in input order with aligned columns, so
    // it prints in finish(); until then it keeps only the lines it will print.
    // Live progress is the caller's business (stderr).
    void on_result(std::size_t index, const result& r) override {
        if (!listed(r.state)) return;
        rows_.push_back(row{index, r.state, printable_utf8(r.url), printable_utf8(describe(r)), format_elapsed(r.time_ms),
                            printable_utf8(r.source)});
    }

    void finish(const summary& s) override {
        std::vector<row> rows = std::move(rows_);
        std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.index < b.index; });

        std::size_t label_width = 0;
        std::size_t url_width = 0;
        std::size_t what_width = 0;
        std::size_t time_width = 0;
        for (const auto& r : rows) {
            label_width = std::max(label_width, label_of(r.state).size());
            url_width = std::max(url_width, std::min(columns(r.url), max_url_width));
            what_width = std::max(what_width, std::min(columns(r.what), max_what_width));
            time_width = std::max(time_width, r.time.size());
        }

        std::string out;
        for (const auto& r : rows) {
            append_label(out, r.state, label_width);
            out += "  ";
            pad_right(out, r.url, url_width);
            out += "  ";
            pad_right(out, r.what, what_width);
            out += "  ";
            out.append(time_width - r.time.size(), ' ');
            out += r.time;
            out += "  ";
            if (target_.colour) {
                fmt::format_to(std::back_inserter(out), "{}", fmt::styled(r.source, fmt::emphasis::faint));
            } else {
                out += r.source;
            }
            out += '\n';
        }

        if (verbosity_ >= 0) out += summary_line(s);
        std::fwrite(out.data(), 1, out.size(), target_.out);
        std::fflush(target_.out);
    }

private:
    // Which entries get a line: -q only those that fail the run (down, and
    // the states --fail-on names), by default everything that needs a look,
    // with -v everything. Skipped entries may be most of a long list after a
    // --max-time cut, so only -v lists them (the summary counts them).
    bool listed(verdict state) const noexcept {
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

    static void pad_right(std::string& out, const std::string& text, std::size_t width) {
        out += text;
        const std::size_t used = columns(text);
        if (used < width) out.append(width - used, ' ');
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
        count(s.degraded, "degraded", verdict::degraded);
        count(s.unverifiable, "unverifiable", verdict::unverifiable);
        if (s.skipped > 0) line += fmt::format("; {} skipped (run deadline)", s.skipped);
        if (s.filtered > 0) line += fmt::format(", {} filtered", s.filtered);
        if (s.signal != 0 || s.not_checked > 0) line += fmt::format(", {} not checked (interrupted)", s.not_checked);
        line += '\n';
        return line;
    }

    int verbosity_;
    fail_on_states fail_on_;
    report_target target_;
    std::vector<row> rows_;
};

}  // namespace

std::unique_ptr<reporter> make_text_reporter(const report_options& options, report_target target) {
    return std::make_unique<text_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
