// The prometheus report on the shared hostile fixture: the exposition
// format's rules that promtool 2.42 does not check (each family's samples
// together, one sample per series), the samples each state gives, label
// escaping, and the temporary file that keeps a long list out of memory.
// promtool itself runs in tests/integration/prometheus_consumer_test.cpp.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"

namespace {

using urlcheck::result;
using urlcheck::verdict;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;
using urlcheck::test::memory_file;

std::string render(const hostile_run& run) { return urlcheck::test::render(urlcheck::output_format::prometheus, run); }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    EXPECT_EQ(start, text.size()) << "the last line ends in a newline";
    return lines;
}

// A sample line taken apart: "name{labels} value".
struct sample {
    std::string name;
    std::string labels;  // between the braces, as written
    std::string value;
};

// The samples of a report, with the format's structure checked on the way:
// a family is HELP, TYPE gauge, then all of its samples, and never comes back.
std::vector<sample> parse(const std::string& text) {
    std::vector<sample> samples;
    std::set<std::string> finished;
    std::string current;
    std::string pending_help;
    for (const std::string& line : lines_of(text)) {
        if (line.rfind("# HELP ", 0) == 0) {
            const std::string name = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_FALSE(finished.count(name)) << "family written twice: " << name;
            if (!current.empty()) finished.insert(current);
            current.clear();
            pending_help = name;
            continue;
        }
        if (line.rfind("# TYPE ", 0) == 0) {
            EXPECT_EQ(line, "# TYPE " + pending_help + " gauge");
            current = pending_help;
            continue;
        }
        const auto brace = line.find('{');
        const auto space = line.rfind(' ');
        sample s;
        if (brace != std::string::npos && brace < space) {
            s.name = line.substr(0, brace);
            const auto close = line.rfind("} ");
            s.labels = line.substr(brace + 1, close - brace - 1);
        } else {
            s.name = line.substr(0, space);
        }
        s.value = line.substr(space + 1);
        EXPECT_EQ(s.name, current) << "a sample outside its family: " << line;
        samples.push_back(s);
    }
    return samples;
}

std::map<std::string, std::string> series_of(const std::vector<sample>& samples, const std::string& name) {
    std::map<std::string, std::string> out;
    for (const auto& s : samples)
        if (s.name == name) {
            EXPECT_TRUE(out.emplace(s.labels, s.value).second) << "duplicate series " << s.labels;
        }
    return out;
}

std::string labels(const std::string& url, const std::string& source) {
    return fmt::format("url=\"{}\",source=\"{}\"", url, source);
}

TEST(ReportPrometheus, FamiliesInOrderEachWithHelpAndType) {
    const std::string text = render(make_hostile_run());
    std::vector<std::string> families;
    for (const std::string& line : lines_of(text))
        if (line.rfind("# TYPE ", 0) == 0) families.push_back(line.substr(7, line.find(' ', 7) - 7));
    EXPECT_EQ(families, (std::vector<std::string>{
                            "urlcheck_up", "urlcheck_state", "urlcheck_http_status", "urlcheck_duration_seconds",
                            "urlcheck_tls_cert_not_after_timestamp_seconds", "urlcheck_entries",
                            "urlcheck_last_run_timestamp_seconds", "urlcheck_run_duration_seconds"}));
    parse(text);
    EXPECT_EQ(text.back(), '\n');
}

TEST(ReportPrometheus, UpIsZeroExactlyWhenDownAndSkippedHasNone) {
    const auto samples = parse(render(make_hostile_run()));
    const auto up = series_of(samples, "urlcheck_up");
    EXPECT_EQ(up.size(), 11u) << "every entry but the skipped one";
    EXPECT_EQ(up.at(labels("https://example.com/", "urls.txt:1")), "1");
    EXPECT_EQ(up.at(labels("https://x.invalid/", "urls.txt:12")), "0");
    EXPECT_EQ(up.at(labels("https://example.com/a,b%2Cc::d?x=100%", "urls.txt:4")), "1");  // degraded
    EXPECT_EQ(up.at(labels("https://bücher.example/straße/😀", "urls.txt:6")), "1");        // unverifiable
    EXPECT_FALSE(up.count(labels("https://example.com/late", "urls.txt:8")));              // skipped
}

