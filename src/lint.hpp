// --lint: every input read, every bad line and input named in compiler
// style (FILE:LINE:COLUMN: message, which editors, terminals and CI logs
// make clickable), nothing checked: no DNS, no sockets. So a list can be
// validated in CI before it gates anything.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class entry_filter;

struct lint_counts {
    std::size_t problems = 0;  // bad lines and inputs that cannot be read
    std::size_t inputs = 0;    // INPUTs given
    std::size_t inputs_with_problems = 0;
    std::size_t entries_ok = 0;  // valid entries (those the filter selects)
};

// "urls.txt:3:24: space: write it as %20" for an invalid entry;
// "urls.txt:9: line too long: ..." when its problem has no column.
std::string lint_line(const entry& e);

// "3 problems in 2 inputs, 1,204 entries OK", or "1,204 entries in 2 inputs,
// no problems".
std::string lint_summary(const lint_counts& counts);

// Reads `inputs` ("-": `stdin_file`) through list_reader with `filter`,
// and `how` (documents with --extract: their http(s) links are what is
// linted, with their FILE:LINE), writes one line per problem to `out` (an input that cannot be used is one
// line naming it) and returns the counts. Exit 0 when it found none, else 2.
lint_counts lint_inputs(const std::vector<std::string>& inputs, std::FILE* stdin_file, const entry_filter* filter,
                        const input_options& how, std::FILE* out);

}  // namespace urlcheck
