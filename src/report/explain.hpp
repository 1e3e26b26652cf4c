// `urlcheck --explain URL`: one check shown step by step, the way curl -v
// and httpstat show a request: addresses, connection attempts, TLS, the
// request and response headers (credentials redacted), redirects, a timing
// waterfall per exchange, each attempt and why it was retried, and the
// verdict with its reasons. The I/O layer records the steps into a
// trace_recorder; render_explanation() turns them into text (pure).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/plan.hpp"
#include "urlcheck/engine.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/result.hpp"
#include "urlcheck/trace.hpp"

namespace urlcheck {

// Keeps every event with the time it came, from the recorder's making on.
class trace_recorder final : public trace::sink {
public:
    void record(trace::event e) override;
    const std::vector<trace::stamped>& events() const noexcept { return events_; }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::vector<trace::stamped> events_;
};

struct explain_style {
    // Columns to fit every line into (a terminal's); 0: no limit, the bars
    // of the waterfall as on an 80-column screen.
    std::size_t width = 0;
    bool colour = false;
    // Block characters for the bars and "…" for a clipped line (a
    // terminal); '#' and "..." otherwise, so a log or a mail reads plain.
    bool unicode = false;
};

// The explanation of one check: its trace, then the verdict of `checked`
// (a result as the engine delivers it: already redacted), or "no verdict"
// when there is none (an interrupted run). Header values, URLs and
// messages from the trace are redacted here.
std::string render_explanation(const std::vector<trace::stamped>& events, const result* checked,
                               const explain_style& style);

// What app.cpp needs for --explain: a recorder hooked into the run and the
// one result, rendered once the run is over.
class explanation {
public:
    // Records every step, and keeps the result `hooks` hands on.
    void attach(run_hooks& hooks);
    std::string render(const explain_style& style) const;

private:
    trace_recorder recorder_;
    std::optional<result> checked_;
};

// The explanation takes standard output: a report planned there by default
// (--format's text) is dropped, one asked for by name (--report json, -o -)
// is an error. False, with `error` said, on that error.
bool make_room_for_explanation(std::vector<report_output>& outputs, const report_options& options, std::string& error);

}  // namespace urlcheck
