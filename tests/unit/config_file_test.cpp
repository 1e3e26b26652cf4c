// The configuration file (src/cli/config_file): TOML keys are the long
// option names, every value goes through its option's own apply (same
// messages as the command line), the command line wins, and --print-config
// writes a file that reads back to the same options.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "cli/config_file.hpp"
#include "cli/options_table.hpp"

namespace {

using namespace std::chrono_literals;
namespace cli = urlcheck::cli;
using urlcheck::cli_outcome;
using urlcheck::options;

cli_outcome parse(const std::vector<std::string>& args) {
    std::vector<const char*> argv{"urlcheck"};
    for (const auto& a : args) argv.push_back(a.c_str());
    return urlcheck::parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// What the command line says about one value: the message after "--name: ".
std::string command_line_message(const std::string& option, const std::string& value) {
    const cli_outcome r = parse({"--no-config", option, value});
    EXPECT_EQ(r.exit_code, 2) << option << " " << value;
    const std::string prefix = "urlcheck: " + option + ": ";
    EXPECT_EQ(r.err.rfind(prefix, 0), 0u) << r.err;
    return r.err.substr(prefix.size(), r.err.find('\n') - prefix.size());
}

std::string parse_error(const std::string& text) {
    std::string error;
    const auto file = cli::parse_config(text, "t.toml", &error);
    EXPECT_FALSE(file) << text;
    return error;
}

// Every field of `options`, compared. The structured bindings name every
// member, so a field added to options (or one of its parts) stops this from
// compiling until it is compared here too.
void expect_same_options(const options& a, const options& b) {
    const auto& [inputs, input, sitemaps, select, check, report, config, lint, state] = a;
    EXPECT_EQ(inputs, b.inputs);
    {
        const auto& [path, wait, fail_after, recover_after, remind_every, skip_fresh] = state;
        EXPECT_EQ(path, b.state.path);
        EXPECT_EQ(wait, b.state.wait);
        EXPECT_EQ(fail_after, b.state.fail_after);
        EXPECT_EQ(recover_after, b.state.recover_after);
        EXPECT_EQ(remind_every, b.state.remind_every);
        EXPECT_EQ(skip_fresh, b.state.skip_fresh);
    }
    EXPECT_EQ(sitemaps, b.sitemaps);
    EXPECT_EQ(lint, b.lint);
    {
        const auto& [format, extract, base, dedup] = input;
        EXPECT_EQ(format, b.input.format);
        EXPECT_EQ(extract, b.input.extract);
        EXPECT_EQ(base, b.input.base);
        EXPECT_EQ(dedup, b.input.dedup);
    }
    {
        const auto& [tags, include, exclude, exclude_files, ignore_file, shard] = select;
        // --shard; its environment is read when the run starts, never from a file.
        EXPECT_EQ(shard.index, b.select.shard.index);
        EXPECT_EQ(shard.count, b.select.shard.count);
        EXPECT_EQ(shard.automatic, b.select.shard.automatic);
        EXPECT_EQ(shard.shards, b.select.shard.shards);
        EXPECT_EQ(tags, b.select.tags);
        EXPECT_EQ(include, b.select.include);
        EXPECT_EQ(exclude, b.select.exclude);
        EXPECT_EQ(exclude_files, b.select.exclude_files);
        EXPECT_EQ(ignore_file, b.select.ignore_file);
    }
    {
        const auto& [concurrency, per_host, connect_timeout, timeout, max_time, method, max_redirects, retries,
                     retry_wait, max_retry_after, accept, headers, user_agent, cacert, insecure, capath, client_cert,
                     client_key, pass_env, tls_min, max_body_bytes, max_header_bytes, dns_servers, resolve_overrides,
                     ip_family, connect_to, all_addresses, slow, cert_warn_days, cert_fail_days, redirect, confirm,
                     confirm_wait, host_interval, proxy] = check;
        const auto& o = b.check;
        EXPECT_EQ(concurrency, o.concurrency);
        EXPECT_EQ(per_host, o.per_host);
        EXPECT_EQ(connect_timeout, o.connect_timeout);
        EXPECT_EQ(timeout, o.timeout);
        EXPECT_EQ(max_time, o.max_time);
        EXPECT_EQ(method, o.method);
        EXPECT_EQ(max_redirects, o.max_redirects);
        EXPECT_EQ(retries, o.retries);
        EXPECT_EQ(retry_wait, o.retry_wait);
        EXPECT_EQ(max_retry_after, o.max_retry_after);
        EXPECT_EQ(accept.to_string(), o.accept.to_string());
        ASSERT_EQ(headers.size(), o.headers.size());
        for (std::size_t i = 0; i < headers.size(); ++i) {
            EXPECT_EQ(headers[i].name, o.headers[i].name);
            EXPECT_EQ(headers[i].value, o.headers[i].value);
        }
        EXPECT_EQ(user_agent, o.user_agent);
        EXPECT_EQ(cacert, o.cacert);
        EXPECT_EQ(insecure, o.insecure);
        EXPECT_EQ(capath, o.capath);
        EXPECT_EQ(client_cert, o.client_cert);
        EXPECT_EQ(client_key, o.client_key);
        EXPECT_EQ(pass_env, o.pass_env);
        EXPECT_EQ(tls_min, o.tls_min);
        EXPECT_EQ(max_body_bytes, o.max_body_bytes);
        EXPECT_EQ(max_header_bytes, o.max_header_bytes);
        ASSERT_EQ(dns_servers.size(), o.dns_servers.size());
        for (std::size_t i = 0; i < dns_servers.size(); ++i) {
            EXPECT_EQ(dns_servers[i].address, o.dns_servers[i].address);
            EXPECT_EQ(dns_servers[i].port, o.dns_servers[i].port);
        }
        EXPECT_EQ(proxy.url, o.proxy.url);
        EXPECT_EQ(proxy.noproxy, o.proxy.noproxy);
        EXPECT_EQ(proxy.use_environment, o.proxy.use_environment);
        ASSERT_EQ(resolve_overrides.size(), o.resolve_overrides.size());
        for (std::size_t i = 0; i < resolve_overrides.size(); ++i) {
            EXPECT_EQ(resolve_overrides[i].host, o.resolve_overrides[i].host);
            EXPECT_EQ(resolve_overrides[i].port, o.resolve_overrides[i].port);
            EXPECT_EQ(resolve_overrides[i].addresses, o.resolve_overrides[i].addresses);
        }
        EXPECT_EQ(ip_family, o.ip_family);
        EXPECT_TRUE(connect_to == o.connect_to);
        EXPECT_EQ(all_addresses, o.all_addresses);
        EXPECT_EQ(slow, o.slow);
        EXPECT_EQ(cert_warn_days, o.cert_warn_days);
        EXPECT_EQ(cert_fail_days, o.cert_fail_days);
        EXPECT_EQ(redirect, o.redirect);
        EXPECT_EQ(confirm, o.confirm);
        EXPECT_EQ(confirm_wait, o.confirm_wait);
        EXPECT_EQ(host_interval, o.host_interval);
    }
    {
        const auto& [format, output_path, reports, annotations, verbosity, color, order, fail_on, explain,
                     changes_only, ack_path] = report;
        EXPECT_EQ(changes_only, b.report.changes_only);
        static_cast<void>(explain);  // --explain is for the command line only: no key
        const auto& o = b.report;
        EXPECT_EQ(format, o.format);
        EXPECT_EQ(output_path, o.output_path);
        EXPECT_EQ(reports, o.reports);
        EXPECT_EQ(annotations, o.annotations);
        EXPECT_EQ(verbosity, o.verbosity);
        EXPECT_EQ(color, o.color);
        EXPECT_EQ(order, o.order);
        EXPECT_EQ(ack_path, o.ack_path);
        const auto& [degraded, unverifiable, skipped, pending] = fail_on;
        EXPECT_EQ(pending, o.fail_on.pending);
        EXPECT_EQ(degraded, o.fail_on.degraded);
        EXPECT_EQ(unverifiable, o.fail_on.unverifiable);
        EXPECT_EQ(skipped, o.fail_on.skipped);
    }
    // Where the options came from is no option of a run: not printed, not
    // compared.
    static_cast<void>(config);
}

class ConfigFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tpl = (std::filesystem::temp_directory_path() / "urlcheck-config-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    std::string write(const std::string& name, const std::string& text) const {
        const auto path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }
    // The options from `text` as the configuration file, under `args`.
    cli_outcome with_config(const std::string& text, std::vector<std::string> args = {}) {
        args.insert(args.begin(), {"--config", write("config.toml", text)});
        return parse(args);
    }

    std::filesystem::path dir_;
};

TEST_F(ConfigFile, EveryKindOfValue) {
    const cli_outcome r = with_config(R"(
inputs = ["urls.txt", "-"]
timeout = 5                     # a number of seconds, as on the command line
connect-timeout = "1.5s"
slow = 0.8
concurrency = 50
body-limit = 1048576
method = "get"
header = ["X-A: 1", "X-B: 2"]
fail-on = "degraded,skipped"    # comma-separated, as on the command line
report = ["text", "junit=junit.xml"]
verbose = true
insecure = false                # a flag set to false is a flag not given
dns-server = ["192.0.2.53", "[2001:db8::53]:5353"]
select-tag = ["prod"]
)");
    ASSERT_FALSE(r.exit_now) << r.err;
    const options& o = r.opts;
    EXPECT_EQ(o.inputs, (std::vector<std::string>{"urls.txt", "-"}));
    EXPECT_EQ(o.check.timeout, 5000ms);
    EXPECT_EQ(o.check.connect_timeout, 1500ms);
    EXPECT_EQ(o.check.slow, 800ms);
    EXPECT_EQ(o.check.concurrency, 50);
    EXPECT_EQ(o.check.max_body_bytes, 1024u * 1024u);
    EXPECT_EQ(o.check.method, urlcheck::http_method::get);
    ASSERT_EQ(o.check.headers.size(), 2u);
    EXPECT_EQ(o.check.headers[1].name, "X-B");
    EXPECT_TRUE(o.report.fail_on.degraded);
    EXPECT_TRUE(o.report.fail_on.skipped);
    EXPECT_FALSE(o.report.fail_on.unverifiable);
    EXPECT_EQ(o.report.reports, (std::vector<urlcheck::report_request>{{urlcheck::output_format::text, ""},
                                                                       {urlcheck::output_format::junit, "junit.xml"}}));
    EXPECT_EQ(o.report.verbosity, 1);
    EXPECT_FALSE(o.check.insecure);
    ASSERT_EQ(o.check.dns_servers.size(), 2u);
    EXPECT_EQ(o.check.dns_servers[1].port, 5353);
    EXPECT_EQ(o.select.tags, (std::vector<std::string>{"prod"}));
}

// A scalar wins; a list given on the command line replaces the file's list
// (so a run can drop a header or a report the file has); INPUTs too; and
// of -q/-v, -4/-6 and --format/-o/--report the command line's choice is
// taken whole.
TEST_F(ConfigFile, CommandLineWins) {
    const std::string file = R"(
inputs = ["from-file.txt"]
timeout = 5
retries = 3
header = ["X-File: 1"]
verbose = true
ipv6 = true
report = ["text", "junit=junit.xml"]
fail-on = ["degraded"]
)";
    const cli_outcome r = with_config(file, {"-t", "2", "-H", "X-Cli: 1", "-q", "-4", "--format", "json", "cli.txt"});
    ASSERT_FALSE(r.exit_now) << r.err;
    const options& o = r.opts;
    EXPECT_EQ(o.inputs, (std::vector<std::string>{"cli.txt"}));
    EXPECT_EQ(o.check.timeout, 2000ms);
    EXPECT_EQ(o.check.retries, 3);  // not on the command line: the file's
    ASSERT_EQ(o.check.headers.size(), 1u);
    EXPECT_EQ(o.check.headers[0].name, "X-Cli");
    EXPECT_EQ(o.report.verbosity, -1);
    EXPECT_EQ(o.check.ip_family, urlcheck::address_family::v4);
    EXPECT_EQ(o.report.format, urlcheck::output_format::json);
    EXPECT_TRUE(o.report.reports.empty()) << "--format on the command line sets the file's reports aside";
    EXPECT_TRUE(o.report.fail_on.degraded);

