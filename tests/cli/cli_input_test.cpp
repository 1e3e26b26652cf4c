// Black-box tests of what the urlcheck binary makes of the lines and files
// it is given, and of when it prints a machine report (issue 11). Like
// cli_binary_test, the binary runs as a child process against the
// in-process test server on 127.0.0.1.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/cli_fixture.hpp"
#include "support/subprocess.hpp"
#include "support/test_server.hpp"

#ifndef URLCHECK_BINARY
#error "URLCHECK_BINARY must name the urlcheck executable under test"
#endif

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using urlcheck::test::dump;
using urlcheck::test::run_subprocess;
using urlcheck::test::serve::never_answer;
using urlcheck::test::serve::respond;
using urlcheck::test::split_lines;
using urlcheck::test::stdin_mode;
using urlcheck::test::subprocess;
using urlcheck::test::subprocess_options;
using urlcheck::test::subprocess_result;
using urlcheck::test::test_server;

bool contains(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

// "50,000,034", as messages write byte counts.
std::string with_commas(std::size_t n) {
    std::string digits = std::to_string(n);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, 1, ',');
    return digits;
}

class CliInput : public urlcheck::test::cli_fixture {
protected:
    void SetUp() override {
        cli_fixture::SetUp();
        server_.route("/ok", respond(200, {}, "ok"));
        server_.route("/ok2", respond(200, {}, "also ok"));
        server_.route("/missing", respond(404, {}, "not here"));
        server_.route("/hang", never_answer());
    }
};

// ------------------------------------------------------------ scheme typos

TEST_F(CliInput, ASchemeTypoIsAnInvalidUrlNotAHostName) {
    // Before, both were looked up as the host "ht!tp" (dns: NXDOMAIN).
    const auto list = write_file("urls.txt", "ht!tp://127.0.0.1/x\nht!tp://bad\r\n" + url("/ok") + "\n");
    const auto r = run({"--format", "json", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 3u) << r.out;
    for (std::size_t i : {0u, 1u}) {
        EXPECT_EQ(results[i].at("error").as_string(), "invalid_url") << r.out;
        EXPECT_EQ(results[i].at("message").as_string(), "unsupported scheme 'ht!tp' (not an http(s) URL)") << r.out;
        EXPECT_EQ(results[i].at("source").as_string(), list + ":" + std::to_string(i + 1)) << r.out;
    }
    EXPECT_EQ(results[1].at("url").as_string(), "ht!tp://bad");
    EXPECT_EQ(results[2].at("ok").as_bool(), true);

    const auto text = run({list});
    EXPECT_TRUE(contains(text.out, "invalid_url: unsupported scheme 'ht!tp' (not an http(s) URL)")) << dump(text);
}

// ---------------------------------------------------------------- redaction

TEST_F(CliInput, AMailtoUrlIsReportedAsWrittenAPasswordIsNot) {
    const std::string with_password = server_.url("http", "someone:secret@127.0.0.1", "/ok");
    const auto list = write_file("urls.txt", "mailto:someone@127.0.0.1\n" + with_password + "\n");
    for (const char* format : {"text", "json"}) {
        const auto r = run({"-v", "--format", format, list});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 1) << format << "\n" << dump(r);
        EXPECT_TRUE(contains(r.out, "mailto:someone@127.0.0.1")) << format << "\n" << dump(r);
        EXPECT_FALSE(contains(r.out, "mailto:***")) << format << "\n" << dump(r);
        EXPECT_TRUE(contains(r.out, "someone:***@127.0.0.1")) << format << "\n" << dump(r);
        EXPECT_FALSE(contains(r.out + r.err, "secret")) << format << "\n" << dump(r);
    }
}

// ---------------------------------------------------------- long lines, URLs

