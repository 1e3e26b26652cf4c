// What the program does differently on a terminal: colour (--color, NO_COLOR,
// FORCE_COLOR, CLICOLOR_FORCE, TERM=dumb), the window's width, the live status line on stderr,
// and refusing to wait for URLs typed at one.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "urlcheck/options.hpp"
#include "urlcheck/report.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck {

bool is_terminal(std::FILE* stream) noexcept;

// Whether the report written to `out` gets colour.
bool colour_wanted(color_mode mode, std::FILE* out);

// The window's width in columns when `stream` is a terminal (TIOCGWINSZ),
// else 0. Asked at each use rather than kept from SIGWINCH: a use is at most
// ~10 times a second, one ioctl each, and no signal handler has to share the
// process with the engine's (interrupts.cpp).
std::size_t terminal_width(std::FILE* stream) noexcept;

// What the live status line shows at one moment.
struct status_counts {
    std::size_t done = 0;  // entries with a result
    std::size_t total = 0;
    std::size_t down = 0;
    std::size_t degraded = 0;
    std::size_t unverifiable = 0;
    std::size_t confirming = 0;  // first look failed, second one to come
    std::size_t in_flight = 0;   // checks running now
    double elapsed_s = 0;
    // The check in flight for longest, when it has run long enough to be
    // what the run waits for; empty otherwise.
    std::string waiting_url;
    double waiting_s = 0;
};

// The status line for a window `width` columns wide, without escapes:
// "[███░░░░░░░] 105/300 · 12/s · 0:09 · ETA 0:16 · 15 down · 5 confirming ·
// 8 in flight · waiting 14 s on https://…/slow". Never wider than `width`:
// the least useful parts go first, then the URL is cut in its middle. Pure.
std::string compose_status(const status_counts& counts, std::size_t width);

// The live status line on stderr (a terminal, not under CI, not with -q).
// Redrawn in place at most every 100 ms, so a fast run does not spend its
// time redrawing, always shorter than the window (a line that wraps cannot
// be erased with "\r"), and erased before anything else is written to the
// terminal and at the end.
class progress_line {
public:
    explicit progress_line(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

    // Entries waiting for their second look (confirm before fail), as the
    // engine last said; shown so a pause at the end of a run is explained.
    void set_confirming(std::size_t confirming) noexcept { confirming_ = confirming; }
    // A check started (run_hooks::on_started) / its entry has a result.
    void started(std::size_t index, const std::string& url);
    void finished(std::size_t index);

    // Redraws with these counts when the last redraw is old enough.
    void update(const summary& s);
    // Erases the line now, if shown.
    void clear();

private:
    struct running {
        std::string url;
        std::chrono::steady_clock::time_point since;
    };

    bool enabled_;
    bool shown_ = false;
    std::size_t confirming_ = 0;
    std::unordered_map<std::size_t, running> in_flight_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_{};
};

// How a report looks where it goes: on a terminal it fits the window and,
// unless --order says otherwise, lists each entry as it comes, above the
// status line (which it erases first); elsewhere it keeps input order.
report_target terminal_target(std::FILE* out, const report_options& options, progress_line& progress);

}  // namespace urlcheck
