// The parsers of option values, selected by the first byte: the accept list,
// the whole command line (durations, numbers, headers, ...), one duration,
// --dns-server, --resolve, Retry-After and redirect resolution. None may
// crash or throw, and what they accept must be usable.
#include <boost/url/parse.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dns_config.hpp"
#include "fuzz_check.hpp"
#include "redirect.hpp"
#include "retry.hpp"
#include "urlcheck/accept_list.hpp"
#include "cli.hpp"

namespace {

using namespace std::chrono_literals;

// A parser's answer: a value, or else a message saying why not.
template <class Parse>
auto parse_checked(Parse parse, std::string_view text) {
    std::string error;
    auto value = parse(text, &error);
    FUZZ_CHECK(value.has_value() || !error.empty());
    return value;
}

void accept_list(std::string_view text) {
    const auto list = parse_checked(urlcheck::accept_list::parse, text);
    if (!list) return;
    // The canonical form parses back to the same set.
    const std::string canonical = list->to_string();
    const auto again = urlcheck::accept_list::parse(canonical);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->to_string() == canonical);
    for (int status = 0; status <= 1000; ++status) {
        FUZZ_CHECK(list->accepts(status) == again->accepts(status));
        if (status < 100 || status > 999) FUZZ_CHECK(!list->accepts(status));
    }
}

// argv from NUL-separated arguments.
urlcheck::cli_outcome command_line(std::vector<std::string> args) {
    // --no-config: a urlcheck.toml in the fuzzer's directory must not change what is fuzzed.
    args.insert(args.begin(), {"urlcheck", "--no-config"});
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    const urlcheck::cli_outcome outcome = urlcheck::parse_command_line(static_cast<int>(argv.size()), argv.data());
    if (outcome.exit_now) {
        FUZZ_CHECK(outcome.exit_code == 0 || outcome.exit_code == 2);
        if (outcome.exit_code == 2) FUZZ_CHECK(outcome.err.rfind("urlcheck: ", 0) == 0);
        return outcome;
    }
    const auto& check = outcome.opts.check;
    FUZZ_CHECK(check.concurrency >= 1 && check.per_host >= 1);
    FUZZ_CHECK(check.max_redirects >= 0 && check.retries >= 0);
    FUZZ_CHECK(check.timeout > 0ms && check.timeout <= 86'400'000ms);
    FUZZ_CHECK(check.connect_timeout > 0ms && check.connect_timeout <= 86'400'000ms);
    FUZZ_CHECK(check.retry_wait >= 0ms && check.retry_wait <= 86'400'000ms);
    for (const auto& server : check.dns_servers) FUZZ_CHECK(server.port != 0);
    for (const auto& entry : check.resolve_overrides) FUZZ_CHECK(entry.port != 0 && !entry.addresses.empty());
    return outcome;
}

std::vector<std::string> split_args(std::string_view text) {
    std::vector<std::string> args;
    while (args.size() < 32) {
        const std::size_t nul = text.find('\0');
        args.emplace_back(text.substr(0, nul));
        if (nul == std::string_view::npos) break;
        text.remove_prefix(nul + 1);
    }
    return args;
}

void duration(std::string_view text) {
    const auto outcome = command_line({"--timeout", std::string(text), "--retry-wait", std::string(text)});
    if (!outcome.exit_now) FUZZ_CHECK(outcome.opts.check.timeout >= 1ms);
}

void dns_servers(std::string_view text) {
    const auto servers = parse_checked(urlcheck::parse_dns_servers, text);
    if (!servers) return;
    FUZZ_CHECK(!servers->empty());
    for (const auto& s : *servers) FUZZ_CHECK(s.port != 0);
}

void resolve(std::string_view text) {
    const auto entry = parse_checked(urlcheck::parse_resolve_override, text);
    if (!entry) return;
    FUZZ_CHECK(entry->port != 0 && !entry->addresses.empty());
}

// --connect-to, fed the same text as --resolve (one syntax family): what
// parses reads back the same from its own text.
void connect_to(std::string_view text) {
    const auto rule = parse_checked(urlcheck::parse_connect_to, text);
    if (!rule) return;
    const auto again = urlcheck::parse_connect_to(urlcheck::connect_to_text(*rule));
    FUZZ_CHECK(again && *again == *rule);
}

void retry_after(std::string_view text) {
    // A fixed "now" keeps runs reproducible: 2026-01-01T00:00:00Z.
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600));
    const auto wait = urlcheck::parse_retry_after(text, now);
    if (!wait) return;
    FUZZ_CHECK(*wait >= 0ms);
    const urlcheck::retry_policy policy;
    const auto delay = urlcheck::next_retry_delay(policy, 1, urlcheck::error_kind::status, 503, wait);
    if (delay) FUZZ_CHECK(*delay == *wait && *delay <= policy.max_retry_after);
}

void redirect(std::string_view base, std::string_view location) {
    const auto target = urlcheck::resolve_redirect(base, location);
    FUZZ_CHECK(target.url.empty() != target.error.empty());
    if (target.url.empty()) return;
    const auto url = boost::urls::parse_absolute_uri(target.url);
    FUZZ_CHECK(url.has_value());
    FUZZ_CHECK(url->scheme() == "http" || url->scheme() == "https");
    FUZZ_CHECK(!url->encoded_host().empty() && !url->has_fragment());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 8) {
        case 0: accept_list(rest); break;
        case 1: command_line(split_args(rest)); break;
        case 2: duration(rest); break;
        case 3: dns_servers(rest); break;
        case 4:
            resolve(rest);
            connect_to(rest);
            break;
        case 5: retry_after(rest); break;
        case 6: {
            // The Location against a few realistic bases.
            constexpr std::string_view bases[] = {"https://example.com/a/b?q=1", "http://[::1]:8080/",
                                                  "https://user@host.example:8443/x/y/z#f", "http://10.0.0.1"};
            if (rest.empty()) break;
            redirect(bases[static_cast<unsigned char>(rest[0]) % 4], rest.substr(1));
            break;
        }
        case 7: {
            // Base and Location, separated by the first newline.
            const std::size_t newline = rest.find('\n');
            if (newline == std::string_view::npos) break;
            redirect(rest.substr(0, newline), rest.substr(newline + 1));
            break;
        }
    }
    return 0;
}