TEST_F(CliInput, A50MegabyteLineIsInvalidAndTheRunGoesOn) {
    // Before: the line was taken as a URL (peak RSS 594 MB), sent as a 50 MB
    // request and echoed into the report.
    const std::string start = url("/ok?");
    const std::size_t filler = 50'000'000;
    const std::string list = path("big.txt");
    {
        std::ofstream f(list, std::ios::binary);
        f << url("/ok") << "\n" << start;
        const std::string chunk(1 << 20, 'a');
        for (std::size_t left = filler; left > 0;) {
            const std::size_t n = std::min(left, chunk.size());
            f.write(chunk.data(), static_cast<std::streamsize>(n));
            left -= n;
        }
        f << "\n" << url("/ok2") << "\n";
    }
    const std::string length = with_commas(start.size() + filler);

    const auto r = run({list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_LT(r.out.size(), 4096u) << "the line is not echoed";
    const auto down = split_lines(r.out);
    ASSERT_EQ(down.size(), 2u) << dump(r);
    EXPECT_TRUE(contains(down[0], "invalid_url: line too long: " + length + " bytes, limit 16 KiB")) << down[0];
    EXPECT_TRUE(contains(down[0], list + ":2")) << down[0];
    EXPECT_TRUE(contains(down[0], start + "aaaa")) << "the start of the line shows which it is: " << down[0];
    EXPECT_TRUE(contains(down[0], "\xE2\x80\xA6")) << down[0];
    EXPECT_TRUE(contains(down[1], "3 checked in")) << down[1];
    EXPECT_TRUE(contains(down[1], "2 up, 1 down")) << down[1];
    EXPECT_GE(server_.requests("/ok2"), 1u) << "the line after it is checked";
    EXPECT_EQ(server_.requests("/ok"), 1u) << "the long line is never requested";

    RecordProperty("max_rss_kib", std::to_string(r.max_rss_kib));
#if defined(__SANITIZE_ADDRESS__)
    constexpr long rss_bound_kib = 300 * 1024;  // ASan's shadow memory and quarantine
#else
    constexpr long rss_bound_kib = 64 * 1024;  // measured: 8 MiB (594 MB before the cap)
#endif
    EXPECT_LT(r.max_rss_kib, rss_bound_kib) << "peak RSS " << r.max_rss_kib << " KiB";
    std::printf("peak RSS %ld KiB\n", r.max_rss_kib);
}

TEST_F(CliInput, ACommandLineUrlLongerThan8KiBIsInvalid) {
    const std::string long_url = url("/ok?") + std::string(9000, 'q');
    const auto r = run({"--format", "json", long_url, url("/ok")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 2u) << r.out;
    EXPECT_EQ(results[0].at("error").as_string(), "invalid_url");
    EXPECT_EQ(results[0].at("message").as_string(),
              "URL too long: " + with_commas(long_url.size()) + " bytes, limit 8 KiB");
    EXPECT_EQ(results[0].at("source").as_string(), "arg:1");
    EXPECT_LT(results[0].at("url").as_string().size(), 200u);
    EXPECT_EQ(results[1].at("ok").as_bool(), true);
}

// -------------------------------------------------------------- binary input

TEST_F(CliInput, ABinaryFileIsRefusedWithExitTwo) {
    // `urlcheck ./urlcheck`: before, thousands of DOWN lines of escaped bytes.
    const auto r = run({URLCHECK_BINARY});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.err, std::string("urlcheck: ") + URLCHECK_BINARY + ": looks like a binary file, not a URL list\n")
        << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);

    // Latin-1 is no UTF-8: refused too, as the issue asks.
    const auto latin1 = write_file("latin1.txt", "# caf\xE9\n" + url("/ok") + "\n");
    const auto l = run({latin1, url("/ok")});
    EXPECT_EQ(l.exit_code, 2) << dump(l);
    EXPECT_EQ(l.err, "urlcheck: " + latin1 + ": looks like a binary file, not a URL list\n") << dump(l);
    EXPECT_EQ(server_.total_requests(), 0u) << "an input error checks nothing";
}

TEST_F(CliInput, BinaryOnStandardInputOrFromAPipeIsRefused) {
    subprocess_options o = base_options();
    o.input = stdin_mode::data;
    o.stdin_data = std::string("\x7F" "ELF\x02\x01\x01\0\0\0\0\0", 12) + url("/ok") + "\n";
    const auto r = run({}, o);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: standard input: looks like a binary file, not a URL list\n") << dump(r);

    const auto p = run_subprocess("/bin/bash", {"-c", "exec \"$0\" <(printf 'http://x.test/\\0\\n')", URLCHECK_BINARY},
                                  base_options());
    EXPECT_EQ(p.exit_code, 2) << dump(p);
    EXPECT_TRUE(contains(p.err, ": looks like a binary file, not a URL list")) << dump(p);
    EXPECT_EQ(server_.total_requests(), 0u);
}

// An endless binary stream is refused at its first block, not after it
// was copied to a temporary file (which would never end).
TEST_F(CliInput, AnEndlessBinaryStreamIsRefusedAtOnce) {
    const auto r = run_subprocess("/bin/sh", {"-c", "exec \"$0\" < /dev/zero", URLCHECK_BINARY}, base_options());
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_EQ(r.err, "urlcheck: standard input: looks like a binary file, not a URL list\n") << dump(r);
    const auto p = run_subprocess("/bin/bash", {"-c", "exec \"$0\" <(cat /dev/zero)", URLCHECK_BINARY},
                                  base_options());
    ASSERT_FALSE(p.timed_out) << dump(p);
    EXPECT_EQ(p.exit_code, 2) << dump(p);
    EXPECT_TRUE(contains(p.err, ": looks like a binary file, not a URL list")) << dump(p);
}

TEST_F(CliInput, AUtf8ListWithABomIsNoBinary) {
    // Its first 8 KiB end inside a character: still UTF-8.
    const auto list = write_file("urls.txt", "\xEF\xBB\xBF# " + std::string(8189, 'x') + "\xE2\x82\xAC\n" + url("/ok"));
    const auto r = run({list});
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.err, "") << dump(r);
}

