// The configuration file (--config FILE, or ./urlcheck.toml): TOML whose keys
// are the long option names without "--" (and `inputs` for the INPUTs),
// each value checked by its option's own `apply` (cli/options_table), so a
// value means in the file what it means on the command line, with the same
// messages. Relative paths in it are relative to the working directory, as
// on the command line. Only config_file.cpp and ack_file.cpp (--ack) include
// toml++, through cli/toml_text.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options_table.hpp"
#include "urlcheck/options.hpp"

namespace urlcheck::cli {

// Read when there is no --config and no --no-config.
inline constexpr std::string_view default_config_path = "urlcheck.toml";

// The key for the INPUT positional.
inline constexpr std::string_view inputs_key = "inputs";

// One key of a configuration file, as the command line would have given it.
struct config_setting {
    const option_spec* spec = nullptr;  // its row; null for `inputs`
    // Applied in turn: a list's elements, "" for a flag set to true, none
    // for one set to false (a flag given is on, one not given is off).
    std::vector<std::string> values;
    std::size_t line = 0;
};

struct config_file {
    std::string name;                      // as messages show it
    std::vector<config_setting> settings;  // in the file's order, each key once
};

// `text` as the configuration file `name`. On failure nullopt and `error`:
//   "NAME:LINE:COLUMN: <toml++'s description>"             not TOML
//   "NAME:LINE: unknown key 'timout' (did you mean 'timeout'?)"
//   "NAME:LINE: KEY: <what apply says, or the type wanted>" a bad value
std::optional<config_file> parse_config(std::string_view text, std::string_view name, std::string* error);

// The file at `path`, read and parsed. nullopt with an empty `error` when
// it does not exist and `missing_is_fine` (./urlcheck.toml is optional).
std::optional<config_file> read_config(const std::string& path, bool missing_is_fine, std::string* error);

// Applies `setting` to `into` (already checked by parse_config).
void apply_setting(const config_setting& setting, options& into);

// `o` as a configuration file that parse_config reads back to the same
// options: every key in table order, defaults included. Fails (nullopt,
// `error` naming the key) on a value TOML cannot hold: bytes that are not
// UTF-8.
std::optional<std::string> print_config(const options& o, std::string* error);

}  // namespace urlcheck::cli
