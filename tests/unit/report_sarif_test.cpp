// The sarif report on the shared hostile fixture: the document's shape, the
// rules, which entries become results and where code scanning puts them,
// levels, and text that stays well-formed whatever the input. The schema
// itself is checked in tests/integration/sarif_consumer_test.cpp.
#include <gtest/gtest.h>

#include <csignal>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "urlcheck/version.hpp"

namespace {

namespace json = boost::json;
using urlcheck::error_kind;
using urlcheck::report_options;
using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::make_hostile_run;
using urlcheck::test::memory_file;
using urlcheck::test::replay;

std::string render(const urlcheck::test::hostile_run& run, const report_options& options = {}) {
    return urlcheck::test::render(urlcheck::output_format::sarif, run, options);
}

json::object parse(const std::string& text) {
    json::value v = json::parse(text);
    return v.as_object();
}

const json::object& run_of(const json::object& doc) { return doc.at("runs").as_array().at(0).as_object(); }

std::string str(const json::value& v) { return std::string(v.as_string()); }

TEST(ReportSarif, DocumentIsSarif210WithOneRunOfUrlcheck) {
    const json::object doc = parse(render(make_hostile_run()));
    EXPECT_EQ(str(doc.at("$schema")),
              "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
    EXPECT_EQ(str(doc.at("version")), "2.1.0");
    ASSERT_EQ(doc.at("runs").as_array().size(), 1u);
    const json::object& driver = run_of(doc).at("tool").at("driver").as_object();
    EXPECT_EQ(str(driver.at("name")), "urlcheck");
    EXPECT_EQ(str(driver.at("version")), urlcheck::version);
}

TEST(ReportSarif, OneRuleForEachErrorKindAndEachStateThatIsNotUp) {
    const json::object doc = parse(render(make_hostile_run()));
    const json::array& rules = run_of(doc).at("tool").at("driver").at("rules").as_array();
    std::set<std::string> ids;
    for (const auto& rule : rules) {
        const json::object& r = rule.as_object();
        ids.insert(str(r.at("id")));
        EXPECT_FALSE(r.at("name").as_string().empty());
        // Each says what it is and what to do about it.
        for (const char* text : {"shortDescription", "fullDescription", "help"})
            EXPECT_GT(r.at(text).at("text").as_string().size(), 10u) << r.at("id") << " " << text;
        const std::string level = str(r.at("defaultConfiguration").at("level"));
        EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    }
    EXPECT_EQ(ids.size(), rules.size()) << "rule ids are unique";
    for (const auto kind : {error_kind::invalid_url, error_kind::dns, error_kind::connect, error_kind::tls,
                            error_kind::timeout, error_kind::protocol, error_kind::too_many_redirects,
                            error_kind::status, error_kind::expectation, error_kind::resource,
                            error_kind::proxy})
        EXPECT_TRUE(ids.count("urlcheck/" + std::string(urlcheck::to_string(kind)))) << urlcheck::to_string(kind);
    for (const char* state : {"urlcheck/down", "urlcheck/degraded", "urlcheck/unverifiable", "urlcheck/acknowledged"})
        EXPECT_TRUE(ids.count(state)) << state;
    EXPECT_EQ(ids.size(), 15u) << "no rule for up or skipped";
}

struct expected_result {
    std::string rule;
    std::string level;
    std::string uri;
    long line;
};

// Every entry that needs a look and has a list file, in input order
// (replay() delivers them out of order), on its file and line.
TEST(ReportSarif, ResultsAreTheListedEntriesInInputOrderOnTheirLine) {
    const json::object doc = parse(render(make_hostile_run()));
    const json::object& run = run_of(doc);
    const json::array& rules = run.at("tool").at("driver").at("rules").as_array();
    const json::array& results = run.at("results").as_array();
    const std::vector<expected_result> expected{
        {"urlcheck/dns", "error", "urls.txt", 12},
        {"urlcheck/status", "error", "urls.txt", 3},
        {"urlcheck/degraded", "warning", "urls.txt", 4},
        {"urlcheck/status", "error", "urls.txt", 5},
        {"urlcheck/unverifiable", "note", "urls.txt", 6},
        {"urlcheck/connect", "error", "urls.txt", 7},
        {"urlcheck/expectation", "error", "lists/a,b%3A%20c.txt", 9},
    };
    ASSERT_EQ(results.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(i);
        const json::object& r = results[i].as_object();
        EXPECT_EQ(str(r.at("ruleId")), expected[i].rule);
        const auto index = static_cast<std::size_t>(r.at("ruleIndex").as_int64());
        ASSERT_LT(index, rules.size());
        EXPECT_EQ(str(rules[index].at("id")), expected[i].rule) << "ruleIndex points at its rule";
        EXPECT_EQ(str(r.at("level")), expected[i].level);
        const json::array& locations = r.at("locations").as_array();
        ASSERT_EQ(locations.size(), 1u);
        const json::object& physical = locations[0].at("physicalLocation").as_object();
        EXPECT_EQ(str(physical.at("artifactLocation").at("uri")), expected[i].uri);
        EXPECT_EQ(str(physical.at("artifactLocation").at("uriBaseId")), "%SRCROOT%");
        EXPECT_EQ(physical.at("region").at("startLine").as_int64(), expected[i].line);
        // A relative reference, and one with no scheme: "a:b" would be one.
        auto uri = boost::urls::parse_relative_ref(expected[i].uri);
        EXPECT_TRUE(uri.has_value()) << expected[i].uri;
    }
    EXPECT_EQ(str(results[0].at("message").at("text")), "https://x.invalid/ is down: dns: NXDOMAIN");
    EXPECT_EQ(str(results[0].at("properties").at("url")), "https://x.invalid/");
    EXPECT_EQ(str(results[0].at("properties").at("source")), "urls.txt:12");
    EXPECT_EQ(str(results[0].at("properties").at("state")), "down");
    EXPECT_EQ(str(results[0].at("properties").at("error")), "dns");
}

// GitHub refuses a whole upload when one result has no location or only a
// logical one, so entries with no list file (the command line, standard
// input) are notifications of the run, in input order, not results.
TEST(ReportSarif, EntriesWithNoListFileAreNotificationsOfTheRun) {
    const json::object doc = parse(render(make_hostile_run()));
    const json::object& run = run_of(doc);
    for (const auto& r : run.at("results").as_array()) {
        const std::string uri = str(r.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri"));
        EXPECT_NE(uri, "-");
        EXPECT_NE(uri, "");
    }
    const json::array& invocations = run.at("invocations").as_array();
    ASSERT_EQ(invocations.size(), 1u);
    const json::array& notes = invocations[0].at("toolExecutionNotifications").as_array();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(str(notes[0].at("properties").at("source")), "-:2");
    EXPECT_EQ(str(notes[0].at("associatedRule").at("id")), "urlcheck/invalid_url");
    EXPECT_EQ(str(notes[0].at("level")), "error");
    EXPECT_EQ(str(notes[1].at("properties").at("source")), "arg:1");
    EXPECT_EQ(str(notes[1].at("associatedRule").at("id")), "urlcheck/timeout");
    EXPECT_EQ(str(notes[1].at("message").at("text")), "http://127.0.0.1:9/ is down: timeout: timed out after 10 s");
    EXPECT_FALSE(notes[1].as_object().contains("locations"));
}

TEST(ReportSarif, StatesThatFailOnNamesAreWarnings) {
    report_options options;
    options.fail_on.unverifiable = true;
    const json::object doc = parse(render(make_hostile_run(), options));
    int seen = 0;
    for (const auto& r : run_of(doc).at("results").as_array()) {
        if (str(r.at("ruleId")) != "urlcheck/unverifiable") continue;
        EXPECT_EQ(str(r.at("level")), "warning");
        ++seen;
    }
    EXPECT_EQ(seen, 1);
    // The process's exit code is decided after the report is written.
    EXPECT_FALSE(run_of(doc).at("invocations").at(0).as_object().contains("exitCode"));
}

TEST(ReportSarif, HostileTextStaysReadableAndValid) {
    const std::string text = render(make_hostile_run());
    // Valid UTF-8 throughout (Boost.JSON rejects anything else on parse),
    // and no raw control character even inside strings.
    EXPECT_EQ(urlcheck::report_detail::valid_utf8(text), text);
    for (const char ch : text) EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 && ch != '\n') << int(ch);
    const json::object doc = parse(text);
    const json::object& run = run_of(doc);
    const json::array& results = run.at("results").as_array();
    // CR/LF from a server's reason phrase are shown, not obeyed.
    EXPECT_EQ(str(results[3].at("message").at("text")),
              "http://example.com/crlf is down: status 500 Oops\\x0D\\x0A::error::injected; second reason, with a "
              "comma");
    EXPECT_EQ(str(results[1].at("message").at("text")),
              R"(https://example.com/search?q="a"&b=<c>&d='e' is down: status 404 "Not <Found>" & 'gone')");
    EXPECT_EQ(str(results[4].at("message").at("text")),
              "https://bücher.example/straße/😀 is unverifiable: rate limited: 429 Too Many Requests — retry later");
    EXPECT_EQ(str(results[5].at("properties").at("url")), "https://user:***@private.example/admin");
    // Bytes that are not UTF-8 and an escape character: visible in the
    // message, replaced in the machine field.
    const json::object& invalid = run.at("invocations").at(0).at("toolExecutionNotifications").at(0).as_object();
    EXPECT_EQ(str(invalid.at("message").at("text")),
              "http://exa mple.com/\\xFF\\x1B[31m is down: invalid_url: space at column 11");
    EXPECT_EQ(str(invalid.at("properties").at("url")), "http://exa mple.com/\xEF\xBF\xBD\x1B[31m");
    EXPECT_EQ(text.find("pass@"), std::string::npos);
}

// Code scanning matches alerts by file path: "./urls.txt" is "urls.txt";
// an absolute path is a file: URI with no base.
TEST(ReportSarif, ListPathsBecomeUris) {
    urlcheck::test::hostile_run run;
    result r = urlcheck::test::hostile_base("https://x.invalid/", "./docs/links list.txt:2", verdict::down);
    r.error = error_kind::dns;
    run.results.push_back(r);
    r.source = "/srv/lists/ü#1.txt:3";
    run.results.push_back(r);
    r.source = "a:b.txt:4";
    run.results.push_back(r);
    const json::object doc = parse(render(run));
    const json::array& results = run_of(doc).at("results").as_array();
    ASSERT_EQ(results.size(), 3u);
    const auto artifact = [&](std::size_t i) {
        return results[i].at("locations").at(0).at("physicalLocation").at("artifactLocation").as_object();
    };
    EXPECT_EQ(str(artifact(0).at("uri")), "docs/links%20list.txt");
    EXPECT_EQ(str(artifact(1).at("uri")), "file:///srv/lists/%C3%BC%231.txt");
    EXPECT_FALSE(artifact(1).contains("uriBaseId"));
    EXPECT_TRUE(boost::urls::parse_uri(str(artifact(1).at("uri"))).has_value());
    EXPECT_EQ(str(artifact(2).at("uri")), "a%3Ab.txt");
    EXPECT_TRUE(boost::urls::parse_relative_ref(str(artifact(2).at("uri"))).has_value());
}

TEST(ReportSarif, OutputDoesNotDependOnCompletionOrder) {
    const auto run = make_hostile_run();
    memory_file in_order;
    auto reporter = urlcheck::report_detail::make_sarif_reporter({}, {in_order.get(), false});
    for (std::size_t i = 0; i < run.results.size(); ++i) reporter->on_result(i, run.results[i]);
    reporter->finish(run.totals);
    EXPECT_EQ(in_order.text(), render(run));
}

TEST(ReportSarif, RunWithNothingToLookAtHasNoResults) {
    urlcheck::test::hostile_run run;
    run.results.push_back(make_hostile_run().results[0]);  // up
    run.results.push_back(make_hostile_run().results[7]);  // skipped
    for (const auto& r : run.results) run.totals.add(r);
    run.totals.started_unix_ms = 1796000000000;  // 2026-11-30T00:53:20Z
    run.totals.elapsed_ms = 1500;
    const json::object doc = parse(render(run));
    EXPECT_TRUE(run_of(doc).at("results").as_array().empty());
    const json::object& invocation = run_of(doc).at("invocations").at(0).as_object();
    EXPECT_FALSE(invocation.contains("toolExecutionNotifications"));
    EXPECT_TRUE(invocation.at("executionSuccessful").as_bool());
    EXPECT_EQ(str(invocation.at("startTimeUtc")), "2026-11-30T00:53:20.000Z");
    EXPECT_EQ(str(invocation.at("endTimeUtc")), "2026-11-30T00:53:21.500Z");
}

TEST(ReportSarif, InterruptedRunIsNotSuccessful) {
    auto run = make_hostile_run();
    run.totals.signal = SIGINT;
    const json::object doc = parse(render(run));
    const json::object& invocation = run_of(doc).at("invocations").at(0).as_object();
    EXPECT_FALSE(invocation.at("executionSuccessful").as_bool());
}

}  // namespace