TEST(ReportPrometheus, OneStateSeriesPerEntryForItsOwnState) {
    const auto samples = parse(render(make_hostile_run()));
    const auto state = series_of(samples, "urlcheck_state");
    EXPECT_EQ(state.size(), 12u);
    for (const auto& [series, value] : state) EXPECT_EQ(value, "1") << series;
    EXPECT_TRUE(state.count(labels("https://example.com/late", "urls.txt:8") + ",state=\"skipped\""));
    EXPECT_TRUE(state.count(labels("https://bücher.example/straße/😀", "urls.txt:6") + ",state=\"unverifiable\""));
    EXPECT_TRUE(state.count(labels("https://example.com/a,b%2Cc::d?x=100%", "urls.txt:4") + ",state=\"degraded\""));
    EXPECT_TRUE(state.count(labels("http://127.0.0.1:9/", "arg:1") + ",state=\"down\""));
}

TEST(ReportPrometheus, StatusTimingsAndCertificate) {
    const auto samples = parse(render(make_hostile_run()));
    const auto status = series_of(samples, "urlcheck_http_status");
    EXPECT_EQ(status.size(), 7u) << "only entries a response came from";
    EXPECT_EQ(status.at(labels("https://bücher.example/straße/😀", "urls.txt:6")), "429");

    const auto duration = series_of(samples, "urlcheck_duration_seconds");
    const std::string up = labels("https://example.com/", "urls.txt:1");
    EXPECT_EQ(duration.at(up + ",phase=\"dns\""), "0.0015");
    EXPECT_EQ(duration.at(up + ",phase=\"connect\""), "0.0023");  // 2.25 ms, to 0.1 ms
    EXPECT_EQ(duration.at(up + ",phase=\"tls\""), "0.012");
    EXPECT_EQ(duration.at(up + ",phase=\"ttfb\""), "0.0305");
    EXPECT_EQ(duration.at(up + ",phase=\"total\""), "0.0483");
    const std::string plain = labels("http://example.com/crlf", "urls.txt:5");
    EXPECT_FALSE(duration.count(plain + ",phase=\"dns\"")) << "a phase that did not happen has no sample";
    EXPECT_FALSE(duration.count(plain + ",phase=\"tls\""));
    EXPECT_EQ(duration.at(plain + ",phase=\"total\""), "0.003");
    // Never fetched: no duration at all.
    for (const auto& [series, value] : duration) {
        EXPECT_EQ(series.find("example.com/late"), std::string::npos) << series;
        EXPECT_EQ(series.find("exa mple.com"), std::string::npos) << series;
    }
    EXPECT_EQ(duration.size(), 34u);

    const auto cert = series_of(samples, "urlcheck_tls_cert_not_after_timestamp_seconds");
    ASSERT_EQ(cert.size(), 2u);
    EXPECT_EQ(cert.at(up), "1801396800");  // 2027-01-31T12:00:00Z
    EXPECT_EQ(cert.at(labels("https://example.com/a,b%2Cc::d?x=100%", "urls.txt:4")), "1798848000");
}

TEST(ReportPrometheus, RunFamiliesFromTheSummary) {
    auto run = make_hostile_run();
    run.totals.not_checked = 3;
    const auto samples = parse(render(run));
    const auto entries = series_of(samples, "urlcheck_entries");
    EXPECT_EQ(entries, (std::map<std::string, std::string>{{"state=\"up\"", "2"},
                                                           {"state=\"down\"", "7"},
                                                           {"state=\"degraded\"", "1"},
                                                           {"state=\"unverifiable\"", "1"},
                                                           {"state=\"skipped\"", "1"},
                                                           {"state=\"acknowledged\"", "0"},
                                                           {"state=\"not_checked\"", "3"},
                                                           {"state=\"pending\"", "0"}}));
    // 1796000000000 ms + 10012.5 ms: when the run ended.
    EXPECT_EQ(series_of(samples, "urlcheck_last_run_timestamp_seconds").at(""), "1796000010.013");
    EXPECT_EQ(series_of(samples, "urlcheck_run_duration_seconds").at(""), "10.0125");
}

