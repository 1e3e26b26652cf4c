// The junit report as its consumers get it: the shared hostile fixture,
// rendered and written to a file, is validated by xmllint (libxml2, a
// conforming XML parser) against tests/schemas/junit/junit.xsd, the schema of
// what Jenkins and GitLab read. Documents broken on purpose must be
// rejected, so a validator that accepts anything cannot pass this test.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace fs = std::filesystem;
using urlcheck::test::hostile_run;
using urlcheck::test::make_hostile_run;

const std::string xmllint = "/usr/bin/xmllint";
const std::string schema = std::string(URLCHECK_SOURCE_DIR) + "/tests/schemas/junit/junit.xsd";

std::string render(const hostile_run& run, const urlcheck::report_options& options = {}) {
    return urlcheck::test::render(urlcheck::output_format::junit, run, options);
}

class JunitConsumer : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(xmllint)) << xmllint << " is missing: install the Debian package libxml2-utils";
        ASSERT_TRUE(fs::exists(schema)) << schema;
        std::string tpl = (fs::temp_directory_path() / "urlcheck-junit-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    // xmllint --noout --schema junit.xsd FILE on `document`.
    urlcheck::test::subprocess_result validate(const std::string& document, const std::string& name) {
        const fs::path file = dir_ / name;
        std::ofstream(file, std::ios::binary) << document;
        return urlcheck::test::run_subprocess(xmllint, {"--noout", "--schema", schema, file.string()});
    }

    fs::path dir_;
};

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST_F(JunitConsumer, TheFixtureIsValidAgainstTheSchema) {
    const auto r = validate(render(make_hostile_run()), "junit.xml");
    EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.err;
    EXPECT_NE(r.err.find("validates"), std::string::npos) << r.err;
}

TEST_F(JunitConsumer, WithFailOnEveryStateItIsValidToo) {
    urlcheck::report_options options;
    options.fail_on = {true, true, true};
    const auto r = validate(render(make_hostile_run(), options), "junit-fail-on.xml");
    EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.err;
}

// Every byte value in the URL, the messages and the list file's name.
TEST_F(JunitConsumer, AnyBytesAreValid) {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    all += "\xEF\xBF\xBE\xEF\xBF\xBF]]>";
    hostile_run run;
    for (const auto state : {urlcheck::verdict::down, urlcheck::verdict::degraded, urlcheck::verdict::skipped}) {
        urlcheck::result r = urlcheck::test::hostile_base("http://x/" + all, all + ":7", state);
        r.error = urlcheck::error_kind::protocol;
        r.message = all;
        r.reasons = {all, all};
        run.results.push_back(r);
        run.totals.add(r);
    }
    const auto r = validate(render(run), "junit-bytes.xml");
    EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.err;
}

TEST_F(JunitConsumer, AnEmptyRunIsValid) {
    urlcheck::test::memory_file out;
    auto reporter = urlcheck::make_reporter(urlcheck::output_format::junit, {}, {out.get(), false});
    reporter->finish({});
    const auto r = validate(out.text(), "junit-empty.xml");
    EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.err;
}

// The test can fail: what a broken reporter would write is refused, both
// when it is not XML at all and when it is XML the readers would misread.
TEST_F(JunitConsumer, BrokenDocumentsAreRejected) {
    const std::string good = render(make_hostile_run());
    const std::vector<std::pair<std::string, std::string>> broken{
        // An unescaped '&' (not well-formed).
        {"ampersand", replace(good, "q=&quot;a&quot;&amp;b", "q=&quot;a&quot;&b")},
        // A raw control character (not an XML 1.0 character).
        {"control", replace(good, "dns: NXDOMAIN", "dns: \x1b NXDOMAIN")},
        // A count that is not a number.
        {"count", replace(good, "tests=\"12\"", "tests=\"twelve\"")},
        // A time in milliseconds with a unit.
        {"time", replace(good, "time=\"0.048\"", "time=\"48ms\"")},
        // Two outcomes in one testcase.
        {"outcomes", replace(good, "</failure>", "</failure><skipped/>")},
        // A testcase without a name.
        {"name", replace(good, "<testcase name=\"https://example.com/\"", "<testcase")},
        // An attribute no reader knows.
        {"attribute", replace(good, "line=\"1\"", "lineno=\"1\"")},
    };
    for (const auto& [what, document] : broken) {
        const auto r = validate(document, "broken-" + what + ".xml");
        EXPECT_TRUE(r.exited() && r.exit_code != 0) << what << ": " << urlcheck::test::describe(r);
    }
}

}  // namespace
