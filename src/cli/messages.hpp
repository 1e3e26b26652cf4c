// The command line's own words: the help's footer and usage errors, CLI11's
// messages reworded to read like ours.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace urlcheck::cli {

// The help's text after the options: inputs, list-line options, states and
// exit statuses.
extern const std::string_view footer_text;

// "urlcheck: MESSAGE\nTry 'urlcheck --help' for more information.\n"
std::string usage_text(std::string_view message);

// CLI11's "--timeout: 1 required DURATION missing" as "--timeout: a value is
// required"; any other message as it is.
std::string missing_value_message(std::string_view cli11_message);

// CLI11's "The following arguments were not expected: --frobnicate" as
// "unknown option --frobnicate". Every positional is an INPUT, so an extra
// argument can only be an unknown option. One that is a near miss of a name
// in `known` gets "(did you mean --concurrency?)".
std::string unknown_options_message(std::string_view cli11_message, std::span<const std::string_view> known);

}  // namespace urlcheck::cli
