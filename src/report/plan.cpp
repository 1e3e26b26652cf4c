#include "report/plan.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace urlcheck {

std::optional<std::vector<report_output>> plan_reports(const report_options& options, const report_environment& env,
                                                       std::string& error) {
    if (!options.reports.empty() && (options.format != output_format::text || !options.output_path.empty())) {
        error = "--report cannot be combined with --format or -o: write each report as --report FORMAT[=PATH]";
        return std::nullopt;
    }
    const bool simple_form = options.reports.empty();
    std::vector<report_request> requests = options.reports;
    if (simple_form) requests.push_back({options.format, options.output_path});

    std::vector<report_output> outputs;
    std::optional<output_format> on_stdout;
    for (const auto& [format, path] : requests) {
        report_output out{format, report_place::file, path};
        if (path.empty() || path == "-") {
            out.path.clear();
            // Only `--report markdown` with no path at all, and only under
            // Actions: `--format markdown > comment.md` and `markdown=-`
            // mean standard output wherever they run.
            const bool job_summary = format == output_format::markdown && !simple_form && path.empty() &&
                                     env.github_actions && !env.step_summary.empty();
            if (job_summary) {
                out.place = report_place::append;
                out.path = env.step_summary;
            } else {
                out.place = report_place::standard_output;
            }
        }
        if (out.place == report_place::standard_output) {
            if (on_stdout) {
                error = fmt::format("--report: {} and {} both go to standard output; give all but one a path ({}=FILE)",
                                    to_string(*on_stdout), to_string(format), to_string(format));
                return std::nullopt;
            }
            on_stdout = format;
            out.hold_for_quiet = options.verbosity < 0 && format != output_format::text;
        } else {
            const bool twice = std::any_of(outputs.begin(), outputs.end(), [&](const report_output& o) {
                return !o.path.empty() && o.path == out.path;
            });
            if (twice) {
                error = fmt::format("--report: {} is named twice; each report needs its own file", out.path);
                return std::nullopt;
            }
        }
        outputs.push_back(std::move(out));
    }

    const auto has = [&](output_format f) {
        return std::any_of(outputs.begin(), outputs.end(), [&](const report_output& o) { return o.format == f; });
    };
    if (env.github_actions && options.annotations && has(output_format::text) && !has(output_format::github))
        outputs.push_back({output_format::github, report_place::standard_error, {}});
    return outputs;
}

bool progress_fits(const std::vector<report_output>& outputs, const report_options& options,
                   const report_environment& env) noexcept {
    if (options.verbosity < 0 || env.ci) return false;
    return std::none_of(outputs.begin(), outputs.end(), [](const report_output& o) {
        return o.place == report_place::standard_error ||
               (o.place == report_place::standard_output && o.format != output_format::text);
    });
}

}  // namespace urlcheck
