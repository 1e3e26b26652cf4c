// One run's results that every report format is tested on: each state, each
// kind of source (a list file, standard input, the command line), and the
// text that breaks naive writers: quotes, <&>, commas, CR/LF, '%', "::",
// non-ASCII, bytes that are not UTF-8, a redacted password, a list file
// whose name holds ',' and ':'. Plain data: unit tests feed it to a reporter
// through report_detail::make_*_reporter or urlcheck::make_reporter;
// integration tests write it out and hand it to the format's real consumer
// (xmllint, the SARIF schema, promtool, Chromium).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "support/memory_file.hpp"
#include "urlcheck/report.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck::test {

struct hostile_run {
    std::vector<result> results;  // in input order; index = entry number
    summary totals;
};

inline result hostile_base(std::string url, std::string source, verdict state) {
    result r;
    r.url = url;
    r.final_url = std::move(url);
    r.source = std::move(source);
    r.state = state;
    r.ok = state == verdict::up || state == verdict::degraded;
    r.attempts = 1;
    r.method = "HEAD";
    return r;
}

inline hostile_run make_hostile_run() {
    hostile_run run;
    auto& rs = run.results;

    // 0: up over TLS, every phase timed.
    result up = hostile_base("https://example.com/", "urls.txt:1", verdict::up);
    up.status = 200;
    up.time_ms = 48.25;
    up.timings = {1.5, 2.25, 12.0, 30.5};
    up.tls = tls_info{"2027-01-31T12:00:00Z", 421, "/CN=example.com"};
    up.remote_addr = "93.184.215.14:443";
    rs.push_back(up);

    // 1: a name that does not resolve (the issue's own example).
    result dns = hostile_base("https://x.invalid/", "urls.txt:12", verdict::down);
    dns.error = error_kind::dns;
    dns.message = "NXDOMAIN";
    dns.reasons = {"dns: NXDOMAIN"};
    dns.attempts = 2;
    dns.confirmed = true;
    dns.time_ms = 2012.4;
    dns.timings.dns_ms = 5.0;
    rs.push_back(dns);

    // 2: quotes and <&> in the URL and in the server's reason phrase.
    result quotes = hostile_base(R"(https://example.com/search?q="a"&b=<c>&d='e')", "urls.txt:3", verdict::down);
    quotes.status = 404;
    quotes.error = error_kind::status;
    quotes.message = R"(404 "Not <Found>" & 'gone')";
    quotes.reasons = {R"(status 404 "Not <Found>" & 'gone')"};
    quotes.time_ms = 12.5;
    quotes.timings = {0.5, 1.0, 4.0, 6.0};
    quotes.method = "GET";
    rs.push_back(quotes);

    // 3: commas, '%' and "::" (GitHub's command syntax) in the URL; slow.
    result commas = hostile_base("https://example.com/a,b%2Cc::d?x=100%", "urls.txt:4", verdict::degraded);
    commas.status = 200;
    commas.time_ms = 3500;
    commas.timings = {0.25, 1.0, 9.0, 3480.0};
    commas.reasons = {"slow: 3.50 s, over --slow 2 s"};
    commas.tls = tls_info{"2027-01-02T00:00:00Z", 10, "/CN=example.com"};
    rs.push_back(commas);

    // 4: CR/LF in a server's words (a header-injection attempt in a reason
    // phrase).
    result crlf = hostile_base("http://example.com/crlf", "urls.txt:5", verdict::down);
    crlf.status = 500;
    crlf.error = error_kind::status;
    crlf.message = "500 Oops\r\n::error::injected\r\nX-Evil: 1";
    crlf.reasons = {"status 500 Oops\r\n::error::injected", "second reason, with a comma"};
    crlf.time_ms = 3.0;
    crlf.timings = {std::nullopt, 0.5, std::nullopt, 2.0};
    rs.push_back(crlf);

    // 5: non-ASCII (IDN host, path) and rate-limited: unverifiable.
    result idn = hostile_base("https://bücher.example/straße/😀", "urls.txt:6", verdict::unverifiable);
    idn.status = 429;
    idn.error = error_kind::status;
    idn.message = "429 Too Many Requests — retry later";
    idn.reasons = {"rate limited: 429 Too Many Requests — retry later"};
    idn.attempts = 3;
    idn.time_ms = 950.0;
    rs.push_back(idn);

    // 6: a redacted password (the engine redacts before any report sees it).
    result secret = hostile_base("https://user:***@private.example/admin", "urls.txt:7", verdict::down);
    secret.error = error_kind::connect;
    secret.message = "connection refused (127.0.0.1:443)";
    secret.reasons = {"connect: connection refused (127.0.0.1:443)"};
    secret.time_ms = 1.2;
    secret.timings = {0.1, 1.0, std::nullopt, std::nullopt};
    // Checked with --all-addresses: the look at each address behind the
    // name, with text of its own (an IPv6 address, quotes, a CR/LF).
    secret.addresses = {
        {"127.0.0.1:443", verdict::down, false, std::nullopt, error_kind::connect, "connection refused",
         {"connect: connection refused"}, 0.6},
        {"[2001:db8::3]:443", verdict::down, false, 502, error_kind::status, "HTTP 502 \"Bad\"\r\n<Gateway>",
         {"status: HTTP 502 \"Bad\"\r\n<Gateway>"}, 1.1},
    };
    rs.push_back(secret);

    // 7: never started: the run deadline came first.
    result skipped = hostile_base("https://example.com/late", "urls.txt:8", verdict::skipped);
    skipped.error = error_kind::skipped;
    skipped.message = "not started: --max-time reached";
    skipped.attempts = 0;
    skipped.method.clear();
    rs.push_back(skipped);

    // 8: an invalid entry with bytes that are not UTF-8 and a control character.
    result invalid = hostile_base("http://exa mple.com/\xff\x1b[31m", "-:2", verdict::down);
    invalid.final_url.clear();
    invalid.error = error_kind::invalid_url;
    invalid.message = "space at column 11";
    invalid.reasons = {"invalid_url: space at column 11"};
    invalid.attempts = 0;
    invalid.method.clear();
    rs.push_back(invalid);

    // 9: a URL from the command line (no file), timed out.
    result arg = hostile_base("http://127.0.0.1:9/", "arg:1", verdict::down);
    arg.error = error_kind::timeout;
    arg.message = "timed out after 10 s";
    arg.reasons = {"timeout: timed out after 10 s"};
    arg.time_ms = 10000.0;
    rs.push_back(arg);

    // 10: a list file whose name holds ',' ':' and a space; an expectation
    // failed.
    result odd = hostile_base("https://example.com/health", "lists/a,b: c.txt:9", verdict::down);
    odd.status = 200;
    odd.error = error_kind::expectation;
    odd.message = "body does not contain \"ok\"";
    odd.reasons = {"expectation: body does not contain \"ok\""};
    odd.time_ms = 20.0;
    odd.timings = {1.0, 2.0, 5.0, 10.0};
    rs.push_back(odd);

    // 11: up, plain http, from standard input.
    result plain = hostile_base("http://example.com/ok", "-:1", verdict::up);
    plain.status = 204;
    plain.time_ms = 2.5;
    plain.timings = {0.2, 0.3, std::nullopt, 1.5};
    plain.remote_addr = "[2001:db8::1]:80";
    rs.push_back(plain);

    for (const auto& r : rs) run.totals.add(r);
    run.totals.total = rs.size();
    run.totals.elapsed_ms = 10012.5;
    run.totals.started_unix_ms = 1796000000000;  // 2026-11-30T00:53:20Z
    return run;
}

