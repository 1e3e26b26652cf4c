#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "urlcheck/version.hpp"

namespace {

using namespace std::chrono_literals;
using urlcheck::cli_outcome;
using urlcheck::parse_command_line;

cli_outcome parse(std::initializer_list<const char*> args) {
    std::vector<const char*> argv{"urlcheck"};
    argv.insert(argv.end(), args.begin(), args.end());
    return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// A usage error: exit 2, the message on one line, then the hint.
void expect_usage_error(std::initializer_list<const char*> args, const std::string& message) {
    const cli_outcome r = parse(args);
    EXPECT_TRUE(r.exit_now);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "urlcheck: " + message + "\nTry 'urlcheck --help' for more information.\n");
}

TEST(Cli, Defaults) {
    const cli_outcome r = parse({});
    ASSERT_FALSE(r.exit_now);
    EXPECT_TRUE(r.opts.inputs.empty());
    const auto& c = r.opts.check;
    EXPECT_EQ(c.concurrency, 100);
    EXPECT_EQ(c.per_host, 8);
    EXPECT_EQ(c.connect_timeout, 5000ms);
    EXPECT_EQ(c.timeout, 10000ms);
    EXPECT_EQ(c.max_time, 0ms);  // no run deadline
    EXPECT_EQ(c.method, urlcheck::http_method::automatic);
    EXPECT_TRUE(c.confirm);
    EXPECT_EQ(c.confirm_wait, std::chrono::milliseconds(2000));
    EXPECT_EQ(c.host_interval, std::chrono::milliseconds(0));
    EXPECT_EQ(c.max_redirects, 5);
    EXPECT_EQ(c.retries, 1);
    EXPECT_EQ(c.retry_wait, 500ms);
    EXPECT_EQ(c.accept.to_string(), "200-299");
    EXPECT_TRUE(c.headers.empty());
    EXPECT_EQ(c.user_agent, std::string("urlcheck/") + urlcheck::version);
    EXPECT_EQ(c.cacert, "");
    EXPECT_FALSE(c.insecure);
    EXPECT_TRUE(c.dns_servers.empty());
    EXPECT_TRUE(c.resolve_overrides.empty());
    EXPECT_EQ(c.ip_family, urlcheck::address_family::any);
    EXPECT_EQ(r.opts.report.format, urlcheck::output_format::text);
    EXPECT_EQ(r.opts.report.output_path, "");
    EXPECT_EQ(r.opts.report.verbosity, 0);
    EXPECT_EQ(r.opts.report.color, urlcheck::color_mode::automatic);
}

TEST(Cli, Inputs) {
    const cli_outcome r = parse({"urls.txt", "-", "https://example.com/", "--", "-odd-name"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.inputs, (std::vector<std::string>{"urls.txt", "-", "https://example.com/", "-odd-name"}));
}

TEST(Cli, EveryOption) {
    const cli_outcome r = parse({"-c", "20", "--per-host", "2", "--connect-timeout", "1.5", "-t", "0.25", "--method", "head",
                                 "--max-redirects", "0", "--retries", "3", "--retry-wait", "0", "--accept", "200-299, 401",
                                 "-H", "X-Token: abc  ", "--header", "Accept:text/html", "-A", "probe/1", "--cacert",
                                 "ca.pem", "-k", "--format", "JSON", "-o", "out.json", "-v", "--color", "never", "u.txt"});
    ASSERT_FALSE(r.exit_now) << r.err;
    const auto& c = r.opts.check;
    EXPECT_EQ(c.concurrency, 20);
    EXPECT_EQ(c.per_host, 2);
    EXPECT_EQ(c.connect_timeout, 1500ms);
    EXPECT_EQ(c.timeout, 250ms);
    EXPECT_EQ(c.method, urlcheck::http_method::head);
    EXPECT_EQ(c.max_redirects, 0);
    EXPECT_EQ(c.retries, 3);
    EXPECT_EQ(c.retry_wait, 0ms);
    EXPECT_EQ(c.accept.to_string(), "200-299,401");
    ASSERT_EQ(c.headers.size(), 2u);
    EXPECT_EQ(c.headers[0].name, "X-Token");
    EXPECT_EQ(c.headers[0].value, "abc");
    EXPECT_EQ(c.headers[1].name, "Accept");
    EXPECT_EQ(c.headers[1].value, "text/html");
    EXPECT_EQ(c.user_agent, "probe/1");
    EXPECT_EQ(c.cacert, "ca.pem");
    EXPECT_TRUE(c.insecure);
    EXPECT_EQ(r.opts.report.format, urlcheck::output_format::json);
    EXPECT_EQ(r.opts.report.output_path, "out.json");
    EXPECT_EQ(r.opts.report.verbosity, 1);
    EXPECT_EQ(r.opts.report.color, urlcheck::color_mode::never);
    EXPECT_EQ(r.opts.inputs, std::vector<std::string>{"u.txt"});
}

TEST(Cli, LongFormsAndEqualsSyntax) {
    const cli_outcome r = parse({"--concurrency=7", "--timeout=3", "--insecure", "--quiet", "--format=jsonl",
                                 "--output=r.jsonl", "--user-agent=x", "--color=ALWAYS", "--method=GET"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.check.concurrency, 7);
    EXPECT_EQ(r.opts.check.timeout, 3000ms);
    EXPECT_TRUE(r.opts.check.insecure);
    EXPECT_EQ(r.opts.report.verbosity, -1);
    EXPECT_EQ(r.opts.report.format, urlcheck::output_format::jsonl);
    EXPECT_EQ(r.opts.report.output_path, "r.jsonl");
    EXPECT_EQ(r.opts.report.color, urlcheck::color_mode::always);
    EXPECT_EQ(r.opts.check.method, urlcheck::http_method::get);
}

TEST(Cli, MethodConfirmationAndPoliteness) {
    const cli_outcome r = parse({"--method", "AUTO", "--confirm-wait", "750ms", "--no-confirm", "--host-interval", "0.05"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.check.method, urlcheck::http_method::automatic);
    EXPECT_FALSE(r.opts.check.confirm);
    EXPECT_EQ(r.opts.check.confirm_wait, 750ms);
    EXPECT_EQ(r.opts.check.host_interval, 50ms);
}

TEST(Cli, MaxTime) {
    EXPECT_EQ(parse({"--max-time", "90"}).opts.check.max_time, 90000ms);
    EXPECT_EQ(parse({"-m", "0.5"}).opts.check.max_time, 500ms);
    EXPECT_EQ(parse({"-m", "0"}).opts.check.max_time, 0ms);
    expect_usage_error({"-m", "soon"}, "--max-time: expected a duration like 800ms, 2s or 1.5s, got 'soon'");
}

TEST(Cli, TinyTimeoutIsNotZero) { EXPECT_EQ(parse({"-t", "0.0001"}).opts.check.timeout, 1ms); }

TEST(Cli, HeaderDoesNotSwallowInputs) {
    const cli_outcome r = parse({"-H", "A: b", "urls.txt"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.check.headers.size(), 1u);
    EXPECT_EQ(r.opts.inputs, std::vector<std::string>{"urls.txt"});
}

TEST(Cli, EmptyHeaderValueAllowed) {
    const cli_outcome r = parse({"-H", "X-Empty:"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.check.headers.at(0).value, "");
}

TEST(Cli, BadNumbers) {
    expect_usage_error({"-c", "0"}, "--concurrency: 0 is out of range, expected a whole number >= 1");
    expect_usage_error({"-c", "abc"}, "--concurrency: expected a whole number >= 1, got 'abc'");
    expect_usage_error({"-c", "1.5"}, "--concurrency: expected a whole number >= 1, got '1.5'");
    expect_usage_error({"-c", "99999999999"}, "--concurrency: 99999999999 is out of range, expected a whole number >= 1");
    expect_usage_error({"--per-host", "-1"}, "--per-host: -1 is out of range, expected a whole number >= 1");
    expect_usage_error({"--max-redirects", "-1"}, "--max-redirects: -1 is out of range, expected a whole number >= 0");
    expect_usage_error({"--retries", "x"}, "--retries: expected a whole number >= 0, got 'x'");
}

TEST(Cli, BadDurations) {
    expect_usage_error({"-t", "0"}, "--timeout: 0 is out of range, expected a duration > 0 (at most 24 hours)");
    expect_usage_error({"-t", "0ms"}, "--timeout: 0ms is out of range, expected a duration > 0 (at most 24 hours)");
    expect_usage_error({"-t", "-1"}, "--timeout: expected a duration like 800ms, 2s or 1.5s, got '-1'");
    expect_usage_error({"-t", "abc"}, "--timeout: expected a duration like 800ms, 2s or 1.5s, got 'abc'");
    expect_usage_error({"-t", "nan"}, "--timeout: expected a duration like 800ms, 2s or 1.5s, got 'nan'");
    expect_usage_error({"-t", "86401"}, "--timeout: duration out of range: at most 24 hours, got '86401'");
    expect_usage_error({"--connect-timeout", "1m"},
                       "--connect-timeout: expected a duration like 800ms, 2s or 1.5s, got '1m'");
    expect_usage_error({"--retry-wait", "-0.5"}, "--retry-wait: expected a duration like 800ms, 2s or 1.5s, got '-0.5'");
    // An empty value is an error like any other, not "off".
    expect_usage_error({"--slow", ""}, "--slow: expected a duration like 800ms, 2s or 1.5s, got ''");
}

// Every duration option reads the one grammar of durations.
TEST(Cli, EveryDurationOptionTakesUnits) {
    const cli_outcome r = parse({"--timeout", "2s", "--connect-timeout", "500ms", "--retry-wait", "1.5", "--max-time",
                                 "90s", "--slow", "800ms", "--confirm-wait", "1s", "--host-interval", "50ms"});
    ASSERT_FALSE(r.exit_now) << r.err;
    const auto& c = r.opts.check;
    EXPECT_EQ(c.timeout, 2000ms);
    EXPECT_EQ(c.connect_timeout, 500ms);
    EXPECT_EQ(c.retry_wait, 1500ms);
    EXPECT_EQ(c.max_time, 90000ms);
    EXPECT_EQ(c.slow, 800ms);
    EXPECT_EQ(c.confirm_wait, 1000ms);
    EXPECT_EQ(c.host_interval, 50ms);
}

TEST(Cli, BadEnumerations) {
    expect_usage_error({"--method", "POST"}, "--method: expected auto, GET or HEAD, got 'POST'");
    expect_usage_error({"--confirm-wait", "2x"}, "--confirm-wait: expected a duration like 800ms, 2s or 1.5s, got '2x'");
    expect_usage_error({"--host-interval", "-1"}, "--host-interval: expected a duration like 800ms, 2s or 1.5s, got '-1'");
    expect_usage_error({"--format", "xml"}, "--format: expected text, json, jsonl, junit, github, markdown, sarif, html, csv or prometheus, got 'xml'");
    expect_usage_error({"--color", "sometimes"}, "--color: expected auto, always or never, got 'sometimes'");
}

TEST(Cli, BadAcceptList) {
    expect_usage_error({"--accept", "200-299,,401"}, "--accept: empty element in accept list '200-299,,401'");
    expect_usage_error({"--accept", "299-200"},
                       "--accept: reversed range '299-200' in accept list: the lower status comes first");
}

TEST(Cli, BadHeaders) {
    expect_usage_error({"-H", "NoColon"}, "--header: expected 'Name: value', got 'NoColon'");
    expect_usage_error({"-H", ": value"}, "--header: missing header name before ':'");
    expect_usage_error({"-H", "Bad Name: x"}, "--header: invalid header name 'Bad ...'");
    expect_usage_error({"-H", "X: a\r\nInjected: 1"},
                       "--header: control characters are not allowed in the value of 'X'");
}

TEST(Cli, BadHeaderMessagesDoNotQuoteTheValue) {
    // Usage errors land in CI logs: a mistyped credential header must not.
    expect_usage_error({"-H", "Authorization Bearer s3cr3t"}, "--header: expected 'Name: value', got 'Authorization ...'");
    expect_usage_error({"-H", "Authorization Bearer s3cr3t:x"}, "--header: invalid header name 'Authorization ...'");
    expect_usage_error({"-H", ":s3cr3t"}, "--header: missing header name before ':'");
    for (const char* bad : {"Authorization Bearer s3cr3t", "Authorization Bearer s3cr3t:x", ":s3cr3t",
                            "Cookie: s3cr3t\r\nX: y"}) {
        const cli_outcome r = parse({"-H", bad, "https://example.test/"});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_EQ(r.err.find("s3cr3t"), std::string::npos) << r.err;
    }
}

TEST(Cli, NameResolution) {
    const cli_outcome r = parse({"--dns-server", "192.0.2.53,[2001:db8::53]:5353", "--dns-server=192.0.2.54:53",
                                 "--resolve", "example.com:443:192.0.2.1,[2001:db8::1]", "--resolve",
                                 "*:80:127.0.0.1", "-6", "u.txt"});
    ASSERT_FALSE(r.exit_now) << r.err;
    const auto& c = r.opts.check;
    // Parsed once, here: the resolver takes these as they are.
    ASSERT_EQ(c.dns_servers.size(), 3u);
    const std::vector<std::pair<std::string, int>> servers{{"192.0.2.53", 53}, {"2001:db8::53", 5353}, {"192.0.2.54", 53}};
    for (std::size_t i = 0; i < servers.size(); ++i) {
        EXPECT_EQ(c.dns_servers[i].address.to_string(), servers[i].first);
        EXPECT_EQ(c.dns_servers[i].port, servers[i].second);
    }
    EXPECT_TRUE(c.dns_servers[1].address.is_v6());
    ASSERT_EQ(c.resolve_overrides.size(), 2u);
    EXPECT_EQ(c.resolve_overrides[0].host, "example.com");
    EXPECT_EQ(c.resolve_overrides[0].port, 443);
    ASSERT_EQ(c.resolve_overrides[0].addresses.size(), 2u);
    EXPECT_EQ(c.resolve_overrides[0].addresses[0].to_string(), "192.0.2.1");
    EXPECT_EQ(c.resolve_overrides[0].addresses[1].to_string(), "2001:db8::1");
    EXPECT_EQ(c.resolve_overrides[1].host, "*");
    EXPECT_EQ(c.resolve_overrides[1].port, 80);
    ASSERT_EQ(c.resolve_overrides[1].addresses.size(), 1u);
    EXPECT_EQ(c.resolve_overrides[1].addresses[0].to_string(), "127.0.0.1");
    EXPECT_EQ(c.ip_family, urlcheck::address_family::v6);
    EXPECT_EQ(r.opts.inputs, std::vector<std::string>{"u.txt"});  // --resolve took one value only
    EXPECT_EQ(parse({"-4"}).opts.check.ip_family, urlcheck::address_family::v4);
    EXPECT_EQ(parse({"--ipv4"}).opts.check.ip_family, urlcheck::address_family::v4);
}

TEST(Cli, BadNameResolution) {
    expect_usage_error({"--dns-server", "dns.google"},
                       "--dns-server: 'dns.google' is not a DNS server address (expected IP or IP:PORT, IPv6 as "
                       "[ADDR]:PORT)");
    expect_usage_error({"--dns-server", "192.0.2.1:99999"},
                       "--dns-server: '192.0.2.1:99999': port '99999' is not a number from 1 to 65535");
    expect_usage_error({"--dns-server", ""}, "--dns-server: no DNS server given");
    expect_usage_error({"--resolve", "example.com:443"},
                       "--resolve: 'example.com:443': missing ADDR (expected HOST:PORT:ADDR[,ADDR...])");
    expect_usage_error({"--resolve", "example.com:443:localhost"},
                       "--resolve: 'example.com:443:localhost': 'localhost' is not an IP address (expected "
                       "HOST:PORT:ADDR[,ADDR...])");
    // Only one trailing dot is the root's; more would never match a URL.
    expect_usage_error({"--resolve", "a..:443:127.0.0.1"},
                       "--resolve: 'a..:443:127.0.0.1': HOST has an empty label (expected HOST:PORT:ADDR[,ADDR...])");
    expect_usage_error({"--connect-to", ".a::b:"},
                       "--connect-to: '.a::b:': HOST1 is not a host name or [IPv6] (expected HOST1:PORT1:HOST2:PORT2, "
                       "any part may be empty)");
    expect_usage_error({"-4", "-6"}, "-4 and -6 cannot be used together");
}

TEST(Cli, QuietAndVerboseConflict) {
    expect_usage_error({"-q", "-v"}, "--quiet and --verbose cannot be used together");
}

TEST(Cli, Cli11ErrorsBecomeExit2) {
    expect_usage_error({"--frobnicate"}, "unknown option --frobnicate");
    expect_usage_error({"--concurency", "5"}, "unknown option --concurency (did you mean --concurrency?)");
    expect_usage_error({"--timout=5"}, "unknown option --timout=5 (did you mean --timeout?)");
    expect_usage_error({"-c"}, "--concurrency: a value is required");
    expect_usage_error({"-o", ""}, "--output: the file name is empty");
}

TEST(Cli, Help) {
    for (const char* flag : {"--help", "-h"}) {
        const cli_outcome r = parse({flag});
        EXPECT_TRUE(r.exit_now);
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(r.err, "");
        for (const char* option :
             {"--concurrency", "-c,", "--per-host", "--connect-timeout", "--timeout", "-t,", "--method", "--max-redirects",
              "--retries", "--retry-wait", "--accept", "--header", "-H,", "--user-agent", "-A,", "--cacert", "--insecure",
              "-k,", "--format", "--output", "-o,", "--verbose", "-v,", "--quiet", "-q,", "--color", "--version", "--help",
              "--dns-server", "--resolve", "-4,", "--ipv4", "-6,", "--ipv6", "Name resolution:", "INPUT", "Input:", "Requests:", "TLS:", "Limits & timeouts:", "Output:", "Exit status", "130/143"}) {
            EXPECT_NE(r.out.find(option), std::string::npos) << option;
        }
    }
}

TEST(Cli, HelpWinsOverBadValues) {
    const cli_outcome r = parse({"-c", "0", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Usage"), std::string::npos);
}

TEST(Cli, Version) {
    for (const char* flag : {"--version", "-V"}) {  // -V: curl's and lychee's habit
        const cli_outcome r = parse({flag});
        EXPECT_TRUE(r.exit_now) << flag;
        EXPECT_EQ(r.exit_code, 0) << flag;
        // The first line is the one scripts match; the rest is for bug reports.
        EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), std::string("urlcheck ") + urlcheck::version + "\n") << flag;
        for (const char* line : {"\ncommit: ", "\nOpenSSL: ", "\nBoost: ", "\nc-ares: ", "\nfmt: "})
            EXPECT_NE(r.out.find(line), std::string::npos) << flag << " lacks " << line << " in:\n" << r.out;
        EXPECT_EQ(r.err, "") << flag;
    }
}

}  // namespace

namespace {

TEST(Cli, BodyLimit) {
    EXPECT_EQ(parse({}).opts.check.max_body_bytes, 64u * 1024);
    struct size_row {
        const char* text;
        std::size_t bytes;
    };
    for (const auto& row : {size_row{"65536", 65536}, size_row{"64k", 64 * 1024}, size_row{"64K", 64 * 1024},
                            size_row{"1m", 1024 * 1024}, size_row{"1M", 1024 * 1024}, size_row{"16m", 16 * 1024 * 1024},
                            size_row{"0", 0}, size_row{"100", 100}}) {
        const cli_outcome r = parse({"--body-limit", row.text});
        ASSERT_FALSE(r.exit_now) << row.text << ": " << r.err;
        EXPECT_EQ(r.opts.check.max_body_bytes, row.bytes) << row.text;
    }
    expect_usage_error({"--body-limit", "lots"}, "--body-limit: expected a size like 65536, 64k or 1m");
    expect_usage_error({"--body-limit", "64kb"}, "--body-limit: expected a size like 65536, 64k or 1m");
    expect_usage_error({"--body-limit", "-1"}, "--body-limit: expected a size like 65536, 64k or 1m");
    expect_usage_error({"--body-limit", "k"}, "--body-limit: expected a size like 65536, 64k or 1m");
    expect_usage_error({"--body-limit", "1.5m"}, "--body-limit: expected a size like 65536, 64k or 1m");
    expect_usage_error({"--body-limit", "17m"}, "--body-limit: size out of range: at most 16777216 bytes");
    expect_usage_error({"--body-limit", "99999999999999999999999"},
                       "--body-limit: size out of range: at most 16777216 bytes");
}

TEST(Cli, Selection) {
    const cli_outcome r = parse({"--select-tag", "prod", "--select-tag", "api", "--include", "^https://", "--exclude",
                                 "/old/", "u.txt"});
    ASSERT_FALSE(r.exit_now) << r.err;
    EXPECT_EQ(r.opts.select.tags, (std::vector<std::string>{"prod", "api"}));
    EXPECT_EQ(r.opts.select.include, std::vector<std::string>{"^https://"});
    EXPECT_EQ(r.opts.select.exclude, std::vector<std::string>{"/old/"});
    expect_usage_error({"--exclude", "[a"}, "--exclude: invalid regex '[a': Unmatched [ or [^ in character class declaration.");
    expect_usage_error({"--select-tag", "a/b"}, "--select-tag: invalid tag 'a/b' (letters, digits, '_', '.' and '-' only)");
}

}  // namespace
