// The links of a document: Markdown (md4c), HTML (gumbo) and plain text,
// each a pure function from the document's text to its links, in document
// order, with where each was written. What list_reader makes entries of for
// --extract / --input-format.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace urlcheck::extract {

struct link {
    std::string url;         // as the document means it: entities and escapes decoded, not yet resolved
    std::size_t line = 0;    // 1-based line of the link in the document
    std::size_t column = 0;  // 1-based byte column where its URL (or, in Markdown, its text) starts
    bool operator==(const link&) const = default;
};

// Largest document read for its links: a document is held whole in memory
// while it is parsed, and its links until they are checked. gumbo's tree
// takes ~17 bytes per byte of HTML (a 21 MB page: 364 MB, 4.6 s), so this
// bounds a run at a few hundred MB; real docs are far smaller.
inline constexpr std::size_t max_document_bytes = 16 * 1024 * 1024;

// Markdown (CommonMark with GitHub's tables, strikethrough and bare
// http(s) URLs): inline, reference-style, image and autolinks, and the
// links of raw HTML in it. Nothing inside code spans or code blocks.
std::vector<link> from_markdown(std::string_view text);

// HTML as a browser parses it (HTML5, gumbo): a[href], area[href],
// link[href], img/script/iframe/frame/embed/audio/video/source/track[src],
// img/source[srcset], object[data], video[poster], form[action],
// blockquote/q/ins/del[cite], and bare http(s) URLs in text. Nothing inside
// <code>, <pre>, <script>, <style> or comments.
std::vector<link> from_html(std::string_view text);

// Plain text: every http:// or https:// URL, cut the way linkifiers cut
// them (no trailing punctuation, no unbalanced closing bracket).
std::vector<link> from_text(std::string_view text);

// What a link found in a document is checked as, or nothing when it is not
// checked: an http(s) URL as written; a relative reference (a path, "//host/x",
// "?q") resolved against `base` (an absolute http(s) URL) when there is one,
// else nothing; anything with another scheme (mailto:, tel:, javascript:,
// data:), a fragment alone or an empty link: nothing.
std::optional<std::string> link_target(std::string_view url, std::string_view base);

// Whether `url` is a relative reference link_target checks only with a
// base: not empty, not a fragment alone, no scheme.
bool is_relative(std::string_view url);

}  // namespace urlcheck::extract