// The hostile run and three results only --state and --ack make: pending,
// acknowledged (hostile bytes in the ack's reason) and recovered, each with
// its history. Its own run, so the fixture's counts in the format tests
// stay what they pin.
inline hostile_run make_hostile_run_with_memory() {
    hostile_run run = make_hostile_run();
    // --state --fail-after 3: failing, but not yet for long enough.
    result pending = hostile_base("https://example.com/flaky", "urls.txt:13", verdict::pending);
    pending.status = 503;
    pending.error = error_kind::status;
    pending.message = "HTTP 503 \"Service Unavailable\"";
    pending.reasons = {"status: HTTP 503 \"Service Unavailable\"", "down 1 of 3 runs (--fail-after 3)"};
    pending.time_ms = 7.75;
    pending.history.emplace();
    pending.history->previous_state = verdict::up;
    pending.history->since_unix_ms = 1795990000000;  // 2026-11-29T22:06:40Z
    pending.history->consecutive_down = 1;
    run.results.push_back(pending);

    // --ack: a known failure, with the state's memory of it and the
    // ack's reason in hostile bytes.
    result acked = hostile_base("https://example.com/migrating", "urls.txt:14", verdict::acknowledged);
    acked.error = error_kind::connect;
    acked.message = "connection refused";
    acked.reasons = {"connect: connection refused"};
    acked.time_ms = 0.5;
    acked.history.emplace();
    acked.history->previous_state = verdict::down;
    acked.history->since_unix_ms = 1795900000000;  // 2026-11-28T21:06:40Z
    acked.history->consecutive_down = 4;
    acked.history->reminder = true;
    acked.ack = acknowledgement{.reason = "move to <rack 2> & \"B\"", .until = "2026-12-24T18:00:00Z", .source = "acks.toml:3"};
    run.results.push_back(acked);

    // Back up after an outage (--state), ending it.
    result recovered = hostile_base("http://example.com/back", "urls.txt:15", verdict::up);
    recovered.status = 200;
    recovered.time_ms = 3.0;
    recovered.history.emplace();
    recovered.history->previous_state = verdict::down;
    recovered.history->since_unix_ms = 1795999000000;  // 2026-11-30T00:36:40Z
    recovered.history->changed = true;
    recovered.history->outage_ms = 7261000;
    recovered.history->consecutive_up = 1;
    run.results.push_back(recovered);

    run.totals = summary{};
    for (const auto& r : run.results) run.totals.add(r);
    run.totals.total = run.results.size();
    run.totals.elapsed_ms = 10012.5;
    run.totals.started_unix_ms = 1796000000000;
    return run;
}

// Feeds the run to `r` in a completion order that is not the input order
// (as a real run's would be), then finishes it. The stride is coprime to the
// number of entries, so each comes exactly once.
inline void replay(reporter& r, const hostile_run& run) {
    const std::size_t n = run.results.size();
    std::size_t stride = 5;
    const auto gcd = [](std::size_t a, std::size_t b) {
        while (b != 0) a = std::exchange(b, a % b);
        return a;
    };
    while (n > 1 && gcd(stride, n) != 1) ++stride;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t index = (k * stride) % n;
        r.on_result(index, run.results[index]);
    }
    r.finish(run.totals);
}

// The report `format` writes for `run` (replayed out of input order), as
// the text it would put in its file.
inline std::string render(output_format format, const hostile_run& run, const report_options& options = {},
                          std::size_t byte_limit = 0) {
    memory_file out;
    report_target target{out.get(), false};
    target.byte_limit = byte_limit;
    auto reporter = make_reporter(format, options, target);
    replay(*reporter, run);
    return out.text();
}

}  // namespace urlcheck::test
