// The command line, parsed into options (cli.cpp, the only file that knows
// CLI11; the options themselves are declared in cli/options_table.cpp), on
// top of the configuration file's (cli/config_file).
#pragma once

#include <string>
#include <vector>

#include "urlcheck/options.hpp"

namespace urlcheck {

struct cli_outcome {
    options opts;
    // When set, the program ends now with this exit code after printing
    // `out` to stdout (--help, --version: code 0) or `err` to stderr
    // (usage errors: code 2).
    bool exit_now = false;
    int exit_code = 0;
    std::string out;
    std::string err;
    // When the run goes on: lines for stderr before it starts, each to be
    // printed as "urlcheck: LINE" (-v: the configuration file read).
    std::vector<std::string> notices;
    // `urlcheck merge REPORT...`: join these shard reports (report/merge)
    // into the reports `opts` asks for, instead of checking anything.
    bool merge = false;
    std::vector<std::string> merge_reports;
};

cli_outcome parse_command_line(int argc, const char* const* argv);

}  // namespace urlcheck
