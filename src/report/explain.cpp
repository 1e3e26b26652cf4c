#include "report/explain.hpp"

#include <fmt/color.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "credentials.hpp"
#include "report/common.hpp"

namespace urlcheck {

using report_detail::describe;
using report_detail::format_elapsed;
using report_detail::printable_utf8;

void trace_recorder::record(trace::event e) {
    const double at = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
    events_.push_back({at, std::move(e)});
}

bool make_room_for_explanation(std::vector<report_output>& outputs, const report_options& options, std::string& error) {
    const bool default_report = options.reports.empty() && options.output_path.empty();
    for (auto it = outputs.begin(); it != outputs.end(); ++it) {
        if (it->place != report_place::standard_output) continue;
        if (!default_report || it->format != output_format::text) {
            error = fmt::format("--explain writes to standard output: give the {} report a file (--report {}=FILE)",
                                to_string(it->format), to_string(it->format));
            return false;
        }
        outputs.erase(it);
        break;
    }
    return true;
}

namespace {

// Bars of the waterfall shorter than this are not worth drawing (a narrow
// terminal gets the times alone); wider than this they only make the eye
// travel.
constexpr std::size_t min_bar = 8;
constexpr std::size_t max_bar = 60;
constexpr std::size_t unlimited_width = 80;  // the bars' room when the width is not known
constexpr std::size_t label_width = 14;      // "  TCP connect " and the like

// Display columns of `s`: UTF-8 code points, escape sequences (colour) not
// counted.
std::size_t columns(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\x1b') {
            while (i < s.size() && s[i] != 'm') ++i;
            continue;
        }
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
}

// `line` cut to `width` columns, "…" marking the cut; colour is reset after
// a cut so that it does not bleed into the next line.
std::string clip(const std::string& line, const explain_style& style) {
    if (style.width == 0 || columns(line) <= style.width) return line;
    const std::string_view mark = style.unicode ? "\xE2\x80\xA6" : "...";
    const std::size_t keep = style.width > columns(mark) ? style.width - columns(mark) : 0;
    std::string out;
    std::size_t n = 0;
    bool coloured = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\x1b') {
            const std::size_t end = std::min(line.find('m', i), line.size() - 1);
            out.append(line, i, end - i + 1);
            coloured = true;
            i = end;
            continue;
        }
        const bool starts = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (starts && n == keep) break;
        if (starts) ++n;
        out += c;
    }
    out += mark;
    if (coloured) out += "\x1b[0m";
    return out;
}

// Builds the text line by line, each one clipped to the width.
class page {
public:
    explicit page(const explain_style& style) : style_(style) {}

    void line(const std::string& text) {
        out_ += clip(text, style_);
        out_ += '\n';
    }
    std::string paint(const std::string& text, fmt::text_style ts) const {
        return style_.colour ? fmt::format("{}", fmt::styled(text, ts)) : text;
    }
    // "── TITLE ─────": a heading across the width.
    void heading(const std::string& title) {
        const std::size_t room = style_.width == 0 ? unlimited_width : style_.width;
        const std::string_view rule = style_.unicode ? "\xE2\x94\x80" : "-";
        std::string text = fmt::format("{0}{0} {1} ", rule, title);
        for (std::size_t n = columns(text); n < room; ++n) text += rule;
        line(paint(text, fmt::emphasis::bold));
    }
    std::string take() { return std::move(out_); }
    const explain_style& style() const { return style_; }

private:
    const explain_style& style_;
    std::string out_;
};

std::string shown(std::string_view s) { return printable_utf8(s); }

std::string ms_text(double ms) { return ms < 10 ? fmt::format("{:.1f} ms", ms) : format_elapsed(ms); }

void headers(page& p, std::string_view prefix, const std::vector<header_field>& fields) {
    for (const auto& f : fields)
        p.line(fmt::format("{} {}: {}", prefix, shown(f.name), shown(redact_header_value(f.name, f.value))));
}

