// The small closed sets a user names in options and list lines (methods,
// redirect policies, formats, ...), with the one spelling of each value.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace urlcheck {

// --method and method=: automatic (the default) sends HEAD and confirms an
// answer that is not accepted with a GET that reads only the response header.
enum class http_method { get, head, automatic };
// --redirect and redirect=: what a redirect response means.
enum class redirect_policy {
    follow,  // follow it (up to --max-redirects)
    warn,    // follow it, but say so
    fail,    // the check is down
    none,    // do not follow: the redirect response itself is the answer
};
// Report formats (docs/formats.md): what a terminal, a script, a test
// reporter, code scanning, a browser, a spreadsheet or Prometheus reads.
enum class output_format { text, json, jsonl, junit, github, markdown, sarif, html, csv, prometheus };
enum class color_mode { automatic, always, never };
// --order: when the text report lists an entry. automatic: as it comes on a
// terminal, in input order elsewhere (cron mail and diffs stay stable).
enum class report_order { automatic, input, completion };
// Which IP versions a check may use: -4 / -6 narrow it.
enum class address_family { any, v4, v6 };
// --input-format: how a file INPUT is read. `automatic` goes by the file's
// extension (list_reader.hpp: input_format_of); the others are what it
// resolves to. A new kind is one value here, its spelling, and one case in
// list_reader's dispatch.
enum class input_format { list, automatic, markdown, html, text };
// --all-addresses and ips=: check the URL on one address (off: the first
// that connects) or on every address behind the name. rollup: some down is
// degraded; strict: any down is down.
enum class all_addresses_mode { off, rollup, strict };

// A value and the word the user writes for it. Each table lists every value
// once, in the order help and error messages list them.
template <class E>
struct spelling {
    std::string_view name;
    E value;
};

inline constexpr std::array<spelling<http_method>, 3> http_method_names{{
    {"auto", http_method::automatic},
    {"GET", http_method::get},
    {"HEAD", http_method::head},
}};
inline constexpr std::array<spelling<redirect_policy>, 4> redirect_policy_names{{
    {"follow", redirect_policy::follow},
    {"warn", redirect_policy::warn},
    {"fail", redirect_policy::fail},
    {"none", redirect_policy::none},
}};
inline constexpr std::array<spelling<output_format>, 10> output_format_names{{
    {"text", output_format::text},
    {"json", output_format::json},
    {"jsonl", output_format::jsonl},
    {"junit", output_format::junit},
    {"github", output_format::github},
    {"markdown", output_format::markdown},
    {"sarif", output_format::sarif},
    {"html", output_format::html},
    {"csv", output_format::csv},
    {"prometheus", output_format::prometheus},
}};
inline constexpr std::array<spelling<color_mode>, 3> color_mode_names{{
    {"auto", color_mode::automatic},
    {"always", color_mode::always},
    {"never", color_mode::never},
}};
inline constexpr std::array<spelling<input_format>, 5> input_format_names{{
    {"list", input_format::list},
    {"auto", input_format::automatic},
    {"markdown", input_format::markdown},
    {"html", input_format::html},
    {"text", input_format::text},
}};
inline constexpr std::array<spelling<report_order>, 3> report_order_names{{
    {"auto", report_order::automatic},
    {"input", report_order::input},
    {"completion", report_order::completion},
}};

// --all-addresses[=MODE]'s words, and ips='s: "all" after httpunit's
// ips=["*"], "one" to turn a command line's --all-addresses off for a line.
inline constexpr std::array<spelling<all_addresses_mode>, 3> all_addresses_names{{
    {"off", all_addresses_mode::off},
    {"rollup", all_addresses_mode::rollup},
    {"strict", all_addresses_mode::strict},
}};
inline constexpr std::array<spelling<all_addresses_mode>, 3> ips_names{{
    {"one", all_addresses_mode::off},
    {"all", all_addresses_mode::rollup},
    {"all-strict", all_addresses_mode::strict},
}};

// The value `text` names, in any case; nullopt for anything else.
std::optional<http_method> parse_http_method(std::string_view text) noexcept;
std::optional<redirect_policy> parse_redirect_policy(std::string_view text) noexcept;
std::optional<output_format> parse_output_format(std::string_view text) noexcept;
std::optional<color_mode> parse_color_mode(std::string_view text) noexcept;
std::optional<all_addresses_mode> parse_all_addresses_mode(std::string_view text) noexcept;
std::optional<all_addresses_mode> parse_ips(std::string_view text) noexcept;

// The name the tables above give the value.
std::string_view to_string(http_method m) noexcept;
std::string_view to_string(redirect_policy p) noexcept;
std::string_view to_string(output_format f) noexcept;
std::string_view to_string(color_mode c) noexcept;
std::string_view to_string(input_format f) noexcept;
std::string_view to_string(report_order o) noexcept;
std::string_view to_string(all_addresses_mode m) noexcept;  // all_addresses_names' word

}  // namespace urlcheck
