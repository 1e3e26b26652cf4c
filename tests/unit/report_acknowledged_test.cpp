// The state `acknowledged` (--ack) in every report format: shown apart from
// down, with the ack's reason and until, its error kept, and never a
// failure. A run of two entries: one acknowledged (the ack's reason holds
// text that breaks naive writers), one down.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "support/hostile_results.hpp"

namespace {

using namespace urlcheck;
using urlcheck::test::hostile_base;
using urlcheck::test::hostile_run;
using urlcheck::test::render;

constexpr std::string_view reason = "migration <TICKET-12> \"R&D\", 50%";

hostile_run acknowledged_run() {
    hostile_run run;
    result acked = hostile_base("https://old.example/api", "urls.txt:3", verdict::acknowledged);
    acked.status = 503;
    acked.error = error_kind::status;
    acked.message = "503 Service Unavailable";
    acked.reasons = {"status: 503 Service Unavailable"};
    acked.time_ms = 12;
    acked.ack = acknowledgement{std::string(reason), "2026-12-24T18:00:00Z", "acks.toml:2"};
    run.results.push_back(acked);

    result down = hostile_base("https://gone.example/", "urls.txt:4", verdict::down);
    down.status = 404;
    down.error = error_kind::status;
    down.message = "404 Not Found";
    down.reasons = {"status: 404 Not Found"};
    run.results.push_back(down);

    for (const auto& r : run.results) run.totals.add(r);
    run.totals.total = run.results.size();
    return run;
}

bool has(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

TEST(ReportAcknowledged, SummaryCountsItAndTheRunPasses) {
    const hostile_run run = acknowledged_run();
    EXPECT_EQ(run.totals.acknowledged, 1u);
    EXPECT_EQ(run.totals.down, 1u);
    EXPECT_EQ(run.totals.checked, 2u);
    summary only_acked;
    only_acked.add(run.results[0]);
    EXPECT_EQ(exit_code_for(only_acked), 0);
}

TEST(ReportAcknowledged, Text) {
    const std::string out = render(output_format::text, acknowledged_run());
    EXPECT_TRUE(has(out, "ACKNOWLEDGED  https://old.example/api  503 Service Unavailable; acknowledged: migration "
                         "<TICKET-12> \"R&D\", 50% (until 2026-12-24T18:00:00Z)"))
        << out;
    EXPECT_TRUE(has(out, "DOWN          https://gone.example/")) << out;
    EXPECT_TRUE(has(out, "0 up, 1 down, 1 acknowledged")) << out;
    // -q lists only what fails the run.
    report_options quiet;
    quiet.verbosity = -1;
    const std::string q = render(output_format::text, acknowledged_run(), quiet);
    EXPECT_FALSE(has(q, "old.example")) << q;
    EXPECT_TRUE(has(q, "gone.example")) << q;
}

TEST(ReportAcknowledged, Json) {
    const auto doc = boost::json::parse(render(output_format::json, acknowledged_run()));
    const auto& entry = doc.at("results").at(0).as_object();
    EXPECT_EQ(entry.at("state").as_string(), "acknowledged");
    EXPECT_EQ(entry.at("error").as_string(), "status");
    EXPECT_EQ(entry.at("status").as_int64(), 503);
    EXPECT_EQ(entry.at("ack").at("reason").as_string(), reason);
    EXPECT_EQ(entry.at("ack").at("until").as_string(), "2026-12-24T18:00:00Z");
    EXPECT_EQ(entry.at("ack").at("source").as_string(), "acks.toml:2");
    EXPECT_FALSE(doc.at("results").at(1).as_object().contains("ack"));
    EXPECT_EQ(doc.at("summary").at("acknowledged").as_int64(), 1);

    // jsonl: the same object, one a line, in completion order.
    const std::string lines = render(output_format::jsonl, acknowledged_run());
    std::size_t acknowledged = 0;
    for (std::size_t start = 0; start < lines.size();) {
        const std::size_t end = lines.find('\n', start);
        const auto object = boost::json::parse(lines.substr(start, end - start));
        acknowledged += object.at("state").as_string() == "acknowledged" && object.as_object().contains("ack");
        start = end + 1;
    }
    EXPECT_EQ(acknowledged, 1u) << lines;
}

TEST(ReportAcknowledged, JunitSkippedNotFailed) {
    const std::string out = render(output_format::junit, acknowledged_run());
    EXPECT_TRUE(has(out, "<skipped message=\"503 Service Unavailable; acknowledged: migration &lt;TICKET-12&gt; "
                         "&quot;R&amp;D&quot;, 50% (until 2026-12-24T18:00:00Z)\"/>"))
        << out;
    EXPECT_TRUE(has(out, "failures=\"1\"")) << out;
    EXPECT_TRUE(has(out, "skipped=\"1\"")) << out;
}

TEST(ReportAcknowledged, GithubNotice) {
    const std::string out = render(output_format::github, acknowledged_run());
    EXPECT_TRUE(has(out, "::notice file=urls.txt,line=3,title=urlcheck acknowledged::")) << out;
    EXPECT_TRUE(has(out, "::error file=urls.txt,line=4")) << out;
}

TEST(ReportAcknowledged, Markdown) {
    const std::string out = render(output_format::markdown, acknowledged_run());
    EXPECT_TRUE(has(out, "| 🔵 acknowledged | 1 |")) << out;
    EXPECT_TRUE(has(out, "| 🔵 acknowledged | https://old.example/api |")) << out;
    // Down comes first: the table is in the order a reader acts on it.
    EXPECT_LT(out.find("| 🔴 down | https://gone.example/"), out.find("| 🔵 acknowledged | https://old.example/api"));
}

TEST(ReportAcknowledged, SarifNote) {
    const auto doc = boost::json::parse(render(output_format::sarif, acknowledged_run()));
    const auto& results = doc.at("runs").at(0).at("results").as_array();
    ASSERT_EQ(results.size(), 2u);
    const auto& acked = results.at(0).as_object();
    EXPECT_EQ(acked.at("ruleId").as_string(), "urlcheck/acknowledged");
    EXPECT_EQ(acked.at("level").as_string(), "note");
    const std::string message(acked.at("message").at("text").as_string());
    EXPECT_TRUE(has(message, "acknowledged: migration")) << message;
    EXPECT_EQ(results.at(1).at("level").as_string(), "error");
}

TEST(ReportAcknowledged, Html) {
    const std::string out = render(output_format::html, acknowledged_run());
    EXPECT_TRUE(has(out, "<tr class=acknowledged><td>acknowledged<td>")) << out;
    EXPECT_TRUE(has(out, "acknowledged: migration &lt;TICKET-12&gt;")) << out;
    EXPECT_TRUE(has(out, "<li class=acknowledged><b>1</b>")) << out;
}

TEST(ReportAcknowledged, CsvHasTheStateAndTheErrorKept) {
    const std::string out = render(output_format::csv, acknowledged_run());
    EXPECT_TRUE(has(out, "\r\nhttps://old.example/api,https://old.example/api,urls.txt:3,urls.txt,3,acknowledged,false,503,"
                         "status,503 Service Unavailable,"))
        << out;
}

TEST(ReportAcknowledged, PrometheusKeepsItDownByState) {
    const std::string out = render(output_format::prometheus, acknowledged_run());
    EXPECT_TRUE(has(out, "urlcheck_up{url=\"https://old.example/api\",source=\"urls.txt:3\"} 0")) << out;
    EXPECT_TRUE(has(out, "urlcheck_state{url=\"https://old.example/api\",source=\"urls.txt:3\",state=\"acknowledged\"} 1"))
        << out;
    EXPECT_TRUE(has(out, "urlcheck_entries{state=\"acknowledged\"} 1")) << out;
}

}  // namespace
