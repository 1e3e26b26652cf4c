// Counts over a run's results, shared by the reporters and the exit code.
#pragma once

#include <cstddef>

namespace urlcheck {

struct summary {
    std::size_t total = 0;      // entries in the input
    std::size_t checked = 0;    // entries with a result
    std::size_t up = 0;
    std::size_t down = 0;       // includes invalid_url
    std::size_t skipped = 0;    // never started: the run deadline came first
    std::size_t not_checked = 0;// left out because the run was interrupted
    double elapsed_ms = 0;
    int signal = 0;             // non-zero when interrupted
};

// 0 nothing down (skipped entries are not down); 1 at least one down; 130/143 interrupted by SIGINT/SIGTERM.
// Usage and input errors (2) are decided before a run and never reach here.
int exit_code_for(const summary& s) noexcept;

}  // namespace urlcheck