void tls_lines(page& p, const trace::tls_handshake& t) {
    if (!t.error.empty()) {
        // The error already says what failed; the line says when.
        std::string_view why = t.error;
        if (constexpr std::string_view said = "TLS handshake failed: "; why.starts_with(said))
            why.remove_prefix(said.size());
        p.line(fmt::format("* TLS handshake failed after {}: {}", ms_text(t.ms), shown(redact_text(why))));
        if (!t.subject.empty()) p.line(fmt::format("*   subject:   {}", shown(t.subject)));
        if (!t.not_after.empty())
            p.line(fmt::format("*   expires:   {} ({} days left)", shown(t.not_after), t.days_left));
        return;
    }
    std::string how = fmt::format("* TLS {}, {}", shown(t.version), shown(t.cipher));
    if (!t.alpn.empty()) how += fmt::format(", ALPN {}", shown(t.alpn));
    how += fmt::format(", handshake {}", ms_text(t.ms));
    if (t.resumed) how += ", session resumed";
    p.line(how);
    p.line(t.verified ? "*   certificate verified (chain and name)"
                      : "*   certificate NOT verified (--insecure or insecure)");
    if (!t.subject.empty()) p.line(fmt::format("*   subject:   {}", shown(t.subject)));
    if (!t.issuer.empty()) p.line(fmt::format("*   issuer:    {}", shown(t.issuer)));
    if (!t.not_after.empty()) p.line(fmt::format("*   expires:   {} ({} days left)", shown(t.not_after), t.days_left));
    if (!t.names.empty()) {
        std::string names;
        for (const auto& n : t.names) names += (names.empty() ? "" : ", ") + shown(n);
        p.line(fmt::format("*   names:     {}", names));
    }
    if (t.client_certificate_requested)
        p.line(t.client_certificate.empty()
                   ? std::string("*   the server asked for a client certificate: none sent (see --cert)")
                   : fmt::format("*   the server asked for a client certificate: sent {}", shown(t.client_certificate)));
}

// One phase of the waterfall: where it starts and how long it took.
struct phase_bar {
    std::string_view label;
    std::optional<double> start;  // unset: the phase did not happen
    double ms = 0;
    fmt::text_style colour;
};

// httpstat's phases, each bar starting where the one before it ended, all
// scaled so that the exchange's total fills the room.
void waterfall(page& p, const trace::exchange_done& x) {
    const auto& style = p.style();
    const std::size_t room = style.width == 0 ? unlimited_width : style.width;
    const std::size_t time_width = 10;
    const std::size_t around_bar = label_width + time_width + 3;  // the label, two edges, a space, the time
    const std::size_t bar = std::min(room > around_bar ? room - around_bar : 0, max_bar);
    const double total = std::max(x.total_ms, 0.001);
    const double scale = static_cast<double>(bar) / total;

    std::vector<phase_bar> bars;
    double at = 0;
    const auto add = [&](std::string_view label, const std::optional<double>& ms, fmt::text_style colour) {
        if (!ms) {
            bars.push_back({label, std::nullopt, 0, colour});
            return;
        }
        bars.push_back({label, at, *ms, colour});
        at += *ms;
    };
    add("DNS lookup", x.phases.dns_ms, fmt::fg(fmt::terminal_color::cyan));
    add("TCP connect", x.phases.connect_ms, fmt::fg(fmt::terminal_color::yellow));
    // Only through a proxy, so a direct check's waterfall is unchanged.
    if (x.phases.proxy_ms) add("proxy", x.phases.proxy_ms, fmt::fg(fmt::terminal_color::yellow));
    add("TLS", x.phases.tls_ms, fmt::fg(fmt::terminal_color::magenta));
    add("first byte", x.phases.ttfb_ms, fmt::fg(fmt::terminal_color::green));
    if (x.phases.ttfb_ms) add("rest", std::max(0.0, x.total_ms - at), fmt::fg(fmt::terminal_color::blue));

    if (bar < min_bar) {
        for (const auto& b : bars)
            p.line(fmt::format("  {:<{}}{:>{}}", b.label, label_width - 2, b.start ? ms_text(b.ms) : "-", time_width));
        p.line(fmt::format("  {:<{}}{:>{}}", "total", label_width - 2, ms_text(x.total_ms), time_width));
        return;
    }
    const std::string_view full = style.unicode ? "\xE2\x96\x88" : "#";
    const std::string_view edge = style.unicode ? "\xE2\x94\x82" : "|";
    for (const auto& b : bars) {
        std::string cells;
        std::string time = "-";
        if (b.start) {
            const auto from = std::min(bar - 1, static_cast<std::size_t>(std::floor(*b.start * scale)));
            // Every phase that happened gets at least one cell.
            const auto length =
                std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(b.ms * scale)), 1, bar - from);
            std::string filled;
            for (std::size_t i = 0; i < length; ++i) filled += full;
            cells = std::string(from, ' ') + p.paint(filled, b.colour) + std::string(bar - from - length, ' ');
            time = ms_text(b.ms);
        } else {
            cells = std::string(bar, ' ');
        }
        p.line(fmt::format("  {:<{}}{}{}{} {:>{}}", b.label, label_width - 2, edge, cells, edge, time, time_width));
    }
    // The whole span in a light shade, so the phases above read against it.
    std::string span;
    for (std::size_t i = 0; i < bar; ++i) span += style.unicode ? "\xE2\x96\x91" : "-";
    p.line(fmt::format("  {:<{}}{}{}{} {:>{}}", "total", label_width - 2, edge, span, edge, ms_text(x.total_ms),
                       time_width));
}

