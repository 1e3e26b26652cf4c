// The html report: one self-contained page (its style and script inline,
// nothing fetched) to open from a CI job's artifacts. A summary by state,
// then a table of every entry, failing ones first, with each entry's phase
// timings drawn as a bar scaled to the slowest entry. The rows are rendered
// here, so the page reads without JavaScript; the script only sorts and
// filters the rows it finds (html_page.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"
#include "report/html_page.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck::report_detail {

namespace {

// ---------------------------------------------------------------------------
// The page's Content-Security-Policy names its inline style and script by
// their SHA-256 (CSP level 2 'sha256-BASE64'), so the browser runs nothing
// else, even if a URL ever slipped through unescaped. A hash rather than a
// nonce keeps the page a pure function of the results (the documentation's
// example does not change from one run to the next). FIPS 180-4.

constexpr std::array<std::uint32_t, 64> sha256_round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

constexpr std::uint32_t rotate_right(std::uint32_t x, int n) noexcept { return (x >> n) | (x << (32 - n)); }

constexpr std::array<std::uint8_t, 32> sha256(std::string_view data) noexcept {
    std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    // The message, a 1 bit, zeros, and its length in bits (64-bit big
    // endian), in whole 64-byte blocks.
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    const std::size_t padded = (data.size() + 9 + 63) / 64 * 64;
    const auto byte_at = [&](std::size_t i) -> std::uint32_t {
        if (i < data.size()) return static_cast<std::uint8_t>(data[i]);
        if (i == data.size()) return 0x80;
        if (i >= padded - 8) return static_cast<std::uint8_t>(bits >> (8 * (padded - 1 - i)));
        return 0;
    };
    for (std::size_t block = 0; block < padded; block += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t t = 0; t < 16; ++t) {
            const std::size_t at = block + 4 * t;
            w[t] = byte_at(at) << 24 | byte_at(at + 1) << 16 | byte_at(at + 2) << 8 | byte_at(at + 3);
        }
        for (std::size_t t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotate_right(w[t - 15], 7) ^ rotate_right(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotate_right(w[t - 2], 17) ^ rotate_right(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        std::array<std::uint32_t, 8> v = h;  // a b c d e f g h
        for (std::size_t t = 0; t < 64; ++t) {
            const std::uint32_t s1 = rotate_right(v[4], 6) ^ rotate_right(v[4], 11) ^ rotate_right(v[4], 25);
            const std::uint32_t choice = (v[4] & v[5]) ^ (~v[4] & v[6]);
            const std::uint32_t t1 = v[7] + s1 + choice + sha256_round_constants[t] + w[t];
            const std::uint32_t s0 = rotate_right(v[0], 2) ^ rotate_right(v[0], 13) ^ rotate_right(v[0], 22);
            const std::uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            v = {t1 + s0 + majority, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (std::size_t i = 0; i < 8; ++i) h[i] += v[i];
    }
    std::array<std::uint8_t, 32> digest{};
    for (std::size_t i = 0; i < 32; ++i) digest[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
    return digest;
}

// FIPS 180-2 appendix B: one block, two blocks, and the empty message.
static_assert(sha256("abc") == std::array<std::uint8_t, 32>{0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                                            0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                                            0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                                            0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad});
static_assert(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
              std::array<std::uint8_t, 32>{0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
                                           0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
                                           0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1});
static_assert(sha256("") == std::array<std::uint8_t, 32>{0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
                                                         0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
                                                         0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
                                                         0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55});

std::string base64(const std::array<std::uint8_t, 32>& bytes) {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        const std::uint32_t group = std::uint32_t{bytes[i]} << 16 | (left > 1 ? std::uint32_t{bytes[i + 1]} << 8 : 0) |
                                    (left > 2 ? std::uint32_t{bytes[i + 2]} : 0);
        out += alphabet[group >> 18 & 63];
        out += alphabet[group >> 12 & 63];
        out += left > 1 ? alphabet[group >> 6 & 63] : '=';
        out += left > 2 ? alphabet[group & 63] : '=';
    }
    return out;
}

// ---------------------------------------------------------------------------
// Escaping. Everything that comes from a result goes through append_text
// (element content) or append_attribute (a double-quoted attribute value).

enum class escape_context { text, attribute };

// `raw` escaped for `context`: the five characters that can end text or an
// attribute (& < > " ') as references, bytes that are not UTF-8 as U+FFFD,
// and what HTML5 calls a parse error (controls, noncharacters) replaced, so
// the page stays valid whatever a server sent. In text a control character
// is shown as the text report shows it, "\x0D", marked so that it cannot be
// mistaken for those four characters in a URL (a CR/LF in a server's words
// must not silently join two lines; Control Pictures would do, but fonts
// without them show empty boxes). In an attribute it is U+FFFD.
void append_escaped(std::string& out, std::string_view raw, escape_context context) {
    const bool ascii = std::all_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::string checked;
    if (!ascii) {
        checked = valid_utf8(raw);
        raw = checked;
    }
    const auto control = [&](std::uint32_t code) {
        if (context == escape_context::attribute)
            out += "\uFFFD";
        else
            fmt::format_to(std::back_inserter(out), "<span class=ctl>\\x{:02X}</span>", code);
    };
    for (std::size_t i = 0; i < raw.size();) {
        const auto c = static_cast<unsigned char>(raw[i]);
        if (c < 0x80) {
            switch (c) {
                case '&':
                    out += "&amp;";
                    break;
                case '<':
                    out += "&lt;";
                    break;
                case '>':
                    out += "&gt;";
                    break;
                case '"':
                    out += "&quot;";
                    break;
                case '\'':
                    out += "&#39;";
                    break;
                default:
                    if (c < 0x20 || c == 0x7F)
                        control(c);
                    else
                        out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        // Valid UTF-8 from here on: the lead byte gives the length.
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        std::uint32_t code = c & (0x7Fu >> length);
        for (std::size_t k = 1; k < length; ++k) code = code << 6 | (static_cast<unsigned char>(raw[i + k]) & 0x3Fu);
        if (code <= 0x9F)
            control(code);  // C1
        else if ((code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFEu) == 0xFFFEu)
            out += "\uFFFD";  // a noncharacter
        else
            out.append(raw.substr(i, length));
        i += length;
    }
}

void append_text(std::string& out, std::string_view raw) { append_escaped(out, raw, escape_context::text); }
void append_attribute(std::string& out, std::string_view raw) { append_escaped(out, raw, escape_context::attribute); }

// A browser may follow only http and https links, and only from entries
// that are URLs at all: "javascript:" and the like stay text.
bool linkable(const result& r) {
    if (r.error == error_kind::invalid_url) return false;
    const auto starts = [&](std::string_view scheme) {
        return r.url.size() > scheme.size() &&
               std::equal(scheme.begin(), scheme.end(), r.url.begin(),
                          [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b); });
    };
    return starts("http://") || starts("https://");
}

// The time column and the tooltips: "1.2 ms", "48.3 ms", "2.01 s".
std::string format_ms(double ms) {
    if (ms < 1000.0) return fmt::format("{} ms", round_ms(ms));
    return fmt::format("{:.2f} s", ms / 1000.0);
}

// The table's order: failing entries first, the worst first.
constexpr std::array<verdict, 7> state_order = {verdict::down,     verdict::pending,      verdict::unverifiable,
                                                verdict::degraded, verdict::acknowledged, verdict::skipped,
                                                verdict::up};

// A state's place in state_order; a value outside the enum counts as down.
std::size_t rank_of(verdict state) noexcept {
    const auto rank =
        static_cast<std::size_t>(std::find(state_order.begin(), state_order.end(), state) - state_order.begin());
    return rank < state_order.size() ? rank : 0;
}

// A bar's segments in the order they happen; `rest` is the check's time
// the four phases do not cover (the body, earlier attempts, redirects,
// waits between retries).
struct phase {
    const char* name;
    const char* swatch;  // the legend's class: the phase's colour
    char end;            // the bar's custom property for where the phase ends: --a .. --e
};
constexpr std::array<phase, 5> phases = {{
    {"DNS", "pd", 'a'},
    {"connect", "pc", 'b'},
    {"TLS", "pt", 'c'},
    {"first byte", "pf", 'd'},
    {"rest", "pr", 'e'},
}};
constexpr std::size_t rest_phase = 4;

// From this many rows the table is drawn as a grid of rows that are laid
// out only when on screen (html_page.hpp, table.big).
constexpr std::size_t big_table_rows = 5000;

// Where a phase ends along the bar, in half-percent steps: 1px on a 200px
// bar. A bar is one element whose gradient has a stop at each phase's end
// (html_page.hpp, .bar): the class "c37" puts the end of TLS at 18.5%. One
// element instead of one per segment: Chromium opened a 100,000-row report
// in 20 s instead of 27 s (on a loaded 2-core machine).
constexpr int width_steps = 200;

// The style sheet, the script and the policy that allows exactly these two.
struct page_parts {
    std::string style;
    std::string policy;
};

const page_parts& parts() {
    static const page_parts built = [] {
        page_parts p;
        p.style = html_page::style;
        for (const phase& ph : phases) {
            for (int step = 1; step <= width_steps; ++step)
                fmt::format_to(std::back_inserter(p.style), ".{0}{1}{{--{0}:{2}%}}", ph.end, step, step * 0.5);
            p.style += '\n';
        }
        p.policy = fmt::format(
            "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
            base64(sha256(p.style)), base64(sha256(html_page::script)));
        return p;
    }();
    return built;
}

// One entry's phases, DNS, connect, TLS, first byte, rest (ms), then the
// total; NaN when a phase did not happen. float: a report's 0.1 ms fits
// with room to spare. The bar they make is scaled to the slowest entry,
// known only at the end, so each row waits in the spool with its phases
// after a phase_mark and gets its bar as it is written out.
struct row_phases {
    std::array<float, 6> ms{};
};
// Never in a rendered row: control characters are escaped (append_escaped).
constexpr char phase_mark = '\x01';

class html_reporter final : public reporter {
public:
    html_reporter(const report_options& options, report_target target) : fail_on_(options.fail_on), target_(target) {}

    void on_result(std::size_t index, const result& r) override {
        std::string line;
        render_row(line, r);
        row_phases row;
        const std::array<std::optional<double>, 4> measured = {r.timings.dns_ms, r.timings.connect_ms, r.timings.tls_ms,
                                                               r.timings.ttfb_ms};
        double covered = 0;
        for (std::size_t p = 0; p < measured.size(); ++p) {
            const double ms = measured[p] && std::isfinite(*measured[p]) ? std::max(0.0, *measured[p]) : NAN;
            row.ms[p] = static_cast<float>(ms);
            if (!std::isnan(ms)) covered += ms;
        }
        const double total = std::isfinite(r.time_ms) ? std::max(0.0, r.time_ms) : 0.0;
        row.ms[rest_phase] = static_cast<float>(total > covered ? total - covered : NAN);
        row.ms[5] = static_cast<float>(total);
        slowest_ms_ = std::max({slowest_ms_, total, covered});
        line += phase_mark;
        line.append(reinterpret_cast<const char*>(row.ms.data()), sizeof row.ms);
        const std::size_t rank = rank_of(r.state);
        ++entries_[rank];
        // Failing first; within a state, input order.
        rows_.add(index, rank, std::move(line));
    }

    std::size_t held() const override { return rows_.held(); }

    void finish(const summary& s) override {
        rows_.finish();
        out_.reserve(flush_at + 64 * 1024);
        std::size_t entries = 0;
        for (const std::size_t n : entries_) entries += n;
        write_head(s, entries >= big_table_rows);
        for (std::size_t rank = 0; rank < entries_.size(); ++rank) {
            std::string pending;  // spooled text not written yet: may end inside a row's phases
            rows_.read(rank, [&](std::string_view piece) {
                pending += piece;
                std::size_t at = 0;
                for (;;) {
                    const auto mark = pending.find(phase_mark, at);
                    out_.append(pending, at, (mark == std::string::npos ? pending.size() : mark) - at);
                    if (mark == std::string::npos || pending.size() - mark - 1 < sizeof(row_phases::ms)) {
                        at = mark == std::string::npos ? pending.size() : mark;
                        break;
                    }
                    row_phases row;
                    std::memcpy(row.ms.data(), pending.data() + mark + 1, sizeof row.ms);
                    append_phases(out_, row);
                    at = mark + 1 + sizeof row.ms;
                }
                pending.erase(0, at);
                if (out_.size() >= flush_at) write_out();
            });
        }
        out_ += "</tbody>\n</table>\n";
        if (entries == 0) out_ += "<p class=empty>No entries were checked.</p>\n";
        out_ += "<script>";
        out_ += html_page::script;
        out_ += "</script>\n</body>\n</html>\n";
        write_out();
        std::fflush(target_.out);
    }

private:
    static constexpr std::size_t flush_at = 256 * 1024;

    static void render_row(std::string& out, const result& r) {
        const std::string_view state = to_string(r.state);
        out += "<tr class=";
        out += state;
        out += "><td>";
        out += state;
        out += "<td>";
        if (linkable(r)) {
            out += "<a href=\"";
            append_attribute(out, r.url);
            out += "\" rel=\"noopener noreferrer\" target=_blank>";
            append_text(out, r.url);
            out += "</a>";
        } else {
            append_text(out, r.url);
        }
        out += "<td>";
        if (r.status) fmt::format_to(std::back_inserter(out), "{}", *r.status);
        out += "<td>";
        append_text(out, to_string(r.error));
        out += "<td>";
        // The reasons say why the state is not up; an entry without any
        // (skipped, or a producer that gave only a message) shows its message.
        if (r.reasons.empty()) {
            append_text(out, r.message);
        } else {
            for (std::size_t i = 0; i < r.reasons.size(); ++i) {
                if (i > 0) out += "<br>";
                append_text(out, r.reasons[i]);
            }
        }
        if (r.ack) {
            out += "<br>";
            append_text(out, describe_ack(*r.ack));
        }
        const double time = std::isfinite(r.time_ms) ? std::max(0.0, r.time_ms) : 0.0;
        fmt::format_to(std::back_inserter(out), "<td data-v={}>", round_ms(time));
        out += format_ms(time);
        out += "<td>";
        append_text(out, r.source);
    }

    // The phases cell: a bar of the phases that happened, each as wide as
    // its share of the slowest entry's time, the numbers in its tooltip.
    // data-v (what the column sorts by) is the longest phase.
    void append_phases(std::string& out, const row_phases& row) const {
        std::string title;
        float longest = 0;
        bool any = false;
        for (std::size_t p = 0; p < phases.size(); ++p) {
            if (std::isnan(row.ms[p])) continue;
            if (any) title += ", ";
            any = true;
            fmt::format_to(std::back_inserter(title), "{} {}", phases[p].name, format_ms(row.ms[p]));
            longest = std::max(longest, row.ms[p]);
        }
        if (!any || slowest_ms_ <= 0) {
            out += "<td>\n";
            return;
        }
        fmt::format_to(std::back_inserter(title), "; total {}", format_ms(row.ms[5]));
        fmt::format_to(std::back_inserter(out), "<td data-v={}><i class=\"bar", round_ms(longest));
        // Each phase ends where the running sum ends, rounded, so rounding
        // never adds up past the bar. A phase that did not happen, or is
        // too short to see, has no class and so no width.
        double sum = 0;
        int drawn = 0;
        for (std::size_t p = 0; p < phases.size(); ++p) {
            if (std::isnan(row.ms[p])) continue;
            sum += row.ms[p];
            const int end = static_cast<int>(std::lround(std::min(1.0, sum / slowest_ms_) * width_steps));
            if (end > drawn) fmt::format_to(std::back_inserter(out), " {}{}", phases[p].end, end);
            drawn = std::max(drawn, end);
        }
        out += "\" role=img title=\"";
        append_attribute(out, title);
        out += "\"></i>\n";
    }

    void write_head(const summary& s, bool big) {
        const std::string started = s.started_unix_ms > 0 ? format_utc(s.started_unix_ms, utc_style::readable) : "";
        const std::array<std::size_t, state_order.size()> counts = {
            s.down, s.pending, s.unverifiable, s.degraded, s.acknowledged, s.skipped, s.up};

        // pending exists only under --state, acknowledged only in a run that
        // has some (--ack): every other page stays as it was.
        const auto shown = [&](std::size_t i) {
            return (state_order[i] != verdict::pending && state_order[i] != verdict::acknowledged) || counts[i] > 0;
        };
        std::string counted;
        for (std::size_t i = 0; i < state_order.size(); ++i) {
            if (!shown(i)) continue;
            if (!counted.empty()) counted += ", ";
            fmt::format_to(std::back_inserter(counted), "{} {}", counts[i], to_string(state_order[i]));
        }

        out_ += "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n";
        out_ += "<meta http-equiv=Content-Security-Policy content=\"";
        out_ += parts().policy;
        out_ += "\">\n<meta name=referrer content=no-referrer>\n";
        out_ += "<meta name=viewport content=\"width=device-width, initial-scale=1\">\n";
        out_ += "<meta name=color-scheme content=\"light dark\">\n";
        fmt::format_to(std::back_inserter(out_), "<meta name=generator content=\"urlcheck {}\">\n", version);
        out_ += "<title>urlcheck";
        if (!started.empty()) out_ += " " + started;
        out_ += ": " + counted + "</title>\n<style>";
        out_ += parts().style;
        out_ += "</style>\n</head>\n<body>\n<h1>urlcheck report</h1>\n<p class=run>";
        if (!started.empty())
            out_ += "Started " + started + ", took ";
        else
            out_ += "Took ";
        out_ += format_ms(s.elapsed_ms);
        fmt::format_to(std::back_inserter(out_), "; {} {}, {} checked", s.total, s.total == 1 ? "entry" : "entries",
                       s.checked);
        if (s.filtered > 0) fmt::format_to(std::back_inserter(out_), ", {} left out by filters", s.filtered);
        if (s.signal != 0 || s.not_checked > 0)
            fmt::format_to(std::back_inserter(out_), "; interrupted, {} not checked", s.not_checked);
        out_ += ".</p>\n";

        out_ += "<ul class=counts aria-label=\"Entries by state\">\n";
        for (std::size_t i = 0; i < state_order.size(); ++i) {
            if (!shown(i)) continue;
            const std::string_view state = to_string(state_order[i]);
            fmt::format_to(std::back_inserter(out_), "<li class={}><b>{}</b><span class=label>{}</span>", state,
                           counts[i], state);
            // --fail-on decides which states make the exit status non-zero.
            if (fails_run(state_order[i], fail_on_)) out_ += "<span class=fails>fails the run</span>";
            out_ += "</li>\n";
        }
        out_ += "</ul>\n";

        out_ +=
            "<div class=controls id=controls hidden><label>Filter <input type=search id=filter "
            "placeholder=\"URL, reason, source\" aria-controls=entries></label><fieldset><legend>Show</legend>";
        for (std::size_t i = 0; i < state_order.size(); ++i) {
            if (!shown(i)) continue;
            fmt::format_to(std::back_inserter(out_), "<label><input type=checkbox data-state={0} checked> {0}</label>",
                           to_string(state_order[i]));
        }
        out_ += "</fieldset><span id=shown aria-live=polite></span></div>\n";

        out_ += "<p class=key>Phases, scaled to the slowest entry (";
        out_ += format_ms(slowest_ms_);
        out_ += "):";
        for (const phase& p : phases)
            fmt::format_to(std::back_inserter(out_), " <span><i class={} aria-hidden=true></i>{}</span>", p.swatch,
                           p.name);
        out_ += " (rest: the body, earlier attempts, redirects and waits).</p>\n";

        out_ += "<table id=entries";
        if (big) out_ += " class=big";
        out_ +=
            ">\n<caption>Every entry, failing ones first (down, unverifiable, degraded, acknowledged, skipped, up),"
            " then in input order.</caption>\n"
            "<colgroup><col class=state><col class=url><col class=status><col class=kind><col class=reasons>"
            "<col class=time><col class=source><col class=phases></colgroup>\n"
            "<thead><tr><th scope=col data-type=state aria-sort=ascending>State<th scope=col data-type=text>URL"
            "<th scope=col data-type=number>Status<th scope=col data-type=text>Error kind"
            "<th scope=col data-type=text>Reasons<th scope=col data-type=number>Time"
            "<th scope=col data-type=source>Source<th scope=col data-type=number title=\"Sorts by the longest phase\">"
            "Phases</thead>\n<tbody>\n";
    }

    void write_out() {
        if (out_.empty()) return;
        std::fwrite(out_.data(), 1, out_.size(), target_.out);
        out_.clear();
    }

    fail_on_states fail_on_;
    report_target target_;
    ordered_spool rows_;  // rendered rows with their phases, under their state's rank
    std::array<std::size_t, state_order.size()> entries_{};
    double slowest_ms_ = 0;
    std::string out_;
};

}  // namespace

std::unique_ptr<reporter> make_html_reporter(const report_options& options, report_target target) {
    return std::make_unique<html_reporter>(options, target);
}

}  // namespace urlcheck::report_detail
