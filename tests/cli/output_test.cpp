// The report's form and where it goes: json and jsonl keys and order, -o,
// colour, what -v adds on stderr, and a reader that goes away or a full disk.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using namespace urlcheck::test;
using namespace urlcheck::test::serve;

using Output = cli_binary;

// Every key of the result object (the JSON contract).
const std::vector<std::string> result_keys = {"url",      "final_url", "source",  "ok",      "status", "error",
                                              "message",  "attempts",  "redirects", "time_ms", "timings", "tls",
                                              "remote_addr", "state", "reasons", "method", "confirmed"};

TEST_F(Output, AClosedOutputStopsTheRunEarly) {
    // 20 checks of 400 ms one at a time would take 8 s; once `head` has gone
    // the report cannot be written and the run stops with exit 2.
    std::string list_text;
    for (int i = 0; i < 20; ++i) list_text += url("/late?i=" + std::to_string(i)) + "\n";
    const auto list = write_file("urls.txt", list_text);
    const auto r = run_subprocess(
        "/bin/bash", {"-c", "\"$0\" -c 1 --format jsonl \"$1\" | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}",
                      URLCHECK_BINARY, list},
        base_options());
    EXPECT_EQ(r.exit_code, 2) << dump(r);
    EXPECT_LT(r.elapsed, 6000ms) << dump(r);
    EXPECT_NE(r.err.find("error writing output"), std::string::npos) << dump(r);
}

TEST_F(Output, AFullDiskIsAWriteErrorWithExitTwo) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n");
    for (const char* format : {"text", "json", "jsonl"}) {
        const auto r = run_subprocess("/bin/sh", {"-c", "exec \"$0\" --format \"$1\" \"$2\" >/dev/full", URLCHECK_BINARY,
                                                  format, list},
                                      base_options());
        EXPECT_EQ(r.exit_code, 2) << format << "\n" << dump(r);
        EXPECT_NE(r.err.find("error writing output: No space left on device"), std::string::npos)
            << format << "\n" << dump(r);
    }
}

// An origin that refuses HEAD goes GET only after three refusals in a row:
// said on stderr with -v, and only then (it is how the run adapts, not news
// about the URLs).
TEST_F(Output, AnOriginRefusingHeadIsNamedWithVerbose) {
    urlcheck::test::test_server refusing;
    refusing.fallback([](urlcheck::test::connection& c, const urlcheck::test::http_request& r) {
        return r.method == "HEAD" ? respond(405)(c, r) : respond(200)(c, r);
    });
    std::string list;
    for (int i = 0; i < 6; ++i) list += refusing.url("/p" + std::to_string(i)) + "\n";
    const auto file = write_file("urls.txt", list);
    const auto verbose = run({"-v", "-c", "1", file});
    EXPECT_EQ(verbose.exit_code, 0) << dump(verbose);
    EXPECT_NE(verbose.err.find("refused HEAD 3 times in a row (last: status 405): its other checks use GET"),
              std::string::npos)
        << dump(verbose);
    const auto quiet = run({"-c", "1", file});
    EXPECT_EQ(quiet.exit_code, 0) << dump(quiet);
    EXPECT_EQ(quiet.err, "") << dump(quiet);
}

TEST_F(Output, JsonLinesEachParseAndHaveEveryKey) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\nftp://127.0.0.1/x\n" +
                                                 url("/redirect") + "\n");
    const auto r = run({"--format", "jsonl", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);

    const auto lines = split_lines(r.out);
    ASSERT_EQ(lines.size(), 4u) << dump(r);
    std::vector<std::string> sources;
    for (const auto& line : lines) {
        boost::system::error_code ec;
        const json::value v = json::parse(line, ec);
        ASSERT_FALSE(ec) << "not JSON: " << line;
        ASSERT_TRUE(v.is_object()) << line;
        const auto& o = v.as_object();
        for (const auto& key : result_keys) EXPECT_TRUE(o.contains(key)) << "no \"" << key << "\" in " << line;
        ASSERT_TRUE(o.at("source").is_string()) << line;
        const std::string source(o.at("source").as_string());
        sources.push_back(source);

        if (source == list + ":1") {
            EXPECT_EQ(o.at("ok"), json::value(true)) << line;
            EXPECT_EQ(o.at("status"), json::value(200)) << line;
            EXPECT_TRUE(o.at("error").is_null()) << line;
        } else if (source == list + ":2") {
            EXPECT_EQ(o.at("ok"), json::value(false)) << line;
            EXPECT_EQ(o.at("status"), json::value(404)) << line;
            EXPECT_EQ(o.at("error"), json::value("status")) << line;
        } else if (source == list + ":3") {
            EXPECT_EQ(o.at("ok"), json::value(false)) << line;
            EXPECT_EQ(o.at("error"), json::value("invalid_url")) << line;
        } else if (source == list + ":4") {
            EXPECT_EQ(o.at("ok"), json::value(true)) << line;
            EXPECT_EQ(o.at("redirects"), json::value(1)) << line;
            EXPECT_EQ(o.at("final_url"), json::value(url("/ok"))) << line;
        }
    }
    // One line per entry, whatever the completion order.
    std::sort(sources.begin(), sources.end());
    EXPECT_EQ(sources, (std::vector<std::string>{list + ":1", list + ":2", list + ":3", list + ":4"}));
}

