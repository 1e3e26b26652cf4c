#include "lint.hpp"

#include <fmt/format.h>

#include "list_reader.hpp"
#include "text.hpp"

namespace urlcheck {

namespace {

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", with_commas(n), n == 1 ? one : many);
}

// The FILE of a source "FILE:LINE" (a path may itself hold ':').
std::string_view file_of(std::string_view source) { return source.substr(0, source.rfind(':')); }

}  // namespace

std::string lint_line(const entry& e) {
    if (e.error_column == 0) return fmt::format("{}: {}", e.source, e.error);
    return fmt::format("{}:{}: {}", e.source, e.error_column, error_without_column(e));
}

std::string lint_summary(const lint_counts& counts) {
    if (counts.problems == 0)
        return fmt::format("{} in {}, no problems", counted(counts.entries_ok, "entry", "entries"),
                           counted(counts.inputs, "input", "inputs"));
    return fmt::format("{} in {}, {} OK", counted(counts.problems, "problem", "problems"),
                       counted(counts.inputs_with_problems, "input", "inputs"),
                       counted(counts.entries_ok, "entry", "entries"));
}

lint_counts lint_inputs(const std::vector<std::string>& inputs, std::FILE* stdin_file, const entry_filter* filter,
                        const input_options& how, std::FILE* out) {
    lint_counts counts;
    counts.inputs = inputs.size();
    std::vector<input_error> errors;
    const auto reader = list_reader::open(inputs, stdin_file, errors, filter, how);
    for (const auto& error : errors) std::fprintf(out, "%s\n", error.message.c_str());
    counts.problems = errors.size();
    counts.inputs_with_problems = errors.size();
    // Inputs are read one after the other: a file's bad lines are together.
    std::string last_file;
    entry e;
    while (reader->next(e)) {
        if (e.error.empty()) {
            ++counts.entries_ok;
            continue;
        }
        std::fprintf(out, "%s\n", lint_line(e).c_str());
        ++counts.problems;
        if (const std::string_view file = file_of(e.source); file != last_file) {
            last_file = file;
            ++counts.inputs_with_problems;
        }
    }
    return counts;
}

}  // namespace urlcheck