std::string outcome_of(const trace::attempt_ended& a) {
    if (a.error == error_kind::none) return a.status ? fmt::format("status {}", *a.status) : "an answer";
    std::string what(to_string(a.error));
    if (!a.message.empty()) what += ": " + shown(redact_text(a.message));
    return what;
}

struct renderer {
    page& p;

    void operator()(const trace::look_started& e, double at) {
        if (e.confirmation)
            p.heading(fmt::format("second look at {} (confirm before fail, after --confirm-wait)", format_elapsed(at)));
    }
    void operator()(const trace::attempt_started& e, double at) {
        p.heading(
            fmt::format("attempt {} at {} {} {}", e.number, format_elapsed(at), e.method, shown(redact_url(e.url))));
    }
    void operator()(const trace::dns_answer& e, double) {
        if (e.literal) {
            p.line(fmt::format("* {} is an IP address: no DNS lookup", shown(e.host)));
        } else if (!e.error.empty()) {
            p.line(fmt::format("* DNS {}: {} ({})", shown(e.host), shown(e.error), ms_text(e.ms)));
        } else {
            std::string addresses;
            for (const auto& a : e.addresses) addresses += (addresses.empty() ? "" : ", ") + a;
            const std::string how = e.overridden ? "from --resolve" : e.cached ? "looked up earlier" : ms_text(e.ms);
            p.line(fmt::format("* DNS {} -> {} ({})", shown(e.host), addresses, how));
        }
    }
    void operator()(const trace::connect_try& e, double) {
        if (e.won)
            p.line(fmt::format("* connected to {} in {}", e.address, ms_text(e.ms)));
        else
            p.line(fmt::format("* connect to {}: {} ({})", e.address, shown(e.outcome), ms_text(e.ms)));
    }
    void operator()(const trace::tls_handshake& e, double) { tls_lines(p, e); }
    void operator()(const trace::proxy_tunnel& e, double) {
        const std::string answer = e.status == 0 ? std::string() : fmt::format(": {} {}", e.status, shown(e.reason));
        if (e.authority.empty())
            p.line(fmt::format("* through the proxy {}: requests go to it whole ({})", shown(e.proxy), ms_text(e.ms)));
        else if (e.error.empty())
            p.line(fmt::format("* proxy {}: CONNECT {}{} ({})", shown(e.proxy), shown(e.authority), answer,
                               ms_text(e.ms)));
        else
            p.line(fmt::format("* proxy {}: CONNECT {}{}: {} ({})", shown(e.proxy), shown(e.authority), answer,
                               shown(redact_text(e.error)), ms_text(e.ms)));
    }
    void operator()(const trace::connection_reused& e, double) {
        p.line(fmt::format("* the open connection to {} is used again", e.remote_addr));
    }
    void operator()(const trace::request_sent& e, double) {
        p.line(p.paint(fmt::format("> {} {} HTTP/1.1", shown(e.method), shown(e.target)), fmt::emphasis::bold));
        headers(p, ">", e.headers);
    }
    void operator()(const trace::response_head& e, double) {
        p.line(p.paint(fmt::format("< {} {}", e.status, shown(e.reason)), fmt::emphasis::bold));
        headers(p, "<", e.headers);
    }
    void operator()(const trace::exchange_done& e, double) {
        if (!e.error.empty()) p.line(fmt::format("* {}", shown(redact_text(e.error))));
        waterfall(p, e);
    }
    void operator()(const trace::redirect_hop& e, double) {
        p.line(p.paint(fmt::format("* redirect: {} to {}", e.status, shown(redact_url(e.to))), fmt::emphasis::bold));
    }
    void operator()(const trace::attempt_ended& e, double) {
        p.line(
            fmt::format("* attempt {}: {} after {}; {}", e.number, outcome_of(e), format_elapsed(e.ms), shown(e.next)));
    }
};