TEST(ReportPrometheus, LabelValuesAreEscaped) {
    const std::string text = render(make_hostile_run());
    EXPECT_NE(text.find(R"(urlcheck_up{url="https://example.com/search?q=\"a\"&b=<c>&d='e'",source="urls.txt:3"} 0)"),
              std::string::npos);
    // Not UTF-8: U+FFFD, so the file stays valid UTF-8.
    EXPECT_NE(text.find("url=\"http://exa mple.com/\xEF\xBF\xBD\x1B[31m\",source=\"-:2\""), std::string::npos);
    EXPECT_EQ(urlcheck::report_detail::valid_utf8(text), text);

    hostile_run run;
    // A tab too: the temporary file separates its fields with tabs.
    result r = urlcheck::test::hostile_base("https://e.com/a\\b\"c\nd\te", "we\"ird\\list.txt:1", verdict::up);
    r.attempts = 0;
    run.results.push_back(r);
    run.totals.add(r);
    const std::string odd = render(run);
    EXPECT_NE(odd.find("urlcheck_up{url=\"https://e.com/a\\\\b\\\"c\\nd\te\",source=\"we\\\"ird\\\\list.txt:1\"} 1"),
              std::string::npos)
        << odd;
}

TEST(ReportPrometheus, FamiliesWithoutSamplesAreLeftOut) {
    hostile_run run;  // nothing checked: an empty list, or interrupted at once
    run.totals.signal = 2;
    const std::string text = render(run);
    EXPECT_EQ(text.find("urlcheck_up"), std::string::npos);
    EXPECT_EQ(text.find("urlcheck_state"), std::string::npos);
    EXPECT_NE(text.find("# TYPE urlcheck_entries gauge"), std::string::npos);
    EXPECT_NE(text.find("urlcheck_run_duration_seconds 0\n"), std::string::npos);
    parse(text);
}

// A list long enough that the entries go through the temporary file in
// many 64 KiB pieces, lines cut across reads: every entry still comes out
// once per family, and the families stay whole.
TEST(ReportPrometheus, LongListGoesThroughTheTemporaryFile) {
    hostile_run run;
    const std::string padding(150, 'p');
    constexpr std::size_t n = 5000;
    for (std::size_t i = 0; i < n; ++i) {
        result r =
            urlcheck::test::hostile_base(fmt::format("https://example.com/{}/{}", padding, i),
                                         fmt::format("big.txt:{}", i + 1), i % 3 == 0 ? verdict::down : verdict::up);
        r.status = 200;
        r.time_ms = static_cast<double>(i);
        run.results.push_back(r);
        run.totals.add(r);
    }
    memory_file out;
    auto reporter = urlcheck::report_detail::make_prometheus_reporter({}, {out.get(), false});
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t index = (k * 7) % n;  // 7 and 5000 are coprime: each once, out of order
        reporter->on_result(index, run.results[index]);
    }
    reporter->finish(run.totals);
    const auto samples = parse(out.text());
    const auto up = series_of(samples, "urlcheck_up");
    ASSERT_EQ(up.size(), n);
    EXPECT_EQ(up.at(labels(fmt::format("https://example.com/{}/{}", padding, 3), "big.txt:4")), "0");
    EXPECT_EQ(series_of(samples, "urlcheck_state").size(), n);
    EXPECT_EQ(series_of(samples, "urlcheck_http_status").size(), n);
    const auto duration = series_of(samples, "urlcheck_duration_seconds");
    ASSERT_EQ(duration.size(), n);
    EXPECT_EQ(duration.at(labels(fmt::format("https://example.com/{}/{}", padding, 4999), "big.txt:5000") +
                          ",phase=\"total\""),
              "4.999");
}

}  // namespace
