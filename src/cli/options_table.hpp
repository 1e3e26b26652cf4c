// Every command-line option, declared once: names, value name, help section,
// help text, how its default is shown (read from the option structs) and how
// its value is parsed into `options`. The CLI11 declarations and the help's
// "(default ...)" are made from this table (cli.cpp), and so can be:
//   - a man page: for each group in table order, the flags and value_name as
//     the item, help and default_text() as the paragraph;
//   - shell completions: short_name/long_name, and by `kind` what follows
//     (a file for kind::file, the words of `choices` for kind::choice,
//     nothing for kind::flag);
//   - a config file (cli/config_file): long_name without "--" as the key;
//     each value goes through the same `apply` as on the command line, with
//     the same messages, and shown_values() writes the current value back
//     out (--print-config). Rows marked command_line_only are not keys.
// -h/--help, --version and the INPUT positional are not options of a check
// and are declared in cli.cpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/options.hpp"

namespace urlcheck::cli {

enum class value_kind {
    flag,      // no value
    number,    // a whole number
    duration,  // "800ms", "2s", "1.5" (seconds)
    size,      // "65536", "64k", "1m"
    choice,    // one of `choices`
    file,      // a path
    text,      // anything else: a list, a header, a regex, ...
};

struct option_spec {
    std::string_view short_name;  // "-c", or empty
    std::string_view long_name;   // "--concurrency"
    std::string_view value_name;  // "N"; empty for a flag
    std::string_view group;       // the help section
    std::string_view help;        // may hold '\n' to break lines
    value_kind kind = value_kind::text;
    std::span<const std::string_view> choices = {};  // kind::choice: every accepted word
    bool repeatable = false;                         // may be given more than once, each value applied
    bool comma_separated = false;                    // a value may also list several, "a,b"
    // Not a configuration file key: the options that choose the file
    // (--config, --no-config) or act on it (--print-config).
    bool command_line_only = false;
    // The value in `o` as the user would write it; null when there is
    // nothing worth showing (flags, lists, empty paths). What help shows as
    // the default.
    std::string (*show)(const options& o) = nullptr;
    // For the rows `show` cannot describe (flags, lists, paths that may be
    // empty): the values that, applied in turn to default options, give
    // `o`'s value back: a list's elements, "" for a flag that is set,
    // nothing for a flag that is not or an empty path.
    std::vector<std::string> (*show_all)(const options& o) = nullptr;
    // A choice that may also be given bare, "--all-addresses" for
    // "--all-addresses=rollup": the value it then takes. Its value is only
    // ever after '=', so a bare flag never swallows the next INPUT.
    std::string_view bare_value;
    std::string_view zero_means;  // the default's meaning when it shows "0": "(default 0: none)"
    // Parses one value (a flag gets "") into `into`; on failure the message
    // to put after "--long-name: ".
    std::optional<std::string> (*apply)(std::string_view value, options& into) = nullptr;
};

// In help order.
std::span<const option_spec> option_table();

// Whether `urlcheck merge` takes the row: where the reports go and what
// fails the run (--report, -o, --format, --fail-on, -q, -v, --color, ...).
bool merge_option(const option_spec& spec) noexcept;

// "100", "0: none", "urlcheck/0.1.0": the default as help shows it (after
// "default "); empty when the option shows none.
std::string default_text(const option_spec& spec);

// "-c,--concurrency": the names as CLI11 takes them.
std::string flags_of(const option_spec& spec);

// The values that give the row's field in `o` back when applied in turn to
// default options: show_all's, or show's one.
std::vector<std::string> shown_values(const option_spec& spec, const options& o);

// Two options that decide one thing between them (the address family, how
// much is said, the reports). When the command line gives either, a
// configuration file's values for both are set aside: the command line's
// choice is taken whole (--format json on the command line drops the file's
// `report` list rather than clash with it).
struct option_pair {
    std::string_view first;  // long names
    std::string_view second;
    // When set, the error for giving both in one place (on the command
    // line, or in one configuration file).
    std::string_view conflict;
};
std::span<const option_pair> option_pairs();

}  // namespace urlcheck::cli
