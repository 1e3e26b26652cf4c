// The csv report as a consumer reads it: the shared hostile fixture,
// written to a file, is parsed by Python's csv module (strict, as RFC 4180
// is), and every field of every row must read back as the json report's
// value for that entry, CR, LF, quotes and commas included. Python's own
// writer, given those rows, must write the file byte for byte (CRLF records,
// quoting only where needed). A malformed file is refused, so the reader
// cannot pass by accepting anything.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "report/common.hpp"
#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;

const std::string python = "/usr/bin/python3";

// Reads the file strictly; prints {"rows": [[...], ...], "identical": bool}.
const std::string reader = R"(
import csv, io, json, sys
with open(sys.argv[1], encoding="utf-8", errors="strict", newline="") as f:
    data = f.read()
rows = list(csv.reader(io.StringIO(data, newline=""), strict=True))
again = io.StringIO(newline="")
csv.writer(again, lineterminator="\r\n").writerows(rows)
json.dump({"rows": rows, "identical": again.getvalue() == data}, sys.stdout)
)";

const std::vector<std::string> columns{
    "url",        "final_url", "source",   "file",          "line",          "state",       "ok",          "status",
    "error",      "message",   "attempts", "redirects",     "method",        "confirmed",   "time_ms",     "dns_ms",
    "connect_ms", "tls_ms",    "ttfb_ms",  "tls_not_after", "tls_days_left", "tls_subject", "remote_addr", "reasons"};

// A json value as the csv writes it: null empty, numbers and booleans as
// json spells them.
std::string cell(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null: return "";
        case json::kind::string: return std::string(v.get_string());
        case json::kind::bool_: return v.get_bool() ? "true" : "false";
        case json::kind::double_: return fmt::format("{}", v.get_double());
        case json::kind::int64: return fmt::format("{}", v.get_int64());
        case json::kind::uint64: return fmt::format("{}", v.get_uint64());
        default: return "<unexpected " + json::serialize(v) + ">";
    }
}

// The row the csv should hold for `r`: the json report's object, flattened.
std::vector<std::string> expected_row(const urlcheck::result& r) {
    const json::object o = json::parse(urlcheck::result_to_json(r)).as_object();
    const auto where = urlcheck::report_detail::locate(r.source);
    const json::value no_tls;
    const json::value& tls = o.at("tls").is_null() ? no_tls : o.at("tls");
    const auto tls_field = [&](const char* key) { return tls.is_null() ? std::string() : cell(tls.at(key)); };
    std::string reasons;
    for (const auto& reason : o.at("reasons").as_array()) {
        if (!reasons.empty()) reasons += "; ";
        reasons += reason.as_string();
    }
    const auto& t = o.at("timings");
    return {cell(o.at("url")),
            cell(o.at("final_url")),
            cell(o.at("source")),
            std::string(where.file),
            where.line && !where.file.empty() ? std::to_string(*where.line) : "",
            cell(o.at("state")),
            cell(o.at("ok")),
            cell(o.at("status")),
            cell(o.at("error")),
            cell(o.at("message")),
            cell(o.at("attempts")),
            cell(o.at("redirects")),
            cell(o.at("method")),
            cell(o.at("confirmed")),
            cell(o.at("time_ms")),
            cell(t.at("dns_ms")),
            cell(t.at("connect_ms")),
            cell(t.at("tls_ms")),
            cell(t.at("ttfb_ms")),
            tls_field("not_after"),
            tls_field("days_left"),
            tls_field("subject"),
            cell(o.at("remote_addr")),
            reasons};
}

class CsvConsumer : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(python)) << python << " is missing: install the Debian package python3";
        std::string tpl = (fs::temp_directory_path() / "urlcheck-csv-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    urlcheck::test::subprocess_result read_back(const std::string& document, const std::string& name) {
        const fs::path file = dir_ / name;
        std::ofstream(file, std::ios::binary) << document;
        return urlcheck::test::run_subprocess(python, {"-c", reader, file.string()});
    }

    fs::path dir_;
};

std::string render(const hostile_run& run) { return urlcheck::test::render(urlcheck::output_format::csv, run); }

TEST_F(CsvConsumer, EveryFieldReadsBackAsTheJsonReportsValue) {
    const hostile_run run = make_hostile_run();
    const auto r = read_back(render(run), "report.csv");
    ASSERT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.err;
    const json::value parsed = json::parse(r.out);
    EXPECT_TRUE(parsed.at("identical").as_bool()) << "Python's csv writer writes these rows differently";
    const auto& rows = parsed.at("rows").as_array();
    ASSERT_EQ(rows.size(), run.results.size() + 1);
    std::vector<std::string> head;
    for (const auto& name : rows[0].as_array()) head.emplace_back(name.as_string());
    EXPECT_EQ(head, columns);
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        std::vector<std::string> fields;
        for (const auto& field : rows[i + 1].as_array()) fields.emplace_back(field.as_string());
        const std::vector<std::string> expected = expected_row(run.results[i]);
        ASSERT_EQ(fields.size(), expected.size()) << "row " << i;
        for (std::size_t k = 0; k < expected.size(); ++k)
            EXPECT_EQ(fields[k], expected[k]) << "row " << i << " (" << run.results[i].source << "), " << columns[k];
    }
    // The fixture's hardest fields, spelt out.
    EXPECT_EQ(rows[5].at(9).as_string(), "500 Oops\r\n::error::injected\r\nX-Evil: 1");
    EXPECT_EQ(rows[3].at(0).as_string(), R"(https://example.com/search?q="a"&b=<c>&d='e')");
    EXPECT_EQ(rows[11].at(3).as_string(), "lists/a,b: c.txt");
}

// What a spreadsheet would run reads back with OWASP's apostrophe in front.
TEST_F(CsvConsumer, FormulaCellsReadBackAsText) {
    hostile_run run;
    urlcheck::result r = urlcheck::test::hostile_base("=cmd|' /C calc'!A0", "urls.txt:1", urlcheck::verdict::down);
    r.error = urlcheck::error_kind::invalid_url;
    r.message = "+not a sum, really";
    r.reasons = {"@import"};
    run.results.push_back(r);
    run.totals.add(r);
    const auto out = read_back(render(run), "formula.csv");
    ASSERT_EQ(out.exit_code, 0) << urlcheck::test::describe(out) << "\n" << out.err;
    const json::value parsed = json::parse(out.out);
    const auto& row = parsed.at("rows").at(1);
    EXPECT_EQ(row.at(0).as_string(), "'=cmd|' /C calc'!A0");
    EXPECT_EQ(row.at(9).as_string(), "'+not a sum, really");
    EXPECT_EQ(row.at(23).as_string(), "'@import");
}

// The reader can fail: unbalanced quotes are refused, as is text that is
// not UTF-8.
TEST_F(CsvConsumer, MalformedFilesAreRefused) {
    for (const std::string& bad : {std::string("url,x\r\n\"https://a/,1\r\n"), std::string("url\r\n\"a\"b\r\n"),
                                   std::string("url\r\nhttp://\xff/\r\n")}) {
        const auto r = read_back(bad, "bad.csv");
        EXPECT_TRUE(r.exited() && r.exit_code != 0) << urlcheck::test::describe(r) << " for " << bad;
    }
}

}  // namespace
