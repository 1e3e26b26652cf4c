// The junit report on the shared hostile fixture: structure (suites per
// input, testcases in input order, counts), how each state maps, and that
// any bytes come out as well-formed XML that reads back to the same text.
// Read back with Boost.PropertyTree's XML reader (a non-validating parser
// that decodes entities and character references); the schema and xmllint
// are in tests/integration/junit_consumer_test.cpp.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"

namespace {

namespace pt = boost::property_tree;
using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;
using urlcheck::test::memory_file;

std::string render(const hostile_run& run, const urlcheck::report_options& options = {}) {
    return urlcheck::test::render(urlcheck::output_format::junit, run, options);
}

pt::ptree parse(const std::string& text) {
    std::istringstream in(text);
    pt::ptree doc;
    pt::read_xml(in, doc);
    return doc;
}

std::string attr(const pt::ptree& node, const std::string& name) {
    return node.get<std::string>("<xmlattr>." + name, "<absent>");
}

std::vector<const pt::ptree*> children(const pt::ptree& node, const std::string& name) {
    std::vector<const pt::ptree*> out;
    for (const auto& [key, child] : node)
        if (key == name) out.push_back(&child);
    return out;
}

// The testcase whose name is `url`, in any suite.
const pt::ptree& testcase(const pt::ptree& doc, const std::string& url) {
    for (const auto* s : children(doc.get_child("testsuites"), "testsuite"))
        for (const auto* c : children(*s, "testcase"))
            if (attr(*c, "name") == url) return *c;
    throw std::runtime_error("no testcase named " + url);
}

TEST(JunitReport, OneSuitePerInputInOrderOfFirstEntry) {
    const pt::ptree doc = parse(render(make_hostile_run()));
    const auto suites = children(doc.get_child("testsuites"), "testsuite");
    ASSERT_EQ(suites.size(), 4u);
    EXPECT_EQ(attr(*suites[0], "name"), "urls.txt");
    EXPECT_EQ(attr(*suites[1], "name"), "(standard input)");
    EXPECT_EQ(attr(*suites[2], "name"), "(command line)");
    EXPECT_EQ(attr(*suites[3], "name"), "lists/a,b: c.txt");
    EXPECT_EQ(children(*suites[0], "testcase").size(), 8u);
    EXPECT_EQ(children(*suites[1], "testcase").size(), 2u);
    EXPECT_EQ(children(*suites[2], "testcase").size(), 1u);
    EXPECT_EQ(children(*suites[3], "testcase").size(), 1u);
}

TEST(JunitReport, TestcasesInInputOrderWithinEachSuite) {
    const hostile_run run = make_hostile_run();
    const pt::ptree doc = parse(render(run));
    const auto suites = children(doc.get_child("testsuites"), "testsuite");
    const auto file_cases = children(*suites[0], "testcase");
    ASSERT_EQ(file_cases.size(), 8u);
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(attr(*file_cases[i], "name"), run.results[i].url) << i;
    // Standard input's entries are 8 ("-:2") and 11 ("-:1"): entry order,
    // whatever order they finished in (replay() finishes 11 before 8).
    const auto stdin_cases = children(*suites[1], "testcase");
    ASSERT_EQ(stdin_cases.size(), 2u);
    EXPECT_EQ(attr(*stdin_cases[0], "line"), "2");
    EXPECT_EQ(attr(*stdin_cases[1], "line"), "1");
}

TEST(JunitReport, TotalsAndSuiteCounts) {
    const pt::ptree doc = parse(render(make_hostile_run()));
    const pt::ptree& all = doc.get_child("testsuites");
    EXPECT_EQ(attr(all, "name"), "urlcheck");
    EXPECT_EQ(attr(all, "tests"), "12");
    EXPECT_EQ(attr(all, "failures"), "7");  // the down entries: 1, 2, 4, 6, 8, 9, 10
    EXPECT_EQ(attr(all, "errors"), "0");
    EXPECT_EQ(attr(all, "skipped"), "1");
    EXPECT_EQ(attr(all, "time"), "10.013");  // the run's wall clock, 10012.5 ms, to the millisecond
    EXPECT_EQ(attr(all, "timestamp"), "2026-11-30T00:53:20Z");
    const auto suites = children(all, "testsuite");
    const pt::ptree& file = *suites[0];
    EXPECT_EQ(attr(file, "tests"), "8");
    EXPECT_EQ(attr(file, "failures"), "4");  // 1, 2, 4, 6
    EXPECT_EQ(attr(file, "errors"), "0");
    EXPECT_EQ(attr(file, "skipped"), "1");
    // The checks' own times summed: 48.25 + 2012.4 + 12.5 + 3500 + 3 + 950 + 1.2 + 0.
    EXPECT_EQ(attr(file, "time"), "6.527");
    EXPECT_EQ(attr(file, "timestamp"), "2026-11-30T00:53:20Z");
    EXPECT_EQ(attr(*suites[1], "failures"), "1");
    EXPECT_EQ(attr(*suites[2], "failures"), "1");
    EXPECT_EQ(attr(*suites[3], "failures"), "1");
}

TEST(JunitReport, TestcaseAttributesNameTheListFileAndLine) {
    const pt::ptree doc = parse(render(make_hostile_run()));
    const pt::ptree& up = testcase(doc, "https://example.com/");
    EXPECT_EQ(attr(up, "classname"), "urls.txt");
    EXPECT_EQ(attr(up, "file"), "urls.txt");
    EXPECT_EQ(attr(up, "line"), "1");
    EXPECT_EQ(attr(up, "time"), "0.048");
    EXPECT_TRUE(up.get_child_optional("failure") == boost::none);
    EXPECT_TRUE(up.get_child_optional("system-out") == boost::none);

    const pt::ptree& odd = testcase(doc, "https://example.com/health");
    EXPECT_EQ(attr(odd, "classname"), "lists/a,b: c.txt");
    EXPECT_EQ(attr(odd, "file"), "lists/a,b: c.txt");
    EXPECT_EQ(attr(odd, "line"), "9");

    // Standard input has lines but no file to link; the command line has neither.
    const pt::ptree& plain = testcase(doc, "http://example.com/ok");
    EXPECT_EQ(attr(plain, "classname"), "(standard input)");
    EXPECT_EQ(attr(plain, "file"), "<absent>");
    EXPECT_EQ(attr(plain, "line"), "1");
    const pt::ptree& arg = testcase(doc, "http://127.0.0.1:9/");
    EXPECT_EQ(attr(arg, "classname"), "(command line)");
    EXPECT_EQ(attr(arg, "file"), "<absent>");
    EXPECT_EQ(attr(arg, "line"), "<absent>");
    EXPECT_EQ(attr(arg, "time"), "10.000");
}

TEST(JunitReport, DownIsAFailureOfItsErrorKindWithTheReasons) {
    const pt::ptree doc = parse(render(make_hostile_run()));
    const pt::ptree& dns = testcase(doc, "https://x.invalid/");
    EXPECT_EQ(attr(dns.get_child("failure"), "type"), "dns");
    EXPECT_EQ(attr(dns.get_child("failure"), "message"), "NXDOMAIN");
    EXPECT_EQ(dns.get<std::string>("failure"), "dns: NXDOMAIN");

    const pt::ptree& crlf = testcase(doc, "http://example.com/crlf");
    EXPECT_EQ(attr(crlf.get_child("failure"), "type"), "status");
    EXPECT_EQ(attr(crlf.get_child("failure"), "message"), "500 Oops\r\n::error::injected\r\nX-Evil: 1");
    EXPECT_EQ(crlf.get<std::string>("failure"), "status 500 Oops\r\n::error::injected\nsecond reason, with a comma");

    EXPECT_EQ(attr(testcase(doc, "http://127.0.0.1:9/").get_child("failure"), "type"), "timeout");
    EXPECT_EQ(attr(testcase(doc, "https://example.com/health").get_child("failure"), "type"), "expectation");
    EXPECT_EQ(attr(testcase(doc, "https://user:***@private.example/admin").get_child("failure"), "type"), "connect");
}

TEST(JunitReport, SkippedIsSkippedAndWarningStatesPassWithTheirReasons) {
    const pt::ptree doc = parse(render(make_hostile_run()));
    const pt::ptree& late = testcase(doc, "https://example.com/late");
    EXPECT_EQ(attr(late.get_child("skipped"), "message"), "not started: --max-time reached");
    EXPECT_TRUE(late.get_child_optional("failure") == boost::none);

    const pt::ptree& slow = testcase(doc, "https://example.com/a,b%2Cc::d?x=100%");
    EXPECT_TRUE(slow.get_child_optional("failure") == boost::none);
    EXPECT_EQ(slow.get<std::string>("system-out"), "slow: 3.50 s, over --slow 2 s");

    const pt::ptree& limited = testcase(doc, "https://bücher.example/straße/😀");
    EXPECT_TRUE(limited.get_child_optional("failure") == boost::none);
    EXPECT_EQ(limited.get<std::string>("system-out"), "rate limited: 429 Too Many Requests — retry later");
}

// --fail-on makes the report's failures the run's: a state it names fails
// its testcase, and the failure names the state.
TEST(JunitReport, FailOnTurnsTheStatesItNamesIntoFailures) {
    urlcheck::report_options options;
    options.fail_on = {true, true, true};
    const pt::ptree doc = parse(render(make_hostile_run(), options));
    const pt::ptree& all = doc.get_child("testsuites");
    EXPECT_EQ(attr(all, "failures"), "10");
    EXPECT_EQ(attr(all, "skipped"), "0");

    const pt::ptree& slow = testcase(doc, "https://example.com/a,b%2Cc::d?x=100%");
    EXPECT_EQ(attr(slow.get_child("failure"), "type"), "degraded");
    EXPECT_EQ(attr(slow.get_child("failure"), "message"), "slow: 3.50 s, over --slow 2 s");
    EXPECT_TRUE(slow.get_child_optional("system-out") == boost::none);
    const pt::ptree& limited = testcase(doc, "https://bücher.example/straße/😀");
    EXPECT_EQ(attr(limited.get_child("failure"), "type"), "unverifiable");
    const pt::ptree& late = testcase(doc, "https://example.com/late");
    EXPECT_EQ(attr(late.get_child("failure"), "type"), "skipped");
    EXPECT_TRUE(late.get_child_optional("skipped") == boost::none);

    options.fail_on = {true, false, false};  // only degraded
    const pt::ptree some = parse(render(make_hostile_run(), options));
    EXPECT_EQ(attr(some.get_child("testsuites"), "failures"), "8");
    EXPECT_TRUE(testcase(some, "https://bücher.example/straße/😀").get_child_optional("failure") == boost::none);
}

// Every entry is a testcase whatever -q or -v say: a machine format lists all.
TEST(JunitReport, VerbosityChangesNothing) {
    urlcheck::report_options quiet;
    quiet.verbosity = -1;
    urlcheck::report_options verbose;
    verbose.verbosity = 1;
    const std::string normal = render(make_hostile_run());
    EXPECT_EQ(render(make_hostile_run(), quiet), normal);
    EXPECT_EQ(render(make_hostile_run(), verbose), normal);
}

TEST(JunitReport, EscapesMarkupInAttributesAndText) {
    const std::string text = render(make_hostile_run());
    EXPECT_NE(text.find(R"(name="https://example.com/search?q=&quot;a&quot;&amp;b=&lt;c&gt;&amp;d=&apos;e&apos;")"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(message="404 &quot;Not &lt;Found&gt;&quot; &amp; &apos;gone&apos;")"), std::string::npos);
    EXPECT_NE(text.find(R"(>status 404 &quot;Not &lt;Found&gt;&quot; &amp; &apos;gone&apos;</failure>)"),
              std::string::npos);
    // CR, LF and tab survive attribute-value normalisation only as references;
    // in text CR needs one too (a parser turns CR LF into LF).
    EXPECT_NE(text.find(R"(message="500 Oops&#13;&#10;::error::injected&#13;&#10;X-Evil: 1")"), std::string::npos);
    EXPECT_NE(text.find(">status 500 Oops&#13;\n::error::injected\nsecond reason, with a comma</failure>"),
              std::string::npos);
    EXPECT_NE(text.find(R"(classname="lists/a,b: c.txt" file="lists/a,b: c.txt")"), std::string::npos);
    const pt::ptree doc = parse(text);
    EXPECT_EQ(attr(testcase(doc, R"(https://example.com/search?q="a"&b=<c>&d='e')"), "classname"), "urls.txt");
}

// Bytes that are not UTF-8 and characters XML 1.0 cannot carry at all
// become U+FFFD; the characters it can carry are kept.
TEST(JunitReport, InvalidBytesAndForbiddenCharactersBecomeReplacementCharacters) {
    const std::string text = render(make_hostile_run());
    const pt::ptree doc = parse(text);
    // Entry 8: "http://exa mple.com/\xff\x1b[31m".
    EXPECT_NO_THROW(testcase(doc, "http://exa mple.com/\xEF\xBF\xBD\xEF\xBF\xBD[31m"));

    hostile_run run;
    result r = urlcheck::test::hostile_base(std::string("http://x/\0\x01\x08\x0B\x0C\x1F|\x7F|\xC2\x85|", 21) +
                                                "\xEF\xBF\xBE|\xEF\xBF\xBF|\xEF\xBF\xBD|\t\r\n",
                                            "urls.txt:1", verdict::down);
    r.error = urlcheck::error_kind::protocol;
    r.message = r.url;
    r.reasons = {r.url};
    run.results.push_back(r);
    run.totals.add(r);
    const std::string odd = render(run);
    const std::string fffd = "\xEF\xBF\xBD";
    const std::string kept = "|\x7F|\xC2\x85|" + fffd + "|" + fffd + "|" + fffd + "|";
    const pt::ptree odd_doc = parse(odd);
    const std::string expected_name = "http://x/" + fffd + fffd + fffd + fffd + fffd + fffd + kept + "\t\r\n";
    const pt::ptree& c = testcase(odd_doc, expected_name);
    EXPECT_EQ(attr(c.get_child("failure"), "message"), expected_name);
    EXPECT_EQ(c.get<std::string>("failure"), expected_name);
    EXPECT_NE(odd.find("|&#9;&#13;&#10;\""), std::string::npos) << odd;     // the attribute form
    EXPECT_NE(odd.find("|\t&#13;\n</failure>"), std::string::npos) << odd;  // the text form
}

// Whatever the bytes, the document is UTF-8 with no character XML 1.0
// forbids: every byte value in a URL, a message and the list file's name.
TEST(JunitReport, AnyBytesGiveAWellFormedDocument) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    hostile_run run;
    result r = urlcheck::test::hostile_base("http://x/" + all, all + ":3", verdict::down);
    r.error = urlcheck::error_kind::status;
    r.message = all;
    r.reasons = {all, all};
    run.results.push_back(r);
    r.state = verdict::degraded;
    run.results.push_back(r);
    r.state = verdict::skipped;
    run.results.push_back(r);
    for (const auto& each : run.results) run.totals.add(each);
    const std::string text = render(run);
    EXPECT_EQ(urlcheck::report_detail::valid_utf8(text), text);
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        EXPECT_TRUE(byte >= 0x20 || c == '\n' || c == '\t') << "byte " << int(byte);
        if (byte < 0x20 && c != '\n' && c != '\t') break;
    }
    EXPECT_EQ(text.find("\xEF\xBF\xBE"), std::string::npos);
    EXPECT_EQ(text.find("\xEF\xBF\xBF"), std::string::npos);
    const pt::ptree doc = parse(text);
    EXPECT_EQ(children(doc.get_child("testsuites"), "testsuite").size(), 1u);
}

// The counts go in the suites' start tags, so nothing is written before the
// run ends, and nothing is held against the engine's read-ahead window.
TEST(JunitReport, WritesOnlyAtTheEndAndHoldsNothingForTheEngine) {
    const hostile_run run = make_hostile_run();
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::junit, {}, {out.get(), false});
    for (std::size_t i = run.results.size(); i-- > 0;) reporter->on_result(i, run.results[i]);
    EXPECT_EQ(out.text(), "");
    EXPECT_EQ(reporter->held(), 0u);
    reporter->finish(run.totals);
    EXPECT_EQ(out.text().rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0), 0u);
    EXPECT_EQ(out.text().substr(out.text().size() - 14), "</testsuites>\n");
}

TEST(JunitReport, AnEmptyRunIsAnEmptyDocument) {
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::junit, {}, {out.get(), false});
    urlcheck::summary s;
    s.total = 3;
    s.not_checked = 3;
    s.signal = 2;
    reporter->finish(s);
    EXPECT_EQ(out.text(),
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<testsuites name=\"urlcheck\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n"
              "</testsuites>\n");
}

