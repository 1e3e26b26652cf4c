// run_checks driven the way the engine and check tests need it: every result
// by entry index, how often each entry was reported, the completion order,
// the progress ticks and the wall time.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "urlcheck/engine.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck::test {

struct engine_run {
    std::vector<std::optional<result>> results;  // by entry index
    std::vector<int> calls;                      // on_result calls per index
    std::vector<std::size_t> order;              // indexes in completion order
    std::vector<progress> progress_seen;
    std::vector<std::string> notices;  // on_notice
    std::vector<std::string> details;  // on_detail (-v)
    run_outcome outcome;
    std::chrono::steady_clock::duration wall{};
};

// Short deadlines keep a suite fast; no retries and no confirmation unless a
// test wants them. The method is the default, auto.
check_options fast_check_options();

// fast_check_options() trusting only the test root CA (support/test_ca.hpp).
check_options fast_tls_check_options();

engine_run run_entries(const std::vector<entry>& entries, const check_options& options);

// Entries for `urls`, with sources "PREFIX:1", "PREFIX:2", ...
std::vector<entry> entries_for(const std::vector<std::string>& urls, const std::string& prefix = "arg");

}  // namespace urlcheck::test
