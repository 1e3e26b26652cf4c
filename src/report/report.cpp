#include <chrono>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "report/common.hpp"

namespace urlcheck {

namespace report_detail {

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0 if none.
// Sets `code` to the decoded code point.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::uint32_t& code) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        code = b0;
        return 1;
    }
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2, code = b0 & 0x1Fu, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3, code = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4, code = b0 & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u) return 0;
        code = (code << 6) | (b & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return len;
}

// What went wrong (or right), e.g. "404 Not Found" or "dns: host not found".
std::string describe_error(const result& r) {
    // Degraded: up, and what to look at. Unverifiable: the status and why it
    // proves nothing.
    if (r.state == verdict::degraded || r.state == verdict::unverifiable) {
        std::string what = r.status ? std::to_string(*r.status) : std::string(to_string(r.error));
        for (std::size_t i = 0; i < r.reasons.size(); ++i) {
            what += i == 0 ? " " : "; ";
            what += r.reasons[i];
        }
        return what;
    }
    if (r.ok || r.error == error_kind::status) {
        if (!r.status) return r.ok ? "up" : std::string(to_string(r.error));
        const std::string code = std::to_string(*r.status);
        // The engine may already lead the message with the status.
        if (r.message.empty() || r.ok) return code;
        if (r.message.rfind(code, 0) == 0) return r.message;
        // The engine says "HTTP 404 Not Found"; the column already says HTTP.
        if (r.message.rfind("HTTP " + code, 0) == 0) return r.message.substr(5);
        return code + " " + r.message;
    }
    std::string what(to_string(r.error));
    std::string_view message = r.message;
    // "invalid_url: invalid URL: ..." would say it twice.
    if (r.error == error_kind::invalid_url && message.rfind("invalid URL: ", 0) == 0) message.remove_prefix(13);
    if (!message.empty()) {
        what += ": ";
        what += message;
    }
    return what;
}

}  // namespace

std::string printable_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t code = 0;
        const std::size_t len = utf8_sequence(s, i, code);
        const bool control = code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0x9F);
        if (len == 0 || control) {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::uint32_t code = 0;
        const std::size_t len = utf8_sequence(s, i, code);
        if (len == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

double round_ms(double ms) noexcept { return std::round(ms * 10.0) / 10.0; }

std::string format_utc(std::int64_t unix_ms, utc_style style) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds(unix_ms)};
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    const auto y = static_cast<int>(date.year());
    const auto mo = static_cast<unsigned>(date.month());
    const auto d = static_cast<unsigned>(date.day());
    const auto h = time.hours().count();
    const auto mi = time.minutes().count();
    const auto sec = time.seconds().count();
    switch (style) {
        case utc_style::readable: return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", y, mo, d, h, mi, sec);
        case utc_style::iso8601: return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, mo, d, h, mi, sec);
        case utc_style::iso8601_ms: break;
    }
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", y, mo, d, h, mi, sec, time.subseconds().count());
}

std::string join_reasons(const std::vector<std::string>& reasons) {
    std::string out;
    for (const auto& reason : reasons) {
        if (!out.empty()) out += "; ";
        out += reason;
    }
    return out;
}

// The time column: "850 ms", "2.50 s" (two decimals, so a column of times
// lines up; messages use format_duration's shorter form).
std::string format_elapsed(double ms) {
    if (ms < 1000.0) return fmt::format("{:.0f} ms", ms);
    return fmt::format("{:.2f} s", ms / 1000.0);
}

// The column after the URL: the state's own words, then any further
// reasons (a certificate about to expire behind a 404).
std::string format_outage(std::int64_t ms) {
    const std::int64_t s = (ms + 500) / 1000;
    if (s < 60) return fmt::format("{} s", s);
    if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
    if (s < 86400) return fmt::format("{} h {} min", s / 3600, s % 3600 / 60);
    return fmt::format("{} d {} h", s / 86400, s % 86400 / 3600);
}

