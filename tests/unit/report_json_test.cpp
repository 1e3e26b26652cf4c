#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "support/memory_file.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace json = boost::json;
using urlcheck::error_kind;
using urlcheck::result;

using urlcheck::test::memory_file;

result up_result() {
    result r;
    r.url = "https://Example.com/#top";
    r.final_url = "https://example.com/home";
    r.source = "urls.txt:1";
    r.ok = true;
    r.status = 200;
    r.attempts = 1;
    r.redirects = 1;
    r.time_ms = 45.2678;
    r.timings.dns_ms = 1.04;
    r.timings.connect_ms = 2.25;
    r.timings.tls_ms = 10.0;
    r.timings.ttfb_ms = 30.96;
    r.tls = urlcheck::tls_info{"2027-01-31T12:00:00Z", 400, "/CN=example.com"};
    r.remote_addr = "93.184.215.14:443";
    r.state = urlcheck::verdict::up;
    r.method = "GET";
    return r;
}

result down_result() {
    result r;
    r.url = "https://nope.invalid/";
    r.final_url = "https://nope.invalid/";
    r.source = "-:3";
    r.ok = false;
    r.error = error_kind::dns;
    r.message = "host not found";
    r.attempts = 2;
    r.time_ms = 3;
    r.timings.dns_ms = 2.96;
    r.state = urlcheck::verdict::down;
    r.reasons = {"dns: host not found"};
    r.method = "HEAD";
    r.confirmed = true;
    return r;
}

const std::vector<std::string> result_keys{"url",      "final_url", "source",  "ok",      "status", "error",
                                           "message",  "attempts",  "redirects", "time_ms", "timings", "tls",
                                           "remote_addr", "state", "reasons", "method", "confirmed"};

void expect_keys(const json::object& o, const std::vector<std::string>& keys) {
    std::vector<std::string> actual;
    for (const auto& kv : o) actual.emplace_back(kv.key());
    EXPECT_EQ(actual, keys);
}

TEST(ResultToJson, ExactUpObject) {
    EXPECT_EQ(urlcheck::result_to_json(up_result()),
              R"({"url":"https://Example.com/#top","final_url":"https://example.com/home","source":"urls.txt:1",)"
              R"("ok":true,"status":200,"error":null,"message":"","attempts":1,"redirects":1,"time_ms":45.3,)"
              R"("timings":{"dns_ms":1,"connect_ms":2.3,"tls_ms":10,"ttfb_ms":31},)"
              R"("tls":{"not_after":"2027-01-31T12:00:00Z","days_left":400,"subject":"/CN=example.com"},"remote_addr":"93.184.215.14:443",)"
              R"("state":"up","reasons":[],"method":"GET","confirmed":false})");
}

TEST(ResultToJson, ExactDownObject) {
    EXPECT_EQ(urlcheck::result_to_json(down_result()),
              R"({"url":"https://nope.invalid/","final_url":"https://nope.invalid/","source":"-:3","ok":false,)"
              R"("status":null,"error":"dns","message":"host not found","attempts":2,"redirects":0,"time_ms":3,)"
              R"("timings":{"dns_ms":3,"connect_ms":null,"tls_ms":null,"ttfb_ms":null},"tls":null,"remote_addr":null,)"
              R"("state":"down","reasons":["dns: host not found"],"method":"HEAD","confirmed":true})");
}

TEST(ResultToJson, ShapeAndTypes) {
    const json::value v = json::parse(urlcheck::result_to_json(up_result()));
    const json::object& o = v.as_object();
    expect_keys(o, result_keys);
    expect_keys(o.at("timings").as_object(), {"dns_ms", "connect_ms", "tls_ms", "ttfb_ms"});
    expect_keys(o.at("tls").as_object(), {"not_after", "days_left", "subject"});
    EXPECT_EQ(o.at("status").as_int64(), 200);
    EXPECT_TRUE(o.at("error").is_null());
    EXPECT_DOUBLE_EQ(o.at("time_ms").to_number<double>(), 45.3);
}