TEST_F(Output, JsonHasVersionSummaryAndResultsInInputOrder) {
    // /late finishes last but is listed first.
    const std::vector<std::string> urls = {url("/late"), url("/ok"), url("/missing"), url("/ok2")};
    std::string text;
    for (const auto& u : urls) text += u + "\n";
    const auto list = write_file("urls.txt", text);

    const auto r = run({"--format", "json", list});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);

    boost::system::error_code ec;
    const json::value v = json::parse(r.out, ec);
    ASSERT_FALSE(ec) << "not JSON:\n" << dump(r);
    ASSERT_TRUE(v.is_object());
    const auto& doc = v.as_object();
    ASSERT_TRUE(doc.contains("version"));
    EXPECT_EQ(doc.at("version"), json::value(1));

    ASSERT_TRUE(doc.contains("summary") && doc.at("summary").is_object()) << r.out;
    const auto& s = doc.at("summary").as_object();
    ASSERT_TRUE(s.contains("up") && s.contains("down")) << r.out;
    EXPECT_EQ(s.at("up").to_number<int>(), 3) << r.out;
    EXPECT_EQ(s.at("down").to_number<int>(), 1) << r.out;

    ASSERT_TRUE(doc.contains("results") && doc.at("results").is_array()) << r.out;
    const auto& results = doc.at("results").as_array();
    ASSERT_EQ(results.size(), urls.size()) << r.out;
    for (std::size_t i = 0; i < urls.size(); ++i) {
        ASSERT_TRUE(results[i].is_object());
        const auto& o = results[i].as_object();
        for (const auto& key : result_keys) EXPECT_TRUE(o.contains(key)) << "no \"" << key << "\" in result " << i;
        EXPECT_EQ(o.at("url"), json::value(urls[i])) << "result " << i;
        EXPECT_EQ(o.at("source"), json::value(list + ":" + std::to_string(i + 1))) << "result " << i;
    }
}

TEST_F(Output, OutputFileGetsTheReportAndStdoutStaysEmpty) {
    const auto report = path("report.json");
    const auto r = run({"--format", "json", "-o", report, url("/ok"), url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.out, "") << "the report belongs in the file:\n" << dump(r);

    std::ifstream in(report, std::ios::binary);
    ASSERT_TRUE(in) << report << " was not written";
    std::stringstream content;
    content << in.rdbuf();
    boost::system::error_code ec;
    const json::value v = json::parse(content.str(), ec);
    ASSERT_FALSE(ec) << "not JSON: " << content.str();
    EXPECT_EQ(v.at("version"), json::value(1));
    EXPECT_EQ(v.at("results").as_array().size(), 2u);
}

TEST_F(Output, OutputFileWithTextReport) {
    const auto report = path("report.txt");
    const auto r = run({"--output", report, url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_EQ(r.out, "") << dump(r);

    std::ifstream in(report, std::ios::binary);
    ASSERT_TRUE(in) << report << " was not written";
    std::stringstream content;
    content << in.rdbuf();
    const auto lines = split_lines(content.str());
    ASSERT_FALSE(lines.empty());
    EXPECT_TRUE(parse_summary(lines.back())) << content.str();
    EXPECT_EQ(lines_with(content.str(), url("/missing")).size(), 1u) << content.str();
}

TEST_F(Output, NoEscapesOffATerminal) {
    // TERM says a colour terminal, but stdout and stderr are pipes.
    const auto r = run({"-v", url("/ok"), url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_FALSE(has_escape(r.out)) << dump(r);
    EXPECT_FALSE(has_escape(r.err)) << dump(r);
    EXPECT_EQ(r.out.find('\r'), std::string::npos) << "progress redraws leaked into the output";
}

TEST_F(Output, ColorAlwaysForcesEscapes) {
    const auto r = run({"--color", "always", url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_TRUE(has_escape(r.out)) << dump(r);

    const auto never = run({"--color", "never", url("/missing")});
    EXPECT_FALSE(has_escape(never.out)) << dump(never);
}

// CI logs that render ANSI colour (GitHub Actions) ask for it through a pipe
// with FORCE_COLOR or CLICOLOR_FORCE; NO_COLOR and --color never still win.
TEST_F(Output, ForceColorThroughAPipe) {
    for (const char* name : {"FORCE_COLOR", "CLICOLOR_FORCE"}) {
        auto o = base_options();
        o.env[name] = "1";
        auto r = run({url("/missing")}, o);
        EXPECT_EQ(r.exit_code, 1) << dump(r);
        EXPECT_TRUE(has_escape(r.out)) << name << "\n" << dump(r);

        r = run({"--color", "never", url("/missing")}, o);
        EXPECT_FALSE(has_escape(r.out)) << name << " with --color never\n" << dump(r);

        o.env["NO_COLOR"] = "1";
        r = run({url("/missing")}, o);
        EXPECT_FALSE(has_escape(r.out)) << name << " with NO_COLOR\n" << dump(r);
    }
    auto o = base_options();
    o.env["CLICOLOR_FORCE"] = "0";  // "0" asks for nothing
    EXPECT_FALSE(has_escape(run({url("/missing")}, o).out));
}

TEST_F(Output, JsonNeverHasEscapesEvenWithColorAlways) {
    // Colour is for people; JSON is for programs.
    const auto r = run({"--color", "always", "--format", "jsonl", url("/missing")});
    ASSERT_FALSE(r.timed_out) << dump(r);
    EXPECT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_FALSE(has_escape(r.out)) << dump(r);
}

}  // namespace
