#include "report/text_layout.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/color.h>
#include <fmt/format.h>

namespace urlcheck::report_detail {

namespace {

constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // "…", one column
constexpr std::size_t gap = 2;                         // spaces between columns
constexpr std::size_t label_column = 12;               // "UNVERIFIABLE"
constexpr std::size_t time_column = 8;                 // "123.45 s"

bool continues_code_point(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

// The end of the colour escape ("ESC [ ... m") that starts at `at`, or `at`
// when none does. Colour takes no column; a report's own text never has
// an ESC (printable_utf8 escapes it), so only our colour is skipped.
std::size_t skip_colour(std::string_view s, std::size_t at) noexcept {
    if (at + 1 >= s.size() || s[at] != '\x1b' || s[at + 1] != '[') return at;
    const std::size_t end = s.find('m', at + 2);
    return end == std::string_view::npos ? at : end + 1;
}

// The bytes of the first `n` columns of `s` (all of it when shorter).
std::size_t bytes_of_first(std::string_view s, std::size_t n) noexcept {
    std::size_t at = 0;
    for (std::size_t seen = 0; at < s.size(); ++at) {
        at = skip_colour(s, at);
        if (at >= s.size()) break;
        if (!continues_code_point(s[at]) && seen++ == n) break;
    }
    return at;
}

std::string_view first_columns(std::string_view s, std::size_t n) noexcept { return s.substr(0, bytes_of_first(s, n)); }

std::string_view last_columns(std::string_view s, std::size_t n) noexcept {
    const std::size_t total = columns(s);
    return total <= n ? s : s.substr(bytes_of_first(s, total - n));
}

// `text` cut at its end to `width` columns (the last resort that keeps a
// line inside a very narrow window).
std::string_view clip(std::string_view text, std::size_t width) noexcept { return first_columns(text, width); }

void pad_to(std::string& out, std::string_view text, std::size_t width) {
    out += text;
    if (const std::size_t used = columns(text); used < width) out.append(width - used, ' ');
}

void append_styled(std::string& out, std::string_view text, fmt::text_style style, bool colour) {
    if (colour && !text.empty())
        fmt::format_to(std::back_inserter(out), "{}", fmt::styled(text, style));
    else
        out += text;
}

void trim_right(std::string& s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
}

}  // namespace

std::size_t columns(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t at = 0; at < s.size(); ++at) {
        at = skip_colour(s, at);
        if (at < s.size() && !continues_code_point(s[at])) ++n;
    }
    return n;
}

std::string truncate_middle(std::string_view text, std::size_t width) {
    if (columns(text) <= width) return std::string(text);
    if (width == 0) return {};
    if (width == 1) return std::string(ellipsis);
    // The end gets the odd column: the last path segment tells pages apart.
    const std::size_t kept = width - 1;
    const std::size_t head = kept / 2;
    std::string out(first_columns(text, head));
    out += ellipsis;
    out += last_columns(text, kept - head);
    return out;
}

std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t width) {
    first_width = std::max<std::size_t>(first_width, 1);
    width = std::max<std::size_t>(width, 1);
    std::vector<std::string> lines;
    std::string line;
    std::size_t used = 0;
    const auto room = [&] { return lines.empty() ? first_width : width; };
    const auto end_line = [&] {
        trim_right(line);
        lines.push_back(std::move(line));
        line.clear();
        used = 0;
    };
    while (!text.empty()) {
        const std::size_t space = text.find(' ');
        std::string_view word = text.substr(0, space);
        text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
        std::size_t cols = columns(word);
        if (used > 0 && used + 1 + cols > room()) end_line();
        if (used > 0) {
            line += ' ';
            ++used;
        }
        // A word longer than a whole line is cut where the line ends.
        while (used + cols > room()) {
            const std::size_t fits = room() - used;
            line += first_columns(word, fits);
            word.remove_prefix(bytes_of_first(word, fits));
            cols -= fits;
            end_line();
        }
        line += word;
        used += cols;
    }
    if (used > 0 || lines.empty()) end_line();
    return lines;
}

fmt::text_style style_of(verdict state) noexcept {
    switch (state) {
        case verdict::up: return fmt::fg(fmt::terminal_color::green);
        case verdict::down: return fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
        case verdict::degraded: return fmt::fg(fmt::terminal_color::yellow);
        case verdict::unverifiable: return fmt::fg(fmt::terminal_color::magenta);
        case verdict::skipped: return fmt::emphasis::faint;
        case verdict::pending: return fmt::fg(fmt::terminal_color::yellow) | fmt::emphasis::bold;
        case verdict::acknowledged: return fmt::fg(fmt::terminal_color::cyan);
    }
    return {};
}

std::string_view label_of(verdict state) noexcept {
    switch (state) {
        case verdict::up: return "UP";
        case verdict::down: return "DOWN";
        case verdict::degraded: return "DEGRADED";
        case verdict::unverifiable: return "UNVERIFIABLE";
        case verdict::skipped: return "SKIPPED";
        case verdict::pending: return "PENDING";
        case verdict::acknowledged: return "ACKNOWLEDGED";
    }
    return "?";
}

tty_columns fit_columns(std::size_t width) noexcept {
    tty_columns c;
    c.width = width;
    c.time = time_column;
    if (width < 60) {
        // Narrow: the label, the URL and the time on the first line, what
        // happened and FILE:LINE under it.
        c.url = 1;  // the rest of the first line (tty_lines)
        c.indent = gap;
        return c;
    }
    c.label = label_column;
    c.indent = label_column + gap;
    // FILE:LINE gets its column only where it leaves the URL and the
    // message room; below that it goes under the row.
    if (width >= 100) c.source = std::clamp<std::size_t>(width / 5, 20, 32);
    const std::size_t gaps = gap * (c.source > 0 ? 4 : 3);
    const std::size_t rest = width - c.label - c.time - c.source - gaps;
    // The message gets the larger share: a URL cut in the middle still
    // says which one it is, a message cut into three lines reads badly.
    c.url = std::max<std::size_t>(rest * 9 / 20, 18);
    c.what = rest - c.url;
    return c;
}

