// What the program does differently on a terminal: colour (--color, NO_COLOR,
// FORCE_COLOR, CLICOLOR_FORCE, TERM=dumb), the live progress line on stderr, and refusing to wait for URLs
// typed at one.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>

#include "urlcheck/options.hpp"

namespace urlcheck {

bool is_terminal(std::FILE* stream) noexcept;

// The columns of the terminal `stream` writes to (TIOCGWINSZ); 0 when it is
// not a terminal or does not say.
std::size_t terminal_width(std::FILE* stream) noexcept;

// Whether the report written to `out` gets colour.
bool colour_wanted(color_mode mode, std::FILE* out);

// The live "checked 123/200" line on stderr. Rewritten in place at most
// every 100 ms, so a fast run does not spend its time redrawing, and erased
// before the report so it never mixes with it.
class progress_line {
public:
    explicit progress_line(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

    // Entries waiting for their second look (confirm before fail), as the
    // engine last said; shown so a pause at the end of a run is explained.
    void set_confirming(std::size_t confirming) noexcept { confirming_ = confirming; }

    void update(std::size_t done, std::size_t total, std::size_t down);
    void clear();

private:
    bool enabled_;
    bool shown_ = false;
    std::size_t confirming_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace urlcheck