    const cli_outcome alone = with_config(file);
    ASSERT_FALSE(alone.exit_now) << alone.err;
    EXPECT_EQ(alone.opts.inputs, (std::vector<std::string>{"from-file.txt"}));
    EXPECT_EQ(alone.opts.check.timeout, 5000ms);
    EXPECT_EQ(alone.opts.report.verbosity, 1);
    EXPECT_EQ(alone.opts.check.ip_family, urlcheck::address_family::v6);
    EXPECT_EQ(alone.opts.report.reports.size(), 2u);
}

// --report against --format/-o: the command line's side is taken whole, and
// -o alone keeps the file's --format.
TEST_F(ConfigFile, ReportsOnTheCommandLineSetTheFilesAside) {
    using urlcheck::output_format;
    const std::string formats = "format = \"jsonl\"\noutput = \"file.jsonl\"\n";
    const cli_outcome reports = with_config(formats, {"--report", "junit=j.xml"});
    ASSERT_FALSE(reports.exit_now) << reports.err;
    EXPECT_EQ(reports.opts.report.format, output_format::text);
    EXPECT_EQ(reports.opts.report.output_path, "");
    EXPECT_EQ(reports.opts.report.reports.size(), 1u);

    const cli_outcome output = with_config(formats, {"-o", "cli.jsonl"});
    ASSERT_FALSE(output.exit_now) << output.err;
    EXPECT_EQ(output.opts.report.format, output_format::jsonl);
    EXPECT_EQ(output.opts.report.output_path, "cli.jsonl");

    const cli_outcome format = with_config("report = [\"junit=j.xml\"]\n", {"--format", "json"});
    ASSERT_FALSE(format.exit_now) << format.err;
    EXPECT_EQ(format.opts.report.format, output_format::json);
    EXPECT_TRUE(format.opts.report.reports.empty());
}

