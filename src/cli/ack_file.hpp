// The --ack file: TOML, one [[ack]] table per acknowledgement (README
// "Maintenance windows and acknowledgements"):
//
//   [[ack]]
//   url = "https://example.org/old-api"    # or regex = "...", or tag = "..."
//   reason = "migration, TICKET-12"
//   until = 2026-12-24T18:00:00Z            # optional
//
// `until` is a TOML date-time: with an offset or Z, or local (no offset),
// which is read as UTC so that the file means the same on every machine.
// Read before any check: a bad file is configuration, an exit 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/ack.hpp"

namespace urlcheck::cli {

// `text` as the ack file `name`. On failure nullopt and `error`:
//   "NAME:LINE:COLUMN: <toml++'s description>"      not TOML
//   "NAME:LINE: <what is wrong>"                       an [[ack]] or key that is wrong
std::optional<std::vector<ack_rule>> parse_ack_file(std::string_view text, std::string_view name, std::string* error);

// The file at `path`, read and parsed.
std::optional<std::vector<ack_rule>> read_ack_file(const std::string& path, std::string* error);

}  // namespace urlcheck::cli
