// json_read: json and jsonl reports read back into results and a summary,
// round-tripped against the writer on the hostile fixture (every field,
// every state, odd bytes), and the errors for what is no report.
#include "report/json_read.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/hostile_results.hpp"
#include "urlcheck/report.hpp"

namespace {

using namespace urlcheck;

// With what --state and --ack add (history, ack), so a merged report of
// stateful shards keeps it (urlcheck merge --changes-only).
TEST(ReportJsonRead, EveryHostileResultRoundTrips) {
    const auto run = test::make_hostile_run_with_memory();
    ASSERT_GT(run.results.size(), 10U);
    std::size_t with_history = 0;
    for (const result& r : run.results) {
        const std::string written = result_to_json(r);
        std::string error;
        const auto back = result_from_json(written, error);
        ASSERT_TRUE(back) << error << "\n" << written;
        EXPECT_EQ(result_to_json(*back), written);
        EXPECT_EQ(back->state, r.state);
        EXPECT_EQ(back->error, r.ok ? error_kind::none : r.error == error_kind::none ? error_kind::none : r.error);
        EXPECT_EQ(back->addresses.size(), r.addresses.size());
        EXPECT_EQ(back->ack.has_value(), r.ack.has_value());
        ASSERT_EQ(back->history.has_value(), r.history.has_value()) << written;
        if (!r.history) continue;
        ++with_history;
        EXPECT_EQ(back->history->previous_state, r.history->previous_state);
        EXPECT_EQ(back->history->since_unix_ms, r.history->since_unix_ms);  // whole seconds in the fixture
        EXPECT_EQ(back->history->outage_ms, r.history->outage_ms);
        EXPECT_EQ(back->history->reminder, r.history->reminder);
    }
    EXPECT_EQ(with_history, 3U);
}

summary shard_totals(const test::hostile_run& run) {
    summary s = run.totals;
    s.total = run.results.size();
    s.checked = s.up = 3;
    s.down = 4;
    s.filtered = 2;
    s.elapsed_ms = 1234.5;
    s.shard = "2/3";
    s.other_shards = 17;
    s.list_fingerprint = "sha256:" + std::string(64, 'a');
    return s;
}

// A history whose time is not one: named, not read as 1970.
TEST(ReportJsonRead, AHistoryWithABadTimeIsNamed) {
    std::string error;
    EXPECT_FALSE(result_from_json(
        R"({"url":"u","final_url":"u","source":"a:1","ok":true,"status":200,"error":null,"message":"","attempts":1,)"
        R"("redirects":0,"time_ms":1,"timings":{"dns_ms":null,"connect_ms":null,"tls_ms":null,"ttfb_ms":null},"tls":null,)"
        R"("remote_addr":null,"state":"up","reasons":[],"method":"GET","confirmed":false,)"
        R"("history":{"previous_state":null,"since":"yesterday","changed":false,"outage_ms":null,)"
        R"("consecutive_down":0,"consecutive_up":1,"reminder":false,"fresh":false}})",
        error));
    EXPECT_EQ(error, "history: \"since\": not a date-time like 2026-12-07T14:03:09Z");
}

TEST(ReportJsonRead, AShardsJsonAndJsonlReadBackWhole) {
    auto run = test::make_hostile_run();
    run.totals = shard_totals(run);
    for (const auto format : {output_format::json, output_format::jsonl}) {
        const std::string text = test::render(format, run);
        std::string error;
        const auto report = read_json_report(text, error);
        ASSERT_TRUE(report) << error;
        EXPECT_TRUE(report->has_summary);
        EXPECT_EQ(report->in_input_order, format == output_format::json);
        ASSERT_EQ(report->results.size(), run.results.size());
        if (format == output_format::json) {
            for (std::size_t i = 0; i < run.results.size(); ++i)
                EXPECT_EQ(result_to_json(report->results[i]), result_to_json(run.results[i])) << i;
        }
        const summary& s = report->totals;
        EXPECT_EQ(s.total, run.totals.total);
        EXPECT_EQ(s.up, 3U);
        EXPECT_EQ(s.down, 4U);
        EXPECT_EQ(s.filtered, 2U);
        EXPECT_EQ(s.elapsed_ms, 1234.5);
        EXPECT_EQ(s.shard, "2/3");
        EXPECT_EQ(s.other_shards, 17U);
        EXPECT_EQ(s.list_fingerprint, run.totals.list_fingerprint);
        EXPECT_EQ(s.started_unix_ms, run.totals.started_unix_ms);
    }
}

TEST(ReportJsonRead, AnUnshardedJsonlHasNoSummaryLine) {
    const auto run = test::make_hostile_run();
    std::string error;
    const auto report = read_json_report(test::render(output_format::jsonl, run), error);
    ASSERT_TRUE(report) << error;
    EXPECT_FALSE(report->has_summary);
    EXPECT_EQ(report->results.size(), run.results.size());
}

TEST(ReportJsonRead, WhatIsNoReportIsNamed) {
    const std::pair<std::string, std::string> rows[] = {
        {"", "empty"},
        {"hello\n", "line 1: not JSON (syntax error)"},
        {"{\"url\":\"x\"}\n", "line 1: \"final_url\": missing"},
        {"{\"version\":1,\"results\":[]}", "no \"summary\""},
        {"{\"version\":1,\"results\":{}}", "\"results\" is not an array"},
        {"{\"summary\":{\"total\":1}}\n", "line 1: summary: \"checked\": missing"},
    };
    for (const auto& [text, message] : rows) {
        std::string error;
        EXPECT_FALSE(read_json_report(text, error)) << text;
        EXPECT_EQ(error, message) << text;
    }
    auto r = test::make_hostile_run().results.front();
    std::string line = result_to_json(r);
    line.replace(line.find("\"state\":\"up\""), 12, "\"state\":\"sideways\"");
    std::string error;
    EXPECT_FALSE(result_from_json(line, error));
    EXPECT_EQ(error, "\"state\": unknown \"sideways\"");
}

}  // namespace
