// Acknowledgements (--ack FILE): failures someone already knows about, kept
// out of the exit code and reported as `acknowledged` until their time is up
// (README "Maintenance windows and acknowledgements"). Plain data: the file
// is read by src/cli/ack_file, matched and applied by src/ack.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace urlcheck {

// One [[ack]] table of the file.
struct ack_rule {
    // What it matches, exactly one of: the URL (as written in the list, or
    // the same URL normalised: "example.org/x" is "https://example.org/x"),
    // a regex searched for in the normalised URL (as --include), or a tag
    // of the list line (as --select-tag).
    enum class match_by { url, regex, tag };
    match_by by = match_by::url;
    std::string pattern;
    std::string reason;  // why the failure is known: required, shown in every report
    // When the ack stops applying, in milliseconds since the Unix epoch;
    // none: until the file no longer says so.
    std::optional<std::int64_t> until_unix_ms;
    std::string until;   // the same instant in UTC, "2026-12-24T18:00:00Z"; empty without one
    std::string source;  // "FILE:LINE" of its [[ack]] header, for messages
};

// "https://x/", "regex '^https://x/'" or "tag 'legacy'": what a message
// says the ack is for.
std::string describe(const ack_rule& rule);

}  // namespace urlcheck
