// Shared by the report formats; internal to src/report.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/report.hpp"

namespace urlcheck::report_detail {

// Text that is safe to show on a terminal, valid UTF-8 kept: C0/C1 control
// characters, DEL and bytes that are not valid UTF-8 become "\xNN", so a URL
// or a server's reason phrase can never move the cursor, change colours or
// retitle the window. (Messages escape every byte from 0x80 up: printable in
// text.hpp.)
std::string printable_utf8(std::string_view s);

// Valid UTF-8 for JSON strings: invalid sequences become U+FFFD (JSON
// escaping of control characters is left to the serializer).
std::string valid_utf8(std::string_view s);

// Milliseconds rounded to 0.1 ms, the precision every report uses.
double round_ms(double ms) noexcept;

// A moment (Unix milliseconds) in UTC, the way each format writes it:
// "2026-11-30 00:53:20 UTC" for people, ISO 8601 "2026-11-30T00:53:20Z"
// (JUnit), and with milliseconds "2026-11-30T00:53:20.000Z" (SARIF).
enum class utc_style { readable, iso8601, iso8601_ms };
std::string format_utc(std::int64_t unix_ms, utc_style style);
// --state: an outage's length, "42 s", "5 min 3 s", "2 h 10 min", "3 d 4 h".
std::string format_outage(std::int64_t ms);

// Reasons joined with "; ", the way one line shows them.
std::string join_reasons(const std::vector<std::string>& reasons);

// A check's time as people read it: "850 ms", "2.50 s" (two decimals, so a
// column of times lines up; messages use format_duration's shorter form).
std::string format_elapsed(double ms);

// What a person reads about an entry after its state, in every human
// format: "404 Not Found", "dns: host not found", "200 slow: 3.50 s …";
// for a down entry, its further reasons after "; "; for an acknowledged
// one, describe_ack after them. Not yet made printable.
std::string describe(const result& r);

// --ack: "acknowledged: migration, TICKET-12 (until 2026-12-24T18:00:00Z)".
std::string describe_ack(const acknowledgement& ack);

// A result's `source` taken apart: "urls.txt:12" is file "urls.txt", line
// 12; "-:3" is standard input ("-"), line 3; "arg:2" (a URL on the command
// line) has no file, only its position. Views into `source`.
struct source_location {
    std::string_view file;  // empty for a URL given on the command line
    std::optional<long> line;
    std::string_view input;  // "urls.txt", "-" or "arg": what the entry came from
};
source_location locate(std::string_view source) noexcept;

// The entries a report shows by default: every state but up and skipped
// (the text report's rule; -v and -q change the text report's choice only).
bool needs_look(verdict state) noexcept;

std::unique_ptr<reporter> make_text_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_json_reporter(report_target target, bool lines);
std::unique_ptr<reporter> make_junit_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_github_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_markdown_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_sarif_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_html_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_csv_reporter(const report_options& options, report_target target);
std::unique_ptr<reporter> make_prometheus_reporter(const report_options& options, report_target target);

}  // namespace urlcheck::report_detail
