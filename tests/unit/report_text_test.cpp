#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "support/memory_file.hpp"
#include "urlcheck/report.hpp"

namespace {

using urlcheck::error_kind;
using urlcheck::result;

using urlcheck::test::memory_file;

result up(std::string url, std::string source, int status, double ms) {
    result r;
    r.url = url;
    r.final_url = url;
    r.source = std::move(source);
    r.ok = true;
    r.state = urlcheck::verdict::up;
    r.status = status;
    r.attempts = 1;
    r.time_ms = ms;
    return r;
}

result down(std::string url, std::string source, error_kind kind, std::string message, double ms,
            std::optional<int> status = std::nullopt) {
    result r;
    r.url = url;
    r.final_url = url;
    r.source = std::move(source);
    r.ok = false;
    r.state = kind == error_kind::skipped ? urlcheck::verdict::skipped : urlcheck::verdict::down;
    r.error = kind;
    r.message = std::move(message);
    r.status = status;
    r.attempts = 1;
    r.time_ms = ms;
    return r;
}

struct fixture {
    std::vector<result> results{
        up("https://example.com/", "urls.txt:1", 200, 45.2),
        down("https://example.com/missing", "urls.txt:3", error_kind::status, "Not Found", 12.4, 404),
        down("https://nope.invalid/", "urls.txt:5", error_kind::dns, "host not found", 3.1),
        down("ftp://x/", "urls.txt:6", error_kind::invalid_url, "unsupported scheme 'ftp' (only http and https)", 0),
        down("https://slow.example/", "urls.txt:7", error_kind::timeout, "no response within 10 s", 10012.5),
    };
    std::vector<const result*> pointers() const {
        std::vector<const result*> p;
        for (const auto& r : results) p.push_back(&r);
        return p;
    }
    urlcheck::summary sum() const {
        urlcheck::summary s;
        s.total = s.checked = 5;
        s.up = 1;
        s.down = 4;
        s.elapsed_ms = 1210;
        return s;
    }
};

std::string run(int verbosity, const std::vector<const result*>& results, const urlcheck::summary& s,
                bool colour = false) {
    memory_file out;
    urlcheck::report_options options;
    options.format = urlcheck::output_format::text;
    options.verbosity = verbosity;
    auto reporter = urlcheck::make_reporter(options.format, options, {out.get(), colour});
    // Completion order (last entry first): the report is still in input order.
    for (std::size_t i = results.size(); i-- > 0;) {
        if (results[i] != nullptr) reporter->on_result(i, *results[i]);
    }
    reporter->finish(s);
    return out.text();
}

TEST(TextReport, DownEntriesInInputOrderThenSummary) {
    fixture f;
    EXPECT_EQ(run(0, f.pointers(), f.sum()),
              "DOWN  https://example.com/missing  404 Not Found                                       12 ms  urls.txt:3\n"
              "DOWN  https://nope.invalid/        dns: host not found                                  3 ms  urls.txt:5\n"
              // Longer than the column cap: it pushes only its own line.
              "DOWN  ftp://x/                     invalid_url: unsupported scheme 'ftp' (only http and https)     0 ms"
              "  urls.txt:6\n"
              "DOWN  https://slow.example/        timeout: no response within 10 s                  10.01 s  urls.txt:7\n"
              "5 checked in 1.21 s: 1 up, 4 down\n");
}

TEST(TextReport, VerboseListsUpEntries) {
    fixture f;
    f.results.resize(3);
    auto s = f.sum();
    s.total = s.checked = 3;
    s.down = 2;
    EXPECT_EQ(run(1, f.pointers(), s),
              "UP    https://example.com/         200                  45 ms  urls.txt:1\n"
              "DOWN  https://example.com/missing  404 Not Found        12 ms  urls.txt:3\n"
              "DOWN  https://nope.invalid/        dns: host not found   3 ms  urls.txt:5\n"
              "3 checked in 1.21 s: 1 up, 2 down\n");
}

TEST(TextReport, QuietPrintsOnlyDownLines) {
    fixture f;
    f.results.resize(2);
    auto s = f.sum();
    s.total = s.checked = 2;
    s.down = 1;
    EXPECT_EQ(run(-1, f.pointers(), s), "DOWN  https://example.com/missing  404 Not Found  12 ms  urls.txt:3\n");
}

TEST(TextReport, QuietAndAllUpPrintsNothing) {
    fixture f;
    f.results.resize(1);
    auto s = f.sum();
    s.total = s.checked = s.up = 1;
    s.down = 0;
    EXPECT_EQ(run(-1, f.pointers(), s), "");
    EXPECT_EQ(run(0, f.pointers(), s), "1 checked in 1.21 s: 1 up, 0 down\n");
}

TEST(TextReport, Interrupted) {
    fixture f;
    auto p = f.pointers();
    p[2] = p[3] = p[4] = nullptr;
    urlcheck::summary s;
    s.total = 5;
    s.checked = 2;
    s.up = 1;
    s.down = 1;
    s.not_checked = 3;
    s.elapsed_ms = 500;
    s.signal = 2;
    EXPECT_EQ(run(0, p, s),
              "DOWN  https://example.com/missing  404 Not Found  12 ms  urls.txt:3\n"
              "2 checked in 0.50 s: 1 up, 1 down, 3 not checked (interrupted)\n");
}

// Skipped entries have no verdict: the summary says how many of the list
// were checked before it counts states (issue 11).
TEST(TextReport, SkippedAreCountedAndListedOnlyWhenVerbose) {
    const result a = down("https://a.test/", "l:1", error_kind::status, "404 Not Found", 20, 404);
    const result b = down("https://b.test/", "l:2", error_kind::skipped, "cut short by --max-time after 47 ms", 47);
    const result c = down("https://c.test/", "l:3", error_kind::skipped, "not started (--max-time)", 0);
    urlcheck::summary s;
    s.total = 3;
    s.checked = 1;
    s.down = 1;
    s.skipped = 2;
    s.elapsed_ms = 2000;
    EXPECT_EQ(run(0, {&a, &b, &c}, s),
              "DOWN  https://a.test/  404 Not Found  20 ms  l:1\n"
              "1 of 3 checked in 2.00 s: 0 up, 1 down; 2 skipped (run deadline)\n");
    EXPECT_EQ(run(1, {&a, &b, &c}, s),
              "DOWN     https://a.test/  404 Not Found                                 20 ms  l:1\n"
              "SKIPPED  https://b.test/  skipped: cut short by --max-time after 47 ms  47 ms  l:2\n"
              "SKIPPED  https://c.test/  skipped: not started (--max-time)              0 ms  l:3\n"
              "1 of 3 checked in 2.00 s: 0 up, 1 down; 2 skipped (run deadline)\n");
}

TEST(TextReport, StatusAlreadyInMessageIsNotRepeated) {
    const result r = down("https://a.test/", "arg:1", error_kind::status, "503 Service Unavailable", 5, 503);
    urlcheck::summary s;
    s.total = s.checked = s.down = 1;
    EXPECT_EQ(run(-1, {&r}, s), "DOWN  https://a.test/  503 Service Unavailable  5 ms  arg:1\n");
}

TEST(TextReport, ControlCharactersAreEscaped) {
    const result r = down("http://x/\x1b]0;pwned\x07", "evil.txt:1", error_kind::protocol, "bad\r\nreason \xC2\x9B", 1);
    urlcheck::summary s;
    s.total = s.checked = s.down = 1;
    const std::string text = run(-1, {&r}, s);
    EXPECT_EQ(text, "DOWN  http://x/\\x1B]0;pwned\\x07  protocol: bad\\x0D\\x0Areason \\xC2\\x9B  1 ms  evil.txt:1\n");
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(c == '\n' || (byte >= 0x20 && byte < 0x7f)) << int(byte);
    }
}

