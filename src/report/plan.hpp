// Which reports a run writes and where each goes, decided from the options
// and the few environment variables that change it (GitHub Actions). Pure:
// app.cpp reads the environment, report_set opens what this decides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "urlcheck/options.hpp"

namespace urlcheck {

enum class report_place {
    standard_output,
    standard_error,  // GitHub annotations next to a text report
    file,            // replaced atomically (output_file.hpp)
    append,          // added to the end: the GitHub job summary
};

struct report_output {
    output_format format = output_format::text;
    report_place place = report_place::standard_output;
    std::string path;             // file and append; empty otherwise
    bool hold_for_quiet = false;  // -q with a machine format on stdout: printed
                                  // only if the run fails
    bool operator==(const report_output&) const = default;
};

// What the environment says about where the run is.
struct report_environment {
    bool github_actions = false;  // GITHUB_ACTIONS=true
    std::string step_summary;     // GITHUB_STEP_SUMMARY: the job summary file, or empty
    bool ci = false;              // CI is set (any CI system): no live progress line
};

// The reports in the order given (--report, else --format and -o), with
// GitHub's additions under Actions: annotations on stderr next to a text
// report (unless --no-annotations) and `--report markdown` without a path
// appended to the job summary. Sets `error` (a message for the user) and returns nothing
// when the request cannot be met: two reports on stdout, one file named
// twice, --report mixed with --format or -o.
std::optional<std::vector<report_output>> plan_reports(const report_options& options, const report_environment& env,
                                                       std::string& error);

// Whether the live progress line may be drawn on stderr: not -q, not in CI,
// nothing else written to stderr, and what goes to stdout (if anything) is
// the text report.
bool progress_fits(const std::vector<report_output>& outputs, const report_options& options,
                   const report_environment& env) noexcept;

}  // namespace urlcheck
