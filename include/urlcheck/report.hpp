// Reporters turn results into a report format (output_format; the formats
// are described in docs/formats.md). They see only results and the summary,
// never the engine.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/summary.hpp"

namespace urlcheck {

// Where a report goes and how it may look there.
struct report_target {
    std::FILE* out = stdout;
    bool colour = false;  // already resolved from --color, NO_COLOR and isatty
    // The most bytes the report may take, 0 for no limit: GitHub refuses a
    // job summary over 1 MiB. Formats that list entries stop listing and
    // say how many more there were.
    std::size_t byte_limit = 0;
    // Set when the report is shown on a terminal: its width in columns,
    // asked again for each entry (the window may be resized). The text
    // report then fits the window. Empty elsewhere.
    std::function<std::size_t()> terminal_width{};
    // Each listed entry is written as soon as its result comes (completion
    // order) rather than all in input order at the end (--order).
    bool as_they_come = false;
    // Called before a line is written during the run, so a live status line
    // on the same terminal is erased first. May be empty.
    std::function<void()> before_write{};
};

// Reporters keep in memory only results that arrived ahead of an earlier
// one (held()); what a format can write only at the end (text's aligned
// columns, junit's counts, html's failing-first order, ...) waits on disk
// (src/report/spool.hpp), so memory stays flat on a long list.
class reporter {
public:
    virtual ~reporter() = default;
    // Entry `index`'s result, as soon as it is known (completion order).
    // Entries that were never checked (interrupted run) never come.
    virtual void on_result(std::size_t index, const result& r) = 0;
    // Called now and then (~100 ms) while checks run: write out what is
    // buffered, for formats read live (jsonl).
    virtual void flush() {}
    // Results received and not yet written out because an earlier entry's
    // has not come (json's input order). The engine counts them against its
    // read-ahead window (run_hooks::results_held), which bounds them.
    virtual std::size_t held() const { return 0; }
    // The end of the run.
    virtual void finish(const summary& s) = 0;
};

// A reporter of `format`; `options` gives what every format may need
// (verbosity, --fail-on), not where it goes (report_target).
std::unique_ptr<reporter> make_reporter(output_format format, const report_options& options, report_target target);

// JSON helpers, shared by json and jsonl so both emit the same object shape.
std::string result_to_json(const result& r);

}  // namespace urlcheck
