#include "urlcheck/cli.hpp"

#include <array>
#include <cmath>
#include <charconv>
#include <climits>
#include <optional>
#include <string_view>
#include <utility>

#include <CLI/CLI.hpp>

#include "dns_config.hpp"
#include "printable.hpp"
#include "urlcheck/byte_size.hpp"
#include "urlcheck/duration.hpp"
#include "entry_filter.hpp"
#include "urlcheck/header_field.hpp"
#include "urlcheck/line_options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/version.hpp"

namespace urlcheck {

namespace {

// Values are taken as strings and converted here rather than by CLI11, so
// every bad value gets the same kind of message: "--option: what was wrong".
struct usage_error {
    std::string message;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// The value `text` names among `choices` (in any case), or a usage error
// that lists them: "--format: expected text, json or jsonl, got 'xml'".
template <class T, std::size_t N>
T one_of(const std::string& option, const std::string& text,
         const std::array<std::pair<std::string_view, T>, N>& choices) {
    const std::string wanted = lower(text);
    std::string expected;
    for (std::size_t i = 0; i < N; ++i) {
        if (wanted == lower(choices[i].first)) return choices[i].second;
        if (i > 0) expected += i + 1 == N ? " or " : ", ";
        expected += choices[i].first;
    }
    throw usage_error{option + ": expected " + expected + ", got '" + text + "'"};
}

int to_int(const std::string& option, const std::string& text, int minimum) {
    int value = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    const std::string expected = minimum == 0 ? "a whole number >= 0" : "a whole number >= " + std::to_string(minimum);
    if (text.empty() || ptr != end || ec == std::errc::invalid_argument) {
        throw usage_error{option + ": expected " + expected + ", got '" + text + "'"};
    }
    if (ec == std::errc::result_out_of_range || value < minimum) {
        throw usage_error{option + ": " + text + " is out of range, expected " + expected};
    }
    return value;
}

// Seconds as a decimal number ("2", "0.25"), to whole milliseconds rounded
// up so a tiny positive value never becomes a zero (= no) timeout.
std::chrono::milliseconds to_duration(const std::string& option, const std::string& text, bool allow_zero) {
    constexpr double max_seconds = 24.0 * 60 * 60;
    const std::string expected = allow_zero ? "a number of seconds >= 0" : "a number of seconds > 0";
    double seconds = 0;
    const char* const end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, seconds, std::chars_format::fixed);
    if (text.empty() || ptr != end || ec != std::errc{} || !std::isfinite(seconds)) {
        throw usage_error{option + ": expected " + expected + ", got '" + text + "'"};
    }
    if (seconds < 0 || (!allow_zero && seconds == 0) || seconds > max_seconds) {
        throw usage_error{option + ": " + text + " is out of range, expected " + expected + " (at most 86400)"};
    }
    auto ms = static_cast<long long>(std::ceil(seconds * 1000.0));
    return std::chrono::milliseconds{ms};
}

// DURATION as in lists: "800ms", "2s", "1.5" (seconds); zero allowed.
std::chrono::milliseconds to_list_duration(const std::string& option, const std::string& text) {
    std::string why;
    auto d = parse_duration(text, &why);
    if (!d) throw usage_error{option + ": " + why + ", got '" + text + "'"};
    return *d;
}

header_field to_header(const std::string& text) {
    std::string why;
    auto header = parse_header_field(text, &why);
    if (!header) throw usage_error{"--header: " + why};
    return std::move(*header);
}

// A few of CLI11's messages reworded to read like the rest of ours.
std::string clearer_message(const CLI::ParseError& e) {
    const std::string message = e.what();
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) != nullptr) {
        // "--timeout: 1 required SECONDS missing"
        const std::size_t colon = message.find(':');
        if (colon != std::string::npos && message.compare(0, 1, "-") == 0 &&
            message.find(" missing") != std::string::npos) {
            return message.substr(0, colon) + ": a value is required";
        }
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
        // Every positional is an INPUT, so an extra can only be an unknown option.
        const std::size_t colon = message.find(": ");
        if (colon != std::string::npos) {
            const std::string args = message.substr(colon + 2);
            return (args.find(' ') == std::string::npos ? "unknown option " : "unknown options ") + args;
        }
    }
    return message;
}

