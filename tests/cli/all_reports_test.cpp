// One run writes every report at once against a live test server, and each
// file is accepted by its real reader: xmllint with the JUnit schema, the
// SARIF 2.1.0 schema (python3-jsonschema), promtool, Python's csv module,
// headless Chromium for the HTML page; json, markdown and the GitHub
// annotations are read back here. The consumer tests
// (tests/integration/*_consumer_test.cpp) do the same for hostile text;
// this one proves the binary's own files, written side by side, pass.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_binary.hpp"

namespace {

namespace json = boost::json;
using namespace urlcheck::test;

using AllReports = cli_binary;

const std::string source_dir = URLCHECK_SOURCE_DIR;

std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

constexpr const char* sarif_check = R"(
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
document = json.load(open(sys.argv[2], encoding="utf-8"))
validator = jsonschema.validators.validator_for(schema)
errors = list(validator(schema).iter_errors(document))
for e in errors: print("/".join(str(p) for p in e.absolute_path), e.message)
print(len(document["runs"][0]["results"]))
sys.exit(1 if errors else 0)
)";

constexpr const char* csv_check = R"(
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, strict=True))
print(len(rows) - 1, rows[0][0], sorted(r[5] for r in rows[1:]))
)";

TEST_F(AllReports, EveryFormatFromOneRunPassesItsReader) {
    const auto list = write_file("urls.txt", url("/ok") + "\n" + url("/missing") + "\n" + url("/redirect") + "\n" +
                                                 url("/late") + "\nftp://127.0.0.1/file\n");
    std::vector<std::string> args = {list, "--report", "text"};
    for (const char* format : {"json", "jsonl", "junit", "github", "markdown", "sarif", "html", "csv", "prometheus"})
        args.insert(args.end(), {"--report", std::string(format) + "=" + path(std::string("r.") + format)});
    const auto r = run(args);
    ASSERT_EQ(r.exit_code, 1) << dump(r);
    EXPECT_NE(r.out.find("5 checked"), std::string::npos) << r.out;

    // JSON and JSON Lines: every entry.
    EXPECT_EQ(json::parse(read(path("r.json"))).at("results").as_array().size(), 5U);
    EXPECT_EQ(occurrences(read(path("r.jsonl")), "\n"), 5U);

    // JUnit: the schema Jenkins' and GitLab's readers follow.
    auto tool = run_subprocess("/usr/bin/xmllint",
                               {"--noout", "--schema", source_dir + "/tests/schemas/junit/junit.xsd", path("r.junit")});
    EXPECT_EQ(tool.exit_code, 0) << "install libxml2-utils\n" << tool.out << tool.err;
    EXPECT_EQ(occurrences(read(path("r.junit")), "<testcase "), 5U);
    EXPECT_EQ(occurrences(read(path("r.junit")), "<failure "), 2U);

    // SARIF: the 2.1.0 schema; one result per entry that needs a look.
    tool = run_subprocess(
        "/usr/bin/python3",
        {"-I", "-c", sarif_check, source_dir + "/tests/schemas/sarif/sarif-schema-2.1.0.json", path("r.sarif")});
    EXPECT_EQ(tool.exit_code, 0) << "install python3-jsonschema\n" << tool.out << tool.err;
    EXPECT_EQ(tool.out, "2\n");

    // Prometheus: promtool reads it as node_exporter's collector would.
    subprocess_options stdin_file;
    stdin_file.input = stdin_mode::data;
    stdin_file.stdin_data = read(path("r.prometheus"));
    tool = run_subprocess("/usr/bin/promtool", {"check", "metrics"}, stdin_file);
    EXPECT_EQ(tool.exit_code, 0) << "install prometheus\n" << tool.out << tool.err;
    EXPECT_EQ(tool.out + tool.err, "");
    EXPECT_EQ(occurrences(stdin_file.stdin_data, "urlcheck_up{"), 5U);

    // CSV: a header and a row per entry, read by a strict RFC 4180 reader.
    tool = run_subprocess("/usr/bin/python3", {"-I", "-c", csv_check, path("r.csv")});
    EXPECT_EQ(tool.exit_code, 0) << tool.out << tool.err;
    EXPECT_EQ(tool.out, "5 url ['down', 'down', 'up', 'up', 'up']\n");

    // HTML: the browser's own parse of the page has a row per entry.
    subprocess_options browser;
    browser.timeout = std::chrono::seconds(90);
    tool = run_subprocess("/usr/bin/chromium",
                          {"--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + path("chromium"),
                           "--dump-dom", "file://" + path("r.html")},
                          browser);
    EXPECT_EQ(tool.exit_code, 0) << "install chromium\n" << tool.err;
    EXPECT_EQ(occurrences(tool.out, "<tr class=\""), 5U) << tool.out.substr(0, 2000);

    // Markdown and GitHub annotations: the two entries that need a look.
    const std::string md = read(path("r.markdown"));
    EXPECT_NE(md.find("### urlcheck: 2 down of 5 checked"), std::string::npos) << md;
    const std::string annotations = read(path("r.github"));
    EXPECT_EQ(occurrences(annotations, "::error file=" + list), 2U) << annotations;
}

}  // namespace
