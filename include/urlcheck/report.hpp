// Reporters turn results into text, JSON or JSON Lines. They see only
// results and the summary, never the engine.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/summary.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

// Where a report goes and how it may look there.
struct report_target {
    std::FILE* out = stdout;
    bool colour = false;  // already resolved from --color, NO_COLOR and isatty
};

class reporter {
public:
    virtual ~reporter() = default;
    // A result as soon as it is known (completion order).
    virtual void on_result(std::size_t index, const result& r) = 0;
    // The end of the run: `results[i]` is entry i's result, or null when the
    // entry was not checked (interrupted run).
    virtual void finish(const std::vector<const result*>& results, const summary& s) = 0;
};

std::unique_ptr<reporter> make_reporter(const report_options& options, report_target target);

// JSON helpers, shared by json and jsonl so both emit the same object shape.
std::string result_to_json(const result& r);

}  // namespace urlcheck
