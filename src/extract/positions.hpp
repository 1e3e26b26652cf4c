// What the extractors share: turning byte offsets into line and column, and
// finding bare URLs in a stretch of text.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "extract/links.hpp"

namespace urlcheck::extract {

// The lines of a document, to say where an offset in it is. Lines end at
// '\n', as list_reader counts them.
class line_index {
public:
    explicit line_index(std::string_view text);
    // The 1-based line and byte column of `offset`; past the end: the end.
    link place(std::string url, std::size_t offset) const;

private:
    std::vector<std::size_t> starts_;  // offset of each line's first byte
};

// Adds the bare http(s) URLs of `text` to `out`. `text` starts at
// `offset` in the document `lines` indexes.
void add_bare_urls(std::string_view text, std::size_t offset, const line_index& lines, std::vector<link>& out);

// Adds the links of the HTML `html` (from_html's) to `out`. `html` starts
// at `offset` in the document `lines` indexes: raw HTML in Markdown.
void add_html_links(std::string_view html, std::size_t offset, const line_index& lines, std::vector<link>& out);

}  // namespace urlcheck::extract
