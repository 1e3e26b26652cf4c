// Which reports a run writes and where (src/report/plan.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/plan.hpp"

namespace {

using namespace urlcheck;

std::vector<report_output> plan(const report_options& o, const report_environment& env = {}) {
    std::string error;
    auto outputs = plan_reports(o, env, error);
    EXPECT_TRUE(outputs) << error;
    return outputs ? *outputs : std::vector<report_output>{};
}

std::string refusal(const report_options& o, const report_environment& env = {}) {
    std::string error;
    EXPECT_FALSE(plan_reports(o, env, error));
    return error;
}

TEST(ReportPlan, FormatAndOutputAreTheSimpleForm) {
    report_options o;
    EXPECT_EQ(plan(o), (std::vector<report_output>{{output_format::text, report_place::standard_output, ""}}));
    o.format = output_format::json;
    o.output_path = "out.json";
    EXPECT_EQ(plan(o), (std::vector<report_output>{{output_format::json, report_place::file, "out.json"}}));
}

TEST(ReportPlan, SeveralReportsInTheOrderGiven) {
    report_options o;
    o.reports = {{output_format::text, ""}, {output_format::junit, "junit.xml"}, {output_format::sarif, "u.sarif"}};
    EXPECT_EQ(plan(o), (std::vector<report_output>{{output_format::text, report_place::standard_output, ""},
                                                   {output_format::junit, report_place::file, "junit.xml"},
                                                   {output_format::sarif, report_place::file, "u.sarif"}}));
}

TEST(ReportPlan, RefusesWhatCannotBeMet) {
    report_options o;
    o.reports = {{output_format::text, ""}, {output_format::json, ""}};
    EXPECT_EQ(refusal(o),
              "--report: text and json both go to standard output; "
              "give all but one a path (json=FILE)");
    o.reports = {{output_format::csv, "a.csv"}, {output_format::json, "a.csv"}};
    EXPECT_EQ(refusal(o), "--report: a.csv is named twice; each report needs its own file");
    o.reports = {{output_format::csv, "a.csv"}};
    o.format = output_format::json;
    EXPECT_NE(refusal(o).find("--report cannot be combined with --format or -o"), std::string::npos);
}

TEST(ReportPlan, QuietHoldsBackOnlyAMachineFormatOnStdout) {
    report_options o;
    o.verbosity = -1;
    o.reports = {{output_format::json, ""}, {output_format::junit, "j.xml"}};
    const auto outputs = plan(o);
    ASSERT_EQ(outputs.size(), 2U);
    EXPECT_TRUE(outputs[0].hold_for_quiet);
    EXPECT_FALSE(outputs[1].hold_for_quiet);
    o.reports = {{output_format::text, ""}};
    EXPECT_FALSE(plan(o)[0].hold_for_quiet);
}

TEST(ReportPlan, GitHubActionsAddsAnnotationsNextToText) {
    report_options o;
    report_environment gha;
    gha.github_actions = true;
    EXPECT_EQ(plan(o, gha), (std::vector<report_output>{{output_format::text, report_place::standard_output, ""},
                                                        {output_format::github, report_place::standard_error, ""}}));
    o.annotations = false;  // --no-annotations
    EXPECT_EQ(plan(o, gha).size(), 1U);
    o.annotations = true;
    o.format = output_format::json;  // no text report: nothing added
    EXPECT_EQ(plan(o, gha).size(), 1U);
    o.format = output_format::text;
    o.reports = {{output_format::text, ""}, {output_format::github, "ann.txt"}};  // asked for already
    EXPECT_EQ(plan(o, gha).size(), 2U);
    EXPECT_EQ(plan(o).size(), 2U);  // and outside Actions nothing is added
}

TEST(ReportPlan, MarkdownWithoutAPathGoesToTheJobSummary) {
    report_options o;
    o.reports = {{output_format::text, ""}, {output_format::markdown, ""}};
    report_environment gha;
    gha.github_actions = true;
    gha.step_summary = "/tmp/step_summary";
    EXPECT_EQ(plan(o, gha)[1], (report_output{output_format::markdown, report_place::append, "/tmp/step_summary"}));
    // With its own path it goes there and the job summary is left alone.
    o.reports[1].path = "report.md";
    EXPECT_EQ(plan(o, gha)[1], (report_output{output_format::markdown, report_place::file, "report.md"}));
    // "-" is standard output asked for by name.
    o.reports = {{output_format::markdown, "-"}};
    EXPECT_EQ(plan(o, gha)[0].place, report_place::standard_output);
    // So is the simple form: `--format markdown > comment.md` in a workflow.
    o.reports.clear();
    o.format = output_format::markdown;
    EXPECT_EQ(plan(o, gha)[0].place, report_place::standard_output);
    // Outside Actions (a summary file named, but GITHUB_ACTIONS not true), stdout.
    o.format = output_format::text;
    o.reports = {{output_format::markdown, ""}};
    gha.github_actions = false;
    EXPECT_EQ(plan(o, gha)[0].place, report_place::standard_output);
}

TEST(ReportPlan, ProgressLineOnlyWhereItDisturbsNothing) {
    report_options o;
    report_environment env;
    EXPECT_TRUE(progress_fits(plan(o), o, env));
    o.reports = {{output_format::junit, "j.xml"}};
    EXPECT_TRUE(progress_fits(plan(o), o, env)) << "nothing on stdout: the line is the only sign of life";
    o.reports = {{output_format::json, ""}};
    EXPECT_FALSE(progress_fits(plan(o), o, env));
    o.reports.clear();
    env.ci = true;
    EXPECT_FALSE(progress_fits(plan(o), o, env));
    env = {};
    env.github_actions = true;
    EXPECT_FALSE(progress_fits(plan(o, env), o, env)) << "annotations are on stderr";
    o.verbosity = -1;
    EXPECT_FALSE(progress_fits(plan(o), o, {}));
}

}  // namespace