// ------------------------------------------------------- -q and json, jsonl

TEST_F(CliInput, QuietMachineReportIsEmptyWhenAllIsWell) {
    for (const char* format : {"json", "jsonl"}) {
        const auto r = run({"-q", "--format", format, url("/ok"), url("/ok2")});
        ASSERT_FALSE(r.timed_out) << dump(r);
        EXPECT_EQ(r.exit_code, 0) << format << "\n" << dump(r);
        EXPECT_EQ(r.out, "") << format << "\n" << dump(r);
        EXPECT_EQ(r.err, "") << format << "\n" << dump(r);
    }
}

TEST_F(CliInput, QuietMachineReportIsWholeWhenTheRunFails) {
    const auto r = run({"-q", "--format", "json", url("/ok"), url("/missing"), url("/ok2")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    const json::value doc = json::parse(r.out);
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), 3u) << "every result, not only the failing ones:\n" << r.out;
    EXPECT_EQ(results[1].at("status").to_number<int>(), 404);
    EXPECT_EQ(doc.at("summary").at("down").to_number<int>(), 1);

    const auto lines = run({"-q", "--format", "jsonl", url("/ok"), url("/missing")});
    EXPECT_EQ(lines.exit_code, 1) << dump(lines);
    const auto objects = split_lines(lines.out);
    ASSERT_EQ(objects.size(), 2u) << dump(lines);
    for (const auto& line : objects) EXPECT_TRUE(json::parse(line).is_object()) << line;
}

TEST_F(CliInput, QuietFailOnStateIsAFailingRun) {
    server_.route("/challenge", respond(403, {{"cf-mitigated", "challenge"}}, "Just a moment..."));
    const auto r = run({"-q", "--format", "json", "--fail-on", "unverifiable", url("/ok"), url("/challenge")});
    EXPECT_EQ(r.exit_code, 3) << dump(r);
    EXPECT_EQ(json::parse(r.out).at("results").as_array().size(), 2u) << dump(r);
}

TEST_F(CliInput, QuietWithAnOutputFileAlwaysWritesIt) {
    const auto report = path("report.json");
    const auto r = run({"-q", "--format", "json", "-o", report, url("/ok")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 0) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);
    std::ifstream in(report, std::ios::binary);
    const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const json::value doc = json::parse(written);
    EXPECT_EQ(doc.at("results").as_array().size(), 1u) << written;
}

TEST_F(CliInput, QuietMachineReportOfAnInterruptedRunIsPrinted) {
    // An interrupted run is a failing one (130): what it found is printed.
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/hang") + "\n");
    subprocess child(URLCHECK_BINARY, {"-q", "--format", "json", "-t", "30", "--retries", "0", list}, base_options());
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (server_.requests("/hang") < 1 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(server_.requests("/hang"), 1u);
    child.pump_for(300ms);  // /ok has been answered by now
    EXPECT_EQ(child.stdout_so_far(), "") << "held until the end";
    ASSERT_TRUE(child.send_signal(SIGINT));
    const auto r = child.finish(20s);
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 130) << dump(r);
    const json::value doc = json::parse(r.out);
    EXPECT_EQ(doc.at("summary").at("signal").as_string(), "SIGINT") << r.out;
}

TEST_F(CliInput, QuietMachineReportToAFullDiskIsAWriteError) {
    const auto r = run_subprocess(
        "/bin/sh", {"-c", "exec \"$0\" -q --format json \"$1\" \"$2\" >/dev/full", URLCHECK_BINARY, url("/ok"),
                    url("/missing")},
        base_options());
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_TRUE(contains(r.err, "error writing output: No space left on device")) << dump(r);
}

}  // namespace