const char* const footer_text =
    "INPUT is a file with one URL per line ('#' starts a comment), '-' for\n"
    "standard input, or a URL starting with http:// or https://. Lines without a\n"
    "scheme mean https://. With no INPUT, URLs are read from standard input\n"
    "unless it is a terminal.\n"
    "\n"
    "A list line may follow its URL with options for that line only:\n"
    "  status=200,204 method=GET|HEAD|auto header=\"Name: value\" timeout=2s\n"
    "  max-time=800ms (degraded above) cert-days=21 redirect=follow|warn|fail|none\n"
    "  insecure tag=NAME, and expectations on the response, failing as\n"
    "  'expectation': contains=TEXT not-contains=TEXT regex=RE (in the first\n"
    "  --body-limit bytes of the body) expect-header=NAME[:RE]. See README.\n"
    "\n"
    "States: UP, DOWN, DEGRADED (up, but slow, a certificate about to expire, or\n"
    "redirected under --redirect warn), UNVERIFIABLE (a bot challenge, 999, a\n"
    "429 that persists, 401/407 unless accepted), SKIPPED (no verdict: --max-time\n"
    "came first).\n"
    "\n"
    "Exit status: 0 nothing down, 1 at least one down, 2 usage or input error,\n"
    "3 nothing down but a state --fail-on names, 130/143 interrupted by\n"
    "SIGINT/SIGTERM.";

}  // namespace

