// The alerting rules users start from (examples/prometheus/urlcheck-rules.yml,
// shown in docs/cron.md): Prometheus' own checker accepts them, and every
// urlcheck_ metric they name is one the prometheus report writes, so a
// renamed metric cannot leave the example alerting on nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "support/hostile_results.hpp"
#include "support/subprocess.hpp"
#include "urlcheck/report.hpp"

namespace {

const std::string promtool = "/usr/bin/promtool";
const std::string rules = std::string(URLCHECK_SOURCE_DIR) + "/examples/prometheus/urlcheck-rules.yml";

std::set<std::string> metric_names(const std::string& text) {
    static const std::regex name(R"(\burlcheck_[a-z_]+)");
    std::set<std::string> names;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
        names.insert(it->str());
    return names;
}

TEST(PrometheusRules, PromtoolAcceptsTheExampleRules) {
    ASSERT_TRUE(std::filesystem::exists(promtool)) << promtool << " is missing: install the Debian package prometheus";
    const auto r = urlcheck::test::run_subprocess(promtool, {"check", "rules", rules}, {});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("SUCCESS: 3 rules found"), std::string::npos) << r.out;
}

TEST(PrometheusRules, EveryMetricTheyNameIsWritten) {
    std::ifstream in(rules);
    std::stringstream text;
    text << in.rdbuf();
    const std::set<std::string> used = metric_names(text.str());
    ASSERT_FALSE(used.empty());

    const std::set<std::string> written =
        metric_names(urlcheck::test::render(urlcheck::output_format::prometheus, urlcheck::test::make_hostile_run()));
    for (const auto& name : used) EXPECT_TRUE(written.count(name)) << name << " is not in the prometheus report";
}

}  // namespace
