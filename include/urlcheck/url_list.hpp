// The URL list grammar: one URL per line, optionally followed by KEY=VALUE
// options (line_options.hpp), BOM and CRLF tolerated, '#' comments,
// scheme-less lines meaning https://. Every entry keeps the place it came
// from so errors and reports can name FILE:LINE.
#pragma once

#include <cstddef>
#include <cstdint>
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
    // Where on its line (bytes, from 1) the problem is; 0 when it has no
    // one place (a line too long). `error` names the column too ("space at
    // column 24: write it as %20", "column 17: unknown key ..."), since a
    // report has only the message; error_without_column() is the message for
    // a place that already says FILE:LINE:COLUMN.
    std::size_t error_column = 0;
    line_options options;  // what the line asks beyond the URL; none for URL arguments
};

// Longest list line read, in bytes, its line ending ('\n' or "\r\n") not
// counted: room for a URL of max_url_length and its options. Only this much
// of a line is ever held in memory; the rest of a longer one is counted and
// skipped, and the line is invalid ("line too long").
inline constexpr std::size_t max_line_length = 16 * 1024;

// Longest URL, in bytes, counted as fetched (with the "https://" a
// scheme-less URL gets): what most servers take in a request line. Longer is
// invalid ("URL too long"), from a list or the command line.
inline constexpr std::size_t max_url_length = 8 * 1024;

// `error` without the column it names (error_column), for output that
// leads with FILE:LINE:COLUMN: "space: write it as %20".
std::string error_without_column(const entry& e);

// Turns one written URL into an entry: validates it with Boost.URL and adds
// "https://" when there is no scheme (implied_scheme). A URL longer than
// max_url_length is invalid, and its `url` is abbreviated_url(written).
entry make_entry(std::string_view written, std::string source);

// What make_entry puts in front of a written URL (trimmed): "https://" when
// it has no scheme, "https:" for a network-path reference ("//host/x"), else
// nothing. Text before a "://" that comes ahead of any '/', '?' or '#' is a
// scheme whatever it looks like ("ht!tp://x" is a typo, not a host name to
// look up); without such a "://", "name:" starts a scheme unless a digit
// follows (a port, as in "localhost:8080/x").
std::string_view implied_scheme(std::string_view written) noexcept;

// What a report shows for a URL or line too long to echo: its first 100
// bytes, printable (other bytes as \xNN), and "…". The cut never leaves
// the start of a password behind (redaction needs the '@' after it): an
// authority still open at the cut ends before its first ':'.
std::string abbreviated_url(std::string_view written);

// The entry for a list line longer than max_line_length, of which only the
// start was kept (`start`) and `length` bytes were counted: invalid, "line
// too long: 50,000,012 bytes, limit 16 KiB", with the start of the line,
// abbreviated, as its url.
entry make_overlong_line_entry(std::string_view start, std::uint64_t length, std::string source);

// A line's length as max_line_length counts it: without a final '\r'.
inline std::size_t counted_line_length(std::string_view line) noexcept {
    return !line.empty() && line.back() == '\r' ? line.size() - 1 : line.size();
}

// One line of a list (BOM and '\n' removed; not blank; at most
// max_line_length, longer ones are make_overlong_line_entry's) as an entry:
// its URL (list_line_url), then the options after it. Bad options make the
// entry invalid like a bad URL, with the error "column N: ...", N counting
// bytes from the start of the line; a bad URL's column counts from there too.
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
    // Called once for each entry read, in the order read: whether its URL
    // is listed again further on, so its result is kept until then (and
    // dropped after its last repeat). True when unsure.
    virtual bool repeats_later(const entry& e) { return may_repeat(e); }
};

// Parses a whole list held in memory, split into lines exactly as a list
// file is read (src/line_reader.hpp). `source_name` prefixes each entry's
// source ("urls.txt" gives "urls.txt:7"). Line numbers count from 1 and
// include blank and comment lines. A line longer than max_line_length that
// is not blank or a comment is make_overlong_line_entry's.
std::vector<entry> parse_list(std::string_view text, std::string_view source_name);

}  // namespace urlcheck