TEST(JunitReport, ExactTextOfOneSuite) {
    hostile_run run;
    const hostile_run all = make_hostile_run();
    run.results = {all.results[0], all.results[1], all.results[7]};
    for (const auto& r : run.results) run.totals.add(r);
    run.totals.elapsed_ms = 2100;
    run.totals.started_unix_ms = all.totals.started_unix_ms;
    EXPECT_EQ(render(run),
              R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="urlcheck" tests="3" failures="1" errors="0" skipped="1" time="2.100" timestamp="2026-11-30T00:53:20Z">
  <testsuite name="urls.txt" tests="3" failures="1" errors="0" skipped="1" time="2.061" timestamp="2026-11-30T00:53:20Z">
    <testcase name="https://example.com/" classname="urls.txt" file="urls.txt" line="1" time="0.048"/>
    <testcase name="https://x.invalid/" classname="urls.txt" file="urls.txt" line="12" time="2.012">
      <failure type="dns" message="NXDOMAIN">dns: NXDOMAIN</failure>
    </testcase>
    <testcase name="https://example.com/late" classname="urls.txt" file="urls.txt" line="8" time="0.000">
      <skipped message="not started: --max-time reached"/>
    </testcase>
  </testsuite>
</testsuites>
)");
}

}  // namespace
