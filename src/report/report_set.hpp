// The run's reports (plan.hpp): one reporter and one sink each, all fed the
// same results. A report that can no longer be written (a full disk, a
// closed pipe) is dropped and named at the end while the others are
// completed; the run stops early only when none is left to write.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "report/plan.hpp"
#include "report/sink.hpp"
#include "urlcheck/report.hpp"

namespace urlcheck {

class report_set {
public:
    // Opens every sink before the run, so an unwritable file fails in a
    // second. `target_for` says how a report written to a stream may look
    // there: colour, a terminal's width, order (the terminal's rules live
    // in the app). Null with `error` set when a sink cannot be opened.
    static std::unique_ptr<report_set> open(const std::vector<report_output>& outputs, const report_options& options,
                                            const std::function<report_target(std::FILE*)>& target_for,
                                            std::string& error);

    // Things the user should know about where reports go (-q could not hold
    // one back).
    std::vector<std::string> notices() const;

    // False once no report can be written any more: the run may stop.
    bool on_result(std::size_t index, const result& r);
    bool flush();
    // The most results any one reporter holds (json's input order).
    std::size_t held() const;

    // Completes every report still writable. One message per report that
    // failed, naming where it went; empty when all were written.
    std::vector<std::string> finish(const summary& s);
    // After finish(): reports held for -q reach stdout when the run failed.
    std::vector<std::string> release(bool run_failed);

private:
    struct output {
        std::unique_ptr<report_sink> sink;
        std::unique_ptr<reporter> report;
    };
    std::vector<output> outputs_;
};

}  // namespace urlcheck
