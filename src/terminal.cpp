#include "terminal.hpp"

#include <cstdlib>
#include <cstring>

#include <sys/ioctl.h>
#include <unistd.h>

namespace urlcheck {

bool is_terminal(std::FILE* stream) noexcept { return ::isatty(::fileno(stream)) == 1; }

std::size_t terminal_width(std::FILE* stream) noexcept {
    winsize size{};
    if (!is_terminal(stream) || ::ioctl(::fileno(stream), TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

bool colour_wanted(color_mode mode, std::FILE* out) {
    switch (mode) {
        case color_mode::always: return true;
        case color_mode::never: return false;
        case color_mode::automatic: break;
    }
    const auto set = [](const char* name) {
        const char* value = std::getenv(name);
        return value != nullptr && *value != '\0';
    };
    // https://no-color.org: any non-empty NO_COLOR turns automatic colour
    // off. It wins over the two that force colour: a person who asked for
    // none is not surprised by none.
    if (set("NO_COLOR")) return false;
    // FORCE_COLOR (force-color.org: any non-empty value) and CLICOLOR_FORCE
    // (bixense.com/clicolors: anything but "0") are how CI logs that render
    // ANSI colour, such as GitHub Actions', ask for it through a pipe.
    if (set("FORCE_COLOR")) return true;
    if (const char* force = std::getenv("CLICOLOR_FORCE");
        force != nullptr && *force != '\0' && std::strcmp(force, "0") != 0)
        return true;
    if (const char* term = std::getenv("TERM"); term != nullptr && std::strcmp(term, "dumb") == 0) return false;
    return is_terminal(out);
}

void progress_line::update(std::size_t done, std::size_t total, std::size_t down) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    // Runs that finish at once should not flash a line that is erased
    // straight away.
    if (now - start_ < std::chrono::milliseconds(200)) return;
    if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    shown_ = true;
    if (confirming_ > 0)
        std::fprintf(stderr, "\r  checked %zu/%zu \xC2\xB7 %zu down \xC2\xB7 %zu confirming\x1b[K", done, total, down,
                     confirming_);
    else
        std::fprintf(stderr, "\r  checked %zu/%zu \xC2\xB7 %zu down\x1b[K", done, total, down);
    std::fflush(stderr);
}

void progress_line::clear() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

}  // namespace urlcheck
