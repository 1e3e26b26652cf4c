// The prometheus report of the shared hostile fixture, checked by Prometheus'
// own tool: `promtool check metrics < FILE` (Debian package prometheus)
// parses the text format and lints it (names, units, HELP). It must pass
// with nothing to say, and a broken file must fail, so this test can.
// promtool 2.42 accepts a family split in two and duplicate series; the
// unit test checks those.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "support/hostile_results.hpp"
#include "support/memory_file.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

namespace fs = std::filesystem;

const std::string promtool = "/usr/bin/promtool";

std::string render(const urlcheck::test::hostile_run& run) {
    return urlcheck::test::render(urlcheck::output_format::prometheus, run);
}

class PrometheusConsumer : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(fs::exists(promtool)) << promtool << " is missing: install the Debian package prometheus";
        std::string tpl = (fs::temp_directory_path() / "urlcheck-prom-XXXXXX").string();
        ASSERT_NE(::mkdtemp(tpl.data()), nullptr);
        dir_ = tpl;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    // `promtool check metrics < FILE`: the file is written, then handed to
    // promtool as its standard input.
    urlcheck::test::subprocess_result check(const std::string& name, const std::string& text) const {
        const fs::path path = dir_ / name;
        std::ofstream(path, std::ios::binary) << text;
        std::ifstream in(path, std::ios::binary);
        urlcheck::test::subprocess_options options;
        options.input = urlcheck::test::stdin_mode::data;
        options.stdin_data.assign(std::istreambuf_iterator<char>(in), {});
        return urlcheck::test::run_subprocess(promtool, {"check", "metrics"}, options);
    }

    fs::path dir_;
};

TEST_F(PrometheusConsumer, HostileFixturePassesWithNoLintProblems) {
    const auto r = check("urlcheck.prom", render(urlcheck::test::make_hostile_run()));
    EXPECT_EQ(r.exit_code, 0) << urlcheck::test::describe(r) << "\n" << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "");
}

TEST_F(PrometheusConsumer, EmptyRunPasses) {
    const auto r = check("empty.prom", render({}));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out + r.err, "");
}

TEST_F(PrometheusConsumer, BrokenFilesAreRejected) {
    const std::string good = render(urlcheck::test::make_hostile_run());

    // An unescaped quote in a label value: not the format at all.
    std::string broken = good;
    const std::string escaped = R"(q=\"a\")";
    const auto at = broken.find(escaped);
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, escaped.size(), R"(q="a")");
    auto r = check("broken.prom", broken);
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("error while linting"), std::string::npos) << r.out << r.err;

    // Well-formed, but a lint problem: a family without HELP.
    std::string unhelpful = good;
    const auto help = unhelpful.find("# HELP urlcheck_http_status");
    ASSERT_NE(help, std::string::npos);
    unhelpful.erase(help, unhelpful.find('\n', help) + 1 - help);
    r = check("unhelpful.prom", unhelpful);
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("urlcheck_http_status no help text"), std::string::npos) << r.out << r.err;
}

}  // namespace