// The file's values are checked even when the command line overrides them:
// a broken file is an error whatever the command line says.
TEST_F(ConfigFile, OverriddenValuesAreStillChecked) {
    const cli_outcome r = with_config("timeout = \"soon\"\n", {"-t", "2"});
    EXPECT_TRUE(r.exit_now);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("config.toml:1: timeout: "), std::string::npos) << r.err;
}

// A bad value gets the command line's own message, after FILE:LINE: KEY.
TEST_F(ConfigFile, BadValuesSayWhatTheCommandLineSays) {
    struct row {
        const char* key;
        const char* toml_value;
        const char* option;
        const char* command_line_value;
    };
    for (const auto& [key, toml_value, option, command_line_value] : {
             row{"timeout", "\"5 years\"", "--timeout", "5 years"},
             row{"timeout", "0", "--timeout", "0"},
             row{"timeout", "-2", "--timeout", "-2"},
             row{"concurrency", "0", "--concurrency", "0"},
             row{"concurrency", "5.0", "--concurrency", "5.0"},
             row{"body-limit", "\"1g\"", "--body-limit", "1g"},
             row{"method", "\"POST\"", "--method", "POST"},
             row{"fail-on", "\"degraded,bogus\"", "--fail-on", "bogus"},
             row{"header", "[\"no colon\"]", "--header", "no colon"},
             row{"report", "[\"xml=out.xml\"]", "--report", "xml=out.xml"},
             row{"resolve", "[\"example.com:0:192.0.2.1\"]", "--resolve", "example.com:0:192.0.2.1"},
             row{"select-tag", "[\"a b\"]", "--select-tag", "a b"},
             row{"include", "[\"(\"]", "--include", "("},
             row{"output", "\"\"", "--output", ""},
         }) {
        const std::string error = parse_error(std::string("\n\n") + key + " = " + toml_value + "\n");
        EXPECT_EQ(error, "t.toml:3: " + std::string(key) + ": " + command_line_message(option, command_line_value))
            << key << " = " << toml_value;
    }
}