cli_outcome parse_command_line(int argc, const char* const* argv) {
    cli_outcome outcome;
    options& opts = outcome.opts;
    const std::string default_agent = std::string("urlcheck/") + version;

    std::string concurrency = "100";
    std::string per_host = "8";
    std::string connect_timeout = "5";
    std::string timeout = "10";
    std::string max_time = "0";
    std::string slow;
    std::string cert_warn = "14";
    std::string cert_fail = "0";
    std::string redirect = "follow";
    std::vector<std::string> fail_on;
    std::string method = "auto";
    std::string confirm_wait = "2s";
    bool no_confirm = false;
    std::string host_interval = "0";
    std::string max_redirects = "5";
    std::string retries = "1";
    std::string retry_wait = "0.5";
    std::string accept = "200-299";
    std::vector<std::string> headers;
    std::vector<std::string> dns_servers;
    std::vector<std::string> resolves;
    bool ipv4_only = false;
    bool ipv6_only = false;
    std::string user_agent = default_agent;
    std::string format = "text";
    std::string color = "auto";
    bool verbose = false;
    bool quiet = false;
    std::string body_limit = "64k";

    CLI::App app{"Check that URLs are up: fetch each one concurrently and report the ones that are down.", "urlcheck"};
    app.footer(footer_text);
    app.get_formatter()->column_width(30);
    // CLI11 lists positionals under their own heading whatever their group.
    app.get_formatter()->label("Positionals", "Input");
    app.set_help_flag("-h,--help", "Print this help and exit")->group("Help");
    app.set_version_flag("--version", std::string("urlcheck ") + version, "Print the version and exit")->group("Help");

    const std::string input = "Input";
    const std::string requests = "Requests";
    const std::string tls = "TLS";
    const std::string network = "Name resolution";
    const std::string limits = "Limits & timeouts";
    const std::string output = "Output";

    app.add_option("INPUT", opts.inputs, "File of URLs, '-' for standard input, or an http(s):// URL")
        ->type_name("")
        ->group(input);
    const std::string selection = "Selection";
    app.add_option("--select-tag", opts.select.tags,
                   "Check only the list lines with this tag= (any of them, if\n"
                   "repeated); lines without tags are then left out")
        ->type_name("TAG")
        ->allow_extra_args(false)
        ->group(selection);
    app.add_option("--include", opts.select.include,
                   "Check only URLs this regex finds a match in (any of them, if\n"
                   "repeated)")
        ->type_name("REGEX")
        ->allow_extra_args(false)
        ->group(selection);
    app.add_option("--exclude", opts.select.exclude, "Leave out URLs this regex finds a match in (repeatable)")
        ->type_name("REGEX")
        ->allow_extra_args(false)
        ->group(selection);

    app.add_option("--method", method,
                   "auto (HEAD, then a GET that reads only the header when\n"
                   "HEAD's answer is not accepted), GET or HEAD (default auto)")
        ->type_name("METHOD")
        ->group(requests);
    app.add_option("-H,--header", headers, "Extra request header 'Name: value' (repeatable)")
        ->type_name("HEADER")
        ->allow_extra_args(false)
        ->group(requests);
    app.add_option("-A,--user-agent", user_agent, "User-Agent header (default " + default_agent + ")")
        ->type_name("STRING")
        ->group(requests);
    app.add_option("--max-redirects", max_redirects, "Redirects to follow, 0 to not follow any (default 5)")
        ->type_name("N")
        ->group(requests);
    app.add_option("--retries", retries,
                   "Extra attempts after a transient failure: timeout, connection\n"
                   "or protocol error, 429/502/503/504 (default 1)")
        ->type_name("N")
        ->group(requests);
    app.add_option("--retry-wait", retry_wait, "Wait before retrying, doubled each time (default 0.5)")
        ->type_name("SECONDS")
        ->group(requests);
    app.add_option("--confirm-wait", confirm_wait,
                   "Wait before checking a transient failure once more, e.g.\n"
                   "500ms or 2s, jittered by 20 % (default 2s)")
        ->type_name("DURATION")
        ->group(requests);
    app.add_flag("--no-confirm", no_confirm, "Report a transient failure at once, without a second look")
        ->group(requests);
    app.add_option("--accept", accept, "Statuses that count as up, e.g. 200-299,401 (default 200-299)")
        ->type_name("LIST")
        ->group(requests);
    app.add_option("--body-limit", body_limit,
                   "Body bytes read, and searched by contains=, not-contains= and\n"
                   "regex=: 65536, 64k, 1m; at most 16m (default 64k)")
        ->type_name("SIZE")
        ->group(requests);

    app.add_option("--cacert", opts.check.cacert, "Trust only the CA certificates in this PEM file")
        ->type_name("FILE")
        ->group(tls);
    app.add_flag("-k,--insecure", opts.check.insecure, "Do not verify TLS certificates")->group(tls);

    app.add_option("--dns-server", dns_servers,
                   "DNS servers to ask instead of /etc/resolv.conf's:\n"
                   "IP[:PORT][,...], IPv6 as [ADDR]:PORT (repeatable)")
        ->type_name("LIST")
        ->allow_extra_args(false)
        ->group(network);
    app.add_option("--resolve", resolves,
                   "Use ADDRs for HOST on PORT, without asking DNS, as in curl;\n"
                   "HOST * is any host (repeatable)")
        ->type_name("HOST:PORT:ADDRS")
        ->allow_extra_args(false)
        ->group(network);
    app.add_flag("-4,--ipv4", ipv4_only, "Use IPv4 addresses only")->group(network);
    app.add_flag("-6,--ipv6", ipv6_only, "Use IPv6 addresses only")->group(network);

    app.add_option("-c,--concurrency", concurrency, "Checks in flight at once (default 100)")
        ->type_name("N")
        ->group(limits);
    app.add_option("--per-host", per_host, "Connections to one host at once (default 8)")->type_name("N")->group(limits);
    app.add_option("--host-interval", host_interval,
                   "Least time between the starts of two checks of one host,\n"
                   "e.g. 50ms (default 0: none)")
        ->type_name("DURATION")
        ->group(limits);
    app.add_option("--connect-timeout", connect_timeout, "Time limit to connect, TLS included (default 5)")
        ->type_name("SECONDS")
        ->group(limits);
    app.add_option("-t,--timeout", timeout, "Time limit for one whole attempt (default 10)")
        ->type_name("SECONDS")
        ->group(limits);
    app.add_option("-m,--max-time", max_time,
                   "Time limit for the whole run: checks still without an answer\n"
                   "then and the rest are reported as skipped (default 0: none)")
        ->type_name("SECONDS")
        ->group(limits);

    const std::string verdicts = "Verdicts";
    app.add_option("--slow", slow,
                   "Degraded when the check's last attempt takes longer, e.g.\n"
                   "800ms or 2s (default 0: off)")
        ->type_name("DURATION")
        ->group(verdicts);
    app.add_option("--cert-warn", cert_warn, "Degraded when the certificate expires within DAYS (default 14)")
        ->type_name("DAYS")
        ->group(verdicts);
    app.add_option("--cert-fail", cert_fail, "Down when the certificate expires within DAYS (default 0: once expired)")
        ->type_name("DAYS")
        ->group(verdicts);
    app.add_option("--redirect", redirect,
                   "follow, warn (follow, degraded: update the list), fail (down)\n"
                   "or none (the redirect is the answer) (default follow)")
        ->type_name("POLICY")
        ->group(verdicts);
    app.add_option("--fail-on", fail_on,
                   "Also fail the run (exit 3) on this state: degraded,\n"
                   "unverifiable or skipped (repeatable, or comma-separated)")
        ->type_name("STATE")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->group(verdicts);

    app.add_option("--format", format, "Report format: text, json or jsonl (default text)")
        ->type_name("FORMAT")
        ->group(output);
    app.add_option("-o,--output", opts.report.output_path, "Write the report to FILE (replaced atomically)")
        ->type_name("FILE")
        ->group(output);
    // -v/-q exclusion is checked after parsing: CLI11's excludes() would print
    // "Excludes: ..." into the help text of both options.
    app.add_flag("-v,--verbose", verbose, "Also list the URLs that are up (and skipped)")->group(output);
    app.add_flag("-q,--quiet", quiet,
                 "Only list the URLs that fail the run (down, and the states\n"
                 "--fail-on names); no summary")
        ->group(output);
    app.add_option("--color", color, "Colour: auto, always or never (default auto; NO_COLOR is honoured)")
        ->type_name("WHEN")
        ->group(output);

    auto usage = [&](const std::string& message) {
        outcome.exit_now = true;
        outcome.exit_code = 2;
        outcome.err = "urlcheck: " + message + "\nTry 'urlcheck --help' for more information.\n";
        return outcome;
    };

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        outcome.exit_now = true;
        outcome.exit_code = 0;
        outcome.out = app.help();
        return outcome;
    } catch (const CLI::CallForAllHelp&) {
        outcome.exit_now = true;
        outcome.exit_code = 0;
        outcome.out = app.help("", CLI::AppFormatMode::All);
        return outcome;
    } catch (const CLI::CallForVersion& e) {
        outcome.exit_now = true;
        outcome.exit_code = 0;
        outcome.out = std::string(e.what()) + "\n";
        return outcome;
    } catch (const CLI::ParseError& e) {
        // CLI11's own exit codes (100+) are not ours: every usage error is 2.
        return usage(clearer_message(e));
    }

    try {
        check_options& check = opts.check;
        check.concurrency = to_int("--concurrency", concurrency, 1);
        check.per_host = to_int("--per-host", per_host, 1);
        check.connect_timeout = to_duration("--connect-timeout", connect_timeout, false);
        check.timeout = to_duration("--timeout", timeout, false);
        check.max_time = to_duration("--max-time", max_time, true);
        if (!slow.empty()) {
            std::string why;
            auto d = parse_duration(slow, &why);
            if (!d) throw usage_error{"--slow: " + why + ", got '" + slow + "'"};
            check.slow = *d;  // 0: off, as --max-time 0
        }
        check.cert_warn_days = to_int("--cert-warn", cert_warn, 0);
        check.cert_fail_days = to_int("--cert-fail", cert_fail, 0);
        const auto policy = parse_redirect_policy(redirect);
        if (!policy) throw usage_error{"--redirect: expected follow, warn, fail or none, got '" + redirect + "'"};
        check.redirect = *policy;
        for (const auto& state : fail_on) {
            constexpr std::array<std::pair<std::string_view, verdict>, 3> failing{{
                {"degraded", verdict::degraded},
                {"unverifiable", verdict::unverifiable},
                {"skipped", verdict::skipped},
            }};
            switch (one_of("--fail-on", state, failing)) {
                case verdict::degraded: opts.report.fail_on.degraded = true; break;
                case verdict::unverifiable: opts.report.fail_on.unverifiable = true; break;
                default: opts.report.fail_on.skipped = true; break;
            }
        }
        check.max_redirects = to_int("--max-redirects", max_redirects, 0);
        check.retries = to_int("--retries", retries, 0);
        check.retry_wait = to_duration("--retry-wait", retry_wait, true);

        check.confirm = !no_confirm;
        check.confirm_wait = to_list_duration("--confirm-wait", confirm_wait);
        check.host_interval = to_list_duration("--host-interval", host_interval);

        const auto chosen_method = parse_http_method(method);
        if (!chosen_method) throw usage_error{"--method: expected auto, GET or HEAD, got '" + method + "'"};
        check.method = *chosen_method;

        std::string why;
        auto list = accept_list::parse(accept, &why);
        if (!list) throw usage_error{"--accept: " + why};
        check.accept = std::move(*list);

        for (const auto& h : headers) check.headers.push_back(to_header(h));

        constexpr std::size_t max_body_limit = 16 * 1024 * 1024;
        auto limit = parse_byte_size(body_limit, max_body_limit, &why);
        if (!limit) throw usage_error{"--body-limit: " + why};
        check.max_body_bytes = *limit;

        for (const auto& tag : opts.select.tags) {
            if (!is_tag(tag))
                throw usage_error{"--select-tag: invalid tag '" + printable(tag) + "' (letters, digits, '_', '.' and '-' only)"};
        }
        if (!entry_filter::make(opts.select, &why)) throw usage_error{why};

        for (const auto& d : dns_servers) {
            if (!parse_dns_servers(d, &why)) throw usage_error{"--dns-server: " + why};
            if (!check.dns_servers.empty()) check.dns_servers += ',';
            check.dns_servers += d;
        }
        for (const auto& r : resolves) {
            if (!parse_resolve_override(r, &why)) throw usage_error{"--resolve: " + why};
            check.resolve_overrides.push_back(r);
        }
        if (ipv4_only && ipv6_only) throw usage_error{"-4 and -6 cannot be used together"};
        check.ip_family = ipv4_only ? address_family::v4 : (ipv6_only ? address_family::v6 : address_family::any);

        if (!is_header_value(user_agent)) throw usage_error{"--user-agent: control characters are not allowed"};
        check.user_agent = user_agent;

        constexpr std::array<std::pair<std::string_view, output_format>, 3> formats{{
            {"text", output_format::text},
            {"json", output_format::json},
            {"jsonl", output_format::jsonl},
        }};
        opts.report.format = one_of("--format", format, formats);
        constexpr std::array<std::pair<std::string_view, color_mode>, 3> colours{{
            {"auto", color_mode::automatic},
            {"always", color_mode::always},
            {"never", color_mode::never},
        }};
        opts.report.color = one_of("--color", color, colours);

        if (app.count("--output") > 0 && opts.report.output_path.empty()) {
            throw usage_error{"--output: the file name is empty"};
        }
        if (app.count("--cacert") > 0 && check.cacert.empty()) {
            throw usage_error{"--cacert: the file name is empty"};
        }
        if (quiet && verbose) throw usage_error{"--quiet and --verbose cannot be used together"};
        opts.report.verbosity = quiet ? -1 : (verbose ? 1 : 0);
    } catch (const usage_error& e) {
        return usage(e.message);
    }
    return outcome;
}

}  // namespace urlcheck
