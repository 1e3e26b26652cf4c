// The csv report on the shared hostile fixture: the exact header and rows,
// RFC 4180 quoting and CRLF records, input order with bounded holding, the
// formula guard, and text that is not UTF-8. A real CSV reader parses it
// back in tests/integration/csv_consumer_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"

namespace {

using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;
using urlcheck::test::memory_file;

const std::string header =
    "url,final_url,source,file,line,state,ok,status,error,message,attempts,redirects,method,confirmed,"
    "time_ms,dns_ms,connect_ms,tls_ms,ttfb_ms,tls_not_after,tls_days_left,tls_subject,remote_addr,reasons\r\n";

std::string render(const hostile_run& run, const urlcheck::report_options& options = {}) {
    return urlcheck::test::render(urlcheck::output_format::csv, run, options);
}

hostile_run one(const result& r) {
    hostile_run run;
    run.results.push_back(r);
    run.totals.add(r);
    return run;
}

// The data rows of a rendered report, each with its CRLF.
std::string rows_of(const std::string& text) { return text.substr(header.size()); }

// The whole report is the header and each entry's row (pinned in ExactRows)
// in entry order, though replay() finishes them in another.
TEST(CsvReport, HeaderThenOneRowPerEntryInInputOrder) {
    const hostile_run run = make_hostile_run();
    std::string expected = header;
    for (const auto& r : run.results) expected += rows_of(render(one(r)));
    EXPECT_EQ(render(run), expected);
}

TEST(CsvReport, ExactRows) {
    const hostile_run run = make_hostile_run();
    EXPECT_EQ(rows_of(render(one(run.results[0]))),
              "https://example.com/,https://example.com/,urls.txt:1,urls.txt,1,up,true,200,,,1,0,HEAD,false,"
              "48.3,1.5,2.3,12,30.5,2027-01-31T12:00:00Z,421,/CN=example.com,93.184.215.14:443,\r\n");
    EXPECT_EQ(rows_of(render(one(run.results[1]))),
              "https://x.invalid/,https://x.invalid/,urls.txt:12,urls.txt,12,down,false,,dns,NXDOMAIN,2,0,HEAD,true,"
              "2012.4,5,,,,,,,,dns: NXDOMAIN\r\n");
    // Quotes doubled inside quotes; CR and LF kept inside quotes.
    EXPECT_EQ(rows_of(render(one(run.results[2]))),
              R"("https://example.com/search?q=""a""&b=<c>&d='e'","https://example.com/search?q=""a""&b=<c>&d='e'",)"
              R"(urls.txt:3,urls.txt,3,down,false,404,status,"404 ""Not <Found>"" & 'gone'",1,0,GET,false,)"
              R"(12.5,0.5,1,4,6,,,,,"status 404 ""Not <Found>"" & 'gone'")"
              "\r\n");
    EXPECT_EQ(rows_of(render(one(run.results[4]))),
              "http://example.com/crlf,http://example.com/crlf,urls.txt:5,urls.txt,5,down,false,500,status,"
              "\"500 Oops\r\n::error::injected\r\nX-Evil: 1\",1,0,HEAD,false,3,,0.5,,2,,,,,"
              "\"status 500 Oops\r\n::error::injected; second reason, with a comma\"\r\n");
    // A command-line URL has no file and no line; standard input is "-".
    EXPECT_EQ(rows_of(render(one(run.results[9]))),
              "http://127.0.0.1:9/,http://127.0.0.1:9/,arg:1,,,down,false,,timeout,timed out after 10 s,1,0,HEAD,false,"
              "10000,,,,,,,,,timeout: timed out after 10 s\r\n");
    EXPECT_EQ(rows_of(render(one(run.results[11]))),
              "http://example.com/ok,http://example.com/ok,-:1,-,1,up,true,204,,,1,0,HEAD,false,2.5,0.2,0.3,,1.5,,,,"
              "[2001:db8::1]:80,\r\n");
    // A list file whose name holds ',' is quoted in both columns.
    EXPECT_NE(render(one(run.results[10])).find(R"(,"lists/a,b: c.txt:9","lists/a,b: c.txt",9,down,)"),
              std::string::npos);
    // Skipped: not ok, error "skipped", no method.
    EXPECT_EQ(rows_of(render(one(run.results[7]))),
              "https://example.com/late,https://example.com/late,urls.txt:8,urls.txt,8,skipped,false,,skipped,"
              "not started: --max-time reached,0,0,,false,0,,,,,,,,,\r\n");
}

// Text that is not UTF-8 becomes U+FFFD; every other character is kept.
TEST(CsvReport, InvalidUtf8BecomesReplacementCharacters) {
    const hostile_run run = make_hostile_run();
    // Entry 8's URL holds the byte 0xFF (not UTF-8) and ESC (a character: kept, as json keeps it).
    const std::string expected = "http://exa mple.com/\xEF\xBF\xBD\x1b[31m,,-:2,-,2,down,";
    EXPECT_EQ(rows_of(render(one(run.results[8]))).substr(0, expected.size()), expected);
    const std::string idn = render(one(run.results[5]));
    EXPECT_NE(idn.find("https://bücher.example/straße/😀,"), std::string::npos);
    EXPECT_NE(idn.find(",429 Too Many Requests — retry later,"), std::string::npos);
}

// OWASP's defence against CSV injection in the columns that carry text from
// the list or the network; the columns urlcheck writes itself are exact.
TEST(CsvReport, CellsAFormulaCouldStartWithGetAnApostrophe) {
    result r = urlcheck::test::hostile_base("=HYPERLINK(\"http://evil/\",\"x\")", "-:3", verdict::down);
    r.final_url = "+1";
    r.error = urlcheck::error_kind::invalid_url;
    r.message = "@SUM(1)";
    r.reasons = {"-2+3", "second"};
    r.tls = urlcheck::tls_info{"2020-01-01T00:00:00Z", -3, "\tcmd"};
    r.remote_addr = "";
    const std::string row = rows_of(render(one(r)));
    EXPECT_EQ(
        row,
        R"csv("'=HYPERLINK(""http://evil/"",""x"")",'+1,-:3,-,3,down,false,,invalid_url,'@SUM(1),1,0,HEAD,false,)csv"
        "0,,,,,2020-01-01T00:00:00Z,-3,'\tcmd,,'-2+3; second\r\n");
    r.message = "\rx";
    EXPECT_NE(render(one(r)).find(",\"'\rx\","), std::string::npos);
    // Not at the start: untouched.
    r.url = "http://x/?a=1";
    r.message = "a=b";
    const std::string plain = render(one(r));
    EXPECT_NE(plain.find("\r\nhttp://x/?a=1,"), std::string::npos);
    EXPECT_NE(plain.find(",a=b,"), std::string::npos);
}

TEST(CsvReport, HeldCountsTheRowsWaitingForAnEarlierOneAndFlushWritesTheRest) {
    const hostile_run run = make_hostile_run();
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::csv, {}, {out.get(), false});
    reporter->on_result(2, run.results[2]);
    reporter->on_result(3, run.results[3]);
    EXPECT_EQ(reporter->held(), 2u);
    reporter->flush();
    EXPECT_EQ(out.text(), "");  // nothing is ready: entry 0 is missing
    reporter->on_result(0, run.results[0]);
    EXPECT_EQ(reporter->held(), 2u);
    reporter->on_result(1, run.results[1]);
    EXPECT_EQ(reporter->held(), 0u);
    reporter->flush();
    const std::string early = out.text();
    EXPECT_EQ(early, header + rows_of(render(one(run.results[0]))) + rows_of(render(one(run.results[1]))) +
                         rows_of(render(one(run.results[2]))) + rows_of(render(one(run.results[3]))));
    reporter->finish(run.totals);
    EXPECT_EQ(out.text(), early);
}