fmt::text_style state_style(verdict state) {
    switch (state) {
        case verdict::up: return fmt::fg(fmt::terminal_color::green) | fmt::emphasis::bold;
        case verdict::down: return fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold;
        case verdict::degraded: return fmt::fg(fmt::terminal_color::yellow) | fmt::emphasis::bold;
        case verdict::unverifiable: return fmt::fg(fmt::terminal_color::magenta) | fmt::emphasis::bold;
        case verdict::skipped: break;
        case verdict::pending: return fmt::fg(fmt::terminal_color::yellow) | fmt::emphasis::bold;
        case verdict::acknowledged: return fmt::fg(fmt::terminal_color::cyan) | fmt::emphasis::bold;
    }
    return fmt::emphasis::bold;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return out;
}

// `second_look`: confirm before fail looked again; without one, a failure
// is confirmed by a retry that saw it again.
void verdict_lines(page& p, const result& r, bool second_look) {
    p.heading("verdict");
    std::string head =
        fmt::format("{} {}", p.paint(upper(to_string(r.state)), state_style(r.state)), shown(describe(r)));
    p.line(head);
    p.line(fmt::format("  url:       {}", shown(r.url)));
    if (!r.final_url.empty() && r.final_url != r.url) p.line(fmt::format("  final url: {}", shown(r.final_url)));
    if (!r.remote_addr.empty()) p.line(fmt::format("  answered:  {} ({})", r.remote_addr, r.method));
    p.line(fmt::format("  checked:   {} attempt{}, {} redirect{}, {}{}", r.attempts, r.attempts == 1 ? "" : "s",
                       r.redirects, r.redirects == 1 ? "" : "s", format_elapsed(r.time_ms),
                       !r.confirmed  ? ""
                       : second_look ? ", confirmed by a second look"
                                     : ", confirmed: a retry saw the same failure"));
    for (const auto& reason : r.reasons) p.line(fmt::format("  because:   {}", shown(reason)));
}

}  // namespace

std::string render_explanation(const std::vector<trace::stamped>& events, const result* checked,
                               const explain_style& style) {
    page p(style);
    renderer draw{p};
    for (const auto& e : events) std::visit([&](const auto& what) { draw(what, e.at_ms); }, e.what);
    if (checked) {
        const bool second_look = std::any_of(events.begin(), events.end(), [](const trace::stamped& e) {
            const auto* look = std::get_if<trace::look_started>(&e.what);
            return look != nullptr && look->confirmation;
        });
        verdict_lines(p, *checked, second_look);
    } else {
        p.heading("verdict");
        p.line("no verdict: the run ended before the check did");
    }
    return p.take();
}

void explanation::attach(run_hooks& hooks) {
    hooks.trace = &recorder_;
    hooks.on_result = [this, report = std::move(hooks.on_result)](std::size_t index, const result& r) {
        checked_ = r;
        return report ? report(index, r) : report_status::keep_going;
    };
}

std::string explanation::render(const explain_style& style) const {
    return render_explanation(recorder_.events(), checked_ ? &*checked_ : nullptr, style);
}

}  // namespace urlcheck
