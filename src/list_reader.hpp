// Streams the entries of every INPUT (files, standard input, literal URLs)
// in order, holding one line at a time: a million-line list costs a few MiB,
// not hundreds.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/links.hpp"
#include "line_reader.hpp"
#include "repeat_counter.hpp"
#include "sitemap/sitemap_reader.hpp"
#include "urlcheck/options.hpp"
#include "urlcheck/url_list.hpp"

namespace urlcheck {

class entry_filter;
class list_fingerprint;

struct input_error {
    std::string message;  // names the input, e.g. "cannot read urls.txt: No such file"
};

class list_reader final : public entry_source {
public:
    // Scans every input once before anything is checked, so an unreadable
    // file or an input without URLs is a usage error up front (`errors`;
    // the reader then serves the other inputs), never halfway through a run.
    // Standard input (`stdin_file`, for "-") is spooled to a temporary file
    // on the way, so it can be read a second time like a file.
    // With a `filter` (which must outlive the reader), entries it does not
    // select are skipped, in the scan and in the reads, and only counted
    // (filtered()).
    // `how` says which files are documents whose links are the entries
    // (input_format_of); a document is read whole once, up to
    // extract::max_document_bytes, and its links held until they are read.
    // An input whose first block is a sitemap's (looks_like_sitemap) is read
    // as one: its <loc>s are the entries. `sitemaps` (downloaded by
    // sitemap_fetch.hpp) are read after the inputs, in their order.
    static std::unique_ptr<list_reader> open(const std::vector<std::string>& inputs, std::FILE* stdin_file,
                                             std::vector<input_error>& errors, const entry_filter* filter = nullptr,
                                             const input_options& how = {},
                                             std::vector<sitemap_document> sitemaps = {});
    ~list_reader() override;

    bool next(entry& out) override;
    bool may_repeat(const entry& e) const override;
    bool repeats_later(const entry& e) override;

    // Entries in all inputs (valid and invalid) that the filter selects.
    std::size_t total() const noexcept { return total_; }
    // Entries the filter left out.
    std::size_t filtered() const noexcept { return filtered_; }
    // Entries left to the other shards (--shard): neither in total() nor
    // in filtered().
    std::size_t other_shards() const noexcept { return other_shards_; }
    // The whole list's fingerprint (list_fingerprint.hpp), from the scan.
    const std::string& fingerprint() const noexcept { return fingerprint_; }

    struct input;  // one INPUT: a literal URL or an open file

private:
    list_reader() = default;

    // Reads all of an opened file once: counts its entries, notes the keys
    // of its URLs, finds a read error or an input without URLs (false,
    // `errors`), then rewinds it for next().
    bool scan(input& in, repeat_counter* repeats, std::vector<input_error>& errors);
    // scan() for any format: the one place that chooses by input_format.
    bool scan_input(input& in, repeat_counter* repeats, std::vector<input_error>& errors);
    // Reads a document, finds its links with `links_of` and keeps those to
    // check as entries (false, `errors`: unreadable or too large).
    using document_links = std::vector<extract::link> (*)(std::string_view text);
    bool scan_document(input& in, document_links links_of, repeat_counter* repeats,
                       std::vector<input_error>& errors);

    std::vector<std::unique_ptr<input>> inputs_;
    // The files are read one after the other, in the scan and in next(),
    // so one reader (and its line buffer) serves them all.
    line_reader lines_;
    std::size_t current_ = 0;
    std::size_t total_ = 0;
    std::size_t filtered_ = 0;
    std::size_t other_shards_ = 0;
    std::string fingerprint_;
    // The scan's, while open() runs.
    list_fingerprint* fingerprinting_ = nullptr;
    const entry_filter* filter_ = nullptr;  // null or inactive: every entry
    // How often each URL is listed, then (sealed) the URLs listed more than
    // once with their listings still to read: a result is kept until its
    // last repeat is read. A key may over-approximate (lower-cased path),
    // which costs a kept result, never a wrong one. Unused with --no-dedup.
    repeat_counter repeats_;
    bool dedup_ = true;
    // --base, for the relative links of documents; empty: they are left out.
    std::string base_;
    std::size_t documents_ = 0;       // inputs read as documents
    std::size_t relative_links_ = 0;  // links of documents left out for want of --base
};

// How the file INPUT `path` ("-": standard input) is read under `how`:
// `how.format` unless it is `automatic` (or `list` with --extract); then by
// its extension, .md and .markdown as Markdown, .html and .htm as HTML, any
// other as a list, or with --extract as plain text. Never `automatic`.
input_format input_format_of(std::string_view path, const input_options& how) noexcept;

// The key under which list_reader spots repeats of a written URL.
std::uint64_t repeat_key(std::string_view written);

// Whether a command-line INPUT that names no existing file is a host to
// check as https://INPUT, like a scheme-less list line: it has a port
// ("localhost:8080", "127.0.0.1:8801/x"), is an IP address or
// "localhost", or its host part (before any '/', '?' or '#') ends in a
// label that could be a top-level domain ("example.com", "example.com/x").
// A name whose host part ends like a file name -- a known extension, or one
// with letters after it ("urls.txt", "links.md", "urls.txtt") -- or in a
// single letter or digits is not: it stays a missing file, so a misspelt
// file name is never silently a DNS lookup.
bool looks_like_host(std::string_view name) noexcept;

// What list_reader's scan saw of the first lines of a file (at most
// prose_sample lines that are not blank or comments).
struct list_shape {
    std::size_t lines = 0;
    // Of them, lines that are no URL: invalid, or a bare word a list would
    // send to DNS ("Introduction", "---": no scheme, no dot, not localhost).
    std::size_t not_urls = 0;
};

inline constexpr std::size_t prose_sample = 100;

// Whether a file is a document given as a list (README.md, notes) rather
// than a list with some bad lines: more than half of the lines looked at are
// no URL, and there are at least 10 of them, or any number when the name
// ends like a document (.md, .markdown, .html, .htm, .rst, .adoc, .txt is
// not one). list_reader refuses it in one line that suggests --extract,
// instead of hundreds of invalid rows and DNS look-ups of plain words.
bool looks_like_prose(std::string_view name, const list_shape& shape) noexcept;

// Whether the first block of an input (`whole`: all of it) is no list: it
// has a NUL byte or is not UTF-8. A character cut by the end of a block that
// is not the whole input is no reason. list_reader refuses such an input.
bool looks_binary(std::string_view block, bool whole) noexcept;

}  // namespace urlcheck