TEST(ResultToJson, StringsAreEscapedAndValidUtf8) {
    result r = down_result();
    r.url = "http://x/\x1b[31m\"q\"\\";
    r.message = "bad \xff byte, ok \xC3\xA9";
    const std::string text = urlcheck::result_to_json(r);
    EXPECT_NE(text.find(R"("url":"http://x/\u001b[31m\"q\"\\")"), std::string::npos) << text;
    const json::value v = json::parse(text);
    EXPECT_EQ(v.at("message").as_string(), "bad \xEF\xBF\xBD byte, ok \xC3\xA9");
    EXPECT_EQ(v.at("url").as_string(), "http://x/\x1b[31m\"q\"\\");
}

TEST(ResultToJson, ErrorIsNullExactlyWhenOk) {
    result r = down_result();
    r.error = error_kind::none;  // inconsistent producer: still not null when down
    EXPECT_FALSE(json::parse(urlcheck::result_to_json(r)).at("error").is_null());
    r.error = error_kind::too_many_redirects;
    EXPECT_EQ(json::parse(urlcheck::result_to_json(r)).at("error").as_string(), "too_many_redirects");
}

std::string run(urlcheck::output_format format, const std::vector<const result*>& results, const urlcheck::summary& s,
                std::string* after_on_result = nullptr) {
    memory_file out;
    urlcheck::report_options options;
    options.format = format;
    auto reporter = urlcheck::make_reporter(options.format, options, {out.get(), true});
    // Completion order: last entry first.
    for (std::size_t i = results.size(); i-- > 0;) {
        if (results[i] != nullptr) reporter->on_result(i, *results[i]);
    }
    if (after_on_result != nullptr) *after_on_result = out.text();
    reporter->finish(s);
    return out.text();
}

TEST(JsonReport, OneDocumentInInputOrder) {
    const result a = up_result();
    const result b = down_result();
    urlcheck::summary s;
    s.total = s.checked = 2;
    s.up = s.down = 1;
    s.elapsed_ms = 1210.04;
    std::string early;
    const std::string text = run(urlcheck::output_format::json, {&a, &b}, s, &early);
    // b finished first but waited for a: input order. What was written early
    // (up to a 64 KiB buffer) is a prefix of the document.
    const std::string results_part =
        R"({"version":1,"results":[)" + urlcheck::result_to_json(a) + "," + urlcheck::result_to_json(b);
    EXPECT_EQ(text.substr(0, early.size()), early);
    EXPECT_EQ(text, results_part + R"(],"summary":{"total":2,"checked":2,"up":1,"down":1,"not_checked":0,)"
                                   R"("time_ms":1210,"interrupted":false,"signal":null,"skipped":0,"degraded":0,"unverifiable":0,"filtered":0,"pending":0,)"
                                   R"("acknowledged":0}})" "\n");
    const json::value v = json::parse(text);
    expect_keys(v.as_object(), {"version", "results", "summary"});
    expect_keys(v.at("summary").as_object(),
                {"total", "checked", "up", "down", "not_checked", "time_ms", "interrupted", "signal", "skipped",
                 "degraded", "unverifiable", "filtered", "pending", "acknowledged"});
    ASSERT_EQ(v.at("results").as_array().size(), 2u);
    EXPECT_EQ(v.at("results").at(0).at("source").as_string(), "urls.txt:1");
    EXPECT_EQ(v.at("results").at(1).at("source").as_string(), "-:3");
}

TEST(JsonReport, HeldCountsTheResultsWaitingForAnEarlierOne) {
    memory_file out;
    urlcheck::report_options options;
    options.format = urlcheck::output_format::json;
    auto reporter = urlcheck::make_reporter(options.format, options, {out.get(), false});
    const result r = up_result();
    EXPECT_EQ(reporter->held(), 0u);
    reporter->on_result(2, r);
    reporter->on_result(3, r);
    reporter->on_result(5, r);
    EXPECT_EQ(reporter->held(), 3u);  // all wait for entry 0
    reporter->on_result(0, r);
    EXPECT_EQ(reporter->held(), 3u);  // 1 is still missing
    reporter->on_result(1, r);
    EXPECT_EQ(reporter->held(), 1u);  // 0 to 3 written, 5 waits for 4
    reporter->on_result(4, r);
    EXPECT_EQ(reporter->held(), 0u);
    options.format = urlcheck::output_format::jsonl;  // completion order: nothing held
    auto lines = urlcheck::make_reporter(options.format, options, {out.get(), false});
    lines->on_result(7, r);
    EXPECT_EQ(lines->held(), 0u);
}

TEST(JsonReport, InterruptedListsOnlyCheckedEntries) {
    const result b = down_result();
    urlcheck::summary s;
    s.total = 3;
    s.checked = 1;
    s.down = 1;
    s.not_checked = 2;
    s.signal = SIGTERM;
    const json::value v = json::parse(run(urlcheck::output_format::json, {nullptr, &b, nullptr}, s));
    const auto& sum = v.at("summary");
    EXPECT_EQ(sum.at("not_checked").to_number<std::uint64_t>(), 2u);
    EXPECT_EQ(sum.at("interrupted").as_bool(), true);
    EXPECT_EQ(sum.at("signal").as_string(), "SIGTERM");
    ASSERT_EQ(v.at("results").as_array().size(), 1u);
    EXPECT_EQ(v.at("results").at(0).at("url").as_string(), "https://nope.invalid/");
}

TEST(JsonReport, SkippedEntriesAreResultsAndCountedApart) {
    const result a = down_result();
    result b;
    b.url = "https://later.example/";
    b.source = "urls.txt:2";
    b.error = urlcheck::error_kind::skipped;
    b.message = "not started before the run deadline";
    urlcheck::summary s;
    s.total = s.checked = 2;
    s.down = 1;
    s.skipped = 1;
    const json::value v = json::parse(run(urlcheck::output_format::json, {&a, &b}, s));
    const auto& second = v.at("results").at(1);
    EXPECT_EQ(second.at("error").as_string(), "skipped");
    EXPECT_EQ(second.at("ok").as_bool(), false);
    EXPECT_EQ(v.at("summary").at("skipped").to_number<std::uint64_t>(), 1u);
    EXPECT_EQ(v.at("summary").at("down").to_number<std::uint64_t>(), 1u);
}

TEST(JsonReport, EmptyResults) {
    urlcheck::summary s;
    s.total = 1;
    s.not_checked = 1;
    s.signal = SIGINT;
    const json::value v = json::parse(run(urlcheck::output_format::json, {nullptr}, s));
    EXPECT_TRUE(v.at("results").as_array().empty());
    EXPECT_EQ(v.at("summary").at("signal").as_string(), "SIGINT");
}

// The first line goes out at once; later ones within 50 ms wait for the
// engine's tick (flush) or finish, and only whole lines are ever written.
TEST(JsonLinesReport, OneLinePerResultInCompletionOrderWholeLinesOnly) {
    const result a = up_result();
    const result b = down_result();
    urlcheck::summary s;
    s.total = s.checked = 2;
    s.up = s.down = 1;
    std::string early;
    const std::string text = run(urlcheck::output_format::jsonl, {&a, &b}, s, &early);
    EXPECT_EQ(early, urlcheck::result_to_json(b) + "\n");
    EXPECT_EQ(text, urlcheck::result_to_json(b) + "\n" + urlcheck::result_to_json(a) + "\n");
    std::istringstream lines(text);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
        expect_keys(json::parse(line).as_object(), result_keys);
        ++n;
    }
    EXPECT_EQ(n, 2);
}

}  // namespace