TEST(TextReport, Utf8IsKeptAndPaddedByCharacters) {
    const result a = down("https://b\xC3\xBC" "cher.test/", "l:1", error_kind::dns, "host not found", 1);
    const result b = down("https://abcdefg.test/", "l:2", error_kind::dns, "host not found", 1);
    urlcheck::summary s;
    s.total = s.checked = s.down = 2;
    EXPECT_EQ(run(-1, {&a, &b}, s),
              "DOWN  https://b\xC3\xBC" "cher.test/   dns: host not found  1 ms  l:1\n"
              "DOWN  https://abcdefg.test/  dns: host not found  1 ms  l:2\n");
}

TEST(TextReport, Colour) {
    fixture f;
    f.results.resize(2);
    auto s = f.sum();
    s.total = s.checked = 2;
    s.down = 1;
    const std::string text = run(1, f.pointers(), s, true);
    EXPECT_NE(text.find("\x1b[32mUP\x1b[0m"), std::string::npos) << text;
    EXPECT_NE(text.find("\x1b[1m\x1b[31mDOWN\x1b[0m"), std::string::npos) << text;
    EXPECT_NE(text.find("\x1b[2murls.txt:3\x1b[0m"), std::string::npos) << text;
    EXPECT_EQ(run(1, f.pointers(), s, false).find('\x1b'), std::string::npos);
}

TEST(TextReport, OnResultWritesNothing) {
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::text, {}, {out.get(), false});
    reporter->on_result(0, up("https://a.test/", "arg:1", 200, 1));
    EXPECT_EQ(out.text(), "");
}

}  // namespace