TEST_F(ConfigFile, TypeErrorsNameFileLineAndKey) {
    struct row {
        const char* text;
        const char* error;
    };
    for (const auto& [text, error] : {
             row{"timeout = true",
                 "t.toml:1: timeout: expected a duration (a string such as \"2s\", or a number of "
                 "seconds), got a boolean"},
             row{"timeout = 1979-05-27",
                 "t.toml:1: timeout: expected a duration (a string such as \"2s\", or a "
                 "number of seconds), got a date"},
             row{"# a\n# b\nretries = []", "t.toml:3: retries: takes one value, not an array"},
             row{"verbose = 1", "t.toml:1: verbose: expected true or false, got an integer"},
             row{"verbose = \"true\"", "t.toml:1: verbose: expected true or false, got a string"},
             row{"user-agent = 5", "t.toml:1: user-agent: expected a string, got an integer"},
             row{"accept = 200", "t.toml:1: accept: expected a string, got an integer"},
             row{"header = [\n  \"X-A: 1\",\n  5,\n]", "t.toml:3: header: expected a string, got an integer"},
             row{"header = [[\"X-A: 1\"]]", "t.toml:1: header: expected a string, got an array"},
             row{"color = { when = \"never\" }", "t.toml:1: color: expected a string, got a table"},
             row{"inputs = [\"a.txt\", 2]", "t.toml:1: inputs: expected a string, got an integer"},
             row{"user-agent = \"a\\u0000b\"", "t.toml:1: user-agent: a NUL character cannot be part of a value"},
         }) {
        EXPECT_EQ(parse_error(text), error) << text;
    }
}

