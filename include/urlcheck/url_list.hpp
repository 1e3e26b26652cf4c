// The URL list grammar: one URL per line, optionally followed by KEY=VALUE
// options (line_options.hpp), BOM and CRLF tolerated, '#' comments,
// scheme-less lines meaning https://. Every entry keeps the place it came
// from so errors and reports can name FILE:LINE.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "urlcheck/line_options.hpp"

namespace urlcheck {

struct entry {
    std::string url;     // as written (trimmed, comment removed)
    std::string source;  // "FILE:LINE", "-:LINE" or "arg:N"
    std::string target;  // normalised absolute http(s) URL to fetch; empty if invalid
    std::string error;   // why the line is not a valid URL or has bad options; empty if valid
    line_options options;  // what the line asks beyond the URL; none for URL arguments
};

// Turns one written URL into an entry: validates it with Boost.URL and adds
// "https://" when there is no scheme (implied_scheme).
entry make_entry(std::string_view written, std::string source);

// What make_entry puts in front of a written URL (trimmed): "https://" when
// it has no scheme, "https:" for a network-path reference ("//host/x"), else
// nothing. Text before a "://" that comes ahead of any '/', '?' or '#' is a
// scheme whatever it looks like ("ht!tp://x" is a typo, not a host name to
// look up); without such a "://", "name:" starts a scheme unless a digit
// follows (a port, as in "localhost:8080/x").
std::string_view implied_scheme(std::string_view written) noexcept;

// One line of a list (BOM and '\n' removed; not blank) as an entry: its URL
// (list_line_url), then the options after it. Bad options make the entry
// invalid like a bad URL, with the error "column N: ...", N counting bytes
// from the start of the line.
entry make_list_entry(std::string_view line, std::string source);

// The text of one line of a list: a comment ('#' at the start or after
// whitespace) removed and whitespace trimmed. Empty for blank and comment
// lines. Quotes are not considered: this says whether a line is blank, not
// where its options end.
std::string_view list_line_content(std::string_view line) noexcept;

// The URL of one line of a list, as make_list_entry takes it: the first
// token of list_line_content when options follow it, else the whole content
// (a URL with a space in it, which is invalid). Empty for blank and comment
// lines.
std::string_view list_line_url(std::string_view line) noexcept;

// Entries one at a time, in input order: what the engine pulls from, so a
// million-line list never has to sit in memory.
class entry_source {
public:
    virtual ~entry_source() = default;
    // The next entry, or false at the end.
    virtual bool next(entry& out) = 0;
    // False when `e`'s URL is known to be listed only once, so its result
    // need not be kept for a later repeat. True when unsure.
    virtual bool may_repeat(const entry& e) const {
        (void)e;
        return true;
    }
};

// Parses a whole list. `source_name` prefixes each entry's source
// ("urls.txt" gives "urls.txt:7"). Line numbers count from 1 and include
// blank and comment lines.
std::vector<entry> parse_list(std::string_view text, std::string_view source_name);

struct input_error {
    std::string message;  // names the input, e.g. "cannot read urls.txt: No such file"
};

struct input_set {
    std::vector<entry> entries;
    std::vector<input_error> errors;  // unreadable inputs; entries from the others are kept
};

// Reads every INPUT: a file path, "-" for `stdin_stream`, or a literal
// http(s):// URL (source "arg:N", N counting INPUTs from 1).
input_set read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream);

}  // namespace urlcheck