std::vector<std::string> tty_lines(const text_row& row, const tty_columns& cols, bool colour, bool full_url) {
    const std::size_t width = std::max<std::size_t>(cols.width, 1);
    const std::string_view label = clip(label_of(row.state), width);
    const std::size_t label_cols = cols.label > 0 ? std::max(cols.label, columns(label)) : columns(label);
    const std::string time = row.time;
    std::vector<std::string> lines;
    std::string first;
    append_styled(first, label, style_of(row.state), colour);
    first.append(label_cols - columns(label), ' ');
    std::size_t used = label_cols;  // columns of `first`

    // What goes under the row, in order.
    std::string under_url;
    std::string what_rest(row.what);
    std::string source_under;

    const std::size_t time_cols = std::max(cols.time, columns(time));
    if (cols.label == 0) {
        // Narrow: the URL takes the rest of the first line, unless too little
        // of it would show.
        const std::size_t room = width > used + 1 + gap + time_cols ? width - used - 1 - gap - time_cols : 0;
        if (room >= 10) {
            first += ' ';
            pad_to(first, truncate_middle(row.url, room), room);
            used += 1 + room;
            if (full_url && columns(row.url) > room) under_url = row.url;
        } else {
            under_url =
                full_url ? row.url : truncate_middle(row.url, width > cols.indent ? width - cols.indent : width);
        }
    } else {
        first.append(gap, ' ');
        pad_to(first, truncate_middle(row.url, cols.url), cols.url);
        used += gap + cols.url;
        if (full_url && columns(row.url) > cols.url) under_url = row.url;
    }
    std::vector<std::string> what_lines;
    if (cols.what > 0) {
        // The message's first words in its column, the rest across the
        // width under the row.
        const std::size_t under = width > cols.indent ? width - cols.indent : 1;
        what_lines = wrap(row.what, cols.what, under);
        first.append(gap, ' ');
        pad_to(first, what_lines.front(), cols.what);
        used += gap + cols.what;
        what_lines.erase(what_lines.begin());
    } else if (!row.what.empty()) {
        const std::size_t under = width > cols.indent ? width - cols.indent : 1;
        what_lines = wrap(row.what, under, under);
    }
    // The time right-aligned where its column ends; in a window narrower
    // than the columns, it is cut.
    if (used + gap + time_cols <= width) {
        const std::size_t end = cols.label == 0 ? width : used + gap + time_cols;
        first.append(end - used - columns(time), ' ');
        first += time;
        used = end;
    }
    // FILE:LINE is what an editor opens: never cut to fit its column, it
    // goes under the row instead.
    if (cols.source > 0 && !row.source.empty() && used + gap + columns(row.source) <= width &&
        columns(row.source) <= cols.source) {
        first.append(gap, ' ');
        append_styled(first, row.source, fmt::emphasis::faint, colour);
    } else {
        source_under = row.source;
    }
    trim_right(first);
    lines.push_back(std::move(first));

    const std::string indent(std::min(cols.indent, width - 1), ' ');
    const std::size_t under = width - indent.size();
    // A URL has no spaces: wrap() cuts it where each line ends.
    if (!under_url.empty())
        for (auto& line : wrap(under_url, under, under)) lines.push_back(indent + line);
    for (auto& line : what_lines) lines.push_back(indent + line);
    if (!source_under.empty()) {
        std::string line = indent;
        append_styled(line, truncate_middle(source_under, under), fmt::emphasis::faint, colour);
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string compiler_line(const text_row& row, bool colour) {
    std::string line;
    if (!row.source.empty()) {
        line += row.source;
        line += ": ";
    }
    append_styled(line, label_of(row.state), style_of(row.state), colour);
    line += ' ';
    line += row.url;
    if (!row.what.empty()) {
        line += " \xE2\x80\x94 ";  // " — "
        line += row.what;
    }
    fmt::format_to(std::back_inserter(line), " ({})", row.time);
    return line;
}

std::vector<std::string> address_details(const result& r) {
    std::vector<std::string> lines;
    if (r.state == verdict::up || r.state == verdict::skipped) return lines;
    for (const auto& a : r.addresses) {
        if (a.state == verdict::up) continue;
        std::string what = a.state == verdict::down && !a.message.empty()
                               ? (a.error == error_kind::status ? a.message
                                                                : fmt::format("{}: {}", to_string(a.error), a.message))
                               : std::string();
        for (const auto& reason : a.reasons) {
            if (a.state == verdict::down) break;  // the message says it
            if (!what.empty()) what += "; ";
            what += reason;
        }
        lines.push_back(fmt::format("{} {} {}", a.remote_addr, label_of(a.state), what));
    }
    return lines;
}

std::string relative_source(std::string_view source, std::string_view cwd) {
    if (cwd.empty() || source.empty() || source.front() != '/') return std::string(source);
    std::string_view dir = cwd;
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    if (dir == "/") return std::string(source.substr(1));
    if (source.size() <= dir.size() + 1 || source.substr(0, dir.size()) != dir || source[dir.size()] != '/')
        return std::string(source);
    return std::string(source.substr(dir.size() + 1));
}

}  // namespace urlcheck::report_detail
