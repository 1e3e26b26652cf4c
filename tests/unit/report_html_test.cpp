// The html report's text, rendered from the shared hostile fixture: its
// structure (one page, every entry once, failing first and then in input
// order), its escaping (nothing a result holds can open a tag, end an
// attribute or run a script), its links and its phase bars. The browser's
// view of the same page is tested in tests/integration/html_browser_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "urlcheck/report.hpp"

namespace {

using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;
using urlcheck::test::memory_file;

std::string render(const hostile_run& run, const urlcheck::report_options& options = {}) {
    return urlcheck::test::render(urlcheck::output_format::html, run, options);
}

std::size_t count(std::string_view text, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

// The table's rows, one a line as the reporter writes them.
std::vector<std::string> rows_of(const std::string& page) {
    const auto begin = page.find("<tbody>\n");
    const auto end = page.find("</tbody>");
    EXPECT_NE(begin, std::string::npos);
    EXPECT_NE(end, std::string::npos);
    std::vector<std::string> rows;
    std::string_view body = std::string_view(page).substr(begin + 8, end - begin - 8);
    while (!body.empty()) {
        const auto newline = body.find('\n');
        rows.emplace_back(body.substr(0, newline));
        body.remove_prefix(newline == std::string_view::npos ? body.size() : newline + 1);
    }
    return rows;
}

// Cell `n` (0 = state) of a row: the text between its <td...> and the next.
std::string cell(const std::string& row, std::size_t n) {
    std::size_t at = 0;
    for (std::size_t i = 0; i <= n; ++i) {
        at = row.find("<td", at);
        if (at == std::string::npos) return "<no such cell>";
        at += 3;
    }
    at = row.find('>', at) + 1;
    const auto next = row.find("<td", at);
    return row.substr(at, next == std::string::npos ? std::string::npos : next - at);
}

std::string state_of(const std::string& row) {
    const auto end = row.find('>');
    return row.substr(10, end - 10);  // "<tr class=" is 10 bytes
}

TEST(ReportHtml, IsOneUtf8PageWithItsOwnStyleAndScriptOnly) {
    const std::string page = render(make_hostile_run());
    EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n", 0), 0u);
    EXPECT_EQ(urlcheck::report_detail::valid_utf8(page), page);
    EXPECT_TRUE(page.ends_with("</script>\n</body>\n</html>\n"));
    EXPECT_EQ(count(page, "<script"), 1u);
    EXPECT_EQ(count(page, "<style"), 1u);
    // Nothing is fetched: no element that loads anything.
    for (const char* loader : {"<link", "<img", "<iframe", "<object", "<embed", "src=", "url(", "@import"})
        EXPECT_EQ(count(page, loader), 0u) << loader;
    // The policy allows the inline style and script by hash only.
    const auto policy = page.find(
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'sha256-");
    ASSERT_NE(policy, std::string::npos);
    EXPECT_LT(policy, page.find("<style>"));  // in force before anything it governs
    EXPECT_NE(page.find("'; script-src 'sha256-", policy), std::string::npos);
    EXPECT_EQ(count(page, "unsafe-"), 0u);
}

// 1796000000000 ms is 2026-11-30 00:53:20 UTC (date -u -d @1796000000; the
// fixture's comment says 23:33:20 the day before).
TEST(ReportHtml, TitleHasTheRunsTimeAndTheCounts) {
    const std::string page = render(make_hostile_run());
    EXPECT_NE(page.find("<title>urlcheck 2026-11-30 00:53:20 UTC: 7 down, 1 unverifiable, 1 degraded, 1 skipped, "
                        "2 up</title>"),
              std::string::npos);
    EXPECT_NE(page.find("Started 2026-11-30 00:53:20 UTC, took 10.01 s; 12 entries, 11 checked."), std::string::npos);
    // Each state's count with its name, not only its colour.
    EXPECT_NE(page.find("<li class=down><b>7</b><span class=label>down</span><span class=fails>fails the run</span>"),
              std::string::npos);
    EXPECT_NE(page.find("<li class=degraded><b>1</b><span class=label>degraded</span></li>"), std::string::npos);
    EXPECT_NE(page.find("<li class=up><b>2</b><span class=label>up</span></li>"), std::string::npos);
}

TEST(ReportHtml, FailOnMarksTheStatesThatFailTheRun) {
    urlcheck::report_options options;
    options.fail_on.degraded = true;
    const std::string page = render(make_hostile_run(), options);
    EXPECT_NE(page.find("<span class=label>degraded</span><span class=fails>fails the run</span>"), std::string::npos);
    EXPECT_EQ(count(page, "fails the run"), 2u);  // down and degraded
}

TEST(ReportHtml, ListsEveryEntryFailingFirstThenInInputOrder) {
    const hostile_run run = make_hostile_run();
    const auto rows = rows_of(render(run));
    ASSERT_EQ(rows.size(), run.results.size());

    // The fixture's input order, stably sorted by how badly each entry fails.
    const std::vector<std::string> rank = {"down", "unverifiable", "degraded", "skipped", "up"};
    std::vector<std::size_t> expected(run.results.size());
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
    const auto rank_of = [&](std::size_t i) {
        return std::find(rank.begin(), rank.end(), std::string(urlcheck::to_string(run.results[i].state))) -
               rank.begin();
    };
    std::stable_sort(expected.begin(), expected.end(),
                     [&](std::size_t a, std::size_t b) { return rank_of(a) < rank_of(b); });

    for (std::size_t k = 0; k < rows.size(); ++k) {
        const result& r = run.results[expected[k]];
        EXPECT_EQ(state_of(rows[k]), urlcheck::to_string(r.state)) << rows[k];
        EXPECT_EQ(cell(rows[k], 0), urlcheck::to_string(r.state));  // the state in words, not only as a colour
        EXPECT_EQ(cell(rows[k], 6), r.source);
    }
    // The same order spelled out.
    std::vector<std::string> sources;
    for (const auto& row : rows) sources.push_back(cell(row, 6));
    EXPECT_EQ(sources, (std::vector<std::string>{"urls.txt:12", "urls.txt:3", "urls.txt:5", "urls.txt:7", "-:2",
                                                 "arg:1", "lists/a,b: c.txt:9", "urls.txt:6", "urls.txt:4",
                                                 "urls.txt:8", "urls.txt:1", "-:1"}));
}

TEST(ReportHtml, CellsHoldStatusKindReasonsAndTime) {
    const auto rows = rows_of(render(make_hostile_run()));
    // Row 2 is the CR/LF entry (input 4): two reasons, a status, no TLS.
    const std::string& crlf = rows[2];
    EXPECT_EQ(cell(crlf, 2), "500");
    EXPECT_EQ(cell(crlf, 3), "status");
    EXPECT_EQ(cell(crlf, 4),
              "status 500 Oops<span class=ctl>\\x0D</span><span class=ctl>\\x0A</span>::error::injected<br>"
              "second reason, with a comma");
    EXPECT_NE(crlf.find("<td data-v=3>3 ms<td>"), std::string::npos);
    // The skipped entry has no reasons: its message says why.
    const std::string& skipped = rows[9];
    EXPECT_EQ(cell(skipped, 4), "not started: --max-time reached");
    EXPECT_EQ(cell(skipped, 2), "");
    // Seconds from one second up; the exact value for sorting in data-v.
    EXPECT_NE(rows[0].find("<td data-v=2012.4>2.01 s<td>"), std::string::npos);
}

TEST(ReportHtml, EscapesEverythingFromResults) {
    const std::string page = render(make_hostile_run());
    // Quotes and <&> in a URL: as text and in the href, never raw.
    EXPECT_EQ(page.find(R"(q="a"&b=<c>)"), std::string::npos);
    EXPECT_NE(page.find("<a href=\"https://example.com/search?q=&quot;a&quot;&amp;b=&lt;c&gt;&amp;d=&#39;e&#39;\""),
              std::string::npos);
    EXPECT_NE(page.find("404 &quot;Not &lt;Found&gt;&quot; &amp; &#39;gone&#39;"), std::string::npos);
    // Bytes that are not UTF-8 become U+FFFD; control characters a marked
    // "\xNN", so an ESC can't hide and a CR/LF can't split a row.
    EXPECT_NE(page.find("http://exa mple.com/\uFFFD<span class=ctl>\\x1B</span>[31m"), std::string::npos);
    EXPECT_EQ(page.find('\x1b'), std::string::npos);
    EXPECT_EQ(page.find('\r'), std::string::npos);
    // Non-ASCII as it is; the redacted password as the engine left it.
    EXPECT_NE(page.find(">https://bücher.example/straße/😀</a>"), std::string::npos);
    EXPECT_NE(page.find("429 Too Many Requests — retry later"), std::string::npos);
    EXPECT_NE(page.find("https://user:***@private.example/admin"), std::string::npos);
    // A list file's name with ',' ':' and a space, as written.
    EXPECT_NE(page.find("<td>lists/a,b: c.txt:9<td"), std::string::npos);
}

TEST(ReportHtml, ScriptLikeTextStaysText) {
    hostile_run run = make_hostile_run();
    result evil =
        urlcheck::test::hostile_base(R"(https://evil.example/"><script>alert(1)</script><img src=x onerror=alert(2)>)",
                                     "urls.txt:20", verdict::down);
    evil.error = urlcheck::error_kind::status;
    evil.status = 500;
    evil.reasons = {"</td></tr></tbody></table><script>alert(3)</script>", "</script><!--"};
    run.results.push_back(evil);
    result js = urlcheck::test::hostile_base("javascript:alert(4)", "urls.txt:21", verdict::down);
    js.error = urlcheck::error_kind::invalid_url;
    run.results.push_back(js);
    run.totals.add(evil);
    run.totals.add(js);

    const std::string page = render(run);
    EXPECT_EQ(count(page, "<script"), 1u);
    EXPECT_EQ(count(page, "</script"), 1u);
    EXPECT_EQ(count(page, "<img"), 0u);
    EXPECT_EQ(count(page, "<!--"), 0u);
    EXPECT_EQ(count(page, "</table>"), 1u);
    EXPECT_EQ(count(page, "<tr class="), run.results.size());
    EXPECT_NE(page.find("&lt;/td&gt;&lt;/tr&gt;&lt;/tbody&gt;&lt;/table&gt;&lt;script&gt;alert(3)"), std::string::npos);
    // Not a link: only http and https entries are.
    EXPECT_EQ(page.find("href=\"javascript"), std::string::npos);
    EXPECT_NE(page.find("<td>javascript:alert(4)<td>"), std::string::npos);
}

TEST(ReportHtml, LinksOnlyHttpAndHttpsEntriesWithNoOpenerNoReferrer) {
    const hostile_run run = make_hostile_run();
    const std::string page = render(run);
    // Every entry but the invalid one is an http(s) URL.
    EXPECT_EQ(count(page, "<a href="), run.results.size() - 1);
    EXPECT_EQ(count(page, "<a href="), count(page, "\" rel=\"noopener noreferrer\" target=_blank>"));
    EXPECT_EQ(page.find("<a href=\"http://exa mple.com"), std::string::npos);
}

TEST(ReportHtml, PhaseBarsAreScaledToTheSlowestEntry) {
    const auto rows = rows_of(render(make_hostile_run()));
    // The slowest entry (10 s, nothing but waiting) fills its bar.
    const std::string& timeout = rows[5];
    ASSERT_EQ(cell(timeout, 6), "arg:1");
    EXPECT_TRUE(
        timeout.ends_with("<td data-v=10000><i class=\"bar e200\" role=img title=\"rest 10.00 s; total 10.00 s\">"
                          "</i>"))
        << timeout;
    // The slow first byte of the degraded entry (3.48 s of 10 s: it ends at
    // 35% of the bar, 70 half-percent steps), the others too short to draw;
    // every number is in the tooltip.
    const std::string& slow = rows[8];
    ASSERT_EQ(cell(slow, 6), "urls.txt:4");
    EXPECT_TRUE(
        slow.ends_with("<td data-v=3480><i class=\"bar d70\" role=img title=\"DNS 0.3 ms, connect 1 ms, TLS 9 ms, "
                       "first byte 3.48 s, rest 9.8 ms; total 3.50 s\"></i>"))
        << slow;
    // The up entry over TLS: 48.25 ms of 10 s, every phase too short but
    // the first byte, which ends at 0.46% (1 step).
    EXPECT_TRUE(
        rows[10].ends_with("<td data-v=30.5><i class=\"bar d1\" role=img title=\"DNS 1.5 ms, connect 2.3 ms, "
                           "TLS 12 ms, first byte 30.5 ms, rest 2 ms; total 48.3 ms\"></i>"))
        << rows[10];
    // An entry that was never started has no bar and no sort value.
    EXPECT_TRUE(rows[9].ends_with("<td>")) << rows[9];
}

TEST(ReportHtml, BarSegmentsEndWhereTheirRunningSumEnds) {
    hostile_run run;
    // Five phases of ~40.8 steps each: rounded one by one they would make
    // 201 of 200 steps; rounded where each ends, they end at the total's end.
    result r = urlcheck::test::hostile_base("https://a.example/", "urls.txt:1", verdict::up);
    r.time_ms = 1000;
    r.timings = {199.0, 199.0, 199.0, 199.0};
    run.results.push_back(r);
    result slow = r;
    slow.time_ms = 1001;
    run.results.push_back(slow);
    for (const auto& x : run.results) run.totals.add(x);
    const auto rows = rows_of(render(run));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_NE(rows[0].find("<i class=\"bar a40 b80 c119 d159 e200\""), std::string::npos) << rows[0];
    EXPECT_NE(rows[1].find("<i class=\"bar a40 b80 c119 d159 e200\""), std::string::npos) << rows[1];
    // A phase that did not happen (no TLS over http) has no end of its own.
    run.results[1].timings.tls_ms.reset();
    EXPECT_NE(rows_of(render(run))[1].find("<i class=\"bar a40 b80 d119 e200\""), std::string::npos);
}

TEST(ReportHtml, AnEmptyRunIsStillAPage) {
    hostile_run run;
    run.totals.started_unix_ms = 0;  // unknown: no time in the title
    const std::string page = render(run);
    EXPECT_NE(page.find("<title>urlcheck: 0 down, 0 unverifiable, 0 degraded, 0 skipped, 0 up</title>"),
              std::string::npos);
    EXPECT_NE(page.find("<p class=empty>No entries were checked.</p>"), std::string::npos);
    EXPECT_TRUE(page.ends_with("</html>\n"));
}

TEST(ReportHtml, InterruptedRunsSaySo) {
    hostile_run run = make_hostile_run();
    run.totals.signal = 2;
    run.totals.not_checked = 5;
    EXPECT_NE(render(run).find("; interrupted, 5 not checked."), std::string::npos);
}

}  // namespace