namespace {

// --state: what this run means next to the last ones, after what it found.
std::string describe_history(const result& r) {
    const struct history& h = *r.history;
    const std::string since = format_utc(h.since_unix_ms, utc_style::readable);
    // The state run's own reason is the last one (a pending entry, or a
    // down one still short of --recover-after).
    const bool held = r.state == verdict::pending || (r.state == verdict::down && h.consecutive_up > 0);
    std::string what = held && !r.reasons.empty() ? "; " + r.reasons.back() : std::string();
    if (h.fresh) return what + fmt::format("; up at {} (--skip-fresh: not checked again)", since);
    if (h.outage_ms) return what + fmt::format("; recovered after {} down", format_outage(*h.outage_ms));
    if (h.reminder) return what + fmt::format("; still down since {} (--remind-every)", since);
    if (h.changed && r.state == verdict::down)
        return what + fmt::format("; down since {}{}", since, h.previous_state ? fmt::format(" (was {})", to_string(*h.previous_state)) : "");
    if (h.changed && h.previous_state) return what + fmt::format("; was {}", to_string(*h.previous_state));
    if (r.state == verdict::down) return what + fmt::format("; down since {}", since);
    return what;
}

}  // namespace

std::string describe_ack(const acknowledgement& ack) {
    std::string what = "acknowledged: " + ack.reason;
    if (!ack.until.empty()) what += " (until " + ack.until + ")";
    return what;
}

std::string describe(const result& r) {
    std::string what = describe_error(r);
    const std::size_t own = r.history && !r.reasons.empty() && (r.state == verdict::down) && r.history->consecutive_up > 0 ? 1 : 0;
    if (r.state == verdict::down)
        for (std::size_t i = 1; i + own < r.reasons.size(); ++i) what += "; " + r.reasons[i];
    if (r.history) what += describe_history(r);
    if (r.state == verdict::acknowledged)
        for (std::size_t i = 1; i < r.reasons.size(); ++i) what += "; " + r.reasons[i];
    if (r.ack) what += "; " + describe_ack(*r.ack);
    return what;
}

source_location locate(std::string_view source) noexcept {
    source_location where;
    const auto colon = source.rfind(':');
    if (colon == std::string_view::npos) {
        where.file = where.input = source;
        return where;
    }
    where.input = source.substr(0, colon);
    long line = 0;
    const std::string_view digits = source.substr(colon + 1);
    bool number = !digits.empty();
    for (const char ch : digits) {
        if (ch < '0' || ch > '9' || line > 100'000'000'000L) {
            number = false;
            break;
        }
        line = line * 10 + (ch - '0');
    }
    if (!number) {
        where.file = where.input = source;
        return where;
    }
    where.line = line;
    // "arg:N" is a URL given on the command line (list_reader.cpp). A list
    // file named "arg" would read the same; "./arg" tells them apart.
    if (where.input != "arg") where.file = where.input;
    return where;
}

bool needs_look(verdict state) noexcept { return state != verdict::up && state != verdict::skipped; }

}  // namespace report_detail

std::unique_ptr<reporter> make_reporter(output_format format, const report_options& options, report_target target) {
    using namespace report_detail;
    switch (format) {
        case output_format::json:
            return make_json_reporter(target, false);
        case output_format::jsonl:
            return make_json_reporter(target, true);
        case output_format::junit:
            return make_junit_reporter(options, target);
        case output_format::github:
            return make_github_reporter(options, target);
        case output_format::markdown:
            return make_markdown_reporter(options, target);
        case output_format::sarif:
            return make_sarif_reporter(options, target);
        case output_format::html:
            return make_html_reporter(options, target);
        case output_format::csv:
            return make_csv_reporter(options, target);
        case output_format::prometheus:
            return make_prometheus_reporter(options, target);
        case output_format::text:
            break;
    }
    return make_text_reporter(options, target);
}

}  // namespace urlcheck
