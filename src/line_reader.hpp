// Splits a URL list into its lines, one at a time: the one splitter behind
// list_reader (files, standard input) and parse_list (text in memory, the
// tests and the fuzzer). Drops the first line's UTF-8 BOM and the '\r' of
// CRLF, skips blank and comment lines, and holds at most max_line_length
// bytes of any line however long it is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "urlcheck/url_list.hpp"

namespace urlcheck {

// One line of a list as read: all of it, or only its start when it is too
// long.
struct list_line {
    std::string_view text;     // BOM and line ending removed; valid until the next read
    std::uint64_t length = 0;  // all its bytes, as counted_line_length counts them
    std::size_t number = 0;    // from 1, blank and comment lines counted

    bool too_long() const noexcept { return length > max_line_length; }
    // make_list_entry's entry, or make_overlong_line_entry's for a line too
    // long.
    entry to_entry(std::string source) const;
};

class line_reader {
public:
    // Reads `file` (not owned) from where it stands, numbering its lines
    // from 1.
    void start(std::FILE* file) noexcept;
    // The next line that is not blank or a comment, or false at the end of
    // the file or when a read failed (error()).
    bool next(list_line& line);
    // The errno of the read that failed, or 0.
    int error() const noexcept { return error_; }

private:
    std::FILE* file_ = nullptr;
    std::size_t line_number_ = 0;
    int error_ = 0;
    // Where the kept start of the line being read is: one buffer for every
    // file a reader reads, allocated once.
    std::string buffer_;
};

}  // namespace urlcheck
