#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/text_layout.hpp"

namespace urlcheck {

bool is_terminal(std::FILE* stream) noexcept { return ::isatty(::fileno(stream)) == 1; }

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

std::size_t terminal_width(std::FILE* stream) noexcept {
    if (!is_terminal(stream)) return 0;
    winsize size{};
    // A terminal that does not know its size (a serial line, a pty nobody
    // sized) gets the classic 80.
    if (::ioctl(::fileno(stream), TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 80;
    return size.ws_col;
}

namespace {

// "0:09", "12:34", "1:02:03".
std::string clock_time(double seconds) {
    const auto s = static_cast<long long>(seconds < 0 ? 0 : seconds);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string bar(std::size_t done, std::size_t total) {
    constexpr std::size_t cells = 10;
    const std::size_t full = total == 0 ? 0 : std::min(cells, done * cells / total);
    std::string out = "[";
    for (std::size_t i = 0; i < cells; ++i) out += i < full ? "\xE2\x96\x88" : "\xE2\x96\x91";  // █ ░
    out += ']';
    return out;
}

}  // namespace

std::string compose_status(const status_counts& c, std::size_t width) {
    using report_detail::columns;
    // Each part with how much it is missed when the window is too narrow
    // for all: the lowest goes first. done/total stays.
    struct part {
        std::string text;
        int keep;
    };
    std::vector<part> parts;
    parts.push_back({bar(c.done, c.total), 2});  // says what done/total says
    parts.push_back({fmt::format("{}/{}", c.done, c.total), 9});
    const double rate = c.elapsed_s > 0.5 ? static_cast<double>(c.done) / c.elapsed_s : 0;
    parts.push_back({fmt::format("{:.1f}/s", rate), 1});
    parts.push_back({clock_time(c.elapsed_s), 4});
    if (rate > 0 && c.done < c.total)
        parts.push_back({"ETA " + clock_time(static_cast<double>(c.total - c.done) / rate), 4});
    parts.push_back({fmt::format("{} down", c.down), 8});
    if (c.degraded > 0) parts.push_back({fmt::format("{} degraded", c.degraded), 6});
    if (c.unverifiable > 0) parts.push_back({fmt::format("{} unverifiable", c.unverifiable), 6});
    if (c.confirming > 0) parts.push_back({fmt::format("{} confirming", c.confirming), 7});
    parts.push_back({fmt::format("{} in flight", c.in_flight), 3});
    // What the run waits for is the news when it sits still: it is cut in
    // its middle before more than the bar and the rate are dropped.
    constexpr int waiting_keep = 5;
    const std::string waiting_head =
        c.waiting_url.empty() ? std::string() : fmt::format("waiting {:.0f} s on ", c.waiting_s);
    if (!waiting_head.empty()) parts.push_back({waiting_head + c.waiting_url, waiting_keep});
    constexpr std::size_t least_url = 16;
    std::size_t url_room = columns(c.waiting_url);

    for (;;) {
        std::string line;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) line += parts[i - 1].keep == 2 && i == 1 ? " " : " \xC2\xB7 ";  // " · "
            line += parts[i].text;
        }
        const std::size_t used = columns(line);
        if (used <= width) return line;
        const auto least =
            std::min_element(parts.begin(), parts.end(), [](const part& a, const part& b) { return a.keep < b.keep; });
        const bool waiting_shown = !parts.empty() && parts.back().keep == waiting_keep && !waiting_head.empty();
        if (least->keep > 2 && waiting_shown && url_room > least_url) {
            url_room = std::max(least_url, url_room - std::min(url_room, used - width));
            parts.back().text = waiting_head + report_detail::truncate_middle(c.waiting_url, url_room);
            continue;
        }
        if (parts.size() <= 1) return report_detail::truncate_middle(line, width);
        parts.erase(least);
    }
}

void progress_line::started(std::size_t index, const std::string& url) {
    if (enabled_) in_flight_[index] = running{report_detail::printable_utf8(url), std::chrono::steady_clock::now()};
}

void progress_line::finished(std::size_t index) {
    if (enabled_) in_flight_.erase(index);
}

void progress_line::update(const summary& s) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    // Runs that finish at once should not flash a line that is erased
    // straight away.
    if (now - start_ < std::chrono::milliseconds(200)) return;
    // Also after clear(): a report line per result must not mean a redraw
    // per result.
    if (now - last_ < std::chrono::milliseconds(100)) return;
    const std::size_t width = terminal_width(stderr);
    if (width < 2) return;
    last_ = now;
    status_counts c;
    c.done = s.checked + s.skipped;
    c.total = s.total;
    c.down = s.down;
    c.degraded = s.degraded;
    c.unverifiable = s.unverifiable;
    c.confirming = confirming_;
    // A check waiting for its second look started once and has no result
    // yet, but it is not running.
    c.in_flight = in_flight_.size() > confirming_ ? in_flight_.size() - confirming_ : 0;
    c.elapsed_s = std::chrono::duration<double>(now - start_).count();
    const auto longest = std::min_element(in_flight_.begin(), in_flight_.end(),
                                          [](const auto& a, const auto& b) { return a.second.since < b.second.since; });
    // A few seconds: shorter waits are the usual pace, not news.
    constexpr double worth_naming_s = 3;
    if (longest != in_flight_.end()) {
        const double waited = std::chrono::duration<double>(now - longest->second.since).count();
        if (waited >= worth_naming_s) {
            c.waiting_url = longest->second.url;
            c.waiting_s = waited;
        }
    }
    // One column short of the window: writing the last column leaves some
    // terminals about to wrap.
    const std::string line = compose_status(c, width - 1);
    shown_ = true;
    std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
    std::fflush(stderr);
}

void progress_line::clear() {
    if (!shown_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    shown_ = false;
}

report_target terminal_target(std::FILE* out, const report_options& options, progress_line& progress) {
    report_target target{out, colour_wanted(options.color, out)};
    const bool terminal = is_terminal(out);
    target.as_they_come =
        options.order == report_order::completion || (options.order == report_order::automatic && terminal);
    if (!terminal) return target;
    target.terminal_width = [out] { return terminal_width(out); };
    target.before_write = [&progress] { progress.clear(); };
    return target;
}

}  // namespace urlcheck
