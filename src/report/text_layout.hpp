// How the text report's lines are laid out when they cannot wait for the
// whole run: on a terminal (columns from the window's width, long URLs cut
// in the middle, long messages wrapped under their row) and, off one, in
// completion order (one "FILE:LINE: STATE URL — what (time)" line each, the
// compiler style editors and CI logs make clickable). Pure: no terminal is
// asked anything here, so every width is table-tested (text_layout_test).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/color.h>

#include "urlcheck/result.hpp"

namespace urlcheck::report_detail {

// Terminal columns of UTF-8 text, close enough for layout: one per code
// point (wide CJK characters are rare in URLs and only skew the padding),
// none for our colour escapes.
std::size_t columns(std::string_view s) noexcept;

// `text` in at most `width` columns: unchanged when it fits, else its middle
// replaced by "…" (a URL's host and last segment say the most), cut only
// between code points.
std::string truncate_middle(std::string_view text, std::size_t width);

// `text` as lines of at most `width` columns (the first at most
// `first_width`), broken at spaces where a word fits, else inside the word.
std::vector<std::string> wrap(std::string_view text, std::size_t first_width, std::size_t width);

// The state in capitals: "DOWN", "UNVERIFIABLE", ...
std::string_view label_of(verdict state) noexcept;
// Its colour: what it asks of the reader.
fmt::text_style style_of(verdict state) noexcept;

// Where each part of a row goes on a terminal `width` columns wide. A part
// whose width is 0 has no column of its own and goes under the row.
struct tty_columns {
    std::size_t width = 0;   // the window's
    std::size_t label = 0;   // 0: as long as the label, no padding (narrow)
    std::size_t url = 0;     // 0: the URL has a line of its own under the label (very narrow)
    std::size_t what = 0;    // 0: what happened is wrapped under the row
    std::size_t time = 0;    // right-aligned, always on the row's first line
    std::size_t source = 0;  // 0: FILE:LINE goes under the row
    std::size_t indent = 0;  // where the lines under the row start
};
tty_columns fit_columns(std::size_t width) noexcept;

// One listed entry, its fields already made printable.
struct text_row {
    verdict state = verdict::down;
    std::string url;
    std::string what;
    std::string time;
    std::string source;
};

// The lines of `row` on a terminal laid out as `cols`, none longer than
// cols.width columns (less the colour's escapes), without '\n'. With
// `colour` the label has its state's colour and FILE:LINE is faint. With
// `full_url` (-v) a URL cut to fit its column is also given whole under the
// row, wrapped, so it can still be read in full.
std::vector<std::string> tty_lines(const text_row& row, const tty_columns& cols, bool colour, bool full_url = false);

// One line, compiler style: "examples/demo.txt:24: DOWN http://… — 404 Not
// Found (1 ms)"; without '\n'. The full URL: nothing is cut off a terminal.
std::string compiler_line(const text_row& row, bool colour);

// --all-addresses: for an entry that needs a look, one line per address
// that is not up, "10.0.0.3:443 DOWN connect: connection refused", to go
// indented under its row (the row says the roll-up). Empty otherwise.
std::vector<std::string> address_details(const result& r);

// FILE:LINE with FILE relative to `cwd` when it is below it (what a person
// typed, and what an editor opens from there); anything else unchanged.
std::string relative_source(std::string_view source, std::string_view cwd);

}  // namespace urlcheck::report_detail