TEST_F(ConfigFile, UnknownKeysGetADidYouMean) {
    EXPECT_EQ(parse_error("timout = 5"), "t.toml:1: unknown key 'timout' (did you mean 'timeout'?)");
    EXPECT_EQ(parse_error("# comment\nconcurency = 5"),
              "t.toml:2: unknown key 'concurency' (did you mean 'concurrency'?)");
    EXPECT_EQ(parse_error("input = [\"a\"]"), "t.toml:1: unknown key 'input' (did you mean 'inputs'?)");
    EXPECT_EQ(parse_error("frobnicate = 1"), "t.toml:1: unknown key 'frobnicate'");
    // A table is no section of options: its name is the unknown key.
    EXPECT_EQ(parse_error("[check]\ntimeout = 5"), "t.toml:1: unknown key 'check'");
    // Short names and --help are command-line things.
    EXPECT_EQ(parse_error("c = 5"), "t.toml:1: unknown key 'c'");
    EXPECT_EQ(parse_error("help = true"), "t.toml:1: unknown key 'help'");
    // Escaped in messages like every other quoted byte.
    // (Not "a\x1Bb": two edits from "ack", so it gets a "did you mean".)
    EXPECT_EQ(parse_error("\"z\\u001bz\" = 1"), "t.toml:1: unknown key 'z\\x1Bz'");
}

// The first mistake in the file is the one reported, whatever the key order.
TEST_F(ConfigFile, FirstMistakeInFileOrder) {
    EXPECT_EQ(parse_error("zzz = 1\naaa = 2"), "t.toml:1: unknown key 'zzz'");
}

TEST_F(ConfigFile, CommandLineOnlyOptionsAreNoKeys) {
    for (const char* key : {"config", "no-config", "print-config"}) {
        const std::string text = std::string(key) + (std::string(key) == "config" ? " = \"other.toml\"" : " = true");
        EXPECT_EQ(parse_error(text), "t.toml:1: " + std::string(key) + ": not a configuration key (--" + key +
                                         " is for the command line only)");
    }
}

TEST_F(ConfigFile, OptionsThatCannotGoTogether) {
    EXPECT_EQ(parse_error("ipv4 = true\n\nipv6 = true"), "t.toml:3: ipv6: cannot be used together with ipv4");
    EXPECT_EQ(parse_error("verbose = true\nquiet = true"), "t.toml:2: quiet: cannot be used together with verbose");
    // A flag set to false is not given.
    EXPECT_TRUE(cli::parse_config("ipv4 = true\nipv6 = false", "t.toml", nullptr));
}

TEST_F(ConfigFile, TomlSyntaxErrorsNameLineAndColumn) {
    const std::string error = parse_error("retries = 2\ntimeout = = 5\n");
    EXPECT_EQ(error.rfind("t.toml:2:11: ", 0), 0u) << error;
    EXPECT_GT(error.size(), std::string("t.toml:2:11: ").size()) << "toml++'s description follows";
    EXPECT_EQ(parse_error("timeout = 5\ntimeout = 6\n").rfind("t.toml:2:", 0), 0u) << "a key given twice";
}

TEST_F(ConfigFile, UnreadableFiles) {
    const cli_outcome missing = parse({"--config", (dir_ / "none.toml").string()});
    EXPECT_TRUE(missing.exit_now);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err, "urlcheck: cannot read " + (dir_ / "none.toml").string() + ": No such file or directory\n");

    std::string error = "unchanged";
    EXPECT_FALSE(cli::read_config((dir_ / "none.toml").string(), true, &error));
    EXPECT_EQ(error, "") << "./urlcheck.toml need not exist";

    const cli_outcome directory = parse({"--config", dir_.string()});
    EXPECT_EQ(directory.exit_code, 2);
    EXPECT_NE(directory.err.find("Is a directory"), std::string::npos) << directory.err;

    const cli_outcome big = parse({"--config", write("big.toml", "# " + std::string(2 * 1024 * 1024, 'x') + "\n")});
    EXPECT_EQ(big.exit_code, 2);
    EXPECT_NE(big.err.find("not a configuration file"), std::string::npos) << big.err;
}