// An interrupted run: what waits behind an entry that never came is written
// at the end, in order.
TEST(CsvReport, InterruptedRunsWriteWhatWaitsInOrder) {
    const hostile_run run = make_hostile_run();
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::csv, {}, {out.get(), false});
    reporter->on_result(5, run.results[5]);
    reporter->on_result(3, run.results[3]);
    urlcheck::summary s;
    s.signal = 2;
    reporter->finish(s);
    EXPECT_EQ(out.text(), header + rows_of(render(one(run.results[3]))) + rows_of(render(one(run.results[5]))));
}

TEST(CsvReport, AnEmptyRunIsTheHeaderAlone) {
    memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::csv, {}, {out.get(), false});
    reporter->finish({});
    EXPECT_EQ(out.text(), header);
}

// Every entry is a row whatever -q, -v or --fail-on say.
TEST(CsvReport, VerbosityAndFailOnChangeNothing) {
    urlcheck::report_options quiet;
    quiet.verbosity = -1;
    quiet.fail_on = {true, true, true};
    urlcheck::report_options verbose;
    verbose.verbosity = 1;
    const std::string normal = render(make_hostile_run());
    EXPECT_EQ(render(make_hostile_run(), quiet), normal);
    EXPECT_EQ(render(make_hostile_run(), verbose), normal);
}

}  // namespace
