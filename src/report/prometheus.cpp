// The Prometheus text format (0.0.4) for node_exporter's textfile collector:
// per-entry gauges labelled {url, source}, then the run's own. The sink
// writes the file atomically (output_file.hpp), so the collector never reads
// half of one.
//
// Every sample of a metric family must sit together, but results come one
// entry at a time with samples for five families each. So each result is
// kept as one compact line in an unnamed temporary file (its labels escaped
// once, its numbers already as text: ~100 bytes an entry, against ~800 for
// the samples), and finish() reads that file once per family (spool.hpp).
// One file and one descriptor, not one per family, and memory stays flat on
// a list of a million lines.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/common.hpp"
#include "report/spool.hpp"

namespace urlcheck::report_detail {

namespace {

// A label value: valid UTF-8 with backslash, double quote and newline
// escaped, the only escapes the format has.
void append_label_value(std::string& out, std::string_view raw) {
    out += '"';
    for (const char ch : valid_utf8(raw)) {
        switch (ch) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += ch;
        }
    }
    out += '"';
}

// A number with at most `decimals` decimals and no trailing zeros: 0.0015,
// 2, 1796000010.013.
std::string decimal(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", value, decimals);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

// Milliseconds as seconds, to the 0.1 ms every report uses.
std::string seconds(double ms) { return decimal(round_ms(ms) / 1000.0, 4); }

// "2027-01-31T12:00:00Z" (tls_info::not_after) as Unix seconds.
std::optional<std::int64_t> unix_seconds(std::string_view iso) {
    int year = 0;
    unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int used = 0;
    const std::string text(iso);
    if (std::sscanf(text.c_str(), "%4d-%2u-%2uT%2u:%2u:%2uZ%n", &year, &month, &day, &hour, &minute, &second, &used) !=
            6 ||
        static_cast<std::size_t>(used) != text.size() || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
    if (!date.ok()) return std::nullopt;
    const auto days = std::chrono::sys_days(date).time_since_epoch().count();
    return static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second;
}

// One entry in the temporary file: tab-separated fields, the labels last
// (they may hold tabs, never a newline once escaped). An empty field is a
// sample not written.
enum field : std::size_t { f_state, f_up, f_status, f_dns, f_connect, f_tls, f_ttfb, f_total, f_not_after, f_labels };
constexpr std::size_t field_count = f_labels + 1;
using record = std::array<std::string_view, field_count>;

std::string encode(const result& r) {
    std::string line;
    line.reserve(96 + r.url.size() + r.source.size());
    line += to_string(r.state);
    line += '\t';
    // 0 exactly when down: up, degraded and unverifiable answered. A skipped
    // entry has no verdict, so no sample that could fire or clear an alert.
    // An acknowledged entry (--ack) is as down as it was: the ack keeps it
    // out of the exit code, and an alert rule can leave it out by state.
    const bool answered = r.state == verdict::acknowledged ? r.ok : r.state != verdict::down;
    if (r.state != verdict::skipped) line += answered ? '1' : '0';
    line += '\t';
    if (r.status) line += std::to_string(*r.status);
    for (const auto& phase : {r.timings.dns_ms, r.timings.connect_ms, r.timings.tls_ms, r.timings.ttfb_ms}) {
        line += '\t';
        if (phase) line += seconds(*phase);
    }
    line += '\t';
    // Entries never fetched (invalid_url, skipped) took no time worth a sample.
    if (r.attempts > 0) line += seconds(r.time_ms);
    line += '\t';
    if (const auto expires = r.tls ? unix_seconds(r.tls->not_after) : std::nullopt) line += std::to_string(*expires);
    line += "\turl=";
    append_label_value(line, r.url);
    line += ",source=";
    append_label_value(line, r.source);
    line += '\n';
    return line;
}

record decode(std::string_view line) {
    record fields;
    for (std::size_t i = 0; i + 1 < field_count; ++i) {
        const auto tab = line.find('\t');
        fields[i] = line.substr(0, tab);
        line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
    }
    fields[f_labels] = line;
    return fields;
}

struct family {
    std::string_view name;
    std::string_view help;
    // Appends the family's samples for one entry.
    void (*samples)(std::string& out, std::string_view name, const record& r);
};

void sample(std::string& out, std::string_view name, const record& r, std::string_view extra_label,
            std::string_view value) {
    fmt::format_to(std::back_inserter(out), "{}{{{}{}}} {}\n", name, r[f_labels], extra_label, value);
}

void one_field(std::string& out, std::string_view name, const record& r, field f) {
    if (!r[f].empty()) sample(out, name, r, "", r[f]);
}

// The per-entry families, in the order they are written.
constexpr std::array<family, 5> entry_families{{
    {"urlcheck_up",
     "Whether the URL answered: 0 when the entry is down (or acknowledged down), 1 when up, degraded or unverifiable "
     "(none when skipped).",
     [](std::string& out, std::string_view name, const record& r) { one_field(out, name, r, f_up); }},
    // One series per entry, for its own state, rather than one per state
    // with 0 for the other four: a million-line list would make five
    // million series. urlcheck_up is the always-present 0/1, and a state
    // that goes away is marked stale by Prometheus at the next scrape.
    {"urlcheck_state", "The entry's state: up, down, degraded, unverifiable, skipped, pending or acknowledged (always 1).",
     [](std::string& out, std::string_view name, const record& r) {
         sample(out, name, r, fmt::format(",state=\"{}\"", r[f_state]), "1");
     }},
    {"urlcheck_http_status", "The final HTTP status of the entry's check, when a response came.",
     [](std::string& out, std::string_view name, const record& r) { one_field(out, name, r, f_status); }},
    {"urlcheck_duration_seconds",
     "Time of each phase of the entry's last HTTP exchange (dns, connect, tls, ttfb) and of the whole check "
     "(total: every attempt, redirect and wait).",
     [](std::string& out, std::string_view name, const record& r) {
         constexpr std::array<std::pair<std::string_view, field>, 5> phases{{{",phase=\"dns\"", f_dns},
                                                                             {",phase=\"connect\"", f_connect},
                                                                             {",phase=\"tls\"", f_tls},
                                                                             {",phase=\"ttfb\"", f_ttfb},
                                                                             {",phase=\"total\"", f_total}}};
         for (const auto& [label, f] : phases)
             if (!r[f].empty()) sample(out, name, r, label, r[f]);
     }},
    {"urlcheck_tls_cert_not_after_timestamp_seconds", "When the server's certificate expires (Unix time).",
     [](std::string& out, std::string_view name, const record& r) { one_field(out, name, r, f_not_after); }},
}};

class prometheus_reporter final : public reporter {
public:
    explicit prometheus_reporter(report_target target) : target_(target) {}

    void on_result(std::size_t, const result& r) override { records_.append(0, encode(r)); }

    void finish(const summary& s) override {
        std::string samples;
        for (const family& f : entry_families) {
            bool headed = false;  // a family with no samples is left out
            for_each_record([&](const record& r) {
                samples.clear();
                f.samples(samples, f.name, r);
                if (samples.empty()) return;
                if (!headed) header(f.name, f.help);
                headed = true;
                out_ += samples;
            });
        }
        header("urlcheck_entries",
               "Entries of the last run by state (not_checked: left out because the run was interrupted).");
        const std::array<std::pair<std::string_view, std::size_t>, 8> counts{{{"up", s.up},
                                                                              {"pending", s.pending},
                                                                              {"down", s.down},
                                                                              {"degraded", s.degraded},
                                                                              {"unverifiable", s.unverifiable},
                                                                              {"skipped", s.skipped},
                                                                              {"acknowledged", s.acknowledged},
                                                                              {"not_checked", s.not_checked}}};
        for (const auto& [state, count] : counts)
            fmt::format_to(std::back_inserter(out_), "urlcheck_entries{{state=\"{}\"}} {}\n", state, count);
        header("urlcheck_last_run_timestamp_seconds", "When the last run finished (Unix time).");
        fmt::format_to(std::back_inserter(out_), "urlcheck_last_run_timestamp_seconds {}\n",
                       decimal((static_cast<double>(s.started_unix_ms) + s.elapsed_ms) / 1000.0, 3));
        header("urlcheck_run_duration_seconds", "How long the last run took.");
        fmt::format_to(std::back_inserter(out_), "urlcheck_run_duration_seconds {}\n", seconds(s.elapsed_ms));
        write_out(true);
    }

private:
    void header(std::string_view name, std::string_view help) {
        fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
    }

    // Calls `each` for every entry, in the order they came.
    template <class Each>
    void for_each_record(Each&& each) {
        std::string carry;  // a line split between two pieces
        records_.read(0, [&](std::string_view piece) {
            carry += piece;
            std::string_view text = carry;
            for (auto end = text.find('\n'); end != std::string_view::npos; end = text.find('\n')) {
                each(decode(text.substr(0, end)));
                text.remove_prefix(end + 1);
                write_out(false);
            }
            carry.erase(0, carry.size() - text.size());
        });
    }

    void write_out(bool force) {
        if (out_.empty() || (!force && out_.size() < 64 * 1024)) return;
        std::fwrite(out_.data(), 1, out_.size(), target_.out);
        if (force) std::fflush(target_.out);
        out_.clear();
    }

    report_target target_;
    spool records_;   // one encoded line per entry (encode/decode), on disk
    std::string out_;          // the report, written in 64 KiB pieces
};

}  // namespace

std::unique_ptr<reporter> make_prometheus_reporter(const report_options&, report_target target) {
    return std::make_unique<prometheus_reporter>(target);
}

}  // namespace urlcheck::report_detail