TEST_F(ConfigFile, VerboseSaysWhichFileWasRead) {
    const std::string path = write("v.toml", "timeout = 5\n");
    const cli_outcome verbose = parse({"--config", path, "-v"});
    ASSERT_FALSE(verbose.exit_now) << verbose.err;
    EXPECT_EQ(verbose.notices, (std::vector<std::string>{"reading configuration from " + path}));
    // verbose = true in the file says so as well.
    const cli_outcome from_file = parse({"--config", write("w.toml", "verbose = true\n")});
    EXPECT_EQ(from_file.notices.size(), 1u);
    EXPECT_TRUE(parse({"--config", path}).notices.empty());
}

TEST_F(ConfigFile, ConfigAndNoConfigCannotGoTogether) {
    const cli_outcome r = parse({"--config", "x.toml", "--no-config"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "urlcheck: --config and --no-config cannot be used together\n"
              "Try 'urlcheck --help' for more information.\n");
}

// The options of every row set away from its default, hostile text
// included: printed, read back, printed again.
TEST_F(ConfigFile, PrintConfigRoundTrips) {
    const cli_outcome first = parse({"--no-config",
                                     "--select-tag",
                                     "prod",
                                     "--select-tag",
                                     "eu-west",
                                     "--shard",
                                     "3/8",
                                     "--include",
                                     R"(^https://[^/]*\.example\.(com|org)/"q"\\)",
                                     "--exclude",
                                     "\t# not a comment = [ ]",
                                     "--method",
                                     "GET",
                                     "-H",
                                     "Authorization: Bearer a\"b\\c",
                                     "-H",
                                     "X-Unicode: h\xc3\xa9llo \xe2\x9c\x93",
                                     "-A",
                                     "",
                                     "--max-redirects",
                                     "0",
                                     "--retries",
                                     "4",
                                     "--retry-wait",
                                     "1.25",
                                     "--confirm-wait",
                                     "750ms",
                                     "--no-confirm",
                                     "--accept",
                                     "200-299,401",
                                     "--body-limit",
                                     "1m",
                                     "--cacert",
                                     "/etc/ssl/my ca.pem",
                                     "-k",
                                     "--capath",
                                     "/etc/ssl/hashed cas",
                                     "--cert",
                                     "/home/me/client.pem",
                                     "--key",
                                     "/home/me/client.key",
                                     "--pass-env",
                                     "CLIENT_KEY_PASS",
                                     "--tls-min",
                                     "1.3",
                                     "--dns-server",
                                     "192.0.2.1,192.0.2.2:5353",
                                     "--dns-server",
                                     "[2001:db8::1]:53",
                                     "--resolve",
                                     "Example.COM:443:192.0.2.7,2001:db8::7",
                                     "--resolve",
                                     "*:80:127.0.0.1",
                                     "--proxy",
                                     "http://proxy.example:3128",
                                     "--noproxy",
                                     "localhost, .internal,10.0.0.0/8",
                                     "--no-proxy-env",
                                     "--connect-to",
                                     "example.com:443:[::1]:8443",
                                     "--connect-to",
                                     ":::",
                                     "--all-addresses=strict",
                                     "-6",
                                     "-c",
                                     "7",
                                     "--per-host",
                                     "2",
                                     "--host-interval",
                                     "50ms",
                                     "--connect-timeout",
                                     "3",
                                     "-t",
                                     "0.5",
                                     "-m",
                                     "3600",
                                     "--slow",
                                     "800ms",
                                     "--cert-warn",
                                     "30",
                                     "--cert-fail",
                                     "3",
                                     "--redirect",
                                     "warn",
                                     "--fail-on",
                                     "skipped,unverifiable",
                                     "--fail-on",
                                     "degraded",
                                     "--fail-on",
                                     "pending",
                                     "--state",
                                     "/var/lib/urlcheck/state.db",
                                     "--state-wait",
                                     "30s",
                                     "--fail-after",
                                     "3",
                                     "--recover-after",
                                     "2",
                                     "--changes-only",
                                     "--remind-every",
                                     "21600s",
                                     "--skip-fresh",
                                     "600s",
                                     "--ack",
                                     "known failures.toml",
                                     "--report",
                                     "text",
                                     "--report",
                                     "junit=out dir/j=unit.xml",
                                     "--report",
                                     "json=-",
                                     "--no-annotations",
                                     "-q",
                                     "--color",
                                     "never",
                                     "urls.txt",
                                     "-",
                                     "https://example.com/?a=\"b\"",
                                     "--print-config"});
    ASSERT_TRUE(first.exit_now);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const std::string printed = first.out;

    const std::string path = write("printed.toml", printed);
    const cli_outcome read_back = parse({"--config", path});
    ASSERT_FALSE(read_back.exit_now) << read_back.err << "\n" << printed;
    const cli_outcome reprinted = parse({"--config", path, "--print-config"});
    ASSERT_EQ(reprinted.exit_code, 0) << reprinted.err;
    EXPECT_EQ(reprinted.out, printed);

    // The same options, field by field, as the command line made them.
    expect_same_options(read_back.opts, first.opts);
    // Spot checks that the printing kept what matters.
    EXPECT_EQ(read_back.opts.check.user_agent, "");
    EXPECT_EQ(read_back.opts.check.headers.at(0).value, "Bearer a\"b\\c");
    EXPECT_EQ(read_back.opts.report.reports.at(1).path, "out dir/j=unit.xml");
    EXPECT_EQ(read_back.opts.report.reports.at(2).path, "-");  // standard output by name, kept
    EXPECT_EQ(read_back.opts.check.resolve_overrides.at(0).host, "example.com");
}

// parse -> print -> parse -> print from a file a person wrote.
TEST_F(ConfigFile, HandWrittenFileRoundTrips) {
    const cli_outcome first = with_config(R"(
inputs = "urls.txt"
timeout = 5
slow = 1.5
fail-on = "degraded"
report = ["text", "junit=junit.xml"]
verbose = true
exclude = ['\.pdf$']
)",
                                          {"--print-config"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const std::string path = write("printed.toml", first.out);
    const cli_outcome second = parse({"--config", path, "--print-config"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.out, first.out);
    expect_same_options(parse({"--config", path}).opts, with_config(first.out).opts);
    EXPECT_NE(first.out.find("timeout = \"5s\"\n"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("slow = \"1.5s\"\n"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("exclude = ['\\.pdf$']\n"), std::string::npos) << first.out;
}

// Defaults print as a complete file (every key) that reads back to the
// defaults.
TEST_F(ConfigFile, PrintedDefaultsReadBackAsDefaults) {
    const options defaults{};
    std::string error;
    const auto printed = cli::print_config(defaults, &error);
    ASSERT_TRUE(printed) << error;
    const auto file = cli::parse_config(*printed, "defaults.toml", &error);
    ASSERT_TRUE(file) << error << "\n" << *printed;
    options read_back;
    for (const auto& setting : file->settings) cli::apply_setting(setting, read_back);
    expect_same_options(read_back, defaults);
    // Every key is there; one with no value by default (a path, --base)
    // commented out, as a hint.
    for (const auto& spec : cli::option_table()) {
        std::string key(spec.long_name.substr(2));
        key += " = ";
        const bool present = printed->find("\n" + key) != std::string::npos;
        const bool hinted = printed->find("\n# " + key) != std::string::npos;
        if (spec.command_line_only) {
            EXPECT_FALSE(present || hinted) << spec.long_name;
        } else {
            EXPECT_TRUE(present || (hinted && cli::shown_values(spec, defaults).empty())) << spec.long_name;
        }
    }
}

TEST_F(ConfigFile, PrintConfigRefusesWhatTomlCannotHold) {
    options o;
    o.select.exclude = {"ok", "\xff\xfe"};
    std::string error;
    EXPECT_FALSE(cli::print_config(o, &error));
    EXPECT_EQ(error, "--print-config: exclude: the value is not UTF-8, which TOML cannot hold");

    const cli_outcome r = parse({"--no-config", "--exclude", "caf\xe9", "--print-config"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    // Control characters and the rest of Unicode are fine: escaped.
    o.select.exclude = {"tab\there", "\x7f", "\xf0\x9f\x98\x80"};
    const auto printed = cli::print_config(o, &error);
    ASSERT_TRUE(printed) << error;
    EXPECT_NE(printed->find("exclude = [\"tab\\there\", \"\\u007F\", \"\xf0\x9f\x98\x80\"]"), std::string::npos)
        << *printed;
}

}  // namespace
